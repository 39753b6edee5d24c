/* sp-convert.h: an image into other formats (ISO, WAVE, FLAC, BIN, cue, TOC)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"
#include "sp-job.h"

G_BEGIN_DECLS

typedef enum
{
  SP_CONVERT_FORMAT_ISO,      /* a data track's 2048-byte user data */
  SP_CONVERT_FORMAT_WAVE,     /* audio tracks, one WAVE file each */
  SP_CONVERT_FORMAT_FLAC,     /* audio tracks, one FLAC file each */
  SP_CONVERT_FORMAT_BIN,      /* every track in one BIN, with its cue sheet */
  SP_CONVERT_FORMAT_SPLIT,    /* one BIN per track, with their cue sheet */
  SP_CONVERT_FORMAT_CUE,      /* a cue sheet for the image's own files */
  SP_CONVERT_FORMAT_TOC,      /* a cdrdao TOC file for the image's own files */
} SpConvertFormat;

#define SP_TYPE_CONVERT (sp_convert_get_type ())

G_DECLARE_FINAL_TYPE (SpConvert, sp_convert, SP, CONVERT, GObject)

SpConvert       *sp_convert_new              (SpImage             *image,
                                              SpConvertFormat      format,
                                              GFile               *output);
SpImage         *sp_convert_get_image        (SpConvert           *self);
SpConvertFormat  sp_convert_get_format       (SpConvert           *self);
GFile           *sp_convert_get_output       (SpConvert           *self);
void             sp_convert_set_track        (SpConvert           *self,
                                              guint                number);
guint            sp_convert_get_track        (SpConvert           *self);
void             sp_convert_set_overwrite    (SpConvert           *self,
                                              gboolean             overwrite);
gboolean         sp_convert_get_overwrite    (SpConvert           *self);
SpJob           *sp_convert_get_job          (SpConvert           *self);

char           **sp_convert_dup_outputs      (SpConvert           *self,
                                              GError             **error);
char           **sp_convert_find_conflicts   (SpConvert           *self,
                                              GError             **error);

gboolean         sp_convert_run              (SpConvert           *self,
                                              GCancellable        *cancellable,
                                              GError             **error);
void             sp_convert_run_async        (SpConvert           *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean         sp_convert_run_finish       (SpConvert           *self,
                                              GAsyncResult        *result,
                                              GError             **error);

guint64          sp_convert_get_n_form2_sectors (SpConvert        *self);
char           **sp_convert_dup_warnings     (SpConvert           *self);

const char      *sp_convert_format_to_string (SpConvertFormat      format);
gboolean         sp_convert_format_from_string (const char        *text,
                                              SpConvertFormat     *format);

G_END_DECLS
