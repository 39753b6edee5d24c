/* sp-drive-private.h: making SpDrive snapshots from libburn (not API)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-private.h"
#include "sp-drive.h"

G_BEGIN_DECLS

SpDrive *_sp_drive_new_from_burn    (const char             *address,
                                     struct burn_drive_info *info,
                                     gboolean                probe_raw);
SpDrive *_sp_drive_new_unavailable  (const char             *address,
                                     const char             *vendor,
                                     const char             *model,
                                     const char             *error);
SpMediaKind _sp_media_kind_from_profile (int                 profile);

G_END_DECLS
