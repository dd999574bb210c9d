/* test-login.c: greeting, challenge, digest, login lines, redaction and
 * login replies (vpop3-status-protocol.md §2 and §6).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "vpop3-login.h"

#define GREETING  "+OK VPOP3 Status Server Ready <3.d28.51abf1c9>"
#define CHALLENGE "<3.d28.51abf1c9>"

static void
test_greeting_challenge (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *challenge = NULL;

  g_assert_true (vpop3_greeting_parse (GREETING, &challenge, &error));
  g_assert_no_error (error);
  /* Both brackets belong to the challenge. */
  g_assert_cmpstr (challenge, ==, CHALLENGE);
}

static void
test_greeting_without_challenge (void)
{
  g_autoptr (GError) error = NULL;
  char *challenge = (char *) "untouched";

  g_assert_true (vpop3_greeting_parse ("+OK VPOP3 Status Server Ready", &challenge, &error));
  g_assert_no_error (error);
  g_assert_null (challenge);
}

static void
test_greeting_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *challenge = NULL;

  g_assert_false (
      vpop3_greeting_parse ("-ERR VPOP3 Server access not allowed!", &challenge, &error));
  g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_GREETING_REFUSED);
  /* The user sees the server's own words. */
  g_assert_nonnull (strstr (error->message, "VPOP3 Server access not allowed!"));
  g_assert_null (challenge);
}

static void
test_greeting_not_vpop3 (void)
{
  const char *const lines[] = {
    "HTTP/1.1 400 Bad Request",
    "",
    "SSH-2.0-OpenSSH_9.2",
    "220 mail.example.com ESMTP",
    "* OK IMAP4rev1 ready",
    /* One rule for every reply: the status word, then a space or the end. */
    "+OKAY <3.d28.51abf1c9>",
    "-ERRATIC",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *challenge = NULL;

      g_assert_false (vpop3_greeting_parse (lines[i], &challenge, &error));
      g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_NOT_VPOP3);
      g_assert_null (challenge);
    }
}

static void
test_digest_vector (void)
{
  g_autofree char *digest = vpop3_login_digest ("admin", CHALLENGE);

  g_assert_cmpstr (digest, ==, "9077A0BE9A986C3AE3B32D25C417A98D");
  /* The vendor's prose order (MD5 of challenge + password over plain bytes)
   * gives this, which the real server's example contradicts. */
  g_assert_cmpstr (digest, !=, "152C5023797149C59706BFBBC922F4E5");
}

static void
test_digest_non_ascii (void)
{
  /* Expected values computed independently: MD5 over the UTF-16LE encoding,
   * which differs from zero-padded bytes as soon as a character is beyond
   * Latin-1 or outside the BMP. */
  g_autofree char *umlaut = vpop3_login_digest ("pässwörd€", CHALLENGE);
  g_autofree char *astral = vpop3_login_digest ("p\xf0\x9f\x98\x80", CHALLENGE);
  g_autofree char *spaces = vpop3_login_digest ("my secret pass", CHALLENGE);

  g_assert_cmpstr (umlaut, ==, "D9175AAFED7D1D0A84E423448AD6CE0B");
  g_assert_cmpstr (astral, ==, "131C26984C8843E59C965E4908415268");
  g_assert_cmpstr (spaces, ==, "523030FB20D58F888F64F5BD333888AC");
}

