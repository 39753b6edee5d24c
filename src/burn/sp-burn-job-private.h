/* sp-burn-job-private.h: what backends report through a job (not API)
 *
 * All of these are called on the job's main context.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-job.h"

G_BEGIN_DECLS

void    _sp_burn_job_set_phase     (SpBurnJob   *self,
                                    SpBurnPhase  phase);
SpJob  *_sp_burn_job_new_progress  (SpBurnJob   *self,
                                    const char  *title,
                                    guint64      total_bytes);
void    _sp_burn_job_update        (SpBurnJob   *self,
                                    gint64       sectors_done,
                                    gint64       sectors_total,
                                    guint64      bytes_done,
                                    double       drive_buffer,
                                    double       fifo_fill);
void    _sp_burn_job_set_plan      (SpBurnJob   *self,
                                    SpBurnPlan  *plan);

G_END_DECLS
