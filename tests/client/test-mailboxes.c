/* test-mailboxes.c: per-user mailboxes (provisional type "U") in the status
 * model, and the census of what the server sent. No network.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "vpop3-line-buffer.h"
#include "vpop3-status.h"

static void
apply_line (Vpop3Status *status, const char *line)
{
  g_autoptr (Vpop3Update) update = vpop3_update_parse (line, strlen (line));

  vpop3_status_apply (status, update);
}

/* "user=total/held,…" for the whole model, in its order. */
static char *
describe (GListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s=%u/%u", i > 0 ? "," : "", vpop3_mailbox_get_user (mailbox),
                              vpop3_mailbox_get_total (mailbox), vpop3_mailbox_get_held (mailbox));
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  GString *log;
} ItemsChanged;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  g_string_append_printf (((ItemsChanged *) data)->log, "(%u,%u,%u)", position, removed, added);
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
assert_model (GListModel *model, const char *expected)
{
  g_autofree char *described = describe (model);

  g_assert_cmpstr (described, ==, expected);
}

static void
test_mailboxes_sorted (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  GListModel *model = vpop3_status_get_mailboxes (status);
  ItemsChanged changes = { g_string_new (NULL) };
  guint has_notified = 0;

  g_assert_true (g_list_model_get_item_type (model) == VPOP3_TYPE_MAILBOX);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_false (vpop3_status_get_effective_permissions (status) &
                  VPOP3_PERMISSION_VIEW_USER_QUEUES);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);
  g_signal_connect (status, "notify::has-mailboxes", G_CALLBACK (count_notify), &has_notified);

  apply_line (status, "Ucarol\t5\t0");
  apply_line (status, "UAlice\t3\t1");
  apply_line (status, "Ubob\t1\t0");
  /* Arriving empty: never listed, but the data kind is proven. */
  apply_line (status, "Udave\t0\t0");
  assert_model (model, "Alice=3/1,bob=1/0,carol=5/0");
  g_assert_cmpstr (changes.log->str, ==, "(0,0,1)(0,0,1)(1,0,1)");
  g_assert_cmpuint (has_notified, ==, 1);
  g_assert_true (vpop3_status_get_effective_permissions (status) &
                 VPOP3_PERMISSION_VIEW_USER_QUEUES);

  /* A change keeps the place and is announced both ways. */
  {
    g_autoptr (Vpop3Mailbox) bob = g_list_model_get_item (model, 1);
    guint notified = 0;

    g_string_truncate (changes.log, 0);
    g_signal_connect (bob, "notify::total", G_CALLBACK (count_notify), &notified);
    apply_line (status, "Ubob\t4\t2");
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpstr (changes.log->str, ==, "(1,1,1)");
    /* The same counts again change nothing. */
    apply_line (status, "Ubob\t4\t2");
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpstr (changes.log->str, ==, "(1,1,1)");
  }
  assert_model (model, "Alice=3/1,bob=4/2,carol=5/0");

  /* Both zero: the row goes. Held alone keeps it. */
  g_string_truncate (changes.log, 0);
  apply_line (status, "UAlice\t0\t0");
  apply_line (status, "Ucarol\t0\t2");
  assert_model (model, "bob=4/2,carol=0/2");
  g_assert_cmpstr (changes.log->str, ==, "(0,1,0)(1,1,1)");

  /* Invalid lines change nothing and are counted unknown. */
  apply_line (status, "Ubob\t-1\t0");
  apply_line (status, "Ubob\t5");
  apply_line (status, "U\t5\t0");
  assert_model (model, "bob=4/2,carol=0/2");
  g_assert_cmpuint (vpop3_status_get_unknown_count (status), ==, 3);

  /* A new login forgets the mailboxes. */
  vpop3_status_reset (status);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (has_notified, ==, 2);
  g_string_free (changes.log, TRUE);
}

