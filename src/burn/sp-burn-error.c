/* sp-burn-error.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include "sp-burn-error.h"

G_DEFINE_QUARK (sp-burn-error-quark, sp_burn_error)
