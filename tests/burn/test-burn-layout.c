/* test-burn-layout.c: the libburn disc an image becomes, and the refusals
 *
 * A stdio: pseudo-drive takes one data track only, so for audio, Mode 2 and
 * mixed-mode sheets these tests build the libburn disc from the sheet and
 * look at what libburn holds: tracks, modes, sizes, indices, pregaps, ISRC
 * (through libburn-structs.h, a copy of libburn 1.5.4's private structures,
 * checked against its public getters first) and the CD-TEXT packs libburn
 * generates (decoded again). Where libburn's own cue sheet reader can read
 * the sheet, the disc positions both give must be the same.
 *
 * The audio bytes are made here: what is tested is where they go, not what
 * they are.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "libburn-structs.h"
#include "sp-burn.h"
#include "sp-burn-layout.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("spindle-burn-layout-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       length)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return path;
}

/* @frames of 2352 bytes, each different, so that a misplaced frame shows. */
static char *
write_frames (Fixture    *fixture,
              const char *name,
              guint       frames,
              guint       seed)
{
  gsize length = (gsize) frames * 2352;
  g_autofree guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) (i * 31 + seed + i / 2352);
  return write_file (fixture, name, data, length);
}

static SpImage *
open_image (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SpImage *image = sp_image_open (file, NULL, &error);

  g_assert_no_error (error);
  return image;
}

static struct burn_track *
layout_track (SpBurnLayout *layout,
              guint         i)
{
  int n = 0;
  struct burn_track **tracks = burn_session_get_tracks (sp_burn_layout_get_session (layout), &n);

  g_assert_cmpuint (i, <, (guint) n);
  return tracks[i];
}

/* The structures copied from libburn 1.5.4 must be the ones it uses. */
static void
check_mirror (struct burn_session *session)
{
  int n = 0, major = 0, minor = 0, micro = 0;
  struct burn_track **tracks = burn_session_get_tracks (session, &n);

  burn_version (&major, &minor, &micro);
  g_assert_cmpint (major * 10000 + minor * 100 + micro, ==, 10504);
  g_assert_cmpint (MIRROR_SESSION (session)->tracks, ==, n);
  g_assert_true (MIRROR_SESSION (session)->track == tracks);
  for (int i = 0; i < n; i++)
    {
      struct mirror_track *t = MIRROR_TRACK (tracks[i]);

      g_assert_cmpint (t->mode, ==, burn_track_get_mode (tracks[i]));
      g_assert_cmpint (t->refcnt, >=, 1);
      g_assert_nonnull (t->source);
      g_assert_cmpint (t->indices, <=, 100);
    }
}

typedef struct
{
  guint track;
  guint index;
  gint64 lba;
} DiscIndex;

/* Where libburn puts each index and the lead-out on the disc: the
 * arithmetic of burn_create_toc_entries() (write.c:468-760, the
 * Libburn_track_multi_indeX path), on copies of the values, without
 * touching libburn's structures. */
static GArray *
libburn_positions (struct burn_session *session,
                   gint64              *leadout)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (DiscIndex));
  int n = 0;
  struct burn_track **tracks = burn_session_get_tracks (session, &n);
  gint64 runtime = -150;

  for (int i = 0; i < n; i++)
    {
      struct mirror_track *t = MIRROR_TRACK (tracks[i]);
      int index[100];
      int pregap2 = t->pregap2, pregap2_size = t->pregap2_size;
      int pregap, length = burn_track_get_sectors (tracks[i]);

      memcpy (index, t->index, sizeof index);
      if (i == 0)
        {
          pregap2 = 1;
          pregap2_size = MAX (pregap2_size, 150);   /* write.c:618 */
        }
      pregap = pregap2 ? pregap2_size : 0;
      for (int j = 0; j < t->indices || j < 2; j++)
        {
          DiscIndex entry;

          if (index[j] == 0x7fffffff)
            {
              if (j > 1)
                break;
              if (j == 0 && pregap <= 0)
                continue;
              index[j] = 0;
            }
          else if (j == 0)
            index[j] = 0;
          else if (j == 1 && index[0] == 0x7fffffff)
            index[j] = 0;
          entry.track = (guint) i + 1;
          entry.index = (guint) j;
          entry.lba = index[j] + runtime;
          g_array_append_val (result, entry);
          runtime += pregap;
          pregap = 0;
        }
      runtime += length;
    }
  *leadout = runtime;
  return result;
}

