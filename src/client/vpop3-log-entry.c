/* vpop3-log-entry.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-log-entry.h"

struct _Vpop3LogEntry
{
  GObject parent_instance;

  GDateTime *time;
  char *text;
};

G_DEFINE_FINAL_TYPE (Vpop3LogEntry, vpop3_log_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TIME,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vpop3_log_entry_finalize (GObject *object)
{
  Vpop3LogEntry *self = VPOP3_LOG_ENTRY (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (vpop3_log_entry_parent_class)->finalize (object);
}

static void
vpop3_log_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3LogEntry *self = VPOP3_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_log_entry_class_init (Vpop3LogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vpop3_log_entry_finalize;
  object_class->get_property = vpop3_log_entry_get_property;

  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
      g_param_spec_string ("text", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vpop3_log_entry_init (Vpop3LogEntry *self)
{
}

Vpop3LogEntry *
vpop3_log_entry_new (GDateTime *time, const char *text)
{
  Vpop3LogEntry *self = g_object_new (VPOP3_TYPE_LOG_ENTRY, NULL);

  self->time = time != NULL ? g_date_time_ref (time) : NULL;
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

GDateTime *
vpop3_log_entry_get_time (Vpop3LogEntry *self)
{
  g_return_val_if_fail (VPOP3_IS_LOG_ENTRY (self), NULL);

  return self->time;
}

const char *
vpop3_log_entry_get_text (Vpop3LogEntry *self)
{
  g_return_val_if_fail (VPOP3_IS_LOG_ENTRY (self), NULL);

  return self->text;
}
