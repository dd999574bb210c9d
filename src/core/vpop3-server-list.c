/* vpop3-server-list.c: the monitored servers and their settings.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-server-list.h"

#include <glib/gi18n.h>
#include <string.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#define SERVERS_PATH "/io/github/vpop3monitor/Vpop3Monitor/servers/"

/* What one server needs, once in the main schema (one server only), now in
 * each server's own. */
static const char *const moved_keys[] = {
  "host", "port", "user", "auth-method", "webmail-url", "admin-url",
};

struct _Vpop3ServerList
{
  GObject parent_instance;

  GSettings *settings;
  guint backoff_initial_ms;
  guint backoff_max_ms;
  Vpop3HistoryKeeper *history_keeper; /* may be NULL */
  GPtrArray *servers;                 /* Vpop3Server */
  gboolean this_run;                  /* servers for this run only: the stored list is left alone */
};

static void vpop3_server_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (Vpop3ServerList,
                               vpop3_server_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vpop3_server_list_model_init))

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_BACKOFF_INITIAL_MS,
  PROP_BACKOFF_MAX_MS,
  PROP_HISTORY_KEEPER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel ----------------------------------------------------------------------------- */

static GType
vpop3_server_list_get_item_type (GListModel *model)
{
  return VPOP3_TYPE_SERVER;
}

static guint
vpop3_server_list_get_n_items (GListModel *model)
{
  return VPOP3_SERVER_LIST (model)->servers->len;
}

static gpointer
vpop3_server_list_get_item (GListModel *model, guint position)
{
  Vpop3ServerList *self = VPOP3_SERVER_LIST (model);

  if (position >= self->servers->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->servers, position));
}

static void
vpop3_server_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vpop3_server_list_get_item_type;
  iface->get_n_items = vpop3_server_list_get_n_items;
  iface->get_item = vpop3_server_list_get_item;
}

/* Servers ------------------------------------------------------------------------------- */

static GSettingsSchema *
server_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema =
      source != NULL ? g_settings_schema_source_lookup (source, VPOP3_SERVER_SCHEMA_ID, TRUE)
                     : NULL;

  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed", VPOP3_SERVER_SCHEMA_ID);
  return schema;
}

/* The same backend as the main settings (tests give a memory one). */
static GSettings *
stored_server_settings (Vpop3ServerList *self, const char *id)
{
  g_autoptr (GSettingsSchema) schema = server_schema ();
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autofree char *path = g_strconcat (SERVERS_PATH, id, "/", NULL);

  g_object_get (self->settings, "backend", &backend, NULL);
  return g_settings_new_full (schema, backend, path);
}

static Vpop3Server *
make_server (Vpop3ServerList *self, const char *id, GSettings *settings)
{
  return g_object_new (VPOP3_TYPE_SERVER, "id", id, "settings", settings, "backoff-initial-ms",
                       self->backoff_initial_ms, "backoff-max-ms", self->backoff_max_ms,
                       "history-keeper", self->history_keeper, NULL);
}

static void
store_ids (Vpop3ServerList *self)
{
  g_autoptr (GStrvBuilder) ids = NULL;
  g_auto (GStrv) strv = NULL;

  if (self->this_run)
    return;
  ids = g_strv_builder_new ();
  for (guint i = 0; i < self->servers->len; i++)
    {
      const char *id = vpop3_server_get_id (g_ptr_array_index (self->servers, i));

      if (id != NULL)
        g_strv_builder_add (ids, id);
    }
  strv = g_strv_builder_end (ids);
  g_settings_set_strv (self->settings, "servers", (const char *const *) strv);
}

/* Ids are path elements: letters and digits only. */
static char *
new_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new (NULL);

  for (const char *p = uuid; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (id, *p);
  return g_string_free (id, FALSE);
}

