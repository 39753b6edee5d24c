/* sp-burn-readback.c
 *
 * Verify after burn: every sector of the written disc is read back and
 * compared with what the image says the disc holds: the 2048 bytes of user
 * data of a data sector (the drive made its sync, header, EDC and ECC, and
 * reading gives the user data back), the 2352 bytes of an audio frame.
 *
 * An image file written through libburn's stdio: pseudo-drive is read as a
 * file: it holds the data track's user data, 2048 bytes per sector, and
 * nothing else. A disc is read through libburn, with burn_read_data() for
 * data and burn_read_audio() for audio, a few sectors per call with the
 * burn lock held only for the call. Unreadable sectors count as
 * mismatches; the read goes on after them.
 *
 * Mode 2 and CD-i sectors cannot be read back through libburn (it reads
 * Mode 1 user data and CD-DA only): they are read whole, 2352 bytes with
 * sync, header, subheader, data and EDC/ECC, by READ CD through libcdio's
 * MMC layer, after libburn has let go of the drive, and compared byte for
 * byte with the image's raw sectors. So are the Mode 1 sectors of a disc
 * cdrdao wrote: it may have written them raw, with the image's own EDC/ECC.
 *
 * Audio is compared frame by frame at the addresses the image gives. Real
 * drives read audio with an offset of a few samples (libburn.h,
 * burn_read_audio: "audio data do not have exact block addressing"), so on
 * such a drive an audio verify reports mismatches; the emulated recorder
 * of the tests reads exactly.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cdio/cdio.h>
#include <cdio/mmc.h>
#include <cdio/mmc_ll_cmds.h>

#include "sp-burn-private.h"
#include "sp-burn-readback.h"

#define CHUNK 32

static void
add_mismatch (GArray  *mismatches,
              guint64 *n,
              gint64   position,
              guint    track,
              gint     offset)
{
  SpBurnMismatch mismatch = { position, track, offset };

  (*n)++;
  if (mismatches->len < SP_BURN_READBACK_MAX_LISTED)
    g_array_append_val (mismatches, mismatch);
}

/* The first differing byte, or -1 when equal. */
static gint
first_difference (const guint8 *a,
                  const guint8 *b,
                  gsize         length)
{
  if (memcmp (a, b, length) == 0)
    return -1;
  for (gsize i = 0; i < length; i++)
    if (a[i] != b[i])
      return (gint) i;
  return -1;
}

static gboolean
read_file (SpImage       *image,
           const char    *path,
           SpJob         *progress,
           GCancellable  *cancellable,
           GArray        *mismatches,
           guint64       *n_mismatches,
           GError       **error)
{
  gint64 leadout = sp_image_get_leadout (image);
  g_autofree guint8 *raw = g_malloc ((gsize) CHUNK * 2352);
  g_autofree guint8 *disc = g_malloc ((gsize) CHUNK * 2048);
  SpTrack *track = sp_image_get_track (image, 0);
  guint number = sp_track_get_number (track);
  gint64 position = 0;
  struct stat st;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_VERIFY, _("Cannot read “%s” back: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    memset (&st, 0, sizeof st);

  while (position < leadout)
    {
      guint count = (guint) MIN ((gint64) CHUNK, leadout - position);
      g_autoptr(GError) local_error = NULL;
      ssize_t got;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }
      if (!sp_image_read_sectors (image, position, count, raw, NULL, &local_error))
        {
          close (fd);
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE, _("The image could not be read: %s"),
                       local_error->message);
          return FALSE;
        }
      got = pread (fd, disc, (gsize) count * 2048, (off_t) position * 2048);
      if (got < 0)
        got = 0;
      for (guint i = 0; i < count; i++)
        {
          if ((gsize) got < (gsize) (i + 1) * 2048)
            add_mismatch (mismatches, n_mismatches, position + i, number, -1);
          else
            {
              gint offset = first_difference (disc + (gsize) i * 2048, raw + (gsize) i * 2352 + 16, 2048);

              if (offset >= 0)
                add_mismatch (mismatches, n_mismatches, position + i, number, offset);
            }
        }
      sp_job_add_done (progress, (guint64) count * 2048);
      position += count;
    }
  close (fd);

  /* A block device (stdio:/dev/sdX) is larger than what was written. */
  if (S_ISREG (st.st_mode) && st.st_size > (off_t) leadout * 2048)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_VERIFY,
                   _("“%s” holds %" PRId64 " bytes after the image's last sector"), path,
                   (gint64) (st.st_size - (off_t) leadout * 2048));
      return FALSE;
    }
  return TRUE;
}

