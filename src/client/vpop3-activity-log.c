/* vpop3-activity-log.c: a ring buffer behind a GListModel, so that a list
 * widget can show it and the monitor's memory stays bounded for months.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-activity-log.h"

struct _Vpop3ActivityLog
{
  GObject parent_instance;

  Vpop3LogEntry **ring; /* @limit slots */
  guint limit;
  guint first; /* slot of the oldest entry */
  guint count;

  /* Appends while frozen, not yet in the model: the newest @limit at most. */
  guint freeze_count;
  Vpop3LogEntry **held; /* @limit slots, or NULL until first needed */
  guint held_first;
  guint held_count;
};

static void vpop3_activity_log_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (Vpop3ActivityLog,
                               vpop3_activity_log,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vpop3_activity_log_list_model_init))

enum
{
  PROP_0,
  PROP_LIMIT,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
vpop3_activity_log_get_item_type (GListModel *model)
{
  return VPOP3_TYPE_LOG_ENTRY;
}

static guint
vpop3_activity_log_get_n_items (GListModel *model)
{
  return VPOP3_ACTIVITY_LOG (model)->count;
}

static gpointer
vpop3_activity_log_get_item (GListModel *model, guint position)
{
  Vpop3ActivityLog *self = VPOP3_ACTIVITY_LOG (model);

  if (position >= self->count)
    return NULL;
  return g_object_ref (self->ring[(self->first + position) % self->limit]);
}

static void
vpop3_activity_log_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vpop3_activity_log_get_item_type;
  iface->get_n_items = vpop3_activity_log_get_n_items;
  iface->get_item = vpop3_activity_log_get_item;
}

/* Drops the @n oldest entries without telling anyone. */
static void
drop_oldest (Vpop3ActivityLog *self, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_clear_object (&self->ring[self->first]);
      self->first = (self->first + 1) % self->limit;
    }
  self->count -= n;
}

static void
drop_held (Vpop3ActivityLog *self)
{
  for (guint i = 0; i < self->held_count; i++)
    g_clear_object (&self->held[(self->held_first + i) % self->limit]);
  self->held_first = 0;
  self->held_count = 0;
}

static void
vpop3_activity_log_finalize (GObject *object)
{
  Vpop3ActivityLog *self = VPOP3_ACTIVITY_LOG (object);

  drop_oldest (self, self->count);
  g_free (self->ring);
  drop_held (self);
  g_free (self->held);

  G_OBJECT_CLASS (vpop3_activity_log_parent_class)->finalize (object);
}

static void
vpop3_activity_log_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3ActivityLog *self = VPOP3_ACTIVITY_LOG (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_activity_log_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  Vpop3ActivityLog *self = VPOP3_ACTIVITY_LOG (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      vpop3_activity_log_set_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_activity_log_class_init (Vpop3ActivityLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vpop3_activity_log_finalize;
  object_class->get_property = vpop3_activity_log_get_property;
  object_class->set_property = vpop3_activity_log_set_property;

  properties[PROP_LIMIT] = g_param_spec_uint (
      "limit", NULL, NULL, 1, G_MAXINT, VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT,
      G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_activity_log_init (Vpop3ActivityLog *self)
{
}

Vpop3ActivityLog *
vpop3_activity_log_new (guint limit)
{
  return g_object_new (VPOP3_TYPE_ACTIVITY_LOG, "limit",
                       limit > 0 ? limit : VPOP3_ACTIVITY_LOG_DEFAULT_LIMIT, NULL);
}

void
vpop3_activity_log_append (Vpop3ActivityLog *self, GDateTime *time, const char *text)
{
  gboolean full;

  g_return_if_fail (VPOP3_IS_ACTIVITY_LOG (self));

  if (self->freeze_count > 0)
    {
      /* Only the newest @limit can ever be shown: an older held line goes at once. */
      if (self->held == NULL)
        self->held = g_new0 (Vpop3LogEntry *, self->limit);
      if (self->held_count == self->limit)
        {
          g_clear_object (&self->held[self->held_first]);
          self->held_first = (self->held_first + 1) % self->limit;
          self->held_count--;
        }
      self->held[(self->held_first + self->held_count) % self->limit] =
          vpop3_log_entry_new (time, text);
      self->held_count++;
      return;
    }

  full = self->count == self->limit;
  if (full)
    drop_oldest (self, 1);
  self->ring[(self->first + self->count) % self->limit] = vpop3_log_entry_new (time, text);
  self->count++;

  /* One signal for the whole change: the oldest line went, a new one came. */
  if (full)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->count - 1, 0, 1);
  if (!full)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
vpop3_activity_log_clear (Vpop3ActivityLog *self)
{
  guint removed;

  g_return_if_fail (VPOP3_IS_ACTIVITY_LOG (self));

  drop_held (self);
  removed = self->count;
  if (removed == 0)
    return;
  drop_oldest (self, removed);
  self->first = 0;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
vpop3_activity_log_get_limit (Vpop3ActivityLog *self)
{
  g_return_val_if_fail (VPOP3_IS_ACTIVITY_LOG (self), 0);

  return self->limit;
}

void
vpop3_activity_log_set_limit (Vpop3ActivityLog *self, guint limit)
{
  Vpop3LogEntry **ring;
  guint dropped = 0;

  g_return_if_fail (VPOP3_IS_ACTIVITY_LOG (self));
  g_return_if_fail (limit > 0);

  if (limit == self->limit)
    return;

  /* Held lines are laid out in @limit slots too: keep the newest that fit. */
  if (self->held != NULL)
    {
      Vpop3LogEntry **held = g_new0 (Vpop3LogEntry *, limit);
      guint keep = MIN (self->held_count, limit);
      guint skip = self->held_count - keep;

      for (guint i = 0; i < self->held_count; i++)
        {
          Vpop3LogEntry **slot = &self->held[(self->held_first + i) % self->limit];

          if (i < skip)
            g_clear_object (slot);
          else
            held[i - skip] = *slot;
        }
      g_free (self->held);
      self->held = held;
      self->held_first = 0;
      self->held_count = keep;
    }

  if (self->count > limit)
    {
      dropped = self->count - limit;
      drop_oldest (self, dropped);
    }

  /* Re-lay the ring from slot 0 in the new size. */
  ring = g_new0 (Vpop3LogEntry *, limit);
  for (guint i = 0; i < self->count; i++)
    ring[i] = self->ring[(self->first + i) % self->limit];
  g_free (self->ring);
  self->ring = ring;
  self->first = 0;
  self->limit = limit;

  if (dropped > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, dropped, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

void
vpop3_activity_log_freeze (Vpop3ActivityLog *self)
{
  g_return_if_fail (VPOP3_IS_ACTIVITY_LOG (self));

  self->freeze_count++;
}

void
vpop3_activity_log_thaw (Vpop3ActivityLog *self)
{
  guint added, dropped, old_count;

  g_return_if_fail (VPOP3_IS_ACTIVITY_LOG (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count > 0 || self->held_count == 0)
    return;

  added = self->held_count;
  old_count = self->count;
  dropped = old_count + added > self->limit ? old_count + added - self->limit : 0;
  drop_oldest (self, dropped);
  for (guint i = 0; i < added; i++)
    {
      guint from = (self->held_first + i) % self->limit;

      self->ring[(self->first + self->count) % self->limit] = g_steal_pointer (&self->held[from]);
      self->count++;
    }
  self->held_first = 0;
  self->held_count = 0;

  /* As one append does it: the oldest lines went, the new ones came. */
  if (dropped > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, dropped, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), self->count - added, 0, added);
  if (self->count != old_count)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}
