/* vpop3-update.c: the table of pushed update types, and the one parser and
 * formatter driven by it.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "vpop3-update.h"

#include <string.h>

#include "vpop3-filetime.h"
#include "vpop3-login.h"
#include "vpop3-text.h"

typedef enum
{
  FIELD_FILETIME,    /* 16 hex digits; sixteen zeros mean "none" */
  FIELD_UINT,        /* decimal, 1–10 digits, at most G_MAXINT */
  FIELD_PERCENT,     /* 0–100 or "-" */
  FIELD_POLL_RESULT, /* ok | partial | failed */
  FIELD_PERMISSIONS, /* six characters 0/1 */
  FIELD_WORD,        /* non-empty, no TAB */
  FIELD_STRING,      /* possibly empty, no TAB */
  FIELD_REST,        /* the rest of the line, TABs included; last field of an untabbed row */
  FIELD_NAMES,       /* the rest of the line as TAB-separated non-empty names; last only */
} FieldKind;

typedef struct
{
  FieldKind kind;
  gsize offset; /* of the member of Vpop3Update it fills */
} Field;

#define MAX_FIELDS 5
#define AT(member) G_STRUCT_OFFSET (Vpop3Update, member)

typedef struct
{
  char code;
  Vpop3UpdateType type;
  const char *name;
  gboolean documented; /* by the vendor; everything else is our provisional extension */
  gboolean tab_separated;
  guint n_fields;
  Field fields[MAX_FIELDS];
} UpdateRow;

/* The wire format, in one place: correct a provisional row here and both the
 * client and the simulator follow. See docs/protocol.md. */
static const UpdateRow update_table[] = {
  { '0',
    VPOP3_UPDATE_LOG,
    "log",
    TRUE,
    FALSE,
    2,
    { { FIELD_FILETIME, AT (time) }, { FIELD_REST, AT (text) } } },
  { '1', VPOP3_UPDATE_CONNECTION, "connection", TRUE, FALSE, 1, { { FIELD_REST, AT (text) } } },
  { '2', VPOP3_UPDATE_NEXT_POLL, "next-poll", FALSE, TRUE, 1, { { FIELD_FILETIME, AT (time) } } },
  { '3',
    VPOP3_UPDATE_LAST_POLL,
    "last-poll",
    FALSE,
    TRUE,
    2,
    { { FIELD_FILETIME, AT (time) }, { FIELD_POLL_RESULT, AT (result) } } },
  { '4',
    VPOP3_UPDATE_OUT_QUEUE,
    "out-queue",
    FALSE,
    TRUE,
    2,
    { { FIELD_UINT, AT (total) }, { FIELD_UINT, AT (held) } } },
  { '5',
    VPOP3_UPDATE_INBOXES,
    "inboxes",
    FALSE,
    TRUE,
    2,
    { { FIELD_UINT, AT (total) }, { FIELD_UINT, AT (held) } } },
  { '6',
    VPOP3_UPDATE_PROGRESS,
    "progress",
    FALSE,
    TRUE,
    3,
    { { FIELD_PERCENT, AT (collect) },
      { FIELD_PERCENT, AT (send) },
      { FIELD_UINT, AT (threads) } } },
  { '7', VPOP3_UPDATE_CONNECTIONS, "connections", FALSE, TRUE, 1, { { FIELD_NAMES, AT (names) } } },
  { '8',
    VPOP3_UPDATE_SESSION,
    "session",
    FALSE,
    TRUE,
    5,
    { { FIELD_WORD, AT (id) },
      { FIELD_WORD, AT (session_type) },
      { FIELD_STRING, AT (user) },
      { FIELD_UINT, AT (seconds) },
      { FIELD_STRING, AT (text) } } },
  { '9', VPOP3_UPDATE_SESSION_ENDED, "session-ended", FALSE, TRUE, 1, { { FIELD_WORD, AT (id) } } },
  { 'H', VPOP3_UPDATE_HOUSEKEEPER, "housekeeper", FALSE, TRUE, 1, { { FIELD_STRING, AT (text) } } },
  { 'M',
    VPOP3_UPDATE_MESSAGE,
    "message",
    FALSE,
    TRUE,
    3,
    { { FIELD_FILETIME, AT (time) }, { FIELD_WORD, AT (user) }, { FIELD_STRING, AT (text) } } },
  { 'U',
    VPOP3_UPDATE_MAILBOX,
    "mailbox",
    FALSE,
    TRUE,
    3,
    { { FIELD_WORD, AT (user) }, { FIELD_UINT, AT (total) }, { FIELD_UINT, AT (held) } } },
  { 'P',
    VPOP3_UPDATE_PERMISSIONS,
    "permissions",
    FALSE,
    TRUE,
    1,
    { { FIELD_PERMISSIONS, AT (permissions) } } },
};

