/* sp-search.c
 *
 * The search reads the disc as the hex view shows it (raw sectors, gaps
 * synthesized) in chunks, carrying the last pattern-length-minus-one bytes
 * of one chunk into the next so that a match across a chunk boundary is
 * found. Sectors no file holds end a run: a match never spans a hole.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-search.h"
#include "sp-msf.h"

#define CHUNK_SECTORS 512
#define MAX_PATTERN 4096

struct _SpSearch
{
  GObject parent_instance;

  SpImage *image;
  GBytes *pattern;
  gboolean ignore_case;
  SpJob *job;
};

G_DEFINE_FINAL_TYPE (SpSearch, sp_search, G_TYPE_OBJECT)

static void
sp_search_finalize (GObject *object)
{
  SpSearch *self = SP_SEARCH (object);

  g_clear_object (&self->image);
  g_clear_pointer (&self->pattern, g_bytes_unref);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (sp_search_parent_class)->finalize (object);
}

static void
sp_search_class_init (SpSearchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_search_finalize;
}

static void
sp_search_init (SpSearch *self)
{
}

/**
 * sp_search_new:
 * @pattern: the bytes to find, 1 to 4096 of them
 * @ignore_case: compare ASCII letters without regard to case
 */
SpSearch *
sp_search_new (SpImage  *image,
               GBytes   *pattern,
               gboolean  ignore_case)
{
  SpSearch *self;
  gsize length = 0;
  const guint8 *data;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  self = g_object_new (SP_TYPE_SEARCH, NULL);
  self->image = g_object_ref (image);
  self->ignore_case = ignore_case;
  self->job = sp_job_new ("Search");

  data = g_bytes_get_data (pattern, &length);
  length = MIN (length, (gsize) MAX_PATTERN);
  if (ignore_case)
    {
      guint8 *lower = g_malloc (MAX (length, 1));

      for (gsize i = 0; i < length; i++)
        lower[i] = (guint8) g_ascii_tolower (data[i]);
      self->pattern = g_bytes_new_take (lower, length);
    }
  else
    self->pattern = g_bytes_new_from_bytes (pattern, 0, length);

  return self;
}

SpJob *
sp_search_get_job (SpSearch *self)
{
  g_return_val_if_fail (SP_IS_SEARCH (self), NULL);
  return self->job;
}

/* The last full occurrence of @needle inside the first @length bytes. */
static const guint8 *
find_last (const guint8 *haystack,
           gsize         length,
           const guint8 *needle,
           gsize         needle_length)
{
  if (needle_length > length)
    return NULL;
  for (gsize i = length - needle_length + 1; i-- > 0;)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, needle_length) == 0)
      return haystack + i;
  return NULL;
}

/* Reads @count sectors at @position into @buffer; returns how many could
 * be read (a hole stops the run). */
