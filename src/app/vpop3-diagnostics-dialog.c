/* vpop3-diagnostics-dialog.c: the census of the server's lines, refreshed at
 * most once per main-loop pass however fast lines come, and a protocol trace
 * recorded through the client (secrets redacted, as vpop3ctl --trace) into a
 * file the user chooses, until stopped.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-diagnostics-dialog.h"

#include <glib/gi18n.h>

#include "vpop3-census.h"

enum
{
  COLUMN_TYPE,
  COLUMN_KIND,
  COLUMN_LINES,
  COLUMN_INVALID,
  COLUMN_SAMPLE,
};

struct _Vpop3DiagnosticsDialog
{
  GtkDialog parent_instance;

  Vpop3Server *server;
  Vpop3Census *census;
  guint refresh_id;
  char *recording; /* the trace file, while recording */

  GtkListStore *store;
  GtkTreeView *tree_view;
  GtkLabel *summary_label;
  GtkButton *trace_button;
  GtkWidget *recording_spinner;
  GtkLabel *recording_label;
};

G_DEFINE_FINAL_TYPE (Vpop3DiagnosticsDialog, vpop3_diagnostics_dialog, GTK_TYPE_DIALOG)

enum
{
  PROP_0,
  PROP_SERVER,
  N_PROPS
};

static const char *
kind_label (Vpop3CensusKind kind)
{
  switch (kind)
    {
    case VPOP3_CENSUS_KIND_DOCUMENTED:
      return _ ("documented");
    case VPOP3_CENSUS_KIND_PROVISIONAL:
      return _ ("provisional");
    case VPOP3_CENSUS_KIND_UNKNOWN:
    default:
      return _ ("unknown");
    }
}

static void
refresh (Vpop3DiagnosticsDialog *self)
{
  g_autoptr (GPtrArray) entries = vpop3_census_dup_entries (self->census);
  int build = vpop3_census_get_build (self->census);
  g_autofree char *build_text = build >= 0 ? g_strdup_printf ("%d", build) : NULL;
  g_autofree char *summary = NULL;

  g_autofree char *documented = g_strdup_printf (
      "%" G_GUINT64_FORMAT, vpop3_census_count_kind (self->census, VPOP3_CENSUS_KIND_DOCUMENTED));
  g_autofree char *provisional = g_strdup_printf (
      "%" G_GUINT64_FORMAT, vpop3_census_count_kind (self->census, VPOP3_CENSUS_KIND_PROVISIONAL));
  g_autofree char *unknown = g_strdup_printf (
      "%" G_GUINT64_FORMAT, vpop3_census_count_kind (self->census, VPOP3_CENSUS_KIND_UNKNOWN));

  /* TRANSLATORS: the build, then how many lines of each kind came */
  summary = g_strdup_printf (_ ("VPOP3 build: %s · documented lines: %s · provisional: %s · "
                                "unknown: %s"),
                             build_text != NULL ? build_text : _ ("not given"), documented,
                             provisional, unknown);
  gtk_label_set_text (self->summary_label, summary);

  gtk_list_store_clear (self->store);
  for (guint i = 0; i < entries->len; i++)
    {
      Vpop3CensusEntry *entry = g_ptr_array_index (entries, i);
      /* What was not understood is what helps: its last sample first. */
      const char *sample = entry->last_invalid != NULL ? entry->last_invalid : entry->sample;
      GtkTreeIter iter;

      gtk_list_store_insert_with_values (
          self->store, &iter, -1, COLUMN_TYPE, *entry->type != '\0' ? entry->type : _ ("(none)"),
          COLUMN_KIND, kind_label (entry->kind), COLUMN_LINES, entry->count, COLUMN_INVALID,
          entry->invalid, COLUMN_SAMPLE, sample != NULL ? sample : "", -1);
    }
}

static gboolean
on_refresh (gpointer user_data)
{
  Vpop3DiagnosticsDialog *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* A burst counts thousands of lines at once: one refresh when it is in. */
static void
on_census_changed (Vpop3DiagnosticsDialog *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, on_refresh, self, NULL);
}

/* Save Protocol Trace ------------------------------------------------------------------- */

static void
show_recording (Vpop3DiagnosticsDialog *self)
{
  gboolean recording = self->recording != NULL;

  gtk_button_set_label (self->trace_button,
                        recording ? _ ("_Stop Recording") : _ ("_Save Protocol Trace…"));
  gtk_widget_set_visible (self->recording_spinner, recording);
  gtk_widget_set_visible (GTK_WIDGET (self->recording_label), recording);
  if (recording)
    {
      g_autofree char *text = g_strdup_printf (_ ("Recording to %s"), self->recording);

      gtk_label_set_text (self->recording_label, text);
    }
}

