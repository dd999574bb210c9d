/* vpop3-command.c: the command table (provisional extension), formatting
 * for the client and parsing for the simulator.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-command.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vpop3-login.h"
#include "vpop3-text.h"

typedef enum
{
  ARGUMENT_NONE,
  ARGUMENT_OPTIONAL_REST, /* CONNECT [name…] */
  ARGUMENT_NAME,          /* ENDSESSION id…: the rest of the line, spaces and all */
  ARGUMENT_WORD_AND_REST, /* IM user text…: the first word is the user */
} ArgumentShape;

typedef struct
{
  Vpop3CommandType type;
  const char *keyword;
  ArgumentShape shape;
} CommandRow;

static const CommandRow command_table[] = {
  { VPOP3_COMMAND_CONNECT, "CONNECT", ARGUMENT_OPTIONAL_REST },
  { VPOP3_COMMAND_SHUTDOWN, "SHUTDOWN", ARGUMENT_NONE },
  { VPOP3_COMMAND_END_SESSION, "ENDSESSION", ARGUMENT_NAME },
  { VPOP3_COMMAND_IM, "IM", ARGUMENT_WORD_AND_REST },
  { VPOP3_COMMAND_QUIT, "QUIT", ARGUMENT_NONE },
};

static const CommandRow *
row_for_type (Vpop3CommandType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (command_table); i++)
    if (command_table[i].type == type)
      return &command_table[i];
  return NULL;
}

void
vpop3_command_free (Vpop3Command *command)
{
  if (command == NULL)
    return;
  g_free (command->target);
  g_free (command->text);
  g_free (command);
}

const char *
vpop3_command_type_to_keyword (Vpop3CommandType type)
{
  const CommandRow *row = row_for_type (type);

  return row != NULL ? row->keyword : NULL;
}

static gboolean
is_word (const char *text)
{
  return text != NULL && *text != '\0' && strpbrk (text, " \t\r\n") == NULL;
}

static gboolean
is_line_text (const char *text)
{
  return text != NULL && *text != '\0' && vpop3_text_is_single_line (text);
}

/* A name as the server lists it in a TAB-separated row (a session id): any
 * text on one line but a TAB, not starting or ending with a space, which
 * the line would not keep apart from the separator. */
static gboolean
is_name (const char *text)
{
  gsize length;

  if (!is_line_text (text) || strchr (text, '\t') != NULL)
    return FALSE;
  length = strlen (text);
  return text[0] != ' ' && text[length - 1] != ' ';
}

gboolean
vpop3_command_accepts_target (Vpop3CommandType type, const char *target)
{
  const CommandRow *row = row_for_type (type);

  g_return_val_if_fail (row != NULL, FALSE);

  switch (row->shape)
    {
    case ARGUMENT_NONE:
      return target == NULL;
    case ARGUMENT_OPTIONAL_REST:
      return target == NULL || *target == '\0' || is_line_text (target);
    case ARGUMENT_NAME:
      return is_name (target);
    case ARGUMENT_WORD_AND_REST:
      return is_word (target);
    default:
      g_return_val_if_reached (FALSE);
    }
}

char *
vpop3_command_format (Vpop3CommandType type, const char *target, const char *text, GError **error)
{
  const CommandRow *row = row_for_type (type);
  gboolean valid;

  g_return_val_if_fail (row != NULL, NULL);

  switch (row->shape)
    {
    case ARGUMENT_NONE:
      return g_strdup (row->keyword);

    case ARGUMENT_OPTIONAL_REST:
      if (target == NULL || *target == '\0')
        return g_strdup (row->keyword);
      valid = is_line_text (target);
      if (valid)
        return g_strdup_printf ("%s %s", row->keyword, target);
      break;

    case ARGUMENT_NAME:
      valid = is_name (target);
      if (valid)
        return g_strdup_printf ("%s %s", row->keyword, target);
      break;

    case ARGUMENT_WORD_AND_REST:
      /* The message comes back to its reader in an "M" line, where a TAB
       * would start a field of its own. */
      if (target != NULL && *target != '\0' && !is_word (target))
        {
          /* The server takes the first word for the user: a name with a
           * space in it cannot be addressed. */
          g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT,
                               _ ("A message cannot be sent to a name with a space in it"));
          return NULL;
        }
      valid = is_word (target) && is_line_text (text) && strchr (text, '\t') == NULL;
      if (valid)
        return g_strdup_printf ("%s %s %s", row->keyword, target, text);
      break;

    default:
      g_assert_not_reached ();
    }

  g_set_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT,
               _ ("Invalid arguments for %s"), row->keyword);
  return NULL;
}

Vpop3Command *
vpop3_command_parse (const char *line)
{
  g_autoptr (Vpop3Command) command = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  if (!g_utf8_validate (line, -1, NULL) || !vpop3_text_is_single_line (line))
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (command_table); i++)
    {
      const CommandRow *row = &command_table[i];
      gsize keyword_length = strlen (row->keyword);
      const char *rest;
      const char *space;

      /* Keywords are matched without regard to case, as POP3-style servers do. */
      if (g_ascii_strncasecmp (line, row->keyword, keyword_length) != 0 ||
          (line[keyword_length] != '\0' && line[keyword_length] != ' '))
        continue;

      rest = line[keyword_length] == ' ' ? line + keyword_length + 1 : line + keyword_length;
      command = g_new0 (Vpop3Command, 1);
      command->type = row->type;

      switch (row->shape)
        {
        case ARGUMENT_NONE:
          return *rest == '\0' ? g_steal_pointer (&command) : NULL;

        case ARGUMENT_OPTIONAL_REST:
          if (*rest != '\0')
            command->target = g_strdup (rest);
          return g_steal_pointer (&command);

        case ARGUMENT_NAME:
          if (!is_name (rest))
            return NULL;
          command->target = g_strdup (rest);
          return g_steal_pointer (&command);

        case ARGUMENT_WORD_AND_REST:
          space = strchr (rest, ' ');
          if (space == NULL || space == rest || space[1] == '\0')
            return NULL;
          command->target = g_strndup (rest, (gsize) (space - rest));
          command->text = g_strdup (space + 1);
          if (!is_word (command->target) || strchr (command->text, '\t') != NULL)
            return NULL;
          return g_steal_pointer (&command);

        default:
          g_assert_not_reached ();
        }
    }

  return NULL;
}
