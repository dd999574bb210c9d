/* test-l10n-windows.c: every window of the applet, built from its template
 * under the language of the environment (LANGUAGE=de or fr, see meson.build),
 * shows the translations of po/<lang>.po ($VPOP3_TEST_PO) and nothing left in
 * English: its title, labels, buttons, tabs, column titles, placeholders and
 * tooltips are compared with the catalogue, read here from the .po itself.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "vpop3-messages-window.h"
#include "vpop3-password-dialog.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-status-window.h"
#include "window-harness.h"

/* msgid → msgstr, and every msgstr, for the singular entries msgfmt compiles. */
static GHashTable *catalogue;
static GHashTable *translations;

/* The value of a .po string token ("…" with C escapes), appended to @out. */
static void
append_po_string (GString *out, const char *token)
{
  g_autofree char *inner = NULL;
  g_autofree char *value = NULL;
  gsize length = strlen (token);

  g_assert_true (length >= 2 && token[0] == '"' && token[length - 1] == '"');
  inner = g_strndup (token + 1, length - 2);
  value = g_strcompress (inner);
  g_string_append (out, value);
}

static void
add_entry (GString *msgid, GString *msgstr, gboolean fuzzy, gboolean skip)
{
  if (!skip && !fuzzy && msgid->len > 0 && msgstr->len > 0)
    {
      g_hash_table_replace (catalogue, g_strdup (msgid->str), g_strdup (msgstr->str));
      g_hash_table_add (translations, g_strdup (msgstr->str));
    }
}

/* Reads the singular, context-free entries; plural ones (never in a
 * template) and those with a context are left out. */
static void
read_po (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) msgid = g_string_new (NULL);
  g_autoptr (GString) msgstr = g_string_new (NULL);
  GString *field = NULL;
  gboolean fuzzy = FALSE;
  gboolean skip = FALSE;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  catalogue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        {
          add_entry (msgid, msgstr, fuzzy, skip);
          g_string_truncate (msgid, 0);
          g_string_truncate (msgstr, 0);
          field = NULL;
          fuzzy = skip = FALSE;
        }
      else if (g_str_has_prefix (line, "#,"))
        fuzzy = strstr (line, "fuzzy") != NULL;
      else if (*line == '#')
        continue;
      else if (*line == '"')
        {
          if (field != NULL)
            append_po_string (field, line);
        }
      else if (g_str_has_prefix (line, "msgid "))
        {
          field = msgid;
          append_po_string (field, line + strlen ("msgid "));
        }
      else if (g_str_has_prefix (line, "msgstr "))
        {
          field = msgstr;
          append_po_string (field, line + strlen ("msgstr "));
        }
      else
        {
          /* msgctxt, msgid_plural, msgstr[n]: not what a template holds. */
          skip = TRUE;
          field = NULL;
        }
    }
  add_entry (msgid, msgstr, fuzzy, skip);
}

static const char *
tr (const char *msgid)
{
  const char *msgstr = g_hash_table_lookup (catalogue, msgid);

  return msgstr != NULL ? msgstr : msgid;
}

static void
add_text (GPtrArray *texts, const char *text)
{
  if (text != NULL && *text != '\0')
    g_ptr_array_add (texts, g_strdup (text));
}

