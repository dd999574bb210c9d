/* vpop3-conversation.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-conversation.h"

#include <string.h>

struct _Vpop3Conversation
{
  GObject parent_instance;

  char *user;
  GListStore *messages;
  guint unread;
  gboolean has_older;

  /* The history and the server it is read for; keeper NULL: memory only. */
  Vpop3HistoryKeeper *keeper;
  char *host;
  guint16 port;
  char *account;
};

G_DEFINE_FINAL_TYPE (Vpop3Conversation, vpop3_conversation, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_USER,
  PROP_UNREAD,
  PROP_HAS_OLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_conversation_dispose (GObject *object)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  g_clear_object (&self->messages);
  g_clear_object (&self->keeper);

  G_OBJECT_CLASS (vpop3_conversation_parent_class)->dispose (object);
}

static void
vpop3_conversation_finalize (GObject *object)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  g_free (self->user);
  g_free (self->host);
  g_free (self->account);

  G_OBJECT_CLASS (vpop3_conversation_parent_class)->finalize (object);
}

static void
vpop3_conversation_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_UNREAD:
      g_value_set_uint (value, self->unread);
      break;
    case PROP_HAS_OLDER:
      g_value_set_boolean (value, self->has_older);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_conversation_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  Vpop3Conversation *self = VPOP3_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_conversation_class_init (Vpop3ConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vpop3_conversation_dispose;
  object_class->finalize = vpop3_conversation_finalize;
  object_class->get_property = vpop3_conversation_get_property;
  object_class->set_property = vpop3_conversation_set_property;

  properties[PROP_USER] =
      g_param_spec_string ("user", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD] = g_param_spec_uint ("unread", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_HAS_OLDER] = g_param_spec_boolean ("has-older", NULL, NULL, FALSE, read_only);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_conversation_init (Vpop3Conversation *self)
{
  self->messages = g_list_store_new (VPOP3_TYPE_INSTANT_MESSAGE);
}

Vpop3Conversation *
vpop3_conversation_new (const char *user)
{
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (VPOP3_TYPE_CONVERSATION, "user", user, NULL);
}

void
vpop3_conversation_attach_history (Vpop3Conversation *self,
                                   Vpop3HistoryKeeper *keeper,
                                   const char *host,
                                   guint16 port,
                                   const char *user)
{
  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  g_set_object (&self->keeper, keeper);
  g_free (self->host);
  self->host = g_strdup (host);
  self->port = port;
  g_free (self->account);
  self->account = g_strdup (user);
}

const char *
vpop3_conversation_get_user (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), NULL);

  return self->user;
}

GListModel *
vpop3_conversation_get_messages (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

void
vpop3_conversation_set_unread (Vpop3Conversation *self, guint unread)
{
  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  if (self->unread == unread)
    return;
  self->unread = unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD]);
}

gboolean
vpop3_conversation_get_has_older (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), FALSE);

  return self->has_older;
}

void
vpop3_conversation_set_has_older (Vpop3Conversation *self, gboolean has_older)
{
  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  if (self->has_older == has_older)
    return;
  self->has_older = has_older;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_OLDER]);
}

/* Only what the history holds can be loaded again. */
static gboolean
history_ready (Vpop3Conversation *self)
{
  return self->keeper != NULL && self->host != NULL &&
         vpop3_history_keeper_get_available (self->keeper);
}

void
vpop3_conversation_add (Vpop3Conversation *self, Vpop3InstantMessage *message)
{
  guint n_items;

  g_return_if_fail (VPOP3_IS_CONVERSATION (self));
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (message));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n_items >= VPOP3_CONVERSATION_MAX_MESSAGES)
    {
      g_list_store_splice (self->messages, 0, n_items - VPOP3_CONVERSATION_MAX_MESSAGES + 1, NULL,
                           0);
      if (history_ready (self))
        vpop3_conversation_set_has_older (self, TRUE);
    }
  g_list_store_append (self->messages, message);

  if (!vpop3_instant_message_is_outgoing (message) && !vpop3_instant_message_get_read (message))
    vpop3_conversation_set_unread (self, self->unread + 1);
}

guint
vpop3_conversation_get_unread (Vpop3Conversation *self)
{
  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), 0);

  return self->unread;
}

static void
on_marked_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* Not worth troubling the user: they will only see it unread again. */
  if (vpop3_history_mark_read_finish (VPOP3_HISTORY (source), result, &error) < 0 &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Messages could not be marked read in the history: %s", error->message);
}

void
vpop3_conversation_mark_read (Vpop3Conversation *self)
{
  guint n_items;

  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  if (self->unread == 0)
    return;
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3InstantMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      vpop3_instant_message_set_read (message, TRUE);
    }
  vpop3_conversation_set_unread (self, 0);
  if (history_ready (self))
    vpop3_history_mark_read_async (vpop3_history_keeper_get_history (self->keeper), self->host,
                                   self->port, self->account, self->user, G_MAXINT64, NULL,
                                   on_marked_read, NULL);
}

/* Older pages --------------------------------------------------------------------------- */

