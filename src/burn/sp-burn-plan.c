/* sp-burn-plan.c
 *
 * The planner: before anything is written, decide which backend writes the
 * image exactly as it is onto the target, with the options given, or say
 * in words a user understands why none does. Problems of the image itself
 * (a missing file, errors found while opening or verifying it) are checked
 * here, whatever the backend; everything that depends on how a program
 * writes is checked by the backends.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sp-burn-backend.h"
#include "sp-burn-cdrdao.h"
#include "sp-burn-enums.h"
#include "sp-burn-error.h"
#include "sp-burn-plan-private.h"
#include "sp-sheet-writer.h"

struct _SpBurnPlan
{
  GObject parent_instance;

  SpImage *image;
  SpDrive *drive;
  SpBurnOptions *options;

  SpBurnBackendKind backend;
  SpWriteMode write_mode;
  gint64 sectors;
  guint64 bytes;
  gboolean needs_check;
  gboolean needs_blank;
  GPtrArray *notes;

  /* The other backend: whether it writes the image exactly too, or why not. */
  gboolean other_exact;
  char *other_reason;
};

G_DEFINE_FINAL_TYPE (SpBurnPlan, sp_burn_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_DRIVE,
  PROP_BACKEND,
  PROP_WRITE_MODE,
  PROP_SECTORS,
  PROP_BYTES,
  PROP_NEEDS_CHECK,
  PROP_NEEDS_BLANK,
  PROP_OTHER_BACKEND_EXACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_burn_plan_finalize (GObject *object)
{
  SpBurnPlan *self = SP_BURN_PLAN (object);

  g_clear_object (&self->image);
  g_clear_object (&self->drive);
  g_clear_pointer (&self->options, sp_burn_options_free);
  g_ptr_array_unref (self->notes);
  g_free (self->other_reason);

  G_OBJECT_CLASS (sp_burn_plan_parent_class)->finalize (object);
}

static void
sp_burn_plan_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpBurnPlan *self = SP_BURN_PLAN (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_DRIVE:
      g_value_set_object (value, self->drive);
      break;
    case PROP_BACKEND:
      g_value_set_enum (value, self->backend);
      break;
    case PROP_WRITE_MODE:
      g_value_set_enum (value, self->write_mode);
      break;
    case PROP_SECTORS:
      g_value_set_int64 (value, self->sectors);
      break;
    case PROP_BYTES:
      g_value_set_uint64 (value, self->bytes);
      break;
    case PROP_NEEDS_CHECK:
      g_value_set_boolean (value, self->needs_check);
      break;
    case PROP_NEEDS_BLANK:
      g_value_set_boolean (value, self->needs_blank);
      break;
    case PROP_OTHER_BACKEND_EXACT:
      g_value_set_boolean (value, self->other_exact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_burn_plan_class_init (SpBurnPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_burn_plan_finalize;
  object_class->get_property = sp_burn_plan_get_property;

  properties[PROP_IMAGE] = g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, ro);
  properties[PROP_DRIVE] = g_param_spec_object ("drive", NULL, NULL, SP_TYPE_DRIVE, ro);
  properties[PROP_BACKEND] =
    g_param_spec_enum ("backend", NULL, NULL, SP_TYPE_BURN_BACKEND_KIND, SP_BURN_BACKEND_LIBBURN, ro);
  properties[PROP_WRITE_MODE] =
    g_param_spec_enum ("write-mode", NULL, NULL, SP_TYPE_WRITE_MODE, SP_WRITE_MODE_AUTO, ro);
  properties[PROP_SECTORS] = g_param_spec_int64 ("sectors", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_BYTES] = g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_NEEDS_CHECK] = g_param_spec_boolean ("needs-check", NULL, NULL, FALSE, ro);
  properties[PROP_NEEDS_BLANK] = g_param_spec_boolean ("needs-blank", NULL, NULL, FALSE, ro);
  properties[PROP_OTHER_BACKEND_EXACT] = g_param_spec_boolean ("other-backend-exact", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_burn_plan_init (SpBurnPlan *self)
{
  self->notes = g_ptr_array_new_with_free_func (g_free);
}

/* The image's own problems: what would be burned wrong whatever writes it. */
static gboolean
check_image (SpImage   *image,
             SpVerify  *verify,
             GError   **error)
{
  GListModel *sources = sp_image_get_sources (image);
  GListModel *diagnostics = sp_image_get_diagnostics (image);
  guint n_errors = sp_image_count_diagnostics (image, SP_SEVERITY_ERROR);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);

      if (sp_source_get_status (source) != SP_SOURCE_STATUS_OK)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                       _("“%s” is %s (%s), so the disc would miss what it holds"),
                       sp_source_get_display_name (source),
                       sp_source_get_status (source) == SP_SOURCE_STATUS_MISSING ? _("missing") : _("unreadable"),
                       sp_source_get_status_reason (source) ? sp_source_get_status_reason (source) : "?");
          return FALSE;
        }
    }

  if (n_errors > 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
        {
          g_autoptr(SpDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
          g_autofree char *text = NULL;

          if (sp_diagnostic_get_severity (diagnostic) != SP_SEVERITY_ERROR)
            continue;
          text = sp_diagnostic_to_string (diagnostic);
          if (n_errors == 1)
            g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                         _("The image has an error that would be burned: %s"), text);
          else
            g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                         ngettext ("The image has errors that would be burned: %s (and %u more)",
                                   "The image has errors that would be burned: %s (and %u more)",
                                   n_errors - 1),
                         text, n_errors - 1);
          return FALSE;
        }
    }

  if (verify && sp_verify_get_n_bad_total (verify) > 0)
    {
      const SpBadSector *bad = sp_verify_get_bad (verify, 0);
      g_autofree char *kind = bad ? sp_sector_error_to_string (bad->errors) : g_strdup ("?");
      guint64 n = sp_verify_get_n_bad_total (verify);

      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                   ngettext ("Verifying the image found %" PRIu64 " bad sector (sector %" PRId64
                             " of track %02u: %s); it would be burned as it is",
                             "Verifying the image found %" PRIu64 " bad sectors (the first is sector %"
                             PRId64 " of track %02u: %s); they would be burned as they are", n),
                   n, bad ? bad->position : 0, bad ? bad->track : 0, kind);
      return FALSE;
    }
  return TRUE;
}

