/* fuzz-probe.c: libFuzzer target for image type detection and lone BIN/ISO
 * images
 *
 * The input is the start of an image file. sp_probe_format() judges it
 * under each kind of name (.bin, .iso, .img, no extension) and
 * sp_probe_bin() guesses its sector size, for its own size and for a
 * larger file it could be the head of. Then the bytes are written as
 * "probe.bin", "probe.iso" and "probe" (no extension: told from the
 * content, so it may be read as a sheet too) and opened with
 * sp_image_open(), as a double-click would, and the image is walked.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-probe.h"

static void
check_guess (const SpBinGuess *guess)
{
  switch (guess->sector_size)
    {
    case 2048: case 2336: case 2352: case 2448:
      break;
    default:
      abort ();
    }
  fuzz_check_utf8 ("evidence", guess->evidence);
}

static void
open_as (const char   *name,
         const guint8 *data,
         gsize         size)
{
  g_autoptr(GFile) file = g_file_get_child (fuzz_get_folder (), name);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;

  if (!g_file_replace_contents (file, (const char *) data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &error))
    g_error ("%s", error->message);

  image = sp_image_open (file, NULL, &error);
  if (image)
    fuzz_exercise_image (image);
  else
    fuzz_check_error (error);
  g_file_delete (file, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const char *names[] = { "x.bin", "x.iso", "x.img", "x.raw", "x.CUE", "x.toc", "x", NULL };
  gsize head = MIN (size, (gsize) SP_PROBE_HEAD_SIZE);
  SpBinGuess guess;
  SpImageFormat format;

  fuzz_init ();

  sp_probe_bin (data, head, size, &guess);
  check_guess (&guess);
  sp_probe_bin (data, head, (guint64) size * 75 + 2352, &guess);
  check_guess (&guess);
  for (guint i = 0; names[i]; i++)
    if (sp_probe_format (names[i], data, head, size, &format) &&
        format != SP_IMAGE_FORMAT_CUE && format != SP_IMAGE_FORMAT_TOC &&
        format != SP_IMAGE_FORMAT_ISO && format != SP_IMAGE_FORMAT_BIN)
      abort ();

  if (size > 0)
    {
      open_as ("probe.bin", data, size);
      open_as ("probe.iso", data, size);
      open_as ("probe", data, size);
    }
  fuzz_check_fds ();
  return 0;
}
