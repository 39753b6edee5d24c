/* sp-burn-options.h: how to burn: write mode, speed, simulation, copies...
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* How a CD is written. AUTO lets the planner choose (SAO on CD, the only
 * mode that writes pregaps, indices and CD-TEXT as the image says). */
typedef enum
{
  SP_WRITE_MODE_AUTO,
  SP_WRITE_MODE_SAO,    /* session at once (DAO) */
  SP_WRITE_MODE_TAO,    /* track at once */
  SP_WRITE_MODE_RAW,    /* raw 96-byte subchannel (BURN_BLOCK_RAW96R) */
} SpWriteMode;

/* The write modes a drive offers for the medium in it. */
typedef enum /*< flags >*/
{
  SP_WRITE_MODE_FLAG_NONE = 0,
  SP_WRITE_MODE_FLAG_SAO = 1 << 0,
  SP_WRITE_MODE_FLAG_TAO = 1 << 1,
  SP_WRITE_MODE_FLAG_RAW = 1 << 2,
} SpWriteModeFlags;

typedef enum
{
  SP_BLANK_NONE,        /* refuse a rewritable disc that holds data */
  SP_BLANK_FAST,        /* blank only what is needed to write again */
  SP_BLANK_FULL,        /* blank the whole disc */
} SpBlankMode;

/* Which program burns: AUTO lets the planner choose (libburn where it is
 * exact, else cdrdao). Naming one is honoured only where that program
 * writes the image exactly; otherwise the plan is refused, with why. */
typedef enum
{
  SP_BURN_BACKEND_CHOICE_AUTO,
  SP_BURN_BACKEND_CHOICE_LIBBURN,
  SP_BURN_BACKEND_CHOICE_CDRDAO,
} SpBurnBackendChoice;

/* Speeds are in kB/s (1000 bytes) as libburn counts them; 1x CD is 176.4. */
#define SP_BURN_SPEED_MAX 0
#define SP_BURN_SPEED_MIN (-1)

typedef struct
{
  SpWriteMode write_mode;
  int speed;              /* kB/s, or SP_BURN_SPEED_MAX / SP_BURN_SPEED_MIN */
  gboolean simulate;      /* a dummy write: the laser stays off */
  gboolean burnfree;      /* buffer underrun protection */
  gboolean eject;         /* eject the disc at the end */
  guint copies;           /* at least 1; each further copy waits for a new disc */
  SpBlankMode blank;      /* blank a rewritable disc that holds data first */
  gboolean verify;        /* read the disc back and compare it with the image */
  gboolean dry_run;       /* plan and check only: write nothing */
  SpBurnBackendChoice backend;
} SpBurnOptions;

#define SP_TYPE_BURN_OPTIONS (sp_burn_options_get_type ())

GType          sp_burn_options_get_type       (void) G_GNUC_CONST;
SpBurnOptions *sp_burn_options_new            (void);
SpBurnOptions *sp_burn_options_copy           (const SpBurnOptions *options);
void           sp_burn_options_free           (SpBurnOptions       *options);

const char    *sp_write_mode_to_string        (SpWriteMode          mode);
gboolean       sp_write_mode_from_string      (const char          *text,
                                               SpWriteMode         *mode);
char          *sp_write_mode_flags_to_string  (SpWriteModeFlags     flags);
const char    *sp_blank_mode_to_string        (SpBlankMode          mode);
const char    *sp_burn_backend_choice_to_string   (SpBurnBackendChoice  choice);
gboolean       sp_burn_backend_choice_from_string (const char          *text,
                                                   SpBurnBackendChoice *choice);
gboolean       sp_blank_mode_from_string      (const char          *text,
                                               SpBlankMode         *mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpBurnOptions, sp_burn_options_free)

G_END_DECLS
