/* test-fault-verify.c: faults while an image is open, shown and verified
 *
 * The backing files of an open image are truncated, replaced by rename,
 * overwritten in place, shrunk while a verify runs in another thread; a
 * verify is cancelled at random points. Each case asserts what the user is
 * told (missing sectors, exactly where they are known), that nothing
 * crashes (no SIGBUS: reads are pread(), never mmap()), that the image's
 * files are opened read-only and come out byte for byte unchanged, and that
 * no descriptor is left open. Leaks are found by running this under
 * AddressSanitizer (the CI's sanitizer pass) or valgrind.
 *
 * The image is a MODE1/2352 data track and an audio track, made by our own
 * sector encoder: these tests are about faults, not about EDC/ECC values
 * (test-sector.c checks those against other tools' sectors).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-error.h"
#include "sp-image.h"
#include "sp-msf.h"
#include "sp-sector.h"
#include "sp-verify.h"

#define DATA_SECTORS 12000    /* 28 MB: long enough to cancel or cut in the middle */
#define AUDIO_SECTORS 3000
#define CUT_DATA 5000         /* where a truncation leaves the data file */
#define CUT_AUDIO 1000

typedef struct
{
  char *dir;
  char *data_path;
  char *audio_path;
  char *sheet_path;
  char *data_sum;
  char *audio_sum;
} Fixture;

/* Descriptors open on files in @folder (GLib's own, such as its main
 * contexts' wake-up descriptors, made once per process, do not count). */
static guint
count_open_fds (const char *folder,
                gboolean    report)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target && g_str_has_prefix (target, folder))
        {
          if (report)
            g_test_message ("still open: %s", target);
          n++;
        }
    }
  return n;
}

static char *
file_sum (const char *path)
{
  g_autoptr(GMappedFile) map = NULL;
  g_autoptr(GError) error = NULL;

  map = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (map),
                                      g_mapped_file_get_length (map));
}

