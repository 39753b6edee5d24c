/* sp-job-bar.h: the progress of a long job, with a Cancel button
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sp-core.h"

G_BEGIN_DECLS

#define SP_TYPE_JOB_BAR (sp_job_bar_get_type ())

G_DECLARE_FINAL_TYPE (SpJobBar, sp_job_bar, SP, JOB_BAR, GtkWidget)

GtkWidget *sp_job_bar_new    (void);
void       sp_job_bar_start  (SpJobBar     *self,
                              SpJob        *job,
                              const char   *doing,
                              GCancellable *cancellable);
void       sp_job_bar_finish (SpJobBar     *self);

G_END_DECLS
