/* test-l10n-windows.c: every window of the applet, built from its template
 * under the language of the environment, shows only texts from that
 * language's catalogue, or data.
 *
 * The catalogue is a .po file ($VPOP3_TEST_PO) read here, and its compiled
 * form is what gettext loads: po/de.po and po/fr.po (compiled into
 * BUILDDIR/po), and "xx", a pseudo-language that pseudo-catalogue.py builds
 * from the sources themselves at build time ($VPOP3_TEST_MO): every msgid of
 * the files in po/POTFILES.in, with the msgstr ⟦msgid⟧.
 *
 * Every text a window can show is collected, shown or not yet (a hidden
 * stack page, a menu not open): window and header titles, labels, buttons,
 * tooltips, entry placeholders and icon tooltips, progress texts, tree view
 * column titles and cells, combo box items, stack page titles, menu items
 * (menu models and attached menus) and the accessible names and
 * descriptions that screen readers speak. Each must be
 *  - a msgstr of the catalogue, or
 *  - an instance of one of its printf-format msgstrs whose %s arguments pass
 *    this same check in turn (a host name in a sentence, a translated word in
 *    a translated frame), or
 *  - data: text without letters (numbers, times, counts), a web address, or a
 *    value of the allow-list below, each what this test fed as the server's
 *    or the user's own data.
 * Entry contents are never checked: they are what the user typed or saved.
 *
 * Under xx, the catalogue holds every string marked translatable in the
 * sources, translated or not, so a failure means a text that never went
 * through gettext: not marked, or set from code by something other than _().
 * Under de and fr it also means a string missing from that .po (which the
 * catalogue-LL tests report for the whole of it, visible or not). Comparing
 * with the catalogue's own msgstrs, instead of guessing at English, is what
 * lets the check tell a translation from a forgotten string.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "vpop3-conversations.h"
#include "vpop3-messages-window.h"
#include "vpop3-password-dialog.h"
#include "vpop3-preferences-dialog.h"
#include "vpop3-status-window.h"
#include "window-harness.h"

/* The data this test feeds the windows: the server's and the user's own
 * values, which no catalogue holds. Each is fed below from these very
 * constants, and only a text equal to one of them (or a %s argument equal to
 * one) counts as data. */
#define HOST           "mail.example.com"           /* the server's address (settings) */
#define USER           "postmaster"                 /* the VPOP3 user (settings) */
#define SESSION_TYPE   "SMTP Server (12)"           /* a session, as the server names it */
#define SESSION_USER   "bob@192.0.2.7"              /* …its user and peer */
#define SESSION_DETAIL "RCPT TO:<anna@example.com>" /* …its last command */
#define CONNECTION_1   "Dial-up"                    /* connections VPOP3 can start */
#define CONNECTION_2   "Leased line"
#define HOUSEKEEPER    "Compacting mailboxes"         /* the housekeeper's own text */
#define LOG_LINE       "Connected to pop.example.net" /* an activity-log line */
#define PEER           "anna"                         /* an instant-messaging user */
#define MESSAGE_IN     "Lunch at noon?"               /* …her message */
#define MESSAGE_OUT    "Yes, see you there"           /* …the user's answer */

static const char *const data_values[] = {
  HOST,         USER,        SESSION_TYPE, SESSION_USER, SESSION_DETAIL, CONNECTION_1,
  CONNECTION_2, HOUSEKEEPER, LOG_LINE,     PEER,         MESSAGE_IN,     MESSAGE_OUT,
};

/* Accessible names and descriptions that GTK's own widgets set on
 * themselves, from GTK's catalogue (gtk30): the title bar's buttons, the
 * search entry, an info bar's message type, the spinner. Only accepted as
 * accessible texts, and only as GTK translates them here. */
static const struct
{
  const char *context;
  const char *msgid;
} gtk_own[] = {
  { NULL, "Close" },
  { NULL, "Minimize" },
  { NULL, "Maximize" },
  { NULL, "Search" },
  { NULL, "Error" },
  { NULL, "Warning" },
  { NULL, "Information" },
  { NULL, "Question" },
  { NULL, "Message" },
  { "throbbing progress animation widget", "Spinner" },
  { NULL, "Provides visual indication of progress" },
};

/* Every msgstr the catalogue holds (plural forms and those with a context
 * too), the printf-format ones as patterns, and msgid → msgstr to say which
 * English text was shown instead of its translation. */
