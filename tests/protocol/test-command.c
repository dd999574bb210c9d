/* test-command.c: client commands (vpop3-status-protocol.md §4, provisional).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "vpop3-command.h"
#include "vpop3-login.h"

typedef struct
{
  Vpop3CommandType type;
  const char *target;
  const char *text;
  const char *line;
} CommandCase;

static const CommandCase valid_commands[] = {
  { VPOP3_COMMAND_CONNECT, NULL, NULL, "CONNECT" },
  { VPOP3_COMMAND_CONNECT, "Dial-up", NULL, "CONNECT Dial-up" },
  /* The name is the rest of the line, spaces and all. */
  { VPOP3_COMMAND_CONNECT, "Broadband ISP (backup)", NULL, "CONNECT Broadband ISP (backup)" },
  { VPOP3_COMMAND_CONNECT, "Café Wi-Fi", NULL, "CONNECT Café Wi-Fi" },
  { VPOP3_COMMAND_SHUTDOWN, NULL, NULL, "SHUTDOWN" },
  { VPOP3_COMMAND_END_SESSION, "12", NULL, "ENDSESSION 12" },
  /* A session id is what the server listed, spaces and all. */
  { VPOP3_COMMAND_END_SESSION, "a b", NULL, "ENDSESSION a b" },
  { VPOP3_COMMAND_IM, "alice", "Lunch at one?", "IM alice Lunch at one?" },
  { VPOP3_COMMAND_IM, "bob", "a  b  c", "IM bob a  b  c" },
  { VPOP3_COMMAND_QUIT, NULL, NULL, "QUIT" },
};

static void
test_format (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_commands); i++)
    {
      const CommandCase *c = &valid_commands[i];
      g_autoptr (GError) error = NULL;
      g_autofree char *line = vpop3_command_format (c->type, c->target, c->text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (line, ==, c->line);
    }
}

static void
test_parse (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_commands); i++)
    {
      const CommandCase *c = &valid_commands[i];
      g_autoptr (Vpop3Command) command = vpop3_command_parse (c->line);

      g_assert_nonnull (command);
      g_assert_cmpint (command->type, ==, c->type);
      g_assert_cmpstr (command->target, ==, c->target);
      g_assert_cmpstr (command->text, ==, c->text);
    }
}

static void
test_keywords (void)
{
  g_assert_cmpstr (vpop3_command_type_to_keyword (VPOP3_COMMAND_CONNECT), ==, "CONNECT");
  g_assert_cmpstr (vpop3_command_type_to_keyword (VPOP3_COMMAND_SHUTDOWN), ==, "SHUTDOWN");
  g_assert_cmpstr (vpop3_command_type_to_keyword (VPOP3_COMMAND_END_SESSION), ==, "ENDSESSION");
  g_assert_cmpstr (vpop3_command_type_to_keyword (VPOP3_COMMAND_IM), ==, "IM");
  g_assert_cmpstr (vpop3_command_type_to_keyword (VPOP3_COMMAND_QUIT), ==, "QUIT");
}

