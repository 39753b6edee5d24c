/* fuzz-cue.c: libFuzzer target for the cue sheet reader
 *
 * The input is the bytes of a cue sheet: text decoding (BOM, UTF-16,
 * Windows-1252), the parser, resolving the files it names (beside it, in
 * the folder fuzz-common.c fills), the layout, CDTEXTFILE, and then every
 * track's facts and sector reads at its edges.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SpImage) image = NULL;

  fuzz_init ();
  image = fuzz_load_sheet (data, size, SP_IMAGE_FORMAT_CUE);
  if (image)
    fuzz_exercise_image (image);
  g_clear_object (&image);
  fuzz_check_fds ();
  return 0;
}