/* Where the sheet says each index is, as a disc address. Track 1's index 0
 * starts at -150 on any disc: the sheet's positions start after it. */
static GArray *
sheet_positions (SpImage *image,
                 gint64  *leadout)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (DiscIndex));

  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);

      for (guint j = 0; j < sp_track_get_n_indices (track); j++)
        {
          const SpIndex *index = sp_track_get_index (track, j);
          DiscIndex entry = { sp_track_get_number (track), index->number,
                              sp_image_get_address (image, index->position) };

          if (i == 0 && index->number == 0)
            entry.lba = -150;
          if (i == 0 && j == 0 && index->number != 0)
            {
              DiscIndex zero = { entry.track, 0, -150 };
              g_array_append_val (result, zero);
            }
          g_array_append_val (result, entry);
        }
    }
  *leadout = sp_image_get_leadout (image);
  return result;
}

static void
assert_same_positions (GArray *a,
                       GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const DiscIndex *x = &g_array_index (a, DiscIndex, i);
      const DiscIndex *y = &g_array_index (b, DiscIndex, i);

      g_assert_cmpuint (x->track, ==, y->track);
      g_assert_cmpuint (x->index, ==, y->index);
      g_assert_cmpint (x->lba, ==, y->lba);
    }
}

static SpCdText **
decode_session_packs (struct burn_session *session,
                      guint               *n_tracks)
{
  unsigned char *packs = NULL;
  int n_packs = 0;
  SpCdText **texts;

  g_assert_cmpint (burn_cdtext_from_session (session, &packs, &n_packs, 0), >, 0);
  g_assert_cmpint (n_packs, >, 0);
  /* The size information packs: block 0 in ISO-8859-1 (character code 0). */
  {
    gboolean found = FALSE;

    for (int i = 0; i < n_packs; i++)
      if (packs[i * 18] == 0x8f && packs[i * 18 + 1] == 0)
        {
          g_assert_cmpint (packs[i * 18 + 4], ==, 0x00);
          found = TRUE;
        }
    g_assert_true (found);
  }
  texts = sp_cdtext_decode_packs (packs, (gsize) n_packs * 18, n_tracks, NULL);
  free (packs);
  g_assert_nonnull (texts);
  return texts;
}

static void
assert_same_cdtext (const SpCdText *expected,
                    const SpCdText *got,
                    gboolean        with_upc)
{
  for (SpCdTextField field = 0; field < SP_CDTEXT_N_FIELDS; field++)
    {
      if (field == SP_CDTEXT_UPC_EAN && !with_upc)
        continue;
      g_assert_cmpstr (expected ? sp_cdtext_get (expected, field) : NULL, ==,
                       got ? sp_cdtext_get (got, field) : NULL);
    }
}

/* What libburn will read from each track's source, a sector at a time as
 * it does (sector.c:145), is the image, frame for frame: through the FIFO
 * and the offset sources, across the FIFO's ring wrapping around. */
static void
assert_sources_feed_image (SpBurnLayout *layout,
                           SpImage      *image)
{
  int n = 0;
  struct burn_track **tracks = burn_session_get_tracks (sp_burn_layout_get_session (layout), &n);
  gint64 position = 0;
  guint8 raw[2352], got[2352];

  for (int i = 0; i < n; i++)
    {
      struct burn_source *source = MIRROR_TRACK (tracks[i])->source;
      int size = (burn_track_get_mode (tracks[i]) & BURN_AUDIO) ? 2352 : 2048;
      int sectors = burn_track_get_sectors (tracks[i]);

      for (int k = 0; k < sectors; k++, position++)
        {
          g_autoptr(GError) error = NULL;

          const guint8 *expected = size == 2352 ? raw : raw + 16;

          g_assert_cmpint (source->read_xt (source, got, size), ==, size);
          g_assert_true (sp_image_read_sectors (image, position, 1, raw, NULL, &error));
          if (memcmp (got, expected, (gsize) size) != 0)
            g_error ("sector %" G_GINT64_FORMAT " of track %d is not the image's", position, i + 1);
        }
      /* And then the end of the track. */
      g_assert_cmpint (source->read_xt (source, got, size), ==, 0);
    }
  g_assert_cmpint (position, ==, sp_image_get_leadout (image));
  g_assert_cmpuint (sp_burn_layout_get_bytes_read (layout), ==, sp_burn_layout_get_bytes (layout));
}

