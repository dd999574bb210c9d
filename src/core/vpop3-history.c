/* vpop3-history.c: the instant-message history on disk.
 *
 * One worker thread owns the SQLite connection and runs the jobs in the order
 * they were queued, so the main loop never waits on the disk and SQLite is
 * never used from two threads. Each job is a GTask made on the caller's
 * thread-default context: g_task_return_* from the worker reports there.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vpop3-history-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
G_DEFINE_QUARK (vpop3-history-error-quark, vpop3_history_error)
/* clang-format on */

/* Schema migrations: step i brings a store at user_version i to i + 1. A
 * step that fails with SQLITE_ERROR means a layout we do not know: the file
 * is set aside. Never change a released step; append a new one. */
static const char *const migrations[] = {
  /* 0 → 1: the first layout. time: UTC µs since 1970; direction: 0 in, 1 out;
   * text: a blob with its length (may hold NULs); folded: the correspondent
   * case-folded, VPOP3 user names being case-insensitive. */
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  host TEXT NOT NULL, port INTEGER NOT NULL, user TEXT NOT NULL,"
  "  correspondent TEXT NOT NULL, folded TEXT NOT NULL,"
  "  time INTEGER NOT NULL, direction INTEGER NOT NULL,"
  "  sender TEXT NOT NULL, text BLOB NOT NULL,"
  "  read INTEGER NOT NULL DEFAULT 0,"
  "  delivery INTEGER NOT NULL DEFAULT 0, delivery_reason TEXT);"
  "CREATE INDEX messages_conversation ON messages (host, port, user, folded, id);"
  "CREATE INDEX messages_time ON messages (time);",
};
#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

#define MESSAGE_COLUMNS                                                                            \
  "id, host, port, user, correspondent, time, direction, sender, text, read, delivery, "           \
  "delivery_reason"

typedef struct _Worker Worker;
typedef void (*JobFunc) (Worker *w, GTask *task, gpointer data);

typedef struct
{
  JobFunc func; /* NULL: stop */
  GTask *task;
} Job;

struct _Worker
{
  char *path;
  sqlite3 *db; /* only ever touched on the worker thread */
  GAsyncQueue *queue;
};

struct _Vpop3History
{
  GObject parent_instance;
  char *path;
  Worker *worker;
  GThread *thread;
};

G_DEFINE_FINAL_TYPE (Vpop3History, vpop3_history, G_TYPE_OBJECT)

/* Messages */

Vpop3HistoryMessage *
vpop3_history_message_new (const char *host,
                           guint16 port,
                           const char *user,
                           const char *correspondent,
                           gint64 time,
                           Vpop3HistoryDirection direction,
                           const char *sender,
                           const char *text,
                           gssize text_len)
{
  Vpop3HistoryMessage *m = g_new0 (Vpop3HistoryMessage, 1);

  m->host = g_strdup (host);
  m->port = port;
  m->user = g_strdup (user);
  m->correspondent = g_strdup (correspondent);
  m->time = time;
  m->direction = direction;
  m->sender = g_strdup (sender);
  if (text_len < 0)
    text_len = text ? strlen (text) : 0;
  m->text = g_bytes_new (text, text_len);
  m->read = direction == VPOP3_HISTORY_OUTGOING;
  m->delivery = direction == VPOP3_HISTORY_OUTGOING ? VPOP3_HISTORY_DELIVERY_PENDING
                                                    : VPOP3_HISTORY_DELIVERY_NONE;
  return m;
}

Vpop3HistoryMessage *
vpop3_history_message_copy (const Vpop3HistoryMessage *message)
{
  Vpop3HistoryMessage *m = g_memdup2 (message, sizeof *message);

  m->host = g_strdup (message->host);
  m->user = g_strdup (message->user);
  m->correspondent = g_strdup (message->correspondent);
  m->sender = g_strdup (message->sender);
  m->text = message->text ? g_bytes_ref (message->text) : g_bytes_new (NULL, 0);
  m->delivery_reason = g_strdup (message->delivery_reason);
  return m;
}

