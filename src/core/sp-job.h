/* sp-job.h: progress of a long job (verify, convert, burn), for any front end
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_TYPE_JOB (sp_job_get_type ())

G_DECLARE_FINAL_TYPE (SpJob, sp_job, SP, JOB, GObject)

SpJob      *sp_job_new            (const char *title);

/* Main context: start and stop the periodic refresh of the properties. */
void        sp_job_start          (SpJob      *self);
void        sp_job_stop           (SpJob      *self);

/* Any thread. */
void        sp_job_set_total      (SpJob      *self,
                                   guint64     total_bytes);
void        sp_job_add_done       (SpJob      *self,
                                   guint64     bytes);
void        sp_job_set_message    (SpJob      *self,
                                   const char *message);

/* Main context: the values as of the last refresh. */
const char *sp_job_get_title      (SpJob      *self);
char       *sp_job_dup_message    (SpJob      *self);
double      sp_job_get_fraction   (SpJob      *self);
double      sp_job_get_rate       (SpJob      *self);
gint64      sp_job_get_eta        (SpJob      *self);
guint64     sp_job_get_done_bytes (SpJob      *self);
guint64     sp_job_get_total_bytes (SpJob     *self);
gboolean    sp_job_get_running    (SpJob      *self);

G_END_DECLS