static const char audio_sheet[] =
  "CATALOG 1234567890123\n"
  "PERFORMER \"The Performers\"\n"
  "TITLE \"An Album\"\n"
  "FILE \"audio.bin\" BINARY\n"
  "  TRACK 01 AUDIO\n"
  "    FLAGS PRE\n"
  "    ISRC USABC2100001\n"
  "    TITLE \"First\"\n"
  "    PERFORMER \"P One\"\n"
  "    INDEX 01 00:00:00\n"
  "  TRACK 02 AUDIO\n"
  "    FLAGS DCP\n"
  "    ISRC GBXYZ9912345\n"
  "    TITLE \"Second\"\n"
  "    PERFORMER \"P Two\"\n"
  "    SONGWRITER \"W Two\"\n"
  "    INDEX 00 00:10:00\n"
  "    INDEX 01 00:12:00\n"
  "    INDEX 02 00:14:00\n"
  "    INDEX 03 00:15:00\n"
  "  TRACK 03 AUDIO\n"
  "    TITLE \"Third\"\n"
  "    PERFORMER \"P Two\"\n"
  "    PREGAP 00:02:00\n"
  "    INDEX 01 00:20:00\n";

static void
test_audio_layout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *bin = write_frames (fixture, "audio.bin", 2250, 1);
  g_autofree char *cue = write_file (fixture, "audio.cue", audio_sheet, strlen (audio_sheet));
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = sp_burn_layout_new (image, SP_BURN_TARGET_CD, &error);
  g_autoptr(GArray) ours = NULL, sheet = NULL;
  struct mirror_track *t1, *t2, *t3;
  gint64 leadout_ours, leadout_sheet;
  SpCdText **texts;
  guint n_text_tracks = 0;

  g_assert_no_error (error);
  check_mirror (sp_burn_layout_get_session (layout));

  g_assert_cmpint (burn_disc_get_sectors (sp_burn_layout_get_disc (layout)), ==, 2400);
  g_assert_cmpint (sp_burn_layout_get_sectors (layout), ==, 2400);
  g_assert_cmpuint (sp_burn_layout_get_bytes (layout), ==, 2400 * 2352);
  g_assert_cmpstr (sp_burn_layout_get_catalog (layout), ==, "1234567890123");

  t1 = MIRROR_TRACK (layout_track (layout, 0));
  t2 = MIRROR_TRACK (layout_track (layout, 1));
  t3 = MIRROR_TRACK (layout_track (layout, 2));

  /* Modes and flags: the Q control nibble libburn will write. */
  g_assert_cmpint (t1->mode, ==, BURN_AUDIO | BURN_PREEMPHASIS);
  g_assert_cmpint (t2->mode, ==, BURN_AUDIO | BURN_COPY);
  g_assert_cmpint (t3->mode, ==, BURN_AUDIO);

  /* Sizes: from the first frame of each track, pregap included. */
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 0)), ==, 750);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 1)), ==, 750);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 2)), ==, 900);

  /* Indices, relative to each track's source; no libburn pregap or postgap:
   * the gaps are frames of the source. */
  g_assert_cmpint (t1->indices, ==, 2);
  g_assert_cmpint (t1->index[0], ==, 0x7fffffff);
  g_assert_cmpint (t1->index[1], ==, 0);
  g_assert_cmpint (t2->indices, ==, 4);
  g_assert_cmpint (t2->index[0], ==, 0);
  g_assert_cmpint (t2->index[1], ==, 150);
  g_assert_cmpint (t2->index[2], ==, 300);
  g_assert_cmpint (t2->index[3], ==, 375);
  g_assert_cmpint (t3->indices, ==, 2);
  g_assert_cmpint (t3->index[0], ==, 0);
  g_assert_cmpint (t3->index[1], ==, 150);
  for (guint i = 0; i < 3; i++)
    {
      struct mirror_track *t = MIRROR_TRACK (layout_track (layout, i));

      g_assert_cmpint (t->pregap2, ==, 0);
      g_assert_cmpint (t->postgap, ==, 0);
      g_assert_cmpint (t->pad, ==, 1);
      g_assert_cmpint (t->swap_source_bytes, ==, 0);
    }

  /* ISRC. */
  g_assert_cmpint (t1->isrc.has_isrc, ==, 1);
  g_assert_cmpmem (t1->isrc.country, 2, "US", 2);
  g_assert_cmpmem (t1->isrc.owner, 3, "ABC", 3);
  g_assert_cmpuint (t1->isrc.year, ==, 21);
  g_assert_cmpuint (t1->isrc.serial, ==, 1);
  g_assert_cmpint (t2->isrc.has_isrc, ==, 1);
  g_assert_cmpmem (t2->isrc.country, 2, "GB", 2);
  g_assert_cmpmem (t2->isrc.owner, 3, "XYZ", 3);
  g_assert_cmpuint (t2->isrc.year, ==, 99);
  g_assert_cmpuint (t2->isrc.serial, ==, 12345);
  g_assert_cmpint (t3->isrc.has_isrc, ==, 0);

  /* Where it all lands on the disc is where the sheet says. */
  ours = libburn_positions (sp_burn_layout_get_session (layout), &leadout_ours);
  sheet = sheet_positions (image, &leadout_sheet);
  assert_same_positions (ours, sheet);
  g_assert_cmpint (leadout_ours, ==, leadout_sheet);

  /* CD-TEXT: the packs libburn makes decode to the sheet's text. */
  texts = decode_session_packs (sp_burn_layout_get_session (layout), &n_text_tracks);
  g_assert_cmpuint (n_text_tracks, ==, 3);
  assert_same_cdtext (sp_image_get_cdtext (image), texts[0], TRUE);
  for (guint i = 0; i < 3; i++)
    assert_same_cdtext (sp_track_get_cdtext (sp_image_get_track (image, i)), texts[i + 1], TRUE);
  sp_cdtext_array_free (texts);

  /* Nothing was read: building the layout reads no sector. */
  g_assert_cmpuint (sp_burn_layout_get_bytes_read (layout), ==, 0);

  assert_sources_feed_image (layout, image);
}

