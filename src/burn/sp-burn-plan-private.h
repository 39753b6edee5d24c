/* sp-burn-plan-private.h: what backends fill in a plan (not API)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-burn-plan.h"

G_BEGIN_DECLS

void _sp_burn_plan_set_backend     (SpBurnPlan        *self,
                                    SpBurnBackendKind  backend);
void _sp_burn_plan_set_write_mode  (SpBurnPlan        *self,
                                    SpWriteMode        mode);
void _sp_burn_plan_set_size        (SpBurnPlan        *self,
                                    gint64             sectors,
                                    guint64            bytes);
void _sp_burn_plan_set_needs_check (SpBurnPlan        *self,
                                    gboolean           needs_check);
void _sp_burn_plan_set_needs_blank (SpBurnPlan        *self,
                                    gboolean           needs_blank);
void _sp_burn_plan_add_note        (SpBurnPlan        *self,
                                    const char        *note);

SpBurnPlan *_sp_burn_plan_new_raw   (SpBurnPlan        *plan,
                                    const GError      *why,
                                    GError           **error);

G_END_DECLS
