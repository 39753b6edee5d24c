/* sp-burn-cdrdao.h: the cdrdao backend (Mode 2, CD-i, mixed-mode and raw discs)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-backend.h"

G_BEGIN_DECLS

#define SP_TYPE_BURN_CDRDAO (sp_burn_cdrdao_get_type ())

G_DECLARE_FINAL_TYPE (SpBurnCdrdao, sp_burn_cdrdao, SP, BURN_CDRDAO, GObject)

SpBurnBackend *sp_burn_cdrdao_new          (void);
char          *sp_burn_cdrdao_find_program (void);
const char    *sp_burn_cdrdao_get_driver   (SpBurnPlan *plan);

G_END_DECLS