static const UpdateRow *
row_for_code (char code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (update_table); i++)
    if (update_table[i].code == code)
      return &update_table[i];
  return NULL;
}

static const UpdateRow *
row_for_type (Vpop3UpdateType type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (update_table); i++)
    if (update_table[i].type == type)
      return &update_table[i];
  return NULL;
}

G_DEFINE_BOXED_TYPE (Vpop3Update, vpop3_update, vpop3_update_copy, vpop3_update_free)

Vpop3Update *
vpop3_update_new (Vpop3UpdateType type)
{
  Vpop3Update *update = g_new0 (Vpop3Update, 1);

  update->type = type;
  /* Fields a type does not use stay zero; a new progress update starts idle. */
  if (type == VPOP3_UPDATE_PROGRESS)
    update->collect = update->send = VPOP3_PROGRESS_IDLE;
  return update;
}

Vpop3Update *
vpop3_update_copy (const Vpop3Update *update)
{
  Vpop3Update *copy;

  g_return_val_if_fail (update != NULL, NULL);

  copy = g_memdup2 (update, sizeof *update);
  copy->raw = g_strdup (update->raw);
  copy->time = update->time != NULL ? g_date_time_ref (update->time) : NULL;
  copy->text = g_strdup (update->text);
  copy->id = g_strdup (update->id);
  copy->session_type = g_strdup (update->session_type);
  copy->user = g_strdup (update->user);
  copy->names = g_strdupv (update->names);
  return copy;
}

void
vpop3_update_free (Vpop3Update *update)
{
  if (update == NULL)
    return;
  g_free (update->raw);
  g_clear_pointer (&update->time, g_date_time_unref);
  g_free (update->text);
  g_free (update->id);
  g_free (update->session_type);
  g_free (update->user);
  g_strfreev (update->names);
  g_free (update);
}

/* Parsing ------------------------------------------------------------------ */

static gboolean
parse_uint (const char *text, gsize length, guint *value)
{
  guint64 result = 0;

  if (length == 0 || length > 10)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      result = result * 10 + (guint64) (text[i] - '0');
    }
  if (result > G_MAXINT)
    return FALSE;
  *value = (guint) result;
  return TRUE;
}

static gboolean
parse_field (const Field *field, const char *text, gsize length, Vpop3Update *update)
{
  gpointer member = G_STRUCT_MEMBER_P (update, field->offset);

  switch (field->kind)
    {
    case FIELD_FILETIME:
      {
        guint64 ticks;

        if (length != VPOP3_FILETIME_HEX_LENGTH || !vpop3_filetime_parse_hex (text, &ticks))
          return FALSE;
        /* Zero is "none"; so is anything GDateTime's microseconds cannot
         * tell from zero, else it would format back as "none". */
        if (ticks < 10)
          return TRUE;
        *(GDateTime **) member = vpop3_filetime_to_date_time (ticks);
        return *(GDateTime **) member != NULL;
      }

    case FIELD_UINT:
      return parse_uint (text, length, (guint *) member);

    case FIELD_PERCENT:
      {
        guint percent;

        if (length == 1 && text[0] == '-')
          {
            *(int *) member = VPOP3_PROGRESS_IDLE;
            return TRUE;
          }
        if (!parse_uint (text, length, &percent) || percent > 100)
          return FALSE;
        *(int *) member = (int) percent;
        return TRUE;
      }

    case FIELD_POLL_RESULT:
      {
        g_autofree char *word = g_strndup (text, length);
        Vpop3PollResult result;

        if (!vpop3_poll_result_from_string (word, &result) || result == VPOP3_POLL_RESULT_NONE)
          return FALSE;
        *(Vpop3PollResult *) member = result;
        return TRUE;
      }

    case FIELD_PERMISSIONS:
      {
        guint flags = 0;

        if (length != 6)
          return FALSE;
        for (gsize i = 0; i < 6; i++)
          {
            if (text[i] == '1')
              flags |= 1u << i;
            else if (text[i] != '0')
              return FALSE;
          }
        *(Vpop3Permissions *) member = (Vpop3Permissions) flags;
        return TRUE;
      }

    case FIELD_WORD:
    case FIELD_STRING:
      if (field->kind == FIELD_WORD && length == 0)
        return FALSE;
      *(char **) member = g_strndup (text, length);
      return TRUE;

    case FIELD_REST:
      *(char **) member = g_strndup (text, length);
      return TRUE;

    case FIELD_NAMES:
      {
        g_autofree char *rest = g_strndup (text, length);
        g_auto (GStrv) names = length > 0 ? g_strsplit (rest, "\t", -1) : g_new0 (char *, 1);

        for (char **name = names; *name != NULL; name++)
          if (**name == '\0')
            return FALSE;
        *(char ***) member = g_steal_pointer (&names);
        return TRUE;
      }
    }

  g_return_val_if_reached (FALSE);
}

