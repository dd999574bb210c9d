/* vpop3-history-keeper.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-history-keeper.h"

#include <glib/gi18n.h>
#include <string.h>

/* Retention is applied once a day while the monitor runs: a wake-up a day is
 * not polling, and months-long runs must not keep what the user said to drop. */
#define PRUNE_INTERVAL_S (24 * 60 * 60)

struct _Vpop3HistoryKeeper
{
  GObject parent_instance;

  GSettings *settings;
  Vpop3History *history;
  GCancellable *cancellable;

  gboolean available;
  gboolean opening;
  /* The store could not be opened: try again before the next write. */
  gboolean reopen_wanted;
  char *problem;
  /* The problem came from a failed write, so a good write clears it. */
  gboolean problem_from_write;
  guint prune_source;
  /* Messages on their way to the store: closing waits for them, since a
   * server's answer that came meanwhile is written after the message. */
  guint writes_in_flight;
  GTask *closing; /* close_async waiting for them */
};

G_DEFINE_FINAL_TYPE (Vpop3HistoryKeeper, vpop3_history_keeper, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_HISTORY,
  PROP_AVAILABLE,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_available (Vpop3HistoryKeeper *self, gboolean available)
{
  if (self->available == available)
    return;
  self->available = available;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* An error's message as the first sentence of a longer text: without its
 * own full stop, which the text adds. */
static char *
sentence_of (const GError *error)
{
  char *text = g_strstrip (g_strdup (error->message));
  gsize len = strlen (text);

  if (len > 0 && text[len - 1] == '.')
    text[len - 1] = '\0';
  return text;
}

static void
set_problem (Vpop3HistoryKeeper *self, const char *problem, gboolean from_write)
{
  self->problem_from_write = from_write;
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (problem != NULL)
    g_message ("%s", problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Retention ------------------------------------------------------------------------- */

static void
on_pruned (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 deleted = vpop3_history_delete_older_than_finish (VPOP3_HISTORY (source), result, &error);

  if (deleted < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Old messages could not be deleted: %s", error->message);
}

static void
prune (Vpop3HistoryKeeper *self)
{
  guint days = (guint) g_settings_get_enum (self->settings, "history-retention");

  if (self->available && days > 0)
    vpop3_history_delete_older_than_async (self->history, days, self->cancellable, on_pruned, NULL);
}

static gboolean
on_prune_timeout (gpointer user_data)
{
  prune (user_data);
  return G_SOURCE_CONTINUE;
}

/* Opening and closing ------------------------------------------------------------- */

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Vpop3HistoryKeeper) self = user_data;
  g_autoptr (GError) damage = NULL;
  g_autoptr (GError) error = NULL;
  gboolean opened = vpop3_history_open_finish (VPOP3_HISTORY (source), result, &damage, &error);

  self->opening = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Switched off while it was opening. */
  if (!g_settings_get_boolean (self->settings, "keep-history"))
    {
      if (opened)
        vpop3_history_close_async (self->history, NULL, NULL, NULL);
      return;
    }
  if (!opened)
    {
      g_autofree char *why = sentence_of (error);
      g_autofree char *problem = g_strdup_printf (
          /* Translators: %s is why, a sentence of its own. */
          _ ("%s. Messages are kept in memory until the monitor exits."), why);

      self->reopen_wanted = TRUE;
      set_problem (self, problem, FALSE);
      set_available (self, FALSE);
      return;
    }
  self->reopen_wanted = FALSE;
  /* A damaged file was set aside: the user is told where it went. */
  set_problem (self, damage != NULL ? damage->message : NULL, FALSE);
  set_available (self, TRUE);
  prune (self);
}

static void
open_store (Vpop3HistoryKeeper *self)
{
  if (self->opening || self->available)
    return;
  self->opening = TRUE;
  vpop3_history_open_async (self->history, self->cancellable, on_opened, g_object_ref (self));
}

static void
on_keep_history_changed (Vpop3HistoryKeeper *self)
{
  if (g_settings_get_boolean (self->settings, "keep-history"))
    {
      open_store (self);
      return;
    }
  /* Off: nothing more is written; what is kept stays until cleared. */
  self->reopen_wanted = FALSE;
  set_problem (self, NULL, FALSE);
  if (self->available)
    {
      set_available (self, FALSE);
      vpop3_history_close_async (self->history, NULL, NULL, NULL);
    }
}

/* Public -------------------------------------------------------------------------- */

Vpop3History *
vpop3_history_keeper_get_history (Vpop3HistoryKeeper *self)
{
  g_return_val_if_fail (VPOP3_IS_HISTORY_KEEPER (self), NULL);
  return self->history;
}

gboolean
vpop3_history_keeper_get_available (Vpop3HistoryKeeper *self)
{
  g_return_val_if_fail (VPOP3_IS_HISTORY_KEEPER (self), FALSE);
  return self->available;
}

const char *
vpop3_history_keeper_get_problem (Vpop3HistoryKeeper *self)
{
  g_return_val_if_fail (VPOP3_IS_HISTORY_KEEPER (self), NULL);
  return self->problem;
}

gboolean
vpop3_history_keeper_get_enabled (Vpop3HistoryKeeper *self)
{
  g_return_val_if_fail (VPOP3_IS_HISTORY_KEEPER (self), FALSE);
  return g_settings_get_boolean (self->settings, "keep-history");
}

void
vpop3_history_keeper_report_failure (Vpop3HistoryKeeper *self, const GError *error)
{
  g_autofree char *problem = NULL;
  g_autofree char *why = NULL;

  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE))
    {
      self->reopen_wanted = TRUE;
      set_available (self, FALSE);
    }
  why = sentence_of (error);
  problem = g_strdup_printf (
      /* Translators: %s is why, a sentence of its own, e.g. "The message history could not
       * be saved: the disk is full". */
      _ ("%s. Messages that could not be saved are kept in memory until the monitor exits."), why);
  set_problem (self, problem, TRUE);
}

void
vpop3_history_keeper_report_success (Vpop3HistoryKeeper *self)
{
  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));

  if (self->problem_from_write)
    set_problem (self, NULL, FALSE);
}