/* libburn's own reader of the same sheet (burn_session_by_cue_file, one
 * FILE only, resolved against the current directory) puts everything at
 * the same disc addresses, with the same modes and ISRCs and the same text.
 * It differs in form: a PREGAP is libburn's pregap (zeros it writes) rather
 * than frames of the source, and ISRC and CATALOG also go into CD-TEXT
 * (structure.c:1857). */
static void
test_audio_matches_libburn_cue_reader (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autofree char *bin = write_frames (fixture, "audio.bin", 2250, 1);
  g_autofree char *cue = write_file (fixture, "audio.cue", audio_sheet, strlen (audio_sheet));
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = sp_burn_layout_new (image, SP_BURN_TARGET_CD, &error);
  g_autoptr(GArray) ours = NULL, theirs = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  struct burn_session *session;
  gint64 leadout_ours, leadout_theirs;
  int n_ours = 0, n_theirs = 0, n_packs = 0;
  struct burn_track **tracks_ours, **tracks_theirs;
  SpCdText **texts_ours, **texts_theirs;
  guint n1 = 0, n2 = 0;

  g_assert_no_error (error);
  g_assert_cmpint (burn_initialize (), ==, 1);

  session = burn_session_create ();
  g_assert_cmpint (chdir (fixture->dir), ==, 0);
  /* num_packs may not be NULL, whatever libburn.h says (structure.c:2006). */
  g_assert_cmpint (burn_session_by_cue_file (session, (char *) "audio.cue", 0, NULL, NULL, &n_packs, 0), >, 0);
  g_assert_cmpint (chdir (cwd), ==, 0);
  check_mirror (session);

  tracks_ours = burn_session_get_tracks (sp_burn_layout_get_session (layout), &n_ours);
  tracks_theirs = burn_session_get_tracks (session, &n_theirs);
  g_assert_cmpint (n_ours, ==, n_theirs);
  for (int i = 0; i < n_ours; i++)
    {
      struct mirror_track *a = MIRROR_TRACK (tracks_ours[i]);
      struct mirror_track *b = MIRROR_TRACK (tracks_theirs[i]);

      g_assert_cmpint (a->mode, ==, b->mode);
      g_assert_cmpint (a->isrc.has_isrc, ==, b->isrc.has_isrc);
      if (a->isrc.has_isrc)
        {
          g_assert_cmpmem (a->isrc.country, 2, b->isrc.country, 2);
          g_assert_cmpmem (a->isrc.owner, 3, b->isrc.owner, 3);
          g_assert_cmpuint (a->isrc.year, ==, b->isrc.year);
          g_assert_cmpuint (a->isrc.serial, ==, b->isrc.serial);
        }
    }
  /* The one difference of form: track 3's PREGAP. */
  g_assert_cmpint (MIRROR_TRACK (tracks_theirs[2])->pregap2, ==, 1);
  g_assert_cmpint (MIRROR_TRACK (tracks_theirs[2])->pregap2_size, ==, 150);
  g_assert_cmpint (burn_track_get_sectors (tracks_theirs[2]), ==, 750);
  g_assert_cmpmem (MIRROR_SESSION (session)->mediacatalog, 13, sp_burn_layout_get_catalog (layout), 13);

  ours = libburn_positions (sp_burn_layout_get_session (layout), &leadout_ours);
  theirs = libburn_positions (session, &leadout_theirs);
  assert_same_positions (ours, theirs);
  g_assert_cmpint (leadout_ours, ==, leadout_theirs);

  texts_ours = decode_session_packs (sp_burn_layout_get_session (layout), &n1);
  texts_theirs = decode_session_packs (session, &n2);
  g_assert_cmpuint (n1, ==, n2);
  for (guint i = 0; i <= n1; i++)
    assert_same_cdtext (texts_ours[i], texts_theirs[i], FALSE);
  /* libburn's reader adds the ISRC as CD-TEXT; the sheet has no such text. */
  g_assert_cmpstr (sp_cdtext_get (texts_theirs[1], SP_CDTEXT_UPC_EAN), ==, "USABC2100001");
  g_assert_null (texts_ours[1] ? sp_cdtext_get (texts_ours[1], SP_CDTEXT_UPC_EAN) : NULL);
  sp_cdtext_array_free (texts_ours);
  sp_cdtext_array_free (texts_theirs);

  burn_session_free (session);
}