static GHashTable *translations;
static GPtrArray *formats;
static GHashTable *english;

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

/* A regular expression matching what g_strdup_printf (@format, …) makes,
 * each %s captured; NULL when @format has no directive. */
static GRegex *
format_regex (const char *format)
{
  g_autoptr (GString) pattern = g_string_new ("^");
  g_autoptr (GError) error = NULL;
  g_autofree char *tail = NULL;
  const char *literal = format;
  const char *p = format;
  gboolean directive = FALSE;
  GRegex *regex;

  while (*p != '\0')
    {
      g_autofree char *escaped = NULL;
      const char *q;

      if (*p != '%')
        {
          p++;
          continue;
        }
      escaped = g_regex_escape_string (literal, (int) (p - literal));
      g_string_append (pattern, escaped);
      p++;
      if (*p == '%')
        {
          g_string_append (pattern, "%");
          literal = ++p;
          continue;
        }
      /* %[n$][flags][width][.precision][length]conversion */
      for (q = p; g_ascii_isdigit (*q); q++)
        ;
      if (*q == '$')
        p = q + 1;
      while (*p != '\0' && strchr ("-+ #0'I", *p) != NULL)
        p++;
      while (g_ascii_isdigit (*p) || *p == '*')
        p++;
      if (*p == '.')
        for (p++; g_ascii_isdigit (*p) || *p == '*'; p++)
          ;
      while (*p != '\0' && strchr ("hlLqjzt", *p) != NULL)
        p++;
      switch (*p)
        {
        case 's':
          g_string_append (pattern, "(.*)");
          break;
        case 'd':
        case 'i':
        case 'u':
          /* Grouped by the locale's separator with the ' flag. */
          g_string_append (pattern, "[-+]?[0-9](?:[0-9.,' ]|\\x{a0}|\\x{202f})*");
          break;
        case 'x':
        case 'X':
        case 'o':
          g_string_append (pattern, "[0-9a-fA-F]+");
          break;
        case 'e':
        case 'f':
        case 'g':
          g_string_append (pattern, "[-+]?[0-9][0-9.,eE+-]*");
          break;
        case 'c':
          g_string_append (pattern, ".");
          break;
        default:
          /* Not a directive after all: a literal "%". */
          return NULL;
        }
      directive = TRUE;
      literal = ++p;
    }
  if (!directive)
    return NULL;
  tail = g_regex_escape_string (literal, -1);
  g_string_append (pattern, tail);
  g_string_append (pattern, "$");
  regex = g_regex_new (pattern->str, G_REGEX_DOTALL | G_REGEX_OPTIMIZE, 0, &error);
  g_assert_no_error (error);
  return regex;
}

static void
add_translation (const char *msgstr)
{
  GRegex *regex;

  if (*msgstr == '\0' || g_hash_table_contains (translations, msgstr))
    return;
  g_hash_table_add (translations, g_strdup (msgstr));
  regex = format_regex (msgstr);
  if (regex != NULL)
    g_ptr_array_add (formats, regex);
}

/* One entry of the .po: msgid, msgid_plural and the msgstr (or msgstr[n]),
 * as msgfmt would compile it: never a fuzzy or an empty one. */
typedef struct
{
  GString *msgid;
  GString *msgid_plural;
  GPtrArray *msgstrs;
  gboolean fuzzy;
} Entry;

