/* vpop3-session.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-session.h"

struct _Vpop3Session
{
  GObject parent_instance;

  char *id;
  char *session_type;
  char *user;
  char *detail;
  guint seconds;
  gint64 reported_at; /* monotonic µs of the last report, to age it without a timer */
};

G_DEFINE_FINAL_TYPE (Vpop3Session, vpop3_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SESSION_TYPE,
  PROP_USER,
  PROP_DETAIL,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_session_finalize (GObject *object)
{
  Vpop3Session *self = VPOP3_SESSION (object);

  g_free (self->id);
  g_free (self->session_type);
  g_free (self->user);
  g_free (self->detail);

  G_OBJECT_CLASS (vpop3_session_parent_class)->finalize (object);
}

static void
vpop3_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Session *self = VPOP3_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_SESSION_TYPE:
      g_value_set_string (value, self->session_type);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_SECONDS:
      g_value_set_uint (value, self->seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_session_class_init (Vpop3SessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vpop3_session_finalize;
  object_class->get_property = vpop3_session_get_property;

  properties[PROP_ID] =
      g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_TYPE] = g_param_spec_string ("session-type", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
      g_param_spec_string ("user", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
      g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECONDS] = g_param_spec_uint ("seconds", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_session_init (Vpop3Session *self)
{
}

Vpop3Session *
vpop3_session_new_from_update (const Vpop3Update *update)
{
  Vpop3Session *self;

  g_return_val_if_fail (update != NULL && update->type == VPOP3_UPDATE_SESSION, NULL);

  self = g_object_new (VPOP3_TYPE_SESSION, NULL);
  self->id = g_strdup (update->id);
  vpop3_session_update (self, update);
  return self;
}

static void
set_string (Vpop3Session *self, char **field, const char *value, guint prop_id)
{
  if (g_strcmp0 (*field, value != NULL ? value : "") == 0)
    return;
  g_free (*field);
  *field = g_strdup (value != NULL ? value : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
vpop3_session_update (Vpop3Session *self, const Vpop3Update *update)
{
  g_return_if_fail (VPOP3_IS_SESSION (self));
  g_return_if_fail (update != NULL && update->type == VPOP3_UPDATE_SESSION);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->session_type, update->session_type, PROP_SESSION_TYPE);
  set_string (self, &self->user, update->user, PROP_USER);
  set_string (self, &self->detail, update->text, PROP_DETAIL);
  self->reported_at = g_get_monotonic_time ();
  if (self->seconds != update->seconds)
    {
      self->seconds = update->seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
vpop3_session_get_id (Vpop3Session *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSION (self), NULL);
  return self->id;
}

const char *
vpop3_session_get_session_type (Vpop3Session *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSION (self), NULL);
  return self->session_type;
}

const char *
vpop3_session_get_user (Vpop3Session *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSION (self), NULL);
  return self->user;
}

const char *
vpop3_session_get_detail (Vpop3Session *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSION (self), NULL);
  return self->detail;
}

guint
vpop3_session_get_seconds (Vpop3Session *self)
{
  g_return_val_if_fail (VPOP3_IS_SESSION (self), 0);
  return self->seconds;
}

guint
vpop3_session_get_active_seconds (Vpop3Session *self)
{
  gint64 elapsed;

  g_return_val_if_fail (VPOP3_IS_SESSION (self), 0);

  elapsed = (g_get_monotonic_time () - self->reported_at) / G_USEC_PER_SEC;
  return self->seconds + (guint) CLAMP (elapsed, 0, G_MAXINT);
}

char *
vpop3_format_active_time (guint seconds)
{
  return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);
}
