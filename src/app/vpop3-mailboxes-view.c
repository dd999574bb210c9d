/* vpop3-mailboxes-view.c: a GtkListStore that mirrors the status model's
 * mailboxes row for row (items-changed gives the positions, so a change
 * costs one row, not the 100,000 a large site may have), filtered by the
 * search and sorted by the column the user clicks.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-mailboxes-view.h"

#include "vpop3-mailbox.h"
#include "vpop3-text.h"

enum
{
  COLUMN_USER,
  COLUMN_TOTAL,
  COLUMN_HELD,
};

struct _Vpop3MailboxesView
{
  GtkBox parent_instance;

  GListModel *mailboxes;
  char *search; /* casefolded, or NULL */

  GtkListStore *store;
  GtkTreeModelFilter *filter;
  GtkTreeView *tree_view;
  GtkSearchEntry *search_entry;
};

G_DEFINE_FINAL_TYPE (Vpop3MailboxesView, vpop3_mailboxes_view, GTK_TYPE_BOX)

static void
set_row (Vpop3MailboxesView *self, GtkTreeIter *iter, Vpop3Mailbox *mailbox)
{
  const char *user = vpop3_mailbox_get_user (mailbox);
  /* A user name is one line: a control character the server sent shows as \xNN. */
  g_autofree char *shown =
      vpop3_text_has_controls (user) ? vpop3_text_escape_controls (user) : NULL;

  gtk_list_store_set (self->store, iter, COLUMN_USER, shown != NULL ? shown : user, COLUMN_TOTAL,
                      vpop3_mailbox_get_total (mailbox), COLUMN_HELD,
                      vpop3_mailbox_get_held (mailbox), -1);
}

static void
on_items_changed (
    GListModel *mailboxes, guint position, guint removed, guint added, gpointer user_data)
{
  Vpop3MailboxesView *self = user_data;
  GtkTreeIter iter;

  for (guint i = 0; i < removed; i++)
    if (gtk_tree_model_iter_nth_child (GTK_TREE_MODEL (self->store), &iter, NULL, (int) position))
      gtk_list_store_remove (self->store, &iter);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (mailboxes, position + i);

      gtk_list_store_insert (self->store, &iter, (int) (position + i));
      set_row (self, &iter, mailbox);
    }
}

void
vpop3_mailboxes_view_set_mailboxes (Vpop3MailboxesView *self, GListModel *mailboxes)
{
  g_return_if_fail (VPOP3_IS_MAILBOXES_VIEW (self));
  g_return_if_fail (mailboxes == NULL || G_IS_LIST_MODEL (mailboxes));

  if (self->mailboxes != NULL)
    g_signal_handlers_disconnect_by_data (self->mailboxes, self);
  g_set_object (&self->mailboxes, mailboxes);
  gtk_list_store_clear (self->store);
  if (mailboxes == NULL)
    return;
  g_signal_connect (mailboxes, "items-changed", G_CALLBACK (on_items_changed), self);
  on_items_changed (mailboxes, 0, 0, g_list_model_get_n_items (mailboxes), self);
}

static gboolean
is_row_shown (GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
  Vpop3MailboxesView *self = user_data;
  g_autofree char *user = NULL;
  g_autofree char *folded = NULL;

  if (self->search == NULL)
    return TRUE;
  gtk_tree_model_get (model, iter, COLUMN_USER, &user, -1);
  folded = user != NULL ? g_utf8_casefold (user, -1) : NULL;
  return folded != NULL && strstr (folded, self->search) != NULL;
}

static void
on_search_changed (Vpop3MailboxesView *self)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));

  g_clear_pointer (&self->search, g_free);
  if (*text != '\0')
    self->search = g_utf8_casefold (text, -1);
  gtk_tree_model_filter_refilter (self->filter);
}

static void
vpop3_mailboxes_view_dispose (GObject *object)
{
  Vpop3MailboxesView *self = VPOP3_MAILBOXES_VIEW (object);

  if (self->mailboxes != NULL)
    g_signal_handlers_disconnect_by_data (self->mailboxes, self);
  g_clear_object (&self->mailboxes);

  G_OBJECT_CLASS (vpop3_mailboxes_view_parent_class)->dispose (object);
}

static void
vpop3_mailboxes_view_finalize (GObject *object)
{
  Vpop3MailboxesView *self = VPOP3_MAILBOXES_VIEW (object);

  g_free (self->search);

  G_OBJECT_CLASS (vpop3_mailboxes_view_parent_class)->finalize (object);
}

static void
vpop3_mailboxes_view_class_init (Vpop3MailboxesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vpop3_mailboxes_view_dispose;
  object_class->finalize = vpop3_mailboxes_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vpop3monitor/Vpop3Monitor/"
                                                             "vpop3-mailboxes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, Vpop3MailboxesView, store);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MailboxesView, filter);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MailboxesView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, Vpop3MailboxesView, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
}

static void
vpop3_mailboxes_view_init (Vpop3MailboxesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_tree_model_filter_set_visible_func (self->filter, is_row_shown, self, NULL);
}