void
vpop3_history_message_free (Vpop3HistoryMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->host);
  g_free (message->user);
  g_free (message->correspondent);
  g_free (message->sender);
  g_clear_pointer (&message->text, g_bytes_unref);
  g_free (message->delivery_reason);
  g_free (message);
}

G_DEFINE_BOXED_TYPE (Vpop3HistoryMessage,
                     vpop3_history_message,
                     vpop3_history_message_copy,
                     vpop3_history_message_free)

void
vpop3_history_conversation_free (Vpop3HistoryConversation *conversation)
{
  if (conversation == NULL)
    return;
  g_free (conversation->correspondent);
  g_free (conversation);
}

gint64
vpop3_history_time_from_filetime (guint64 filetime)
{
  /* 100 ns ticks since 1601-01-01; 11644473600 s separate the epochs. */
  return (gint64) (filetime / 10) - G_GINT64_CONSTANT (11644473600000000);
}

/* Helpers run on the worker */

static char *
fold (const char *s, gsize len)
{
  g_autofree char *copy = g_malloc (len + 1);
  g_autofree char *valid = NULL;

  /* NULs become spaces so that the text after them is searched too. */
  for (gsize i = 0; i < len; i++)
    copy[i] = s[i] ? s[i] : ' ';
  copy[len] = '\0';
  valid = g_utf8_make_valid (copy, len);
  return g_utf8_casefold (valid, -1);
}

static void
sql_fold (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  const void *data = sqlite3_value_blob (argv[0]);
  int len = sqlite3_value_bytes (argv[0]);
  char *folded = fold (data ? data : "", len);

  sqlite3_result_text (ctx, folded, -1, g_free);
}

static char *
fold_name (const char *name)
{
  return fold (name, strlen (name));
}

static gboolean
rc_is_damage (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

static void
set_sqlite_error (GError **error, sqlite3 *db, int rc, int code, const char *what)
{
  g_set_error (error, VPOP3_HISTORY_ERROR, code, "%s: %s", what,
               db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static void
tighten (const char *path, mode_t mode)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 0777 & ~mode) != 0)
    g_chmod (path, mode);
}

static void
tighten_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  tighten (path, 0600);
  tighten (wal, 0600);
  tighten (shm, 0600);
}

typedef enum
{
  OPEN_OK,
  OPEN_DAMAGED,
  OPEN_UNAVAILABLE,
} OpenOutcome;

static OpenOutcome
classify (sqlite3 *db, int rc, gboolean schema, const char *what, GError **error)
{
  gboolean damaged = rc_is_damage (rc) || (schema && (rc & 0xff) == SQLITE_ERROR);

  set_sqlite_error (error, db, rc,
                    damaged ? VPOP3_HISTORY_ERROR_DAMAGED : VPOP3_HISTORY_ERROR_UNAVAILABLE, what);
  return damaged ? OPEN_DAMAGED : OPEN_UNAVAILABLE;
}

