/* sp-verify.c
 *
 * Verify splits the disc into work items and runs one worker per core:
 * data tracks stored raw (2352 bytes, or 2336 after the header) are read
 * in chunks and every sector's sync, header, EDC and ECC checked; what has
 * no stored EDC/ECC (audio, user-data-only tracks) is checked for being
 * there at all, from the size its file has now. Memory is one chunk buffer
 * per worker, whatever the size of the image.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-verify.h"

#define CHUNK_SECTORS 256
#define MAX_THREADS 16
/* Beyond this many, bad sectors are counted but not listed one by one. */
#define MAX_LISTED 1000000

typedef enum
{
  ITEM_CHECK,      /* read and check each sector */
  ITEM_PRESENCE,   /* only see whether the file holds it */
  ITEM_GENERATED,  /* synthesized by us: nothing to check */
} ItemKind;

typedef struct
{
  ItemKind kind;
  gint64 position;
  guint count;
  guint track_index;
  const SpExtent *extent;
} WorkItem;

typedef struct
{
  GArray *bad;           /* SpBadSector */
  SpVerifyTrack *tracks;
  guint64 bad_total;
} WorkerResult;

struct _SpVerify
{
  GObject parent_instance;

  SpImage *image;
  SpJob *job;
  guint n_threads;

  /* During a run. */
  GArray *items;
  gint next_item;        /* atomic */
  GCancellable *cancellable;
  GMutex error_lock;
  GError *error;

  /* Results. */
  GArray *bad;
  GArray *tracks;        /* SpVerifyTrack */
  gint64 sectors;
  guint64 bad_total;
};

G_DEFINE_FINAL_TYPE (SpVerify, sp_verify, G_TYPE_OBJECT)

static void
sp_verify_finalize (GObject *object)
{
  SpVerify *self = SP_VERIFY (object);

  g_clear_object (&self->image);
  g_clear_object (&self->job);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->bad, g_array_unref);
  g_clear_pointer (&self->tracks, g_array_unref);
  g_clear_error (&self->error);
  g_mutex_clear (&self->error_lock);

  G_OBJECT_CLASS (sp_verify_parent_class)->finalize (object);
}

static void
sp_verify_class_init (SpVerifyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_verify_finalize;
}

static void
sp_verify_init (SpVerify *self)
{
  g_mutex_init (&self->error_lock);
  self->n_threads = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
  self->bad = g_array_new (FALSE, FALSE, sizeof (SpBadSector));
  self->tracks = g_array_new (FALSE, TRUE, sizeof (SpVerifyTrack));
}

SpVerify *
sp_verify_new (SpImage *image)
{
  SpVerify *self = g_object_new (SP_TYPE_VERIFY, NULL);

  self->image = g_object_ref (image);
  self->job = sp_job_new ("Verify");
  return self;
}

/**
 * sp_verify_get_job:
 *
 * Returns: (transfer none): the progress of the run
 */
SpJob *
sp_verify_get_job (SpVerify *self)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), NULL);
  return self->job;
}

void
sp_verify_set_threads (SpVerify *self,
                       guint     n_threads)
{
  g_return_if_fail (SP_IS_VERIFY (self));
  self->n_threads = CLAMP (n_threads, 1, MAX_THREADS);
}

static gboolean
is_checkable (SpTrack        *track,
              const SpExtent *extent)
{
  SpTrackMode mode = sp_track_get_mode (track);

  /* Sectors stored with their EDC and ECC: raw, or Mode 2 minus the header. */
  return extent->source != NULL && !sp_track_mode_is_audio (mode) &&
         (extent->sector_size >= SP_RAW_SECTOR_SIZE ||
          mode == SP_TRACK_MODE_MODE2_2336 || mode == SP_TRACK_MODE_CDI_2336);
}

