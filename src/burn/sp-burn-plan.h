/* sp-burn-plan.h: which path writes an image exactly onto a target, or why none does
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sp-burn-options.h"
#include "sp-core.h"
#include "sp-drive.h"

G_BEGIN_DECLS

/* The programs that can write a disc: libburn, and cdrdao for Mode 2,
 * CD-i, mixed-mode and raw discs. */
typedef enum
{
  SP_BURN_BACKEND_LIBBURN,
  SP_BURN_BACKEND_CDRDAO,
} SpBurnBackendKind;

#define SP_TYPE_BURN_PLAN (sp_burn_plan_get_type ())

G_DECLARE_FINAL_TYPE (SpBurnPlan, sp_burn_plan, SP, BURN_PLAN, GObject)

SpBurnPlan          *sp_burn_plan_new                 (SpImage             *image,
                                                       SpDrive             *drive,
                                                       const SpBurnOptions *options,
                                                       SpVerify            *verify,
                                                       GError             **error);

SpImage             *sp_burn_plan_get_image           (SpBurnPlan          *self);
SpDrive             *sp_burn_plan_get_drive           (SpBurnPlan          *self);
const SpBurnOptions *sp_burn_plan_get_options         (SpBurnPlan          *self);
SpBurnBackendKind    sp_burn_plan_get_backend         (SpBurnPlan          *self);
SpWriteMode          sp_burn_plan_get_write_mode      (SpBurnPlan          *self);
gint64               sp_burn_plan_get_sectors         (SpBurnPlan          *self);
guint64              sp_burn_plan_get_bytes           (SpBurnPlan          *self);
gboolean             sp_burn_plan_get_needs_check     (SpBurnPlan          *self);
gboolean             sp_burn_plan_get_needs_blank     (SpBurnPlan          *self);
char                *sp_burn_plan_dup_summary         (SpBurnPlan          *self);


gboolean             sp_burn_plan_get_other_backend_exact  (SpBurnPlan     *self);
char                *sp_burn_plan_dup_other_backend_reason (SpBurnPlan     *self);
const char          *sp_burn_plan_get_driver          (SpBurnPlan          *self);
const char          *sp_burn_plan_get_track_format    (SpBurnPlan          *self,
                                                       guint                index);
char                *sp_burn_plan_dup_layout          (SpBurnPlan          *self);
JsonNode            *sp_burn_plan_to_json             (SpBurnPlan          *self);
char                *sp_burn_plan_dup_toc             (SpBurnPlan          *self,
                                                       const char          *folder,
                                                       GError             **error);
char                *sp_burn_plan_dup_cue             (SpBurnPlan          *self,
                                                       const char          *folder,
                                                       GError             **error);
gboolean             sp_burn_plan_save_toc            (SpBurnPlan          *self,
                                                       GFile               *file,
                                                       GError             **error);
gboolean             sp_burn_plan_save_cue            (SpBurnPlan          *self,
                                                       GFile               *file,
                                                       GError             **error);

const char          *sp_burn_backend_kind_to_string   (SpBurnBackendKind    kind);

G_END_DECLS
