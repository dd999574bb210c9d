/* vpop3-census.c: counts of the lines the server sent, by type character.
 * Our reading of every type but "0" and "1" is provisional: this is what a
 * user with a real server sends us so that we can correct it.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-census.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vpop3-line-buffer.h"

struct _Vpop3Census
{
  GObject parent_instance;

  int build;
  guint64 lines;
  GHashTable *entries; /* type → Vpop3CensusEntry */
  char *overlong_note; /* what the connection says for a dropped line */
};

G_DEFINE_FINAL_TYPE (Vpop3Census, vpop3_census, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BUILD,
  PROP_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
vpop3_census_entry_free (Vpop3CensusEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->type);
  g_free (entry->sample);
  g_free (entry->last_invalid);
  g_free (entry);
}

static Vpop3CensusEntry *
entry_copy (const Vpop3CensusEntry *entry)
{
  Vpop3CensusEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->type = g_strdup (entry->type);
  copy->sample = g_strdup (entry->sample);
  copy->last_invalid = g_strdup (entry->last_invalid);
  return copy;
}

static void
vpop3_census_finalize (GObject *object)
{
  Vpop3Census *self = VPOP3_CENSUS (object);

  g_hash_table_unref (self->entries);
  g_free (self->overlong_note);

  G_OBJECT_CLASS (vpop3_census_parent_class)->finalize (object);
}

static void
vpop3_census_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  Vpop3Census *self = VPOP3_CENSUS (object);

  switch (prop_id)
    {
    case PROP_BUILD:
      g_value_set_int (value, self->build);
      break;
    case PROP_LINES:
      g_value_set_uint64 (value, self->lines);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vpop3_census_class_init (Vpop3CensusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vpop3_census_finalize;
  object_class->get_property = vpop3_census_get_property;

  properties[PROP_BUILD] =
      g_param_spec_int ("build", NULL, NULL, -1, G_MAXINT, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINES] =
      g_param_spec_uint64 ("lines", NULL, NULL, 0, G_MAXUINT64, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vpop3_census_init (Vpop3Census *self)
{
  self->build = -1;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) vpop3_census_entry_free);
  /* The very text vpop3-connection.c gives a dropped over-long line (that
   * line has no type character we could read), translated as it is there:
   * looked up, not a message of ours. */
  self->overlong_note =
      g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "(a line longer than %u bytes was dropped)"),
                       (guint) VPOP3_LINE_MAX);
}

Vpop3Census *
vpop3_census_new (void)
{
  return g_object_new (VPOP3_TYPE_CENSUS, NULL);
}

char *
vpop3_census_escape (const char *text, guint max)
{
  GString *out = g_string_new (NULL);
  guint n_chars = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max > 0 && n_chars >= max)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      n_chars++;
    }
  return g_string_free (out, FALSE);
}

void
vpop3_census_record (Vpop3Census *self, const Vpop3Update *update)
{
  const char *raw;
  g_autofree char *type = NULL;
  Vpop3CensusEntry *entry;
  gboolean overlong, invalid;
  gsize length;

  g_return_if_fail (VPOP3_IS_CENSUS (self));
  g_return_if_fail (update != NULL);

  raw = update->raw != NULL ? update->raw : "";
  overlong = update->type == VPOP3_UPDATE_UNKNOWN && g_str_equal (raw, self->overlong_note);
  length = overlong ? VPOP3_LINE_MAX + 1 : strlen (raw);
  type = overlong || *raw == '\0' ? g_strdup ("") : g_strndup (raw, g_utf8_next_char (raw) - raw);

  entry = g_hash_table_lookup (self->entries, type);
  if (entry == NULL)
    {
      gboolean documented = FALSE;

      entry = g_new0 (Vpop3CensusEntry, 1);
      entry->type = g_strdup (type);
      /* A reply no command waits for starts "+" or "-", which no row has. */
      if (strlen (type) == 1 && vpop3_update_code_lookup (type[0], &documented))
        entry->kind = documented ? VPOP3_CENSUS_KIND_DOCUMENTED : VPOP3_CENSUS_KIND_PROVISIONAL;
      else
        entry->kind = VPOP3_CENSUS_KIND_UNKNOWN;
      g_hash_table_insert (self->entries, entry->type, entry);
    }

  /* Every line of an unknown type is an unknown update too. */
  invalid = update->type == VPOP3_UPDATE_UNKNOWN || update->type == VPOP3_UPDATE_REPLY;
  entry->count++;
  entry->longest = MAX (entry->longest, length);
  if (invalid)
    {
      gboolean first_invalid = entry->invalid == 0;

      entry->invalid++;
      g_free (entry->last_invalid);
      entry->last_invalid = vpop3_census_escape (raw, VPOP3_CENSUS_SAMPLE_MAX);
      /* A type that failed shows how it failed. */
      if (first_invalid)
        {
          g_free (entry->sample);
          entry->sample = g_strdup (entry->last_invalid);
        }
    }
  else if (entry->sample == NULL)
    entry->sample = vpop3_census_escape (raw, VPOP3_CENSUS_SAMPLE_MAX);

  self->lines++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
vpop3_census_set_build (Vpop3Census *self, int build)
{
  g_return_if_fail (VPOP3_IS_CENSUS (self));

  if (self->build == build)
    return;
  self->build = build;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUILD]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
vpop3_census_reset (Vpop3Census *self)
{
  g_return_if_fail (VPOP3_IS_CENSUS (self));

  g_hash_table_remove_all (self->entries);
  self->lines = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

int
vpop3_census_get_build (Vpop3Census *self)
{
  g_return_val_if_fail (VPOP3_IS_CENSUS (self), -1);
  return self->build;
}

guint64
vpop3_census_get_lines (Vpop3Census *self)
{
  g_return_val_if_fail (VPOP3_IS_CENSUS (self), 0);
  return self->lines;
}

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const Vpop3CensusEntry *ea = *(const Vpop3CensusEntry *const *) a;
  const Vpop3CensusEntry *eb = *(const Vpop3CensusEntry *const *) b;

  return strcmp (ea->type, eb->type);
}

GPtrArray *
vpop3_census_dup_entries (Vpop3Census *self)
{
  GPtrArray *entries;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VPOP3_IS_CENSUS (self), NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) vpop3_census_entry_free);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, entry_copy (value));
  g_ptr_array_sort (entries, compare_entries);
  return entries;
}

guint64
vpop3_census_count_kind (Vpop3Census *self, Vpop3CensusKind kind)
{
  GHashTableIter iter;
  gpointer value;
  guint64 count = 0;

  g_return_val_if_fail (VPOP3_IS_CENSUS (self), 0);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Vpop3CensusEntry *) value)->kind == kind)
      count += ((Vpop3CensusEntry *) value)->count;
  return count;
}

const char *
vpop3_census_kind_to_string (Vpop3CensusKind kind)
{
  switch (kind)
    {
    case VPOP3_CENSUS_KIND_DOCUMENTED:
      return "documented";
    case VPOP3_CENSUS_KIND_PROVISIONAL:
      return "provisional";
    case VPOP3_CENSUS_KIND_UNKNOWN:
    default:
      return "unknown";
    }
}