/* Every text @widget and its descendants (internal ones too) show. */
static void
collect_texts (GtkWidget *widget, gpointer data)
{
  GPtrArray *texts = data;
  GtkWidget *parent = gtk_widget_get_parent (widget);
  g_autofree char *tooltip = gtk_widget_get_tooltip_text (widget);

  add_text (texts, tooltip);
  if (GTK_IS_WINDOW (widget))
    add_text (texts, gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_HEADER_BAR (widget))
    {
      add_text (texts, gtk_header_bar_get_title (GTK_HEADER_BAR (widget)));
      add_text (texts, gtk_header_bar_get_subtitle (GTK_HEADER_BAR (widget)));
    }
  if (GTK_IS_LABEL (widget))
    add_text (texts, gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget))
    add_text (texts, gtk_button_get_label (GTK_BUTTON (widget)));
  if (GTK_IS_ENTRY (widget))
    {
      add_text (texts, gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
      for (int pos = GTK_ENTRY_ICON_PRIMARY; pos <= GTK_ENTRY_ICON_SECONDARY; pos++)
        {
          g_autofree char *icon_tip = gtk_entry_get_icon_tooltip_text (GTK_ENTRY (widget), pos);

          add_text (texts, icon_tip);
        }
    }
  if (GTK_IS_TREE_VIEW (widget))
    for (guint i = 0; i < gtk_tree_view_get_n_columns (GTK_TREE_VIEW (widget)); i++)
      add_text (texts, gtk_tree_view_column_get_title (
                           gtk_tree_view_get_column (GTK_TREE_VIEW (widget), i)));
  if (GTK_IS_COMBO_BOX (widget))
    {
      GtkTreeModel *model = gtk_combo_box_get_model (GTK_COMBO_BOX (widget));
      GtkTreeIter iter;

      if (model != NULL && gtk_tree_model_get_n_columns (model) > 0 &&
          gtk_tree_model_get_column_type (model, 0) == G_TYPE_STRING &&
          gtk_tree_model_get_iter_first (model, &iter))
        do
          {
            g_autofree char *text = NULL;

            gtk_tree_model_get (model, &iter, 0, &text, -1);
            add_text (texts, text);
          }
        while (gtk_tree_model_iter_next (model, &iter));
    }
  if (parent != NULL && GTK_IS_STACK (parent))
    {
      g_autofree char *title = NULL;

      gtk_container_child_get (GTK_CONTAINER (parent), widget, "title", &title, NULL);
      add_text (texts, title);
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_texts, texts);
}

/* Checks @window's texts against the catalogue; @title is its English title. */
static void
check_window (GtkWidget *window, const char *title)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) untranslated = g_string_new (NULL);
  guint translated = 0;

  /* The title must have a translation, else the window says nothing here. */
  g_assert_cmpstr (tr (title), !=, title);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, tr (title));

  gtk_widget_show (window);
  harness_iterate ();
  collect_texts (window, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      const char *msgstr = g_hash_table_lookup (catalogue, text);

      if (g_hash_table_contains (translations, text))
        translated++;
      else if (msgstr != NULL && strcmp (msgstr, text) != 0)
        g_string_append_printf (untranslated, "“%s” (→ “%s”) ", text, msgstr);
      else
        g_test_message ("not from the catalogue: “%s”", text);
    }
  g_test_message ("%s: %u texts, %u translated", title, texts->len, translated);
  g_assert_cmpstr (untranslated->str, ==, "");
  g_assert_cmpuint (translated, >=, 3);
  gtk_widget_destroy (window);
}

static void
test_status_window (void)
{
  Vpop3StatusWindow *window;
  GtkStack *stack;

  vpop3_status_reset (harness_status ());
  harness_feed ("645\t60\t3");
  harness_feed ("421\t2");
  harness_feed ("81\tSMTP Server (12)\tbob@192.0.2.7\t65\tRCPT TO:<anna@example.com>");
  window = vpop3_status_window_new (harness_app ());
  stack = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "stack");
  gtk_stack_set_visible_child_name (stack, "sessions");
  check_window (GTK_WIDGET (window), "VPOP3 Status");
}

static void
test_preferences (void)
{
  check_window (GTK_WIDGET (vpop3_preferences_dialog_new (harness_app ())),
                "Configure Status Monitor");
}

static void
test_messages (void)
{
  check_window (GTK_WIDGET (vpop3_messages_window_new (harness_app ())), "Instant Messaging");
}

static void
test_password (void)
{
  check_window (
      GTK_WIDGET (vpop3_password_dialog_new (NULL, "mail.example.com", "postmaster", NULL)),
      "VPOP3 Password");
}

int
main (int argc, char **argv)
{
  const char *po = g_getenv ("VPOP3_TEST_PO");
  const char *localedir = g_getenv ("VPOP3_LOCALEDIR");

  harness_init (&argc, &argv);
  /* gtk_test_init() chose en_US.UTF-8; the environment's language instead. */
  setlocale (LC_ALL, "");
  g_assert_nonnull (po);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  read_po (po);

  g_test_add_func ("/l10n/status-window", test_status_window);
  g_test_add_func ("/l10n/preferences", test_preferences);
  g_test_add_func ("/l10n/messages", test_messages);
  g_test_add_func ("/l10n/password", test_password);
  return g_test_run ();
}