static void
add_entry (Entry *entry)
{
  gboolean complete = entry->msgstrs->len > 0;

  for (guint i = 0; i < entry->msgstrs->len; i++)
    complete = complete && ((GString *) entry->msgstrs->pdata[i])->len > 0;
  if (!entry->fuzzy && entry->msgid->len > 0 && complete)
    {
      const char *first = ((GString *) entry->msgstrs->pdata[0])->str;

      for (guint i = 0; i < entry->msgstrs->len; i++)
        add_translation (((GString *) entry->msgstrs->pdata[i])->str);
      g_hash_table_replace (english, g_strdup (entry->msgid->str), g_strdup (first));
      if (entry->msgid_plural->len > 0)
        g_hash_table_replace (
            english, g_strdup (entry->msgid_plural->str),
            g_strdup (((GString *) entry->msgstrs->pdata[entry->msgstrs->len - 1])->str));
    }
  g_string_truncate (entry->msgid, 0);
  g_string_truncate (entry->msgid_plural, 0);
  g_ptr_array_set_size (entry->msgstrs, 0);
  entry->fuzzy = FALSE;
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
read_po (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) msgid = g_string_new (NULL);
  g_autoptr (GString) msgid_plural = g_string_new (NULL);
  g_autoptr (GPtrArray) msgstrs = g_ptr_array_new_with_free_func (free_gstring);
  Entry entry = { msgid, msgid_plural, msgstrs, FALSE };
  GString *field = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  formats = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
  english = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        {
          add_entry (&entry);
          field = NULL;
        }
      else if (g_str_has_prefix (line, "#,"))
        entry.fuzzy = strstr (line, "fuzzy") != NULL;
      else if (*line == '#')
        continue;
      else if (*line == '"')
        {
          if (field != NULL)
            append_po_string (field, line);
        }
      else if (g_str_has_prefix (line, "msgctxt "))
        /* Only the msgstr shows: the context tells entries apart. */
        field = NULL;
      else if (g_str_has_prefix (line, "msgid "))
        {
          field = msgid;
          append_po_string (field, line + strlen ("msgid "));
        }
      else if (g_str_has_prefix (line, "msgid_plural "))
        {
          field = msgid_plural;
          append_po_string (field, line + strlen ("msgid_plural "));
        }
      else if (g_str_has_prefix (line, "msgstr"))
        {
          const char *token = strchr (line, ' ');

          g_assert_nonnull (token);
          field = g_string_new (NULL);
          g_ptr_array_add (msgstrs, field);
          append_po_string (field, token + 1);
        }
      else
        g_error ("%s: cannot read “%s”", path, line);
    }
  add_entry (&entry);
  g_assert_cmpuint (g_hash_table_size (translations), >, 0);
}

static const char *
tr (const char *msgid)
{
  const char *msgstr = g_hash_table_lookup (english, msgid);

  return msgstr != NULL ? msgstr : msgid;
}

/* Data: no letters at all (numbers, times, counts, punctuation), a web
 * address (the web pages' defaults, built from HOST, and the help page), or
 * one of the values this test fed. */
static gboolean
is_data (const char *text)
{
  gboolean letters = FALSE;
  const char *scheme;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    letters = letters || g_unichar_isalpha (g_utf8_get_char (p));
  if (!letters)
    return TRUE;
  scheme = g_uri_peek_scheme (text);
  if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")) &&
      g_uri_is_valid (text, G_URI_FLAGS_NONE, NULL))
    return TRUE;
  return g_strv_contains (data_values, text);
}

static gboolean
is_from_catalogue (const char *text, guint depth)
{
  if (is_data (text) || g_hash_table_contains (translations, text))
    return TRUE;
  /* A sentence nesting deeper than a few formats is not one of ours. */
  if (depth >= 4)
    return FALSE;
  for (guint i = 0; i < formats->len; i++)
    {
      g_autoptr (GMatchInfo) match = NULL;
      gboolean arguments = TRUE;

      if (!g_regex_match (formats->pdata[i], text, 0, &match))
        continue;
      for (int group = 1; arguments && group < g_match_info_get_match_count (match); group++)
        {
          g_autofree char *argument = g_match_info_fetch (match, group);

          arguments = is_from_catalogue (argument, depth + 1);
        }
      if (arguments)
        return TRUE;
    }
  return FALSE;
}

/* A text and where it shows, for the failure message. */
typedef struct
{
  char *where;
  char *text;
  gboolean accessible;
} Shown;

static void
shown_free (gpointer data)
{
  Shown *shown = data;

  g_free (shown->where);
  g_free (shown->text);
  g_free (shown);
}

static gboolean
is_gtk_own (const Shown *shown)
{
  for (guint i = 0; shown->accessible && i < G_N_ELEMENTS (gtk_own); i++)
    {
      g_autofree char *key =
          g_strconcat (gtk_own[i].context != NULL ? gtk_own[i].context : "",
                       gtk_own[i].context != NULL ? "\004" : "", gtk_own[i].msgid, NULL);

      if (g_str_equal (shown->text,
                       g_dpgettext ("gtk30", key, strlen (key) - strlen (gtk_own[i].msgid))))
        return TRUE;
    }
  return FALSE;
}