static char *
login_line (Vpop3AuthMethod method, const char *user, const char *secret, const char *challenge)
{
  g_autoptr (GError) error = NULL;
  char *line = vpop3_login_line (method, user, secret, challenge, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

static void
test_login_lines (void)
{
  g_autofree char *alogin = login_line (VPOP3_AUTH_ALOGIN, "postmaster", "admin", CHALLENGE);
  g_autofree char *login = login_line (VPOP3_AUTH_LOGIN, "postmaster", "admin", NULL);
  g_autofree char *login_challenge =
      login_line (VPOP3_AUTH_LOGIN, "postmaster", "admin", CHALLENGE);
  g_autofree char *login_spaces = login_line (VPOP3_AUTH_LOGIN, "bob", "my secret pass", NULL);
  g_autofree char *apilogin =
      login_line (VPOP3_AUTH_APILOGIN, "postmaster", "0123456789ABCDEF", CHALLENGE);

  /* §6 */
  g_assert_cmpstr (alogin, ==, "ALOGIN postmaster 9077A0BE9A986C3AE3B32D25C417A98D");
  g_assert_cmpstr (login, ==, "LOGIN postmaster admin");
  g_assert_cmpstr (login_challenge, ==, "LOGIN postmaster admin");
  /* The password is the rest of the line. */
  g_assert_cmpstr (login_spaces, ==, "LOGIN bob my secret pass");
  /* Provisional: the ALOGIN digest over the WebAPI key. */
  g_assert_cmpstr (apilogin, ==, "APILOGIN postmaster D711DB3ACAFED763685E36252D8AF86C");
}

static void
test_login_line_invalid (void)
{
  const struct
  {
    const char *user;
    const char *secret;
  } cases[] = {
    { "post master", "admin" },    { "postmaster\r", "admin" }, { "post\nmaster", "admin" },
    { "post\tmaster", "admin" },   { "postmaster", "ad\rmin" }, { "postmaster", "admin\n" },
    { "postmaster", "ad\r\nmin" },
  };
  const Vpop3AuthMethod methods[] = { VPOP3_AUTH_ALOGIN, VPOP3_AUTH_LOGIN, VPOP3_AUTH_APILOGIN };

  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *line =
            vpop3_login_line (methods[m], cases[i].user, cases[i].secret, CHALLENGE, &error);

        g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT);
        g_assert_null (line);
      }
}

static void
test_login_line_no_challenge (void)
{
  const Vpop3AuthMethod methods[] = { VPOP3_AUTH_ALOGIN, VPOP3_AUTH_APILOGIN };

  for (gsize m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *line = vpop3_login_line (methods[m], "postmaster", "admin", NULL, &error);

      g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_NO_CHALLENGE);
      g_assert_null (line);
    }
}

static void
test_redact (void)
{
  const struct
  {
    const char *line;
    const char *redacted;
  } cases[] = {
    { "LOGIN postmaster admin", "LOGIN postmaster <redacted>" },
    { "LOGIN bob my secret pass", "LOGIN bob <redacted>" },
    { "ALOGIN postmaster 9077A0BE9A986C3AE3B32D25C417A98D", "ALOGIN postmaster <redacted>" },
    { "APILOGIN postmaster D711DB3ACAFED763685E36252D8AF86C", "APILOGIN postmaster <redacted>" },
  };
  /* Not login lines: returned unchanged. */
  const char *const others[] = {
    "CONNECT Dial-up", "QUIT", "IM alice LOGIN postmaster admin", "+OK Logged in OK (Build 2886)",
    "421\t2",          "",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = vpop3_login_line_redact (cases[i].line);

      g_assert_cmpstr (redacted, ==, cases[i].redacted);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *same = vpop3_login_line_redact (others[i]);

      g_assert_cmpstr (same, ==, others[i]);
    }
}

static void
test_redact_generated_lines (void)
{
  /* Whatever vpop3_login_line produces, the redacted form shows no secret. */
  g_autofree char *login = login_line (VPOP3_AUTH_LOGIN, "carol", "Tr0ub4dor&3", NULL);
  g_autofree char *alogin = login_line (VPOP3_AUTH_ALOGIN, "carol", "Tr0ub4dor&3", CHALLENGE);
  g_autofree char *digest = vpop3_login_digest ("Tr0ub4dor&3", CHALLENGE);
  g_autofree char *login_redacted = vpop3_login_line_redact (login);
  g_autofree char *alogin_redacted = vpop3_login_line_redact (alogin);

  g_assert_null (strstr (login_redacted, "Tr0ub4dor&3"));
  g_assert_null (strstr (alogin_redacted, digest));
  g_assert_cmpstr (login_redacted, ==, "LOGIN carol <redacted>");
  g_assert_cmpstr (alogin_redacted, ==, "ALOGIN carol <redacted>");
}