/* How one track's sectors come off the disc, through @reader: @count
 * sectors at @lba into @buffer, and in @ok which of them could be read.
 * compare_track() matches them with the image's raw sectors. */
typedef void (*ReadSectors) (gpointer  reader,
                             gboolean  audio,
                             gint64    lba,
                             guint     count,
                             guint8   *buffer,
                             gboolean *ok);

/* A ReadSectors through libburn (@reader: its struct burn_drive): Mode 1
 * user data or CD-DA of one kind; unreadable sectors are retried one by one
 * so that only they are reported. */
static void
read_disc_sectors (gpointer  reader,
                   gboolean  audio,
                   gint64    lba,
                   guint     count,
                   guint8   *buffer,
                   gboolean *ok)
{
  struct burn_drive *drive = reader;
  gsize size = audio ? 2352 : 2048;
  off_t got = 0;
  int ret;

  /* bit1: no message for a read error, bit2: no retry of its own. */
  sp_burn_lock ();
  if (audio)
    ret = burn_read_audio (drive, (int) lba, (char *) buffer, (off_t) (count * size), &got, 2 | 4);
  else
    ret = burn_read_data (drive, (off_t) lba * 2048, (char *) buffer, (off_t) (count * size), &got, 2 | 4);
  sp_burn_unlock ();

  if (ret > 0)
    {
      for (guint i = 0; i < count; i++)
        ok[i] = TRUE;
      return;
    }
  for (guint i = 0; i < count; i++)
    {
      got = 0;
      sp_burn_lock ();
      if (audio)
        ret = burn_read_audio (drive, (int) (lba + i), (char *) buffer + i * size, (off_t) size, &got, 2 | 4);
      else
        ret = burn_read_data (drive, (off_t) (lba + i) * 2048, (char *) buffer + i * size, (off_t) size, &got, 2 | 4);
      sp_burn_unlock ();
      ok[i] = ret > 0;
    }
}

/* A data track read whole by READ CD: one libburn cannot read back
 * (anything but Mode 1), or any data track of a disc cdrdao wrote
 * (@whole_data), whose Mode 1 sectors may have been written raw with the
 * image's own EDC/ECC: comparing their user data alone would miss those. */
static gboolean
needs_raw_read (SpTrack  *track,
                gboolean  whole_data)
{
  SpTrackMode mode = sp_track_get_mode (track);

  if (sp_track_is_audio (track))
    return FALSE;
  return whole_data || (mode != SP_TRACK_MODE_MODE1_2048 && mode != SP_TRACK_MODE_MODE1_2352);
}

/**
 * sp_burn_readback_sector_size:
 * @whole_data: as for sp_burn_readback()
 *
 * Returns: the bytes per sector that reading @track back compares (2352
 *   for audio and for data read whole, 2048 for Mode 1 user data), which is
 *   what the progress counts
 */
guint
sp_burn_readback_sector_size (SpTrack  *track,
                              gboolean  whole_data)
{
  return sp_track_is_audio (track) || needs_raw_read (track, whole_data) ? 2352 : 2048;
}

/* A ReadSectors through libcdio (@reader: its CdIo_t): whole 2352-byte
 * sectors by READ CD (any sector type; sync, all headers, user data,
 * EDC/ECC), in one command, else one by one as for libburn. */
static void
read_raw_sectors (gpointer  reader,
                  gboolean  audio,
                  gint64    lba,
                  guint     count,
                  guint8   *buffer,
                  gboolean *ok)
{
  CdIo_t *cdio = reader;

  if (mmc_read_cd (cdio, buffer, (lsn_t) lba, CDIO_MMC_READ_TYPE_ANY, false, true, 3, true, true, 0, 0,
                   2352, count) == DRIVER_OP_SUCCESS)
    {
      for (guint i = 0; i < count; i++)
        ok[i] = TRUE;
      return;
    }
  for (guint i = 0; i < count; i++)
    ok[i] = mmc_read_cd (cdio, buffer + (gsize) i * 2352, (lsn_t) (lba + i), CDIO_MMC_READ_TYPE_ANY, false, true,
                         3, true, true, 0, 0, 2352, 1) == DRIVER_OP_SUCCESS;
}

static gint
compare_mismatches (gconstpointer a,
                    gconstpointer b)
{
  const SpBurnMismatch *x = a, *y = b;

  return (x->position > y->position) - (x->position < y->position);
}

/* Compares one track of the disc with the image, sector by sector: each
 * sector as sp_burn_readback_sector_size() says it is read (Mode 1 user
 * data matches the image's raw sector from byte 16). */
