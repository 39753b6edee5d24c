/* sp-names.c: what the app calls an image's format and a disc's type
 *
 * The core's to_string functions give identifiers ("cue", "CD_ROM") for
 * JSON and logs; a person reads these, translated.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sp-names.h"

const char *
sp_image_format_name (SpImageFormat format)
{
  switch (format)
    {
    case SP_IMAGE_FORMAT_CUE: return _("Cue sheet");
    case SP_IMAGE_FORMAT_ISO: return _("ISO image");
    case SP_IMAGE_FORMAT_BIN: return _("BIN without a sheet");
    case SP_IMAGE_FORMAT_TOC: return _("cdrdao TOC file");
    default:                  return "";
    }
}

const char *
sp_disc_type_name (SpDiscType type)
{
  switch (type)
    {
    case SP_DISC_TYPE_CD_DA:     return _("Audio CD");
    case SP_DISC_TYPE_CD_ROM:    return _("CD-ROM");
    case SP_DISC_TYPE_CD_ROM_XA: return _("CD-ROM XA");
    case SP_DISC_TYPE_CD_I:      return _("CD-i");
    default:                     return "";
    }
}
