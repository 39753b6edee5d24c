/* fuzz-common.c: what the fuzz targets share
 *
 * A sheet names files beside it, so the sheet targets read their input as
 * the text of "fuzz.cue" (or "fuzz.toc") in a private folder that holds a
 * few small backing files with the names the seed sheets use: audio (BIN
 * and WAVE), raw Mode 1 and Mode 2 sectors, 2048-byte ISO sectors, 2448-byte
 * sectors with subchannel, and CD-TEXT files. The sheet itself is never
 * written: its bytes go to _sp_image_load_sheet(), the same function
 * sp_image_open() uses after reading the file.
 *
 * Any GLib warning or critical is a bug (a failed precondition, or a
 * message on stderr that a user would see), so it aborts and libFuzzer
 * reports it as a crash. So do an error without a GError, and text that is
 * not UTF-8 in a message (the CLI prints them as JSON).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-fuzz"

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "sp-diagnostic.h"
#include "sp-image-private.h"
#include "sp-msf.h"
#include "sp-sector.h"
#include "sp-subchannel.h"

#define AUDIO_FRAMES 300     /* the length most seed sheets give "a.bin" */
#define DATA_SECTORS 40      /* past sector 16, the ISO 9660 descriptor */

static GFile *folder;
static char *folder_path;
static gboolean verbose;   /* FUZZ_VERBOSE=1: say what each input opened to */

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (folder_path == NULL)
    return;
  dir = g_dir_open (folder_path, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder_path, name, NULL);
      if (g_unlink (path) != 0)
        g_rmdir (path);
    }
  g_rmdir (folder_path);
}

static void
write_file (const char   *name,
            const guint8 *data,
            gsize         length)
{
  g_autofree char *path = g_build_filename (folder_path, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, (const char *) data, (gssize) length, &error))
    g_error ("%s", error->message);
}

static void
copy_file (const char *name,
           const char *source_relative)
{
  g_autofree char *source = g_build_filename (FUZZ_SOURCE_ROOT, source_relative, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (source, &contents, &length, &error))
    g_error ("%s", error->message);
  write_file (name, (const guint8 *) contents, length);
}

/* A quiet but not silent sine-ish pattern, so audio is not all zero. */
static void
fill_audio (guint8 *out,
            gsize   frames)
{
  for (gsize i = 0; i < frames * SP_RAW_SECTOR_SIZE / 2; i++)
    {
      gint16 sample = (gint16) ((i * 37) % 2000) - 1000;

      out[2 * i] = (guint8) (sample & 0xFF);
      out[2 * i + 1] = (guint8) ((guint16) sample >> 8);
    }
}

static void
write_wave (const char *name,
            gsize       frames,
            gsize       extra)
{
  gsize data_length = frames * SP_RAW_SECTOR_SIZE + extra;
  g_autofree guint8 *wav = g_malloc0 (44 + data_length);
  guint8 *p = wav;

#define PUT32(v) do { guint32 v_ = (v); p[0] = v_; p[1] = v_ >> 8; p[2] = v_ >> 16; p[3] = v_ >> 24; p += 4; } while (0)
#define PUT16(v) do { guint16 v_ = (v); p[0] = v_; p[1] = v_ >> 8; p += 2; } while (0)
  memcpy (p, "RIFF", 4), p += 4;
  PUT32 (36 + data_length);
  memcpy (p, "WAVEfmt ", 8), p += 8;
  PUT32 (16);
  PUT16 (1);
  PUT16 (2);
  PUT32 (44100);
  PUT32 (176400);
  PUT16 (4);
  PUT16 (16);
  memcpy (p, "data", 4), p += 4;
  PUT32 (data_length);
#undef PUT32
#undef PUT16
  fill_audio (p, frames);
  write_file (name, wav, 44 + data_length);
}

/* 2048 bytes of user data for sector @lba: an ISO 9660 primary volume
 * descriptor and terminator at 16 and 17, a pattern elsewhere. */
static void
fill_user_data (guint8 *data,
                gint64  lba)
{
  memset (data, (int) (lba & 0xFF), 2048);
  if (lba == 16 || lba == 17)
    {
      memset (data, 0, 2048);
      data[0] = lba == 16 ? 1 : 255;
      memcpy (data + 1, "CD001", 5);
      data[6] = 1;
      if (lba == 16)
        {
          /* Volume space size, both byte orders. */
          data[80] = DATA_SECTORS;
          data[87] = DATA_SECTORS;
        }
    }
}