/* An image file written over the sheet or one of the files it names would
 * destroy the image it is read from (through the temporary file and the
 * rename, the source is replaced before it is read back): never. */
static gboolean
check_target_not_image (SpImage  *image,
                        SpDrive  *drive,
                        GError  **error)
{
  const char *address = sp_drive_get_address (drive);

  if (!sp_drive_is_file (drive) || !g_str_has_prefix (address, "stdio:")
      || !sp_image_uses_file (image, address + strlen ("stdio:")))
    return TRUE;
  g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
               _("%s is part of the image being burned: choose another file, the image is never overwritten"),
               address + strlen ("stdio:"));
  return FALSE;
}

static gboolean
check_drive (SpImage  *image,
             SpDrive  *drive,
             GError  **error)
{
  if (sp_drive_get_error (drive))
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_BUSY, "%s: %s",
                   sp_drive_get_display_name (drive), sp_drive_get_error (drive));
      return FALSE;
    }
  return check_target_not_image (image, drive, error);
}

static SpBurnPlan *
try_backend (SpBurnBackend        *backend,
             SpImage              *image,
             SpDrive              *drive,
             const SpBurnOptions  *options,
             GError              **error)
{
  g_autoptr(SpBurnPlan) plan = g_object_new (SP_TYPE_BURN_PLAN, NULL);

  plan->image = g_object_ref (image);
  plan->drive = g_object_ref (drive);
  plan->options = sp_burn_options_copy (options);
  plan->backend = sp_burn_backend_get_kind (backend);
  if (!sp_burn_backend_check (backend, image, drive, options, plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static SpBurnBackendKind
other_kind (SpBurnBackendKind kind)
{
  return kind == SP_BURN_BACKEND_LIBBURN ? SP_BURN_BACKEND_CDRDAO : SP_BURN_BACKEND_LIBBURN;
}

/* Neither backend writes the image: the reason that matters. A refusal
 * that is about the disc or the drive (no disc, too small, no SAO) is the
 * one to give when the other backend cannot write the image at all; when
 * both say the image cannot be written exactly, both reasons are given. */
static GError *
combine_refusals (SpDrive *drive,
                  GError  *libburn_error,
                  GError  *cdrdao_error)
{
  gboolean libburn_exact = !g_error_matches (libburn_error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT);
  gboolean cdrdao_exact = !g_error_matches (cdrdao_error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT);

  /* cdrdao writes CDs only: for an image file, libburn's word is all. */
  if (sp_drive_is_file (drive) || libburn_exact)
    return g_error_copy (libburn_error);
  if (cdrdao_exact)
    return g_error_copy (cdrdao_error);
  /* Translators: the reasons why libburn and why cdrdao cannot burn the image */
  return g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT, _("%s Nor can cdrdao: %s"),
                      libburn_error->message, cdrdao_error->message);
}

/**
 * sp_burn_plan_new:
 * @drive: the target as last inquired (sp_drive_inquire(), #SpDriveList)
 * @options: (nullable): how to burn; %NULL for the defaults
 * @verify: (nullable): a finished verify of @image: its bad sectors refuse
 *
 * Decides which backend writes @image onto @drive exactly: libburn where
 * it does (data on CD, DVD and BD, audio CDs with CD-TEXT, MODE1/2352
 * images whose sectors re-encode exactly), else cdrdao (Mode 2, CD-i,
 * data and audio in one session). A backend named in @options (backend)
 * is used only where it writes the image exactly. Fast: reads no sector
 * (raw data sectors are checked by the job, before it writes; see
 * sp_burn_plan_get_needs_check()).
 *
 * Returns: (transfer full): the plan, or %NULL with @error saying why no
 *   backend writes the image exactly (%SP_BURN_ERROR_NOT_EXACT), or why
 *   the target cannot take it
 */
SpBurnPlan *
sp_burn_plan_new (SpImage              *image,
                  SpDrive              *drive,
                  const SpBurnOptions  *options,
                  SpVerify             *verify,
                  GError              **error)
{
  g_autoptr(SpBurnOptions) defaults = NULL;
  g_autoptr(SpBurnPlan) libburn_plan = NULL;
  g_autoptr(SpBurnPlan) cdrdao_plan = NULL;
  g_autoptr(GError) libburn_error = NULL;
  g_autoptr(GError) cdrdao_error = NULL;
  SpBurnPlan *chosen, *other;
  GError *chosen_error, *other_error;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (SP_IS_DRIVE (drive), NULL);

  if (options == NULL)
    options = defaults = sp_burn_options_new ();

  if (!check_image (image, verify, error) || !check_drive (image, drive, error))
    return NULL;

  libburn_plan = try_backend (sp_burn_backend_for_kind (SP_BURN_BACKEND_LIBBURN), image, drive, options, &libburn_error);
  cdrdao_plan = try_backend (sp_burn_backend_for_kind (SP_BURN_BACKEND_CDRDAO), image, drive, options, &cdrdao_error);

  if (options->backend == SP_BURN_BACKEND_CHOICE_CDRDAO ||
      (options->backend == SP_BURN_BACKEND_CHOICE_AUTO && libburn_plan == NULL && cdrdao_plan != NULL))
    {
      chosen = cdrdao_plan, chosen_error = cdrdao_error;
      other = libburn_plan, other_error = libburn_error;
    }
  else
    {
      chosen = libburn_plan, chosen_error = libburn_error;
      other = cdrdao_plan, other_error = cdrdao_error;
    }

  if (chosen == NULL)
    {
      if (options->backend == SP_BURN_BACKEND_CHOICE_AUTO)
        g_propagate_error (error, combine_refusals (drive, libburn_error, cdrdao_error));
      else if (other != NULL)
        /* Translators: a program's reason, then the other program's name */
        g_set_error (error, chosen_error->domain, chosen_error->code, _("%s (%s would burn it exactly)"),
                     chosen_error->message, sp_burn_backend_kind_to_string (other->backend));
      else
        g_propagate_error (error, g_error_copy (chosen_error));
      return NULL;
    }

  chosen->other_exact = other != NULL;
  chosen->other_reason = other_error ? g_strdup (other_error->message) : NULL;
  return g_object_ref (chosen);
}

/**
 * _sp_burn_plan_new_raw:
 * @plan: a plan that writes raw data sectors as their user data
 * @why: the sector that is not a standard encoding of its data
 *
 * A raw data sector that the drive would write anew differently: the
 * image can still be burned exactly by writing it raw, which cdrdao does.
 * Not when the user named libburn.
 *
 * Returns: (transfer full): the plan for raw writing, or %NULL with @error
 *   saying why the image cannot be burned exactly
 */
SpBurnPlan *
_sp_burn_plan_new_raw (SpBurnPlan    *plan,
                       const GError  *why,
                       GError       **error)
{
  g_autoptr(SpBurnOptions) options = sp_burn_options_copy (plan->options);
  g_autoptr(GError) raw_error = NULL;
  SpBurnPlan *raw;

  /* Not when the user named libburn or another write mode, nor onto an
   * image file (CDs only): what they asked for cannot burn it exactly. */
  if (options->backend == SP_BURN_BACKEND_CHOICE_LIBBURN || sp_drive_is_file (plan->drive)
      || (options->write_mode != SP_WRITE_MODE_AUTO && options->write_mode != SP_WRITE_MODE_RAW))
    {
      g_propagate_error (error, g_error_copy (why));
      return NULL;
    }
  options->write_mode = SP_WRITE_MODE_RAW;
  options->backend = SP_BURN_BACKEND_CHOICE_CDRDAO;
  raw = try_backend (sp_burn_backend_for_kind (SP_BURN_BACKEND_CDRDAO), plan->image, plan->drive, options, &raw_error);
  if (raw == NULL)
    {
      /* Translators: why a sector is not standard, then why raw writing cannot be used */
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT, _("%s Writing it raw with cdrdao is not possible "
                                                                  "either: %s"),
                   why->message, raw_error->message);
      return NULL;
    }
  raw->other_exact = FALSE;
  raw->other_reason = g_strdup (why->message);
  _sp_burn_plan_add_note (raw, why->message);
  return raw;
}

SpImage *
sp_burn_plan_get_image (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return self->image;
}

SpDrive *
sp_burn_plan_get_drive (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return self->drive;
}

const SpBurnOptions *
sp_burn_plan_get_options (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return self->options;
}

SpBurnBackendKind
sp_burn_plan_get_backend (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), SP_BURN_BACKEND_LIBBURN);
  return self->backend;
}