static void
test_mailboxes_many (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  GListModel *model = vpop3_status_get_mailboxes (status);

  /* In reverse order, and removed one in two: each lands in its place. */
  for (int i = 2999; i >= 0; i--)
    {
      g_autofree char *line = g_strdup_printf ("Uuser%04d\t%d\t0", i, i + 1);

      apply_line (status, line);
    }
  for (int i = 0; i < 3000; i += 2)
    {
      g_autofree char *line = g_strdup_printf ("Uuser%04d\t0\t0", i);

      apply_line (status, line);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1500);
  for (guint i = 0; i < 1500; i++)
    {
      g_autoptr (Vpop3Mailbox) mailbox = g_list_model_get_item (model, i);
      g_autofree char *user = g_strdup_printf ("user%04u", 2 * i + 1);

      g_assert_cmpstr (vpop3_mailbox_get_user (mailbox), ==, user);
      g_assert_cmpuint (vpop3_mailbox_get_total (mailbox), ==, 2 * i + 2);
    }
  g_assert_cmpuint (vpop3_status_get_unknown_count (status), ==, 0);
}

static void
test_compare_users (void)
{
  g_assert_cmpint (vpop3_mailbox_compare_users ("alice", "Bob"), <, 0);
  g_assert_cmpint (vpop3_mailbox_compare_users ("Bob", "alice"), >, 0);
  /* Case is ignored first, then decides, so that the order is total. */
  g_assert_cmpint (vpop3_mailbox_compare_users ("Alice", "alice"), !=, 0);
  g_assert_cmpint (vpop3_mailbox_compare_users ("alice", "alice"), ==, 0);
}

static const Vpop3CensusEntry *
find_entry (GPtrArray *entries, const char *type)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const Vpop3CensusEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->type, type))
        return entry;
    }
  g_error ("no census entry for type “%s”", type);
  return NULL;
}

static void
assert_entry (GPtrArray *entries,
              const char *type,
              Vpop3CensusKind kind,
              guint64 count,
              guint64 invalid,
              gsize longest,
              const char *sample)
{
  const Vpop3CensusEntry *entry = find_entry (entries, type);

  g_assert_cmpstr (vpop3_census_kind_to_string (entry->kind), ==,
                   vpop3_census_kind_to_string (kind));
  g_assert_cmpuint (entry->count, ==, count);
  g_assert_cmpuint (entry->invalid, ==, invalid);
  g_assert_cmpuint (entry->longest, ==, longest);
  g_assert_cmpstr (entry->sample, ==, sample);
}