static gboolean
parse_payload (const UpdateRow *row, const char *payload, gsize length, Vpop3Update *update)
{
  const char *cursor = payload;
  const char *end = payload + length;

  for (guint i = 0; i < row->n_fields; i++)
    {
      const Field *field = &row->fields[i];
      gboolean last = i + 1 == row->n_fields;
      const char *field_end;

      if (field->kind == FIELD_REST || field->kind == FIELD_NAMES)
        field_end = end;
      else if (!row->tab_separated && field->kind == FIELD_FILETIME)
        field_end = MIN (end, cursor + VPOP3_FILETIME_HEX_LENGTH);
      else
        {
          field_end = memchr (cursor, '\t', (gsize) (end - cursor));
          if (field_end == NULL)
            field_end = end;
          if (last != (field_end == end))
            return FALSE; /* too few or too many fields */
        }

      if (!parse_field (field, cursor, (gsize) (field_end - cursor), update))
        return FALSE;

      cursor = field_end;
      if (!last && row->tab_separated)
        {
          if (cursor == end)
            return FALSE;
          cursor++; /* the TAB */
        }
    }

  return cursor == end;
}

static gboolean
parse_reply (const char *text, Vpop3Update *update)
{
  const char *rest = NULL;
  Vpop3ReplyStatus status = vpop3_reply_status (text, &rest);

  if (status == VPOP3_REPLY_NONE)
    return FALSE;
  update->ok = status == VPOP3_REPLY_OK;
  update->text = g_strdup (rest);
  return TRUE;
}

static void
clear_fields (Vpop3Update *update)
{
  char *raw = g_steal_pointer (&update->raw);
  gboolean windows_1252 = update->windows_1252;
  Vpop3Update *scratch = g_memdup2 (update, sizeof *update);

  /* Let vpop3_update_free() release whatever a failed parse filled in. */
  vpop3_update_free (scratch);
  memset (update, 0, sizeof *update);
  update->type = VPOP3_UPDATE_UNKNOWN;
  update->raw = raw;
  update->windows_1252 = windows_1252;
}

static gboolean
row_takes_rest (const UpdateRow *row)
{
  return row->fields[row->n_fields - 1].kind == FIELD_REST;
}

Vpop3Update *
vpop3_update_parse (const char *line, gsize length)
{
  Vpop3Update *update = vpop3_update_new (VPOP3_UPDATE_UNKNOWN);
  const UpdateRow *row;
  gsize text_length;

  g_return_val_if_fail (line != NULL || length == 0, update);

  /* Validated once: this runs for every line of a burst. */
  update->windows_1252 = !vpop3_text_is_utf8 (line, length);
  update->raw = update->windows_1252 ? vpop3_text_decode (line, length) : g_strndup (line, length);
  text_length = strlen (update->raw);
  if (text_length == 0)
    return update;

  if (parse_reply (update->raw, update))
    {
      update->type = VPOP3_UPDATE_REPLY;
      return update;
    }

  row = row_for_code (update->raw[0]);
  /* A LF (when the caller did not split at LFs) fits no row. A CR left
   * inside the line fits only the rows whose text is the rest of the line
   * as it is (the documented 0 and 1): those keep it, the others could not
   * write it back. */
  if (row == NULL || strchr (update->raw, '\n') != NULL ||
      (strchr (update->raw, '\r') != NULL && !row_takes_rest (row)))
    return update;

  if (parse_payload (row, update->raw + 1, text_length - 1, update))
    update->type = row->type;
  else
    clear_fields (update);

  return update;
}

/* Formatting --------------------------------------------------------------- */

