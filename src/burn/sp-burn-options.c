/* sp-burn-options.c
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <string.h>

#include "sp-burn-options.h"

G_DEFINE_BOXED_TYPE (SpBurnOptions, sp_burn_options, sp_burn_options_copy, sp_burn_options_free)

/* The defaults: SAO chosen by the planner, fastest speed, underrun
 * protection on, one real copy, no blanking, no verify, no eject. */
SpBurnOptions *
sp_burn_options_new (void)
{
  SpBurnOptions *options = g_new0 (SpBurnOptions, 1);

  options->write_mode = SP_WRITE_MODE_AUTO;
  options->speed = SP_BURN_SPEED_MAX;
  options->burnfree = TRUE;
  options->copies = 1;
  options->blank = SP_BLANK_NONE;
  options->backend = SP_BURN_BACKEND_CHOICE_AUTO;
  return options;
}

SpBurnOptions *
sp_burn_options_copy (const SpBurnOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);
  return g_memdup2 (options, sizeof *options);
}

void
sp_burn_options_free (SpBurnOptions *options)
{
  g_free (options);
}

const char *
sp_write_mode_to_string (SpWriteMode mode)
{
  switch (mode)
    {
    case SP_WRITE_MODE_AUTO: return "auto";
    case SP_WRITE_MODE_SAO:  return "sao";
    case SP_WRITE_MODE_TAO:  return "tao";
    case SP_WRITE_MODE_RAW:  return "raw";
    default:                 return "?";
    }
}

gboolean
sp_write_mode_from_string (const char  *text,
                           SpWriteMode *mode)
{
  for (SpWriteMode m = SP_WRITE_MODE_AUTO; m <= SP_WRITE_MODE_RAW; m++)
    if (g_ascii_strcasecmp (text, sp_write_mode_to_string (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "dao") == 0)
    {
      *mode = SP_WRITE_MODE_SAO;
      return TRUE;
    }
  return FALSE;
}

/* "SAO TAO RAW", or "none". */
char *
sp_write_mode_flags_to_string (SpWriteModeFlags flags)
{
  GString *text = g_string_new (NULL);

  if (flags & SP_WRITE_MODE_FLAG_SAO)
    g_string_append (text, " SAO");
  if (flags & SP_WRITE_MODE_FLAG_TAO)
    g_string_append (text, " TAO");
  if (flags & SP_WRITE_MODE_FLAG_RAW)
    g_string_append (text, " RAW");
  if (text->len == 0)
    g_string_append (text, " none");
  g_string_erase (text, 0, 1);
  return g_string_free (text, FALSE);
}

const char *
sp_blank_mode_to_string (SpBlankMode mode)
{
  switch (mode)
    {
    case SP_BLANK_NONE: return "none";
    case SP_BLANK_FAST: return "fast";
    case SP_BLANK_FULL: return "full";
    default:            return "?";
    }
}

gboolean
sp_blank_mode_from_string (const char  *text,
                           SpBlankMode *mode)
{
  for (SpBlankMode m = SP_BLANK_NONE; m <= SP_BLANK_FULL; m++)
    if (g_ascii_strcasecmp (text, sp_blank_mode_to_string (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }
  return FALSE;
}

const char *
sp_burn_backend_choice_to_string (SpBurnBackendChoice choice)
{
  switch (choice)
    {
    case SP_BURN_BACKEND_CHOICE_AUTO:    return "auto";
    case SP_BURN_BACKEND_CHOICE_LIBBURN: return "libburn";
    case SP_BURN_BACKEND_CHOICE_CDRDAO:  return "cdrdao";
    default:                             return "?";
    }
}

gboolean
sp_burn_backend_choice_from_string (const char          *text,
                                    SpBurnBackendChoice *choice)
{
  for (SpBurnBackendChoice c = SP_BURN_BACKEND_CHOICE_AUTO; c <= SP_BURN_BACKEND_CHOICE_CDRDAO; c++)
    if (g_ascii_strcasecmp (text, sp_burn_backend_choice_to_string (c)) == 0)
      {
        *choice = c;
        return TRUE;
      }
  return FALSE;
}
