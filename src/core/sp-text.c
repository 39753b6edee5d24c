/* sp-text.c
 *
 * Sheets come from every tool and platform: UTF-8 with or without a BOM,
 * UTF-16 from some Windows tools, and Windows-1252 or Latin-1 from older
 * ones (EAC, CDRWIN) when a title has an accent. All of them are read;
 * anything that is not plain UTF-8 gets a warning from the caller.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-text.h"

static guint
line_of_offset (const guint8 *data,
                gsize         offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= offset || data[i + 1] != '\n')))
        line++;
    }
  return line;
}

/**
 * sp_text_decode:
 * @text: (out): the text in UTF-8, without a byte order mark
 * @encoding: (out): %NULL for UTF-8, else the name of the encoding used
 *
 * Fails, with the line in the message ("3: ..."), when the data is not text
 * at all: a NUL byte never occurs in a sheet, and a binary file renamed
 * .cue is full of them.
 */
gboolean
sp_text_decode (const guint8  *data,
                gsize          length,
                char         **text,
                gsize         *text_length,
                const char   **encoding,
                GError       **error)
{
  const char *from = NULL;
  const guint8 *nul;
  gsize converted = 0;

  *encoding = NULL;

  if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      g_autoptr(GError) local_error = NULL;
      char *out;

      from = data[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      out = g_convert ((const char *) data + 2, (gssize) length - 2, "UTF-8", from,
                       NULL, &converted, &local_error);
      if (out == NULL || memchr (out, '\0', converted) != NULL)
        {
          g_free (out);
          g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE,
                       "1: it starts like %s text but is not valid %s", from, from);
          return FALSE;
        }
      *text = out;
      *text_length = converted;
      *encoding = from;
      return TRUE;
    }

  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      length -= 3;
    }

  nul = memchr (data, '\0', length);
  if (nul != NULL)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE,
                   "%u: it contains binary data (a NUL byte at offset %" G_GSIZE_FORMAT "), so it is not a sheet",
                   line_of_offset (data, (gsize) (nul - data)), (gsize) (nul - data));
      return FALSE;
    }

  if (g_utf8_validate_len ((const char *) data, length, NULL))
    {
      *text = g_strndup ((const char *) data, length);
      *text_length = length;
      return TRUE;
    }

  /* Windows-1252 leaves five bytes undefined; Latin-1 takes any byte. */
  *text = g_convert ((const char *) data, (gssize) length, "UTF-8", "WINDOWS-1252",
                     NULL, &converted, NULL);
  if (*text)
    {
      *encoding = "Windows-1252";
      *text_length = converted;
      return TRUE;
    }

  *text = g_convert ((const char *) data, (gssize) length, "UTF-8", "ISO-8859-1",
                     NULL, &converted, NULL);
  if (*text)
    {
      *encoding = "Latin-1 (ISO-8859-1)";
      *text_length = converted;
      return TRUE;
    }

  g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_PARSE, "1: its text encoding cannot be read");
  return FALSE;
}

void
sp_line_reader_init (SpLineReader *reader,
                     const char   *text,
                     gsize         length)
{
  reader->pos = text;
  reader->end = text + length;
  reader->line = 0;
}

/**
 * sp_line_reader_next:
 * @line: (out): the start of the next line, not NUL-terminated
 * @line_length: (out): its length without the line end
 *
 * Returns: %FALSE at the end of the text
 */
gboolean
sp_line_reader_next (SpLineReader *reader,
                     const char  **line,
                     gsize        *line_length)
{
  const char *p = reader->pos;

  if (p >= reader->end)
    return FALSE;

  *line = p;
  while (p < reader->end && *p != '\n' && *p != '\r')
    p++;
  *line_length = (gsize) (p - *line);

  /* CRLF is one line end, and so are a lone CR (old Mac) and a lone LF. */
  if (p < reader->end && *p == '\r')
    {
      p++;
      if (p < reader->end && *p == '\n')
        p++;
    }
  else if (p < reader->end && *p == '\n')
    p++;

  reader->pos = p;
  reader->line++;
  return TRUE;
}
