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

gboolean
vpop3_browser_open (GtkWindow *parent, const char *uri, GError **error)
{
  g_return_val_if_fail (uri != NULL, FALSE);

  return gtk_show_uri_on_window (parent, uri, GDK_CURRENT_TIME, error);
}
