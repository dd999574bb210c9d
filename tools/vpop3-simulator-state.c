/* vpop3-simulator-state.c: what the simulated server currently reports.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-state.h"

#include <string.h>

typedef struct
{
  Vpop3Update *update; /* the last "8" line for this id */
  gint64 started;      /* monotonic µs, so the burst reports the current age */
} Session;

struct _Vpop3SimulatorState
{
  GObject parent_instance;

  char *connection;
  GDateTime *next_poll;
  GDateTime *last_poll;
  Vpop3PollResult last_result;
  guint out_total;
  guint out_held;
  guint in_total;
  guint in_held;
  int collect;
  int send;
  guint threads;
  char **connections;
  char *housekeeper;
  GTree *mailboxes;    /* user → Vpop3Update ("U"), none of them empty */
  GPtrArray *sessions; /* Session, in the order they began */
  GQueue log;          /* Vpop3Update, oldest first */
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorState, vpop3_simulator_state, G_TYPE_OBJECT)

static void
session_free (Session *session)
{
  vpop3_update_free (session->update);
  g_free (session);
}

static Session *
find_session (Vpop3SimulatorState *self, const char *id, guint *index)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      Session *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (session->update->id, id) == 0)
        {
          if (index != NULL)
            *index = i;
          return session;
        }
    }
  return NULL;
}

static GDateTime *
now_plus (GTimeSpan offset)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_add (now, offset);
}

static void
add_log (Vpop3SimulatorState *self, GTimeSpan age, const char *text)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_LOG);

  update->time = now_plus (-age);
  update->text = g_strdup (text);
  vpop3_simulator_state_apply (self, update);
}

static void
add_session (Vpop3SimulatorState *self,
             const char *id,
             const char *type,
             const char *user,
             guint seconds,
             const char *detail)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_SESSION);

  update->id = g_strdup (id);
  update->session_type = g_strdup (type);
  update->user = g_strdup (user);
  update->seconds = seconds;
  update->text = g_strdup (detail);
  vpop3_simulator_state_apply (self, update);
}

/* A small office at rest: a few messages waiting to be collected, nothing to
 * send, the last poll five minutes ago and the next in ten. */
static void
set_quiet_office (Vpop3SimulatorState *self)
{
  static const char *const connections[] = { "Internet Mail", "Backup Relay", NULL };

  self->connection = g_strdup ("Idle");
  self->next_poll = now_plus (10 * G_TIME_SPAN_MINUTE);
  self->last_poll = now_plus (-5 * G_TIME_SPAN_MINUTE);
  self->last_result = VPOP3_POLL_RESULT_OK;
  self->in_total = 3;
  self->connections = g_strdupv ((char **) connections);
  self->housekeeper = g_strdup ("Idle");

  add_session (self, "1021", "IMAP4 Server (7)", "sarah (192.168.1.23)", 1260, "IDLE");
  add_session (self, "1022", "WebMail (3)", "james (192.168.1.40)", 300, "Reading inbox");

  add_log (self, 5 * G_TIME_SPAN_MINUTE + 40 * G_TIME_SPAN_SECOND,
           "Connecting to mail.example.com");
  add_log (self, 5 * G_TIME_SPAN_MINUTE + 38 * G_TIME_SPAN_SECOND,
           "Retrieving message 1 of 3 from pop.example.com");
  add_log (self, 5 * G_TIME_SPAN_MINUTE + 36 * G_TIME_SPAN_SECOND,
           "Retrieving message 2 of 3 from pop.example.com");
  add_log (self, 5 * G_TIME_SPAN_MINUTE + 33 * G_TIME_SPAN_SECOND,
           "Retrieving message 3 of 3 from pop.example.com");
  add_log (self, 5 * G_TIME_SPAN_MINUTE + 30 * G_TIME_SPAN_SECOND,
           "Sending message to smtp.example.net");
  add_log (self, 5 * G_TIME_SPAN_MINUTE, "Disconnected from mail.example.com");
  add_log (self, 2 * G_TIME_SPAN_MINUTE, "Housekeeper: mailbox check complete");
}

static void
vpop3_simulator_state_finalize (GObject *object)
{
  Vpop3SimulatorState *self = VPOP3_SIMULATOR_STATE (object);

  g_free (self->connection);
  g_clear_pointer (&self->next_poll, g_date_time_unref);
  g_clear_pointer (&self->last_poll, g_date_time_unref);
  g_strfreev (self->connections);
  g_free (self->housekeeper);
  g_ptr_array_unref (self->sessions);
  g_tree_unref (self->mailboxes);
  g_queue_clear_full (&self->log, (GDestroyNotify) vpop3_update_free);

  G_OBJECT_CLASS (vpop3_simulator_state_parent_class)->finalize (object);
}

