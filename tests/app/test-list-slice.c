/* test-list-slice.c: Vpop3ListSlice against a GListStore: what it shows,
 * where new items go, and that every change it signals is exactly the
 * change of what it shows (checked after every step, and over thousands
 * of random changes).
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vpop3-list-slice.h"

typedef struct
{
  GListStore *store;
  Vpop3ListSlice *slice;
  GPtrArray *mirror; /* the slice as its items-changed signals say */
  GPtrArray *items;  /* every item ever made, for names in messages */
} Fixture;

static void
on_slice_changed (GListModel *slice, guint position, guint removed, guint added, Fixture *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (slice, position + i));
  /* What it says now is what it is now. */
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (slice));
}

static GObject *
new_item (Fixture *fixture)
{
  GObject *item = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data (item, "n", GUINT_TO_POINTER (fixture->items->len));
  g_ptr_array_add (fixture->items, g_object_ref (item));
  return item;
}

/* Puts @added new items at @position of the store, in place of @removed. */
static void
splice (Fixture *fixture, guint position, guint removed, guint added)
{
  g_autoptr (GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (made, new_item (fixture));
  g_list_store_splice (fixture->store, position, removed, made->pdata, made->len);
}

static void
fixture_set_up (Fixture *fixture, guint n_items, guint capacity)
{
  fixture->store = g_list_store_new (G_TYPE_OBJECT);
  fixture->items = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  splice (fixture, 0, 0, n_items);
  fixture->slice = vpop3_list_slice_new (G_LIST_MODEL (fixture->store), capacity);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->slice)); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->slice), i));
  g_signal_connect (fixture->slice, "items-changed", G_CALLBACK (on_slice_changed), fixture);
}

static void
fixture_tear_down (Fixture *fixture)
{
  g_object_unref (fixture->slice);
  g_object_unref (fixture->store);
  g_ptr_array_unref (fixture->mirror);
  g_ptr_array_unref (fixture->items);
}

/* The store's items that the slice shows, as "first-last" of their numbers,
 * and every invariant: the signals told the truth, the items are
 * consecutive in the store, and the slice is as full as it can be. */
static char *
shown (Fixture *fixture)
{
  GListModel *slice = G_LIST_MODEL (fixture->slice);
  guint n = g_list_model_get_n_items (slice);
  guint before = vpop3_list_slice_get_hidden_before (fixture->slice);
  guint after = vpop3_list_slice_get_hidden_after (fixture->slice);
  guint store_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->store));

  g_assert_cmpuint (before + n + after, ==, store_items);
  g_assert_cmpuint (n, ==, MIN (vpop3_list_slice_get_capacity (fixture->slice), store_items));
  g_assert_cmpuint (fixture->mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (slice, i);
      g_autoptr (GObject) in_store =
          g_list_model_get_item (G_LIST_MODEL (fixture->store), before + i);

      g_assert_true (item == in_store);
      g_assert_true (item == g_ptr_array_index (fixture->mirror, i));
    }
  g_assert_null (g_list_model_get_item (slice, n));
  if (n == 0)
    return g_strdup ("");
  {
    g_autoptr (GObject) first = g_list_model_get_item (slice, 0);
    g_autoptr (GObject) last = g_list_model_get_item (slice, n - 1);

    return g_strdup_printf ("%u-%u", GPOINTER_TO_UINT (g_object_get_data (first, "n")),
                            GPOINTER_TO_UINT (g_object_get_data (last, "n")));
  }
}

#define assert_shown(fixture, expected)                                                            \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *now = shown (fixture);                                                        \
    g_assert_cmpstr (now, ==, expected);                                                           \
  }                                                                                                \
  G_STMT_END

/* It starts at the end, and follows it: new items shown, the first hidden. */
static void
test_follows_end (void)
{
  Fixture fixture;

  fixture_set_up (&fixture, 10, 4);
  assert_shown (&fixture, "6-9");
  g_assert_cmpuint (vpop3_list_slice_get_hidden_before (fixture.slice), ==, 6);
  splice (&fixture, 10, 0, 1);
  assert_shown (&fixture, "7-10");
  splice (&fixture, 11, 0, 3);
  assert_shown (&fixture, "10-13");
  g_assert_cmpuint (vpop3_list_slice_get_hidden_after (fixture.slice), ==, 0);
  fixture_tear_down (&fixture);
}

/* Scrolling back: earlier items shown, as many hidden at the end; what
 * arrives meanwhile waits after the slice until it is scrolled to. */
