/* sp-cdio.h: the one door to libcdio
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void      sp_cdio_lock          (GPtrArray       *messages);
void      sp_cdio_unlock        (void);

G_END_DECLS
