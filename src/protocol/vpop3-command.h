/* vpop3-command.h: commands a logged-in client sends (provisional extension).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< underscore_name=vpop3_command_type >*/
{
  VPOP3_COMMAND_CONNECT,     /*< nick=connect >*/
  VPOP3_COMMAND_SHUTDOWN,    /*< nick=shutdown >*/
  VPOP3_COMMAND_END_SESSION, /*< nick=end-session >*/
  VPOP3_COMMAND_IM,          /*< nick=im >*/
  VPOP3_COMMAND_QUIT,        /*< nick=quit >*/
} Vpop3CommandType;

typedef struct
{
  Vpop3CommandType type;
  char *target; /* CONNECT: connection name (NULL = default); ENDSESSION: id; IM: user */
  char *text;   /* IM: the message */
} Vpop3Command;

void vpop3_command_free (Vpop3Command *command);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3Command, vpop3_command_free)

/* Formats a command line (no line ending). NULL with an error when an
 * argument is missing or cannot go on one line (CR, LF, NUL, a TAB in a
 * name; a space in the user of IM, which the server takes as its end). */
char *
vpop3_command_format (Vpop3CommandType type, const char *target, const char *text, GError **error);

/* Whether @target can be sent as the command's target: what the
 * applet asks before offering to end a session or answer a sender. */
gboolean vpop3_command_accepts_target (Vpop3CommandType type, const char *target);

/* The server side: parses a command line as the simulator receives it.
 * NULL for anything that is not one of the commands in the table. */
Vpop3Command *vpop3_command_parse (const char *line);

/* The command's keyword as sent ("CONNECT", "ENDSESSION"…). */
const char *vpop3_command_type_to_keyword (Vpop3CommandType type);

G_END_DECLS