static void
plan (SpVerify *self)
{
  GPtrArray *extents = _sp_image_get_extents (self->image);
  guint n_tracks = sp_image_get_n_tracks (self->image);
  guint64 total = 0;

  g_clear_pointer (&self->items, g_array_unref);
  self->items = g_array_new (FALSE, FALSE, sizeof (WorkItem));
  g_array_set_size (self->tracks, n_tracks);
  for (guint i = 0; i < n_tracks; i++)
    {
      SpVerifyTrack *t = &g_array_index (self->tracks, SpVerifyTrack, i);

      memset (t, 0, sizeof *t);
      t->track = sp_track_get_number (sp_image_get_track (self->image, i));
    }

  for (guint e = 0, t = 0; e < extents->len; e++)
    {
      const SpExtent *extent = g_ptr_array_index (extents, e);

      while (sp_image_get_track (self->image, t) != extent->track)
        t++;

      if (extent->source == NULL)
        {
          WorkItem item = { ITEM_GENERATED, extent->start, (guint) extent->length, t, extent };
          g_array_append_val (self->items, item);
        }
      else if (is_checkable (extent->track, extent))
        {
          for (gint64 p = 0; p < extent->length; p += CHUNK_SECTORS)
            {
              WorkItem item = {
                ITEM_CHECK, extent->start + p,
                (guint) MIN ((gint64) CHUNK_SECTORS, extent->length - p), t, extent
              };
              g_array_append_val (self->items, item);
            }
        }
      else
        {
          WorkItem item = { ITEM_PRESENCE, extent->start, (guint) extent->length, t, extent };
          g_array_append_val (self->items, item);
        }
      total += (guint64) extent->length * SP_RAW_SECTOR_SIZE;
    }

  sp_job_set_total (self->job, total);
  self->next_item = 0;
}

static void
record_bad (WorkerResult *result,
            gint64        position,
            guint         track_number,
            SpSectorError errors)
{
  SpBadSector bad = { position, track_number, errors };

  result->bad_total++;
  if (result->bad->len < MAX_LISTED)
    g_array_append_val (result->bad, bad);
}

static void
set_error (SpVerify *self,
           GError   *error)
{
  g_mutex_lock (&self->error_lock);
  if (self->error == NULL)
    self->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&self->error_lock);
}

/* Sectors of @extent the file holds now: a file may have shrunk. */
static gint64
available_sectors (const SpExtent *extent)
{
  guint64 available = sp_source_query_available (extent->source);
  guint64 bytes;

  if (available <= extent->offset)
    return 0;
  bytes = available - extent->offset;
  /* An audio file's partial last frame is padded, so it counts. */
  if (sp_source_is_audio_file (extent->source))
    return (gint64) ((bytes + extent->sector_size - 1) / extent->sector_size);
  return (gint64) (bytes / extent->sector_size);
}