static gboolean
compare_track (SpImage       *image,
               guint          t,
               gboolean       whole_data,
               ReadSectors    read,
               gpointer       reader,
               SpJob         *progress,
               GCancellable  *cancellable,
               GArray        *mismatches,
               guint64       *n_mismatches,
               GError       **error)
{
  g_autofree guint8 *raw = g_malloc ((gsize) CHUNK * 2352);
  g_autofree guint8 *disc = g_malloc ((gsize) CHUNK * 2352);
  gboolean ok[CHUNK];
  SpTrack *track = sp_image_get_track (image, t);
  gsize size = sp_burn_readback_sector_size (track, whole_data);
  gsize skip = size == 2048 ? 16 : 0;
  gint64 position = sp_track_get_first (track);
  gint64 end = position + sp_track_get_span (track);

  while (position < end)
    {
      guint count = (guint) MIN ((gint64) CHUNK, end - position);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!sp_image_read_sectors (image, position, count, raw, NULL, &local_error))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE, _("The image could not be read: %s"),
                       local_error->message);
          return FALSE;
        }
      read (reader, sp_track_is_audio (track), sp_image_get_address (image, position), count, disc, ok);
      for (guint i = 0; i < count; i++)
        {
          gint offset;

          if (!ok[i])
            {
              add_mismatch (mismatches, n_mismatches, position + i, sp_track_get_number (track), -1);
              continue;
            }
          offset = first_difference (disc + i * size, raw + (gsize) i * 2352 + skip, size);
          if (offset >= 0)
            add_mismatch (mismatches, n_mismatches, position + i, sp_track_get_number (track), offset);
        }
      sp_job_add_done (progress, (guint64) count * size);
      position += count;
    }
  return TRUE;
}

static gboolean
read_disc (SpImage       *image,
           const char    *address,
           gboolean       whole_data,
           SpJob         *progress,
           GCancellable  *cancellable,
           GArray        *mismatches,
           guint64       *n_mismatches,
           GError       **error)
{
  struct burn_drive_info *info = NULL;
  const char *device = address + (g_str_has_prefix (address, "mmc:") ? 4 : 0);
  gboolean result = TRUE;
  gboolean any_raw = FALSE;
  CdIo_t *cdio;

  sp_burn_lock ();
  if (!sp_burn_drive_open (address, TRUE, &info, error))
    {
      sp_burn_unlock ();
      return FALSE;
    }
  sp_burn_unlock ();

  for (guint t = 0; t < sp_image_get_n_tracks (image) && result; t++)
    {
      if (needs_raw_read (sp_image_get_track (image, t), whole_data))
        any_raw = TRUE;
      else
        result = compare_track (image, t, whole_data, read_disc_sectors, info->drive, progress, cancellable,
                                mismatches, n_mismatches, error);
    }

  sp_burn_lock ();
  sp_burn_drive_close (info, FALSE);
  sp_burn_unlock ();

  if (result && any_raw)
    {
      /* Only libcdio's Linux driver speaks MMC to a device node. */
      cdio = cdio_open_am_linux (device, "MMC_RDWR");
      if (cdio == NULL)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_DRIVE,
                       _("%s could not be opened to read its sectors back whole"), device);
          return FALSE;
        }
      for (guint t = 0; t < sp_image_get_n_tracks (image) && result; t++)
        if (needs_raw_read (sp_image_get_track (image, t), whole_data))
          result = compare_track (image, t, whole_data, read_raw_sectors, cdio, progress, cancellable,
                                  mismatches, n_mismatches, error);
      cdio_destroy (cdio);
    }
  g_array_sort (mismatches, compare_mismatches);
  return result;
}

/**
 * sp_burn_readback:
 * @mismatches: (element-type SpBurnMismatch): gets the first
 *   %SP_BURN_READBACK_MAX_LISTED mismatches
 * @n_mismatches: (out): how many sectors differ or could not be read
 *
 * Reads what was written at @address and compares it with @image. Blocks:
 * run it in a thread.
 *
 * Returns: %FALSE if reading could not be done at all (the mismatches are
 *   not an error here)
 */
gboolean
sp_burn_readback (SpImage       *image,
                  const char    *address,
                  gboolean       whole_data,
                  SpJob         *progress,
                  GCancellable  *cancellable,
                  GArray        *mismatches,
                  guint64       *n_mismatches,
                  GError       **error)
{
  *n_mismatches = 0;
  if (sp_burn_address_is_file (address))
    return read_file (image, address + strlen ("stdio:"), progress, cancellable, mismatches, n_mismatches, error);
  return read_disc (image, address, whole_data, progress, cancellable, mismatches, n_mismatches, error);
}
