/* fuzz-cdtext.c: libFuzzer target for the CD-TEXT pack decoder
 *
 * The input is a CD-TEXT file (CDTEXTFILE of a cue sheet: 18-byte packs,
 * maybe after cdrecord's 4-byte header). It is decoded directly, and then
 * the way a sheet reads it: written as "fuzz.cdt" beside a three-track
 * sheet that names it, whose tracks then take the text.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "sp-cdtext.h"

static const char sheet[] =
  "CDTEXTFILE \"fuzz.cdt\"\n"
  "FILE \"a.bin\" BINARY\n"
  "  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
  "  TRACK 02 AUDIO\n    INDEX 01 00:01:00\n"
  "  TRACK 03 AUDIO\n    INDEX 01 00:02:00\n";

static void
decode (const guint8 *data,
        gsize         size)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint n_tracks = 0;
  SpCdText **texts = sp_cdtext_decode_packs (data, size, &n_tracks, messages);

  for (guint i = 0; i < messages->len; i++)
    fuzz_check_utf8 ("message", g_ptr_array_index (messages, i));
  if (texts == NULL)
    return;
  if (n_tracks > 99)
    abort ();
  for (guint t = 0; t <= 99; t++)
    for (guint f = 0; texts[t] && f < SP_CDTEXT_N_FIELDS; f++)
      fuzz_check_utf8 ("CD-TEXT", sp_cdtext_get (texts[t], f));
  sp_cdtext_array_free (texts);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SpImage) image = NULL;
  g_autoptr(GFile) cdt = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  decode (data, size);
  if (size >= 4)
    decode (data + 4, size - 4);

  cdt = g_file_get_child (fuzz_get_folder (), "fuzz.cdt");
  if (!g_file_replace_contents (cdt, (const char *) data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, &error))
    g_error ("%s", error->message);
  image = fuzz_load_sheet ((const guint8 *) sheet, strlen (sheet), SP_IMAGE_FORMAT_CUE);
  if (image == NULL)
    abort ();
  fuzz_exercise_image (image);
  g_clear_object (&image);
  fuzz_check_fds ();
  return 0;
}