void
vpop3_history_keeper_ensure_open (Vpop3HistoryKeeper *self)
{
  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));

  if (self->reopen_wanted && g_settings_get_boolean (self->settings, "keep-history"))
    open_store (self);
}

typedef struct
{
  char *host;
  guint16 port;
  char *user;
  /* The store was opened for this only (keep-history is off): close after. */
  gboolean close_after;
} ClearData;

static void
clear_data_free (ClearData *data)
{
  g_free (data->host);
  g_free (data->user);
  g_free (data);
}

static void
on_cleared (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Vpop3HistoryKeeper *self = g_task_get_source_object (task);
  ClearData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (data->close_after)
    vpop3_history_close_async (self->history, NULL, NULL, NULL);
  if (vpop3_history_clear_finish (VPOP3_HISTORY (source), result, &error) < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CLEARED], 0, data->host, (guint) data->port, data->user);
  g_task_return_boolean (task, TRUE);
}

static void
clear_now (GTask *task)
{
  Vpop3HistoryKeeper *self = g_task_get_source_object (task);
  ClearData *data = g_task_get_task_data (task);

  vpop3_history_clear_async (self->history, data->host, data->port, data->user,
                             g_task_get_cancellable (task), on_cleared, task);
}

static void
on_opened_to_clear (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  g_autoptr (GError) error = NULL;

  if (!vpop3_history_open_finish (VPOP3_HISTORY (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  clear_now (task);
}

void
vpop3_history_keeper_clear_async (Vpop3HistoryKeeper *self,
                                  const char *host,
                                  guint16 port,
                                  const char *user,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  GTask *task;
  ClearData *data;

  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_history_keeper_clear_async);
  data = g_new0 (ClearData, 1);
  data->host = g_strdup (host);
  data->port = port;
  data->user = g_strdup (user);
  g_task_set_task_data (task, data, (GDestroyNotify) clear_data_free);

  /* What is on disk is deleted even while nothing new is kept. */
  if (!self->available)
    {
      data->close_after = !g_settings_get_boolean (self->settings, "keep-history");
      vpop3_history_open_async (self->history, cancellable, on_opened_to_clear, task);
      return;
    }
  clear_now (task);
}

gboolean
vpop3_history_keeper_clear_finish (Vpop3HistoryKeeper *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_closed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!vpop3_history_close_finish (VPOP3_HISTORY (source), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void close_now (GTask *task);

void
vpop3_history_keeper_hold (Vpop3HistoryKeeper *self)
{
  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));

  self->writes_in_flight++;
}

void
vpop3_history_keeper_release (Vpop3HistoryKeeper *self)
{
  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));
  g_return_if_fail (self->writes_in_flight > 0);

  if (--self->writes_in_flight == 0 && self->closing != NULL)
    close_now (g_steal_pointer (&self->closing));
}

