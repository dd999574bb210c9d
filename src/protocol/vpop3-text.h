/* vpop3-text.h: decoding what a Windows server sends.
 *
 * Copyright 2026 The vpop3-monitor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns @bytes as UTF-8: unchanged when they are valid UTF-8 without NUL,
 * else decoded as Windows-1252 (NUL becomes U+FFFD). Never NULL, always valid
 * UTF-8, so safe to hand to GTK and JSON. */
char *vpop3_text_decode (const char *bytes, gsize length);
/* TRUE when vpop3_text_decode() keeps @bytes as they are: valid UTF-8
 * without NUL. */
gboolean vpop3_text_is_utf8 (const char *bytes, gsize length);
/* The inverse of decoding Windows-1252: the bytes a server that speaks it
 * sent for @text (UTF-8). NULL when a character has no such byte. */
char *vpop3_text_encode_windows_1252 (const char *text);

/* TRUE when @text holds no CR, LF or NUL and so can go on one protocol line. */
gboolean vpop3_text_is_single_line (const char *text);

/* TRUE when @text holds a control character other than LF and TAB. */
gboolean vpop3_text_has_controls (const char *text);
/* @text made safe to show: control characters but LF and TAB are written as
 * \xNN (a CR the server kept would break a one-line display, an escape
 * sequence would reach a terminal); invalid UTF-8 is replaced. */
char *vpop3_text_escape_controls (const char *text);

G_END_DECLS