static void
test_scrolls (void)
{
  Fixture fixture;

  fixture_set_up (&fixture, 10, 4);
  g_assert_cmpuint (vpop3_list_slice_show_earlier (fixture.slice, 3), ==, 3);
  assert_shown (&fixture, "3-6");
  g_assert_cmpuint (vpop3_list_slice_get_hidden_after (fixture.slice), ==, 3);
  g_assert_cmpuint (vpop3_list_slice_show_earlier (fixture.slice, 5), ==, 3);
  assert_shown (&fixture, "0-3");
  g_assert_cmpuint (vpop3_list_slice_show_earlier (fixture.slice, 5), ==, 0);
  assert_shown (&fixture, "0-3");
  /* A new item, not shown: the user reads older ones. */
  splice (&fixture, 10, 0, 1);
  assert_shown (&fixture, "0-3");
  g_assert_cmpuint (vpop3_list_slice_get_hidden_after (fixture.slice), ==, 7);
  g_assert_cmpuint (vpop3_list_slice_show_later (fixture.slice, 2), ==, 2);
  assert_shown (&fixture, "2-5");
  g_assert_cmpuint (vpop3_list_slice_show_later (fixture.slice, 100), ==, 5);
  assert_shown (&fixture, "7-10");
  /* At the end again: following. */
  splice (&fixture, 11, 0, 1);
  assert_shown (&fixture, "8-11");
  vpop3_list_slice_show_earlier (fixture.slice, 6);
  assert_shown (&fixture, "2-5");
  vpop3_list_slice_show_end (fixture.slice);
  assert_shown (&fixture, "8-11");
  fixture_tear_down (&fixture);
}

/* An older page put in front: shown while there is room, hidden once full. */
static void
test_pages_in_front (void)
{
  Fixture fixture;

  fixture_set_up (&fixture, 2, 5);
  assert_shown (&fixture, "0-1");
  splice (&fixture, 0, 0, 2);
  assert_shown (&fixture, "2-1"); /* items 2 and 3 in front of 0 and 1 */
  splice (&fixture, 0, 0, 3);
  g_assert_cmpuint (vpop3_list_slice_get_hidden_before (fixture.slice), ==, 2);
  assert_shown (&fixture, "6-1");
  g_assert_cmpuint (vpop3_list_slice_show_earlier (fixture.slice, 50), ==, 2);
  assert_shown (&fixture, "4-3");
  fixture_tear_down (&fixture);
}

/* Items removed: from inside the slice, from before it, every one. */
static void
test_removals (void)
{
  Fixture fixture;

  fixture_set_up (&fixture, 10, 4);
  vpop3_list_slice_show_earlier (fixture.slice, 2);
  assert_shown (&fixture, "4-7");
  /* The oldest dropped, as a conversation does past its limit. */
  splice (&fixture, 0, 1, 0);
  assert_shown (&fixture, "4-7");
  /* Two shown removed: the slice fills from before it. */
  splice (&fixture, 4, 2, 0);
  assert_shown (&fixture, "2-7");
  g_assert_cmpuint (vpop3_list_slice_get_hidden_after (fixture.slice), ==, 2);
  /* Across its start. */
  splice (&fixture, 0, 3, 0);
  assert_shown (&fixture, "4-9");
  splice (&fixture, 0, g_list_model_get_n_items (G_LIST_MODEL (fixture.store)), 0);
  assert_shown (&fixture, "");
  splice (&fixture, 0, 0, 6);
  assert_shown (&fixture, "12-15");
  fixture_tear_down (&fixture);
}

/* Any change of the store, any scrolling: the slice stays consecutive, as
 * full as it can be, and its signals say exactly what changed. */
static void
test_random (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261207);

  for (guint round = 0; round < 40; round++)
    {
      Fixture fixture;

      fixture_set_up (&fixture, g_rand_int_range (rand, 0, 30), g_rand_int_range (rand, 1, 12));
      for (guint step = 0; step < 250; step++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture.store));
          g_autofree char *now = NULL;

          switch (g_rand_int_range (rand, 0, 6))
            {
            case 0:
              vpop3_list_slice_show_earlier (fixture.slice, g_rand_int_range (rand, 0, 8));
              break;
            case 1:
              vpop3_list_slice_show_later (fixture.slice, g_rand_int_range (rand, 0, 8));
              break;
            case 2:
              if (g_rand_int_range (rand, 0, 4) == 0)
                vpop3_list_slice_show_end (fixture.slice);
              break;
            default:
              {
                guint position = g_rand_int_range (rand, 0, n + 1);
                guint removed = g_rand_int_range (rand, 0, MIN (n - position, 6) + 1);
                guint added = g_rand_int_range (rand, 0, n < 60 ? 8 : 3);

                splice (&fixture, position, removed, added);
              }
            }
          now = shown (&fixture);
        }
      fixture_tear_down (&fixture);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/list-slice/follows-end", test_follows_end);
  g_test_add_func ("/list-slice/scrolls", test_scrolls);
  g_test_add_func ("/list-slice/pages-in-front", test_pages_in_front);
  g_test_add_func ("/list-slice/removals", test_removals);
  g_test_add_func ("/list-slice/random", test_random);
  return g_test_run ();
}