static void
test_data_layouts (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char iso_sheet[] =
    "FILE \"data.iso\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n";
  g_autofree guint8 *iso = g_malloc0 (400 * 2048);
  g_autofree char *iso_path = NULL, *cue = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = NULL;
  struct mirror_track *t;

  iso_path = write_file (fixture, "data.iso", iso, 400 * 2048);
  cue = write_file (fixture, "data.cue", iso_sheet, strlen (iso_sheet));
  image = open_image (cue);

  for (SpBurnTarget target = SP_BURN_TARGET_CD; target <= SP_BURN_TARGET_FILE; target++)
    {
      layout = sp_burn_layout_new (image, target, &error);
      g_assert_no_error (error);
      check_mirror (sp_burn_layout_get_session (layout));
      t = MIRROR_TRACK (layout_track (layout, 0));
      g_assert_cmpint (t->mode, ==, BURN_MODE1);
      g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 0)), ==, 400);
      g_assert_cmpuint (sp_burn_layout_get_bytes (layout), ==, 400 * 2048);
      g_assert_cmpint (t->index[1], ==, 0);
      /* No FIFO for a file (its 50 ms sleeps capped the copy at 80 MB/s);
       * 4 MiB for a CD, 16 MiB for a DVD or BD. */
      if (target == SP_BURN_TARGET_FILE)
        g_assert_null (sp_burn_layout_get_fifo (layout));
      else
        {
          int size = 0, free_bytes = 0;
          char *status = NULL;

          g_assert_nonnull (sp_burn_layout_get_fifo (layout));
          burn_fifo_inquire_status (sp_burn_layout_get_fifo (layout), &size, &free_bytes, &status);
          g_assert_cmpint (size, ==, (target == SP_BURN_TARGET_CD ? 4 : 16) * 1024 * 1024);
        }
      g_clear_pointer (&layout, sp_burn_layout_free);
    }
}

static void
test_mode1_raw_layout (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *xz = g_build_filename (g_getenv ("SPINDLE_SOURCE_ROOT"), "tests", "burn", "data",
                                          "libcdio-isofs-m1.bin.xz", NULL);
  g_autofree char *bin = g_build_filename (fixture->dir, "ISOFS-M1.BIN", NULL);
  g_autofree char *command = g_strdup_printf ("xz -dc '%s' > '%s'", xz, bin);
  g_autofree char *cue_src = g_build_filename (g_getenv ("SPINDLE_SOURCE_ROOT"), "tests", "burn", "data",
                                               "libcdio-isofs-m1.cue", NULL);
  g_autofree char *cue = g_build_filename (fixture->dir, "isofs-m1.cue", NULL);
  g_autofree char *text = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnLayout) layout = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  g_autofree char *shell = g_strdup_printf ("sh -c \"%s\"", command);

  g_assert_true (g_spawn_command_line_sync (shell, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cue_src, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (cue, text, -1, NULL));

  image = open_image (cue);
  layout = sp_burn_layout_new (image, SP_BURN_TARGET_CD, &error);
  g_assert_no_error (error);
  check_mirror (sp_burn_layout_get_session (layout));
  /* Raw Mode 1 goes to libburn as Mode 1 user data. */
  g_assert_cmpint (MIRROR_TRACK (layout_track (layout, 0))->mode, ==, BURN_MODE1);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 0)), ==, 302);
  g_assert_cmpuint (sp_burn_layout_get_bytes (layout), ==, 302 * 2048);
  g_assert_cmpstr (sp_burn_layout_get_catalog (layout), ==, "0000012101954");
}

