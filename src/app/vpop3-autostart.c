/* vpop3-autostart.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-autostart.h"

#include <glib/gi18n.h>
#include <string.h>

#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND  "org.freedesktop.portal.Background"
#define PORTAL_REQUEST     "org.freedesktop.portal.Request"

/* clang-format off */
G_DEFINE_QUARK (vpop3-autostart-error-quark, vpop3_autostart_error)
/* clang-format on */

char *
vpop3_autostart_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

/* -1: ask the file system; tests force one branch or the other. */
static int sandboxed_for_testing = -1;

void
vpop3_autostart_set_sandboxed_for_testing (gboolean sandboxed)
{
  sandboxed_for_testing = sandboxed ? 1 : 0;
}

gboolean
vpop3_autostart_is_sandboxed (void)
{
  if (sandboxed_for_testing >= 0)
    return sandboxed_for_testing;
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

static char *
desktop_entry (void)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();

  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                         _ ("VPOP3 Status Monitor"));
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _ ("Shows the state of a VPOP3 mail server in the panel"));
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                         "vpop3-monitor");
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TERMINAL,
                          FALSE);
  g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY,
                          TRUE);
  g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);
  g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-UsesNotifications", "true");
  return g_key_file_to_data (key_file, NULL, NULL);
}

static void
on_file_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_get_task_data (task) != NULL)
    ok = g_file_move_finish (G_FILE (source), result, &error);
  else
    {
      ok = g_file_delete_finish (G_FILE (source), result, &error);
      /* Already gone is what we wanted. */
      if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          ok = TRUE;
        }
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_entry_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autofree char *path = vpop3_autostart_get_path ();
  g_autoptr (GFile) file = g_file_new_for_path (path);

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_file_move_async (G_FILE (source), file, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     g_task_get_cancellable (task), NULL, NULL, on_file_done, task);
}

/* Written beside it, then renamed: the session never reads half an entry, and
 * the entry exists only once complete (replacing a file that does not exist
 * yet writes it in place). */
static void
write_entry (GTask *task)
{
  const char *contents = g_task_get_task_data (task);
  g_autofree char *path = vpop3_autostart_get_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *temporary = g_build_filename (folder, "." APP_ID ".desktop.new", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (temporary);

  g_file_replace_contents_async (file, contents, strlen (contents), NULL, FALSE,
                                 G_FILE_CREATE_REPLACE_DESTINATION, g_task_get_cancellable (task),
                                 on_entry_written, task);
}

/* TRUE when the folder was made or was there already (the usual case). */
static gboolean
folder_made (GObject *folder, GAsyncResult *result, GError **error)
{
  g_autoptr (GError) local_error = NULL;

  if (g_file_make_directory_finish (G_FILE (folder), result, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
fail_task (GTask *task, GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_folder_retried (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError *error = NULL;

  if (folder_made (source, result, &error))
    write_entry (user_data);
  else
    fail_task (user_data, error);
}

/* The configuration folder had to be made first: now its autostart folder. */
static void
on_config_folder_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (GFile) folder = g_file_get_child (G_FILE (source), "autostart");

  if (!folder_made (source, result, &error))
    {
      fail_task (task, error);
      return;
    }
  g_file_make_directory_async (folder, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                               on_folder_retried, task);
}

static void
on_folder_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (folder_made (source, result, &error))
    write_entry (task);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      /* A new account without even a configuration folder. */
      g_autoptr (GFile) config = g_file_get_parent (G_FILE (source));

      g_clear_error (&error);
      g_file_make_directory_async (config, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   on_config_folder_ready, task);
    }
  else
    fail_task (task, error);
}

/* The Background portal --------------------------------------------------------------- */

/* One RequestBackground call. The answer comes as the Response signal of a
 * Request object whose path follows from our unique name and handle_token,
 * so we listen there before calling: the portal may answer at once. */
typedef struct
{
  GDBusConnection *bus;
  char *path;
  guint response_id;
  GSource *cancelled_source;
  gboolean enabled;
  gboolean answered;
} PortalRequest;

static void
portal_request_stop (PortalRequest *request)
{
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  request->response_id = 0;
  if (request->cancelled_source != NULL)
    g_source_destroy (request->cancelled_source);
  g_clear_pointer (&request->cancelled_source, g_source_unref);
}

static void
portal_request_free (PortalRequest *request)
{
  portal_request_stop (request);
  g_free (request->path);
  g_clear_object (&request->bus);
  g_free (request);
}

/* Answers the caller once: the first of the Response, a failed call, or
 * cancellation wins. @error may be NULL (success). */
static void
portal_request_return (GTask *task, GError *error)
{
  PortalRequest *request = g_task_get_task_data (task);

  if (request->answered)
    {
      g_clear_error (&error);
      return;
    }
  request->answered = TRUE;
  portal_request_stop (request);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_portal_response (GDBusConnection *bus,
                    const char *sender,
                    const char *path,
                    const char *interface,
                    const char *signal,
                    GVariant *parameters,
                    gpointer user_data)
{
  g_autoptr (GTask) task = g_object_ref (user_data);
  PortalRequest *request = g_task_get_task_data (task);
  g_autoptr (GVariant) results = NULL;
  guint32 response = 2;
  gboolean autostart = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "autostart", "b", &autostart);

  /* 0: answered, 1: the user said no, 2: something else went wrong. Not
   * being allowed to run in the background also means not starting at
   * login, which is what switching it off asks for. */
  if (response == 2)
    portal_request_return (task, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                                              _ ("The Background portal could not change starting "
                                                 "at login")));
  else if (request->enabled && (response != 0 || !autostart))
    portal_request_return (task, g_error_new (VPOP3_AUTOSTART_ERROR, VPOP3_AUTOSTART_ERROR_REFUSED,
                                              "%s", _ ("Starting at login was not allowed")));
  else
    portal_request_return (task, NULL);
}

static void
subscribe_response (GTask *task, const char *path)
{
  PortalRequest *request = g_task_get_task_data (task);

  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->bus, request->response_id);
  g_free (request->path);
  request->path = g_strdup (path);
  /* The portal sends the Response to us alone, which needs no match rule
   * (as libportal and GTK do). */
  request->response_id = g_dbus_connection_signal_subscribe (
      request->bus, PORTAL_BUS_NAME, PORTAL_REQUEST, "Response", path, NULL,
      G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE, on_portal_response, g_object_ref (task), g_object_unref);
}