static void
test_format_refused (void)
{
  const CommandCase cases[] = {
    /* line breaks anywhere */
    { VPOP3_COMMAND_CONNECT, "Dial\r\nQUIT", NULL, NULL },
    { VPOP3_COMMAND_CONNECT, "Dial-up\n", NULL, NULL },
    { VPOP3_COMMAND_CONNECT, "Dial-up\r", NULL, NULL },
    { VPOP3_COMMAND_IM, "alice", "hi\nSHUTDOWN", NULL },
    { VPOP3_COMMAND_IM, "alice", "hi\r", NULL },
    /* the message returns in an "M" line, whose fields a TAB would split */
    { VPOP3_COMMAND_IM, "bob", "a\tb", NULL },
    { VPOP3_COMMAND_END_SESSION, "12\n", NULL, NULL },
    /* a TAB in a session id, or a space the line could not keep apart;
     * a space in a user name, which the server takes as its end */
    { VPOP3_COMMAND_END_SESSION, "12\t", NULL, NULL },
    { VPOP3_COMMAND_END_SESSION, " 12", NULL, NULL },
    { VPOP3_COMMAND_END_SESSION, "12 ", NULL, NULL },
    { VPOP3_COMMAND_IM, "al ice", "hello", NULL },
    { VPOP3_COMMAND_IM, "al\tice", "hello", NULL },
    { VPOP3_COMMAND_IM, "alice\r", "hello", NULL },
    /* missing arguments */
    { VPOP3_COMMAND_END_SESSION, NULL, NULL, NULL },
    { VPOP3_COMMAND_END_SESSION, "", NULL, NULL },
    { VPOP3_COMMAND_IM, NULL, "hello", NULL },
    { VPOP3_COMMAND_IM, "", "hello", NULL },
    { VPOP3_COMMAND_IM, "alice", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *line =
          vpop3_command_format (cases[i].type, cases[i].target, cases[i].text, &error);

      if (line != NULL)
        g_error ("case %" G_GSIZE_FORMAT " formatted as “%s”, expected a refusal", i,
                 g_strescape (line, NULL));
      g_assert_nonnull (error);
    }
}

/* What the applet asks before offering a command: the same rule as the
 * formatter's, and a sender with a space cannot be answered, with a
 * message that says so. */
static void
test_accepts_target (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  g_assert_true (vpop3_command_accepts_target (VPOP3_COMMAND_END_SESSION, "a b"));
  g_assert_false (vpop3_command_accepts_target (VPOP3_COMMAND_END_SESSION, "a\tb"));
  g_assert_false (vpop3_command_accepts_target (VPOP3_COMMAND_END_SESSION, NULL));
  g_assert_true (vpop3_command_accepts_target (VPOP3_COMMAND_IM, "alice"));
  g_assert_false (vpop3_command_accepts_target (VPOP3_COMMAND_IM, "John Smith"));
  g_assert_true (vpop3_command_accepts_target (VPOP3_COMMAND_CONNECT, NULL));
  g_assert_true (vpop3_command_accepts_target (VPOP3_COMMAND_CONNECT, "Dial up"));
  g_assert_true (vpop3_command_accepts_target (VPOP3_COMMAND_SHUTDOWN, NULL));

  line = vpop3_command_format (VPOP3_COMMAND_IM, "John Smith", "hello", &error);
  g_assert_null (line);
  g_assert_error (error, VPOP3_PROTOCOL_ERROR, VPOP3_PROTOCOL_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "space"));
}

static void
test_parse_garbage (void)
{
  const char *const lines[] = {
    "",
    " ",
    "FOO",
    "LOGIN postmaster admin",
    "ALOGIN postmaster 9077A0BE9A986C3AE3B32D25C417A98D",
    "CONNECTX",
    "SHUTDOWNNOW",
    "QUITTER",
    "ENDSESSION",
    "ENDSESSION ",
    "ENDSESSION 1\t2",
    "ENDSESSION 12 ",
    "IM",
    "IM alice",
    "IMalice hi",
    "+OK Connecting",
    "421\t2",
    " QUIT",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr (Vpop3Command) command = vpop3_command_parse (lines[i]);

      if (command != NULL)
        g_error ("“%s” parsed as %s", lines[i], vpop3_command_type_to_keyword (command->type));
    }
}

static void
test_round_trip (void)
{
  /* What the client formats the simulator parses back to the same values. */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_commands); i++)
    {
      const CommandCase *c = &valid_commands[i];
      g_autofree char *line = vpop3_command_format (c->type, c->target, c->text, NULL);
      g_autoptr (Vpop3Command) command = vpop3_command_parse (line);
      g_autofree char *again =
          vpop3_command_format (command->type, command->target, command->text, NULL);

      g_assert_cmpstr (again, ==, line);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/command/format", test_format);
  g_test_add_func ("/command/parse", test_parse);
  g_test_add_func ("/command/keywords", test_keywords);
  g_test_add_func ("/command/format-refused", test_format_refused);
  g_test_add_func ("/command/parse-garbage", test_parse_garbage);
  g_test_add_func ("/command/accepts-target", test_accepts_target);
  g_test_add_func ("/command/round-trip", test_round_trip);

  return g_test_run ();
}