static void
close_now (GTask *task)
{
  Vpop3HistoryKeeper *self = g_task_get_source_object (task);

  set_available (self, FALSE);
  /* Jobs run in order: this waits for every write queued before it. */
  vpop3_history_close_async (self->history, g_task_get_cancellable (task), on_closed, task);
}

void
vpop3_history_keeper_close_async (Vpop3HistoryKeeper *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  GTask *task;

  g_return_if_fail (VPOP3_IS_HISTORY_KEEPER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_history_keeper_close_async);
  g_clear_handle_id (&self->prune_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->settings, self);
  self->reopen_wanted = FALSE;
  if (self->writes_in_flight > 0 && self->closing == NULL)
    {
      self->closing = task;
      return;
    }
  close_now (task);
}

gboolean
vpop3_history_keeper_close_finish (Vpop3HistoryKeeper *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Object -------------------------------------------------------------------------- */

static void
vpop3_history_keeper_constructed (GObject *object)
{
  Vpop3HistoryKeeper *self = VPOP3_HISTORY_KEEPER (object);

  G_OBJECT_CLASS (vpop3_history_keeper_parent_class)->constructed (object);
  g_return_if_fail (self->settings != NULL && self->history != NULL);

  g_signal_connect_swapped (self->settings, "changed::keep-history",
                            G_CALLBACK (on_keep_history_changed), self);
  g_signal_connect_swapped (self->settings, "changed::history-retention", G_CALLBACK (prune), self);
  self->prune_source = g_timeout_add_seconds (PRUNE_INTERVAL_S, on_prune_timeout, self);
  if (g_settings_get_boolean (self->settings, "keep-history"))
    open_store (self);
}

static void
vpop3_history_keeper_dispose (GObject *object)
{
  Vpop3HistoryKeeper *self = VPOP3_HISTORY_KEEPER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->prune_source, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (vpop3_history_keeper_parent_class)->dispose (object);
}

static void
vpop3_history_keeper_finalize (GObject *object)
{
  Vpop3HistoryKeeper *self = VPOP3_HISTORY_KEEPER (object);

  g_clear_object (&self->cancellable);
  g_free (self->problem);

  G_OBJECT_CLASS (vpop3_history_keeper_parent_class)->finalize (object);
}

static void
vpop3_history_keeper_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3HistoryKeeper *self = VPOP3_HISTORY_KEEPER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_history_keeper_set_property (GObject *object,
                                   guint prop_id,
                                   const GValue *value,
                                   GParamSpec *pspec)
{
  Vpop3HistoryKeeper *self = VPOP3_HISTORY_KEEPER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_HISTORY:
      self->history = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_history_keeper_class_init (Vpop3HistoryKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_history_keeper_constructed;
  object_class->dispose = vpop3_history_keeper_dispose;
  object_class->finalize = vpop3_history_keeper_finalize;
  object_class->get_property = vpop3_history_keeper_get_property;
  object_class->set_property = vpop3_history_keeper_set_property;

  properties[PROP_SETTINGS] =
      g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, construct);
  properties[PROP_HISTORY] =
      g_param_spec_object ("history", NULL, NULL, VPOP3_TYPE_HISTORY, construct);
  properties[PROP_AVAILABLE] = g_param_spec_boolean ("available", NULL, NULL, FALSE, read_only);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CLEARED] =
      g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_STRING);
}

static void
vpop3_history_keeper_init (Vpop3HistoryKeeper *self)
{
  self->cancellable = g_cancellable_new ();
}

Vpop3HistoryKeeper *
vpop3_history_keeper_new (GSettings *settings, Vpop3History *history)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (VPOP3_IS_HISTORY (history), NULL);

  return g_object_new (VPOP3_TYPE_HISTORY_KEEPER, "settings", settings, "history", history, NULL);
}
