/* test-burn-stdio.c: burning through libburn's stdio: pseudo-drive
 *
 * An ISO made by genisoimage and the MODE1/2352 image libcdio publishes
 * (data/README.md) are burnt into image files; the files must hold exactly
 * the images' user data. Verify after burn passes, and finds a flipped
 * byte and a missing sector. A burn cancelled half-way returns at once,
 * leaves no file and no libburn thread behind, and the target can be used
 * again.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sp-burn.h"
#include "sp-burn-readback.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("spindle-burn-stdio-XXXXXX", &error);
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

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
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

static gboolean
run_shell (const char *command)
{
  g_autofree char *quoted = g_shell_quote (command);
  g_autofree char *line = g_strdup_printf ("sh -c %s", quoted);
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (line, NULL, NULL, &status, &error))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* An ISO 9660 image by genisoimage, of about @kib KiB of random files. */
static char *
make_iso (Fixture *fixture,
          guint    kib)
{
  g_autofree char *tree = g_build_filename (fixture->dir, "tree", NULL);
  char *iso = g_build_filename (fixture->dir, "data.iso", NULL);
  g_autofree char *command = NULL;

  g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");

  if (genisoimage == NULL)
    {
      g_free (iso);
      return NULL;
    }
  g_mkdir_with_parents (tree, 0755);
  command = g_strdup_printf ("head -c %uK /dev/urandom > '%s/a.bin' && echo hello > '%s/b.txt' && "
                             "genisoimage -quiet -R -J -V SPINDLE -o '%s' '%s'", kib, tree, tree, iso, tree);
  g_assert_true (run_shell (command));
  return iso;
}

/* libcdio's isofs-m1.bin and its sheet, in the fixture folder. */
static char *
make_mode1_raw (Fixture *fixture)
{
  const char *root = g_getenv ("SPINDLE_SOURCE_ROOT");
  g_autofree char *xz = g_build_filename (root, "tests", "burn", "data", "libcdio-isofs-m1.bin.xz", NULL);
  g_autofree char *cue_src = g_build_filename (root, "tests", "burn", "data", "libcdio-isofs-m1.cue", NULL);
  g_autofree char *command = g_strdup_printf ("xz -dc '%s' > '%s/ISOFS-M1.BIN' && cp '%s' '%s/isofs-m1.cue'",
                                              xz, fixture->dir, cue_src, fixture->dir);

  g_assert_true (run_shell (command));
  return g_build_filename (fixture->dir, "isofs-m1.cue", NULL);
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

/* What an image file must hold: each sector's 2048 bytes of user data. */
static GBytes *
user_data (SpImage *image)
{
  gint64 leadout = sp_image_get_leadout (image);
  GByteArray *bytes = g_byte_array_new ();
  guint8 raw[2352];

  for (gint64 i = 0; i < leadout; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (sp_image_read_sectors (image, i, 1, raw, NULL, &error));
      g_byte_array_append (bytes, raw + 16, 2048);
    }
  return g_byte_array_free_to_bytes (bytes);
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
assert_no_temporary (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)))
    g_assert_false (strstr (name, ".spindle-") != NULL);
}

/* Threads libburn started: they carry the program's name; GLib names its
 * own ("pool-N", "gmain"). */
static guint
count_libburn_threads (void)
{
  g_autofree char *own = NULL;
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &own, NULL, NULL));
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", name);
      g_autofree char *comm = NULL;

      if (atoi (name) == getpid ())
        continue;
      if (g_file_get_contents (path, &comm, NULL, NULL) && g_strcmp0 (comm, own) == 0)
        count++;
    }
  return count;
}

static void
burn_ok (SpImage             *image,
         const char          *address,
         const SpBurnOptions *options)
{
  g_autoptr(SpBurnJob) job = sp_burn_job_new (image, address);
  g_autoptr(GError) error = NULL;

  if (options)
    sp_burn_job_set_options (job, options);
  sp_burn_job_run (job, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sp_burn_job_get_burning (job));
  g_assert_cmpint (sp_burn_job_get_phase (job), ==, SP_BURN_PHASE_DONE);
  g_assert_cmpint (sp_burn_plan_get_backend (sp_burn_job_get_plan (job)), ==, SP_BURN_BACKEND_LIBBURN);
  if (options && options->verify)
    g_assert_true (sp_burn_job_get_verified (job) == !options->simulate);
}

