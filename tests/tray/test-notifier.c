/* test-notifier.c: the connection-lost notification and its grace period.
 *
 * The real notifier watches a real client, which talks to the simulator in
 * process; its notifications go through GApplication's freedesktop backend to
 * a fake org.freedesktop.Notifications on a private bus, which records them.
 * The grace is given at construction, short. Nothing here depends on how fast
 * the machine is: each check waits for an event, and "nothing was sent" is
 * read after the grace would have fired and after a later notification (the
 * sentinel) that must arrive behind anything sent before it.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-loop.h"
#include "vpop3-notifier.h"
#include "vpop3-simulator-server.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLOWNESS 3
#else
#define SLOWNESS 1
#endif

/* Safety nets only: every wait ends as soon as its event comes. */
#define SAFETY_MS (30000 * SLOWNESS)

/* Reconnects are quick here, so that a drop is over well within the grace. */
#define BACKOFF_INITIAL_MS 50
#define BACKOFF_MAX_MS     200

/* The grace for the lost-then-back test: long enough to tell "after the
 * grace" from "at once" (the first failed attempt comes within milliseconds). */
#define LOST_GRACE_MS 1000
/* The first grace for the quiet test; doubled while the reconnect itself
 * takes longer than the grace (a slow machine), up to the last one. */
#define QUIET_GRACE_MS     250
#define QUIET_GRACE_MAX_MS (64 * 1000)

#define HOST "127.0.0.1"

/* The fake notification server ----------------------------------------------------------- */

typedef struct
{
  guint32 id;
  guint32 replaces;
  char *summary;
  char *body;
  gint64 at; /* g_get_monotonic_time () when it arrived */
} Shown;

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->summary);
  g_free (shown->body);
  g_free (shown);
}

typedef struct
{
  GDBusConnection *connection;
  guint registration;
  guint owner;
  gboolean owned;
  GPtrArray *shown;
  guint closed;
  guint32 last_id;
} Server;

static Server server;

static const char server_xml[] =
    "<node><interface name='org.freedesktop.Notifications'>"
    "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
    "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
    "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
    "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
    "<method name='GetServerInformation'><arg type='s' direction='out'/>"
    "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
    "<arg type='s' direction='out'/></method>"
    "</interface></node>";

static void
on_server_call (GDBusConnection *connection,
                const char *sender,
                const char *path,
                const char *interface,
                const char *method,
                GVariant *parameters,
                GDBusMethodInvocation *invocation,
                gpointer user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      Shown *shown = g_new0 (Shown, 1);
      const char *summary, *body;

      g_variant_get (parameters, "(&sus&s&s@as@a{sv}i)", NULL, &shown->replaces, NULL, &summary,
                     &body, NULL, NULL, NULL);
      shown->summary = g_strdup (summary);
      shown->body = g_strdup (body);
      shown->id = shown->replaces != 0 ? shown->replaces : ++server.last_id;
      shown->at = g_get_monotonic_time ();
      g_ptr_array_add (server.shown, shown);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", shown->id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      server.closed++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", (char **) capabilities));
    }
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "fake", "vpop3", "1", "1.2"));
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  server.owned = TRUE;
}

static gboolean
server_is_owned (gpointer data)
{
  return server.owned;
}

