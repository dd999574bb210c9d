/* vpop3-status.c: the model every view reads. Only vpop3_status_apply()
 * turns protocol updates into state, so the views never see the wire.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-status.h"

#include "vpop3-protocol-enums.h"

#define UNKNOWN_LINES_KEPT 100
/* Far more than any VPOP3 serves at once; past it a server (or something
 * posing as one) announcing session after session would grow us without
 * bound. Sessions beyond it are kept as unknown lines, counted, not shown. */
#define SESSIONS_MAX 10000
/* The same for per-user mailboxes: a large site has thousands of users. */
#define MAILBOXES_MAX 100000

struct _Vpop3Status
{
  GObject parent_instance;

  int build;
  char *connection_text;
  int out_queue_total;
  int out_queue_held;
  int inboxes_total;
  int inboxes_held;
  gboolean has_next_poll;
  GDateTime *next_poll;
  GDateTime *last_poll;
  Vpop3PollResult last_poll_result;
  int progress_collect;
  int progress_send;
  int progress_threads;
  char **connections;
  char *housekeeper;
  gboolean has_permissions;
  Vpop3Permissions permissions;
  Vpop3Permissions seen; /* kinds of data received, for effective permissions */
  guint unknown_count;
  GQueue unknown_lines;

  gboolean has_mailboxes;
  GListStore *mailboxes;         /* sorted by user */
  GHashTable *mailboxes_by_user; /* user → Vpop3Mailbox (borrowed from @mailboxes) */
  Vpop3Census *census;

  GListStore *sessions;
  GHashTable *sessions_by_id; /* id → Vpop3Session (borrowed from @sessions) */
  Vpop3ActivityLog *log;
};

G_DEFINE_FINAL_TYPE (Vpop3Status, vpop3_status, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUILD,
  PROP_CONNECTION_TEXT,
  PROP_OUT_QUEUE_TOTAL,
  PROP_OUT_QUEUE_HELD,
  PROP_INBOXES_TOTAL,
  PROP_INBOXES_HELD,
  PROP_HAS_NEXT_POLL,
  PROP_NEXT_POLL,
  PROP_LAST_POLL,
  PROP_LAST_POLL_RESULT,
  PROP_PROGRESS_COLLECT,
  PROP_PROGRESS_SEND,
  PROP_PROGRESS_THREADS,
  PROP_CONNECTIONS,
  PROP_HOUSEKEEPER,
  PROP_HAS_PERMISSIONS,
  PROP_PERMISSIONS,
  PROP_UNKNOWN_COUNT,
  PROP_MAIL_WAITING,
  PROP_MAIL_TO_SEND,
  PROP_HAS_MAILBOXES,
  PROP_LOG_LIMIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vpop3_status_dispose (GObject *object)
{
  Vpop3Status *self = VPOP3_STATUS (object);

  g_clear_pointer (&self->sessions_by_id, g_hash_table_unref);
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->mailboxes_by_user, g_hash_table_unref);
  g_clear_object (&self->mailboxes);
  g_clear_object (&self->census);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (vpop3_status_parent_class)->dispose (object);
}

static void
vpop3_status_finalize (GObject *object)
{
  Vpop3Status *self = VPOP3_STATUS (object);

  g_free (self->connection_text);
  g_clear_pointer (&self->next_poll, g_date_time_unref);
  g_clear_pointer (&self->last_poll, g_date_time_unref);
  g_strfreev (self->connections);
  g_free (self->housekeeper);
  g_queue_clear_full (&self->unknown_lines, g_free);

  G_OBJECT_CLASS (vpop3_status_parent_class)->finalize (object);
}

