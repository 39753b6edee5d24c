/* sp-user-data.c
 *
 * What a file system and an ISO need of a data sector is its user data:
 * 2048 bytes after the 16-byte sync and header of a Mode 1 sector, after
 * the 8-byte subheader of a Mode 2 Form 1 sector. These are read here from
 * the stored bytes directly, without building a raw 2352-byte sector first
 * (sp_image_read_sectors() would compute EDC and ECC for each sector of an
 * ISO only for us to drop them), so an ISO is copied byte for byte at the
 * speed of the disk.
 *
 * Where the user data sits is decided by the track's mode, as bchunk and
 * cdrdao decide it, not by each sector's mode byte: a damaged header does
 * not move the data. A Form 2 sector holds 2324 bytes; read as 2048-byte
 * blocks, its first 2048 are taken (bchunk does the same) and counted so the
 * caller can say so.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-user-data-private.h"

/* Sectors read per pread() when the user data must be picked out. */
#define CHUNK_SECTORS 64

/**
 * _sp_user_data_offset:
 *
 * Returns: where the user data starts in a sector of @mode stored in
 *   @sector_size bytes, or G_MAXUINT for audio
 */
guint
_sp_user_data_offset (SpTrackMode mode,
                      guint       sector_size)
{
  if (sp_track_mode_is_audio (mode))
    return G_MAXUINT;

  switch (sector_size)
    {
    case 2048:
    case 2324:
      return 0;
    case 2336:
      return 8;
    default:
      /* Raw, with or without subchannel after it. */
      return sp_track_mode_get_sector_mode (mode) == 1 ? 16 : 24;
    }
}

static gboolean
is_form2 (const guint8 *stored,
          guint         sector_size,
          SpTrackMode   mode)
{
  if (sector_size == 2324)
    return TRUE;
  if (sector_size == 2336)
    return (stored[2] & 0x20) != 0;
  if (sector_size >= 2352 && sp_track_mode_get_sector_mode (mode) == 2)
    return (stored[18] & 0x20) != 0;
  return FALSE;
}

static gboolean
missing (GError        **error,
         gint64          position,
         const SpExtent *extent)
{
  g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA,
               "sector %" G_GINT64_FORMAT " is not in “%s”: the file ends before it",
               position, sp_source_get_display_name (extent->source));
  return FALSE;
}

static gboolean
read_extent (const SpExtent *extent,
             gint64          position,
             guint           count,
             guint           block_size,
             guint8         *out,
             guint          *n_read,
             guint          *n_form2,
             GError        **error)
{
  SpTrackMode mode = sp_track_get_mode (extent->track);
  guint size = extent->sector_size;
  guint skip = _sp_user_data_offset (mode, size);
  guint64 offset = extent->offset + (guint64) (position - extent->start) * size;
  g_autofree guint8 *scratch = NULL;
  guint done = 0;

  *n_read = 0;

  if (skip == G_MAXUINT)
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "sector %" G_GINT64_FORMAT " is in audio track %02u, which holds no user data",
                   position, sp_track_get_number (extent->track));
      return FALSE;
    }
  if (block_size == SP_FORM2_DATA_SIZE && (size == 2048 || sp_track_mode_get_sector_mode (mode) == 1))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_UNSUPPORTED,
                   "sector %" G_GINT64_FORMAT " holds 2048 bytes of user data, not a Form 2 sector's 2324",
                   position);
      return FALSE;
    }

  if (extent->source == NULL)
    {
      memset (out, 0, (gsize) count * block_size);
      *n_read = count;
      return TRUE;
    }

  /* Stored as exactly the user data: straight into the output. */
  if (skip == 0 && size == block_size)
    {
      gsize want = (gsize) count * size;
      gssize got = sp_source_read (extent->source, offset, out, want, error);

      if (got < 0)
        return FALSE;
      *n_read = (guint) ((gsize) got / size);
      if (size == SP_FORM2_DATA_SIZE && n_form2)
        *n_form2 += *n_read;
      if ((gsize) got < want)
        return missing (error, position + *n_read, extent);
      return TRUE;
    }

  scratch = g_malloc ((gsize) MIN (count, CHUNK_SECTORS) * size);
  while (done < count)
    {
      guint n = MIN (count - done, CHUNK_SECTORS);
      gsize want = (gsize) n * size;
      gssize got = sp_source_read (extent->source, offset + (guint64) done * size, scratch, want, error);
      guint whole;

      if (got < 0)
        return FALSE;
      whole = (guint) ((gsize) got / size);
      for (guint i = 0; i < whole; i++)
        {
          const guint8 *stored = scratch + (gsize) i * size;
          guint8 *dest = out + (gsize) (done + i) * block_size;
          guint avail = size - skip;

          if (n_form2 && is_form2 (stored, size, mode))
            (*n_form2)++;
          memcpy (dest, stored + skip, MIN (avail, block_size));
          if (avail < block_size)
            memset (dest + avail, 0, block_size - avail);
        }
      done += whole;
      *n_read = done;
      if (whole < n)
        return missing (error, position + done, extent);
    }
  return TRUE;
}

/**
 * _sp_image_read_user_data:
 * @block_size: %SP_USER_DATA_SIZE, or %SP_FORM2_DATA_SIZE for the whole
 *   user data of Form 2 sectors
 * @out: room for @count × @block_size bytes
 * @n_read: (out) (optional): sectors read before an error stopped the read
 * @n_form2: (inout) (optional): incremented for each Form 2 sector read
 *
 * Reads the user data of @count data sectors from @position on, whatever
 * their tracks store: 2048, 2324, 2336, 2352 or 2448 bytes a sector.
 * Sectors no file holds (a generated pregap) read as zeros, which is the
 * user data of an empty sector.
 */
gboolean
_sp_image_read_user_data (SpImage  *image,
                          gint64    position,
                          guint     count,
                          guint     block_size,
                          guint8   *out,
                          guint    *n_read,
                          guint    *n_form2,
                          GError  **error)
{
  GPtrArray *extents = _sp_image_get_extents (image);
  guint done = 0;
  guint i;

  g_return_val_if_fail (block_size == SP_USER_DATA_SIZE || block_size == SP_FORM2_DATA_SIZE, FALSE);

  if (n_read)
    *n_read = 0;
  if (count == 0)
    return TRUE;
  if (position < 0 || position + count > sp_image_get_leadout (image))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_OUT_OF_RANGE,
                   "sectors %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT " are outside the disc (0–%" G_GINT64_FORMAT ")",
                   position, position + count - 1, sp_image_get_leadout (image) - 1);
      return FALSE;
    }

  i = _sp_image_find_extent (image, position);
  while (done < count)
    {
      const SpExtent *extent = g_ptr_array_index (extents, i);
      gint64 pos = position + done;
      guint n = (guint) MIN ((gint64) (count - done), extent->start + extent->length - pos);
      guint got = 0;
      gboolean ok;

      ok = read_extent (extent, pos, n, block_size, out + (gsize) done * block_size, &got, n_form2, error);
      done += got;
      if (n_read)
        *n_read = done;
      if (!ok)
        return FALSE;
      i++;
    }
  return TRUE;
}