static void
server_start (const char *address)
{
  static const GDBusInterfaceVTable vtable = { on_server_call, NULL, NULL, { 0 } };
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (server_xml, &error);

  g_assert_no_error (error);
  server.shown = g_ptr_array_new_with_free_func (shown_free);
  /* Its own connection, as a real server would have. */
  server.connection =
      g_dbus_connection_new_for_address_sync (address,
                                              G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                  G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                              NULL, NULL, &error);
  g_assert_no_error (error);
  server.registration =
      g_dbus_connection_register_object (server.connection, "/org/freedesktop/Notifications",
                                         info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  server.owner = g_bus_own_name_on_connection (server.connection, "org.freedesktop.Notifications",
                                               G_BUS_NAME_OWNER_FLAGS_NONE, on_name_acquired, NULL,
                                               NULL, NULL);
  g_assert_true (test_loop_wait (server_is_owned, NULL, SAFETY_MS));
}

static void
server_stop (void)
{
  g_bus_unown_name (server.owner);
  g_dbus_connection_unregister_object (server.connection, server.registration);
  g_dbus_connection_close_sync (server.connection, NULL, NULL);
  g_clear_object (&server.connection);
  g_clear_pointer (&server.shown, g_ptr_array_unref);
}

static Shown *
shown_at (guint index)
{
  g_assert_cmpuint (index, <, server.shown->len);
  return g_ptr_array_index (server.shown, index);
}

/* The fixture: simulator, client, application --------------------------------------------- */

typedef struct
{
  Vpop3Simulator *sim;
  guint16 port;
  Vpop3Status *status;
  Vpop3Client *client;
  GSettings *settings;
  GApplication *application;
  guint sentinels;
  guint logins;       /* CONNECTED states seen */
  gint64 logged_in;   /* g_get_monotonic_time () of the last one */
  guint retries;      /* "reconnect-scheduled" signals */
  guint wanted_count; /* for wait_shown () */
} Fixture;

static void
on_state (Vpop3Client *client, GParamSpec *pspec, gpointer user_data)
{
  Fixture *f = user_data;

  /* Connected before the notifier is created, so this runs before its
   * handler: the time taken here is before the notifier saw the login. */
  if (vpop3_client_get_state (client) == VPOP3_CLIENT_STATE_CONNECTED)
    {
      f->logins++;
      f->logged_in = g_get_monotonic_time ();
    }
}

static void
on_retry (Vpop3Client *client, guint delay_ms, gpointer user_data)
{
  Fixture *f = user_data;

  f->retries++;
}

/* The notifier's ids, and the test's own. */
static const char *const notification_ids[] = { "connection", "login", "poll", "message",
                                                "sentinel" };

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  static guint run;
  g_autoptr (GError) error = NULL;
  /* One application id per test: each test's notifications are its own. */
  g_autofree char *id = g_strdup_printf ("io.github.vpop3monitor.NotifierTest.Run%u", ++run);

  f->sim = vpop3_simulator_new ();
  vpop3_simulator_add_user (f->sim, "postmaster", "admin", VPOP3_PERMISSION_ALL);
  g_assert_true (vpop3_simulator_listen (f->sim, HOST, 0, &error));
  g_assert_no_error (error);
  f->port = vpop3_simulator_get_port (f->sim);

  f->status = vpop3_status_new ();
  f->client = vpop3_client_new (f->status);
  vpop3_client_set_server (f->client, HOST, f->port);
  vpop3_client_set_credentials (f->client, VPOP3_AUTH_ALOGIN, "postmaster", "admin");
  vpop3_client_set_auto_reconnect (f->client, TRUE);
  vpop3_client_set_backoff (f->client, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (on_state), f);
  g_signal_connect (f->client, "reconnect-scheduled", G_CALLBACK (on_retry), f);

  f->settings = g_settings_new (APP_ID);
  f->application = g_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (f->application, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_signal_handlers_disconnect_by_data (f->client, f);
  vpop3_client_disconnect (f->client);
  g_clear_object (&f->client);
  g_clear_object (&f->status);
  vpop3_simulator_stop (f->sim);
  g_clear_object (&f->sim);
  /* GLib 2.74's freedesktop backend outlives its application while it lists
   * notifications, and frees that list twice when the server then leaves the
   * bus: leave nothing listed. */
  for (guint i = 0; i < G_N_ELEMENTS (notification_ids); i++)
    g_application_withdraw_notification (f->application, notification_ids[i]);
  g_clear_object (&f->application);
  g_clear_object (&f->settings);
}

static gboolean
shown_reached (gpointer data)
{
  Fixture *f = data;

  return server.shown->len >= f->wanted_count;
}

/* Waits until the server has recorded @count notifications in all. */
static gboolean
wait_shown (Fixture *f, guint count, guint timeout_ms)
{
  f->wanted_count = count;
  return test_loop_wait (shown_reached, f, timeout_ms);
}

static void
on_pinged (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Sends a notification of the test's own and waits for it: anything the
 * application sent before it has arrived by then, since D-Bus keeps one
 * connection's messages in order. Returns its index among those shown. */
static guint
flush (Fixture *f)
{
  g_autofree char *title = g_strdup_printf ("sentinel %u", ++f->sentinels);
  g_autoptr (GNotification) notification = g_notification_new (title);
  guint from = server.shown->len;
  gboolean pinged = FALSE;

  g_application_send_notification (f->application, "sentinel", notification);
  for (;;)
    {
      g_assert_true (wait_shown (f, from + 1, SAFETY_MS));
      if (g_str_equal (shown_at (from)->summary, title))
        break;
      from++;
    }

  /* The server's replies, too, come back in order: once this one is in, so
   * are those to the Notify calls, and GLib's backend has listed each
   * notification, so that the teardown can withdraw them all. */
  g_dbus_connection_call (g_application_get_dbus_connection (f->application),
                          "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                          "org.freedesktop.Notifications", "GetServerInformation", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_pinged, &pinged);
  g_assert_true (test_loop_wait (is_true, &pinged, SAFETY_MS));
  return from;
}

/* Exactly @count notifications from @from up to the sentinel at @sentinel. */
static void
assert_shown (guint from, guint sentinel, guint count)
{
  for (guint i = from; i < sentinel; i++)
    g_test_message ("notified: %s", shown_at (i)->summary);
  g_assert_cmpuint (sentinel - from, ==, count);
}

typedef struct
{
  const guint *counter;
  guint count;
} CountWanted;

static gboolean
count_reached (gpointer data)
{
  CountWanted *wanted = data;

  return *wanted->counter >= wanted->count;
}

/* Waits until *@counter (the fixture's logins or retries) reaches @count. */
static void
wait_count (const guint *counter, guint count)
{
  CountWanted wanted = { counter, count };

  g_assert_true (test_loop_wait (count_reached, &wanted, SAFETY_MS));
}

static void
wait_logins (Fixture *f, guint count)
{
  wait_count (&f->logins, count);
}

static void
wait_retries (Fixture *f, guint count)
{
  wait_count (&f->retries, count);
}

/* Runs the main loop until the monotonic clock reaches @deadline. */
static void
run_until (gint64 deadline)
{
  gint64 now = g_get_monotonic_time ();

  if (deadline > now)
    test_loop_run_for ((guint) ((deadline - now) / 1000 + 1));
}

/* The tests --------------------------------------------------------------------------------- */

/* Lost for longer than the grace: one notification, not before the grace is
 * over, however many attempts fail; then "connected again", replacing it. */
static void
test_lost_then_back (Fixture *f, gconstpointer data)
{
  g_autoptr (Vpop3Notifier) notifier =
      vpop3_notifier_new (f->application, f->client, f->settings, LOST_GRACE_MS);
  g_autoptr (GError) error = NULL;
  g_autofree char *lost_title = g_strdup_printf ("Lost connection to VPOP3 on %s", HOST);
  g_autofree char *back_title = g_strdup_printf ("Connected to VPOP3 on %s again", HOST);
  guint base, closed, retries;
  gint64 stopped;
  Shown *lost, *back;

  vpop3_client_connect (f->client);
  wait_logins (f, 1);
  base = flush (f) + 1;
  closed = server.closed;

  stopped = g_get_monotonic_time ();
  vpop3_simulator_stop (f->sim);
  g_assert_true (wait_shown (f, base + 1, LOST_GRACE_MS + SAFETY_MS));
  lost = shown_at (base);
  g_assert_cmpstr (lost->summary, ==, lost_title);
  /* Why: the client's last error. */
  g_assert_cmpstr (lost->body, !=, "");
  /* Timers never fire early, so this holds at any speed. */
  g_assert_cmpint (lost->at - stopped, >=, (gint64) LOST_GRACE_MS * 1000);
  g_test_message ("lost after %.2f s, %u attempts retried (%s)", (lost->at - stopped) / 1e6,
                  f->retries, lost->body);

  /* More failures after it say nothing more. */
  retries = f->retries;
  wait_retries (f, retries + 1);

  g_assert_true (vpop3_simulator_listen (f->sim, HOST, f->port, &error));
  g_assert_no_error (error);
  wait_logins (f, 2);
  /* Sent as the login was seen: before the sentinel, and nothing else. */
  assert_shown (base, flush (f), 2);
  back = shown_at (base + 1);
  g_assert_cmpstr (back->summary, ==, back_title);
  g_assert_cmpuint (back->replaces, ==, lost->id);
  g_assert_cmpuint (server.closed, ==, closed);
}

/* Lost for less than the grace: nothing, even once the grace is long over.
 * The reconnect must come before the grace could have fired; on a machine
 * too slow for that, the same again with a longer grace. */
static void
test_quiet_within_grace (Fixture *f, gconstpointer data)
{
  guint grace;

  for (grace = QUIET_GRACE_MS; grace <= QUIET_GRACE_MAX_MS; grace *= 2)
    {
      g_autoptr (Vpop3Notifier) notifier =
          vpop3_notifier_new (f->application, f->client, f->settings, grace);
      guint base, closed, logins, retries;
      gint64 dropped, lost_for;

      /* A login the notifier sees, so that the drop counts as lost. */
      logins = f->logins;
      vpop3_client_connect (f->client);
      wait_logins (f, logins + 1);
      base = flush (f) + 1;
      closed = server.closed;

      retries = f->retries;
      dropped = g_get_monotonic_time ();
      vpop3_simulator_drop_all (f->sim);
      wait_logins (f, logins + 2);
      /* It was a lost connection, retried, not a user's disconnect. */
      g_assert_cmpuint (f->retries, >, retries);
      lost_for = f->logged_in - dropped;
      if (lost_for >= (gint64) grace * 1000)
        {
          /* The timer may have fired: this round proves nothing. */
          g_test_message ("reconnected after %.2f s, not within a %.2f s grace: again",
                          lost_for / 1e6, grace / 1e3);
          vpop3_client_disconnect (f->client);
          continue;
        }

      /* The timer, had it been left running, was due by now: it was armed
       * after the drop and before the login. The sentinel then comes after
       * anything it would have sent. */
      run_until (f->logged_in + (gint64) grace * 1000 * 3 / 2);
      g_test_message ("reconnected after %.3f s with a %.2f s grace", lost_for / 1e6, grace / 1e3);
      assert_shown (base, flush (f), 0);
      g_assert_cmpuint (server.closed, ==, closed);
      return;
    }
  g_assert_not_reached ();
}

int
main (int argc, char *argv[])
{
  g_autoptr (GTestDBus) bus = NULL;
  int status;

  /* Memory settings with the build's schema (meson sets GSETTINGS_SCHEMA_DIR);
   * the freedesktop backend is the one whose traffic the fake server sees. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_test_init (&argc, &argv, NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  server_start (g_test_dbus_get_bus_address (bus));

  g_test_add ("/notifier/lost-then-back", Fixture, NULL, fixture_set_up, test_lost_then_back,
              fixture_tear_down);
  g_test_add ("/notifier/quiet-within-grace", Fixture, NULL, fixture_set_up,
              test_quiet_within_grace, fixture_tear_down);
  status = g_test_run ();

  server_stop ();
  g_test_dbus_down (bus);
  return status;
}
