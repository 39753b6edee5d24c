/* sp-checksum.c
 *
 * What a checksum covers, stated once:
 *
 *  - A track's checksum covers the track's bytes as its file stores them
 *    (the Redump convention: the checksum of "Game (Track 2).bin"): from
 *    its first stored sector (INDEX 00 when the file holds the pregap,
 *    else INDEX 01) to its last, with the sector size of the file (2352,
 *    2048 for an ISO, 2448 with subchannel...). Sectors that no file holds
 *    (a cue PREGAP or POSTGAP, a TOC SILENCE) are not in it. BINARY and
 *    MOTOROLA bytes are taken as stored (MOTOROLA audio is not swapped);
 *    a WAVE file contributes its data chunk (not its RIFF header); other
 *    audio files (FLAC, MP3...) their decoded 16-bit little-endian PCM.
 *    An audio file's partial last frame counts with the bytes it has.
 *    For a sheet of one file per track, this is exactly the checksum of
 *    each file (of each .wav's data chunk).
 *  - The image checksum covers the tracks' bytes one after the other, in
 *    disc order: for a sheet of BINARY files, the checksum of the files
 *    concatenated, which is the one BIN that `convert --to bin` writes;
 *    for an ISO, of the ISO file.
 *
 * One pass, every core: one thread reads the files in 1 MiB chunks, in
 * order, into a small pool of buffers; each chunk goes to every hashing
 * thread, and each of those runs some of the hash streams (CRC32, MD5 and
 * SHA-1 of the current track; MD5 and SHA-1 of the whole image). The
 * image's CRC32 needs no stream of its own: zlib combines the tracks'
 * CRCs. Memory is the buffer pool, whatever the size of the image.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "sp-checksum.h"
#include "sp-error.h"
#include "sp-image-private.h"

#define CHUNK_SIZE (1024 * 1024)
#define MAX_THREADS 16

typedef enum
{
  TASK_CRC32,
  TASK_MD5,
  TASK_SHA1,
  TASK_IMAGE_MD5,
  TASK_IMAGE_SHA1,
  N_TASKS
} TaskKind;

/* Relative cost of each stream per byte, for spreading them on threads. */
static const guint task_cost[N_TASKS] = { 1, 3, 4, 3, 4 };

typedef struct
{
  guint8 *data;
  gsize length;
  guint track;          /* index */
  gboolean track_end;   /* the last chunk of that track */
  gboolean stop;        /* no more chunks; @ok says whether all went well */
  gboolean ok;
  gint refs;
} Chunk;

typedef struct
{
  guint source_index;   /* into the plan's sources */
  SpSource *source;
  guint64 offset;
  guint64 length;
  gboolean may_be_short;
} Segment;

typedef struct
{
  SpChecksum *self;
  GAsyncQueue *queue;
  gboolean tasks[N_TASKS];
  GThread *thread;
} Hasher;

struct _SpChecksum
{
  GObject parent_instance;

  SpImage *image;
  SpJob *job;
  guint n_threads;

  /* During a run. */
  GAsyncQueue *free_chunks;
  GMutex result_lock;

  /* Results. */
  GArray *tracks;       /* SpChecksumResult */
  SpChecksumResult image_result;
  gboolean done;
};

G_DEFINE_FINAL_TYPE (SpChecksum, sp_checksum, G_TYPE_OBJECT)

static void
sp_checksum_finalize (GObject *object)
{
  SpChecksum *self = SP_CHECKSUM (object);

  g_clear_object (&self->image);
  g_clear_object (&self->job);
  g_clear_pointer (&self->tracks, g_array_unref);
  g_mutex_clear (&self->result_lock);

  G_OBJECT_CLASS (sp_checksum_parent_class)->finalize (object);
}

static void
sp_checksum_class_init (SpChecksumClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_checksum_finalize;
}

static void
sp_checksum_init (SpChecksum *self)
{
  g_mutex_init (&self->result_lock);
  self->n_threads = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
  self->tracks = g_array_new (FALSE, TRUE, sizeof (SpChecksumResult));
}