/* SAO, TAO or RAW: what the backend will use (never AUTO). */
SpWriteMode
sp_burn_plan_get_write_mode (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), SP_WRITE_MODE_AUTO);
  return self->write_mode;
}

/* Sectors written, from the first frame of the image to its end. */
gint64
sp_burn_plan_get_sectors (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), 0);
  return self->sectors;
}

/* Bytes sent to the drive: 2048 per data sector, 2352 per audio sector. */
guint64
sp_burn_plan_get_bytes (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), 0);
  return self->bytes;
}

/* Whether every sector has to be checked before writing: raw Mode 1
 * sectors are written as their user data and must re-encode exactly. */
gboolean
sp_burn_plan_get_needs_check (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), FALSE);
  return self->needs_check;
}

/* Whether the rewritable disc is blanked before writing. */
gboolean
sp_burn_plan_get_needs_blank (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), FALSE);
  return self->needs_blank;
}

/**
 * sp_burn_plan_dup_summary:
 *
 * Returns: (transfer full): lines that say what will be written how
 */
char *
sp_burn_plan_dup_summary (SpBurnPlan *self)
{
  GString *text = g_string_new (NULL);
  g_autofree char *media = NULL;
  g_autofree char *size = NULL;
  g_autofree char *mode = NULL;
  char msf[SP_MSF_STRING_SIZE];

  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);

  mode = g_ascii_strup (sp_write_mode_to_string (self->write_mode), -1);
  media = sp_drive_dup_media_description (self->drive);
  size = g_format_size (self->bytes);

  g_string_append_printf (text, _("Image: %s (%u tracks)\n"), sp_image_get_display_name (self->image),
                          sp_image_get_n_tracks (self->image));
  g_string_append_printf (text, _("Target: %s, %s (%s)\n"), sp_drive_get_address (self->drive), media,
                          sp_drive_get_display_name (self->drive));
  g_string_append_printf (text, _("Backend: %s, write mode %s%s\n"),
                          sp_burn_backend_kind_to_string (self->backend), mode,
                          self->options->simulate ? _(", simulated (nothing is written)") : "");
  g_string_append_printf (text, _("Size: %" PRId64 " sectors (%s), %s sent"), self->sectors,
                          sp_msf_format (self->sectors, msf), size);
  if (!self->needs_blank && sp_drive_get_free_sectors (self->drive) > 0)
    g_string_append_printf (text, _("; %" PRId64 " sectors free"), sp_drive_get_free_sectors (self->drive));
  g_string_append_c (text, '\n');
  if (self->needs_blank)
    g_string_append_printf (text, _("The disc is blanked first (%s)\n"), sp_blank_mode_to_string (self->options->blank));
  if (self->needs_check)
    g_string_append (text, _("Every sector is checked to re-encode exactly before anything is written\n"));
  for (guint i = 0; i < self->notes->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (self->notes, i));
  if (self->options->verify)
    g_string_append (text, _("The disc is read back and compared with the image afterwards\n"));
  if (self->options->copies > 1)
    g_string_append_printf (text, _("%u copies\n"), self->options->copies);
  return g_string_free (text, FALSE);
}

