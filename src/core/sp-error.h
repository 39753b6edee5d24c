/* sp-error.h: the error domain of libspindle-core
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_IMAGE_ERROR (sp_image_error_quark ())

typedef enum
{
  SP_IMAGE_ERROR_FAILED,
  SP_IMAGE_ERROR_PARSE,          /* the sheet cannot be understood: message names file and line */
  SP_IMAGE_ERROR_NOT_FOUND,      /* the image (or a file it needs) does not exist */
  SP_IMAGE_ERROR_UNSUPPORTED,    /* a format or construct Spindle does not read */
  SP_IMAGE_ERROR_TOO_LARGE,      /* beyond a stated resource bound */
  SP_IMAGE_ERROR_IO,             /* reading failed */
  SP_IMAGE_ERROR_MISSING_DATA,   /* a sector the layout needs is not in its file */
  SP_IMAGE_ERROR_OUT_OF_RANGE,   /* a position outside the disc */
} SpImageError;

GQuark sp_image_error_quark (void);

G_END_DECLS