static void
stop_recording (Vpop3DiagnosticsDialog *self)
{
  if (self->recording == NULL)
    return;
  vpop3_client_set_trace_file (vpop3_server_get_client (self->server), NULL, NULL);
  g_clear_pointer (&self->recording, g_free);
  show_recording (self);
}

static void
on_file_chosen (GtkNativeDialog *chooser, int response, gpointer user_data)
{
  Vpop3DiagnosticsDialog *self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    return;
  if (!vpop3_client_set_trace_file (vpop3_server_get_client (self->server), path, &error))
    {
      GtkWidget *message = gtk_message_dialog_new (
          GTK_WINDOW (self), GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
          "%s", _ ("The protocol trace could not be saved"));

      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s", error->message);
      g_signal_connect (message, "response", G_CALLBACK (gtk_widget_destroy), NULL);
      gtk_widget_show (message);
      return;
    }
  self->recording = g_steal_pointer (&path);
  show_recording (self);
  /* A trace is most useful from the greeting on: a new connection. */
  if (vpop3_server_get_wanted (self->server))
    vpop3_server_reconnect (self->server);
}

static void
on_trace_clicked (Vpop3DiagnosticsDialog *self)
{
  GtkFileChooserNative *chooser;

  if (self->recording != NULL)
    {
      stop_recording (self);
      return;
    }
  chooser = gtk_file_chooser_native_new (_ ("Save Protocol Trace"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "vpop3.trace");
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject ------------------------------------------------------------------------------- */

static void
vpop3_diagnostics_dialog_set_property (GObject *object,
                                       guint prop_id,
                                       const GValue *value,
                                       GParamSpec *pspec)
{
  Vpop3DiagnosticsDialog *self = VPOP3_DIAGNOSTICS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_diagnostics_dialog_constructed (GObject *object)
{
  Vpop3DiagnosticsDialog *self = VPOP3_DIAGNOSTICS_DIALOG (object);

  G_OBJECT_CLASS (vpop3_diagnostics_dialog_parent_class)->constructed (object);

  g_assert (self->server != NULL);
  self->census = g_object_ref (vpop3_status_get_census (vpop3_server_get_status (self->server)));
  g_signal_connect_swapped (self->census, "changed", G_CALLBACK (on_census_changed), self);
  g_signal_connect_swapped (self->census, "notify::build", G_CALLBACK (on_census_changed), self);
  refresh (self);
  show_recording (self);
}

static void
vpop3_diagnostics_dialog_dispose (GObject *object)
{
  Vpop3DiagnosticsDialog *self = VPOP3_DIAGNOSTICS_DIALOG (object);

  /* Closing the window stops the recording: nothing records unseen. */
  if (self->server != NULL)
    stop_recording (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->census != NULL)
    g_signal_handlers_disconnect_by_data (self->census, self);
  g_clear_object (&self->census);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (vpop3_diagnostics_dialog_parent_class)->dispose (object);
}

static void
vpop3_diagnostics_dialog_class_init (Vpop3DiagnosticsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = vpop3_diagnostics_dialog_set_property;
  object_class->constructed = vpop3_diagnostics_dialog_constructed;
  object_class->dispose = vpop3_diagnostics_dialog_dispose;

  g_object_class_install_property (
      object_class, PROP_SERVER,
      g_param_spec_object ("server", NULL, NULL, VPOP3_TYPE_SERVER,
                           G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-diagnostics-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, store);
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, tree_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, trace_button);
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, recording_spinner);
  gtk_widget_class_bind_template_child (widget_class, Vpop3DiagnosticsDialog, recording_label);
  gtk_widget_class_bind_template_callback (widget_class, on_trace_clicked);
}

static void
vpop3_diagnostics_dialog_init (Vpop3DiagnosticsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

Vpop3DiagnosticsDialog *
vpop3_diagnostics_dialog_new (Vpop3Server *server)
{
  g_return_val_if_fail (VPOP3_IS_SERVER (server), NULL);

  return g_object_new (VPOP3_TYPE_DIAGNOSTICS_DIALOG, "use-header-bar", TRUE, "server", server,
                       NULL);
}

Vpop3Server *
vpop3_diagnostics_dialog_get_server (Vpop3DiagnosticsDialog *self)
{
  g_return_val_if_fail (VPOP3_IS_DIAGNOSTICS_DIALOG (self), NULL);

  return self->server;
}