void
_sp_burn_plan_set_backend (SpBurnPlan        *self,
                           SpBurnBackendKind  backend)
{
  self->backend = backend;
}

void
_sp_burn_plan_set_write_mode (SpBurnPlan  *self,
                              SpWriteMode  mode)
{
  self->write_mode = mode;
}

void
_sp_burn_plan_set_size (SpBurnPlan *self,
                        gint64      sectors,
                        guint64     bytes)
{
  self->sectors = sectors;
  self->bytes = bytes;
}

void
_sp_burn_plan_set_needs_check (SpBurnPlan *self,
                               gboolean    needs_check)
{
  self->needs_check = needs_check;
}

void
_sp_burn_plan_set_needs_blank (SpBurnPlan *self,
                               gboolean    needs_blank)
{
  self->needs_blank = needs_blank;
}

void
_sp_burn_plan_add_note (SpBurnPlan *self,
                        const char *note)
{
  g_ptr_array_add (self->notes, g_strdup (note));
}

const char *
sp_burn_backend_kind_to_string (SpBurnBackendKind kind)
{
  switch (kind)
    {
    case SP_BURN_BACKEND_LIBBURN: return "libburn";
    case SP_BURN_BACKEND_CDRDAO:  return "cdrdao";
    default:                      return "?";
    }
}

