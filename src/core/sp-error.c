/* sp-error.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-error.h"

G_DEFINE_QUARK (sp-image-error-quark, sp_image_error)
