/* vpop3-list-slice.c: the slice is kept as a length and a count of hidden
 * items after it, so that what the model appends (new messages) and what it
 * puts in front (older pages) move the slice only where they should.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-list-slice.h"

struct _Vpop3ListSlice
{
  GObject parent_instance;

  GListModel *model;
  guint capacity;
  guint length; /* items shown */
  guint after;  /* items of the model after the last shown */
};

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_CAPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vpop3_list_slice_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (Vpop3ListSlice,
                               vpop3_list_slice,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vpop3_list_slice_list_model_init))

static guint
model_items (Vpop3ListSlice *self)
{
  return g_list_model_get_n_items (self->model);
}

static guint
hidden_before (Vpop3ListSlice *self)
{
  return model_items (self) - self->after - self->length;
}

/* Each step changes the state, then tells the views, so that the slice
 * always reads as what the signal says. */
static void
show_at_start (Vpop3ListSlice *self, guint count)
{
  if (count == 0)
    return;
  self->length += count;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, count);
}

static void
hide_at_start (Vpop3ListSlice *self, guint count)
{
  if (count == 0)
    return;
  self->length -= count;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, count, 0);
}

static void
show_at_end (Vpop3ListSlice *self, guint count)
{
  if (count == 0)
    return;
  self->after -= count;
  self->length += count;
  g_list_model_items_changed (G_LIST_MODEL (self), self->length - count, 0, count);
}

static void
hide_at_end (Vpop3ListSlice *self, guint count)
{
  if (count == 0)
    return;
  self->after += count;
  self->length -= count;
  g_list_model_items_changed (G_LIST_MODEL (self), self->length, count, 0);
}

/* Past the capacity, the end away from where the user is reading goes:
 * the start while the slice follows the end of the model. */
static void
trim (Vpop3ListSlice *self)
{
  if (self->length <= self->capacity)
    return;
  if (self->after == 0)
    hide_at_start (self, self->length - self->capacity);
  else
    hide_at_end (self, self->length - self->capacity);
}

/* Room left: what is hidden before first (older messages), then after. */
static void
fill (Vpop3ListSlice *self)
{
  if (self->length < self->capacity)
    show_at_start (self, MIN (self->capacity - self->length, hidden_before (self)));
  if (self->length < self->capacity)
    show_at_end (self, MIN (self->capacity - self->length, self->after));
}

static void
on_model_changed (Vpop3ListSlice *self, guint position, guint removed, guint added)
{
  guint n_old = model_items (self) - added + removed;
  guint start = n_old - self->after - self->length; /* of the slice, in the old model */
  guint end = n_old - self->after;
  guint change_end = position + removed;
  guint removed_before, removed_inside, removed_after;
  gboolean added_before, added_after;

  removed_before = MIN (change_end, start) > position ? MIN (change_end, start) - position : 0;
  removed_after = change_end > MAX (end, position) ? change_end - MAX (end, position) : 0;
  removed_inside = removed - removed_before - removed_after;
  /* An insertion where the slice starts goes before it; one where it ends,
   * into it only while it follows the end of the model. */
  added_before = position < start || (position == start && removed == 0);
  added_after =
      !added_before && (position > end || (position == end && (removed > 0 || self->after > 0)));

  self->after = self->after - removed_after + (added_after ? added : 0);
  if (removed_inside > 0 || (!added_before && !added_after && added > 0))
    {
      guint local = MAX (position, start) - start;
      guint shown = added_before || added_after ? 0 : added;

      self->length = self->length - removed_inside + shown;
      g_list_model_items_changed (G_LIST_MODEL (self), local, removed_inside, shown);
    }
  trim (self);
  fill (self);
}

guint
vpop3_list_slice_show_earlier (Vpop3ListSlice *self, guint count)
{
  guint shown;

  g_return_val_if_fail (VPOP3_IS_LIST_SLICE (self), 0);

  shown = MIN (count, hidden_before (self));
  show_at_start (self, shown);
  if (self->length > self->capacity)
    hide_at_end (self, self->length - self->capacity);
  return shown;
}

guint
vpop3_list_slice_show_later (Vpop3ListSlice *self, guint count)
{
  guint shown;

  g_return_val_if_fail (VPOP3_IS_LIST_SLICE (self), 0);

  shown = MIN (count, self->after);
  show_at_end (self, shown);
  if (self->length > self->capacity)
    hide_at_start (self, self->length - self->capacity);
  return shown;
}

void
vpop3_list_slice_show_end (Vpop3ListSlice *self)
{
  guint removed;

  g_return_if_fail (VPOP3_IS_LIST_SLICE (self));

  if (self->after == 0)
    return;
  removed = self->length;
  self->after = 0;
  self->length = MIN (self->capacity, model_items (self));
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->length);
}

guint
vpop3_list_slice_get_capacity (Vpop3ListSlice *self)
{
  g_return_val_if_fail (VPOP3_IS_LIST_SLICE (self), 0);

  return self->capacity;
}

guint
vpop3_list_slice_get_hidden_before (Vpop3ListSlice *self)
{
  g_return_val_if_fail (VPOP3_IS_LIST_SLICE (self), 0);

  return hidden_before (self);
}

guint
vpop3_list_slice_get_hidden_after (Vpop3ListSlice *self)
{
  g_return_val_if_fail (VPOP3_IS_LIST_SLICE (self), 0);

  return self->after;
}

/* GListModel ----------------------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (VPOP3_LIST_SLICE (model)->model);
}

static guint
get_n_items (GListModel *model)
{
  return VPOP3_LIST_SLICE (model)->length;
}

static gpointer
get_item (GListModel *model, guint position)
{
  Vpop3ListSlice *self = VPOP3_LIST_SLICE (model);

  if (position >= self->length)
    return NULL;
  return g_list_model_get_item (self->model, hidden_before (self) + position);
}

static void
vpop3_list_slice_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* GObject -------------------------------------------------------------------------------- */

static void
vpop3_list_slice_constructed (GObject *object)
{
  Vpop3ListSlice *self = VPOP3_LIST_SLICE (object);

  G_OBJECT_CLASS (vpop3_list_slice_parent_class)->constructed (object);

  self->length = MIN (self->capacity, model_items (self));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
vpop3_list_slice_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3ListSlice *self = VPOP3_LIST_SLICE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_list_slice_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  Vpop3ListSlice *self = VPOP3_LIST_SLICE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_list_slice_dispose (GObject *object)
{
  Vpop3ListSlice *self = VPOP3_LIST_SLICE (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (vpop3_list_slice_parent_class)->dispose (object);
}

static void
vpop3_list_slice_class_init (Vpop3ListSliceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = vpop3_list_slice_constructed;
  object_class->get_property = vpop3_list_slice_get_property;
  object_class->set_property = vpop3_list_slice_set_property;
  object_class->dispose = vpop3_list_slice_dispose;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL, construct);
  properties[PROP_CAPACITY] =
      g_param_spec_uint ("capacity", NULL, NULL, 1, G_MAXUINT, 1, construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_list_slice_init (Vpop3ListSlice *self)
{
}

Vpop3ListSlice *
vpop3_list_slice_new (GListModel *model, guint capacity)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (capacity > 0, NULL);

  return g_object_new (VPOP3_TYPE_LIST_SLICE, "model", model, "capacity", capacity, NULL);
}