/* ---- What the drive will receive ------------------------------------- */

/* Whether the backend not chosen writes the image exactly too, so that a
 * user may pick it (SpBurnOptions.backend). */
gboolean
sp_burn_plan_get_other_backend_exact (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), FALSE);
  return self->other_exact;
}

/**
 * sp_burn_plan_dup_other_backend_reason:
 *
 * Returns: (transfer full) (nullable): why the other backend does not
 *   write the image exactly, or %NULL when it does
 */
char *
sp_burn_plan_dup_other_backend_reason (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return g_strdup (self->other_reason);
}

/**
 * sp_burn_plan_get_driver:
 *
 * Returns: (nullable): the cdrdao driver of a cdrdao plan, %NULL for libburn
 */
const char *
sp_burn_plan_get_driver (SpBurnPlan *self)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return self->backend == SP_BURN_BACKEND_CDRDAO ? sp_burn_cdrdao_get_driver (self) : NULL;
}

/**
 * sp_burn_plan_get_track_format:
 * @index: the track's index in the image (from 0)
 *
 * Returns: how the track goes to the drive: for cdrdao its TOC keyword
 *   (AUDIO, MODE1, MODE1_RAW, MODE2_RAW...); for libburn AUDIO or MODE1
 *   (2048 bytes of user data)
 */
const char *
sp_burn_plan_get_track_format (SpBurnPlan *self,
                               guint       index)
{
  SpTrack *track;

  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  g_return_val_if_fail (index < sp_image_get_n_tracks (self->image), NULL);

  track = sp_image_get_track (self->image, index);
  if (self->backend == SP_BURN_BACKEND_CDRDAO)
    return sp_track_mode_to_toc_keyword (sp_track_get_mode (track));
  return sp_track_is_audio (track) ? "AUDIO" : "MODE1";
}

/**
 * sp_burn_plan_dup_toc:
 * @folder: (nullable): where the TOC will be, to name the image's files
 *   relative to it; %NULL for absolute paths (as cdrdao is given them)
 *
 * Returns: (transfer full): the cdrdao TOC file for the image (the one
 *   cdrdao burns from), or %NULL with @error saying why a TOC cannot say
 *   the image
 */
char *
sp_burn_plan_dup_toc (SpBurnPlan  *self,
                      const char  *folder,
                      GError     **error)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return sp_image_write_sheet (self->image, SP_SHEET_FORMAT_TOC, folder, NULL, error);
}