static guint
read_run (SpSearch *self,
          gint64    position,
          guint     count,
          guint8   *buffer,
          GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  guint got = 0;

  if (!sp_image_read_sectors (self->image, position, count, buffer, &got, &local_error) &&
      !g_error_matches (local_error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return G_MAXUINT;
    }
  return got;
}

/**
 * sp_search_run:
 * @from: the byte offset to start at: forward searches look at @from and
 *   after, backward ones before @from
 *
 * Returns: the byte offset of the first match in the direction searched,
 *   or -1 when there is none (or on error, with @error set)
 */
gint64
sp_search_run (SpSearch      *self,
               gint64         from,
               gboolean       backward,
               GCancellable  *cancellable,
               GError       **error)
{
  gsize plen = 0;
  const guint8 *pattern = g_bytes_get_data (self->pattern, &plen);
  gint64 leadout = sp_image_get_leadout (self->image);
  gsize overlap = plen > 0 ? plen - 1 : 0;
  gsize chunk_bytes = (gsize) CHUNK_SECTORS * SP_RAW_SECTOR_SIZE;
  g_autofree guint8 *buffer = NULL;
  gint64 total = leadout * SP_RAW_SECTOR_SIZE;

  g_return_val_if_fail (SP_IS_SEARCH (self), -1);

  if (plen == 0 || leadout == 0)
    return -1;

  from = CLAMP (from, 0, total);
  buffer = g_malloc (overlap + chunk_bytes);
  sp_job_set_total (self->job, (guint64) (backward ? from : total - from));

  if (!backward)
    {
      gint64 position = from / SP_RAW_SECTOR_SIZE;
      gsize skip = (gsize) (from % SP_RAW_SECTOR_SIZE);
      gsize carried = 0;

      while (position < leadout)
        {
          guint count = (guint) MIN ((gint64) CHUNK_SECTORS, leadout - position);
          guint got;
          gsize have;
          const guint8 *hit;
          guint8 *start;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return -1;

          got = read_run (self, position, count, buffer + carried, error);
          if (got == G_MAXUINT)
            return -1;

          have = carried + (gsize) got * SP_RAW_SECTOR_SIZE;
          if (self->ignore_case)
            for (gsize i = carried; i < have; i++)
              buffer[i] = (guint8) g_ascii_tolower (buffer[i]);

          start = buffer + (carried ? 0 : skip);
          hit = memmem (start, have - (gsize) (start - buffer), pattern, plen);
          if (hit)
            return position * SP_RAW_SECTOR_SIZE - (gint64) carried + (hit - buffer);

          sp_job_add_done (self->job, (guint64) count * SP_RAW_SECTOR_SIZE);

          if (got < count)
            {
              /* A hole: start afresh after the missing sector. */
              position += got + 1;
              carried = 0;
              skip = 0;
              continue;
            }

          carried = MIN (overlap, have);
          memmove (buffer, buffer + have - carried, carried);
          position += count;
          skip = 0;
        }
      return -1;
    }
  else
    {
      /* Matches must start before @limit; the data looked at runs up to
       * @data_end, a pattern's length past @limit, never across a hole. */
      gint64 limit = from;
      gint64 data_end = MIN (from + (gint64) overlap, total);

      while (limit > 0 && data_end > 0)
        {
          gint64 hi = (data_end - 1) / SP_RAW_SECTOR_SIZE;
          gint64 lo = MAX (0, hi - CHUNK_SECTORS + 1);
          gint64 base;
          gsize have;
          guint got = 0;
          const guint8 *hit;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return -1;

          /* Find the readable run that ends at @hi. */
          for (;;)
            {
              got = read_run (self, lo, (guint) (hi - lo + 1), buffer, error);
              if (got == G_MAXUINT)
                return -1;
              if (got == (guint) (hi - lo + 1))
                break;
              lo += got + 1;
              if (lo > hi)
                break;
            }
          if (lo > hi)
            {
              /* Sector @hi itself is missing: nothing spans it. */
              limit = MIN (limit, hi * SP_RAW_SECTOR_SIZE);
              data_end = hi * SP_RAW_SECTOR_SIZE;
              continue;
            }

          base = lo * SP_RAW_SECTOR_SIZE;
          have = (gsize) (data_end - base);
          if (self->ignore_case)
            for (gsize i = 0; i < have; i++)
              buffer[i] = (guint8) g_ascii_tolower (buffer[i]);

          hit = find_last (buffer, MIN (have, (gsize) (limit - base) + plen - 1), pattern, plen);
          if (hit)
            return base + (hit - buffer);

          sp_job_add_done (self->job, (guint64) (limit - base));
          /* The next window keeps this one's first bytes, for a match that
           * starts below it and ends in it. */
          limit = base;
          data_end = MIN (base + (gint64) overlap, data_end);
        }
      return -1;
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SpSearch *self = source_object;
  gint64 *args = task_data;
  GError *error = NULL;
  gint64 found = sp_search_run (self, args[0], args[1] != 0, cancellable, &error);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) found);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  gssize found;

  sp_job_stop (SP_SEARCH (object)->job);
  found = g_task_propagate_int (G_TASK (result), &error);
  if (error)
    g_task_return_error (outer, error);
  else
    g_task_return_int (outer, found);
}

void
sp_search_run_async (SpSearch            *self,
                     gint64               from,
                     gboolean             backward,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;
  gint64 *args = g_new (gint64, 2);

  g_return_if_fail (SP_IS_SEARCH (self));

  args[0] = from;
  args[1] = backward;
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sp_search_run_async);
  sp_job_start (self->job);
  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_set_task_data (inner, args, g_free);
  g_task_run_in_thread (inner, run_thread);
}

/* Returns: the offset found, or -1 for none (@error unset) */
gint64
sp_search_run_finish (SpSearch      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/**
 * sp_search_parse_hex:
 * @text: hex bytes, with or without spaces: "00 FF ff", "00ffff", "0x43 0x44"
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL with @error set
 */
GBytes *
sp_search_parse_hex (const char  *text,
                     GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = text; *p; p++)
    {
      int v;

      if (g_ascii_isspace (*p) || *p == ',' || *p == ':')
        {
          if (high >= 0)
            {
              /* A lone digit before a separator is a byte ("f" = 0x0f). */
              guint8 b = (guint8) high;
              g_byte_array_append (bytes, &b, 1);
              high = -1;
            }
          continue;
        }
      if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && high < 0)
        {
          p++;
          continue;
        }
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "“%c” is not a hex digit", *p);
          return NULL;
        }
      if (high < 0)
        high = v;
      else
        {
          guint8 b = (guint8) (high << 4 | v);
          g_byte_array_append (bytes, &b, 1);
          high = -1;
        }
    }
  if (high >= 0)
    {
      guint8 b = (guint8) high;
      g_byte_array_append (bytes, &b, 1);
    }
  if (bytes->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no bytes to search for");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
