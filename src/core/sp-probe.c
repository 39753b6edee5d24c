/* sp-probe.c
 *
 * A lone BIN has no sheet to say what it holds, so we look: raw sectors
 * start with the 12-byte sync pattern every 2352 (or 2448, with
 * subchannel) bytes and carry their mode in the header; user-data-only
 * images show the ISO 9660 volume descriptor "\1CD001" at sector 16, at
 * an offset that gives away the sector size. What was guessed is always
 * reported, as a guess can be wrong (a mixed-mode disc ripped to one BIN
 * without its sheet loses its track list for good).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include <string.h>

#include "sp-error.h"
#include "sp-image-private.h"
#include "sp-msf.h"
#include "sp-probe.h"

static const guint8 sync_pattern[12] = {
  0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00
};

gboolean
sp_probe_read_head (GFile         *file,
                    guint8       **head,
                    gsize         *length,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *buffer = g_malloc (SP_PROBE_HEAD_SIZE);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, SP_PROBE_HEAD_SIZE, length,
                                cancellable, error))
    return FALSE;

  *head = g_steal_pointer (&buffer);
  return TRUE;
}

static gboolean
has_sync_at (const guint8 *head,
             gsize         length,
             gsize         offset)
{
  return offset + sizeof sync_pattern <= length &&
         memcmp (head + offset, sync_pattern, sizeof sync_pattern) == 0;
}

static gboolean
has_volume_descriptor_at (const guint8 *head,
                          gsize         length,
                          gsize         offset)
{
  /* ISO 9660 primary descriptor, or a UDF volume recognition sequence. */
  return offset + 6 <= length &&
         ((head[offset] == 0x01 && memcmp (head + offset + 1, "CD001", 5) == 0) ||
          (head[offset] == 0x00 && (memcmp (head + offset + 1, "BEA01", 5) == 0 ||
                                    memcmp (head + offset + 1, "NSR02", 5) == 0 ||
                                    memcmp (head + offset + 1, "NSR03", 5) == 0)));
}

/* The header mode byte of the first raw sector that has one (pregap
 * sectors of mode 0 are skipped). */
static guint
raw_mode (const guint8 *head,
          gsize         length,
          guint         sector_size)
{
  for (gsize offset = 0; offset + 16 <= length; offset += sector_size)
    {
      if (has_sync_at (head, length, offset) && (head[offset + 15] == 1 || head[offset + 15] == 2))
        return head[offset + 15];
    }
  return 0;
}

/**
 * sp_probe_bin:
 * @head: the first bytes of the file
 * @size: the file's size
 *
 * Returns: whether the sector size could be told from the data; when not,
 *   @guess is filled with the audio fallback
 */
gboolean
sp_probe_bin (const guint8 *head,
              gsize         length,
              guint64       size,
              SpBinGuess   *guess)
{
  static const guint raw_sizes[] = { 2352, 2448 };

  for (guint i = 0; i < G_N_ELEMENTS (raw_sizes); i++)
    {
      guint sector_size = raw_sizes[i];
      guint hits = 0, checked = 0;

      for (guint s = 0; s < 16 && (gsize) (s + 1) * sector_size <= length; s++)
        {
          checked++;
          if (has_sync_at (head, length, (gsize) s * sector_size))
            hits++;
        }
      /* Less than one sector: nothing to compare with; a sync pattern still
       * says "raw", and the caller reports it too short. */
      if (checked == 0 && has_sync_at (head, length, 0) && (size % sector_size == 0 || i == 0))
        hits = checked = 1;

      if (hits > 0 && hits * 2 >= checked)
        {
          guint mode = raw_mode (head, length, sector_size);

          guess->sector_size = sector_size;
          guess->mode = mode == 1 ? SP_TRACK_MODE_MODE1_2352 : SP_TRACK_MODE_MODE2_2352;
          guess->evidence = "sync patterns";
          if (mode == 0)
            guess->evidence = "sync patterns; no sector header names a mode, Mode 2 assumed";
          return TRUE;
        }
    }

  if (has_volume_descriptor_at (head, length, 16 * 2048))
    {
      guess->sector_size = 2048;
      guess->mode = SP_TRACK_MODE_MODE1_2048;
      guess->evidence = "an ISO 9660 or UDF volume descriptor at 2048-byte sector 16";
      return TRUE;
    }
  if (has_volume_descriptor_at (head, length, 16 * 2336 + 8))
    {
      guess->sector_size = 2336;
      guess->mode = SP_TRACK_MODE_MODE2_2336;
      guess->evidence = "an ISO 9660 volume descriptor at 2336-byte sector 16";
      return TRUE;
    }

  guess->sector_size = 2352;
  guess->mode = SP_TRACK_MODE_AUDIO;
  guess->evidence = "no sync pattern and no ISO 9660 volume descriptor: audio assumed";
  return FALSE;
}