static void
test_iso (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *iso = make_iso (fixture, 3000);
  g_autofree char *out = NULL, *address = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(GBytes) expected = NULL, written = NULL;

  if (iso == NULL)
    {
      g_test_skip ("genisoimage is not installed");
      return;
    }
  out = g_build_filename (fixture->dir, "out.iso", NULL);
  address = g_strconcat ("stdio:", out, NULL);
  image = open_image (iso);

  /* An existing, longer file is replaced, not overwritten in place. */
  g_assert_true (g_file_set_contents (out, "x", 1, NULL));
  g_assert_cmpint (truncate (out, 64 * 1024 * 1024), ==, 0);

  options->verify = TRUE;
  burn_ok (image, address, options);

  expected = read_bytes (iso);
  written = read_bytes (out);
  g_assert_true (g_bytes_equal (expected, written));
  assert_no_temporary (fixture);
  g_assert_cmpuint (count_libburn_threads (), ==, 0);
}

static void
test_mode1_raw (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *cue = make_mode1_raw (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "m1.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(GBytes) expected = NULL, written = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autofree char *raw_path = NULL;
  gsize length = 0;
  const guint8 *bytes;

  options->verify = TRUE;
  burn_ok (image, address, options);
  written = read_bytes (out);
  expected = user_data (image);
  g_assert_true (g_bytes_equal (expected, written));

  /* The same bytes straight from the raw file: 16 bytes in, 2048 long. */
  raw_path = g_build_filename (fixture->dir, "ISOFS-M1.BIN", NULL);
  raw = read_bytes (raw_path);
  bytes = g_bytes_get_data (raw, &length);
  g_assert_cmpuint (length, ==, 302 * 2352);
  g_assert_cmpuint (g_bytes_get_size (written), ==, 302 * 2048);
  for (guint i = 0; i < 302; i++)
    g_assert_cmpmem ((const guint8 *) g_bytes_get_data (written, NULL) + i * 2048, 2048, bytes + i * 2352 + 16, 2048);
}

/* Verify after burn: the job's read back passes on the burnt file; the same
 * read back finds a flipped byte where it is, and missing sectors. */
static void
test_verify_finds_differences (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *cue = make_mode1_raw (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "m1.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(GArray) mismatches = g_array_new (FALSE, FALSE, sizeof (SpBurnMismatch));
  g_autoptr(SpJob) progress = sp_job_new ("Verifying");
  g_autoptr(GError) error = NULL;
  guint64 n = 0;
  FILE *file;

  options->verify = TRUE;
  burn_ok (image, address, options);

  g_assert_true (sp_burn_readback (image, address, FALSE, progress, NULL, mismatches, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);

  /* One byte of sector 150. */
  file = fopen (out, "r+b");
  g_assert_nonnull (file);
  fseek (file, 150 * 2048 + 777, SEEK_SET);
  {
    int c = fgetc (file);

    fseek (file, 150 * 2048 + 777, SEEK_SET);
    fputc (c ^ 0x20, file);
  }
  fclose (file);

  g_assert_true (sp_burn_readback (image, address, FALSE, progress, NULL, mismatches, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (mismatches->len, ==, 1);
  g_assert_cmpint (g_array_index (mismatches, SpBurnMismatch, 0).position, ==, 150);
  g_assert_cmpuint (g_array_index (mismatches, SpBurnMismatch, 0).track, ==, 1);
  g_assert_cmpint (g_array_index (mismatches, SpBurnMismatch, 0).offset, ==, 777);

  /* The last two sectors gone. */
  g_assert_cmpint (truncate (out, 300 * 2048), ==, 0);
  g_array_set_size (mismatches, 0);
  g_assert_true (sp_burn_readback (image, address, FALSE, progress, NULL, mismatches, &n, &error));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (g_array_index (mismatches, SpBurnMismatch, 1).position, ==, 300);
  g_assert_cmpint (g_array_index (mismatches, SpBurnMismatch, 1).offset, ==, -1);
  g_assert_cmpint (g_array_index (mismatches, SpBurnMismatch, 2).position, ==, 301);
}

static void
test_refused_before_writing (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *cue = make_mode1_raw (fixture);
  g_autofree char *bin = g_build_filename (fixture->dir, "ISOFS-M1.BIN", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "bad.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FILE *file;

  /* A byte of sector 42's user data changed: its EDC and ECC no longer
   * fit, and a burn would "repair" the sector. */
  file = fopen (bin, "r+b");
  fseek (file, 42 * 2352 + 16 + 5, SEEK_SET);
  fputc (0x5a, file);
  fclose (file);

  image = open_image (cue);
  job = sp_burn_job_new (image, address);
  g_assert_false (sp_burn_job_run (job, NULL, &error));
  g_assert_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT);
  g_assert_cmpstr (error->message, ==,
                   "Sector 42 (00:00:42) of track 01 is not a standard Mode 1 sector (its EDC and ECC are wrong): "
                   "libburn sends only its 2048 bytes of user data and the drive writes sync, header, EDC and ECC "
                   "anew, so the disc would not hold this sector as the image does.");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temporary (fixture);
  g_assert_false (sp_burn_job_get_burning (job));
}

static void
test_too_big (Fixture       *fixture,
              gconstpointer  data)
{
  static const char sheet[] =
    "FILE \"huge.bin\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n";
  g_autofree char *bin = g_build_filename (fixture->dir, "huge.bin", NULL);
  g_autofree char *cue = g_build_filename (fixture->dir, "huge.cue", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "huge.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpDrive) drive = NULL;
  g_autoptr(SpBurnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *need = NULL, *room = NULL;

  /* A sparse file far larger than any test machine's disk. */
  g_assert_true (g_file_set_contents (bin, "", 0, NULL));
  g_assert_cmpint (truncate (bin, (off_t) 10 << 40), ==, 0);
  g_assert_true (g_file_set_contents (cue, sheet, -1, NULL));
  image = open_image (cue);

  drive = sp_drive_inquire (address, NULL, &error);
  g_assert_no_error (error);
  job = sp_burn_job_new (image, address);
  g_assert_false (sp_burn_job_run (job, NULL, &error));
  g_assert_error (error, SP_BURN_ERROR, SP_BURN_ERROR_TOO_BIG);
  need = g_format_size_full ((guint64) 10 << 40, G_FORMAT_SIZE_LONG_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "The image does not fit: it needs "));
  g_assert_nonnull (strstr (error->message, need));
  g_assert_nonnull (strstr (error->message, " free"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temporary (fixture);
}

static void
test_simulate_writes_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *cue = make_mode1_raw (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "sim.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();

  options->simulate = TRUE;
  options->verify = TRUE;   /* nothing to verify after a simulation: skipped */
  burn_ok (image, address, options);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temporary (fixture);
}

typedef struct
{
  GCancellable *cancellable;
  gint64 cancelled_at;
  gint64 sectors_at_cancel;
} CancelState;

static void
on_progress (SpBurnJob   *job,
             GParamSpec  *pspec,
             CancelState *state)
{
  if (state->cancelled_at == 0 && sp_burn_job_get_phase (job) == SP_BURN_PHASE_WRITING &&
      sp_burn_job_get_sectors_done (job) > 1000)
    {
      state->sectors_at_cancel = sp_burn_job_get_sectors_done (job);
      state->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (state->cancellable);
    }
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  static const char sheet[] =
    "FILE \"large.bin\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n";
  g_autofree char *bin = g_build_filename (fixture->dir, "large.bin", NULL);
  g_autofree char *cue = g_build_filename (fixture->dir, "large.cue", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "large.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelState state = { cancellable, 0, 0 };
  gint64 returned;

  /* 8 GiB (sparse): far more than is written before the cancel. */
  g_assert_true (g_file_set_contents (bin, "", 0, NULL));
  g_assert_cmpint (truncate (bin, (off_t) 8 << 30), ==, 0);
  g_assert_true (g_file_set_contents (cue, sheet, -1, NULL));
  image = open_image (cue);

  job = sp_burn_job_new (image, address);
  g_signal_connect (job, "notify::sectors-done", G_CALLBACK (on_progress), &state);
  g_assert_false (sp_burn_job_run (job, cancellable, &error));
  returned = g_get_monotonic_time ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "Writing the image file was cancelled; nothing was kept");
  g_assert_cmpint (state.cancelled_at, >, 0);
  g_test_message ("cancelled after %" G_GINT64_FORMAT " sectors, returned %.3f s later",
                  state.sectors_at_cancel, (returned - state.cancelled_at) / 1e6);
  g_assert_cmpint (returned - state.cancelled_at, <, 3 * G_USEC_PER_SEC);
  g_assert_false (sp_burn_job_get_burning (job));
  g_clear_error (&error);

  /* Nothing left: no file, no temporary file, no libburn thread. */
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  assert_no_temporary (fixture);
  g_assert_cmpuint (count_libburn_threads (), ==, 0);

  /* The target can be grabbed and written again. */
  {
    g_autoptr(SpDrive) drive = sp_drive_inquire (address, NULL, &error);
    g_autofree char *small = make_mode1_raw (fixture);
    g_autoptr(SpImage) again = open_image (small);
    g_autoptr(SpBurnOptions) options = sp_burn_options_new ();

    g_assert_no_error (error);
    g_assert_cmpint (sp_drive_get_media_status (drive), ==, SP_MEDIA_STATUS_BLANK);
    options->verify = TRUE;
    burn_ok (again, address, options);
    g_assert_cmpuint (count_libburn_threads (), ==, 0);
  }
}

/* A cancel at a random moment of a burn with verify (before it starts,
 * during the sector check, while writing, while reading back, after the
 * end): either the job finished and the file is the image's user data, or
 * it was cancelled and nothing is left; the source never changes, no
 * libburn thread stays, and the next burn works. */
typedef struct
{
  GCancellable *cancellable;
  gint64 delay_us;
} DelayedCancel;

static gpointer
cancel_later (gpointer data)
{
  DelayedCancel *delayed = data;

  g_usleep ((gulong) delayed->delay_us);
  g_cancellable_cancel (delayed->cancellable);
  return NULL;
}

static char *
file_sha1 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (const guchar *) contents, length);
}

static void
test_cancel_at_random_points (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char sheet[] =
    "FILE \"random.bin\" BINARY\n"
    "  TRACK 01 MODE1/2048\n"
    "    INDEX 01 00:00:00\n";
  g_autofree char *bin = g_build_filename (fixture->dir, "random.bin", NULL);
  g_autofree char *cue = g_build_filename (fixture->dir, "random.cue", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "random.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autofree guint8 *bytes = g_malloc (24 << 20);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  gint64 full_us, started;
  guint cancelled = 0, finished = 0, before_writing = 0;

  /* 24 MiB of random data: a cancel that comes too late is seen as a
   * complete, correct file, one that comes early as none at all. */
  for (gsize i = 0; i < (gsize) 24 << 20; i += 4)
    *(guint32 *) (bytes + i) = g_test_rand_int ();
  g_assert_true (g_file_set_contents (bin, (const char *) bytes, (gssize) 24 << 20, NULL));
  g_assert_true (g_file_set_contents (cue, sheet, -1, NULL));
  before = file_sha1 (bin);
  image = open_image (cue);
  options->verify = TRUE;

  /* How long a whole burn takes here, to spread the cancels over it. */
  started = g_get_monotonic_time ();
  burn_ok (image, address, options);
  full_us = g_get_monotonic_time () - started;
  g_assert_cmpint (g_unlink (out), ==, 0);

  /* Cancelled before it began: the one delay the random ones hardly ever
   * draw (preparing a file takes a millisecond). */
  {
    g_autoptr(SpBurnJob) job = sp_burn_job_new (image, address);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;

    sp_burn_job_set_options (job, options);
    g_cancellable_cancel (cancellable);
    g_assert_false (sp_burn_job_run (job, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpstr (error->message, ==, "Cancelled before writing");
    g_assert_cmpint (sp_burn_job_get_phase (job), ==, SP_BURN_PHASE_PREPARING);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    assert_no_temporary (fixture);
  }

  for (guint trial = 0; trial < 16; trial++)
    {
      g_autoptr(SpBurnJob) job = sp_burn_job_new (image, address);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      DelayedCancel delayed = { cancellable, g_test_rand_int_range (0, (gint32) MIN (full_us * 5 / 4, G_MAXINT32)) };
      GThread *thread;
      gboolean ok;

      sp_burn_job_set_options (job, options);
      thread = g_thread_new ("cancel-later", cancel_later, &delayed);
      ok = sp_burn_job_run (job, cancellable, &error);
      g_thread_join (thread);
      g_assert_false (sp_burn_job_get_burning (job));
      if (ok)
        {
          g_autoptr(GBytes) written = read_bytes (out);

          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (written), ==, (gsize) 24 << 20);
          g_assert_cmpmem (g_bytes_get_data (written, NULL), (gsize) 24 << 20, bytes, (gsize) 24 << 20);
          g_assert_cmpint (g_unlink (out), ==, 0);
          finished++;
        }
      else
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          if (sp_burn_job_get_phase (job) == SP_BURN_PHASE_VERIFYING)
            {
              /* Written whole and renamed into place: only the check was cut short. */
              g_autoptr(GBytes) written = read_bytes (out);

              g_assert_cmpstr (error->message, ==,
                               "Verifying was cancelled: the image file was written whole, but not checked");
              g_assert_cmpmem (g_bytes_get_data (written, NULL), g_bytes_get_size (written), bytes, (gsize) 24 << 20);
              g_assert_false (sp_burn_job_get_verified (job));
              g_assert_cmpint (g_unlink (out), ==, 0);
            }
          else if (sp_burn_job_get_phase (job) == SP_BURN_PHASE_PREPARING)
            {
              /* While the drive was inquired or the target prepared. */
              g_assert_cmpstr (error->message, ==, "Cancelled before writing");
              g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
              before_writing++;
            }
          else
            {
              g_assert_cmpstr (error->message, ==, "Writing the image file was cancelled; nothing was kept");
              g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
            }
          cancelled++;
        }
      assert_no_temporary (fixture);
      g_assert_cmpuint (count_libburn_threads (), ==, 0);
    }
  g_test_message ("a whole burn with verify took %.3f s; %u cancelled (%u before writing), %u finished first",
                  full_us / 1e6, cancelled, before_writing, finished);
  g_assert_cmpuint (cancelled, >, 0);

  after = file_sha1 (bin);
  g_assert_cmpstr (before, ==, after);
  burn_ok (image, address, options);
}

/* Progress: phases in order, sectors counted up to the total. */
typedef struct
{
  GArray *phases;
  gint64 last_done;
  gboolean went_back;
  double fifo_max;
} ProgressLog;

static void
on_phase (SpBurnJob   *job,
          GParamSpec  *pspec,
          ProgressLog *log)
{
  SpBurnPhase phase = sp_burn_job_get_phase (job);

  g_array_append_val (log->phases, phase);
}

static void
on_sectors (SpBurnJob   *job,
            GParamSpec  *pspec,
            ProgressLog *log)
{
  if (sp_burn_job_get_sectors_done (job) < log->last_done)
    log->went_back = TRUE;
  log->last_done = sp_burn_job_get_sectors_done (job);
  log->fifo_max = MAX (log->fifo_max, sp_burn_job_get_fifo_fill (job));
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *cue = make_mode1_raw (fixture);
  g_autofree char *out = g_build_filename (fixture->dir, "p.iso", NULL);
  g_autofree char *address = g_strconcat ("stdio:", out, NULL);
  g_autoptr(SpImage) image = open_image (cue);
  g_autoptr(SpBurnJob) job = sp_burn_job_new (image, address);
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(GError) error = NULL;
  ProgressLog log = { g_array_new (FALSE, FALSE, sizeof (SpBurnPhase)), 0, FALSE, -1 };

  options->verify = TRUE;
  sp_burn_job_set_options (job, options);
  g_signal_connect (job, "notify::phase", G_CALLBACK (on_phase), &log);
  g_signal_connect (job, "notify::sectors-done", G_CALLBACK (on_sectors), &log);

  g_assert_true (sp_burn_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (log.phases, SpBurnPhase, 0), ==, SP_BURN_PHASE_PREPARING);
  g_assert_cmpint (g_array_index (log.phases, SpBurnPhase, 1), ==, SP_BURN_PHASE_CHECKING);
  g_assert_cmpint (g_array_index (log.phases, SpBurnPhase, log.phases->len - 2), ==, SP_BURN_PHASE_VERIFYING);
  g_assert_cmpint (g_array_index (log.phases, SpBurnPhase, log.phases->len - 1), ==, SP_BURN_PHASE_DONE);
  g_assert_false (log.went_back);
  g_assert_cmpint (sp_burn_job_get_sectors_done (job), ==, 302);
  g_assert_cmpint (sp_burn_job_get_sectors_total (job), ==, 302);
  g_array_unref (log.phases);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/burn/stdio/iso", test_iso);
  ADD ("/burn/stdio/mode1-raw", test_mode1_raw);
  ADD ("/burn/stdio/verify-finds-differences", test_verify_finds_differences);
  ADD ("/burn/stdio/refused-before-writing", test_refused_before_writing);
  ADD ("/burn/stdio/too-big", test_too_big);
  ADD ("/burn/stdio/simulate", test_simulate_writes_nothing);
  ADD ("/burn/stdio/cancel", test_cancel);
  ADD ("/burn/stdio/cancel-at-random-points", test_cancel_at_random_points);
  ADD ("/burn/stdio/progress", test_progress);

  status = g_test_run ();
  sp_burn_shutdown ();
  return status;
}
