/* vpop3-mailbox.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-mailbox.h"

#include <string.h>

struct _Vpop3Mailbox
{
  GObject parent_instance;

  char *user;
  guint total;
  guint held;
};

G_DEFINE_FINAL_TYPE (Vpop3Mailbox, vpop3_mailbox, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_USER,
  PROP_TOTAL,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_mailbox_finalize (GObject *object)
{
  Vpop3Mailbox *self = VPOP3_MAILBOX (object);

  g_free (self->user);

  G_OBJECT_CLASS (vpop3_mailbox_parent_class)->finalize (object);
}

static void
vpop3_mailbox_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Mailbox *self = VPOP3_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    case PROP_HELD:
      g_value_set_uint (value, self->held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_mailbox_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  Vpop3Mailbox *self = VPOP3_MAILBOX (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_free (self->user);
      self->user = g_value_dup_string (value);
      if (self->user == NULL)
        self->user = g_strdup ("");
      break;
    case PROP_TOTAL:
      vpop3_mailbox_set_counts (self, g_value_get_uint (value), self->held);
      break;
    case PROP_HELD:
      vpop3_mailbox_set_counts (self, self->total, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_mailbox_class_init (Vpop3MailboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vpop3_mailbox_finalize;
  object_class->get_property = vpop3_mailbox_get_property;
  object_class->set_property = vpop3_mailbox_set_property;

  properties[PROP_USER] =
      g_param_spec_string ("user", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
      g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HELD] =
      g_param_spec_uint ("held", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_mailbox_init (Vpop3Mailbox *self)
{
}

Vpop3Mailbox *
vpop3_mailbox_new (const char *user, guint total, guint held)
{
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (VPOP3_TYPE_MAILBOX, "user", user, "total", total, "held", held, NULL);
}

gboolean
vpop3_mailbox_set_counts (Vpop3Mailbox *self, guint total, guint held)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (VPOP3_IS_MAILBOX (self), FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
      changed = TRUE;
    }
  if (self->held != held)
    {
      self->held = held;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
      changed = TRUE;
    }
  g_object_thaw_notify (G_OBJECT (self));
  return changed;
}

const char *
vpop3_mailbox_get_user (Vpop3Mailbox *self)
{
  g_return_val_if_fail (VPOP3_IS_MAILBOX (self), NULL);
  return self->user;
}

guint
vpop3_mailbox_get_total (Vpop3Mailbox *self)
{
  g_return_val_if_fail (VPOP3_IS_MAILBOX (self), 0);
  return self->total;
}

guint
vpop3_mailbox_get_held (Vpop3Mailbox *self)
{
  g_return_val_if_fail (VPOP3_IS_MAILBOX (self), 0);
  return self->held;
}

/* ASCII case only: VPOP3 user names are compared without regard to case,
 * and a locale-dependent order would make the same list differ between
 * machines (and between runs of the tests). */
int
vpop3_mailbox_compare_users (const char *a, const char *b)
{
  int by_case = g_ascii_strcasecmp (a, b);

  return by_case != 0 ? by_case : strcmp (a, b);
}
