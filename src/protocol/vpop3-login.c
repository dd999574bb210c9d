/* vpop3-login.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-login.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vpop3-text.h"

/* clang-format off */
G_DEFINE_QUARK (vpop3-protocol-error-quark, vpop3_protocol_error)
/* clang-format on */

static const char *const auth_keywords[] = { "ALOGIN", "LOGIN", "APILOGIN" };
static const char *const auth_names[] = { "alogin", "login", "apilogin" };

Vpop3ReplyStatus
vpop3_reply_status (const char *line, const char **text)
{
  Vpop3ReplyStatus status;
  const char *rest;

  g_return_val_if_fail (line != NULL, VPOP3_REPLY_NONE);

  if (g_str_has_prefix (line, "+OK"))
    {
      status = VPOP3_REPLY_OK;
      rest = line + 3;
    }
  else if (g_str_has_prefix (line, "-ERR"))
    {
      status = VPOP3_REPLY_ERR;
      rest = line + 4;
    }
  else
    return VPOP3_REPLY_NONE;

  if (*rest != '\0' && *rest != ' ')
    return VPOP3_REPLY_NONE;
  if (text != NULL)
    *text = *rest == ' ' ? rest + 1 : rest;
  return status;
}

gboolean
vpop3_greeting_parse (const char *line, char **challenge, GError **error)
{
  Vpop3ReplyStatus status;
  const char *text = NULL;
  const char *open, *close;

  g_return_val_if_fail (line != NULL, FALSE);

  if (challenge != NULL)
    *challenge = NULL;

  status = vpop3_reply_status (line, &text);
  if (status == VPOP3_REPLY_ERR)
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_GREETING_REFUSED,
                           *text != '\0' ? text : _ ("The server refused the connection"));
      return FALSE;
    }

  if (status != VPOP3_REPLY_OK)
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_NOT_VPOP3,
                           _ ("The server is not a VPOP3 status service"));
      return FALSE;
    }

  /* The challenge is opaque: everything from '<' to the next '>', both kept. */
  open = strchr (line, '<');
  close = open != NULL ? strchr (open, '>') : NULL;
  if (challenge != NULL && close != NULL)
    *challenge = g_strndup (open, (gsize) (close - open) + 1);

  return TRUE;
}

char *
vpop3_login_digest (const char *secret, const char *challenge)
{
  g_autofree char *joined = NULL;
  g_autofree gunichar2 *utf16 = NULL;
  g_autoptr (GChecksum) md5 = NULL;
  glong utf16_units = 0;
  char *hex;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (challenge != NULL, NULL);

  /* The vendor's worked example is reproduced by MD5 over the UTF-16LE bytes
   * of secret ‖ challenge (not the prose's challenge ‖ secret). Both copies
   * are made at their final size (g_convert() would grow its buffer and free
   * the old one unwiped), and wiped before they are freed. */
  joined = g_strconcat (secret, challenge, NULL);
  utf16 = g_utf8_to_utf16 (joined, -1, NULL, &utf16_units, NULL);
  explicit_bzero (joined, strlen (joined));
  if (utf16 == NULL)
    /* Only invalid UTF-8 gets here; callers pass validated text. */
    return NULL;
  for (glong i = 0; i < utf16_units; i++)
    utf16[i] = GUINT16_TO_LE (utf16[i]);

  md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_update (md5, (const guchar *) utf16, (gssize) (utf16_units * sizeof *utf16));
  hex = g_ascii_strup (g_checksum_get_string (md5), -1);

  explicit_bzero (utf16, (gsize) utf16_units * sizeof *utf16);
  return hex;
}

static gboolean
check_line_argument (const char *value, gboolean allow_spaces, GError **error)
{
  if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL) ||
      !vpop3_text_is_single_line (value) || (!allow_spaces && strpbrk (value, " \t") != NULL))
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT,
                           allow_spaces ? _ ("The password cannot be sent as it is")
                                        : _ ("The user name must be one word on one line"));
      return FALSE;
    }
  return TRUE;
}

char *
vpop3_login_line (Vpop3AuthMethod method,
                  const char *user,
                  const char *secret,
                  const char *challenge,
                  GError **error)
{
  g_autofree char *digest = NULL;

  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (auth_keywords), NULL);

  if (!check_line_argument (user, FALSE, error) || !check_line_argument (secret, TRUE, error))
    return NULL;

  if (method == VPOP3_AUTH_LOGIN)
    /* Not g_strdup_printf(): its scratch buffer would go back to the heap
     * holding the password. The caller wipes what is returned. */
    return g_strjoin (" ", "LOGIN", user, secret, NULL);

  if (challenge == NULL)
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_NO_CHALLENGE,
                           _ ("The server sent no login challenge"));
      return NULL;
    }

  digest = vpop3_login_digest (secret, challenge);
  if (digest == NULL)
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT,
                           _ ("The challenge cannot be used"));
      return NULL;
    }
  return g_strdup_printf ("%s %s %s", auth_keywords[method], user, digest);
}

char *
vpop3_login_line_redact (const char *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (auth_keywords); i++)
    {
      gsize keyword_length = strlen (auth_keywords[i]);
      const char *user, *user_end;

      if (g_ascii_strncasecmp (line, auth_keywords[i], keyword_length) != 0 ||
          line[keyword_length] != ' ')
        continue;

      user = line + keyword_length + 1;
      user_end = strchr (user, ' ');
      if (user_end == NULL)
        return g_strdup (line);
      return g_strdup_printf ("%.*s <redacted>", (int) (user_end - line), line);
    }

  return g_strdup (line);
}

gboolean
vpop3_login_reply_parse (const char *line, int *build, GError **error)
{
  Vpop3ReplyStatus status;
  const char *text = NULL;
  const char *mark;

  g_return_val_if_fail (line != NULL, FALSE);

  if (build != NULL)
    *build = -1;

  status = vpop3_reply_status (line, &text);
  if (status == VPOP3_REPLY_ERR)
    {
      g_set_error_literal (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_LOGIN_REFUSED,
                           *text != '\0' ? text : _ ("Login refused"));
      return FALSE;
    }

  if (status != VPOP3_REPLY_OK)
    {
      g_set_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_BAD_REPLY,
                   _ ("Unexpected reply to the login: %s"), line);
      return FALSE;
    }

  mark = strstr (line, "(Build ");
  if (mark != NULL && build != NULL)
    {
      const char *digits = mark + strlen ("(Build ");
      char *end = NULL;
      guint64 value;

      if (g_ascii_isdigit (*digits))
        {
          value = g_ascii_strtoull (digits, &end, 10);
          if (end != NULL && *end == ')' && value <= G_MAXINT)
            *build = (int) value;
        }
    }

  return TRUE;
}

const char *
vpop3_auth_method_to_string (Vpop3AuthMethod method)
{
  g_return_val_if_fail ((guint) method < G_N_ELEMENTS (auth_names), NULL);

  return auth_names[method];
}

gboolean
vpop3_auth_method_from_string (const char *string, Vpop3AuthMethod *method)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (auth_names); i++)
    if (g_ascii_strcasecmp (string, auth_names[i]) == 0)
      {
        if (method != NULL)
          *method = (Vpop3AuthMethod) i;
        return TRUE;
      }
  return FALSE;
}