static void
vpop3_simulator_state_class_init (Vpop3SimulatorStateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vpop3_simulator_state_finalize;
}

static int
compare_users (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (a, b);
}

static void
vpop3_simulator_state_init (Vpop3SimulatorState *self)
{
  self->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) session_free);
  self->mailboxes = g_tree_new_full (compare_users, NULL, NULL, (GDestroyNotify) vpop3_update_free);
  g_queue_init (&self->log);
  self->collect = VPOP3_PROGRESS_IDLE;
  self->send = VPOP3_PROGRESS_IDLE;
  set_quiet_office (self);
}

Vpop3SimulatorState *
vpop3_simulator_state_new (void)
{
  return g_object_new (VPOP3_TYPE_SIMULATOR_STATE, NULL);
}

static void
replace_time (GDateTime **slot, GDateTime *time)
{
  g_clear_pointer (slot, g_date_time_unref);
  if (time != NULL)
    *slot = g_date_time_ref (time);
}

void
vpop3_simulator_state_apply (Vpop3SimulatorState *self, const Vpop3Update *update)
{
  Session *session;
  guint index;

  g_return_if_fail (VPOP3_IS_SIMULATOR_STATE (self));
  g_return_if_fail (update != NULL);

  switch (update->type)
    {
    case VPOP3_UPDATE_LOG:
      g_queue_push_tail (&self->log, vpop3_update_copy (update));
      while (g_queue_get_length (&self->log) > VPOP3_SIMULATOR_STATE_LOG_LINES)
        vpop3_update_free (g_queue_pop_head (&self->log));
      break;
    case VPOP3_UPDATE_CONNECTION:
      g_free (self->connection);
      self->connection = g_strdup (update->text);
      break;
    case VPOP3_UPDATE_NEXT_POLL:
      replace_time (&self->next_poll, update->time);
      break;
    case VPOP3_UPDATE_LAST_POLL:
      replace_time (&self->last_poll, update->time);
      self->last_result = update->result;
      break;
    case VPOP3_UPDATE_OUT_QUEUE:
      self->out_total = update->total;
      self->out_held = update->held;
      break;
    case VPOP3_UPDATE_INBOXES:
      self->in_total = update->total;
      self->in_held = update->held;
      break;
    case VPOP3_UPDATE_MAILBOX:
      if (update->total == 0 && update->held == 0)
        g_tree_remove (self->mailboxes, update->user);
      else
        {
          Vpop3Update *copy = vpop3_update_copy (update);

          g_tree_replace (self->mailboxes, copy->user, copy);
        }
      break;
    case VPOP3_UPDATE_PROGRESS:
      self->collect = update->collect;
      self->send = update->send;
      self->threads = update->threads;
      break;
    case VPOP3_UPDATE_CONNECTIONS:
      g_strfreev (self->connections);
      self->connections = update->names != NULL ? g_strdupv (update->names) : g_new0 (char *, 1);
      break;
    case VPOP3_UPDATE_SESSION:
      session = find_session (self, update->id, NULL);
      if (session == NULL)
        {
          session = g_new0 (Session, 1);
          g_ptr_array_add (self->sessions, session);
        }
      else
        {
          vpop3_update_free (session->update);
        }
      session->update = vpop3_update_copy (update);
      session->started = g_get_monotonic_time () - (gint64) update->seconds * G_USEC_PER_SEC;
      break;
    case VPOP3_UPDATE_SESSION_ENDED:
      if (find_session (self, update->id, &index) != NULL)
        g_ptr_array_remove_index (self->sessions, index);
      break;
    case VPOP3_UPDATE_HOUSEKEEPER:
      g_free (self->housekeeper);
      self->housekeeper = g_strdup (update->text);
      break;
    case VPOP3_UPDATE_MESSAGE:
    case VPOP3_UPDATE_PERMISSIONS:
    case VPOP3_UPDATE_UNKNOWN:
    case VPOP3_UPDATE_REPLY:
    default:
      break;
    }
}

static Vpop3Update *
counts_update (Vpop3UpdateType type, guint total, guint held)
{
  Vpop3Update *update = vpop3_update_new (type);

  update->total = total;
  update->held = held;
  return update;
}

