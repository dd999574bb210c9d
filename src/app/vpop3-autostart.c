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

char *
vpop3_autostart_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

gboolean
vpop3_autostart_is_sandboxed (void)
{
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
    ok = g_file_replace_contents_finish (G_FILE (source), result, NULL, &error);
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
write_entry (GTask *task)
{
  const char *contents = g_task_get_task_data (task);
  g_autofree char *path = vpop3_autostart_get_path ();
  g_autoptr (GFile) file = g_file_new_for_path (path);

  g_file_replace_contents_async (file, contents, strlen (contents), NULL, FALSE, G_FILE_CREATE_NONE,
                                 g_task_get_cancellable (task), on_file_done, task);
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

static void
on_portal_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  /* The portal answers later, on a Request object, whether the user
   * allowed it; a refusal there is the user's choice, not our error. */
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
request_background (GTask *task, gboolean enabled)
{
  GApplication *application = g_application_get_default ();
  GDBusConnection *bus =
      application != NULL ? g_application_get_dbus_connection (application) : NULL;
  GVariantBuilder options;
  const char *const commandline[] = { "vpop3-monitor", NULL };

  if (bus == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _ ("The session bus is not available"));
      g_object_unref (task);
      return;
    }

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_ ("Show the VPOP3 server's state in the panel")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (enabled));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_BACKGROUND,
                          "RequestBackground", g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_portal_done, task);
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