static void
add_text (GPtrArray *texts, GObject *object, const char *what, const char *text)
{
  Shown *shown;
  const char *name =
      GTK_IS_BUILDABLE (object) ? gtk_buildable_get_name (GTK_BUILDABLE (object)) : NULL;

  if (text == NULL || *text == '\0')
    return;
  shown = g_new0 (Shown, 1);
  shown->where = g_strdup_printf ("%s%s%s %s", G_OBJECT_TYPE_NAME (object), name != NULL ? "#" : "",
                                  name != NULL ? name : "", what);
  shown->text = g_strdup (text);
  shown->accessible = g_str_has_prefix (what, "accessible ");
  g_ptr_array_add (texts, shown);
}

static void
collect_menu_model (GPtrArray *texts, GMenuModel *model)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr (GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *linked;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        add_text (texts, G_OBJECT (model), "item", label);
      while (g_menu_link_iter_get_next (links, NULL, &linked))
        {
          collect_menu_model (texts, linked);
          g_object_unref (linked);
        }
    }
}

static void collect_texts (GtkWidget *widget, gpointer data);

/* What a tree view shows in its cells, row by row, as it draws them. */
static void
collect_cells (GPtrArray *texts, GtkTreeView *tree_view)
{
  GtkTreeModel *model = gtk_tree_view_get_model (tree_view);
  GtkTreeIter iter;

  if (model == NULL || !gtk_tree_model_get_iter_first (model, &iter))
    return;
  do
    for (guint i = 0; i < gtk_tree_view_get_n_columns (tree_view); i++)
      {
        GtkTreeViewColumn *column = gtk_tree_view_get_column (tree_view, i);
        g_autoptr (GList) cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (column));

        gtk_tree_view_column_cell_set_cell_data (column, model, &iter, FALSE, FALSE);
        for (GList *l = cells; l != NULL; l = l->next)
          if (GTK_IS_CELL_RENDERER_TEXT (l->data))
            {
              g_autofree char *text = NULL;

              g_object_get (l->data, "text", &text, NULL);
              add_text (texts, G_OBJECT (column), "cell", text);
            }
      }
  while (gtk_tree_model_iter_next (model, &iter));
}

/* The accessible name and description set on @widget, by the template or
 * the code. Those GTK derives when none is set repeat a text checked already
 * (a button's label) or are GTK's own (an icon's name): AtkObject's fields
 * hold only the ones set. */
static void
collect_accessible (GPtrArray *texts, GtkWidget *widget)
{
  AtkObject *accessible = gtk_widget_get_accessible (widget);

  add_text (texts, G_OBJECT (widget), "accessible name", accessible->name);
  add_text (texts, G_OBJECT (widget), "accessible description", accessible->description);
}

