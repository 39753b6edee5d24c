/* sp-image-private.h: what the readers of each format use to build an image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-image.h"
#include "sp-track-private.h"

G_BEGIN_DECLS

/* Resource bounds for sheets, stated once. A real cue sheet of 99 tracks
 * with every CD-TEXT field filled is under 100 KiB. */
#define SP_SHEET_MAX_SIZE   (1024 * 1024)
#define SP_SHEET_MAX_FILES  200
#define SP_CDTEXT_FILE_MAX_SIZE (64 * 1024)
/* Diagnostics listed one by one; more are counted in one last diagnostic.
 * A real image has a handful; a hostile 1 MiB sheet could make 200 000. */
#define SP_IMAGE_MAX_DIAGNOSTICS 1000
/* Bytes of one message (a diagnostic, or the error of a failed open);
 * what a longer one quotes is cut in the middle. */
#define SP_IMAGE_MAX_MESSAGE 1024

SpImage    *_sp_image_new              (GFile         *file,
                                        SpImageFormat  format);
const char *_sp_image_get_sheet_name   (SpImage       *self);
GFile      *_sp_image_get_folder       (SpImage       *self);

void        _sp_image_add_diagnostic   (SpImage       *self,
                                        SpSeverity     severity,
                                        const char    *file,
                                        guint          line,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (5, 6);
void        _sp_image_warn             (SpImage       *self,
                                        guint          line,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (3, 4);
void        _sp_image_error            (SpImage       *self,
                                        guint          line,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (3, 4);
gboolean    _sp_image_fail             (SpImage       *self,
                                        GError       **error,
                                        guint          line,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (4, 5);

void        _sp_image_set_catalog      (SpImage       *self,
                                        const char    *catalog);
void        _sp_image_set_rem          (SpImage       *self,
                                        const char    *key,
                                        const char    *value);
void        _sp_image_set_cdtext_file  (SpImage       *self,
                                        const char    *name);
void        _sp_image_set_disc_type    (SpImage       *self,
                                        SpDiscType     type);
void        _sp_image_add_source       (SpImage       *self,
                                        SpSource      *source);
void        _sp_image_add_track        (SpImage       *self,
                                        SpTrack       *track);
gboolean    _sp_image_finish           (SpImage       *self,
                                        GError       **error);
GPtrArray  *_sp_image_get_extents      (SpImage       *self);
guint       _sp_image_find_extent      (SpImage       *self,
                                        gint64         position);

/* Readers of each format. */
gboolean    _sp_image_load_sheet       (SpImage       *image,
                                        const guint8  *contents,
                                        gsize          length,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean    _sp_cue_load               (SpImage       *image,
                                        const char    *text,
                                        gsize          length,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean    _sp_toc_load               (SpImage       *image,
                                        const char    *text,
                                        gsize          length,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean    _sp_probe_load_iso         (SpImage       *image,
                                        GError       **error);
gboolean    _sp_probe_load_bin         (SpImage       *image,
                                        GError       **error);

/* Finding the files a sheet names (sp-resolve.c). */
void        _sp_resolve_sources        (SpImage       *image,
                                        GCancellable  *cancellable);
void        _sp_load_cdtext_file       (SpImage       *image,
                                        const char    *name,
                                        guint          line);

G_END_DECLS