static void
write_all (const char   *path,
           const guint8 *data,
           gsize         length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, (gssize) length, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bin = g_malloc ((gsize) DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  g_autofree guint8 *audio = g_malloc ((gsize) AUDIO_SECTORS * SP_RAW_SECTOR_SIZE);
  guint8 user[2048];

  f->dir = g_dir_make_tmp ("spindle-fault-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_path = g_build_filename (f->dir, "data.bin", NULL);
  f->audio_path = g_build_filename (f->dir, "audio.bin", NULL);
  f->sheet_path = g_build_filename (f->dir, "disc.cue", NULL);

  for (gint64 lba = 0; lba < DATA_SECTORS; lba++)
    {
      for (guint i = 0; i < sizeof user; i++)
        user[i] = (guint8) (lba * 7 + i);
      sp_sector_encode_mode1 (bin + lba * SP_RAW_SECTOR_SIZE, lba, user);
    }
  for (gsize i = 0; i < (gsize) AUDIO_SECTORS * SP_RAW_SECTOR_SIZE; i++)
    audio[i] = (guint8) (i * 13);

  write_all (f->data_path, bin, (gsize) DATA_SECTORS * SP_RAW_SECTOR_SIZE);
  write_all (f->audio_path, audio, (gsize) AUDIO_SECTORS * SP_RAW_SECTOR_SIZE);
  {
    const char *sheet = "FILE \"data.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n"
                        "FILE \"audio.bin\" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n";

    write_all (f->sheet_path, (const guint8 *) sheet, strlen (sheet));
  }
  f->data_sum = file_sum (f->data_path);
  f->audio_sum = file_sum (f->audio_path);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Every image and verify is gone by now, and so are their descriptors;
   * but GTask's worker thread drops its reference to the verify (and so
   * to the image) just after the result reaches the main loop, which can
   * be a millisecond or two later. */
  {
    gint64 start = g_get_monotonic_time ();

    while (count_open_fds (f->dir, FALSE) > 0 && g_get_monotonic_time () - start < 3 * G_USEC_PER_SEC)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  g_assert_cmpuint (count_open_fds (f->dir, TRUE), ==, 0);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->data_path);
  g_free (f->audio_path);
  g_free (f->sheet_path);
  g_free (f->data_sum);
  g_free (f->audio_sum);
}

static SpImage *
open_image (Fixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->sheet_path);
  g_autoptr(GError) error = NULL;
  SpImage *image = sp_image_open (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (image);
  g_assert_cmpint (sp_image_get_leadout (image), ==, DATA_SECTORS + AUDIO_SECTORS);
  return image;
}

static void
assert_unchanged (Fixture *f)
{
  g_autofree char *data_sum = file_sum (f->data_path);
  g_autofree char *audio_sum = file_sum (f->audio_path);

  g_assert_cmpstr (data_sum, ==, f->data_sum);
  g_assert_cmpstr (audio_sum, ==, f->audio_sum);
}

static void
truncate_to (const char *path,
             gint64      sectors,
             guint       extra_bytes)
{
  g_assert_cmpint (truncate (path, (off_t) sectors * SP_RAW_SECTOR_SIZE + extra_bytes), ==, 0);
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} Wait;

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = sp_verify_run_finish (SP_VERIFY (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Runs a verify to its end on the main loop, as the app does. */
static gboolean
run_verify (SpVerify      *verify,
            GCancellable  *cancellable,
            GError       **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  sp_verify_run_async (verify, cancellable, verify_done, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

/* Every bad sector is missing, and exactly [from, to) of a track is. */
static void
assert_missing_range (SpVerify *verify,
                      guint     track,
                      gint64    from,
                      gint64    to)
{
  gint64 n = 0;

  for (guint i = 0; i < sp_verify_get_n_bad (verify); i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (verify, i);

      g_assert_cmpint (bad->errors, ==, SP_SECTOR_ERROR_MISSING);
      if (bad->track == track)
        {
          g_assert_cmpint (bad->position, ==, from + n);
          n++;
        }
    }
  g_assert_cmpint (n, ==, to - from);
}

/* The descriptors the image holds on its files are read-only. */
static void
assert_opened_read_only (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint found = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      g_autofree char *info_path = NULL;
      g_autofree char *info = NULL;
      const char *flags;

      if (g_strcmp0 (target, path) != 0)
        continue;
      info_path = g_build_filename ("/proc/self/fdinfo", name, NULL);
      g_assert_true (g_file_get_contents (info_path, &info, NULL, NULL));
      flags = strstr (info, "flags:");
      g_assert_nonnull (flags);
      g_assert_cmpint (g_ascii_strtoull (flags + 6, NULL, 8) & O_ACCMODE, ==, O_RDONLY);
      found++;
    }
  g_assert_cmpuint (found, >=, 1);
}

static void
test_intact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SpImage) image = open_image (f);
  g_autoptr(SpVerify) verify = sp_verify_new (image);
  g_autoptr(GError) error = NULL;

  assert_opened_read_only (f->data_path);
  assert_opened_read_only (f->audio_path);
  g_assert_true (run_verify (verify, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sp_verify_get_sectors (verify), ==, DATA_SECTORS + AUDIO_SECTORS);
  g_assert_cmpuint (sp_verify_get_n_bad (verify), ==, 0);
  assert_unchanged (f);
}

/* Both files shrink after the image opened (a partial last sector
 * included): verify names exactly the missing sectors, and reading them for
 * the hex view is an error, not a crash. */
static void
test_truncated_after_open (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpImage) image = open_image (f);
  g_autoptr(SpVerify) verify = sp_verify_new (image);
  g_autoptr(GError) error = NULL;
  guint8 buffer[2 * SP_RAW_SECTOR_SIZE];
  guint n_read = 0;

  truncate_to (f->data_path, CUT_DATA, 1000);
  truncate_to (f->audio_path, CUT_AUDIO, 0);

  g_assert_true (run_verify (verify, NULL, &error));
  g_assert_no_error (error);
  assert_missing_range (verify, 1, CUT_DATA, DATA_SECTORS);
  assert_missing_range (verify, 2, DATA_SECTORS + CUT_AUDIO, DATA_SECTORS + AUDIO_SECTORS);
  g_assert_cmpint (sp_verify_get_track (verify, 0)->missing, ==, DATA_SECTORS - CUT_DATA);
  g_assert_cmpint (sp_verify_get_track (verify, 1)->missing, ==, AUDIO_SECTORS - CUT_AUDIO);

  /* The sector before the cut reads; one across it reads one, then fails. */
  g_assert_true (sp_image_read_sectors (image, CUT_DATA - 1, 1, buffer, &n_read, &error));
  g_assert_no_error (error);
  g_assert_false (sp_image_read_sectors (image, CUT_DATA - 1, 2, buffer, &n_read, &error));
  g_assert_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA);
  g_assert_cmpuint (n_read, ==, 1);
  g_clear_error (&error);
  g_assert_false (sp_image_read_sectors (image, DATA_SECTORS + AUDIO_SECTORS - 1, 1, buffer, &n_read, &error));
  g_assert_error (error, SP_IMAGE_ERROR, SP_IMAGE_ERROR_MISSING_DATA);
}

typedef struct
{
  char *path;
  guint delay_us;
  gint64 when;
} Cutter;

static gpointer
cut_later (gpointer data)
{
  Cutter *cutter = data;

  g_usleep (cutter->delay_us);
  truncate_to (cutter->path, CUT_DATA, 0);
  cutter->when = g_get_monotonic_time ();
  return NULL;
}

/* The data file shrinks from another thread while verify reads it. What
 * was read before the cut may be fine; whatever is reported is missing and
 * lies after the cut. Timing decides how much, so the run is repeated (on
 * a fresh file) until one of them has missing sectors. */
static void
test_truncated_during_verify (Fixture       *f,
                              gconstpointer  data)
{
  gint64 duration;
  gboolean seen_missing = FALSE;

  {
    g_autoptr(SpImage) image = open_image (f);
    g_autoptr(SpVerify) verify = sp_verify_new (image);
    gint64 start = g_get_monotonic_time ();

    sp_verify_set_threads (verify, 1);
    g_assert_true (run_verify (verify, NULL, NULL));
    duration = g_get_monotonic_time () - start;
  }

  for (guint attempt = 0; attempt < 8 && !seen_missing; attempt++)
    {
      g_autoptr(SpImage) image = NULL;
      g_autoptr(SpVerify) verify = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GThread) thread = NULL;
      g_autofree guint8 *copy = NULL;
      Cutter cutter = { f->data_path, (guint) (duration / (4 + attempt)), 0 };
      gsize length = 0;

      /* A fresh full file for each attempt. */
      {
        g_autofree char *original = g_strconcat (f->data_path, ".orig", NULL);

        if (attempt == 0)
          g_assert_true (g_file_get_contents (f->data_path, (char **) &copy, &length, NULL));
        else
          g_assert_true (g_file_get_contents (original, (char **) &copy, &length, NULL));
        write_all (original, copy, length);
        write_all (f->data_path, copy, length);
      }

      image = open_image (f);
      verify = sp_verify_new (image);
      sp_verify_set_threads (verify, 1);
      thread = g_thread_new ("cutter", cut_later, &cutter);
      g_assert_true (run_verify (verify, NULL, &error));
      g_assert_no_error (error);
      g_thread_join (g_steal_pointer (&thread));

      for (guint i = 0; i < sp_verify_get_n_bad (verify); i++)
        {
          const SpBadSector *bad = sp_verify_get_bad (verify, i);

          g_assert_cmpint (bad->errors, ==, SP_SECTOR_ERROR_MISSING);
          g_assert_cmpint (bad->position, >=, CUT_DATA);
          g_assert_cmpint (bad->position, <, DATA_SECTORS);
        }
      g_test_message ("cut after %u µs: %u missing", cutter.delay_us, sp_verify_get_n_bad (verify));
      seen_missing = sp_verify_get_n_bad (verify) > 0;
    }
  g_assert_true (seen_missing);
  {
    g_autofree char *original = g_strconcat (f->data_path, ".orig", NULL);
    g_unlink (original);
  }
}