SpChecksum *
sp_checksum_new (SpImage *image)
{
  SpChecksum *self;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);

  self = g_object_new (SP_TYPE_CHECKSUM, NULL);
  self->image = g_object_ref (image);
  self->job = sp_job_new ("Checksum");
  return self;
}

/**
 * sp_checksum_get_image:
 *
 * Returns: (transfer none): the image
 */
SpImage *
sp_checksum_get_image (SpChecksum *self)
{
  g_return_val_if_fail (SP_IS_CHECKSUM (self), NULL);
  return self->image;
}

/**
 * sp_checksum_get_job:
 *
 * Returns: (transfer none): the progress of a run
 */
SpJob *
sp_checksum_get_job (SpChecksum *self)
{
  g_return_val_if_fail (SP_IS_CHECKSUM (self), NULL);
  return self->job;
}

/* Hashing threads (the reading thread comes on top). */
void
sp_checksum_set_threads (SpChecksum *self,
                         guint       n_threads)
{
  g_return_if_fail (SP_IS_CHECKSUM (self));
  self->n_threads = CLAMP (n_threads, 1, MAX_THREADS);
}

/* ---- Hashing ---- */

static void
chunk_release (SpChecksum *self,
               Chunk      *chunk)
{
  if (g_atomic_int_dec_and_test (&chunk->refs))
    {
      if (chunk->data)
        g_async_queue_push (self->free_chunks, chunk);
      else
        g_free (chunk);
    }
}

static void
store_track (SpChecksum   *self,
             guint         track,
             TaskKind      kind,
             GChecksum    *checksum,
             guint32       crc,
             guint64       size)
{
  SpChecksumResult *result;

  g_mutex_lock (&self->result_lock);
  result = &g_array_index (self->tracks, SpChecksumResult, track);
  switch (kind)
    {
    case TASK_CRC32:
      result->crc32 = crc;
      result->size = size;
      g_snprintf (result->crc32_hex, sizeof result->crc32_hex, "%08x", crc);
      break;
    case TASK_MD5:
      g_strlcpy (result->md5, g_checksum_get_string (checksum), sizeof result->md5);
      break;
    case TASK_SHA1:
      g_strlcpy (result->sha1, g_checksum_get_string (checksum), sizeof result->sha1);
      break;
    case TASK_IMAGE_MD5:
      g_strlcpy (self->image_result.md5, g_checksum_get_string (checksum), sizeof self->image_result.md5);
      break;
    case TASK_IMAGE_SHA1:
      g_strlcpy (self->image_result.sha1, g_checksum_get_string (checksum), sizeof self->image_result.sha1);
      break;
    default:
      g_assert_not_reached ();
    }
  g_mutex_unlock (&self->result_lock);
}

static gpointer
hasher_thread (gpointer data)
{
  Hasher *hasher = data;
  SpChecksum *self = hasher->self;
  GChecksum *streams[N_TASKS] = { NULL };
  guint32 crc = crc32_z (0, NULL, 0);
  guint64 track_size = 0;

  if (hasher->tasks[TASK_MD5])
    streams[TASK_MD5] = g_checksum_new (G_CHECKSUM_MD5);
  if (hasher->tasks[TASK_SHA1])
    streams[TASK_SHA1] = g_checksum_new (G_CHECKSUM_SHA1);
  if (hasher->tasks[TASK_IMAGE_MD5])
    streams[TASK_IMAGE_MD5] = g_checksum_new (G_CHECKSUM_MD5);
  if (hasher->tasks[TASK_IMAGE_SHA1])
    streams[TASK_IMAGE_SHA1] = g_checksum_new (G_CHECKSUM_SHA1);

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (hasher->queue);

      if (chunk->stop)
        {
          if (chunk->ok)
            for (TaskKind k = TASK_IMAGE_MD5; k <= TASK_IMAGE_SHA1; k++)
              if (streams[k])
                store_track (self, 0, k, streams[k], 0, 0);
          chunk_release (self, chunk);
          break;
        }

      if (chunk->length > 0)
        {
          if (hasher->tasks[TASK_CRC32])
            crc = crc32_z (crc, chunk->data, chunk->length);
          for (TaskKind k = TASK_MD5; k < N_TASKS; k++)
            if (streams[k])
              g_checksum_update (streams[k], chunk->data, (gssize) chunk->length);
          track_size += chunk->length;
        }

      if (chunk->track_end)
        {
          if (hasher->tasks[TASK_CRC32])
            store_track (self, chunk->track, TASK_CRC32, NULL, crc, track_size);
          for (TaskKind k = TASK_MD5; k <= TASK_SHA1; k++)
            if (streams[k])
              {
                store_track (self, chunk->track, k, streams[k], 0, 0);
                g_checksum_reset (streams[k]);
              }
          crc = crc32_z (0, NULL, 0);
          track_size = 0;
        }
      chunk_release (self, chunk);
    }

  for (TaskKind k = 0; k < N_TASKS; k++)
    g_clear_pointer (&streams[k], g_checksum_free);
  return NULL;
}

