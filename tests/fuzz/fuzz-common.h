/* fuzz-common.h: what the fuzz targets share
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"

G_BEGIN_DECLS

/* The libFuzzer entry point; replay-main.c calls it too. */
int          LLVMFuzzerTestOneInput (const guint8 *data,
                                     size_t        size);

void         fuzz_init              (void);
gboolean     fuzz_verbose           (void);
GFile       *fuzz_get_folder        (void);
void         fuzz_check_utf8        (const char   *what,
                                     const char   *text);
void         fuzz_check_error       (GError       *error);
void         fuzz_exercise_image    (SpImage      *image);
void         fuzz_check_fds         (void);
SpImage     *fuzz_load_sheet        (const guint8 *data,
                                     gsize         size,
                                     SpImageFormat format);

G_END_DECLS