static int
get_int (sqlite3 *db, const char *sql, int *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static OpenOutcome
try_open (Worker *w, GError **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *check = NULL;
  const char *mode;
  int version = 0;
  int fd, rc;
  OpenOutcome outcome;

  /* Create the file ourselves so that it is 0600 from the start; SQLite
   * gives the -wal and -shm files the database file's permissions. */
  fd = g_open (w->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE, "%s: %s", w->path,
                   g_strerror (saved));
      return OPEN_UNAVAILABLE;
    }
  fchmod (fd, 0600);
  close (fd);

  rc = sqlite3_open_v2 (w->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      outcome = classify (db, rc, FALSE, w->path, error);
      sqlite3_close (db);
      return outcome;
    }
  sqlite3_extended_result_codes (db, 1);
  /* Another instance may hold the lock for a moment; waiting blocks only
   * the worker. */
  sqlite3_busy_timeout (db, 5000);

  /* FULL: each commit syncs the log, so a message reported stored survives
   * a power cut too, not only a crash; one fsync per message, on the worker. */
  rc = sqlite3_exec (db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      outcome = classify (db, rc, FALSE, w->path, error);
      goto fail;
    }

  /* A truncated file is only noticed when its pages are read. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      outcome = classify (db, rc, FALSE, w->path, error);
      goto fail;
    }
  check = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_DAMAGED, "%s: %s", w->path,
                   check ? check : "?");
      outcome = OPEN_DAMAGED;
      goto fail;
    }

  rc = get_int (db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      outcome = classify (db, rc, FALSE, w->path, error);
      goto fail;
    }
  if (version < 0 || version > SCHEMA_VERSION)
    {
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_DAMAGED,
                   "%s: unknown schema version %d", w->path, version);
      outcome = OPEN_DAMAGED;
      goto fail;
    }

  for (; version < SCHEMA_VERSION; version++)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE; %s PRAGMA user_version=%d; COMMIT;",
                                              migrations[version], version + 1);

      rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          outcome = classify (db, rc, TRUE, w->path, error);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          goto fail;
        }
    }

  /* The layout must be the one we write and read. */
  rc = sqlite3_prepare_v2 (db, "SELECT " MESSAGE_COLUMNS ", folded FROM messages LIMIT 0", -1,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      outcome = classify (db, rc, TRUE, w->path, error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Only now, so that a file set aside is left as it was found. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      outcome = classify (db, rc, FALSE, w->path, error);
      goto fail;
    }
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (mode, "wal") != 0)
    {
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE,
                   "%s: cannot use write-ahead logging (%s)", w->path, mode ? mode : "?");
      outcome = OPEN_UNAVAILABLE;
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  sqlite3_create_function (db, "vpop3_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fold,
                           NULL, NULL);
  tighten_files (w->path);
  w->db = db;
  return OPEN_OK;

fail:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return outcome;
}

static gboolean
set_aside (Worker *w, char **aside_out, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = NULL;
  const char *suffixes[] = { "-wal", "-shm" };

  for (guint n = 0;; n++)
    {
      g_free (aside);
      aside = n ? g_strdup_printf ("%s.damaged-%s-%u", w->path, stamp, n)
                : g_strdup_printf ("%s.damaged-%s", w->path, stamp);
      if (!g_file_test (aside, G_FILE_TEST_EXISTS))
        break;
    }
  if (g_rename (w->path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE, "%s: %s", w->path,
                   g_strerror (saved));
      return FALSE;
    }
  /* The log and index belong to the damaged file, not to a fresh one. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (w->path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  *aside_out = g_steal_pointer (&aside);
  return TRUE;
}

static gboolean
ensure_dir (Worker *w, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (w->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE, "%s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  tighten (dir, 0700);
  return TRUE;
}

static void
job_open (Worker *w, GTask *task, gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) damage = NULL;
  g_autofree char *aside = NULL;
  OpenOutcome outcome;

  g_clear_pointer (&w->db, sqlite3_close);
  if (!ensure_dir (w, &error))
    outcome = OPEN_UNAVAILABLE;
  else
    outcome = try_open (w, &error);

  if (outcome == OPEN_DAMAGED)
    {
      if (!set_aside (w, &aside, &damage))
        outcome = OPEN_UNAVAILABLE;
      else
        {
          /* Translators: %s are the damaged file, its new name and why. */
          damage = g_error_new (VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_DAMAGED,
                                _ ("The message history was damaged and has been set aside as "
                                   "%s; a new history was started (%s)."),
                                aside, error->message);
          g_clear_error (&error);
          outcome = try_open (w, &error);
        }
    }

  if (outcome != OPEN_OK)
    {
      g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE,
                               /* Translators: %s is the reason. */
                               _ ("The message history could not be opened: %s"),
                               error ? error->message : "?");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&damage), (GDestroyNotify) g_error_free);
}

