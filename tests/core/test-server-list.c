/* test-server-list.c: the monitored servers in the settings — the move of a
 * one-server configuration into a server of its own, the server to configure
 * on a first start, adding and removing, ids that cannot be paths, and
 * servers for this run only, which write nothing. In-memory settings.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <string.h>

#include "vpop3-server-list.h"

#define APP_ID "io.github.vpop3monitor.Vpop3Monitor"

typedef struct
{
  GSettings *settings;
} Fixture;

/* Every test starts from empty settings: each has a memory backend of its own. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();

  f->settings = g_settings_new_with_backend (APP_ID, backend);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->settings);
}

static Vpop3Server *
nth (Vpop3ServerList *list, guint position)
{
  /* The list keeps its own reference. */
  g_autoptr (Vpop3Server) server = g_list_model_get_item (G_LIST_MODEL (list), position);

  return server;
}

static char *
server_string (Vpop3Server *server, const char *key)
{
  return g_settings_get_string (vpop3_server_get_settings (server), key);
}

/* A one-server configuration moves into a server of its own, every value
 * with it, and the old keys are reset; a second start moves nothing again. */
static void
test_migration (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3ServerList) list = NULL;
  g_autoptr (Vpop3ServerList) again = NULL;
  g_autofree char *host = NULL, *user = NULL, *webmail = NULL, *admin = NULL;
  g_autoptr (GVariant) left = NULL;
  g_auto (GStrv) ids = NULL;
  GSettings *moved;
  guint16 port = 0;

  g_settings_set_string (f->settings, "host", "mail.example.org");
  g_settings_set (f->settings, "port", "q", 6109);
  g_settings_set_string (f->settings, "user", "postmaster");
  g_settings_set_enum (f->settings, "auth-method", 1);
  g_settings_set_string (f->settings, "webmail-url", "https://mail.example.org/");
  g_settings_set_string (f->settings, "admin-url", "https://mail.example.org/admin/");

  list = vpop3_server_list_new (f->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  moved = vpop3_server_get_settings (nth (list, 0));
  host = server_string (nth (list, 0), "host");
  user = server_string (nth (list, 0), "user");
  webmail = server_string (nth (list, 0), "webmail-url");
  admin = server_string (nth (list, 0), "admin-url");
  g_settings_get (moved, "port", "q", &port);
  g_assert_cmpstr (host, ==, "mail.example.org");
  g_assert_cmpuint (port, ==, 6109);
  g_assert_cmpstr (user, ==, "postmaster");
  g_assert_cmpint (g_settings_get_enum (moved, "auth-method"), ==, 1);
  g_assert_cmpstr (webmail, ==, "https://mail.example.org/");
  g_assert_cmpstr (admin, ==, "https://mail.example.org/admin/");

  ids = g_settings_get_strv (f->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, vpop3_server_get_id (nth (list, 0)));
  left = g_settings_get_user_value (f->settings, "host");
  g_assert_null (left);

  /* What the name says when none is set: the host, with a port not 5109. */
  {
    g_autofree char *name = vpop3_server_dup_name (nth (list, 0));

    g_assert_cmpstr (name, ==, "mail.example.org:6109");
  }

  again = vpop3_server_list_new (f->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_cmpstr (vpop3_server_get_id (nth (again, 0)), ==, ids[0]);
}

/* A first start: one empty server to configure, stored. */
static void
test_first_start (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3ServerList) list = vpop3_server_list_new (f->settings);
  g_auto (GStrv) ids = g_settings_get_strv (f->settings, "servers");
  g_autofree char *host = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  host = server_string (nth (list, 0), "host");
  g_assert_cmpstr (host, ==, "");
  g_assert_false (vpop3_server_is_configured (nth (list, 0)));
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  (*(guint *) data)++;
}

/* Added servers are stored in order with settings of their own; a removed
 * one leaves the list and its settings are reset. */