/**
 * sp_burn_plan_dup_cue:
 *
 * Returns: (transfer full): a clean cue sheet for the image, or %NULL with
 *   @error saying why a cue sheet cannot say it
 */
char *
sp_burn_plan_dup_cue (SpBurnPlan  *self,
                      const char  *folder,
                      GError     **error)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);
  return sp_image_write_sheet (self->image, SP_SHEET_FORMAT_CUE, folder, NULL, error);
}

static gboolean
save_sheet (SpBurnPlan     *self,
            SpSheetFormat   format,
            GFile          *file,
            GError        **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A sheet names its files by path: save it in a local folder"));
      return FALSE;
    }
  if (sp_image_uses_file (self->image, path))
    {
      /* Saving the layout over the image's own sheet would change the image. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s is part of the image: choose another name, the image is never overwritten"), path);
      return FALSE;
    }
  folder = g_path_get_dirname (path);
  text = sp_image_write_sheet (self->image, format, folder, NULL, error);
  /* g_file_set_contents writes a temporary file and renames it: a failed
   * save leaves nothing half-written. */
  return text != NULL && g_file_set_contents (path, text, -1, error);
}

/**
 * sp_burn_plan_save_toc:
 *
 * Saves the image as a cdrdao TOC file naming its files relative to
 * @file's folder (written under a temporary name, then renamed).
 */
gboolean
sp_burn_plan_save_toc (SpBurnPlan  *self,
                       GFile       *file,
                       GError     **error)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return save_sheet (self, SP_SHEET_FORMAT_TOC, file, error);
}

/**
 * sp_burn_plan_save_cue:
 *
 * Saves the image as a clean cue sheet, as sp_burn_plan_save_toc() does.
 */