static void
vpop3_status_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Status *self = VPOP3_STATUS (object);

  switch (prop_id)
    {
    case PROP_BUILD:
      g_value_set_int (value, self->build);
      break;
    case PROP_CONNECTION_TEXT:
      g_value_set_string (value, self->connection_text);
      break;
    case PROP_OUT_QUEUE_TOTAL:
      g_value_set_int (value, self->out_queue_total);
      break;
    case PROP_OUT_QUEUE_HELD:
      g_value_set_int (value, self->out_queue_held);
      break;
    case PROP_INBOXES_TOTAL:
      g_value_set_int (value, self->inboxes_total);
      break;
    case PROP_INBOXES_HELD:
      g_value_set_int (value, self->inboxes_held);
      break;
    case PROP_HAS_NEXT_POLL:
      g_value_set_boolean (value, self->has_next_poll);
      break;
    case PROP_NEXT_POLL:
      g_value_set_boxed (value, self->next_poll);
      break;
    case PROP_LAST_POLL:
      g_value_set_boxed (value, self->last_poll);
      break;
    case PROP_LAST_POLL_RESULT:
      g_value_set_enum (value, self->last_poll_result);
      break;
    case PROP_PROGRESS_COLLECT:
      g_value_set_int (value, self->progress_collect);
      break;
    case PROP_PROGRESS_SEND:
      g_value_set_int (value, self->progress_send);
      break;
    case PROP_PROGRESS_THREADS:
      g_value_set_int (value, self->progress_threads);
      break;
    case PROP_CONNECTIONS:
      g_value_set_boxed (value, self->connections);
      break;
    case PROP_HOUSEKEEPER:
      g_value_set_string (value, self->housekeeper);
      break;
    case PROP_HAS_PERMISSIONS:
      g_value_set_boolean (value, self->has_permissions);
      break;
    case PROP_PERMISSIONS:
      g_value_set_flags (value, self->permissions);
      break;
    case PROP_UNKNOWN_COUNT:
      g_value_set_uint (value, self->unknown_count);
      break;
    case PROP_MAIL_WAITING:
      g_value_set_boolean (value, self->inboxes_total > 0);
      break;
    case PROP_MAIL_TO_SEND:
      g_value_set_boolean (value, self->out_queue_total > 0);
      break;
    case PROP_HAS_MAILBOXES:
      g_value_set_boolean (value, self->has_mailboxes);
      break;
    case PROP_LOG_LIMIT:
      g_value_set_uint (value, vpop3_activity_log_get_limit (self->log));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_status_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Status *self = VPOP3_STATUS (object);

  switch (prop_id)
    {
    case PROP_LOG_LIMIT:
      vpop3_status_set_log_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
int_property (const char *name)
{
  return g_param_spec_int (name, NULL, NULL, -1, G_MAXINT, -1,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
boolean_property (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
time_property (const char *name)
{
  return g_param_spec_boxed (name, NULL, NULL, G_TYPE_DATE_TIME,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
vpop3_status_class_init (Vpop3StatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vpop3_status_dispose;
  object_class->finalize = vpop3_status_finalize;
  object_class->get_property = vpop3_status_get_property;
  object_class->set_property = vpop3_status_set_property;

  properties[PROP_BUILD] = int_property ("build");
  properties[PROP_CONNECTION_TEXT] = string_property ("connection-text");
  properties[PROP_OUT_QUEUE_TOTAL] = int_property ("out-queue-total");
  properties[PROP_OUT_QUEUE_HELD] = int_property ("out-queue-held");
  properties[PROP_INBOXES_TOTAL] = int_property ("inboxes-total");
  properties[PROP_INBOXES_HELD] = int_property ("inboxes-held");
  properties[PROP_HAS_NEXT_POLL] = boolean_property ("has-next-poll");
  properties[PROP_NEXT_POLL] = time_property ("next-poll");
  properties[PROP_LAST_POLL] = time_property ("last-poll");
  properties[PROP_LAST_POLL_RESULT] = g_param_spec_enum (
      "last-poll-result", NULL, NULL, VPOP3_TYPE_POLL_RESULT, VPOP3_POLL_RESULT_NONE,
      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_COLLECT] = int_property ("progress-collect");
  properties[PROP_PROGRESS_SEND] = int_property ("progress-send");
  properties[PROP_PROGRESS_THREADS] = int_property ("progress-threads");
  properties[PROP_CONNECTIONS] =
      g_param_spec_boxed ("connections", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOUSEKEEPER] = string_property ("housekeeper");
  properties[PROP_HAS_PERMISSIONS] = boolean_property ("has-permissions");
  properties[PROP_PERMISSIONS] =
      g_param_spec_flags ("permissions", NULL, NULL, VPOP3_TYPE_PERMISSIONS, VPOP3_PERMISSION_NONE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNKNOWN_COUNT] =
      g_param_spec_uint ("unknown-count", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAIL_WAITING] = boolean_property ("mail-waiting");
  properties[PROP_MAIL_TO_SEND] = boolean_property ("mail-to-send");
  properties[PROP_HAS_MAILBOXES] = boolean_property ("has-mailboxes");
  properties[PROP_LOG_LIMIT] =
      g_param_spec_uint ("log-limit", NULL, NULL, 1, G_MAXINT, VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
      g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                    G_TYPE_NONE, 3, G_TYPE_DATE_TIME, G_TYPE_STRING, G_TYPE_STRING);
}

static void
clear_values (Vpop3Status *self)
{
  self->build = -1;
  g_clear_pointer (&self->connection_text, g_free);
  self->out_queue_total = self->out_queue_held = -1;
  self->inboxes_total = self->inboxes_held = -1;
  self->has_next_poll = FALSE;
  g_clear_pointer (&self->next_poll, g_date_time_unref);
  g_clear_pointer (&self->last_poll, g_date_time_unref);
  self->last_poll_result = VPOP3_POLL_RESULT_NONE;
  self->progress_collect = self->progress_send = self->progress_threads = -1;
  g_clear_pointer (&self->connections, g_strfreev);
  g_clear_pointer (&self->housekeeper, g_free);
  self->has_permissions = FALSE;
  self->permissions = VPOP3_PERMISSION_NONE;
  self->seen = VPOP3_PERMISSION_NONE;
  self->unknown_count = 0;
  self->has_mailboxes = FALSE;
  g_queue_clear_full (&self->unknown_lines, g_free);
}

static void
vpop3_status_init (Vpop3Status *self)
{
  g_queue_init (&self->unknown_lines);
  clear_values (self);
  self->sessions = g_list_store_new (VPOP3_TYPE_SESSION);
  self->sessions_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->mailboxes = g_list_store_new (VPOP3_TYPE_MAILBOX);
  self->mailboxes_by_user = g_hash_table_new (g_str_hash, g_str_equal);
  self->census = vpop3_census_new ();
  self->log = vpop3_activity_log_new (VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT);
}

Vpop3Status *
vpop3_status_new (void)
{
  return g_object_new (VPOP3_TYPE_STATUS, NULL);
}

/* Setters that notify only on change ----------------------------------------- */

static void
set_int (Vpop3Status *self, int *field, int value, guint prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (Vpop3Status *self, char **field, const char *value, guint prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_boolean (Vpop3Status *self, gboolean *field, gboolean value, guint prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_time (Vpop3Status *self, GDateTime **field, GDateTime *value, guint prop_id)
{
  if (*field == value || (*field != NULL && value != NULL && g_date_time_equal (*field, value)))
    return;
  g_clear_pointer (field, g_date_time_unref);
  *field = value != NULL ? g_date_time_ref (value) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_queue (Vpop3Status *self,
           int *total,
           int *held,
           const Vpop3Update *update,
           guint total_prop,
           guint held_prop,
           guint flag_prop)
{
  gboolean had_mail = *total > 0;

  set_int (self, total, (int) update->total, total_prop);
  set_int (self, held, (int) update->held, held_prop);
  if (had_mail != (*total > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[flag_prop]);
}

static void note_unknown (Vpop3Status *self, const char *raw);

static void
apply_session (Vpop3Status *self, const Vpop3Update *update)
{
  Vpop3Session *session = g_hash_table_lookup (self->sessions_by_id, update->id);

  if (session != NULL)
    {
      vpop3_session_update (session, update);
      return;
    }
  if (g_hash_table_size (self->sessions_by_id) >= SESSIONS_MAX)
    {
      note_unknown (self, update->raw);
      return;
    }

  session = vpop3_session_new_from_update (update);
  g_hash_table_insert (self->sessions_by_id, (gpointer) vpop3_session_get_id (session), session);
  g_list_store_append (self->sessions, session);
  g_object_unref (session);
}

static void
remove_session (Vpop3Status *self, const char *id)
{
  Vpop3Session *session = g_hash_table_lookup (self->sessions_by_id, id);
  guint position;

  if (session == NULL)
    return;
  g_hash_table_remove (self->sessions_by_id, id);
  if (g_list_store_find (self->sessions, session, &position))
    g_list_store_remove (self->sessions, position);
}

static int
compare_mailboxes (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return vpop3_mailbox_compare_users (vpop3_mailbox_get_user ((Vpop3Mailbox *) a),
                                      vpop3_mailbox_get_user ((Vpop3Mailbox *) b));
}

/* A binary search: g_list_store_find() walks the list, which a server
 * emptying 100,000 mailboxes one by one would make quadratic. */
static gboolean
find_mailbox (Vpop3Status *self, const char *user, guint *position)
{
  guint low = 0, high = g_list_model_get_n_items (G_LIST_MODEL (self->mailboxes));

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr (Vpop3Mailbox) mailbox =
          g_list_model_get_item (G_LIST_MODEL (self->mailboxes), middle);
      int order = vpop3_mailbox_compare_users (user, vpop3_mailbox_get_user (mailbox));

      if (order == 0)
        {
          *position = middle;
          return TRUE;
        }
      if (order < 0)
        high = middle;
      else
        low = middle + 1;
    }
  return FALSE;
}

static void
apply_mailbox (Vpop3Status *self, const Vpop3Update *update)
{
  Vpop3Mailbox *mailbox = g_hash_table_lookup (self->mailboxes_by_user, update->user);
  gboolean empty = update->total == 0 && update->held == 0;
  guint position;

  set_boolean (self, &self->has_mailboxes, TRUE, PROP_HAS_MAILBOXES);
  if (mailbox != NULL)
    {
      if (!find_mailbox (self, update->user, &position))
        g_return_if_reached ();
      if (empty)
        {
          g_hash_table_remove (self->mailboxes_by_user, update->user);
          g_list_store_remove (self->mailboxes, position);
        }
      else if (vpop3_mailbox_set_counts (mailbox, update->total, update->held))
        {
          /* Same item, same place: tells a view that follows only the model.
           * Held meanwhile: the store drops its reference first. */
          g_autoptr (Vpop3Mailbox) item = g_object_ref (mailbox);

          g_list_store_splice (self->mailboxes, position, 1, (gpointer *) &item, 1);
        }
      return;
    }
  if (empty)
    return;
  if (g_hash_table_size (self->mailboxes_by_user) >= MAILBOXES_MAX)
    {
      note_unknown (self, update->raw);
      return;
    }

  mailbox = vpop3_mailbox_new (update->user, update->total, update->held);
  g_hash_table_insert (self->mailboxes_by_user, (gpointer) vpop3_mailbox_get_user (mailbox),
                       mailbox);
  g_list_store_insert_sorted (self->mailboxes, mailbox, compare_mailboxes, NULL);
  g_object_unref (mailbox);
}

static void
note_unknown (Vpop3Status *self, const char *raw)
{
  g_queue_push_tail (&self->unknown_lines, g_strdup (raw));
  if (self->unknown_lines.length > UNKNOWN_LINES_KEPT)
    g_free (g_queue_pop_head (&self->unknown_lines));
  self->unknown_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNKNOWN_COUNT]);
}

void
vpop3_status_apply (Vpop3Status *self, const Vpop3Update *update)
{
  g_return_if_fail (VPOP3_IS_STATUS (self));
  g_return_if_fail (update != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  vpop3_census_record (self->census, update);
  switch (update->type)
    {
    case VPOP3_UPDATE_LOG:
      self->seen |= VPOP3_PERMISSION_VIEW_LOG;
      vpop3_activity_log_append (self->log, update->time, update->text);
      break;

    case VPOP3_UPDATE_CONNECTION:
      self->seen |= VPOP3_PERMISSION_VIEW_CONNECTION;
      set_string (self, &self->connection_text, update->text, PROP_CONNECTION_TEXT);
      break;

    case VPOP3_UPDATE_NEXT_POLL:
      self->seen |= VPOP3_PERMISSION_VIEW_CONNECTION;
      set_time (self, &self->next_poll, update->time, PROP_NEXT_POLL);
      set_boolean (self, &self->has_next_poll, TRUE, PROP_HAS_NEXT_POLL);
      break;

    case VPOP3_UPDATE_LAST_POLL:
      self->seen |= VPOP3_PERMISSION_VIEW_CONNECTION;
      set_time (self, &self->last_poll, update->time, PROP_LAST_POLL);
      if (self->last_poll_result != update->result)
        {
          self->last_poll_result = update->result;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_POLL_RESULT]);
        }
      break;

    case VPOP3_UPDATE_OUT_QUEUE:
      self->seen |= VPOP3_PERMISSION_VIEW_QUEUES;
      set_queue (self, &self->out_queue_total, &self->out_queue_held, update, PROP_OUT_QUEUE_TOTAL,
                 PROP_OUT_QUEUE_HELD, PROP_MAIL_TO_SEND);
      break;

    case VPOP3_UPDATE_INBOXES:
      self->seen |= VPOP3_PERMISSION_VIEW_USER_QUEUES;
      set_queue (self, &self->inboxes_total, &self->inboxes_held, update, PROP_INBOXES_TOTAL,
                 PROP_INBOXES_HELD, PROP_MAIL_WAITING);
      break;

    case VPOP3_UPDATE_PROGRESS:
      self->seen |= VPOP3_PERMISSION_VIEW_CONNECTION;
      set_int (self, &self->progress_collect, update->collect, PROP_PROGRESS_COLLECT);
      set_int (self, &self->progress_send, update->send, PROP_PROGRESS_SEND);
      set_int (self, &self->progress_threads, (int) update->threads, PROP_PROGRESS_THREADS);
      break;

    case VPOP3_UPDATE_CONNECTIONS:
      if (self->connections == NULL || !g_strv_equal ((const char *const *) self->connections,
                                                      (const char *const *) update->names))
        {
          g_strfreev (self->connections);
          self->connections = g_strdupv (update->names);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTIONS]);
        }
      break;

    case VPOP3_UPDATE_SESSION:
      apply_session (self, update);
      break;

    case VPOP3_UPDATE_SESSION_ENDED:
      remove_session (self, update->id);
      break;

    case VPOP3_UPDATE_HOUSEKEEPER:
      set_string (self, &self->housekeeper, update->text, PROP_HOUSEKEEPER);
      break;

    case VPOP3_UPDATE_MESSAGE:
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, update->time, update->user, update->text);
      break;

    case VPOP3_UPDATE_PERMISSIONS:
      if (self->permissions != update->permissions)
        {
          self->permissions = update->permissions;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERMISSIONS]);
        }
      set_boolean (self, &self->has_permissions, TRUE, PROP_HAS_PERMISSIONS);
      break;

    case VPOP3_UPDATE_MAILBOX:
      self->seen |= VPOP3_PERMISSION_VIEW_USER_QUEUES;
      apply_mailbox (self, update);
      break;

    case VPOP3_UPDATE_REPLY: /* a reply no command was waiting for */
    case VPOP3_UPDATE_UNKNOWN:
    default:
      note_unknown (self, update->raw);
      break;
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
vpop3_status_reset (Vpop3Status *self)
{
  g_return_if_fail (VPOP3_IS_STATUS (self));

  g_object_freeze_notify (G_OBJECT (self));
  clear_values (self);
  for (guint i = PROP_BUILD; i < PROP_LOG_LIMIT; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_hash_table_remove_all (self->sessions_by_id);
  g_list_store_remove_all (self->sessions);
  g_hash_table_remove_all (self->mailboxes_by_user);
  g_list_store_remove_all (self->mailboxes);
  vpop3_activity_log_clear (self->log);
  g_object_thaw_notify (G_OBJECT (self));
}

void
vpop3_status_set_build (Vpop3Status *self, int build)
{
  g_return_if_fail (VPOP3_IS_STATUS (self));

  set_int (self, &self->build, build, PROP_BUILD);
  vpop3_census_set_build (self->census, build);
}

/* Getters -------------------------------------------------------------------- */

int
vpop3_status_get_build (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), -1);
  return self->build;
}

const char *
vpop3_status_get_connection_text (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return self->connection_text;
}

static gboolean
get_queue (int total, int held, guint *total_out, guint *held_out)
{
  if (total < 0)
    return FALSE;
  if (total_out != NULL)
    *total_out = (guint) total;
  if (held_out != NULL)
    *held_out = (guint) held;
  return TRUE;
}

gboolean
vpop3_status_get_out_queue (Vpop3Status *self, guint *total, guint *held)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);
  return get_queue (self->out_queue_total, self->out_queue_held, total, held);
}

gboolean
vpop3_status_get_inboxes (Vpop3Status *self, guint *total, guint *held)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);
  return get_queue (self->inboxes_total, self->inboxes_held, total, held);
}