/* Another file is renamed over the data file, as a download or an editor
 * replaces a file: the image keeps reading the file it opened, whole. */
static void
test_replaced_by_rename (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SpImage) image = open_image (f);
  g_autoptr(SpVerify) verify = sp_verify_new (image);
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.bin", NULL);
  g_autofree guint8 *junk = g_malloc0 (100 * SP_RAW_SECTOR_SIZE);
  guint8 sector[SP_RAW_SECTOR_SIZE];

  write_all (other, junk, 100 * SP_RAW_SECTOR_SIZE);
  g_assert_cmpint (g_rename (other, f->data_path), ==, 0);

  g_assert_true (run_verify (verify, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_verify_get_n_bad (verify), ==, 0);
  g_assert_true (sp_image_read_sectors (image, DATA_SECTORS - 1, 1, sector, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_sector_check (sector, DATA_SECTORS - 1), ==, SP_SECTOR_ERROR_NONE);
}

/* 100 sectors are overwritten in place with zeros: exactly those are
 * reported, as sync errors (a data sector without its sync pattern). */
static void
test_overwritten_in_place (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpImage) image = open_image (f);
  g_autoptr(SpVerify) verify = sp_verify_new (image);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *zeros = g_malloc0 (100 * SP_RAW_SECTOR_SIZE);
  int fd = open (f->data_path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, zeros, 100 * SP_RAW_SECTOR_SIZE, 700 * SP_RAW_SECTOR_SIZE), ==,
                   100 * SP_RAW_SECTOR_SIZE);
  close (fd);

  g_assert_true (run_verify (verify, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_verify_get_n_bad (verify), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      const SpBadSector *bad = sp_verify_get_bad (verify, i);

      g_assert_cmpint (bad->position, ==, 700 + i);
      g_assert_true (bad->errors & SP_SECTOR_ERROR_SYNC);
    }
}