/* libburn itself: Mode 2 cannot even be set (structure.c:338), RAW can,
 * and libburn's cue reader knows no MODE1/2352 or MODE2 at all. */
static void
test_libburn_modes (void)
{
  struct burn_track *track;

  g_assert_cmpint (burn_initialize (), ==, 1);
  burn_msgs_set_severities ((char *) "NEVER", (char *) "NEVER", (char *) "test: ");

  track = burn_track_create ();
  g_assert_cmpint (burn_track_get_mode (track), ==, BURN_MODE1);
  burn_track_define_data (track, 0, 0, 1, BURN_MODE2 | BURN_FORM1);
  g_assert_cmpint (burn_track_get_mode (track), ==, BURN_MODE1);   /* silently unchanged */
  burn_track_define_data (track, 0, 0, 1, BURN_MODE2 | BURN_FORM2);
  g_assert_cmpint (burn_track_get_mode (track), ==, BURN_MODE1);
  burn_track_define_data (track, 0, 0, 1, BURN_MODE_RAW);
  g_assert_cmpint (burn_track_get_mode (track), ==, BURN_MODE_RAW);   /* accepted, then refused at write */
  burn_track_define_data (track, 0, 0, 1, BURN_AUDIO);
  g_assert_cmpint (burn_track_get_mode (track), ==, BURN_AUDIO);
  burn_track_free (track);
}

static void
assert_refused (SpImage    *image,
                SpBurnTarget target,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = sp_burn_layout_new (image, target, &error);

  g_assert_null (layout);
  g_assert_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT);
  g_assert_cmpstr (error->message, ==, message);
}