static void
on_portal_called (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  PortalRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  const char *handle = NULL;

  if (reply == NULL)
    {
      portal_request_return (task, error);
      return;
    }
  /* A portal that ignores handle_token says where it will answer. */
  g_variant_get (reply, "(&o)", &handle);
  if (!request->answered && g_strcmp0 (handle, request->path) != 0)
    subscribe_response (task, handle);
}

static gboolean
on_portal_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  PortalRequest *request = g_task_get_task_data (task);
  GError *error = NULL;

  /* Ends the portal's dialog, if it shows one. */
  g_dbus_connection_call (request->bus, PORTAL_BUS_NAME, request->path, PORTAL_REQUEST, "Close",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  portal_request_return (task, error);
  return G_SOURCE_REMOVE;
}

/* /org/freedesktop/portal/desktop/request/SENDER/TOKEN, where SENDER is our
 * unique name without its colon and with dots made underscores. */
static char *
request_path (GDBusConnection *bus, const char *token)
{
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);

  g_strdelimit (sender, ".", '_');
  return g_strdup_printf ("%s/request/%s/%s", PORTAL_OBJECT_PATH, sender, token);
}

/* Takes over @task. */
static void
request_background (GTask *task, gboolean enabled)
{
  GApplication *application = g_application_get_default ();
  GDBusConnection *bus =
      application != NULL ? g_application_get_dbus_connection (application) : NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  PortalRequest *request;
  GVariantBuilder options;
  const char *const commandline[] = { "vpop3-monitor", NULL };
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;

  if (bus == NULL || g_dbus_connection_get_unique_name (bus) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _ ("The session bus is not available"));
      g_object_unref (task);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  request = g_new0 (PortalRequest, 1);
  request->bus = g_object_ref (bus);
  request->enabled = enabled;
  g_task_set_task_data (task, request, (GDestroyNotify) portal_request_free);

  token = g_strdup_printf ("vpop3_%u", g_random_int ());
  path = request_path (bus, token);
  subscribe_response (task, path);
  if (cancellable != NULL)
    {
      request->cancelled_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, request->cancelled_source, G_SOURCE_FUNC (on_portal_cancelled));
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_ ("Show the VPOP3 server's state in the panel")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (enabled));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  /* As DBusActivatable=false in the desktop file: start the command line. */
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_BACKGROUND,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_portal_called, task);
}

void
vpop3_autostart_set_enabled_async (gboolean enabled,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *path = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) folder = NULL;
  char *contents;

  g_task_set_source_tag (task, vpop3_autostart_set_enabled_async);

  if (vpop3_autostart_is_sandboxed ())
    {
      request_background (task, enabled);
      return;
    }

  path = vpop3_autostart_get_path ();
  file = g_file_new_for_path (path);
  if (!enabled)
    {
      g_file_delete_async (file, G_PRIORITY_DEFAULT, cancellable, on_file_done, task);
      return;
    }

  /* ~/.config/autostart may not exist yet. */
  folder = g_file_get_parent (file);
  contents = desktop_entry ();
  g_task_set_task_data (task, contents, g_free);
  g_file_make_directory_async (folder, G_PRIORITY_DEFAULT, cancellable, on_folder_ready, task);
}

gboolean
vpop3_autostart_set_enabled_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
