/* vpop3-indicator.c: libayatana-appindicator is used here and nowhere else,
 * so that a move to another tray library (or its deprecations) touches one file.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-indicator.h"

#include <libayatana-appindicator/app-indicator.h>

struct _Vpop3Indicator
{
  GObject parent_instance;

  AppIndicator *indicator;
};

G_DEFINE_FINAL_TYPE (Vpop3Indicator, vpop3_indicator, G_TYPE_OBJECT)

static void
vpop3_indicator_dispose (GObject *object)
{
  Vpop3Indicator *self = VPOP3_INDICATOR (object);

  g_clear_object (&self->indicator);

  G_OBJECT_CLASS (vpop3_indicator_parent_class)->dispose (object);
}

static void
vpop3_indicator_class_init (Vpop3IndicatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vpop3_indicator_dispose;
}

static void
vpop3_indicator_init (Vpop3Indicator *self)
{
}

Vpop3Indicator *
vpop3_indicator_new (const char *id, const char *icon_name, const char *icon_theme_path)
{
  Vpop3Indicator *self = g_object_new (VPOP3_TYPE_INDICATOR, NULL);

  /* Deprecated after 0.5.92 in favour of app_indicator_new_with_path; this
   * is the only call site. */
  self->indicator = app_indicator_new (id, icon_name, APP_INDICATOR_CATEGORY_COMMUNICATIONS);
  if (icon_theme_path != NULL)
    app_indicator_set_icon_theme_path (self->indicator, icon_theme_path);
  app_indicator_set_status (self->indicator, APP_INDICATOR_STATUS_ACTIVE);
  return self;
}

void
vpop3_indicator_set_icon (Vpop3Indicator *self, const char *icon_name, const char *description)
{
  g_return_if_fail (VPOP3_IS_INDICATOR (self));

  app_indicator_set_icon_full (self->indicator, icon_name, description);
}

void
vpop3_indicator_set_title (Vpop3Indicator *self, const char *title)
{
  g_return_if_fail (VPOP3_IS_INDICATOR (self));

  app_indicator_set_title (self->indicator, title);
}

void
vpop3_indicator_set_menu (Vpop3Indicator *self, GtkMenu *menu)
{
  g_return_if_fail (VPOP3_IS_INDICATOR (self));

  app_indicator_set_menu (self->indicator, menu);
}

void
vpop3_indicator_set_secondary_target (Vpop3Indicator *self, GtkWidget *menu_item)
{
  g_return_if_fail (VPOP3_IS_INDICATOR (self));

  app_indicator_set_secondary_activate_target (self->indicator, menu_item);
}
