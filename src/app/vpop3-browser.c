/* vpop3-browser.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-browser.h"

#include <string.h>

static char *
web_base (const char *host)
{
  const char *name = host != NULL && *host != '\0' ? host : "localhost";

  /* An IPv6 literal needs brackets in a URL. */
  if (strchr (name, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%d/", name, VPOP3_WEB_PORT);
  return g_strdup_printf ("http://%s:%d/", name, VPOP3_WEB_PORT);
}

char *
vpop3_browser_default_webmail_url (const char *host)
{
  return web_base (host);
}

char *
vpop3_browser_default_admin_url (const char *host)
{
  g_autofree char *base = web_base (host);

  return g_strconcat (base, "admin/", NULL);
}

static char *
configured_or (GSettings *settings, const char *key, char *fallback)
{
  g_autofree char *configured = g_settings_get_string (settings, key);

  if (configured != NULL && *g_strstrip (configured) != '\0')
    {
      g_free (fallback);
      return g_steal_pointer (&configured);
    }
  return fallback;
}

char *
vpop3_browser_webmail_url (GSettings *settings, const char *host)
{
  return configured_or (settings, "webmail-url", vpop3_browser_default_webmail_url (host));
}

char *
vpop3_browser_admin_url (GSettings *settings, const char *host)
{
  return configured_or (settings, "admin-url", vpop3_browser_default_admin_url (host));
}

char *
vpop3_browser_help_url (GSettings *settings)
{
  return configured_or (settings, "help-url", g_strdup (VPOP3_DEFAULT_HELP_URL));
}

static void
on_launched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* GIO's launcher, not gtk_show_uri_on_window(): given a window, that one
 * goes through the portal and never reports a browser that cannot start. */
void
vpop3_browser_open_async (GtkWindow *parent,
                          const char *uri,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  GdkDisplay *display =
      parent != NULL ? gtk_widget_get_display (GTK_WIDGET (parent)) : gdk_display_get_default ();
  g_autoptr (GdkAppLaunchContext) context = gdk_display_get_app_launch_context (display);
  GTask *task;

  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_browser_open_async);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), cancellable,
                                           on_launched, task);
}

gboolean
vpop3_browser_open_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
