/* vpop3-tray-icon.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-tray-icon.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vpop3-text.h"

static const char *
state_suffix (Vpop3ClientState state, gboolean mail_waiting, gboolean mail_to_send)
{
  if (state != VPOP3_CLIENT_STATE_CONNECTED)
    return "disconnected";
  if (mail_waiting && mail_to_send)
    return "fat-letter";
  if (mail_waiting)
    return "fat";
  if (mail_to_send)
    return "letter";
  return "idle";
}

char *
vpop3_tray_icon_name (Vpop3ClientState state,
                      gboolean mail_waiting,
                      gboolean mail_to_send,
                      gboolean symbolic)
{
  return g_strdup_printf ("%s-%s%s", APP_ID, state_suffix (state, mail_waiting, mail_to_send),
                          symbolic ? "-symbolic" : "");
}

const char *
vpop3_tray_icon_description (Vpop3ClientState state,
                             gboolean mail_waiting,
                             gboolean mail_to_send,
                             gboolean queues_reported)
{
  if (state != VPOP3_CLIENT_STATE_CONNECTED)
    return _ ("VPOP3 status monitor: not connected");
  /* Never "nothing waiting" on counts that never came. */
  if (!queues_reported)
    return _ ("VPOP3: connected; the server does not report its queues");
  if (mail_waiting && mail_to_send)
    return _ ("VPOP3: mail waiting for users and mail waiting to be sent");
  if (mail_waiting)
    return _ ("VPOP3: mail waiting for users");
  if (mail_to_send)
    return _ ("VPOP3: mail waiting to be sent");
  return _ ("VPOP3: no mail waiting");
}

char *
vpop3_tray_summary (const char *host,
                    Vpop3ClientState state,
                    gboolean reconnecting,
                    const char *connection_text,
                    int out_queue,
                    int inboxes)
{
  GString *summary = g_string_new (NULL);
  const char *server = host != NULL && *host != '\0' ? host : _ ("(no server configured)");
  /* A menu item and a panel's tooltip hold one line: a CR the server kept
   * is shown as \xNN. */
  g_autofree char *shown = connection_text != NULL && vpop3_text_has_controls (connection_text)
                               ? vpop3_text_escape_controls (connection_text)
                               : NULL;

  if (shown != NULL)
    connection_text = shown;

  switch (state)
    {
    case VPOP3_CLIENT_STATE_CONNECTED:
      /* TRANSLATORS: "VPOP3 <server>: <connection status>" */
      g_string_printf (summary, _ ("VPOP3 %s: %s"), server,
                       connection_text != NULL ? connection_text : _ ("Connected"));
      if (out_queue > 0)
        /* TRANSLATORS: messages waiting to be sent out, after a middle dot */
        g_string_append_printf (
            summary,
            g_dngettext (GETTEXT_PACKAGE, " · %d to send", " · %d to send", (gulong) out_queue),
            out_queue);
      if (inboxes > 0)
        /* TRANSLATORS: messages waiting in users' inboxes, after a middle dot */
        g_string_append_printf (
            summary,
            g_dngettext (GETTEXT_PACKAGE, " · %d waiting", " · %d waiting", (gulong) inboxes),
            inboxes);
      break;
    case VPOP3_CLIENT_STATE_CONNECTING:
    case VPOP3_CLIENT_STATE_LOGGING_IN:
      g_string_printf (summary, _ ("VPOP3 %s: connecting…"), server);
      break;
    case VPOP3_CLIENT_STATE_LOGIN_REFUSED:
      g_string_printf (summary, _ ("VPOP3 %s: login refused"), server);
      break;
    case VPOP3_CLIENT_STATE_DISCONNECTED:
    default:
      g_string_printf (summary,
                       reconnecting ? _ ("VPOP3 %s: not connected, retrying")
                                    : _ ("VPOP3 %s: not connected"),
                       server);
      break;
    }

  return g_string_free (summary, FALSE);
}

char *
vpop3_tray_server_summary (Vpop3Server *server, const char *name)
{
  Vpop3Client *client = vpop3_server_get_client (server);
  Vpop3Status *status = vpop3_server_get_status (server);
  guint out = 0, inboxes = 0;
  gboolean has_out = vpop3_status_get_out_queue (status, &out, NULL);
  gboolean has_inboxes = vpop3_status_get_inboxes (status, &inboxes, NULL);

  return vpop3_tray_summary (name, vpop3_client_get_state (client),
                             vpop3_client_get_reconnecting (client),
                             vpop3_status_get_connection_text (status), has_out ? (int) out : -1,
                             has_inboxes ? (int) inboxes : -1);
}

char *
vpop3_tray_summary_servers (guint n_servers,
                            guint n_not_connected,
                            const char *first_not_connected,
                            int out_queue,
                            int inboxes)
{
  GString *summary = g_string_new (NULL);

  /* TRANSLATORS: the tray's first line with several servers */
  g_string_printf (
      summary, g_dngettext (GETTEXT_PACKAGE, "VPOP3: %u server", "VPOP3: %u servers", n_servers),
      n_servers);
  if (n_not_connected == 1 && first_not_connected != NULL)
    /* TRANSLATORS: after a middle dot: the one server not connected */
    g_string_append_printf (summary, _ (" · %s not connected"), first_not_connected);
  else if (n_not_connected > 0)
    /* TRANSLATORS: after a middle dot: how many servers are not connected */
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE, " · %u not connected",
                                         " · %u not connected", n_not_connected),
                            n_not_connected);
  if (out_queue > 0)
    g_string_append_printf (
        summary,
        g_dngettext (GETTEXT_PACKAGE, " · %d to send", " · %d to send", (gulong) out_queue),
        out_queue);
  if (inboxes > 0)
    g_string_append_printf (
        summary, g_dngettext (GETTEXT_PACKAGE, " · %d waiting", " · %d waiting", (gulong) inboxes),
        inboxes);
  return g_string_free (summary, FALSE);
}

char *
vpop3_tray_reason (const GError *error, guint max_chars)
{
  g_autofree char *first_line = NULL;
  g_autofree char *shortened = NULL;
  const char *end;

  if (error == NULL || error->message == NULL || max_chars == 0)
    return NULL;

  end = strchr (error->message, '\n');
  first_line = end != NULL ? g_strndup (error->message, (gsize) (end - error->message))
                           : g_strdup (error->message);
  g_strstrip (first_line);
  if (g_utf8_strlen (first_line, -1) <= (glong) max_chars)
    return g_steal_pointer (&first_line);

  /* Messages quote what a peer sent, so they can be long; keep the start. */
  shortened = g_utf8_substring (first_line, 0, max_chars - 1);
  return g_strconcat (shortened, "…", NULL);
}
