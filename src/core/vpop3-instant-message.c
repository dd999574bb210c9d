/* vpop3-instant-message.c: what is said never changes, so list rows can hold
 * it without copying; what becomes of it is a property rows bind to.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-instant-message.h"

#include <glib/gi18n.h>
#include <string.h>

struct _Vpop3InstantMessage
{
  GObject parent_instance;

  GDateTime *time;
  char *sender;
  char *correspondent;
  char *text;

  gint64 id;
  Vpop3HistoryDelivery delivery;
  char *delivery_reason;
  char *save_error;
  gboolean read;
};

G_DEFINE_FINAL_TYPE (Vpop3InstantMessage, vpop3_instant_message, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_DELIVERY,
  PROP_DELIVERY_REASON,
  PROP_SAVE_ERROR,
  PROP_READ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_instant_message_finalize (GObject *object)
{
  Vpop3InstantMessage *self = VPOP3_INSTANT_MESSAGE (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->sender);
  g_free (self->correspondent);
  g_free (self->text);
  g_free (self->delivery_reason);
  g_free (self->save_error);

  G_OBJECT_CLASS (vpop3_instant_message_parent_class)->finalize (object);
}

static void
vpop3_instant_message_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  Vpop3InstantMessage *self = VPOP3_INSTANT_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_DELIVERY:
      g_value_set_int (value, self->delivery);
      break;
    case PROP_DELIVERY_REASON:
      g_value_set_string (value, self->delivery_reason);
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    case PROP_READ:
      g_value_set_boolean (value, self->read);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_instant_message_class_init (Vpop3InstantMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vpop3_instant_message_finalize;
  object_class->get_property = vpop3_instant_message_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_DELIVERY] =
      g_param_spec_int ("delivery", NULL, NULL, VPOP3_HISTORY_DELIVERY_NONE,
                        VPOP3_HISTORY_DELIVERY_NOT_SENT, VPOP3_HISTORY_DELIVERY_NONE, flags);
  properties[PROP_DELIVERY_REASON] =
      g_param_spec_string ("delivery-reason", NULL, NULL, NULL, flags);
  properties[PROP_SAVE_ERROR] = g_param_spec_string ("save-error", NULL, NULL, NULL, flags);
  properties[PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_instant_message_init (Vpop3InstantMessage *self)
{
}

Vpop3InstantMessage *
vpop3_instant_message_new (GDateTime *time,
                           const char *sender,
                           const char *correspondent,
                           const char *text)
{
  Vpop3InstantMessage *self = g_object_new (VPOP3_TYPE_INSTANT_MESSAGE, NULL);

  self->time = time != NULL ? g_date_time_ref (time) : g_date_time_new_now_utc ();
  self->sender = g_strdup (sender);
  self->correspondent = g_strdup (correspondent != NULL ? correspondent : sender);
  self->text = g_strdup (text != NULL ? text : "");
  if (sender == NULL)
    {
      self->delivery = VPOP3_HISTORY_DELIVERY_PENDING;
      self->read = TRUE;
    }
  return self;
}

/* Stored text is bytes: NULs and stray bytes are shown, not cut or dropped. */
static char *
displayable (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  GString *text = g_string_sized_new (len);

  for (gsize i = 0; i < len;)
    {
      const char *nul = memchr (data + i, '\0', len - i);
      gsize run = nul != NULL ? (gsize) (nul - (data + i)) : len - i;
      g_autofree char *valid = g_utf8_make_valid (data + i, (gssize) run);

      g_string_append (text, valid);
      i += run;
      if (nul != NULL)
        {
          g_string_append_unichar (text, 0xFFFD);
          i++;
        }
    }
  return g_string_free (text, FALSE);
}