static void
write_data_files (void)
{
  g_autofree guint8 *iso = g_malloc0 (DATA_SECTORS * 2048);
  g_autofree guint8 *mode1 = g_malloc0 (DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  g_autofree guint8 *mode2 = g_malloc0 (DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  g_autofree guint8 *mode2_2336 = g_malloc0 (DATA_SECTORS * 2336);
  g_autofree guint8 *sub = g_malloc0 (DATA_SECTORS * 2448);
  g_autofree guint8 *mixed = g_malloc0 ((DATA_SECTORS + AUDIO_FRAMES) * SP_RAW_SECTOR_SIZE);
  static const guint8 form1[4] = { 0, 0, 0x08, 0 };
  static const guint8 form2[4] = { 1, 1, 0x20 | 0x02, 0x0F };

  for (gint64 lba = 0; lba < DATA_SECTORS; lba++)
    {
      guint8 data[2336];
      guint8 *s2 = mode2 + lba * SP_RAW_SECTOR_SIZE;
      guint8 *s = sub + lba * 2448;
      guint8 q[12] = { 0x41, 0x01, 0x01 };

      fill_user_data (data, lba);
      memcpy (iso + lba * 2048, data, 2048);
      sp_sector_encode_mode1 (mode1 + lba * SP_RAW_SECTOR_SIZE, lba, data);
      if (lba >= 20 && lba % 2 == 0)
        {
          memset (data, 0x5A, sizeof data);
          sp_sector_encode_form2 (s2, lba, form2, data);
        }
      else
        sp_sector_encode_form1 (s2, lba, form1, data);
      memcpy (mode2_2336 + lba * 2336, s2 + 16, 2336);

      /* 2448: the Mode 1 sector, then P-W with a valid Q in channel Q. */
      memcpy (s, mode1 + lba * SP_RAW_SECTOR_SIZE, SP_RAW_SECTOR_SIZE);
      q[3] = 0x00; q[4] = 0x00; q[5] = (guint8) (lba % 10 | (lba / 10) << 4);
      q[7] = 0x00; q[8] = 0x02; q[9] = q[5];
      {
        guint16 crc = sp_subq_crc (q, 10);

        q[10] = crc >> 8;
        q[11] = crc & 0xFF;
      }
      for (guint bit = 0; bit < 96; bit++)
        if (q[bit / 8] & (0x80 >> (bit % 8)))
          s[SP_RAW_SECTOR_SIZE + bit] |= 0x40;
    }

  memcpy (mixed, mode1, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  fill_audio (mixed + DATA_SECTORS * SP_RAW_SECTOR_SIZE, AUDIO_FRAMES);

  write_file ("d.iso", iso, DATA_SECTORS * 2048);
  write_file ("c.iso", iso, DATA_SECTORS * 2048);
  write_file ("data.iso", iso, DATA_SECTORS * 2048);
  write_file ("mode1_2048.bin", iso, DATA_SECTORS * 2048);
  write_file ("data.bin", mode1, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("d.bin", mode1, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("m1raw.bin", mode1, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("d2336.bin", mode2_2336, DATA_SECTORS * 2336);
  write_file ("cdg.bin", sub, DATA_SECTORS * 2448);
  write_file ("mode1_2352.bin", mode1, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("videocd.bin", mode2, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("mode2_2352.bin", mode2, DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_file ("mode2_2336.bin", mode2_2336, DATA_SECTORS * 2336);
  write_file ("cdg_2448.bin", sub, DATA_SECTORS * 2448);
  write_file ("mode2_2448.bin", sub, DATA_SECTORS * 2448);
  write_file ("mixed.bin", mixed, (DATA_SECTORS + AUDIO_FRAMES) * SP_RAW_SECTOR_SIZE);
}

static void
write_audio_files (void)
{
  g_autofree guint8 *audio = g_malloc (AUDIO_FRAMES * SP_RAW_SECTOR_SIZE);
  g_autofree guint8 *swapped = g_malloc (AUDIO_FRAMES * SP_RAW_SECTOR_SIZE);
  static const char *bins[] = { "a.bin", "b.bin", "x.bin", "one.bin", "two.bin", "audio.bin",
                                "b.raw", "c.raw", "raw.bin", "f1.bin", "f2.bin", NULL };

  fill_audio (audio, AUDIO_FRAMES);
  for (gsize i = 0; i < AUDIO_FRAMES * SP_RAW_SECTOR_SIZE; i += 2)
    {
      swapped[i] = audio[i + 1];
      swapped[i + 1] = audio[i];
    }
  for (guint i = 0; bins[i]; i++)
    write_file (bins[i], audio, AUDIO_FRAMES * SP_RAW_SECTOR_SIZE);
  write_file ("audio.be", swapped, AUDIO_FRAMES * SP_RAW_SECTOR_SIZE);
  /* Not a whole number of frames. */
  write_file ("odd.bin", audio, 10 * SP_RAW_SECTOR_SIZE + 1000);

  write_wave ("a.wav", AUDIO_FRAMES, 0);
  write_wave ("01.wav", 100, 0);
  write_wave ("02.wav", 100, 0);
  write_wave ("03.wav", 100, 0);
  write_wave ("odd.wav", 10, 1000);
}

void
fuzz_init (void)
{
  g_autoptr(GError) error = NULL;

  if (folder != NULL)
    return;

  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  verbose = g_strcmp0 (g_getenv ("FUZZ_VERBOSE"), "1") == 0;

  folder_path = g_dir_make_tmp ("spindle-fuzz-XXXXXX", &error);
  if (folder_path == NULL)
    g_error ("%s", error->message);
  folder = g_file_new_for_path (folder_path);
  atexit (remove_folder);

  write_audio_files ();
  write_data_files ();
  copy_file ("disc.cdt", "tests/data/cdtext.cdt");
  copy_file ("cdtext.cdt", "tests/data/cdtext.cdt");
  copy_file ("raw.cdt", "tests/data/cdtext-libburnia.cdt");
  write_file ("junk.cdt", (const guint8 *) "this is not CD-TEXT", 19);
  /* A name that is a folder, as a hostile sheet may name one. */
  {
    g_autofree char *dir = g_build_filename (folder_path, "dir.bin", NULL);

    g_mkdir (dir, 0700);
  }
}

gboolean
fuzz_verbose (void)
{
  return verbose;
}

GFile *
fuzz_get_folder (void)
{
  return folder;
}

void
fuzz_check_utf8 (const char *what,
                 const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_printerr ("%s is not UTF-8: %s\n", what, text);
      abort ();
    }
}

void
fuzz_check_error (GError *error)
{
  if (error == NULL)
    {
      g_printerr ("failed without an error\n");
      abort ();
    }
  fuzz_check_utf8 ("error message", error->message);
}

static void
read_and_decode (SpImage *image,
                 gint64   position,
                 guint    count,
                 gboolean audio)
{
  guint8 buffer[2 * SP_RAW_SECTOR_SIZE];
  g_autoptr(GError) error = NULL;
  guint n_read = 0;
  gboolean ok;

  count = MIN (count, 2);
  ok = sp_image_read_sectors (image, position, count, buffer, &n_read, &error);
  if (!ok)
    fuzz_check_error (error);
  if (!ok && verbose)
    g_printerr ("  read %" G_GINT64_FORMAT ": %s\n", position, error->message);
  if (n_read > count)
    abort ();
  for (guint i = 0; i < n_read; i++)
    {
      SpSectorInfo info;

      sp_sector_decode (buffer + (gsize) i * SP_RAW_SECTOR_SIZE, position + i, audio, &info);
    }

  sp_image_get_address (image, position);
  if (sp_image_has_subchannel (image, position))
    {
      guint8 pw[96], q[12];
      SpSubQ subq;

      g_clear_error (&error);
      if (sp_image_read_subchannel (image, position, pw, &error))
        {
          sp_subchannel_q_from_raw (pw, q);
          sp_subq_decode (q, &subq);
        }
      else
        fuzz_check_error (error);
    }
}

/* Everything `spindle-cli info` and the track browser look at, and a few
 * sector reads at the places a layout can get wrong: each track's first
 * frame, its INDEX points, its last frame, and the leadout's edge. */
void
fuzz_exercise_image (SpImage *image)
{
  GListModel *diagnostics = sp_image_get_diagnostics (image);
  gint64 leadout = sp_image_get_leadout (image);
  guint n_tracks = sp_image_get_n_tracks (image);
  guint reads = 0;

  if (verbose)
    g_printerr ("  opened: %u tracks, leadout %" G_GINT64_FORMAT ", %u diagnostics\n",
                n_tracks, leadout, g_list_model_get_n_items (diagnostics));

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SpDiagnostic) d = g_list_model_get_item (diagnostics, i);
      g_autofree char *text = sp_diagnostic_to_string (d);

      fuzz_check_utf8 ("diagnostic", text);
    }

  fuzz_check_utf8 ("catalog", sp_image_get_catalog (image));
  for (guint f = 0; f < SP_CDTEXT_N_FIELDS; f++)
    fuzz_check_utf8 ("CD-TEXT", sp_cdtext_get (sp_image_get_cdtext (image), f));
  g_list_model_get_n_items (sp_image_get_sessions (image));
  sp_image_get_stored_size (image);

  if (leadout < 0)
    abort ();

  for (guint i = 0; i < n_tracks; i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      gboolean audio = sp_track_is_audio (track);
      gint64 first = sp_track_get_first (track);
      gint64 start = sp_track_get_start (track);
      gint64 end = sp_track_get_end (track);

      fuzz_check_utf8 ("ISRC", sp_track_get_isrc (track));
      fuzz_check_utf8 ("title", sp_track_get_title (track));
      fuzz_check_utf8 ("performer", sp_track_get_performer (track));
      sp_track_get_length (track);
      sp_track_get_pregap (track);
      sp_track_get_postgap (track);
      sp_track_get_stored_pregap (track);
      sp_track_get_source (track);
      sp_track_get_file_offset (track);
      sp_track_get_flags (track);

      if (first < 0 || first > start || end > leadout)
        {
          g_printerr ("track %u: first %" G_GINT64_FORMAT ", start %" G_GINT64_FORMAT
                      ", end %" G_GINT64_FORMAT ", leadout %" G_GINT64_FORMAT "\n",
                      sp_track_get_number (track), first, start, end, leadout);
          abort ();
        }
      if (sp_image_find_track (image, start) != track && start < end)
        abort ();
      /* The tracks' spans tile the disc: what a burn writes of each. */
      if (first + sp_track_get_span (track) !=
          (i + 1 < n_tracks ? sp_track_get_first (sp_image_get_track (image, i + 1)) : leadout))
        {
          g_printerr ("track %u: first %" G_GINT64_FORMAT ", span %" G_GINT64_FORMAT " does not reach the next\n",
                      sp_track_get_number (track), first, sp_track_get_span (track));
          abort ();
        }

      if (reads++ < 64 && first < leadout)
        read_and_decode (image, first, 2, audio);
      if (reads++ < 64 && start < leadout)
        read_and_decode (image, start, 1, audio);
      if (reads++ < 64 && end > 0 && end <= leadout)
        read_and_decode (image, end - 1, 2, audio);
      for (guint j = 0; j < sp_track_get_n_indices (track) && reads < 64; j++, reads++)
        {
          const SpIndex *index = sp_track_get_index (track, j);

          if (index->position >= 0 && index->position < leadout)
            read_and_decode (image, index->position, 1, audio);
        }
    }
  if (leadout > 0)
    read_and_decode (image, leadout - 1, 1, FALSE);
  /* Out of range: an error, not a read. */
  read_and_decode (image, leadout, 1, FALSE);
}

/* A descriptor left open by an input: the TOC reader's sources leaked so,
 * and only "too many open files" after half a million inputs told. The
 * lowest free descriptor number grows with every one left open; GLib opens
 * a few of its own on first use, hence the slack. */
void
fuzz_check_fds (void)
{
  static int baseline = -1;
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    abort ();
  close (fd);
  if (baseline < 0)
    baseline = fd;
  else if (fd > baseline + 16)
    {
      g_printerr ("file descriptors are left open (the lowest free one went from %d to %d)\n", baseline, fd);
      abort ();
    }
}

SpImage *
fuzz_load_sheet (const guint8  *data,
                 gsize          size,
                 SpImageFormat  format)
{
  g_autoptr(GFile) file = g_file_get_child (folder, format == SP_IMAGE_FORMAT_CUE ? "fuzz.cue" : "fuzz.toc");
  g_autoptr(SpImage) image = _sp_image_new (file, format);
  g_autoptr(GError) error = NULL;

  /* As sp_image_open() after reading the file. */
  if (!_sp_image_load_sheet (image, data, size, NULL, &error) || !_sp_image_finish (image, &error))
    {
      fuzz_check_error (error);
      if (verbose)
        g_printerr ("  not opened: %s\n", error->message);
      if (!g_str_has_prefix (error->message, "fuzz."))
        {
          g_printerr ("the error does not name the sheet: %s\n", error->message);
          abort ();
        }
      return NULL;
    }
  return g_steal_pointer (&image);
}
