/* sp-text.h: turning the bytes of a sheet into UTF-8 lines
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sp_text_decode    (const guint8  *data,
                            gsize          length,
                            char         **text,
                            gsize         *text_length,
                            const char   **encoding,
                            GError       **error);

/* Walks a text line by line, whatever its line ends (LF, CRLF or CR). */
typedef struct
{
  const char *pos;
  const char *end;
  guint line;
} SpLineReader;

void     sp_line_reader_init (SpLineReader *reader,
                              const char   *text,
                              gsize         length);
gboolean sp_line_reader_next (SpLineReader *reader,
                              const char  **line,
                              gsize        *line_length);

G_END_DECLS
