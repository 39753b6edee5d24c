/* sp-burn-libburn.h: the libburn backend
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-backend.h"

G_BEGIN_DECLS

#define SP_TYPE_BURN_LIBBURN (sp_burn_libburn_get_type ())

G_DECLARE_FINAL_TYPE (SpBurnLibburn, sp_burn_libburn, SP, BURN_LIBBURN, GObject)

SpBurnBackend *sp_burn_libburn_new (void);

G_END_DECLS