static gboolean
is_valid_id (const char *id)
{
  if (*id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

Vpop3Server *
vpop3_server_list_add (Vpop3ServerList *self)
{
  g_autofree char *id = NULL;
  g_autoptr (GSettings) settings = NULL;
  Vpop3Server *server;

  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (self), NULL);
  g_return_val_if_fail (!self->this_run, NULL);

  id = new_id ();
  settings = stored_server_settings (self, id);
  server = make_server (self, id, settings);
  g_ptr_array_add (self->servers, server);
  store_ids (self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->servers->len - 1, 0, 1);
  return server;
}

static void
reset_all_keys (GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

void
vpop3_server_list_remove (Vpop3ServerList *self, Vpop3Server *server)
{
  guint position;
  g_autoptr (Vpop3Server) removed = NULL;

  g_return_if_fail (VPOP3_IS_SERVER_LIST (self));
  g_return_if_fail (VPOP3_IS_SERVER (server));

  if (!g_ptr_array_find (self->servers, server, &position))
    return;
  removed = g_ptr_array_steal_index (self->servers, position);
  vpop3_server_disconnect (removed);
  if (!self->this_run)
    {
      store_ids (self);
      reset_all_keys (vpop3_server_get_settings (removed));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

gboolean
vpop3_server_list_is_for_this_run (Vpop3ServerList *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (self), FALSE);

  return self->this_run;
}

Vpop3Server *
vpop3_server_list_find (Vpop3ServerList *self, const char *id)
{
  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (self), NULL);

  for (guint i = 0; i < self->servers->len; i++)
    {
      Vpop3Server *server = g_ptr_array_index (self->servers, i);

      if (g_strcmp0 (vpop3_server_get_id (server), id) == 0)
        return server;
    }
  return NULL;
}

/* A one-server configuration from before moves into a server of its own; the
 * old keys are reset only once it is there. */
static void
migrate (Vpop3ServerList *self)
{
  g_auto (GStrv) ids = g_settings_get_strv (self->settings, "servers");
  g_autofree char *id = NULL;
  g_autoptr (GSettings) server = NULL;
  gboolean configured = FALSE;

  if (ids[0] != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (moved_keys); i++)
    {
      g_autoptr (GVariant) user_value = g_settings_get_user_value (self->settings, moved_keys[i]);

      configured = configured || user_value != NULL;
    }
  if (!configured)
    return;

  id = new_id ();
  server = stored_server_settings (self, id);
  for (guint i = 0; i < G_N_ELEMENTS (moved_keys); i++)
    {
      g_autoptr (GVariant) value = g_settings_get_user_value (self->settings, moved_keys[i]);

      if (value != NULL)
        g_settings_set_value (server, moved_keys[i], value);
    }
  g_settings_set_strv (self->settings, "servers", (const char *const[]){ id, NULL });
  for (guint i = 0; i < G_N_ELEMENTS (moved_keys); i++)
    g_settings_reset (self->settings, moved_keys[i]);
}

static void
load (Vpop3ServerList *self)
{
  g_auto (GStrv) ids = g_settings_get_strv (self->settings, "servers");
  gboolean skipped = FALSE;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr (GSettings) settings = NULL;

      /* A hand-edited list must not make a path GSettings refuses. */
      if (!is_valid_id (ids[i]) || vpop3_server_list_find (self, ids[i]) != NULL)
        {
          g_warning ("Ignoring the server id “%s” in the settings", ids[i]);
          skipped = TRUE;
          continue;
        }
      settings = stored_server_settings (self, ids[i]);
      g_ptr_array_add (self->servers, make_server (self, ids[i], settings));
    }
  if (skipped)
    store_ids (self);
}

/* For this run only --------------------------------------------------------------------- */

gboolean
vpop3_server_spec_parse (const char *spec, char **host, guint16 *port, char **user)
{
  const char *at = strrchr (spec, '@');
  const char *address = at != NULL ? at + 1 : spec;
  g_autoptr (GSocketConnectable) parsed = NULL;
  guint parsed_port;

  if (at == spec || *address == '\0')
    return FALSE;
  parsed = g_network_address_parse (address, 0, NULL);
  if (parsed == NULL)
    return FALSE;
  parsed_port = g_network_address_get_port (G_NETWORK_ADDRESS (parsed));
  /* GIO takes "host:" as port 0: a port, when there is one, is 1–65535. */
  if (parsed_port == 0 && g_str_has_suffix (address, ":"))
    return FALSE;
  *host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed)));
  *port = (guint16) parsed_port;
  *user = at != NULL ? g_strndup (spec, at - spec) : NULL;
  return TRUE;
}

static GSettings *
memory_server_settings (const char *host, guint16 port, const char *user)
{
  g_autoptr (GSettingsSchema) schema = server_schema ();
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();
  GSettings *settings = g_settings_new_full (schema, backend, SERVERS_PATH "this-run/");

  g_settings_set_string (settings, "host", host);
  if (port != 0)
    g_settings_set (settings, "port", "q", port);
  if (user != NULL)
    g_settings_set_string (settings, "user", user);
  return settings;
}