static gboolean
looks_like_text (const guint8 *head,
                 gsize         length)
{
  gsize n = MIN (length, (gsize) 4096);

  /* UTF-16 sheets have NULs but a byte order mark. */
  if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
    return TRUE;
  return memchr (head, '\0', n) == NULL;
}

static guint
count_words (const char  *text,
             const char **words)
{
  guint count = 0;

  for (guint i = 0; words[i]; i++)
    if (strstr (text, words[i]))
      count++;
  return count;
}

gboolean
sp_probe_format (const char    *name,
                 const guint8  *head,
                 gsize          length,
                 guint64        size,
                 SpImageFormat *format)
{
  static const char *bin_suffixes[] = { ".bin", ".img", ".raw", NULL };
  static const char *cue_words[] = { "FILE", "INDEX", "BINARY", "WAVE", NULL };
  static const char *toc_words[] = { "CD_DA", "CD_ROM", "DATAFILE", "AUDIOFILE", "SILENCE", "MODE1_RAW", "MODE2_RAW", NULL };
  g_autofree char *lower = g_ascii_strdown (name, -1);
  SpBinGuess guess;

  if (g_str_has_suffix (lower, ".cue"))
    {
      *format = SP_IMAGE_FORMAT_CUE;
      return TRUE;
    }
  if (g_str_has_suffix (lower, ".toc"))
    {
      *format = SP_IMAGE_FORMAT_TOC;
      return TRUE;
    }
  if (g_str_has_suffix (lower, ".iso"))
    {
      *format = SP_IMAGE_FORMAT_ISO;
      return TRUE;
    }
  for (guint i = 0; bin_suffixes[i]; i++)
    if (g_str_has_suffix (lower, bin_suffixes[i]))
      {
        *format = SP_IMAGE_FORMAT_BIN;
        return TRUE;
      }

  /* No telling name: look at the content. */
  if (length > 0 && looks_like_text (head, length))
    {
      g_autofree char *text = g_ascii_strup ((const char *) head, (gssize) MIN (length, (gsize) 4096));
      guint cue = count_words (text, cue_words);
      guint toc = count_words (text, toc_words);

      if (strstr (text, "TRACK") && (cue > 0 || toc > 0))
        {
          *format = toc > cue ? SP_IMAGE_FORMAT_TOC : SP_IMAGE_FORMAT_CUE;
          return TRUE;
        }
      return FALSE;
    }

  if (sp_probe_bin (head, length, size, &guess))
    {
      *format = guess.sector_size == 2048 ? SP_IMAGE_FORMAT_ISO : SP_IMAGE_FORMAT_BIN;
      return TRUE;
    }
  return FALSE;
}

static SpSource *
open_self_source (SpImage  *image,
                  GError  **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SpSource) source = sp_source_new (_sp_image_get_sheet_name (image), SP_SOURCE_BINARY, 0);
  g_autoptr(GError) local_error = NULL;

  if (!sp_source_open (source, sp_image_get_file (image), SP_SOURCE_RESOLVED_EXACT, NULL, &local_error))
    {
      g_set_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_IO, "%s: %s",
                   _sp_image_get_sheet_name (image), local_error->message);
      return NULL;
    }
  _sp_image_add_source (image, source);
  return g_steal_pointer (&source);
}