GPtrArray *
vpop3_simulator_state_snapshot (Vpop3SimulatorState *self)
{
  GPtrArray *burst;
  Vpop3Update *update;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), NULL);

  burst = g_ptr_array_new_with_free_func ((GDestroyNotify) vpop3_update_free);

  update = vpop3_update_new (VPOP3_UPDATE_CONNECTION);
  update->text = g_strdup (self->connection != NULL ? self->connection : "Idle");
  g_ptr_array_add (burst, update);

  update = vpop3_update_new (VPOP3_UPDATE_NEXT_POLL);
  update->time = self->next_poll != NULL ? g_date_time_ref (self->next_poll) : NULL;
  g_ptr_array_add (burst, update);

  /* A server that has never polled has no last poll to report. */
  if (self->last_poll != NULL && self->last_result != VPOP3_POLL_RESULT_NONE)
    {
      update = vpop3_update_new (VPOP3_UPDATE_LAST_POLL);
      update->time = g_date_time_ref (self->last_poll);
      update->result = self->last_result;
      g_ptr_array_add (burst, update);
    }

  g_ptr_array_add (burst, counts_update (VPOP3_UPDATE_OUT_QUEUE, self->out_total, self->out_held));
  g_ptr_array_add (burst, counts_update (VPOP3_UPDATE_INBOXES, self->in_total, self->in_held));

  for (GTreeNode *node = g_tree_node_first (self->mailboxes); node != NULL;
       node = g_tree_node_next (node))
    g_ptr_array_add (burst, vpop3_update_copy (g_tree_node_value (node)));

  if (vpop3_simulator_state_is_polling (self))
    {
      update = vpop3_update_new (VPOP3_UPDATE_PROGRESS);
      update->collect = self->collect;
      update->send = self->send;
      update->threads = self->threads;
      g_ptr_array_add (burst, update);
    }

  update = vpop3_update_new (VPOP3_UPDATE_CONNECTIONS);
  update->names = g_strdupv (self->connections);
  g_ptr_array_add (burst, update);

  update = vpop3_update_new (VPOP3_UPDATE_HOUSEKEEPER);
  update->text = g_strdup (self->housekeeper != NULL ? self->housekeeper : "Idle");
  g_ptr_array_add (burst, update);

  for (guint i = 0; i < self->sessions->len; i++)
    g_ptr_array_add (burst, vpop3_simulator_state_dup_session (self, i));

  for (GList *l = self->log.head; l != NULL; l = l->next)
    g_ptr_array_add (burst, vpop3_update_copy (l->data));

  return burst;
}

void
vpop3_simulator_state_get_out_queue (Vpop3SimulatorState *self, guint *total, guint *held)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_STATE (self));
  *total = self->out_total;
  *held = self->out_held;
}

void
vpop3_simulator_state_get_inboxes (Vpop3SimulatorState *self, guint *total, guint *held)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_STATE (self));
  *total = self->in_total;
  *held = self->in_held;
}

void
vpop3_simulator_state_get_mailbox (Vpop3SimulatorState *self,
                                   const char *user,
                                   guint *total,
                                   guint *held)
{
  const Vpop3Update *mailbox;

  g_return_if_fail (VPOP3_IS_SIMULATOR_STATE (self));
  mailbox = g_tree_lookup (self->mailboxes, user);
  *total = mailbox != NULL ? mailbox->total : 0;
  *held = mailbox != NULL ? mailbox->held : 0;
}

const char *const *
vpop3_simulator_state_get_connections (Vpop3SimulatorState *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), NULL);
  return (const char *const *) self->connections;
}

const char *
vpop3_simulator_state_find_connection (Vpop3SimulatorState *self, const char *name)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), NULL);

  if (name == NULL)
    return self->connections[0];

  wanted = g_utf8_casefold (name, -1);
  for (guint i = 0; self->connections[i] != NULL; i++)
    {
      g_autofree char *candidate = g_utf8_casefold (self->connections[i], -1);

      if (g_strcmp0 (candidate, wanted) == 0)
        return self->connections[i];
    }
  return NULL;
}

gboolean
vpop3_simulator_state_is_polling (Vpop3SimulatorState *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), FALSE);
  return self->collect != VPOP3_PROGRESS_IDLE || self->send != VPOP3_PROGRESS_IDLE;
}

guint
vpop3_simulator_state_get_session_count (Vpop3SimulatorState *self)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), 0);
  return self->sessions->len;
}

Vpop3Update *
vpop3_simulator_state_dup_session (Vpop3SimulatorState *self, guint index)
{
  Session *session;
  Vpop3Update *update;
  gint64 age;

  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), NULL);
  g_return_val_if_fail (index < self->sessions->len, NULL);

  session = g_ptr_array_index (self->sessions, index);
  update = vpop3_update_copy (session->update);
  age = (g_get_monotonic_time () - session->started) / G_USEC_PER_SEC;
  update->seconds = (guint) CLAMP (age, 0, G_MAXUINT);
  return update;
}

gboolean
vpop3_simulator_state_has_session (Vpop3SimulatorState *self, const char *id)
{
  g_return_val_if_fail (VPOP3_IS_SIMULATOR_STATE (self), FALSE);
  return find_session (self, id, NULL) != NULL;
}