/* ---- Reading ---- */

/* The stored bytes of each track, in disc order. */
static GArray *
plan (SpChecksum *self,
      guint64    *total)
{
  GArray *tracks = g_array_new (FALSE, FALSE, sizeof (GArray *));
  guint n = sp_image_get_n_tracks (self->image);

  *total = 0;
  for (guint t = 0; t < n; t++)
    {
      SpTrack *track = sp_image_get_track (self->image, t);
      GArray *extents = _sp_track_get_extents (track);
      GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));

      for (guint e = 0; e < extents->len; e++)
        {
          const SpExtent *extent = &g_array_index (extents, SpExtent, e);
          Segment segment;

          if (extent->source == NULL || extent->length <= 0)
            continue;
          segment.source = extent->source;
          segment.source_index = 0;
          segment.offset = extent->offset;
          segment.length = (guint64) extent->length * extent->sector_size;
          segment.may_be_short = sp_source_is_audio_file (extent->source);

          /* Consecutive bytes of one file: one segment. */
          if (segments->len > 0)
            {
              Segment *last = &g_array_index (segments, Segment, segments->len - 1);

              if (last->source == segment.source && last->offset + last->length == segment.offset)
                {
                  last->length += segment.length;
                  *total += segment.length;
                  continue;
                }
            }
          g_array_append_val (segments, segment);
          *total += segment.length;
        }
      g_array_append_val (tracks, segments);
    }
  return tracks;
}

static void
free_plan (GArray *tracks)
{
  for (guint t = 0; t < tracks->len; t++)
    g_array_unref (g_array_index (tracks, GArray *, t));
  g_array_unref (tracks);
}

static void
send (GPtrArray *hashers,
      Chunk     *chunk)
{
  chunk->refs = (gint) hashers->len;
  for (guint h = 0; h < hashers->len; h++)
    g_async_queue_push (((Hasher *) g_ptr_array_index (hashers, h))->queue, chunk);
}

