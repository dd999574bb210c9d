/* vpop3-simulator-backlog.c
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-simulator-backlog.h"

#include "vpop3-filetime.h"
#include "vpop3-update.h"

/* Made a chunk at a time so that the simulator neither holds the whole
 * backlog (100,000 lines are 8 MB) nor stops answering for long. */
#define CHUNK_BYTES      (64 * 1024)
#define TICKS_PER_SECOND G_GUINT64_CONSTANT (10000000)

struct _Vpop3SimulatorBacklog
{
  GObject parent_instance;

  guint total;
  guint next;
  guint64 first_ticks; /* FILETIME of line 0 */
  GPtrArray *tail;
};

G_DEFINE_FINAL_TYPE (Vpop3SimulatorBacklog, vpop3_simulator_backlog, G_TYPE_OBJECT)

static const char *const users[] = {
  "sarah", "james", "priya", "tom", "li", "marco", "anna", "david",
};

char *
vpop3_simulator_backlog_text (guint index)
{
  guint n = index + 1;
  const char *user = users[index % G_N_ELEMENTS (users)];
  const char *other = users[(index / 7) % G_N_ELEMENTS (users)];

  /* Every text holds @n, so that no two lines are the same. */
  switch (index % 6)
    {
    case 0:
      return g_strdup_printf ("SMTP Server: message %u received from %s@example.net for %s "
                              "(%u bytes)",
                              n, other, user, 1200 + (n * 7919) % 250000);
    case 1:
      return g_strdup_printf ("POP3 Server: %s logged in from 192.168.1.%u (session %u)", user,
                              2 + n % 250, n);
    case 2:
      return g_strdup_printf ("Sending message %u to %s@example.org via smtp.example.net", n,
                              other);
    case 3:
      return g_strdup_printf ("Retrieving message %u from pop.example.com for %s", n, user);
    case 4:
      return g_strdup_printf ("IMAP4 Server: %s selected INBOX (%u messages, session %u)", user,
                              n % 400, n);
    default:
      return g_strdup_printf ("Housekeeper: checked the mailbox of %s (pass %u)", user, n);
    }
}

static void
append_line (Vpop3SimulatorBacklog *self, GString *out)
{
  g_autoptr (Vpop3Update) update = vpop3_update_new (VPOP3_UPDATE_LOG);
  g_autofree char *line = NULL;

  update->time =
      vpop3_filetime_to_date_time (self->first_ticks + (guint64) self->next * TICKS_PER_SECOND);
  update->text = vpop3_simulator_backlog_text (self->next);
  line = vpop3_update_format (update);
  g_string_append (out, line);
  g_string_append (out, "\r\n");
  self->next++;
}

/* Queues one chunk; FALSE once everything, the tail included, is queued. */
static gboolean
refill (Vpop3SimulatorPeer *peer, gpointer user_data)
{
  Vpop3SimulatorBacklog *self = user_data;
  g_autoptr (GString) out = g_string_sized_new (CHUNK_BYTES + 512);
  gboolean more;

  while (self->next < self->total && out->len < CHUNK_BYTES)
    append_line (self, out);
  if (self->next == self->total)
    for (guint i = 0; self->tail != NULL && i < self->tail->len; i++)
      {
        g_string_append (out, g_ptr_array_index (self->tail, i));
        g_string_append (out, "\r\n");
      }
  /* Sending may close the peer, which drops us: nothing of ours after it. */
  more = self->next < self->total;
  vpop3_simulator_peer_send_bytes (peer, out->str, out->len);
  return more;
}

static void
vpop3_simulator_backlog_finalize (GObject *object)
{
  Vpop3SimulatorBacklog *self = VPOP3_SIMULATOR_BACKLOG (object);

  g_clear_pointer (&self->tail, g_ptr_array_unref);

  G_OBJECT_CLASS (vpop3_simulator_backlog_parent_class)->finalize (object);
}

static void
vpop3_simulator_backlog_class_init (Vpop3SimulatorBacklogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vpop3_simulator_backlog_finalize;
}

static void
vpop3_simulator_backlog_init (Vpop3SimulatorBacklog *self)
{
}

Vpop3SimulatorBacklog *
vpop3_simulator_backlog_new (guint lines, GDateTime *end, GPtrArray *tail)
{
  Vpop3SimulatorBacklog *self;
  guint64 end_ticks;

  g_return_val_if_fail (end != NULL, NULL);

  self = g_object_new (VPOP3_TYPE_SIMULATOR_BACKLOG, NULL);
  self->total = lines;
  end_ticks = vpop3_filetime_from_date_time (end);
  self->first_ticks = end_ticks - (guint64) lines * TICKS_PER_SECOND;
  self->tail = tail != NULL ? g_ptr_array_ref (tail) : NULL;
  return self;
}

void
vpop3_simulator_backlog_start (Vpop3SimulatorBacklog *self, Vpop3SimulatorPeer *peer)
{
  g_return_if_fail (VPOP3_IS_SIMULATOR_BACKLOG (self));
  g_return_if_fail (VPOP3_IS_SIMULATOR_PEER (peer));

  vpop3_simulator_peer_set_refill (peer, refill, g_object_ref (self), g_object_unref);
}
