/* test-loop.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-loop.h"

static gboolean
on_timeout (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
test_loop_wait (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

void
test_loop_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
test_loop_store_result (GObject *source, GAsyncResult *result, gpointer slot)
{
  GAsyncResult **stored = slot;

  g_assert_null (*stored);
  *stored = g_object_ref (result);
}

static gboolean
has_result (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
test_loop_wait_result (GAsyncResult **slot, guint timeout_ms)
{
  g_assert_true (test_loop_wait (has_result, slot, timeout_ms));
  return *slot;
}