static gboolean
add_single_track (SpImage     *image,
                  SpSource    *source,
                  SpTrackMode  mode,
                  guint        sector_size)
{
  g_autoptr(SpTrack) track = _sp_track_new (1, mode, 0);
  guint64 size = sp_source_get_data_size (source);
  gint64 frames = (gint64) (size / sector_size);
  guint64 partial = size % sector_size;

  if (partial != 0)
    {
      if (sp_track_mode_is_audio (mode))
        {
          _sp_image_warn (image, 0, "it ends with a partial sector (%" G_GUINT64_FORMAT " of %u bytes); it is padded with silence",
                          partial, sector_size);
          frames++;
        }
      else
        _sp_image_warn (image, 0, "it is not a whole number of %u-byte sectors; its last %" G_GUINT64_FORMAT " bytes are ignored",
                        sector_size, partial);
    }
  if (frames == 0)
    return FALSE;

  _sp_track_set_mode (track, mode, sector_size);
  _sp_track_add_extent (track, source, 0, sector_size, frames, FALSE);
  _sp_track_add_index (track, 1, 0);
  _sp_image_add_track (image, track);
  return TRUE;
}

static void
note_sheet_beside (SpImage *image)
{
  GFile *file = sp_image_get_file (image);
  g_autofree char *base = g_file_get_basename (file);
  char *dot = strrchr (base, '.');
  static const char *sheets[] = { ".cue", ".CUE", ".toc", ".TOC", NULL };

  if (dot)
    *dot = '\0';

  for (guint i = 0; sheets[i]; i++)
    {
      g_autofree char *name = g_strconcat (base, sheets[i], NULL);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autoptr(GFile) sheet = parent ? g_file_get_child (parent, name) : NULL;

      if (sheet && g_file_query_exists (sheet, NULL))
        {
          _sp_image_warn (image, 0, "the sheet “%s” is beside it; open that for the disc's full track list", name);
          return;
        }
    }
}

static gboolean
load_with_guess (SpImage  *image,
                 gboolean  from_iso,
                 GError  **error)
{
  g_autoptr(SpSource) source = NULL;
  g_autofree guint8 *head = g_malloc (SP_PROBE_HEAD_SIZE);
  gssize n;
  SpBinGuess guess;
  gboolean sure;

  source = open_self_source (image, error);
  if (source == NULL)
    return FALSE;

  n = sp_source_read (source, 0, head, SP_PROBE_HEAD_SIZE, error);
  if (n < 0)
    return FALSE;

  sure = sp_probe_bin (head, (gsize) n, sp_source_get_data_size (source), &guess);

  if (from_iso)
    {
      if (guess.sector_size == 2048)
        ;
      else if (sure)
        _sp_image_warn (image, 0, "it is named like an ISO, but holds %u-byte sectors (%s)",
                        guess.sector_size, guess.evidence);
      else
        {
          /* An ISO is 2048-byte sectors by definition; say when it lacks a
           * file system rather than calling it audio. */
          _sp_image_warn (image, 0, "no ISO 9660 or UDF volume descriptor at sector 16");
          guess.sector_size = 2048;
          guess.mode = SP_TRACK_MODE_MODE1_2048;
        }
    }
  else
    {
      /* No sheet: say what was guessed, whatever it was. */
      _sp_image_warn (image, 0, "no cue sheet: one %s track of %u-byte sectors, from %s",
                      sp_track_mode_to_string (guess.mode), guess.sector_size, guess.evidence);
      note_sheet_beside (image);
    }

  if (!add_single_track (image, source, guess.mode, guess.sector_size))
    return _sp_image_fail (image, error, 0, "it holds less than one %u-byte sector", guess.sector_size);
  return TRUE;
}

gboolean
_sp_probe_load_iso (SpImage  *image,
                    GError  **error)
{
  return load_with_guess (image, TRUE, error);
}

gboolean
_sp_probe_load_bin (SpImage  *image,
                    GError  **error)
{
  return load_with_guess (image, FALSE, error);
}