static gboolean
need_db (Worker *w, GTask *task)
{
  if (w->db)
    return TRUE;
  g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_UNAVAILABLE,
                           _ ("The message history is not available."));
  return FALSE;
}

static void
return_error (Worker *w, GTask *task, int rc)
{
  if ((rc & 0xff) == SQLITE_FULL)
    g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_IO,
                             _ ("The message history could not be saved: the disk is full."));
  else
    g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_IO,
                             /* Translators: %s is the reason. */
                             _ ("The message history could not be saved: %s"),
                             sqlite3_errmsg (w->db));
}

static void
bind_server (sqlite3_stmt *stmt, int first, const char *host, guint16 port, const char *user)
{
  sqlite3_bind_text (stmt, first, host, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, first + 1, port);
  sqlite3_bind_text (stmt, first + 2, user, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static Vpop3HistoryMessage *
row_to_message (sqlite3_stmt *stmt)
{
  Vpop3HistoryMessage *m = g_new0 (Vpop3HistoryMessage, 1);
  const void *blob;

  m->id = sqlite3_column_int64 (stmt, 0);
  m->host = column_dup (stmt, 1);
  m->port = sqlite3_column_int (stmt, 2);
  m->user = column_dup (stmt, 3);
  m->correspondent = column_dup (stmt, 4);
  m->time = sqlite3_column_int64 (stmt, 5);
  m->direction = sqlite3_column_int (stmt, 6);
  m->sender = column_dup (stmt, 7);
  blob = sqlite3_column_blob (stmt, 8);
  m->text = g_bytes_new (blob, sqlite3_column_bytes (stmt, 8));
  m->read = sqlite3_column_int (stmt, 9) != 0;
  m->delivery = sqlite3_column_int (stmt, 10);
  m->delivery_reason = column_dup (stmt, 11);
  return m;
}

/* Steps @stmt to the end; the rows go to a new array in @order. */
static void
return_rows (Worker *w, GTask *task, sqlite3_stmt *stmt, gboolean reverse)
{
  g_autoptr (GPtrArray) rows =
      g_ptr_array_new_with_free_func ((GDestroyNotify) vpop3_history_message_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_to_message (stmt));
  if (rc != SQLITE_DONE)
    {
      return_error (w, task, rc);
      return;
    }
  if (reverse)
    for (guint i = 0, j = rows->len; i + 1 < j; i++, j--)
      {
        gpointer t = rows->pdata[i];
        rows->pdata[i] = rows->pdata[j - 1];
        rows->pdata[j - 1] = t;
      }
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

/* Runs a statement that changes rows; returns how many. */
static void
return_changes (Worker *w, GTask *task, sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return_error (w, task, rc);
  else
    g_task_return_int (task, sqlite3_changes (w->db));
}

static sqlite3_stmt *
prepare (Worker *w, GTask *task, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (w->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      return_error (w, task, rc);
      return NULL;
    }
  return stmt;
}

/* The worker */

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (w->queue);
      JobFunc func = job->func;

      if (func && !g_task_return_error_if_cancelled (job->task))
        func (w, job->task, g_task_get_task_data (job->task));
      g_clear_object (&job->task);
      g_free (job);
      if (func == NULL)
        break;
    }
  g_clear_pointer (&w->db, sqlite3_close);
  g_async_queue_unref (w->queue);
  g_free (w->path);
  g_free (w);
  return NULL;
}

static void
submit (Vpop3History *self, GTask *task, JobFunc func)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->task = task; /* owned by the job now */
  g_async_queue_push (self->worker->queue, job);
}

static GTask *
new_task (Vpop3History *self,
          gpointer tag,
          GCancellable *cancellable,
          GAsyncReadyCallback callback,
          gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  return task;
}

/* The object */