gboolean
sp_burn_plan_save_cue (SpBurnPlan  *self,
                       GFile       *file,
                       GError     **error)
{
  g_return_val_if_fail (SP_IS_BURN_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return save_sheet (self, SP_SHEET_FORMAT_CUE, file, error);
}

static const SpCdTextField layout_text_fields[] = {
  SP_CDTEXT_TITLE, SP_CDTEXT_PERFORMER, SP_CDTEXT_SONGWRITER, SP_CDTEXT_COMPOSER,
  SP_CDTEXT_ARRANGER, SP_CDTEXT_MESSAGE,
};

static void
json_cdtext (JsonBuilder *builder,
             SpCdText    *cdtext)
{
  json_builder_set_member_name (builder, "cdtext");
  json_builder_begin_object (builder);
  for (guint i = 0; cdtext && i < G_N_ELEMENTS (layout_text_fields); i++)
    {
      const char *value = sp_cdtext_get (cdtext, layout_text_fields[i]);
      g_autofree char *key = NULL;

      if (value == NULL)
        continue;
      key = g_ascii_strdown (sp_cdtext_field_to_keyword (layout_text_fields[i]), -1);
      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
}

static void
json_member_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
json_member_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
json_track (JsonBuilder *builder,
            SpBurnPlan  *self,
            guint        index)
{
  SpTrack *track = sp_image_get_track (self->image, index);
  g_autofree char *flags = sp_track_flags_to_string (sp_track_get_flags (track));

  json_builder_begin_object (builder);
  json_member_int (builder, "number", sp_track_get_number (track));
  json_member_string (builder, "mode", sp_track_mode_to_string (sp_track_get_mode (track)));
  json_member_string (builder, "sent_as", sp_burn_plan_get_track_format (self, index));
  json_member_int (builder, "sector_size", sp_track_get_sector_size (track));
  json_member_int (builder, "first", sp_track_get_first (track));
  json_member_int (builder, "pregap", sp_track_get_pregap (track));
  json_member_int (builder, "start", sp_track_get_start (track));
  json_member_int (builder, "length", sp_track_get_length (track));
  json_member_int (builder, "postgap", sp_track_get_postgap (track));
  json_member_int (builder, "end", sp_track_get_end (track));
  json_builder_set_member_name (builder, "indices");
  json_builder_begin_array (builder);
  for (guint j = 0; j < sp_track_get_n_indices (track); j++)
    {
      const SpIndex *idx = sp_track_get_index (track, j);

      json_builder_begin_object (builder);
      json_member_int (builder, "number", idx->number);
      json_member_int (builder, "position", idx->position);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_member_string (builder, "isrc", sp_track_get_isrc (track));
  json_member_string (builder, "flags", *flags ? flags : NULL);
  json_cdtext (builder, sp_track_get_cdtext (track));
  json_builder_end_object (builder);
}

/**
 * sp_burn_plan_to_json:
 *
 * The layout the drive will receive, as `spindle-cli burn --dry-run
 * --json` prints it (the fields are documented in spindle-cli(1)).
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
sp_burn_plan_to_json (SpBurnPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *sessions;
  g_autofree char *media = NULL;

  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);

  sessions = sp_image_get_sessions (self->image);
  media = sp_drive_dup_media_description (self->drive);

  json_builder_begin_object (builder);
  json_member_string (builder, "image", sp_image_get_display_name (self->image));
  json_member_string (builder, "drive", sp_drive_get_address (self->drive));
  json_member_string (builder, "media", media);
  json_member_string (builder, "backend", sp_burn_backend_kind_to_string (self->backend));
  json_member_string (builder, "driver", sp_burn_plan_get_driver (self));
  json_member_string (builder, "write_mode", sp_write_mode_to_string (self->write_mode));
  json_builder_set_member_name (builder, "simulate");
  json_builder_add_boolean_value (builder, self->options->simulate);
  json_member_string (builder, "other_backend", sp_burn_backend_kind_to_string (other_kind (self->backend)));
  json_builder_set_member_name (builder, "other_backend_exact");
  json_builder_add_boolean_value (builder, self->other_exact);
  json_member_string (builder, "other_backend_reason", self->other_reason);
  json_member_string (builder, "disc_type", sp_disc_type_to_string (sp_image_get_disc_type (self->image)));
  json_member_string (builder, "catalog", sp_image_get_catalog (self->image));
  json_cdtext (builder, sp_image_get_cdtext (self->image));
  json_member_int (builder, "sectors", self->sectors);
  json_member_int (builder, "bytes", (gint64) self->bytes);
  json_member_int (builder, "free_sectors", self->needs_blank ? -1 : sp_drive_get_free_sectors (self->drive));
  json_builder_set_member_name (builder, "needs_check");
  json_builder_add_boolean_value (builder, self->needs_check);
  json_builder_set_member_name (builder, "needs_blank");
  json_builder_add_boolean_value (builder, self->needs_blank);

  json_builder_set_member_name (builder, "sessions");
  json_builder_begin_array (builder);
  for (guint s = 0; s < g_list_model_get_n_items (sessions); s++)
    {
      g_autoptr(SpSession) session = g_list_model_get_item (sessions, s);

      json_builder_begin_object (builder);
      json_member_int (builder, "number", sp_session_get_number (session));
      json_builder_set_member_name (builder, "tracks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
        if (sp_track_get_session (sp_image_get_track (self->image, i)) == sp_session_get_number (session))
          json_track (builder, self, i);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->notes, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
append_cdtext (GString    *text,
               SpCdText   *cdtext,
               const char *indent)
{
  for (guint i = 0; cdtext && i < G_N_ELEMENTS (layout_text_fields); i++)
    {
      const char *value = sp_cdtext_get (cdtext, layout_text_fields[i]);

      if (value)
        g_string_append_printf (text, "%sCD-TEXT %s \"%s\"\n", indent,
                                sp_cdtext_field_to_keyword (layout_text_fields[i]), value);
    }
}

/**
 * sp_burn_plan_dup_layout:
 *
 * Returns: (transfer full): the layout the drive will receive, for people:
 *   backend and write mode, disc type, catalog number and CD-TEXT, then
 *   per session and track the mode, how it is sent, pregap, start,
 *   length, indices, ISRC, flags and CD-TEXT; the size against the room
 *   on the disc
 */
char *
sp_burn_plan_dup_layout (SpBurnPlan *self)
{
  GString *text = g_string_new (NULL);
  GListModel *sessions;
  char a[SP_MSF_STRING_SIZE], b[SP_MSF_STRING_SIZE], c[SP_MSF_STRING_SIZE];
  const char *catalog;
  gint64 free_sectors;
  g_autofree char *media = NULL;

  g_return_val_if_fail (SP_IS_BURN_PLAN (self), NULL);

  sessions = sp_image_get_sessions (self->image);
  catalog = sp_image_get_catalog (self->image);
  free_sectors = sp_drive_get_free_sectors (self->drive);

  media = sp_drive_dup_media_description (self->drive);
  g_string_append_printf (text, _("Image: %s\n"), sp_image_get_display_name (self->image));
  g_string_append_printf (text, _("Target: %s, %s (%s)%s\n"), sp_drive_get_address (self->drive), media,
                          sp_drive_get_display_name (self->drive),
                          self->options->simulate ? _(", simulated (nothing is written)") : "");
  if (self->backend == SP_BURN_BACKEND_CDRDAO)
    g_string_append_printf (text, _("Backend: cdrdao (driver %s), write mode %s\n"), sp_burn_plan_get_driver (self),
                            sp_write_mode_to_string (self->write_mode));
  else
    g_string_append_printf (text, _("Backend: libburn, write mode %s\n"), sp_write_mode_to_string (self->write_mode));
  if (self->other_exact)
    g_string_append_printf (text, _("%s would burn it exactly too\n"), sp_burn_backend_kind_to_string (other_kind (self->backend)));
  else if (self->other_reason)
    g_string_append_printf (text, _("Not %s: %s\n"), sp_burn_backend_kind_to_string (other_kind (self->backend)),
                            self->other_reason);
  g_string_append_printf (text, _("Disc type: %s\n"), sp_disc_type_to_string (sp_image_get_disc_type (self->image)));
  if (catalog && *catalog)
    g_string_append_printf (text, _("Catalog number (MCN): %s\n"), catalog);
  append_cdtext (text, sp_image_get_cdtext (self->image), "");

  for (guint s = 0; s < g_list_model_get_n_items (sessions); s++)
    {
      g_autoptr(SpSession) session = g_list_model_get_item (sessions, s);

      g_string_append_printf (text, _("Session %u\n"), sp_session_get_number (session));
      for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
        {
          SpTrack *track = sp_image_get_track (self->image, i);
          g_autofree char *flags = sp_track_flags_to_string (sp_track_get_flags (track));

          if (sp_track_get_session (track) != sp_session_get_number (session))
            continue;
          g_string_append_printf (text, _("  Track %02u  %s, sent as %s; pregap %s, starts %s, %s long"),
                                  sp_track_get_number (track), sp_track_mode_to_string (sp_track_get_mode (track)),
                                  sp_burn_plan_get_track_format (self, i),
                                  sp_msf_format (sp_track_get_pregap (track), a),
                                  sp_msf_format (sp_track_get_start (track), b),
                                  sp_msf_format (sp_track_get_length (track), c));
          if (sp_track_get_postgap (track) > 0)
            g_string_append_printf (text, _(", postgap %s"), sp_msf_format (sp_track_get_postgap (track), a));
          g_string_append_c (text, '\n');
          g_string_append (text, "    ");
          for (guint j = 0; j < sp_track_get_n_indices (track); j++)
            g_string_append_printf (text, "%sINDEX %02u %s", j ? "  " : "", sp_track_get_index (track, j)->number,
                                    sp_msf_format (sp_track_get_index (track, j)->position, a));
          g_string_append_c (text, '\n');
          if (sp_track_get_isrc (track))
            g_string_append_printf (text, "    ISRC %s\n", sp_track_get_isrc (track));
          if (*flags)
            g_string_append_printf (text, "    FLAGS %s\n", flags);
          append_cdtext (text, sp_track_get_cdtext (track), "    ");
        }
    }

  g_string_append_printf (text, _("Size: %" PRId64 " sectors (%s)"), self->sectors, sp_msf_format (self->sectors, a));
  if (self->needs_blank)
    g_string_append (text, _(", on a disc to be blanked first"));
  else if (free_sectors > 0)
    g_string_append_printf (text, _(" of %" PRId64 " free (%s), %.1f%% of the disc"), free_sectors,
                            sp_msf_format (free_sectors, b), 100.0 * (double) self->sectors / (double) free_sectors);
  g_string_append_c (text, '\n');
  if (self->needs_blank)
    g_string_append_printf (text, _("The disc is blanked first (%s)\n"), sp_blank_mode_to_string (self->options->blank));
  if (self->needs_check)
    g_string_append (text, _("Every raw data sector is checked to re-encode exactly before anything is written\n"));
  for (guint i = 0; i < self->notes->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (self->notes, i));
  if (self->options->verify)
    g_string_append (text, _("The disc is read back and compared with the image afterwards\n"));
  return g_string_free (text, FALSE);
}
