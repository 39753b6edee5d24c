/* sp-burn.h: libspindle-burn, libburn behind a small GObject API (no GTK)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-backend.h"
#include "sp-burn-enums.h"
#include "sp-burn-error.h"
#include "sp-burn-job.h"
#include "sp-burn-options.h"
#include "sp-burn-plan.h"
#include "sp-drive.h"
#include "sp-drive-list.h"

G_BEGIN_DECLS

void sp_burn_shutdown (void);

G_END_DECLS