static void
vpop3_history_finalize (GObject *object)
{
  Vpop3History *self = VPOP3_HISTORY (object);
  Job *stop = g_new0 (Job, 1);

  /* Every job holds a reference to us through its task, so the queue holds
   * no job but the one running, if the last reference went with it. */
  g_async_queue_push (self->worker->queue, stop);
  if (g_thread_self () == self->thread)
    g_thread_unref (self->thread);
  else
    g_thread_join (self->thread);
  g_free (self->path);
  G_OBJECT_CLASS (vpop3_history_parent_class)->finalize (object);
}

static void
vpop3_history_class_init (Vpop3HistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vpop3_history_finalize;
}

static void
vpop3_history_init (Vpop3History *self)
{
}

Vpop3History *
vpop3_history_new (const char *path)
{
  Vpop3History *self = g_object_new (VPOP3_TYPE_HISTORY, NULL);

  self->path =
      path ? g_strdup (path)
           : g_build_filename (g_get_user_data_dir (), "vpop3-monitor", "history.sqlite", NULL);
  self->worker = g_new0 (Worker, 1);
  self->worker->path = g_strdup (self->path);
  self->worker->queue = g_async_queue_new ();
  self->thread = g_thread_new ("vpop3-history", worker_main, self->worker);
  return self;
}

const char *
vpop3_history_get_path (Vpop3History *self)
{
  g_return_val_if_fail (VPOP3_IS_HISTORY (self), NULL);
  return self->path;
}

void
vpop3_history_open_async (Vpop3History *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_return_if_fail (VPOP3_IS_HISTORY (self));
  submit (self, new_task (self, vpop3_history_open_async, cancellable, callback, user_data),
          job_open);
}

gboolean
vpop3_history_open_finish (Vpop3History *self,
                           GAsyncResult *result,
                           GError **damage,
                           GError **error)
{
  GError *found;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  if (g_task_had_error (G_TASK (result)))
    {
      g_task_propagate_pointer (G_TASK (result), error);
      return FALSE;
    }
  found = g_task_propagate_pointer (G_TASK (result), NULL);
  if (found == NULL)
    return TRUE;
  if (damage)
    *damage = found;
  else
    g_error_free (found);
  return TRUE;
}

static void
job_close (Worker *w, GTask *task, gpointer data)
{
  int rc = w->db ? sqlite3_close (w->db) : SQLITE_OK;

  /* sqlite3_close only fails with statements left open: a bug of ours. */
  g_warn_if_fail (rc == SQLITE_OK);
  w->db = NULL;
  g_task_return_boolean (task, TRUE);
}

void
vpop3_history_close_async (Vpop3History *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (VPOP3_IS_HISTORY (self));
  submit (self, new_task (self, vpop3_history_close_async, cancellable, callback, user_data),
          job_close);
}

gboolean
vpop3_history_close_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* append */

static void
job_append (Worker *w, GTask *task, gpointer data)
{
  const Vpop3HistoryMessage *m = data;
  g_autofree char *folded = NULL;
  sqlite3_stmt *stmt;
  gsize len;
  const char *text;
  int rc;

  if (!need_db (w, task))
    return;
  stmt = prepare (w, task,
                  "INSERT INTO messages (host, port, user, correspondent, folded, time, "
                  "direction, sender, text, read, delivery, delivery_reason) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (stmt == NULL)
    return;
  folded = fold_name (m->correspondent);
  text = g_bytes_get_data (m->text, &len);
  bind_server (stmt, 1, m->host, m->port, m->user);
  sqlite3_bind_text (stmt, 4, m->correspondent, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, m->time);
  sqlite3_bind_int (stmt, 7, m->direction);
  sqlite3_bind_text (stmt, 8, m->sender, -1, SQLITE_TRANSIENT);
  /* A NULL pointer would bind SQL NULL: an empty text is an empty blob. */
  sqlite3_bind_blob64 (stmt, 9, text ? text : "", len, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 10, m->direction == VPOP3_HISTORY_OUTGOING);
  sqlite3_bind_int (stmt, 11, m->direction == VPOP3_HISTORY_OUTGOING ? (int) m->delivery : 0);
  if (m->delivery_reason)
    sqlite3_bind_text (stmt, 12, m->delivery_reason, -1, SQLITE_TRANSIENT);
  /* Autocommit: the insert is its own transaction, committed (and, with
   * synchronous=FULL, synced) when step returns. */
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return_error (w, task, rc);
  else
    g_task_return_int (task, sqlite3_last_insert_rowid (w->db));
  sqlite3_finalize (stmt);
}

void
vpop3_history_append_async (Vpop3History *self,
                            const Vpop3HistoryMessage *message,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  GTask *task;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (message != NULL);
  task = new_task (self, vpop3_history_append_async, cancellable, callback, user_data);
  if (!message->host || !message->user || !message->correspondent || !message->sender)
    {
      g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_INVALID,
                               "incomplete message");
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, vpop3_history_message_copy (message),
                        (GDestroyNotify) vpop3_history_message_free);
  submit (self, task, job_append);
}