static SpDrive *
file_drive (Fixture *fixture)
{
  g_autofree char *address = g_strdup_printf ("stdio:%s/out.iso", fixture->dir);
  g_autoptr(GError) error = NULL;
  SpDrive *drive = sp_drive_inquire (address, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (sp_drive_is_file (drive));
  g_assert_cmpint (sp_drive_get_media_status (drive), ==, SP_MEDIA_STATUS_BLANK);
  g_assert_cmpint (sp_drive_get_media_kind (drive), ==, SP_MEDIA_KIND_FILE);
  return drive;
}

static void
assert_plan_refused (SpImage    *image,
                     SpDrive    *drive,
                     const SpBurnOptions *options,
                     int         code,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnPlan) plan = sp_burn_plan_new (image, drive, options, NULL, &error);

  g_assert_null (plan);
  g_assert_error (error, SP_BURN_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_mode2_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char sheet[] =
    "FILE \"vcd.bin\" BINARY\n"
    "  TRACK 01 MODE2/2352\n"
    "    INDEX 01 00:00:00\n";
  static const char cdi_sheet[] =
    "FILE \"vcd.bin\" BINARY\n"
    "  TRACK 01 CDI/2352\n"
    "    INDEX 01 00:00:00\n";
  g_autofree char *bin = write_frames (fixture, "vcd.bin", 400, 2);
  g_autofree char *cue = write_file (fixture, "vcd.cue", sheet, strlen (sheet));
  g_autofree char *cdi = write_file (fixture, "cdi.cue", cdi_sheet, strlen (cdi_sheet));
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(SpImage) cdi_image = open_image (cdi);
  g_autoptr(SpDrive) drive = file_drive (fixture);

  assert_refused (image, SP_BURN_TARGET_CD, "Track 01 is MODE2/2352, which libburn cannot write");
  assert_plan_refused (image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "Track 01 is MODE2/2352, a Mode 2 track (as on Video CDs and PlayStation discs): "
                       "libburn writes data tracks only in Mode 1, so it cannot burn this image exactly.");
  assert_plan_refused (cdi_image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "Track 01 is CDI/2352, a CD-i track: libburn writes data tracks only in Mode 1 and "
                       "cannot mark a disc as CD-i, so it cannot burn this image exactly.");
}

static void
test_mixed_mode (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char sheet[] =
    "FILE \"data.iso\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n"
    "FILE \"audio.bin\" BINARY\n"
    "  TRACK 02 AUDIO\n"
    "    PREGAP 00:02:00\n"
    "    INDEX 01 00:00:00\n"
    "  TRACK 03 AUDIO\n"
    "    INDEX 00 00:08:00\n"
    "    INDEX 01 00:10:00\n";
  g_autofree guint8 *iso = g_malloc0 (600 * 2048);
  g_autofree char *iso_path = write_file (fixture, "data.iso", iso, 600 * 2048);
  g_autofree char *bin = write_frames (fixture, "audio.bin", 1500, 3);
  g_autofree char *cue = write_file (fixture, "mixed.cue", sheet, strlen (sheet));
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = sp_burn_layout_new (image, SP_BURN_TARGET_CD, &error);
  g_autoptr(SpDrive) drive = file_drive (fixture);
  g_autoptr(GArray) ours = NULL, sheet_index = NULL;
  gint64 leadout_ours, leadout_sheet;

  /* libburn can hold the disc (it would write it in TAO)... */
  g_assert_no_error (error);
  check_mirror (sp_burn_layout_get_session (layout));
  g_assert_cmpint (burn_track_get_mode (layout_track (layout, 0)), ==, BURN_MODE1);
  g_assert_cmpint (burn_track_get_mode (layout_track (layout, 1)), ==, BURN_AUDIO);
  g_assert_cmpint (burn_track_get_mode (layout_track (layout, 2)), ==, BURN_AUDIO);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 0)), ==, 600);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 1)), ==, 150 + 600);
  g_assert_cmpint (burn_track_get_sectors (layout_track (layout, 2)), ==, 900);
  g_assert_cmpuint (sp_burn_layout_get_bytes (layout), ==, 600 * 2048 + 1650 * 2352);
  ours = libburn_positions (sp_burn_layout_get_session (layout), &leadout_ours);
  sheet_index = sheet_positions (image, &leadout_sheet);
  assert_same_positions (ours, sheet_index);
  g_assert_cmpint (leadout_ours, ==, leadout_sheet);
  assert_sources_feed_image (layout, image);

  /* ...but no mode writes it exactly. */
  assert_plan_refused (image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "Track 01 is data and track 02 is audio: libburn cannot write data and audio tracks "
                       "in one session at once (SAO), and writing track at once (TAO) would let the drive "
                       "choose the gaps between them, losing the image's pregaps and indices.");
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  static const char gap_sheet[] =
    "FILE \"audio.bin\" BINARY\n"
    "  TRACK 01 AUDIO\n"
    "    INDEX 01 00:00:00\n"
    "    INDEX 03 00:05:00\n";
  static const char cdg_sheet[] =
    "FILE \"cdg.bin\" BINARY\n"
    "  TRACK 01 CDG\n"
    "    INDEX 01 00:00:00\n";
  static const char missing_sheet[] =
    "FILE \"nowhere.bin\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n";
  static const char audio_sheet_one[] =
    "FILE \"audio.bin\" BINARY\n"
    "  TRACK 01 AUDIO\n"
    "    INDEX 01 00:00:00\n";
  static const char latin_sheet[] =
    "TITLE \"日本\"\n"
    "FILE \"audio.bin\" BINARY\n"
    "  TRACK 01 AUDIO\n"
    "    INDEX 01 00:00:00\n";
  g_autofree char *bin = write_frames (fixture, "audio.bin", 600, 4);
  g_autofree guint8 *cdg = g_malloc0 (400 * 2448);
  g_autofree char *cdg_bin = write_file (fixture, "cdg.bin", cdg, 400 * 2448);
  g_autofree char *gap = write_file (fixture, "gap.cue", gap_sheet, strlen (gap_sheet));
  g_autofree char *cdg_cue = write_file (fixture, "cdg.cue", cdg_sheet, strlen (cdg_sheet));
  g_autofree char *missing = write_file (fixture, "missing.cue", missing_sheet, strlen (missing_sheet));
  g_autofree char *one = write_file (fixture, "one.cue", audio_sheet_one, strlen (audio_sheet_one));
  g_autofree char *latin = write_file (fixture, "latin.cue", latin_sheet, strlen (latin_sheet));
  g_autoptr(SpDrive) drive = file_drive (fixture);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(SpImage) gap_image = open_image (gap);
  g_autoptr(SpImage) cdg_image = open_image (cdg_cue);
  g_autoptr(SpImage) missing_image = open_image (missing);
  g_autoptr(SpImage) one_image = open_image (one);
  g_autoptr(SpImage) latin_image = open_image (latin);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpBurnLayout) layout = NULL;

  assert_plan_refused (gap_image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "Track 01 has INDEX 03 but no INDEX 02: libburn writes index numbers only in sequence.");
  assert_plan_refused (cdg_image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "Track 01 is CDG (audio with CD+G graphics in the subchannel): libburn does not write "
                       "subchannel data from an image, so the graphics would be lost.");
  {
    g_autoptr(SpSource) source = g_list_model_get_item (sp_image_get_sources (missing_image), 0);

    g_assert_cmpstr (sp_source_get_status_reason (source), !=, NULL);
  }
  {
    g_autoptr(SpSource) source = g_list_model_get_item (sp_image_get_sources (missing_image), 0);
    g_autofree char *expected = g_strdup_printf ("“nowhere.bin” is missing (%s), so the disc would miss what it holds",
                                                 sp_source_get_status_reason (source));

    assert_plan_refused (missing_image, drive, NULL, SP_BURN_ERROR_IMAGE, expected);
  }
  assert_plan_refused (one_image, drive, NULL, SP_BURN_ERROR_NOT_EXACT,
                       "An image file takes exactly one data track (libburn writes it as 2048-byte sectors "
                       "of user data); the track of this image is audio.");

  layout = sp_burn_layout_new (latin_image, SP_BURN_TARGET_CD, &error);
  g_assert_null (layout);
  g_assert_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT);
  g_assert_cmpstr (error->message, ==,
                   "The CD-TEXT TITLE of the disc (“日本”) has characters that CD-TEXT cannot hold: "
                   "a disc carries ISO-8859-1 (Latin-1) text only");
  g_clear_error (&error);

  /* Latin-1 beyond ASCII is fine. */
  {
    static const char sheet[] =
      "TITLE \"Björk Guðmundsdóttir\"\n"
      "FILE \"audio.bin\" BINARY\n"
      "  TRACK 01 AUDIO\n"
      "    TITLE \"Jóga\"\n"
      "    INDEX 01 00:00:00\n";
    g_autofree char *path = write_file (fixture, "bjork.cue", sheet, strlen (sheet));
    g_autoptr(SpImage) image = open_image (path);
    g_autoptr(SpBurnLayout) ok = sp_burn_layout_new (image, SP_BURN_TARGET_CD, &error);
    SpCdText **texts;
    guint n = 0;

    g_assert_no_error (error);
    texts = decode_session_packs (sp_burn_layout_get_session (ok), &n);
    g_assert_cmpstr (sp_cdtext_get (texts[0], SP_CDTEXT_TITLE), ==, "Björk Guðmundsdóttir");
    g_assert_cmpstr (sp_cdtext_get (texts[1], SP_CDTEXT_TITLE), ==, "Jóga");
    sp_cdtext_array_free (texts);
  }

  options->copies = 2;
  {
    static const char sheet[] =
      "FILE \"audio.bin\" BINARY\n"
      "  TRACK 01 MODE1/2352\n"
      "    INDEX 01 00:00:00\n";
    g_autofree char *path = write_file (fixture, "m1.cue", sheet, strlen (sheet));
    g_autoptr(SpImage) image = open_image (path);

    assert_plan_refused (image, drive, options, SP_BURN_ERROR_UNSUPPORTED_MODE,
                         "An image file is written once: more copies need discs");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/burn/layout/audio", test_audio_layout);
  ADD ("/burn/layout/audio-matches-libburn-cue-reader", test_audio_matches_libburn_cue_reader);
  ADD ("/burn/layout/data", test_data_layouts);
  ADD ("/burn/layout/mode1-raw", test_mode1_raw_layout);
  ADD ("/burn/layout/mode2-refused", test_mode2_refused);
  ADD ("/burn/layout/mixed-mode", test_mixed_mode);
  ADD ("/burn/layout/refusals", test_refusals);
  g_test_add_func ("/burn/layout/libburn-modes", test_libburn_modes);

  return g_test_run ();
}