gboolean
vpop3_status_get_next_poll (Vpop3Status *self, GDateTime **time)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);

  if (time != NULL)
    *time = self->next_poll;
  return self->has_next_poll;
}

gboolean
vpop3_status_get_last_poll (Vpop3Status *self, GDateTime **time, Vpop3PollResult *result)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);

  if (time != NULL)
    *time = self->last_poll;
  if (result != NULL)
    *result = self->last_poll_result;
  return self->last_poll_result != VPOP3_POLL_RESULT_NONE;
}

gboolean
vpop3_status_get_progress (Vpop3Status *self, int *collect, int *send, guint *threads)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);

  if (collect != NULL)
    *collect = self->progress_collect;
  if (send != NULL)
    *send = self->progress_send;
  if (threads != NULL)
    *threads = self->progress_threads < 0 ? 0 : (guint) self->progress_threads;
  return self->progress_threads >= 0;
}

const char *const *
vpop3_status_get_connections (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return (const char *const *) self->connections;
}

const char *
vpop3_status_get_housekeeper (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return self->housekeeper;
}

gboolean
vpop3_status_get_permissions (Vpop3Status *self, Vpop3Permissions *permissions)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);

  if (permissions != NULL)
    *permissions = self->permissions;
  return self->has_permissions;
}