static gint64
propagate_int (Vpop3History *self, GAsyncResult *result, gint64 failed, GError **error)
{
  GError *local = NULL;
  gint64 value;

  g_return_val_if_fail (g_task_is_valid (result, self), failed);
  value = g_task_propagate_int (G_TASK (result), &local);
  if (local)
    {
      g_propagate_error (error, local);
      return failed;
    }
  return value;
}

gint64
vpop3_history_append_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return propagate_int (self, result, 0, error);
}

/* Requests on a conversation or server */

typedef struct
{
  char *host;
  guint16 port;
  char *user;
  char *folded; /* correspondent, folded */
  gint64 id;
  guint limit;
  int delivery;
  char *text; /* delivery reason, search query or SQL */
  gint *release;
} Request;

static void
request_free (Request *r)
{
  g_free (r->host);
  g_free (r->user);
  g_free (r->folded);
  g_free (r->text);
  g_free (r);
}

static Request *
request_new (const char *host, guint16 port, const char *user, const char *correspondent)
{
  Request *r = g_new0 (Request, 1);

  r->host = g_strdup (host);
  r->port = port;
  r->user = g_strdup (user);
  r->folded = correspondent ? fold_name (correspondent) : NULL;
  return r;
}

static void
submit_request (Vpop3History *self,
                gpointer tag,
                Request *r,
                JobFunc func,
                GCancellable *cancellable,
                GAsyncReadyCallback callback,
                gpointer user_data)
{
  GTask *task = new_task (self, tag, cancellable, callback, user_data);

  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  submit (self, task, func);
}

static void
job_mark_read (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  sqlite3_stmt *stmt;

  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        "UPDATE messages SET read = 1 WHERE host = ? AND port = ? AND user = ? "
                        "AND folded = ? AND id <= ? AND read = 0")))
    return;
  bind_server (stmt, 1, r->host, r->port, r->user);
  sqlite3_bind_text (stmt, 4, r->folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, r->id);
  return_changes (w, task, stmt);
  sqlite3_finalize (stmt);
}

void
vpop3_history_mark_read_async (Vpop3History *self,
                               const char *host,
                               guint16 port,
                               const char *user,
                               const char *correspondent,
                               gint64 up_to_id,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  Request *r;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (host && user && correspondent);
  r = request_new (host, port, user, correspondent);
  r->id = up_to_id;
  submit_request (self, vpop3_history_mark_read_async, r, job_mark_read, cancellable, callback,
                  user_data);
}

gint64
vpop3_history_mark_read_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return propagate_int (self, result, -1, error);
}

static void
job_set_delivery (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  sqlite3_stmt *stmt;
  int rc;

  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        "UPDATE messages SET delivery = ?, delivery_reason = ? "
                        "WHERE id = ? AND direction = 1")))
    return;
  sqlite3_bind_int (stmt, 1, r->delivery);
  if (r->text)
    sqlite3_bind_text (stmt, 2, r->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, r->id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return_error (w, task, rc);
  else if (sqlite3_changes (w->db) == 0)
    g_task_return_new_error (task, VPOP3_HISTORY_ERROR, VPOP3_HISTORY_ERROR_INVALID,
                             "no outgoing message %" G_GINT64_FORMAT, r->id);
  else
    g_task_return_boolean (task, TRUE);
  sqlite3_finalize (stmt);
}

