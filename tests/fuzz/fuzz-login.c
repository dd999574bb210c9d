/* fuzz-login.c: greeting, login lines, login reply, redaction and commands.
 *
 * The input is read as LF-separated pieces: the greeting, then a user, a
 * secret, a login reply and a command line (missing pieces are empty). As
 * the client does, text from the server is decoded before it is parsed;
 * user, secret and command arguments are UTF-8 as they come from GTK.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"
#include "vpop3-command.h"
#include "vpop3-login.h"
#include "vpop3-text.h"

#define FALLBACK_CHALLENGE "<3.d28.51abf1c9>"

enum
{
  PIECE_GREETING,
  PIECE_USER,
  PIECE_SECRET,
  PIECE_REPLY,
  PIECE_COMMAND,
  N_PIECES
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_logging ();
  return 0;
}

static gboolean
is_upper_hex (const char *text, gsize length)
{
  if (strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_islower (text[i]))
      return FALSE;
  return TRUE;
}

static void
check_greeting (const char *greeting, char **challenge)
{
  g_autoptr (GError) error = NULL;

  if (vpop3_greeting_parse (greeting, challenge, &error))
    {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (vpop3_reply_status (greeting, NULL) == VPOP3_REPLY_OK);
      if (*challenge != NULL)
        {
          gsize length = strlen (*challenge);

          /* The challenge is opaque, brackets included, and taken verbatim. */
          FUZZ_CHECK (length >= 2 && (*challenge)[0] == '<' && (*challenge)[length - 1] == '>');
          FUZZ_CHECK (strstr (greeting, *challenge) != NULL);
        }
    }
  else
    {
      FUZZ_CHECK (*challenge == NULL);
      FUZZ_CHECK (error != NULL && error->domain == VPOP3_PROTOCOL_ERROR);
      /* One rule for status words: "-ERR" then a space or the end. */
      FUZZ_CHECK (error->code == (vpop3_reply_status (greeting, NULL) == VPOP3_REPLY_ERR
                                      ? VPOP3_PROTOCOL_ERROR_GREETING_REFUSED
                                      : VPOP3_PROTOCOL_ERROR_NOT_VPOP3));
      /* The message is shown to the user. */
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
}

/* What vpop3_login_line promises to accept. */
static gboolean
is_sendable (const char *text, gboolean spaces_allowed)
{
  return *text != '\0' && vpop3_text_is_single_line (text) &&
         (spaces_allowed || strpbrk (text, " \t") == NULL);
}

static void
check_login_line (Vpop3AuthMethod method,
                  const char *user,
                  const char *secret,
                  const char *challenge)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = vpop3_login_line (method, user, secret, challenge, &error);
  const char *keyword = method == VPOP3_AUTH_LOGIN    ? "LOGIN"
                        : method == VPOP3_AUTH_ALOGIN ? "ALOGIN"
                                                      : "APILOGIN";
  g_autofree char *prefix = g_strdup_printf ("%s %s ", keyword, user);
  g_autofree char *expected_redacted = g_strdup_printf ("%s %s <redacted>", keyword, user);
  g_autofree char *redacted = NULL;

  if (line == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == VPOP3_PROTOCOL_ERROR);
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      /* Refused only for a reason the header gives. */
      FUZZ_CHECK (!is_sendable (user, FALSE) || !is_sendable (secret, TRUE) ||
                  (method != VPOP3_AUTH_LOGIN && challenge == NULL));
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (is_sendable (user, FALSE) && is_sendable (secret, TRUE));
  FUZZ_CHECK (vpop3_text_is_single_line (line));
  FUZZ_CHECK (g_str_has_prefix (line, prefix));
  if (method == VPOP3_AUTH_LOGIN)
    FUZZ_CHECK (strcmp (line + strlen (prefix), secret) == 0);
  else
    {
      g_autofree char *digest = vpop3_login_digest (secret, challenge);

      FUZZ_CHECK (is_upper_hex (line + strlen (prefix), 32));
      FUZZ_CHECK (g_strcmp0 (line + strlen (prefix), digest) == 0);
    }

  /* A trace never shows the secret or the digest. */
  redacted = vpop3_login_line_redact (line);
  FUZZ_CHECK (strcmp (redacted, expected_redacted) == 0);
}

