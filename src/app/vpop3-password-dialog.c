/* vpop3-password-dialog.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-password-dialog.h"
#include "vpop3-ui-util.h"

#include <glib/gi18n.h>

struct _Vpop3PasswordDialog
{
  GtkDialog parent_instance;

  gboolean answered;

  GtkLabel *prompt_label;
  GtkLabel *reason_label;
  GtkEntry *password_entry;
  GtkWidget *login_button;
};

G_DEFINE_FINAL_TYPE (Vpop3PasswordDialog, vpop3_password_dialog, GTK_TYPE_DIALOG)

enum
{
  SIGNAL_PASSWORD_ENTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_password_changed (Vpop3PasswordDialog *self)
{
  gtk_widget_set_sensitive (self->login_button, *gtk_entry_get_text (self->password_entry) != '\0');
}

static void
vpop3_password_dialog_response (GtkDialog *dialog, int response)
{
  Vpop3PasswordDialog *self = VPOP3_PASSWORD_DIALOG (dialog);
  const char *password = gtk_entry_get_text (self->password_entry);

  /* A click and Enter can both arrive before the handler destroys us. */
  if (self->answered)
    return;
  if (response == GTK_RESPONSE_ACCEPT && *password == '\0')
    return;
  self->answered = TRUE;
  g_signal_emit (self, signals[SIGNAL_PASSWORD_ENTERED], 0,
                 response == GTK_RESPONSE_ACCEPT ? password : NULL);
}

static void
vpop3_password_dialog_class_init (Vpop3PasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

  dialog_class->response = vpop3_password_dialog_response;

  signals[SIGNAL_PASSWORD_ENTERED] =
      g_signal_new ("password-entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3PasswordDialog, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3PasswordDialog, reason_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3PasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, Vpop3PasswordDialog, login_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
}

static void
vpop3_password_dialog_init (Vpop3PasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

Vpop3PasswordDialog *
vpop3_password_dialog_new (GtkWindow *parent,
                           const char *host,
                           const char *user,
                           const char *reason)
{
  Vpop3PasswordDialog *self;
  g_autofree char *prompt = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (VPOP3_TYPE_PASSWORD_DIALOG, "use-header-bar", TRUE, "transient-for", parent,
                       NULL);
  prompt = g_strdup_printf (_ ("Enter the password of the VPOP3 user “%s” on %s"), user, host);
  gtk_label_set_text (self->prompt_label, prompt);
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL && *reason != '\0');
  gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
  return self;
}