Vpop3Permissions
vpop3_status_get_effective_permissions (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), VPOP3_PERMISSION_NONE);

  return self->has_permissions ? self->permissions : self->seen;
}

gboolean
vpop3_status_allows (Vpop3Status *self, Vpop3Permissions any_of)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), FALSE);

  return !self->has_permissions || (self->permissions & any_of) != 0;
}

GListModel *
vpop3_status_get_mailboxes (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return G_LIST_MODEL (self->mailboxes);
}

Vpop3Census *
vpop3_status_get_census (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return self->census;
}

GListModel *
vpop3_status_get_sessions (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return G_LIST_MODEL (self->sessions);
}

Vpop3ActivityLog *
vpop3_status_get_log (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);
  return self->log;
}

void
vpop3_status_set_log_limit (Vpop3Status *self, guint limit)
{
  g_return_if_fail (VPOP3_IS_STATUS (self));

  if (limit == vpop3_activity_log_get_limit (self->log))
    return;
  vpop3_activity_log_set_limit (self->log, limit);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_LIMIT]);
}

guint
vpop3_status_get_unknown_count (Vpop3Status *self)
{
  g_return_val_if_fail (VPOP3_IS_STATUS (self), 0);
  return self->unknown_count;
}

GPtrArray *
vpop3_status_dup_unknown_lines (Vpop3Status *self)
{
  GPtrArray *lines;

  g_return_val_if_fail (VPOP3_IS_STATUS (self), NULL);

  lines = g_ptr_array_new_with_free_func (g_free);
  for (GList *l = self->unknown_lines.head; l != NULL; l = l->next)
    g_ptr_array_add (lines, g_strdup (l->data));
  return lines;
}
