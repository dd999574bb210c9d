/* vpop3-update.h: one line pushed by the VPOP3 status service, parsed and validated.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Types "0" and "1" are documented by the vendor; every other type is this
 * project's provisional extension (see docs/protocol.md). */
typedef enum /*< underscore_name=vpop3_update_type >*/
{
  VPOP3_UPDATE_UNKNOWN,       /*< nick=unknown >*/
  VPOP3_UPDATE_LOG,           /*< nick=log >*/
  VPOP3_UPDATE_CONNECTION,    /*< nick=connection >*/
  VPOP3_UPDATE_NEXT_POLL,     /*< nick=next-poll >*/
  VPOP3_UPDATE_LAST_POLL,     /*< nick=last-poll >*/
  VPOP3_UPDATE_OUT_QUEUE,     /*< nick=out-queue >*/
  VPOP3_UPDATE_INBOXES,       /*< nick=inboxes >*/
  VPOP3_UPDATE_PROGRESS,      /*< nick=progress >*/
  VPOP3_UPDATE_CONNECTIONS,   /*< nick=connections >*/
  VPOP3_UPDATE_SESSION,       /*< nick=session >*/
  VPOP3_UPDATE_SESSION_ENDED, /*< nick=session-ended >*/
  VPOP3_UPDATE_HOUSEKEEPER,   /*< nick=housekeeper >*/
  VPOP3_UPDATE_MESSAGE,       /*< nick=message >*/
  VPOP3_UPDATE_PERMISSIONS,   /*< nick=permissions >*/
  VPOP3_UPDATE_REPLY,         /*< nick=reply >*/
  VPOP3_UPDATE_MAILBOX,       /*< nick=mailbox >*/
} Vpop3UpdateType;

typedef enum /*< underscore_name=vpop3_poll_result >*/
{
  VPOP3_POLL_RESULT_NONE,    /*< nick=none >*/
  VPOP3_POLL_RESULT_OK,      /*< nick=ok >*/
  VPOP3_POLL_RESULT_PARTIAL, /*< nick=partial >*/
  VPOP3_POLL_RESULT_FAILED,  /*< nick=failed >*/
} Vpop3PollResult;

/* In the order of the six characters of a "P" line. */
typedef enum /*< flags, underscore_name=vpop3_permissions >*/
{
  VPOP3_PERMISSION_NONE = 0,                  /*< nick=none >*/
  VPOP3_PERMISSION_VIEW_CONNECTION = 1 << 0,  /*< nick=view-connection >*/
  VPOP3_PERMISSION_VIEW_QUEUES = 1 << 1,      /*< nick=view-queues >*/
  VPOP3_PERMISSION_VIEW_USER_QUEUES = 1 << 2, /*< nick=view-user-queues >*/
  VPOP3_PERMISSION_VIEW_LOG = 1 << 3,         /*< nick=view-log >*/
  VPOP3_PERMISSION_CONNECT = 1 << 4,          /*< nick=connect >*/
  VPOP3_PERMISSION_SHUTDOWN = 1 << 5,         /*< nick=shutdown >*/
} Vpop3Permissions;

#define VPOP3_PERMISSION_ALL ((Vpop3Permissions) 0x3f)
#define VPOP3_PROGRESS_IDLE  (-1) /* "-": that part of the connection is not running */

/* A plain struct rather than a GObject: millions of these go through the
 * parser, and most live for one callback. Fields not used by a type are
 * zero/NULL. Text is always valid UTF-8. */
typedef struct
{
  Vpop3UpdateType type;
  char *raw;       /* the whole line, decoded; kept for unknown lines and traces */
  GDateTime *time; /* log, next poll, last poll, message; NULL means "none" */
  char *text;      /* log, connection, housekeeper, message and reply text; session detail */
  char *id;        /* session id */
  char *session_type;
  char *user;   /* session user; message sender; mailbox owner */
  char **names; /* connections (NULL-terminated, possibly empty) */
  guint total;  /* out queue, inboxes, mailbox */
  guint held;
  guint seconds; /* session age */
  int collect;   /* 0–100 or VPOP3_PROGRESS_IDLE */
  int send;      /* 0–100 or VPOP3_PROGRESS_IDLE */
  guint threads; /* SMTP direct threads */
  Vpop3PollResult result;
  Vpop3Permissions permissions;
  gboolean ok;           /* reply: +OK or -ERR */
  gboolean windows_1252; /* the line was not UTF-8 and was read as Windows-1252 */
} Vpop3Update;

#define VPOP3_TYPE_UPDATE (vpop3_update_get_type ())
GType vpop3_update_get_type (void) G_GNUC_CONST;

Vpop3Update *vpop3_update_new (Vpop3UpdateType type);
Vpop3Update *vpop3_update_copy (const Vpop3Update *update);
void vpop3_update_free (Vpop3Update *update);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3Update, vpop3_update_free)

/* Parses one line as received (without its line ending; bytes, any encoding).
 * Never fails: a line that does not match its type's row exactly comes back
 * as VPOP3_UPDATE_UNKNOWN with @raw set. Lines beginning "+OK" or "-ERR" come
 * back as VPOP3_UPDATE_REPLY. */
Vpop3Update *vpop3_update_parse (const char *line, gsize length);

/* Formats @update as a line without line ending (UTF-8). Returns NULL when the
 * update cannot be represented (an unknown or reply update, a field containing
 * a TAB, CR, LF or NUL where the row forbids it). The simulator uses this, so
 * the table in vpop3-update.c is the only description of the wire format. */
char *vpop3_update_format (const Vpop3Update *update);

/* The protocol's type character, or 0 for unknown/reply. */
char vpop3_update_type_to_char (Vpop3UpdateType type);
/* TRUE for the vendor-documented types ("0" and "1"). */
gboolean vpop3_update_type_is_documented (Vpop3UpdateType type);
/* What the table knows of the type character @code: TRUE when it has a row
 * for it, with *@documented set. The census uses it for lines that failed. */
gboolean vpop3_update_code_lookup (char code, gboolean *documented);
/* The stable name used in JSON ("log", "out-queue", …). */
const char *vpop3_update_type_to_string (Vpop3UpdateType type);

const char *vpop3_poll_result_to_string (Vpop3PollResult result);
gboolean vpop3_poll_result_from_string (const char *string, Vpop3PollResult *result);

/* Formats a queue count as the original shows it: "21 (2)", or "21" when none is held. */
char *vpop3_format_queue (guint total, guint held);

/* Whether the two say the same; not whether their lines were encoded alike. */
gboolean vpop3_update_equal (const Vpop3Update *a, const Vpop3Update *b);

G_END_DECLS