/* Every text @widget and its descendants (internal ones too) can show. */
static void
collect_texts (GtkWidget *widget, gpointer data)
{
  GPtrArray *texts = data;
  GObject *object = G_OBJECT (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);
  g_autofree char *tooltip = gtk_widget_get_tooltip_text (widget);

  add_text (texts, object, "tooltip", tooltip);
  collect_accessible (texts, widget);
  if (GTK_IS_WINDOW (widget))
    add_text (texts, object, "title", gtk_window_get_title (GTK_WINDOW (widget)));
  if (GTK_IS_HEADER_BAR (widget))
    {
      add_text (texts, object, "title", gtk_header_bar_get_title (GTK_HEADER_BAR (widget)));
      add_text (texts, object, "subtitle", gtk_header_bar_get_subtitle (GTK_HEADER_BAR (widget)));
    }
  if (GTK_IS_LABEL (widget))
    add_text (texts, object, "label", gtk_label_get_label (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget))
    add_text (texts, object, "label", gtk_button_get_label (GTK_BUTTON (widget)));
  if (GTK_IS_PROGRESS_BAR (widget))
    add_text (texts, object, "text", gtk_progress_bar_get_text (GTK_PROGRESS_BAR (widget)));
  if (GTK_IS_ENTRY (widget))
    {
      add_text (texts, object, "placeholder", gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
      for (int pos = GTK_ENTRY_ICON_PRIMARY; pos <= GTK_ENTRY_ICON_SECONDARY; pos++)
        {
          g_autofree char *icon_tip = gtk_entry_get_icon_tooltip_text (GTK_ENTRY (widget), pos);

          add_text (texts, object, "icon tooltip", icon_tip);
        }
    }
  if (GTK_IS_TREE_VIEW (widget))
    {
      for (guint i = 0; i < gtk_tree_view_get_n_columns (GTK_TREE_VIEW (widget)); i++)
        {
          GtkTreeViewColumn *column = gtk_tree_view_get_column (GTK_TREE_VIEW (widget), i);

          add_text (texts, G_OBJECT (column), "title", gtk_tree_view_column_get_title (column));
        }
      collect_cells (texts, GTK_TREE_VIEW (widget));
    }
  if (GTK_IS_COMBO_BOX (widget))
    {
      GtkTreeModel *model = gtk_combo_box_get_model (GTK_COMBO_BOX (widget));
      GtkTreeIter iter;

      /* GtkComboBoxText keeps its texts in column 0; another combo box
       * would show what its cell renderers say, which this does not read. */
      if (model != NULL && !GTK_IS_COMBO_BOX_TEXT (widget))
        g_error ("%s: a combo box other than GtkComboBoxText: read its texts here",
                 G_OBJECT_TYPE_NAME (widget));
      if (model != NULL && gtk_tree_model_get_iter_first (model, &iter))
        do
          {
            g_autofree char *text = NULL;

            gtk_tree_model_get (model, &iter, 0, &text, -1);
            add_text (texts, object, "item", text);
          }
        while (gtk_tree_model_iter_next (model, &iter));
    }
  if (GTK_IS_MENU_BUTTON (widget))
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
      GtkMenu *popup = gtk_menu_button_get_popup (GTK_MENU_BUTTON (widget));
      GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget));

      /* The menu model is the source; the popover or menu GTK builds from
       * it shows the same labels, with GTK's own widgets around them. */
      if (model != NULL)
        collect_menu_model (texts, model);
      else if (popup != NULL)
        collect_texts (GTK_WIDGET (popup), texts);
      else if (popover != NULL)
        collect_texts (GTK_WIDGET (popover), texts);
    }
  /* Context menus are attached, not contained. */
  for (GList *l = gtk_menu_get_for_attach_widget (widget); l != NULL; l = l->next)
    if (!GTK_IS_MENU_BUTTON (widget))
      collect_texts (l->data, texts);
  if (parent != NULL && GTK_IS_STACK (parent))
    {
      g_autofree char *title = NULL;

      gtk_container_child_get (GTK_CONTAINER (parent), widget, "title", &title, NULL);
      add_text (texts, object, "stack page title", title);
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_texts, texts);
}

/* Checks @window's texts against the catalogue; @title is its English title. */
static void
check_window (GtkWidget *window, const char *title)
{
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (shown_free);
  guint foreign = 0;
  guint translated = 0;

  /* The title must have a translation, else the window says nothing here. */
  g_assert_cmpstr (tr (title), !=, title);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, tr (title));

  gtk_widget_show (window);
  harness_iterate ();
  collect_texts (window, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      Shown *shown = texts->pdata[i];
      const char *msgstr = g_hash_table_lookup (english, shown->text);

      if (g_hash_table_contains (translations, shown->text))
        translated++;
      if (is_from_catalogue (shown->text, 0) || is_gtk_own (shown))
        g_test_message ("%s: “%s”", shown->where, shown->text);
      else
        {
          foreign++;
          if (msgstr != NULL && strcmp (msgstr, shown->text) != 0)
            g_test_message ("NOT FROM THE CATALOGUE: %s: “%s”, which it translates as “%s”",
                            shown->where, shown->text, msgstr);
          else
            g_test_message ("NOT FROM THE CATALOGUE: %s: “%s”", shown->where, shown->text);
        }
    }
  g_test_message ("%s: %u texts, %u of them msgstrs", title, texts->len, translated);
  if (foreign > 0)
    g_test_fail_printf ("%s shows %u texts that are neither from the catalogue %s nor data "
                        "(not marked translatable, or missing from the catalogue; see above)",
                        title, foreign, g_getenv ("VPOP3_TEST_PO"));
  /* The collection itself works: the window's own texts were found. */
  g_assert_cmpuint (translated, >=, 3);
  gtk_widget_destroy (window);
}

