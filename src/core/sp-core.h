/* sp-core.h: libspindle-core, the disc image model (no GTK)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sp-cdtext.h"
#include "sp-checksum.h"
#include "sp-convert.h"
#include "sp-core-enums.h"
#include "sp-dat.h"
#include "sp-diagnostic.h"
#include "sp-error.h"
#include "sp-extract.h"
#include "sp-file-info.h"
#include "sp-filesystem.h"
#include "sp-export.h"
#include "sp-image.h"
#include "sp-job.h"
#include "sp-msf.h"
#include "sp-search.h"
#include "sp-sector.h"
#include "sp-session.h"
#include "sp-source.h"
#include "sp-subchannel.h"
#include "sp-track.h"
#include "sp-track-mode.h"
#include "sp-verify.h"