static void
run_item (SpVerify     *self,
          const WorkItem *item,
          guint8       *buffer,
          WorkerResult *result)
{
  SpTrack *track = sp_image_get_track (self->image, item->track_index);
  SpVerifyTrack *counts = &result->tracks[item->track_index];
  guint number = sp_track_get_number (track);
  gint64 offset = sp_track_get_address_offset (track);

  counts->sectors += item->count;

  switch (item->kind)
    {
    case ITEM_GENERATED:
      break;

    case ITEM_PRESENCE:
      {
        gint64 have = available_sectors (item->extent);
        gint64 first_missing = item->extent->start + MAX (0, MIN (have, (gint64) item->count));

        for (gint64 p = first_missing; p < item->position + item->count; p++)
          {
            record_bad (result, p, number, SP_SECTOR_ERROR_MISSING);
            counts->bad++;
            counts->missing++;
          }
      }
      break;

    case ITEM_CHECK:
      {
        gint64 p = item->position;
        guint left = item->count;

        while (left > 0)
          {
            g_autoptr(GError) error = NULL;
            guint got = 0;
            gboolean ok = sp_image_read_sectors (self->image, p, left, buffer, &got, &error);

            for (guint i = 0; i < got; i++)
              {
                SpSectorError errors = sp_sector_check (buffer + (gsize) i * SP_RAW_SECTOR_SIZE, p + i + offset);

                if (errors != SP_SECTOR_ERROR_NONE)
                  {
                    record_bad (result, p + i, number, errors);
                    counts->bad++;
                  }
              }
            counts->checked += got;
            p += got;
            left -= got;

            if (!ok)
              {
                if (!g_error_matches (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA))
                  {
                    set_error (self, g_steal_pointer (&error));
                    return;
                  }
                /* A short read is the end of the file: the rest of this
                 * item (all in one extent) is missing too. */
                for (; left > 0; left--, p++)
                  {
                    record_bad (result, p, number, SP_SECTOR_ERROR_MISSING);
                    counts->bad++;
                    counts->missing++;
                  }
              }
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gpointer
worker (gpointer data)
{
  SpVerify *self = data;
  WorkerResult *result = g_new0 (WorkerResult, 1);
  g_autofree guint8 *buffer = g_malloc ((gsize) CHUNK_SECTORS * SP_RAW_SECTOR_SIZE);

  result->bad = g_array_new (FALSE, FALSE, sizeof (SpBadSector));
  result->tracks = g_new0 (SpVerifyTrack, self->tracks->len);

  for (;;)
    {
      gint i = g_atomic_int_add (&self->next_item, 1);
      const WorkItem *item;

      if (i >= (gint) self->items->len)
        break;
      if (g_cancellable_is_cancelled (self->cancellable) || self->error != NULL)
        break;

      item = &g_array_index (self->items, WorkItem, i);
      run_item (self, item, buffer, result);
      sp_job_add_done (self->job, (guint64) item->count * SP_RAW_SECTOR_SIZE);
    }

  return result;
}

static gint
compare_bad (gconstpointer a,
             gconstpointer b)
{
  const SpBadSector *x = a, *y = b;

  return (x->position > y->position) - (x->position < y->position);
}

/**
 * sp_verify_run:
 *
 * Checks the whole image, blocking the calling thread, which works along
 * with the other workers. Bad sectors are results, not errors: @error is
 * only set when the check itself could not go on (a read error other than
 * missing data, or @cancellable).
 */
gboolean
sp_verify_run (SpVerify      *self,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new ();

  g_return_val_if_fail (SP_IS_VERIFY (self), FALSE);

  plan (self);
  self->cancellable = cancellable;
  g_clear_error (&self->error);
  g_array_set_size (self->bad, 0);
  self->bad_total = 0;
  self->sectors = 0;

  for (guint i = 1; i < self->n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("spindle-verify", worker, self));
  g_ptr_array_add (results, worker (self));
  for (guint i = 0; i < threads->len; i++)
    g_ptr_array_add (results, g_thread_join (g_ptr_array_index (threads, i)));

  for (guint r = 0; r < results->len; r++)
    {
      WorkerResult *result = g_ptr_array_index (results, r);

      g_array_append_vals (self->bad, result->bad->data, MIN (result->bad->len, MAX_LISTED - MIN (MAX_LISTED, self->bad->len)));
      self->bad_total += result->bad_total;
      for (guint t = 0; t < self->tracks->len; t++)
        {
          SpVerifyTrack *total = &g_array_index (self->tracks, SpVerifyTrack, t);

          total->sectors += result->tracks[t].sectors;
          total->checked += result->tracks[t].checked;
          total->bad += result->tracks[t].bad;
          total->missing += result->tracks[t].missing;
          self->sectors += result->tracks[t].sectors;
        }
      g_array_unref (result->bad);
      g_free (result->tracks);
      g_free (result);
    }
  g_array_sort (self->bad, compare_bad);
  self->cancellable = NULL;

  if (self->error)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (sp_verify_run (SP_VERIFY (source_object), cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  SpVerify *self = SP_VERIFY (object);
  GError *error = NULL;

  sp_job_stop (self->job);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

/**
 * sp_verify_run_async:
 *
 * Runs sp_verify_run() in a worker thread; the job's properties refresh on
 * the calling thread's main context meanwhile.
 */
void
sp_verify_run_async (SpVerify            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (SP_IS_VERIFY (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sp_verify_run_async);

  sp_job_start (self->job);
  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
sp_verify_run_finish (SpVerify      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gint64
sp_verify_get_sectors (SpVerify *self)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), 0);
  return self->sectors;
}

/* Bad sectors listed (at most a million), in disc order. */
guint
sp_verify_get_n_bad (SpVerify *self)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), 0);
  return self->bad->len;
}

const SpBadSector *
sp_verify_get_bad (SpVerify *self,
                   guint     i)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), NULL);
  g_return_val_if_fail (i < self->bad->len, NULL);
  return &g_array_index (self->bad, SpBadSector, i);
}

/* Bad sectors counted, listed or not. */
guint64
sp_verify_get_n_bad_total (SpVerify *self)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), 0);
  return self->bad_total;
}

guint
sp_verify_get_n_tracks (SpVerify *self)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), 0);
  return self->tracks->len;
}

const SpVerifyTrack *
sp_verify_get_track (SpVerify *self,
                     guint     i)
{
  g_return_val_if_fail (SP_IS_VERIFY (self), NULL);
  g_return_val_if_fail (i < self->tracks->len, NULL);
  return &g_array_index (self->tracks, SpVerifyTrack, i);
}