gboolean
vpop3_server_list_use_for_this_run (Vpop3ServerList *self, const char *const *specs, GError **error)
{
  g_autoptr (GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  guint removed;

  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (self), FALSE);
  g_return_val_if_fail (specs != NULL && specs[0] != NULL, FALSE);

  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *host = NULL;
      g_autofree char *user = NULL;
      g_autofree char *id = NULL;
      g_autoptr (GSettings) settings = NULL;
      guint16 port = 0;

      if (!vpop3_server_spec_parse (specs[i], &host, &port, &user))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("Invalid server: %s (expected [USER@]HOST[:PORT])"), specs[i]);
          return FALSE;
        }
      settings = memory_server_settings (host, port, user);
      id = g_strdup_printf ("run%u", i + 1);
      g_ptr_array_add (servers, make_server (self, id, settings));
    }

  self->this_run = TRUE;
  removed = self->servers->len;
  for (guint i = 0; i < self->servers->len; i++)
    vpop3_server_disconnect (g_ptr_array_index (self->servers, i));
  g_ptr_array_set_size (self->servers, 0);
  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (self->servers, g_object_ref (g_ptr_array_index (servers, i)));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->servers->len);
  return TRUE;
}

/* GObject ------------------------------------------------------------------------------- */

static void
vpop3_server_list_constructed (GObject *object)
{
  Vpop3ServerList *self = VPOP3_SERVER_LIST (object);

  G_OBJECT_CLASS (vpop3_server_list_parent_class)->constructed (object);

  g_assert (self->settings != NULL);
  migrate (self);
  load (self);
  /* Someone to configure on the first start. */
  if (self->servers->len == 0)
    {
      g_autofree char *id = new_id ();
      g_autoptr (GSettings) settings = stored_server_settings (self, id);

      g_ptr_array_add (self->servers, make_server (self, id, settings));
      store_ids (self);
    }
}

static void
vpop3_server_list_dispose (GObject *object)
{
  Vpop3ServerList *self = VPOP3_SERVER_LIST (object);

  if (self->servers != NULL)
    for (guint i = 0; i < self->servers->len; i++)
      vpop3_server_disconnect (g_ptr_array_index (self->servers, i));
  g_clear_pointer (&self->servers, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->history_keeper);

  G_OBJECT_CLASS (vpop3_server_list_parent_class)->dispose (object);
}

static void
vpop3_server_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3ServerList *self = VPOP3_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_BACKOFF_INITIAL_MS:
      g_value_set_uint (value, self->backoff_initial_ms);
      break;
    case PROP_BACKOFF_MAX_MS:
      g_value_set_uint (value, self->backoff_max_ms);
      break;
    case PROP_HISTORY_KEEPER:
      g_value_set_object (value, self->history_keeper);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_server_list_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  Vpop3ServerList *self = VPOP3_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_BACKOFF_INITIAL_MS:
      self->backoff_initial_ms = g_value_get_uint (value);
      break;
    case PROP_BACKOFF_MAX_MS:
      self->backoff_max_ms = g_value_get_uint (value);
      break;
    case PROP_HISTORY_KEEPER:
      self->history_keeper = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_server_list_class_init (Vpop3ServerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_server_list_constructed;
  object_class->dispose = vpop3_server_list_dispose;
  object_class->get_property = vpop3_server_list_get_property;
  object_class->set_property = vpop3_server_list_set_property;

  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, construct);
  properties[PROP_BACKOFF_INITIAL_MS] =
      g_param_spec_uint ("backoff-initial-ms", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_BACKOFF_MAX_MS] =
      g_param_spec_uint ("backoff-max-ms", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_HISTORY_KEEPER] =
      g_param_spec_object ("history-keeper", NULL, NULL, VPOP3_TYPE_HISTORY_KEEPER, construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_server_list_init (Vpop3ServerList *self)
{
  self->servers = g_ptr_array_new_with_free_func (g_object_unref);
}

Vpop3ServerList *
vpop3_server_list_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VPOP3_TYPE_SERVER_LIST, "settings", settings, NULL);
}

Vpop3HistoryKeeper *
vpop3_server_list_get_history_keeper (Vpop3ServerList *self)
{
  g_return_val_if_fail (VPOP3_IS_SERVER_LIST (self), NULL);

  return self->history_keeper;
}
