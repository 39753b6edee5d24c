/* sp-burn-error.h: the error domain of libspindle-burn
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_BURN_ERROR (sp_burn_error_quark ())

/* Every refusal and failure of the burn layer. Cancelling gives
 * G_IO_ERROR_CANCELLED, as everywhere else in Spindle. */
typedef enum
{
  SP_BURN_ERROR_FAILED,
  SP_BURN_ERROR_NO_DRIVE,        /* no drive at that address, or it cannot be opened */
  SP_BURN_ERROR_BUSY,            /* another program (or job) holds the drive */
  SP_BURN_ERROR_NO_MEDIUM,       /* no disc, or a disc that cannot be written */
  SP_BURN_ERROR_TOO_BIG,         /* the image does not fit on the medium */
  SP_BURN_ERROR_UNSUPPORTED_MODE,/* the drive or medium cannot write what the image needs */
  SP_BURN_ERROR_NOT_EXACT,       /* no burn path writes the image exactly as it is */
  SP_BURN_ERROR_IMAGE,           /* the image has errors that would be burned */
  SP_BURN_ERROR_WRITE,           /* writing (or blanking, formatting) failed */
  SP_BURN_ERROR_VERIFY,          /* what was read back differs from the image */
} SpBurnError;

GQuark sp_burn_error_quark (void);

G_END_DECLS