static void
count_changed (Vpop3Census *census, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_census (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  Vpop3Census *census = vpop3_status_get_census (status);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (Vpop3Update) overlong = vpop3_update_new (VPOP3_UPDATE_UNKNOWN);
  guint changed = 0;

  g_signal_connect (census, "changed", G_CALLBACK (count_changed), &changed);
  g_assert_cmpint (vpop3_census_get_build (census), ==, -1);
  vpop3_status_set_build (status, 2886);
  g_assert_cmpint (vpop3_census_get_build (census), ==, 2886);

  apply_line (status, "1Idle");
  apply_line (status, "1Connecting to mail.example.com");
  apply_line (status, "001D5566C45837F00Connected");
  apply_line (status, "0not a time");
  apply_line (status, "421\t2");
  apply_line (status, "4 21 2");
  apply_line (status, "4twenty");
  apply_line (status, "Ualice\t3\t1");
  apply_line (status, "Q\x1b[2Jsome\tthing");
  apply_line (status, "Qagain");
  apply_line (status, "+OK nobody asked");
  apply_line (status, "");
  apply_line (status, "éclair");
  /* What the connection hands on for a line over the cap. */
  overlong->raw = g_strdup_printf ("(a line longer than %u bytes was dropped)", VPOP3_LINE_MAX);
  vpop3_status_apply (status, overlong);

  g_assert_cmpuint (vpop3_census_get_lines (census), ==, 14);
  g_assert_cmpuint (changed, ==, 15);
  entries = vpop3_census_dup_entries (census);
  g_assert_cmpuint (entries->len, ==, 8);
  /* Sorted by type, bytewise. */
  g_assert_cmpstr (((Vpop3CensusEntry *) entries->pdata[0])->type, ==, "");
  g_assert_cmpstr (((Vpop3CensusEntry *) entries->pdata[1])->type, ==, "+");
  g_assert_cmpstr (((Vpop3CensusEntry *) entries->pdata[2])->type, ==, "0");
  g_assert_cmpstr (((Vpop3CensusEntry *) entries->pdata[7])->type, ==, "é");

  assert_entry (entries, "1", VPOP3_CENSUS_KIND_DOCUMENTED, 2, 0,
                strlen ("1Connecting to mail.example.com"), "1Idle");
  /* The first invalid line is the sample: it shows how the server differs. */
  assert_entry (entries, "0", VPOP3_CENSUS_KIND_DOCUMENTED, 2, 1,
                strlen ("001D5566C45837F00Connected"), "0not a time");
  assert_entry (entries, "4", VPOP3_CENSUS_KIND_PROVISIONAL, 3, 2, 7, "4 21 2");
  g_assert_cmpstr (find_entry (entries, "4")->last_invalid, ==, "4twenty");
  assert_entry (entries, "U", VPOP3_CENSUS_KIND_PROVISIONAL, 1, 0, 10, "Ualice\\t3\\t1");
  g_assert_null (find_entry (entries, "U")->last_invalid);
  /* Control characters escaped, never passed on. */
  assert_entry (entries, "Q", VPOP3_CENSUS_KIND_UNKNOWN, 2, 2, strlen ("Q\x1b[2Jsome\tthing"),
                "Q\\x1b[2Jsome\\tthing");
  g_assert_cmpstr (find_entry (entries, "Q")->last_invalid, ==, "Qagain");
  assert_entry (entries, "+", VPOP3_CENSUS_KIND_UNKNOWN, 1, 1, 16, "+OK nobody asked");
  assert_entry (entries, "é", VPOP3_CENSUS_KIND_UNKNOWN, 1, 1, strlen ("éclair"), "éclair");
  /* The empty line and the dropped one: no type character to read. */
  {
    const Vpop3CensusEntry *none = find_entry (entries, "");

    g_assert_cmpuint (none->count, ==, 2);
    g_assert_cmpuint (none->invalid, ==, 2);
    g_assert_cmpuint (none->longest, ==, VPOP3_LINE_MAX + 1);
    g_assert_cmpint (none->kind, ==, VPOP3_CENSUS_KIND_UNKNOWN);
  }

  g_assert_cmpuint (vpop3_census_count_kind (census, VPOP3_CENSUS_KIND_DOCUMENTED), ==, 4);
  g_assert_cmpuint (vpop3_census_count_kind (census, VPOP3_CENSUS_KIND_PROVISIONAL), ==, 4);
  g_assert_cmpuint (vpop3_census_count_kind (census, VPOP3_CENSUS_KIND_UNKNOWN), ==, 6);

  /* The census describes the server: a new login keeps it. */
  vpop3_status_reset (status);
  g_assert_cmpuint (vpop3_census_get_lines (census), ==, 14);
  vpop3_census_reset (census);
  g_assert_cmpuint (vpop3_census_get_lines (census), ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = vpop3_census_dup_entries (census);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_census_sample_cut (void)
{
  g_autoptr (Vpop3Status) status = vpop3_status_new ();
  g_autoptr (GString) line = g_string_new ("1");
  g_autoptr (GPtrArray) entries = NULL;
  const Vpop3CensusEntry *entry;

  for (guint i = 0; i < 5000; i++)
    g_string_append (line, "ü");
  apply_line (status, line->str);
  entries = vpop3_census_dup_entries (vpop3_status_get_census (status));
  entry = find_entry (entries, "1");
  g_assert_cmpuint (entry->longest, ==, line->len);
  g_assert_true (g_utf8_validate (entry->sample, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (entry->sample, -1), ==, VPOP3_CENSUS_SAMPLE_MAX + 1);
  g_assert_true (g_str_has_suffix (entry->sample, "ü…"));
}

static void
test_census_escape (void)
{
  g_autofree char *escaped = vpop3_census_escape ("a\tb\\c\r\n\x7f\xc2\x9b"
                                                  "d",
                                                  0);
  g_autofree char *cut = vpop3_census_escape ("abcdef", 3);
  g_autofree char *exact = vpop3_census_escape ("abc", 3);

  g_assert_cmpstr (escaped, ==, "a\\tb\\\\c\\x0d\\x0a\\x7f\\u009bd");
  g_assert_cmpstr (cut, ==, "abc…");
  g_assert_cmpstr (exact, ==, "abc");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailboxes/sorted", test_mailboxes_sorted);
  g_test_add_func ("/mailboxes/many", test_mailboxes_many);
  g_test_add_func ("/mailboxes/compare", test_compare_users);
  g_test_add_func ("/census/kinds", test_census);
  g_test_add_func ("/census/sample-cut", test_census_sample_cut);
  g_test_add_func ("/census/escape", test_census_escape);

  return g_test_run ();
}
