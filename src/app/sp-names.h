/* sp-names.h: what the app calls an image's format and a disc's type
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-core.h"

G_BEGIN_DECLS

const char *sp_image_format_name (SpImageFormat format);
const char *sp_disc_type_name    (SpDiscType    type);

G_END_DECLS
