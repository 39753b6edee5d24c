/* sp-burn-backend.h: a program that writes discs, behind one interface
 *
 * A backend says whether it writes an image exactly onto a target (check)
 * and writes one copy (write). The job does the rest (the sector check
 * before, verify after, copies, eject) the same way for every backend.
 * Two implement it: libburn (SpBurnLibburn) and cdrdao (SpBurnCdrdao), for
 * Mode 2, CD-i, mixed-mode and raw discs.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sp-burn-plan.h"

G_BEGIN_DECLS

typedef struct _SpBurnJob SpBurnJob;

#define SP_TYPE_BURN_BACKEND (sp_burn_backend_get_type ())

G_DECLARE_INTERFACE (SpBurnBackend, sp_burn_backend, SP, BURN_BACKEND, GObject)

struct _SpBurnBackendInterface
{
  GTypeInterface parent_iface;

  SpBurnBackendKind (*get_kind)     (SpBurnBackend        *self);

  /* Whether this backend writes @image onto @drive exactly, with @options;
   * fills @plan (write mode, sizes, blanking) or says why not in @error.
   * Must not block: it looks at the image's layout and the drive snapshot
   * only. */
  gboolean          (*check)        (SpBurnBackend        *self,
                                     SpImage              *image,
                                     SpDrive              *drive,
                                     const SpBurnOptions  *options,
                                     SpBurnPlan           *plan,
                                     GError              **error);

  /* Writes one copy as sp_burn_job_get_plan() says: opens the drive, checks
   * the medium again, blanks if planned, writes, closes the drive (no
   * eject). Reports progress through the job (sp-burn-job-private.h). */
  void              (*write_async)  (SpBurnBackend        *self,
                                     SpBurnJob            *job,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
  gboolean          (*write_finish) (SpBurnBackend        *self,
                                     GAsyncResult         *result,
                                     GError              **error);
};

SpBurnBackendKind sp_burn_backend_get_kind     (SpBurnBackend        *self);
gboolean          sp_burn_backend_check        (SpBurnBackend        *self,
                                                SpImage              *image,
                                                SpDrive              *drive,
                                                const SpBurnOptions  *options,
                                                SpBurnPlan           *plan,
                                                GError              **error);
void              sp_burn_backend_write_async  (SpBurnBackend        *self,
                                                SpBurnJob            *job,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean          sp_burn_backend_write_finish (SpBurnBackend        *self,
                                                GAsyncResult         *result,
                                                GError              **error);

GPtrArray        *sp_burn_backends_get         (void);
SpBurnBackend    *sp_burn_backend_for_kind     (SpBurnBackendKind     kind);

G_END_DECLS