static void
test_add_remove (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3ServerList) list = vpop3_server_list_new (f->settings);
  g_autoptr (Vpop3ServerList) reloaded = NULL;
  g_autoptr (GSettings) gone = NULL;
  g_autoptr (GVariant) left = NULL;
  g_auto (GStrv) ids = NULL;
  g_autofree char *first_host = NULL;
  g_autofree char *gone_id = NULL;
  Vpop3Server *second, *third;
  guint changes = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_settings_set_string (vpop3_server_get_settings (nth (list, 0)), "host", "one.example");
  second = vpop3_server_list_add (list);
  g_settings_set_string (vpop3_server_get_settings (second), "host", "two.example");
  third = vpop3_server_list_add (list);
  g_settings_set_string (vpop3_server_get_settings (third), "host", "three.example");
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (vpop3_server_list_find (list, vpop3_server_get_id (third)) == third);
  g_assert_null (vpop3_server_list_find (list, "no-such-id"));

  gone_id = g_strdup (vpop3_server_get_id (second));
  gone = g_object_ref (vpop3_server_get_settings (second));
  vpop3_server_list_remove (list, second);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  left = g_settings_get_user_value (gone, "host");
  g_assert_null (left);

  ids = g_settings_get_strv (f->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_false (g_strv_contains ((const char *const *) ids, gone_id));

  reloaded = vpop3_server_list_new (f->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reloaded)), ==, 2);
  first_host = server_string (nth (reloaded, 0), "host");
  g_assert_cmpstr (first_host, ==, "one.example");
  {
    g_autofree char *host = server_string (nth (reloaded, 1), "host");

    g_assert_cmpstr (host, ==, "three.example");
  }
}

/* An id that would not make a settings path, or twice the same, is dropped
 * with a warning instead of crashing GSettings. */
static void
test_bad_ids (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3ServerList) list = NULL;
  g_auto (GStrv) ids = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*server id*../evil*server id*server id*good1*");
      return;
    }
  /* The warnings are the point here, not failures. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_settings_set_strv (f->settings, "servers",
                       (const char *const[]){ "good1", "../evil", "", "good1", "good2", NULL });
  list = vpop3_server_list_new (f->settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  ids = g_settings_get_strv (f->settings, "servers");
  g_assert_cmpstrv (ids, ((const char *const[]){ "good1", "good2", NULL }));
}

/* Servers for this run only replace the list and write nothing. */
static void
test_for_this_run (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3ServerList) list = vpop3_server_list_new (f->settings);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) before = g_settings_get_strv (f->settings, "servers");
  g_auto (GStrv) after = NULL;
  const char *const specs[] = { "postmaster@127.0.0.1:6001", "[::1]:6002", "mail.example", NULL };
  const char *const bad[] = { "ok.example", "user@", NULL };
  g_autofree char *user = NULL;
  g_autofree char *name = NULL;

  g_assert_true (vpop3_server_list_use_for_this_run (list, specs, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (vpop3_server_get_id (nth (list, 0)), ==, "run1");
  user = vpop3_server_dup_user (nth (list, 0));
  g_assert_cmpstr (user, ==, "postmaster");
  name = vpop3_server_dup_name (nth (list, 1));
  g_assert_cmpstr (name, ==, "[::1]:6002");
  after = g_settings_get_strv (f->settings, "servers");
  g_assert_cmpstrv (after, before);

  g_assert_false (vpop3_server_list_use_for_this_run (list, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "user@"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
}

static void
test_spec_parse (void)
{
  static const struct
  {
    const char *spec;
    const char *host;
    guint16 port;
    const char *user;
  } good[] = {
    { "mail.example", "mail.example", 0, NULL },
    { "mail.example:6109", "mail.example", 6109, NULL },
    { "ann@mail.example", "mail.example", 0, "ann" },
    { "a@b@mail.example:1", "mail.example", 1, "a@b" },
    { "[2001:db8::1]:5109", "2001:db8::1", 5109, NULL },
    { "192.0.2.1", "192.0.2.1", 0, NULL },
  };
  static const char *const bad[] = { "", "@host", "user@", "host:", "host:70000", "host:x" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *host = NULL, *user = NULL;
      guint16 port = 1;

      g_test_message ("%s", good[i].spec);
      g_assert_true (vpop3_server_spec_parse (good[i].spec, &host, &port, &user));
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpuint (port, ==, good[i].port);
      g_assert_cmpstr (user, ==, good[i].user);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *host = NULL, *user = NULL;
      guint16 port = 0;

      g_test_message ("%s", bad[i]);
      g_assert_false (vpop3_server_spec_parse (bad[i], &host, &port, &user));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/server-list/migration", test_migration);
  ADD ("/server-list/first-start", test_first_start);
  ADD ("/server-list/add-remove", test_add_remove);
  ADD ("/server-list/bad-ids", test_bad_ids);
  ADD ("/server-list/for-this-run", test_for_this_run);
#undef ADD
  g_test_add_func ("/server-list/spec-parse", test_spec_parse);
  return g_test_run ();
}
