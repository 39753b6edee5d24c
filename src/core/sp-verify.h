/* sp-verify.h: check every sector of an image
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-image.h"
#include "sp-job.h"
#include "sp-sector.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 position;
  guint track;             /* track number */
  SpSectorError errors;
} SpBadSector;

typedef struct
{
  guint track;             /* track number */
  gint64 sectors;          /* sectors of the track examined */
  gint64 checked;          /* of those, sectors whose EDC/ECC were checked */
  gint64 bad;              /* sectors with an error (missing included) */
  gint64 missing;
} SpVerifyTrack;

#define SP_TYPE_VERIFY (sp_verify_get_type ())

G_DECLARE_FINAL_TYPE (SpVerify, sp_verify, SP, VERIFY, GObject)

SpVerify            *sp_verify_new           (SpImage             *image);
SpJob               *sp_verify_get_job       (SpVerify            *self);
void                 sp_verify_set_threads   (SpVerify            *self,
                                              guint                n_threads);

gboolean             sp_verify_run           (SpVerify            *self,
                                              GCancellable        *cancellable,
                                              GError             **error);
void                 sp_verify_run_async     (SpVerify            *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean             sp_verify_run_finish    (SpVerify            *self,
                                              GAsyncResult        *result,
                                              GError             **error);

gint64               sp_verify_get_sectors   (SpVerify            *self);
guint                sp_verify_get_n_bad     (SpVerify            *self);
const SpBadSector   *sp_verify_get_bad       (SpVerify            *self,
                                              guint                i);
guint64              sp_verify_get_n_bad_total (SpVerify          *self);
guint                sp_verify_get_n_tracks  (SpVerify            *self);
const SpVerifyTrack *sp_verify_get_track     (SpVerify            *self,
                                              guint                i);

G_END_DECLS
