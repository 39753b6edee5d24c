/* replay-main.c: runs a fuzz target on files, without libFuzzer
 *
 * Linked with each fuzz target in the regular build (any compiler), so
 * the seed corpus and every input that once crashed a target are replayed
 * by `meson test`, and under the sanitizers in the CI's sanitizer build.
 * Arguments are files or folders (every file in them).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

#if defined(__SANITIZE_ADDRESS__)
# define REPLAY_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define REPLAY_ASAN 1
# endif
#endif

#ifdef REPLAY_ASAN
/* As the fuzzers run with -rss_limit_mb=2048: an input that makes the core
 * ask for more at once (a folder claiming 2.8 GB did) fails its replay in
 * the sanitizer build. ASAN_OPTIONS adds to this, it does not replace it. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "max_allocation_size_mb=2048";
}
#endif

static guint n_run;
static gint baseline_fds = -1;

static gint
count_fds (gboolean show)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  gint n = 0;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      if (show)
        {
          g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);

          g_printerr ("  fd %s: %s\n", name, target ? target : "?");
        }
      n++;
    }
  return n;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  /* A private copy of exactly @length bytes, as libFuzzer gives, so that
   * AddressSanitizer sees a read past the end; like libFuzzer's, never a
   * NULL pointer, even for an empty input. */
  {
    g_autofree guint8 *exact = g_malloc (MAX (length, 1));

    memcpy (exact, contents, length);
    LLVMFuzzerTestOneInput (exact, length);
  }
  n_run++;

  /* A descriptor left open by an input is a leak that ends in "too many
   * open files" after enough of them (the TOC fuzzer found one). GLib
   * opens a few of its own once: the count after the first input is the
   * baseline. */
  if (baseline_fds < 0)
    baseline_fds = count_fds (FALSE);
  else if (count_fds (FALSE) > baseline_fds)
    {
      g_printerr ("%s left %d file descriptors open; open now:\n", path, count_fds (FALSE) - baseline_fds);
      count_fds (TRUE);
      abort ();
    }
}

static void
replay (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_print ("%s: not there, nothing to replay\n", path);
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      /* Closed before the inputs run: its descriptor is not theirs. */
      {
        g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
        const char *name;

        while (dir && (name = g_dir_read_name (dir)) != NULL)
          if (name[0] != '.')
            g_ptr_array_add (names, g_build_filename (path, name, NULL));
      }
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        replay (g_ptr_array_index (names, i));
    }
  else
    replay_file (path);
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    replay (argv[i]);
  g_print ("%u inputs replayed, no crash\n", n_run);
  return 0;
}