static gint64
oldest_stored_id (Vpop3Conversation *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  gint64 oldest = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3InstantMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), i);
      gint64 id = vpop3_instant_message_get_id (message);

      if (id > 0 && (oldest == 0 || id < oldest))
        oldest = id;
    }
  return oldest;
}

static void
on_page_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Vpop3Conversation *self = g_task_get_source_object (task);
  gint64 oldest;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GPtrArray) items = NULL;

  page = vpop3_history_load_page_finish (VPOP3_HISTORY (source), result, &error);
  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Messages stored or loaded meanwhile are in memory already. */
  oldest = oldest_stored_id (self);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < page->len; i++)
    {
      const Vpop3HistoryMessage *stored = page->pdata[i];

      if (oldest == 0 || stored->id < oldest)
        g_ptr_array_add (items, vpop3_instant_message_new_from_history (stored));
    }
  g_list_store_splice (self->messages, 0, 0, items->pdata, items->len);
  vpop3_conversation_set_has_older (self, page->len == VPOP3_CONVERSATION_PAGE);
  g_task_return_int (task, items->len);
}

void
vpop3_conversation_load_older_async (Vpop3Conversation *self,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  GTask *task;
  gint64 before_id;

  g_return_if_fail (VPOP3_IS_CONVERSATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_conversation_load_older_async);
  if (!history_ready (self) || !self->has_older)
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }
  before_id = oldest_stored_id (self);
  vpop3_history_load_page_async (vpop3_history_keeper_get_history (self->keeper), self->host,
                                 self->port, self->account, self->user, before_id,
                                 VPOP3_CONVERSATION_PAGE, cancellable, on_page_loaded, task);
}

guint
vpop3_conversation_forget_older (Vpop3Conversation *self, guint keep)
{
  guint n_items, dropped = 0;

  g_return_val_if_fail (VPOP3_IS_CONVERSATION (self), 0);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  if (n_items <= keep || !history_ready (self))
    return 0;
  /* Up to the first one not stored: it could not be brought back. */
  while (dropped < n_items - keep)
    {
      g_autoptr (Vpop3InstantMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), dropped);

      if (vpop3_instant_message_get_id (message) <= 0)
        break;
      dropped++;
    }
  if (dropped == 0)
    return 0;
  g_list_store_splice (self->messages, 0, dropped, NULL, 0);
  vpop3_conversation_set_has_older (self, TRUE);
  return dropped;
}

int
vpop3_conversation_load_older_finish (Vpop3Conversation *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return (int) g_task_propagate_int (G_TASK (result), error);
}

/* Search -------------------------------------------------------------------------------- */

static gboolean
text_matches (Vpop3InstantMessage *message, const char *folded_query)
{
  g_autofree char *folded = g_utf8_casefold (vpop3_instant_message_get_text (message), -1);

  return strstr (folded, folded_query) != NULL;
}

static int
compare_time (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return g_date_time_compare (vpop3_instant_message_get_time ((Vpop3InstantMessage *) a),
                              vpop3_instant_message_get_time ((Vpop3InstantMessage *) b));
}

/* The matches among messages in memory that the history does not hold. */
static GListStore *
search_memory (Vpop3Conversation *self, const char *query, gboolean stored_too)
{
  g_autofree char *folded_query = g_utf8_casefold (query, -1);
  GListStore *found = g_list_store_new (VPOP3_TYPE_INSTANT_MESSAGE);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3InstantMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if ((stored_too || vpop3_instant_message_get_id (message) == 0) &&
          text_matches (message, folded_query))
        g_list_store_append (found, message);
    }
  return found;
}

static Vpop3InstantMessage *
find_by_id (Vpop3Conversation *self, gint64 id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (Vpop3InstantMessage) message =
          g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (vpop3_instant_message_get_id (message) == id)
        return g_steal_pointer (&message);
    }
  return NULL;
}

static void
on_searched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Vpop3Conversation *self = g_task_get_source_object (task);
  const char *query = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GListStore) found = NULL;

  stored = vpop3_history_search_finish (VPOP3_HISTORY (source), result, &error);
  if (stored == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  found = search_memory (self, query, FALSE);
  for (guint i = 0; i < stored->len; i++)
    {
      const Vpop3HistoryMessage *match = stored->pdata[i];
      /* The one in memory, if loaded: it is the live one (still sending, say). */
      g_autoptr (Vpop3InstantMessage) message = find_by_id (self, match->id);

      if (message == NULL)
        message = vpop3_instant_message_new_from_history (match);
      g_list_store_append (found, message);
    }
  g_list_store_sort (found, compare_time, NULL);
  g_task_return_pointer (task, g_steal_pointer (&found), g_object_unref);
}

void
vpop3_conversation_search_async (Vpop3Conversation *self,
                                 const char *query,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  GTask *task;

  g_return_if_fail (VPOP3_IS_CONVERSATION (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vpop3_conversation_search_async);
  if (!history_ready (self))
    {
      g_task_return_pointer (task, search_memory (self, query, TRUE), g_object_unref);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, g_strdup (query), g_free);
  vpop3_history_search_async (vpop3_history_keeper_get_history (self->keeper), self->host,
                              self->port, self->account, self->user, query, cancellable,
                              on_searched, task);
}

GListModel *
vpop3_conversation_search_finish (Vpop3Conversation *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