void
vpop3_history_set_delivery_async (Vpop3History *self,
                                  gint64 id,
                                  Vpop3HistoryDelivery delivery,
                                  const char *reason,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  Request *r;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  r = request_new (NULL, 0, NULL, NULL);
  r->id = id;
  r->delivery = delivery;
  r->text = g_strdup (reason);
  submit_request (self, vpop3_history_set_delivery_async, r, job_set_delivery, cancellable,
                  callback, user_data);
}

gboolean
vpop3_history_set_delivery_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
job_load_page (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  sqlite3_stmt *stmt;

  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        "SELECT " MESSAGE_COLUMNS " FROM messages WHERE host = ? AND port = ? "
                        "AND user = ? AND folded = ? AND id < ? ORDER BY id DESC LIMIT ?")))
    return;
  bind_server (stmt, 1, r->host, r->port, r->user);
  sqlite3_bind_text (stmt, 4, r->folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, r->id > 0 ? r->id : G_MAXINT64);
  sqlite3_bind_int64 (stmt, 6, r->limit);
  return_rows (w, task, stmt, TRUE);
  sqlite3_finalize (stmt);
}

void
vpop3_history_load_page_async (Vpop3History *self,
                               const char *host,
                               guint16 port,
                               const char *user,
                               const char *correspondent,
                               gint64 before_id,
                               guint limit,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  Request *r;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (host && user && correspondent);
  r = request_new (host, port, user, correspondent);
  r->id = before_id;
  r->limit = limit;
  submit_request (self, vpop3_history_load_page_async, r, job_load_page, cancellable, callback,
                  user_data);
}

GPtrArray *
vpop3_history_load_page_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
job_list_conversations (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  g_autoptr (GPtrArray) list =
      g_ptr_array_new_with_free_func ((GDestroyNotify) vpop3_history_conversation_free);
  sqlite3_stmt *stmt;
  int rc;

  /* With a single max(), SQLite takes the bare columns from its row: the
   * latest spelling of the name and the latest time. */
  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        "SELECT correspondent, time, MAX(id), "
                        "TOTAL(CASE WHEN read = 0 AND direction = 0 THEN 1 ELSE 0 END) "
                        "FROM messages WHERE host = ? AND port = ? AND user = ? "
                        "GROUP BY folded ORDER BY 3 DESC")))
    return;
  bind_server (stmt, 1, r->host, r->port, r->user);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Vpop3HistoryConversation *c = g_new0 (Vpop3HistoryConversation, 1);

      c->correspondent = column_dup (stmt, 0);
      c->last_time = sqlite3_column_int64 (stmt, 1);
      c->last_id = sqlite3_column_int64 (stmt, 2);
      c->unread = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    return_error (w, task, rc);
  else
    g_task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
  sqlite3_finalize (stmt);
}

void
vpop3_history_list_conversations_async (Vpop3History *self,
                                        const char *host,
                                        guint16 port,
                                        const char *user,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (host && user);
  submit_request (self, vpop3_history_list_conversations_async,
                  request_new (host, port, user, NULL), job_list_conversations, cancellable,
                  callback, user_data);
}

GPtrArray *
vpop3_history_list_conversations_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
job_search (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  g_autofree char *folded = fold_name (r->text);
  g_autoptr (GString) pattern = g_string_new ("%");
  sqlite3_stmt *stmt;

  /* LIKE's wildcards and our escape character match only themselves. */
  for (const char *p = folded; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        "SELECT " MESSAGE_COLUMNS " FROM messages WHERE host = ? AND port = ? "
                        "AND user = ? AND folded = ? AND vpop3_fold(text) LIKE ? ESCAPE '\\' "
                        "ORDER BY id")))
    return;
  bind_server (stmt, 1, r->host, r->port, r->user);
  sqlite3_bind_text (stmt, 4, r->folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, pattern->str, -1, SQLITE_TRANSIENT);
  return_rows (w, task, stmt, FALSE);
  sqlite3_finalize (stmt);
}

