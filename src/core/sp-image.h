/* sp-image.h: one opened disc image, read-only
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-cdtext.h"
#include "sp-diagnostic.h"
#include "sp-session.h"
#include "sp-source.h"
#include "sp-track.h"

G_BEGIN_DECLS

typedef enum
{
  SP_IMAGE_FORMAT_CUE,
  SP_IMAGE_FORMAT_ISO,
  SP_IMAGE_FORMAT_BIN,
  SP_IMAGE_FORMAT_TOC,
} SpImageFormat;

/* What a TOC says the disc is (the session format of READ TOC). */
typedef enum
{
  SP_DISC_TYPE_CD_DA,      /* audio only */
  SP_DISC_TYPE_CD_ROM,     /* Mode 1 data, maybe with audio */
  SP_DISC_TYPE_CD_ROM_XA,  /* Mode 2 (XA) data, maybe with audio */
  SP_DISC_TYPE_CD_I,
} SpDiscType;

#define SP_TYPE_IMAGE (sp_image_get_type ())

G_DECLARE_FINAL_TYPE (SpImage, sp_image, SP, IMAGE, GObject)

SpImage       *sp_image_open             (GFile              *file,
                                          GCancellable       *cancellable,
                                          GError            **error);
void           sp_image_open_async       (GFile              *file,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
SpImage       *sp_image_open_finish      (GAsyncResult       *result,
                                          GError            **error);

GFile         *sp_image_get_file         (SpImage            *self);
const char    *sp_image_get_display_name (SpImage            *self);
SpImageFormat  sp_image_get_format       (SpImage            *self);
SpDiscType     sp_image_get_disc_type    (SpImage            *self);
const char    *sp_image_get_catalog      (SpImage            *self);
SpCdText      *sp_image_get_cdtext       (SpImage            *self);
GHashTable    *sp_image_get_rem          (SpImage            *self);
const char    *sp_image_get_cdtext_file  (SpImage            *self);

GListModel    *sp_image_get_tracks       (SpImage            *self);
guint          sp_image_get_n_tracks     (SpImage            *self);
SpTrack       *sp_image_get_track        (SpImage            *self,
                                          guint               i);
SpTrack       *sp_image_find_track       (SpImage            *self,
                                          gint64              position);
GListModel    *sp_image_get_sessions     (SpImage            *self);
GListModel    *sp_image_get_sources      (SpImage            *self);
gboolean       sp_image_uses_file        (SpImage            *self,
                                          const char         *path);
GListModel    *sp_image_get_diagnostics  (SpImage            *self);
guint          sp_image_count_diagnostics (SpImage           *self,
                                          SpSeverity          severity);

gint64         sp_image_get_leadout      (SpImage            *self);
guint64        sp_image_get_stored_size  (SpImage            *self);

gboolean       sp_image_read_sectors     (SpImage            *self,
                                          gint64              position,
                                          guint               count,
                                          guint8             *buffer,
                                          guint              *n_read,
                                          GError            **error);
gboolean       sp_image_has_subchannel   (SpImage            *self,
                                          gint64              position);
gboolean       sp_image_read_subchannel  (SpImage            *self,
                                          gint64              position,
                                          guint8              pw[96],
                                          GError            **error);
gint64         sp_image_get_address      (SpImage            *self,
                                          gint64              position);

const char    *sp_image_format_to_string (SpImageFormat       format);
const char    *sp_disc_type_to_string    (SpDiscType          type);

G_END_DECLS
