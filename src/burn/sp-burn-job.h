/* sp-burn-job.h: burning an image, from the checks before to the verify after
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-burn-options.h"
#include "sp-burn-plan.h"
#include "sp-core.h"

G_BEGIN_DECLS

typedef enum
{
  SP_BURN_PHASE_IDLE,
  SP_BURN_PHASE_PREPARING,          /* opening the drive, looking at the medium, planning */
  SP_BURN_PHASE_CHECKING,           /* reading the image: raw sectors must re-encode exactly */
  SP_BURN_PHASE_BLANKING,           /* cannot be cancelled (libburn.h, burn_disc_erase) */
  SP_BURN_PHASE_FORMATTING,
  SP_BURN_PHASE_WRITING_LEADIN,     /* lead-in (and CD-TEXT) */
  SP_BURN_PHASE_WRITING,
  SP_BURN_PHASE_FIXATING,           /* lead-out, closing track and session */
  SP_BURN_PHASE_VERIFYING,          /* reading the disc back */
  SP_BURN_PHASE_WAITING_FOR_MEDIUM, /* the next copy waits for a blank disc */
  SP_BURN_PHASE_DONE,
} SpBurnPhase;

/* A sector that reads back differently from the image. */
typedef struct
{
  gint64 position;         /* in frames from the start of the image, as everywhere */
  guint track;             /* track number */
  gint offset;             /* first differing byte in what was compared; -1 unreadable */
} SpBurnMismatch;

#define SP_TYPE_BURN_JOB (sp_burn_job_get_type ())

G_DECLARE_FINAL_TYPE (SpBurnJob, sp_burn_job, SP, BURN_JOB, GObject)

SpBurnJob            *sp_burn_job_new               (SpImage             *image,
                                                     const char          *address);
SpImage              *sp_burn_job_get_image         (SpBurnJob           *self);
const char           *sp_burn_job_get_address       (SpBurnJob           *self);
void                  sp_burn_job_set_options       (SpBurnJob           *self,
                                                     const SpBurnOptions *options);
const SpBurnOptions  *sp_burn_job_get_options       (SpBurnJob           *self);
void                  sp_burn_job_set_image_verify  (SpBurnJob           *self,
                                                     SpVerify            *verify);

void                  sp_burn_job_run_async         (SpBurnJob           *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean              sp_burn_job_run_finish        (SpBurnJob           *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
gboolean              sp_burn_job_run               (SpBurnJob           *self,
                                                     GCancellable        *cancellable,
                                                     GError             **error);

/* Main context: the state as of the last refresh. */
SpBurnPlan           *sp_burn_job_get_plan          (SpBurnJob           *self);
SpJob                *sp_burn_job_get_job           (SpBurnJob           *self);
SpBurnPhase           sp_burn_job_get_phase         (SpBurnJob           *self);
gboolean              sp_burn_job_get_burning       (SpBurnJob           *self);
guint                 sp_burn_job_get_copy          (SpBurnJob           *self);
gint64                sp_burn_job_get_sectors_done  (SpBurnJob           *self);
gint64                sp_burn_job_get_sectors_total (SpBurnJob           *self);
double                sp_burn_job_get_write_speed   (SpBurnJob           *self);
double                sp_burn_job_get_drive_buffer  (SpBurnJob           *self);
double                sp_burn_job_get_fifo_fill     (SpBurnJob           *self);

gboolean              sp_burn_job_get_verified      (SpBurnJob           *self);
guint                 sp_burn_job_get_n_mismatches  (SpBurnJob           *self);
const SpBurnMismatch *sp_burn_job_get_mismatch      (SpBurnJob           *self,
                                                     guint                i);
guint64               sp_burn_job_get_n_mismatches_total (SpBurnJob      *self);

const char           *sp_burn_phase_to_string       (SpBurnPhase          phase);
const char           *sp_burn_phase_describe        (SpBurnPhase          phase);

G_END_DECLS