static void
check_reply (const char *reply)
{
  g_autoptr (GError) error = NULL;
  int build = 0;

  if (vpop3_login_reply_parse (reply, &build, &error))
    {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (vpop3_reply_status (reply, NULL) == VPOP3_REPLY_OK);
      FUZZ_CHECK (build >= -1);
      FUZZ_CHECK (build == -1 || strstr (reply, "(Build ") != NULL);
    }
  else
    {
      FUZZ_CHECK (error != NULL && error->domain == VPOP3_PROTOCOL_ERROR);
      FUZZ_CHECK (error->code == (vpop3_reply_status (reply, NULL) == VPOP3_REPLY_ERR
                                      ? VPOP3_PROTOCOL_ERROR_LOGIN_REFUSED
                                      : VPOP3_PROTOCOL_ERROR_BAD_REPLY));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
check_redact_any (const char *line)
{
  g_autofree char *redacted = vpop3_login_line_redact (line);

  FUZZ_CHECK (redacted != NULL);
  FUZZ_CHECK (strlen (redacted) <= strlen (line) + strlen ("<redacted>"));
}

/* What the simulator parses, the client formats the same way, and back. */
static void
check_command_parse (const char *line)
{
  g_autoptr (Vpop3Command) command = vpop3_command_parse (line);
  g_autofree char *formatted = NULL;
  g_autoptr (Vpop3Command) again = NULL;

  if (command == NULL)
    return;

  FUZZ_CHECK (vpop3_command_type_to_keyword (command->type) != NULL);
  formatted = vpop3_command_format (command->type, command->target, command->text, NULL);
  FUZZ_CHECK (formatted != NULL);
  again = vpop3_command_parse (formatted);
  FUZZ_CHECK (again != NULL);
  FUZZ_CHECK (again->type == command->type);
  FUZZ_CHECK (g_strcmp0 (again->target, command->target) == 0);
  FUZZ_CHECK (g_strcmp0 (again->text, command->text) == 0);
}

static void
check_command_format (Vpop3CommandType type, const char *target, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = vpop3_command_format (type, target, text, &error);
  g_autoptr (Vpop3Command) parsed = NULL;

  if (line == NULL)
    {
      FUZZ_CHECK (error != NULL);
      return;
    }

  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (vpop3_text_is_single_line (line));
  parsed = vpop3_command_parse (line);
  FUZZ_CHECK (parsed != NULL);
  FUZZ_CHECK (parsed->type == type);
  if (type == VPOP3_COMMAND_CONNECT || type == VPOP3_COMMAND_END_SESSION ||
      type == VPOP3_COMMAND_IM)
    FUZZ_CHECK (g_strcmp0 (parsed->target, target != NULL && *target != '\0' ? target : NULL) == 0);
  if (type == VPOP3_COMMAND_IM)
    FUZZ_CHECK (g_strcmp0 (parsed->text, text) == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *bytes = (const char *) data;
  char *pieces[N_PIECES] = { NULL };
  g_autofree char *challenge = NULL;
  const Vpop3AuthMethod methods[] = { VPOP3_AUTH_ALOGIN, VPOP3_AUTH_LOGIN, VPOP3_AUTH_APILOGIN };
  const Vpop3CommandType commands[] = { VPOP3_COMMAND_CONNECT, VPOP3_COMMAND_SHUTDOWN,
                                        VPOP3_COMMAND_END_SESSION, VPOP3_COMMAND_IM,
                                        VPOP3_COMMAND_QUIT };
  gsize start = 0;

  /* Split into pieces at LF; the last piece keeps any further LFs. */
  for (guint i = 0; i < N_PIECES; i++)
    {
      const char *lf = i + 1 < N_PIECES ? memchr (bytes + start, '\n', size - start) : NULL;
      gsize end = lf != NULL ? (gsize) (lf - bytes) : size;

      pieces[i] = vpop3_text_decode (bytes + start, end - start);
      start = lf != NULL ? end + 1 : size;
    }

  check_greeting (pieces[PIECE_GREETING], &challenge);

  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      check_login_line (methods[m], pieces[PIECE_USER], pieces[PIECE_SECRET],
                        challenge != NULL ? challenge : FALLBACK_CHALLENGE);
      check_login_line (methods[m], pieces[PIECE_USER], pieces[PIECE_SECRET], challenge);
    }

  check_reply (pieces[PIECE_REPLY]);

  for (guint i = 0; i < N_PIECES; i++)
    {
      check_redact_any (pieces[i]);
      check_command_parse (pieces[i]);
    }

  for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
    check_command_format (commands[c], pieces[PIECE_USER], pieces[PIECE_SECRET]);

  for (guint i = 0; i < N_PIECES; i++)
    g_free (pieces[i]);
  return 0;
}
