/* vpop3-instant-message.c: an immutable value object, so that list rows
 * can hold it without copying.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-instant-message.h"

struct _Vpop3InstantMessage
{
  GObject parent_instance;

  GDateTime *time;
  char *sender;
  char *text;
};

G_DEFINE_FINAL_TYPE (Vpop3InstantMessage, vpop3_instant_message, G_TYPE_OBJECT)

static void
vpop3_instant_message_finalize (GObject *object)
{
  Vpop3InstantMessage *self = VPOP3_INSTANT_MESSAGE (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->sender);
  g_free (self->text);

  G_OBJECT_CLASS (vpop3_instant_message_parent_class)->finalize (object);
}

static void
vpop3_instant_message_class_init (Vpop3InstantMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vpop3_instant_message_finalize;
}

static void
vpop3_instant_message_init (Vpop3InstantMessage *self)
{
}

Vpop3InstantMessage *
vpop3_instant_message_new (GDateTime *time, const char *sender, const char *text)
{
  Vpop3InstantMessage *self = g_object_new (VPOP3_TYPE_INSTANT_MESSAGE, NULL);

  self->time = time != NULL ? g_date_time_ref (time) : g_date_time_new_now_utc ();
  self->sender = g_strdup (sender);
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

GDateTime *
vpop3_instant_message_get_time (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->time;
}

const char *
vpop3_instant_message_get_sender (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->sender;
}

const char *
vpop3_instant_message_get_text (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->text;
}

gboolean
vpop3_instant_message_is_outgoing (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), FALSE);

  return self->sender == NULL;
}