static gboolean
format_field (const Field *field, const Vpop3Update *update, GString *out)
{
  gconstpointer member = G_STRUCT_MEMBER_P ((gpointer) update, field->offset);

  switch (field->kind)
    {
    case FIELD_FILETIME:
      {
        char hex[VPOP3_FILETIME_HEX_LENGTH + 1];

        vpop3_filetime_format_hex (vpop3_filetime_from_date_time (*(GDateTime *const *) member),
                                   hex);
        g_string_append (out, hex);
        return TRUE;
      }

    case FIELD_UINT:
      if (*(const guint *) member > G_MAXINT)
        return FALSE;
      g_string_append_printf (out, "%u", *(const guint *) member);
      return TRUE;

    case FIELD_PERCENT:
      {
        int percent = *(const int *) member;

        if (percent == VPOP3_PROGRESS_IDLE)
          g_string_append_c (out, '-');
        else if (percent >= 0 && percent <= 100)
          g_string_append_printf (out, "%d", percent);
        else
          return FALSE;
        return TRUE;
      }

    case FIELD_POLL_RESULT:
      {
        Vpop3PollResult result = *(const Vpop3PollResult *) member;

        if (result == VPOP3_POLL_RESULT_NONE || result > VPOP3_POLL_RESULT_FAILED)
          return FALSE;
        g_string_append (out, vpop3_poll_result_to_string (result));
        return TRUE;
      }

    case FIELD_PERMISSIONS:
      for (guint i = 0; i < 6; i++)
        g_string_append_c (out, (*(const Vpop3Permissions *) member & (1u << i)) ? '1' : '0');
      return TRUE;

    case FIELD_WORD:
    case FIELD_STRING:
    case FIELD_REST:
      {
        const char *text = *(char *const *) member;

        if (text == NULL)
          text = "";
        if ((field->kind == FIELD_WORD && *text == '\0') || strchr (text, '\n') != NULL ||
            (field->kind != FIELD_REST &&
             (strchr (text, '\r') != NULL || strchr (text, '\t') != NULL)))
          return FALSE;
        g_string_append (out, text);
        return TRUE;
      }

    case FIELD_NAMES:
      {
        char *const *names = *(char **const *) member;

        for (guint i = 0; names != NULL && names[i] != NULL; i++)
          {
            if (*names[i] == '\0' || !vpop3_text_is_single_line (names[i]) ||
                strchr (names[i], '\t') != NULL)
              return FALSE;
            if (i > 0)
              g_string_append_c (out, '\t');
            g_string_append (out, names[i]);
          }
        return TRUE;
      }
    }

  g_return_val_if_reached (FALSE);
}

char *
vpop3_update_format (const Vpop3Update *update)
{
  const UpdateRow *row;
  g_autoptr (GString) out = NULL;

  g_return_val_if_fail (update != NULL, NULL);

  row = row_for_type (update->type);
  if (row == NULL)
    return NULL;

  out = g_string_new (NULL);
  g_string_append_c (out, row->code);
  for (guint i = 0; i < row->n_fields; i++)
    {
      if (i > 0 && row->tab_separated)
        g_string_append_c (out, '\t');
      if (!format_field (&row->fields[i], update, out))
        return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Names -------------------------------------------------------------------- */

char
vpop3_update_type_to_char (Vpop3UpdateType type)
{
  const UpdateRow *row = row_for_type (type);

  return row != NULL ? row->code : '\0';
}

gboolean
vpop3_update_type_is_documented (Vpop3UpdateType type)
{
  const UpdateRow *row = row_for_type (type);

  return row != NULL && row->documented;
}

gboolean
vpop3_update_code_lookup (char code, gboolean *documented)
{
  const UpdateRow *row = row_for_code (code);

  if (documented != NULL)
    *documented = row != NULL && row->documented;
  return row != NULL;
}

const char *
vpop3_update_type_to_string (Vpop3UpdateType type)
{
  const UpdateRow *row = row_for_type (type);

  if (row != NULL)
    return row->name;
  return type == VPOP3_UPDATE_REPLY ? "reply" : "unknown";
}

static const char *const poll_result_names[] = { "none", "ok", "partial", "failed" };

const char *
vpop3_poll_result_to_string (Vpop3PollResult result)
{
  g_return_val_if_fail ((guint) result < G_N_ELEMENTS (poll_result_names), NULL);

  return poll_result_names[result];
}

gboolean
vpop3_poll_result_from_string (const char *string, Vpop3PollResult *result)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (poll_result_names); i++)
    if (g_str_equal (string, poll_result_names[i]))
      {
        if (result != NULL)
          *result = (Vpop3PollResult) i;
        return TRUE;
      }
  return FALSE;
}

char *
vpop3_format_queue (guint total, guint held)
{
  if (held == 0)
    return g_strdup_printf ("%u", total);
  return g_strdup_printf ("%u (%u)", total, held);
}

/* A text field that was never set and an empty one format the same way. */
static gboolean
text_equal (const char *a, const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

gboolean
vpop3_update_equal (const Vpop3Update *a, const Vpop3Update *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->type != b->type)
    return FALSE;
  if (a->type == VPOP3_UPDATE_UNKNOWN)
    return g_strcmp0 (a->raw, b->raw) == 0;
  if ((a->time == NULL) != (b->time == NULL) ||
      (a->time != NULL && !g_date_time_equal (a->time, b->time)))
    return FALSE;
  if (a->names != NULL || b->names != NULL)
    {
      if (a->names == NULL || b->names == NULL ||
          !g_strv_equal ((const char *const *) a->names, (const char *const *) b->names))
        return FALSE;
    }
  return text_equal (a->text, b->text) && text_equal (a->id, b->id) &&
         text_equal (a->session_type, b->session_type) && text_equal (a->user, b->user) &&
         a->total == b->total && a->held == b->held && a->seconds == b->seconds &&
         a->collect == b->collect && a->send == b->send && a->threads == b->threads &&
         a->result == b->result && a->permissions == b->permissions && a->ok == b->ok;
}