static void
test_status_window (void)
{
  GSettings *settings = vpop3_application_get_settings (harness_app ());
  g_autofree char *then = harness_filetime_ago (120);
  Vpop3StatusWindow *window;
  GtkStack *stack;

  vpop3_status_reset (harness_status ());
  /* Every field filled, the log shown, both progress bars with a text. */
  g_settings_set_boolean (settings, "show-activity-log", TRUE);
  harness_feed ("645\t60\t3");
  harness_feed ("421\t2");
  harness_feed ("55\t0");
  harness_feed ("H" HOUSEKEEPER);
  harness_feed ("7" CONNECTION_1 "\t" CONNECTION_2);
  harness_feed_printf ("3%s\tpartial", then);
  harness_feed ("20000000000000000");
  harness_feed_printf ("0%s" LOG_LINE, then);
  harness_feed ("81\t" SESSION_TYPE "\t" SESSION_USER "\t65\t" SESSION_DETAIL);
  window = harness_new_status_window ();
  stack = harness_child (window, VPOP3_TYPE_STATUS_WINDOW, "stack");
  gtk_stack_set_visible_child_name (stack, "sessions");
  check_window (GTK_WIDGET (window), "VPOP3 Status");
  /* The setting stays on: changing it once the window is gone makes GLib
   * warn (its settings action outlives the window's action group). */
}

static void
test_preferences (void)
{
  GSettings *settings = vpop3_server_get_settings (harness_server ());

  /* The web pages' placeholders are built from the host. */
  g_settings_set_string (settings, "host", HOST);
  g_settings_set_string (settings, "user", USER);
  check_window (GTK_WIDGET (harness_new_preferences_dialog ()), "Configure Status Monitor");
  g_settings_reset (settings, "host");
  g_settings_reset (settings, "user");
}

static void
test_messages (void)
{
  Vpop3Conversations *conversations = vpop3_server_get_conversations (harness_server ());
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  Vpop3MessagesWindow *window;

  /* An empty window first: its placeholder texts. */
  check_window (GTK_WIDGET (harness_new_messages_window ()), "Instant Messaging");

  /* Then a conversation, open: its rows say who wrote when. */
  vpop3_conversations_add_incoming (conversations, now, PEER, MESSAGE_IN);
  vpop3_conversations_set_delivery (
      conversations, vpop3_conversations_add_outgoing (conversations, PEER, MESSAGE_OUT),
      VPOP3_HISTORY_DELIVERY_ACCEPTED, NULL);
  window = harness_new_messages_window ();
  vpop3_messages_window_select_user (window, PEER);
  check_window (GTK_WIDGET (window), "Instant Messaging");
}

static void
test_password (void)
{
  check_window (GTK_WIDGET (vpop3_password_dialog_new (NULL, HOST, USER, NULL)), "VPOP3 Password");
}

/* A localedir holding @mo as @lang's catalogue, for the pseudo-language. */
static char *
make_localedir (const char *mo, const char *lang)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *target = NULL;
  gsize length;
  char *localedir = g_dir_make_tmp ("vpop3-l10n-XXXXXX", &error);

  g_assert_no_error (error);
  dir = g_build_filename (localedir, lang, "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  target = g_build_filename (dir, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_true (g_file_get_contents (mo, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (target, contents, (gssize) length, &error));
  g_assert_no_error (error);
  return localedir;
}

static void
remove_localedir (const char *localedir, const char *lang)
{
  g_autofree char *mo =
      g_build_filename (localedir, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *messages = g_path_get_dirname (mo);
  g_autofree char *lang_dir = g_path_get_dirname (messages);

  g_unlink (mo);
  g_rmdir (messages);
  g_rmdir (lang_dir);
  g_rmdir (localedir);
}

int
main (int argc, char **argv)
{
  const char *po = g_getenv ("VPOP3_TEST_PO");
  const char *mo = g_getenv ("VPOP3_TEST_MO");
  const char *lang = g_getenv ("LANGUAGE");
  const char *localedir = g_getenv ("VPOP3_LOCALEDIR");
  g_autofree char *scratch = NULL;
  int status;

  harness_init (&argc, &argv);
  /* gtk_test_init() chose en_US.UTF-8; the environment's language instead. */
  setlocale (LC_ALL, "");
  g_assert_nonnull (po);
  g_assert_nonnull (lang);
  if (mo != NULL)
    localedir = scratch = make_localedir (mo, lang);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  read_po (po);

  g_test_add_func ("/l10n/status-window", test_status_window);
  g_test_add_func ("/l10n/preferences", test_preferences);
  g_test_add_func ("/l10n/messages", test_messages);
  g_test_add_func ("/l10n/password", test_password);
  status = g_test_run ();
  if (scratch != NULL)
    remove_localedir (scratch, lang);
  g_hash_table_unref (translations);
  g_hash_table_unref (english);
  g_ptr_array_unref (formats);
  return status;
}
