/* fuzz-toc.c: libFuzzer target for the cdrdao TOC reader
 *
 * The input is the bytes of a TOC file, read like fuzz-cue.c reads a sheet.
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
  image = fuzz_load_sheet (data, size, SP_IMAGE_FORMAT_TOC);
  if (image)
    fuzz_exercise_image (image);
  g_clear_object (&image);
  fuzz_check_fds ();
  return 0;
}