static void
test_reply_build (void)
{
  g_autoptr (GError) error = NULL;
  int build = 0;

  /* §6 */
  g_assert_true (vpop3_login_reply_parse ("+OK Logged in OK (Build 2886)", &build, &error));
  g_assert_no_error (error);
  g_assert_cmpint (build, ==, 2886);
}

static void
test_reply_without_build (void)
{
  g_autoptr (GError) error = NULL;
  int build = 0;

  g_assert_true (vpop3_login_reply_parse ("+OK Logged in OK", &build, &error));
  g_assert_no_error (error);
  g_assert_cmpint (build, ==, -1);
}

static void
test_reply_refused (void)
{
  g_autoptr (GError) error = NULL;
  int build = 0;

  g_assert_false (vpop3_login_reply_parse ("-ERR Invalid user name or password", &build, &error));
  g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_LOGIN_REFUSED);
  g_assert_nonnull (strstr (error->message, "Invalid user name or password"));
}

static void
test_reply_bad (void)
{
  const char *const lines[] = { "", "OK", "HTTP/1.1 200 OK", "421\t2", "*OK", "+OKAY", "-ERRATIC" };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr (GError) error = NULL;
      int build = 0;

      g_assert_false (vpop3_login_reply_parse (lines[i], &build, &error));
      g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_BAD_REPLY);
    }
}

static void
test_reply_status (void)
{
  const struct
  {
    const char *line;
    Vpop3ReplyStatus status;
    const char *text;
  } cases[] = {
    { "+OK", VPOP3_REPLY_OK, "" },
    { "+OK done", VPOP3_REPLY_OK, "done" },
    { "+OK  two", VPOP3_REPLY_OK, " two" },
    { "-ERR", VPOP3_REPLY_ERR, "" },
    { "-ERR No such session", VPOP3_REPLY_ERR, "No such session" },
    { "+OKfoo", VPOP3_REPLY_NONE, NULL },
    { "-ERRfoo", VPOP3_REPLY_NONE, NULL },
    { "+ok", VPOP3_REPLY_NONE, NULL },
    { "1Idle", VPOP3_REPLY_NONE, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *text = NULL;

      g_assert_cmpint (vpop3_reply_status (cases[i].line, &text), ==, cases[i].status);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_auth_method_strings (void)
{
  const Vpop3AuthMethod methods[] = { VPOP3_AUTH_ALOGIN, VPOP3_AUTH_LOGIN, VPOP3_AUTH_APILOGIN };
  Vpop3AuthMethod parsed = VPOP3_AUTH_LOGIN;

  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      const char *name = vpop3_auth_method_to_string (methods[i]);

      g_assert_nonnull (name);
      g_assert_true (vpop3_auth_method_from_string (name, &parsed));
      g_assert_cmpint (parsed, ==, methods[i]);
    }
  g_assert_false (vpop3_auth_method_from_string ("plain", &parsed));
  g_assert_false (vpop3_auth_method_from_string ("", &parsed));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/login/greeting/challenge", test_greeting_challenge);
  g_test_add_func ("/login/greeting/without-challenge", test_greeting_without_challenge);
  g_test_add_func ("/login/greeting/refused", test_greeting_refused);
  g_test_add_func ("/login/greeting/not-vpop3", test_greeting_not_vpop3);
  g_test_add_func ("/login/digest/vector", test_digest_vector);
  g_test_add_func ("/login/digest/non-ascii", test_digest_non_ascii);
  g_test_add_func ("/login/line/methods", test_login_lines);
  g_test_add_func ("/login/line/invalid", test_login_line_invalid);
  g_test_add_func ("/login/line/no-challenge", test_login_line_no_challenge);
  g_test_add_func ("/login/redact/lines", test_redact);
  g_test_add_func ("/login/redact/generated", test_redact_generated_lines);
  g_test_add_func ("/login/reply/build", test_reply_build);
  g_test_add_func ("/login/reply/without-build", test_reply_without_build);
  g_test_add_func ("/login/reply/refused", test_reply_refused);
  g_test_add_func ("/login/reply/bad", test_reply_bad);
  g_test_add_func ("/login/reply/status", test_reply_status);
  g_test_add_func ("/login/auth-method", test_auth_method_strings);

  return g_test_run ();
}