static gboolean
read_all (SpChecksum    *self,
          GArray        *tracks,
          GPtrArray     *hashers,
          GCancellable  *cancellable,
          GError       **error)
{
  for (guint t = 0; t < tracks->len; t++)
    {
      GArray *segments = g_array_index (tracks, GArray *, t);
      Chunk *chunk = g_async_queue_pop (self->free_chunks);

      chunk->length = 0;
      chunk->track = t;
      chunk->track_end = FALSE;
      chunk->stop = FALSE;

      for (guint s = 0; s < segments->len; s++)
        {
          const Segment *segment = &g_array_index (segments, Segment, s);
          guint64 done = 0;

          while (done < segment->length)
            {
              gsize want = (gsize) MIN ((guint64) (CHUNK_SIZE - chunk->length), segment->length - done);
              gssize got;

              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                {
                  g_async_queue_push (self->free_chunks, chunk);
                  return FALSE;
                }
              got = sp_source_read (segment->source, segment->offset + done, chunk->data + chunk->length, want, error);
              if (got < 0)
                {
                  g_async_queue_push (self->free_chunks, chunk);
                  return FALSE;
                }
              chunk->length += (gsize) got;
              done += (guint64) got;
              sp_job_add_done (self->job, (guint64) got);

              if ((gsize) got < want)
                {
                  /* The end of the file's data: an audio file's partial
                   * last frame counts as what it has; elsewhere bytes the
                   * layout needs are missing. */
                  if (!segment->may_be_short)
                    {
                      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
                                   "“%s” ends %" G_GUINT64_FORMAT " bytes before the end of track %02u",
                                   sp_source_get_display_name (segment->source), segment->length - done,
                                   sp_track_get_number (sp_image_get_track (self->image, t)));
                      g_async_queue_push (self->free_chunks, chunk);
                      return FALSE;
                    }
                  sp_job_add_done (self->job, segment->length - done);
                  break;
                }

              if (chunk->length == CHUNK_SIZE)
                {
                  send (hashers, chunk);
                  chunk = g_async_queue_pop (self->free_chunks);
                  chunk->length = 0;
                  chunk->track = t;
                  chunk->track_end = FALSE;
                  chunk->stop = FALSE;
                }
            }
        }

      chunk->track_end = TRUE;
      send (hashers, chunk);
    }
  return TRUE;
}

/**
 * sp_checksum_run:
 *
 * Computes the checksums (see the top of sp-checksum.c for what bytes
 * each covers), blocking the calling thread, which reads while the others
 * hash. Fails on a read error, on a file shorter than its sheet says, or
 * when cancelled.
 */
gboolean
sp_checksum_run (SpChecksum    *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GPtrArray) hashers = g_ptr_array_new ();
  guint n_tracks = sp_image_get_n_tracks (self->image);
  gboolean image_streams = n_tracks > 1;
  guint load[MAX_THREADS] = { 0 };
  TaskKind order[N_TASKS] = { TASK_SHA1, TASK_IMAGE_SHA1, TASK_MD5, TASK_IMAGE_MD5, TASK_CRC32 };
  guint n_tasks = image_streams ? 5 : 3;
  guint n_hashers = MIN (self->n_threads, n_tasks);
  GArray *tracks;
  guint64 total;
  gboolean ok;
  guint n_chunks;

  g_return_val_if_fail (SP_IS_CHECKSUM (self), FALSE);

  self->done = FALSE;
  g_array_set_size (self->tracks, 0);
  g_array_set_size (self->tracks, n_tracks);
  memset (&self->image_result, 0, sizeof self->image_result);
  for (guint t = 0; t < n_tracks; t++)
    g_array_index (self->tracks, SpChecksumResult, t).track = sp_track_get_number (sp_image_get_track (self->image, t));

  tracks = plan (self, &total);
  sp_job_set_total (self->job, total);

  for (guint h = 0; h < n_hashers; h++)
    {
      Hasher *hasher = g_new0 (Hasher, 1);

      hasher->self = self;
      hasher->queue = g_async_queue_new ();
      g_ptr_array_add (hashers, hasher);
    }
  /* Spread the streams, costliest first, on the least loaded thread. */
  for (guint i = 0, k = 0; i < N_TASKS; i++)
    {
      TaskKind kind = order[i];
      guint best = 0;

      if (!image_streams && (kind == TASK_IMAGE_MD5 || kind == TASK_IMAGE_SHA1))
        continue;
      for (guint h = 1; h < n_hashers; h++)
        if (load[h] < load[best])
          best = h;
      ((Hasher *) g_ptr_array_index (hashers, best))->tasks[kind] = TRUE;
      load[best] += task_cost[kind];
      k++;
    }

  /* Buffers enough for the fastest hasher to run ahead of the slowest
   * while the next chunk is read, few enough to stay in the cache. */
  n_chunks = 4 * n_hashers + 2;
  self->free_chunks = g_async_queue_new ();
  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *chunk = g_new0 (Chunk, 1);

      chunk->data = g_malloc (CHUNK_SIZE);
      g_async_queue_push (self->free_chunks, chunk);
    }

  for (guint h = 0; h < n_hashers; h++)
    {
      Hasher *hasher = g_ptr_array_index (hashers, h);
      hasher->thread = g_thread_new ("spindle-checksum", hasher_thread, hasher);
    }

  ok = read_all (self, tracks, hashers, cancellable, error);

  {
    Chunk *stop = g_new0 (Chunk, 1);

    stop->stop = TRUE;
    stop->ok = ok;
    send (hashers, stop);
  }
  for (guint h = 0; h < n_hashers; h++)
    {
      Hasher *hasher = g_ptr_array_index (hashers, h);

      g_thread_join (hasher->thread);
      g_async_queue_unref (hasher->queue);
      g_free (hasher);
    }

  /* Every buffer is back in the pool once the hashers are done. */
  for (guint i = 0; i < n_chunks; i++)
    {
      Chunk *chunk = g_async_queue_pop (self->free_chunks);

      g_free (chunk->data);
      g_free (chunk);
    }
  g_clear_pointer (&self->free_chunks, g_async_queue_unref);
  free_plan (tracks);

  if (!ok)
    return FALSE;

  /* The image: the tracks one after the other. */
  self->image_result.track = 0;
  self->image_result.crc32 = crc32_z (0, NULL, 0);
  for (guint t = 0; t < n_tracks; t++)
    {
      const SpChecksumResult *result = &g_array_index (self->tracks, SpChecksumResult, t);

      self->image_result.crc32 = crc32_combine (self->image_result.crc32, result->crc32, (z_off_t) result->size);
      self->image_result.size += result->size;
    }
  g_snprintf (self->image_result.crc32_hex, sizeof self->image_result.crc32_hex, "%08x", self->image_result.crc32);
  if (!image_streams && n_tracks == 1)
    {
      const SpChecksumResult *only = &g_array_index (self->tracks, SpChecksumResult, 0);

      memcpy (self->image_result.md5, only->md5, sizeof only->md5);
      memcpy (self->image_result.sha1, only->sha1, sizeof only->sha1);
    }
  else if (n_tracks == 0)
    {
      g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5, (const guchar *) "", 0);
      g_autofree char *sha1 = g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) "", 0);

      g_strlcpy (self->image_result.md5, md5, sizeof self->image_result.md5);
      g_strlcpy (self->image_result.sha1, sha1, sizeof self->image_result.sha1);
    }
  self->done = TRUE;
  return TRUE;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (sp_checksum_run (SP_CHECKSUM (source_object), cancellable, &error))
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
  SpChecksum *self = SP_CHECKSUM (object);
  GError *error = NULL;

  sp_job_stop (self->job);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, error);
}