typedef struct
{
  GCancellable *cancellable;
  guint delay_us;
} Canceller;

static gpointer
cancel_later (gpointer data)
{
  Canceller *c = data;

  g_usleep (c->delay_us);
  g_cancellable_cancel (c->cancellable);
  return NULL;
}

/* A cancel at a random moment (before the start, during, after the end):
 * the verify ends with G_IO_ERROR_CANCELLED or its full result, nothing
 * leaks (AddressSanitizer, valgrind), no descriptor stays open (the
 * fixture checks), and the files are unchanged. */
static void
test_cancel_at_random_points (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SpImage) image = open_image (f);
  gint64 duration;
  guint cancelled = 0, finished = 0;
  guint32 seed = g_test_rand_int ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  g_test_message ("seed %u", seed);
  {
    g_autoptr(SpVerify) verify = sp_verify_new (image);
    gint64 start = g_get_monotonic_time ();

    g_assert_true (run_verify (verify, NULL, NULL));
    duration = MAX (g_get_monotonic_time () - start, 1000);
  }

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(SpVerify) verify = sp_verify_new (image);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GThread) thread = NULL;
      Canceller c = { cancellable, (guint) g_rand_int_range (rand, 0, (gint32) MIN (duration * 5 / 4, G_MAXINT32)) };

      sp_verify_set_threads (verify, (guint) g_rand_int_range (rand, 1, 4));
      if (i == 0)
        g_cancellable_cancel (cancellable);
      else
        thread = g_thread_new ("canceller", cancel_later, &c);

      if (run_verify (verify, cancellable, &error))
        {
          g_assert_no_error (error);
          g_assert_cmpuint (sp_verify_get_n_bad (verify), ==, 0);
          g_assert_cmpint (sp_verify_get_sectors (verify), ==, DATA_SECTORS + AUDIO_SECTORS);
          finished++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
      if (thread)
        g_thread_join (g_steal_pointer (&thread));
    }
  g_test_message ("%u cancelled, %u finished first", cancelled, finished);
  g_assert_cmpuint (cancelled, >=, 1);
  assert_unchanged (f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/fault/verify/intact", test_intact);
  ADD ("/fault/verify/truncated-after-open", test_truncated_after_open);
  ADD ("/fault/verify/truncated-during-verify", test_truncated_during_verify);
  ADD ("/fault/verify/replaced-by-rename", test_replaced_by_rename);
  ADD ("/fault/verify/overwritten-in-place", test_overwritten_in_place);
  ADD ("/fault/verify/cancel-at-random-points", test_cancel_at_random_points);
#undef ADD

  return g_test_run ();
}
