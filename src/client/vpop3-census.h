/* vpop3-census.h: what the server has sent, by type character, for the
 * survey and the applet's Diagnostics page.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vpop3-update.h"

G_BEGIN_DECLS

typedef enum /*< underscore_name=vpop3_census_kind >*/
{
  VPOP3_CENSUS_KIND_DOCUMENTED,  /*< nick=documented >*/
  VPOP3_CENSUS_KIND_PROVISIONAL, /*< nick=provisional >*/
  VPOP3_CENSUS_KIND_UNKNOWN,     /*< nick=unknown >*/
} Vpop3CensusKind;

/* Samples are cut to this many characters (then "…"), after escaping. */
#define VPOP3_CENSUS_SAMPLE_MAX 120

/* One type character. @type is the line's first character (UTF-8), or ""
 * for a line without one (an empty line, or an over-long line that was
 * dropped unread). Samples have control characters and backslashes escaped
 * (\t, \xNN, \\) and are cut: they are safe to print and to put in JSON. */
typedef struct
{
  char *type;
  Vpop3CensusKind kind;
  guint64 count;
  guint64 invalid;    /* failed our validation; every line of an unknown type */
  gsize longest;      /* in bytes, as decoded; VPOP3_LINE_MAX + 1 for a dropped line */
  char *sample;       /* the first line, or the first invalid one once there is one */
  char *last_invalid; /* the most recent invalid line, NULL when none */
} Vpop3CensusEntry;

void vpop3_census_entry_free (Vpop3CensusEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3CensusEntry, vpop3_census_entry_free)

#define VPOP3_TYPE_CENSUS (vpop3_census_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3Census, vpop3_census, VPOP3, CENSUS, GObject)

/* Properties: "build" (int, -1 when the login reply named none), "lines"
 * (uint64, every line counted; notify). Signal "changed" (): after each
 * line counted, for a view that shows the figures. The census only ever
 * sees what the server pushed after the login: never the login line, so
 * never a password or its digest. */
Vpop3Census *vpop3_census_new (void);

/* Counts one pushed line, as parsed. */
void vpop3_census_record (Vpop3Census *self, const Vpop3Update *update);
void vpop3_census_set_build (Vpop3Census *self, int build);
/* Forgets every count (not the build). */
void vpop3_census_reset (Vpop3Census *self);

int vpop3_census_get_build (Vpop3Census *self);
guint64 vpop3_census_get_lines (Vpop3Census *self);
/* Every type seen, sorted by type character (byte order); a new array of
 * copies. */
GPtrArray *vpop3_census_dup_entries (Vpop3Census *self);
/* Lines counted of @kind, all types together. */
guint64 vpop3_census_count_kind (Vpop3Census *self, Vpop3CensusKind kind);

const char *vpop3_census_kind_to_string (Vpop3CensusKind kind);
/* Escapes control characters and backslashes and cuts to @max characters
 * (then "…"); @max 0 does not cut. */
char *vpop3_census_escape (const char *text, guint max);

G_END_DECLS