/**
 * sp_checksum_run_async:
 *
 * Runs sp_checksum_run() in a worker thread; the job's properties refresh
 * on the calling thread's main context meanwhile.
 */
void
sp_checksum_run_async (SpChecksum          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *outer;

  g_return_if_fail (SP_IS_CHECKSUM (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sp_checksum_run_async);
  sp_job_start (self->job);
  inner = g_task_new (self, cancellable, run_done, outer);
  g_task_run_in_thread (inner, run_thread);
}

gboolean
sp_checksum_run_finish (SpChecksum    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tracks checksummed by the last run that succeeded (0 before). */
guint
sp_checksum_get_n_tracks (SpChecksum *self)
{
  g_return_val_if_fail (SP_IS_CHECKSUM (self), 0);
  return self->done ? self->tracks->len : 0;
}

const SpChecksumResult *
sp_checksum_get_track (SpChecksum *self,
                       guint       i)
{
  g_return_val_if_fail (SP_IS_CHECKSUM (self), NULL);
  g_return_val_if_fail (self->done && i < self->tracks->len, NULL);
  return &g_array_index (self->tracks, SpChecksumResult, i);
}

/**
 * sp_checksum_get_image_result:
 *
 * Returns: the checksums of the whole image (track 0), or %NULL before a
 *   run succeeded
 */
const SpChecksumResult *
sp_checksum_get_image_result (SpChecksum *self)
{
  g_return_val_if_fail (SP_IS_CHECKSUM (self), NULL);
  return self->done ? &self->image_result : NULL;
}
