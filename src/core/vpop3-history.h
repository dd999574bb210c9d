/* vpop3-history.h: the instant-message history kept on disk (SQLite), per
 * server (host, port, user) and correspondent. See docs/history.md.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VPOP3_HISTORY_ERROR (vpop3_history_error_quark ())
GQuark vpop3_history_error_quark (void);

typedef enum
{
  /* The store could not be opened or created (read-only or full disk, …):
   * nothing is stored until it is opened again. */
  VPOP3_HISTORY_ERROR_UNAVAILABLE,
  /* The file was damaged or of an unknown layout: it was renamed aside and a
   * fresh store started (reported by vpop3_history_open_finish's @damage). */
  VPOP3_HISTORY_ERROR_DAMAGED,
  /* Writing or reading failed (full disk, I/O error): this call only. */
  VPOP3_HISTORY_ERROR_IO,
  VPOP3_HISTORY_ERROR_INVALID,
} Vpop3HistoryError;

typedef enum
{
  VPOP3_HISTORY_INCOMING = 0,
  VPOP3_HISTORY_OUTGOING = 1,
} Vpop3HistoryDirection;

/* For outgoing messages; incoming ones are always NONE. */
typedef enum
{
  VPOP3_HISTORY_DELIVERY_NONE = 0,
  VPOP3_HISTORY_DELIVERY_PENDING = 1,
  VPOP3_HISTORY_DELIVERY_ACCEPTED = 2, /* the server answered +OK */
  VPOP3_HISTORY_DELIVERY_REFUSED = 3,  /* reason: the server's text */
  VPOP3_HISTORY_DELIVERY_NOT_SENT = 4, /* reason: why (connection dropped, …) */
} Vpop3HistoryDelivery;

/* One stored message. The text is a byte string with its length: it may hold
 * NULs and invalid UTF-8 and is given back byte for byte. */
typedef struct
{
  gint64 id; /* 0 before it is stored */
  char *host;
  guint16 port;
  char *user;
  char *correspondent;
  gint64 time; /* UTC, microseconds since 1970 (g_get_real_time's unit) */
  Vpop3HistoryDirection direction;
  char *sender;
  GBytes *text;
  gboolean read;
  Vpop3HistoryDelivery delivery;
  char *delivery_reason; /* NULL unless REFUSED or NOT_SENT */
} Vpop3HistoryMessage;

Vpop3HistoryMessage *vpop3_history_message_new (const char *host,
                                                guint16 port,
                                                const char *user,
                                                const char *correspondent,
                                                gint64 time,
                                                Vpop3HistoryDirection direction,
                                                const char *sender,
                                                const char *text,
                                                gssize text_len);
Vpop3HistoryMessage *vpop3_history_message_copy (const Vpop3HistoryMessage *message);
void vpop3_history_message_free (Vpop3HistoryMessage *message);
GType vpop3_history_message_get_type (void);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3HistoryMessage, vpop3_history_message_free)

/* One conversation of a server, as listed by list_conversations. */
typedef struct
{
  char *correspondent; /* as last written */
  guint unread;        /* unread incoming messages */
  gint64 last_id;
  gint64 last_time;
} Vpop3HistoryConversation;

void vpop3_history_conversation_free (Vpop3HistoryConversation *conversation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vpop3HistoryConversation, vpop3_history_conversation_free)

/* FILETIME (100 ns since 1601-01-01 UTC) to the store's time unit. */
gint64 vpop3_history_time_from_filetime (guint64 filetime);

#define VPOP3_TYPE_HISTORY (vpop3_history_get_type ())
G_DECLARE_FINAL_TYPE (Vpop3History, vpop3_history, VPOP3, HISTORY, GObject)

/* @path: the database file, or NULL for
 * $XDG_DATA_HOME/vpop3-monitor/history.sqlite. Nothing touches the disk until
 * vpop3_history_open_async. Every SQLite call runs on the store's own worker
 * thread, in the order the calls were made; each reports on the thread-default
 * main context of its caller. */
Vpop3History *vpop3_history_new (const char *path);
const char *vpop3_history_get_path (Vpop3History *self);

void vpop3_history_open_async (Vpop3History *self,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
/* FALSE (VPOP3_HISTORY_ERROR_UNAVAILABLE) when no store could be opened.
 * When TRUE, @damage (may be NULL) is set if a damaged file was set aside
 * and a fresh store started: its message is for the user. */
gboolean vpop3_history_open_finish (Vpop3History *self,
                                    GAsyncResult *result,
                                    GError **damage,
                                    GError **error);

/* Closes the store once the jobs queued before it are done: the log is
 * folded back into the file. Later calls fail (VPOP3_HISTORY_ERROR_UNAVAILABLE)
 * until it is opened again. Dropping the last reference closes it too, but
 * possibly after the unref returns (on the worker). */
void vpop3_history_close_async (Vpop3History *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean vpop3_history_close_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* Stores @message (its id, and for incoming ones its read flag, are ignored:
 * incoming messages are stored unread, outgoing ones read). finish returns the
 * new row id once the message is committed to disk, or 0 with an error. */
void vpop3_history_append_async (Vpop3History *self,
                                 const Vpop3HistoryMessage *message,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gint64 vpop3_history_append_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* Marks the conversation's incoming messages with id <= @up_to_id read
 * (G_MAXINT64: all). finish returns how many changed, or -1 with an error. */
void vpop3_history_mark_read_async (Vpop3History *self,
                                    const char *host,
                                    guint16 port,
                                    const char *user,
                                    const char *correspondent,
                                    gint64 up_to_id,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
gint64 vpop3_history_mark_read_finish (Vpop3History *self, GAsyncResult *result, GError **error);

void vpop3_history_set_delivery_async (Vpop3History *self,
                                       gint64 id,
                                       Vpop3HistoryDelivery delivery,
                                       const char *reason,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
/* FALSE with an error, also when no outgoing message has that id. */
gboolean
vpop3_history_set_delivery_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* The newest @limit messages with an id below @before_id (0: the newest),
 * oldest first: a GPtrArray of Vpop3HistoryMessage. */
void vpop3_history_load_page_async (Vpop3History *self,
                                    const char *host,
                                    guint16 port,
                                    const char *user,
                                    const char *correspondent,
                                    gint64 before_id,
                                    guint limit,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
GPtrArray *
vpop3_history_load_page_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* The server's conversations, most recent first: a GPtrArray of
 * Vpop3HistoryConversation. */
void vpop3_history_list_conversations_async (Vpop3History *self,
                                             const char *host,
                                             guint16 port,
                                             const char *user,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer user_data);
GPtrArray *
vpop3_history_list_conversations_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* The conversation's messages whose text contains @query, case-insensitive
 * (after Unicode case folding), oldest first; % and _ are plain characters. */
void vpop3_history_search_async (Vpop3History *self,
                                 const char *host,
                                 guint16 port,
                                 const char *user,
                                 const char *correspondent,
                                 const char *query,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
GPtrArray *vpop3_history_search_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* Deletes messages older than @days days (0: keeps everything); finish
 * returns how many were deleted, or -1. */
void vpop3_history_delete_older_than_async (Vpop3History *self,
                                            guint days,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gint64
vpop3_history_delete_older_than_finish (Vpop3History *self, GAsyncResult *result, GError **error);

/* Deletes one server's history, or everything when @host is NULL. */
void vpop3_history_clear_async (Vpop3History *self,
                                const char *host,
                                guint16 port,
                                const char *user,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gint64 vpop3_history_clear_finish (Vpop3History *self, GAsyncResult *result, GError **error);

G_END_DECLS
