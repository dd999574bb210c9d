/* fuzz-common.h: what every libFuzzer target of the protocol layer shares.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A broken invariant: say which, then abort() so that libFuzzer saves the
 * input (a GLib fatal error would raise SIGTRAP, which it does not catch). */
#define FUZZ_CHECK(condition)                                                                      \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (G_UNLIKELY (!(condition)))                                                                 \
      {                                                                                            \
        fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);             \
        abort ();                                                                                  \
      }                                                                                            \
  }                                                                                                \
  G_STMT_END

static inline gboolean
fuzz_is_utf8 (const char *text)
{
  return text == NULL || g_utf8_validate (text, -1, NULL);
}

/* Criticals and warnings mean a precondition was broken: treat them as
 * crashes, through abort() for the reason above. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  GLogWriterOutput output = g_log_writer_standard_streams (level, fields, n_fields, data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return output;
}

static inline void
fuzz_init_logging (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}