void
vpop3_history_search_async (Vpop3History *self,
                            const char *host,
                            guint16 port,
                            const char *user,
                            const char *correspondent,
                            const char *query,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  Request *r;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (host && user && correspondent && query);
  r = request_new (host, port, user, correspondent);
  r->text = g_strdup (query);
  submit_request (self, vpop3_history_search_async, r, job_search, cancellable, callback,
                  user_data);
}

GPtrArray *
vpop3_history_search_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
job_delete_older (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  sqlite3_stmt *stmt;

  if (r->id == 0)
    {
      g_task_return_int (task, 0);
      return;
    }
  if (!need_db (w, task) || !(stmt = prepare (w, task, "DELETE FROM messages WHERE time < ?")))
    return;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () - r->id * G_USEC_PER_SEC * 86400);
  return_changes (w, task, stmt);
  sqlite3_finalize (stmt);
}

void
vpop3_history_delete_older_than_async (Vpop3History *self,
                                       guint days,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  Request *r;

  g_return_if_fail (VPOP3_IS_HISTORY (self));
  r = request_new (NULL, 0, NULL, NULL);
  r->id = days;
  submit_request (self, vpop3_history_delete_older_than_async, r, job_delete_older, cancellable,
                  callback, user_data);
}

gint64
vpop3_history_delete_older_than_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return propagate_int (self, result, -1, error);
}

static void
job_clear (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  sqlite3_stmt *stmt;

  if (!need_db (w, task) ||
      !(stmt = prepare (w, task,
                        r->host ? "DELETE FROM messages WHERE host = ? AND port = ? AND user = ?"
                                : "DELETE FROM messages")))
    return;
  if (r->host)
    bind_server (stmt, 1, r->host, r->port, r->user);
  return_changes (w, task, stmt);
  sqlite3_finalize (stmt);
}

void
vpop3_history_clear_async (Vpop3History *self,
                           const char *host,
                           guint16 port,
                           const char *user,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (VPOP3_IS_HISTORY (self));
  g_return_if_fail (host == NULL || user != NULL);
  submit_request (self, vpop3_history_clear_async, request_new (host, port, user, NULL), job_clear,
                  cancellable, callback, user_data);
}

gint64
vpop3_history_clear_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return propagate_int (self, result, -1, error);
}

/* Test hooks */

static void
job_wait (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!g_atomic_int_get (r->release) && g_get_monotonic_time () < end)
    g_usleep (1000);
  g_task_return_boolean (task, g_atomic_int_get (r->release) != 0);
}

void
_vpop3_history_wait_for_testing_async (Vpop3History *self,
                                       gint *release,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  Request *r = request_new (NULL, 0, NULL, NULL);

  r->release = release;
  submit_request (self, NULL, r, job_wait, NULL, callback, user_data);
}

gboolean
_vpop3_history_wait_for_testing_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
job_exec (Worker *w, GTask *task, gpointer data)
{
  Request *r = data;
  int rc;

  if (!need_db (w, task))
    return;
  rc = sqlite3_exec (w->db, r->text, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return_error (w, task, rc);
  else
    g_task_return_boolean (task, TRUE);
}

void
_vpop3_history_exec_for_testing_async (Vpop3History *self,
                                       const char *sql,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data)
{
  Request *r = request_new (NULL, 0, NULL, NULL);

  r->text = g_strdup (sql);
  submit_request (self, NULL, r, job_exec, NULL, callback, user_data);
}

gboolean
_vpop3_history_exec_for_testing_finish (Vpop3History *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