Vpop3InstantMessage *
vpop3_instant_message_new_from_history (const Vpop3HistoryMessage *stored)
{
  Vpop3InstantMessage *self;
  g_autoptr (GDateTime) time = NULL;
  gboolean outgoing;

  g_return_val_if_fail (stored != NULL, NULL);

  outgoing = stored->direction == VPOP3_HISTORY_OUTGOING;
  time = g_date_time_new_from_unix_utc (stored->time / G_USEC_PER_SEC);
  if (time != NULL)
    {
      GDateTime *exact = g_date_time_add (time, stored->time % G_USEC_PER_SEC);

      g_date_time_unref (time);
      time = exact;
    }
  self = g_object_new (VPOP3_TYPE_INSTANT_MESSAGE, NULL);
  self->time = time != NULL ? g_steal_pointer (&time) : g_date_time_new_now_utc ();
  self->sender = outgoing ? NULL : g_strdup (stored->sender);
  self->correspondent = g_strdup (stored->correspondent);
  self->text = displayable (stored->text);
  self->id = stored->id;
  self->delivery = stored->delivery;
  self->delivery_reason = g_strdup (stored->delivery_reason);
  /* Still pending in the history: the run ended before the server answered,
   * so nobody knows; the user can send it again. */
  if (outgoing && self->delivery == VPOP3_HISTORY_DELIVERY_PENDING)
    {
      self->delivery = VPOP3_HISTORY_DELIVERY_NOT_SENT;
      g_free (self->delivery_reason);
      self->delivery_reason = g_strdup (_ ("The status monitor closed before VPOP3 answered"));
    }
  self->read = stored->read;
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
vpop3_instant_message_get_correspondent (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->correspondent;
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

gint64
vpop3_instant_message_get_id (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), 0);

  return self->id;
}

void
vpop3_instant_message_set_id (Vpop3InstantMessage *self, gint64 id)
{
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

Vpop3HistoryDelivery
vpop3_instant_message_get_delivery (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), VPOP3_HISTORY_DELIVERY_NONE);

  return self->delivery;
}

const char *
vpop3_instant_message_get_delivery_reason (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->delivery_reason;
}

void
vpop3_instant_message_set_delivery (Vpop3InstantMessage *self,
                                    Vpop3HistoryDelivery delivery,
                                    const char *reason)
{
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (self));
  g_return_if_fail (vpop3_instant_message_is_outgoing (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->delivery_reason, reason) != 0)
    {
      g_free (self->delivery_reason);
      self->delivery_reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY_REASON]);
    }
  if (self->delivery != delivery)
    {
      self->delivery = delivery;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELIVERY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vpop3_instant_message_get_save_error (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  return self->save_error;
}

void
vpop3_instant_message_set_save_error (Vpop3InstantMessage *self, const char *error)
{
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (self));

  if (g_strcmp0 (self->save_error, error) == 0)
    return;
  g_free (self->save_error);
  self->save_error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_ERROR]);
}

gboolean
vpop3_instant_message_get_read (Vpop3InstantMessage *self)
{
  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), FALSE);

  return self->read;
}

void
vpop3_instant_message_set_read (Vpop3InstantMessage *self, gboolean read)
{
  g_return_if_fail (VPOP3_IS_INSTANT_MESSAGE (self));

  if (self->read == read)
    return;
  self->read = read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
}

Vpop3HistoryMessage *
vpop3_instant_message_to_history (Vpop3InstantMessage *self,
                                  const char *host,
                                  guint16 port,
                                  const char *user)
{
  Vpop3HistoryMessage *stored;
  gboolean outgoing;

  g_return_val_if_fail (VPOP3_IS_INSTANT_MESSAGE (self), NULL);

  outgoing = vpop3_instant_message_is_outgoing (self);
  stored = vpop3_history_message_new (host, port, user, self->correspondent,
                                      g_date_time_to_unix (self->time) * G_USEC_PER_SEC +
                                          g_date_time_get_microsecond (self->time),
                                      outgoing ? VPOP3_HISTORY_OUTGOING : VPOP3_HISTORY_INCOMING,
                                      outgoing ? user : self->sender, self->text, -1);
  stored->read = self->read;
  stored->delivery = self->delivery;
  stored->delivery_reason = g_strdup (self->delivery_reason);
  return stored;
}
