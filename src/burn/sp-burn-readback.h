/* sp-burn-readback.h: reading a written disc (or image file) back (not API)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-job.h"
#include "sp-core.h"

G_BEGIN_DECLS

#define SP_BURN_READBACK_MAX_LISTED 1000

gboolean sp_burn_readback (SpImage       *image,
                           const char    *address,
                           gboolean       whole_data,
                           SpJob         *progress,
                           GCancellable  *cancellable,
                           GArray        *mismatches,
                           guint64       *n_mismatches,
                           GError       **error);

guint    sp_burn_readback_sector_size (SpTrack  *track,
                                       gboolean  whole_data);

G_END_DECLS
