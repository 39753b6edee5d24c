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

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sp-burn-backend.h"
#include "sp-burn-enums.h"
#include "sp-burn-error.h"
#include "sp-burn-plan-private.h"

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
                   ngettext ("Verifying the image found %" G_GUINT64_FORMAT " bad sector (sector %" G_GINT64_FORMAT
                             " of track %02u: %s); it would be burned as it is",
                             "Verifying the image found %" G_GUINT64_FORMAT " bad sectors (the first is sector %"
                             G_GINT64_FORMAT " of track %02u: %s); they would be burned as they are", n),
                   n, bad ? bad->position : 0, bad ? bad->track : 0, kind);
      return FALSE;
    }
  return TRUE;
}

/* Is @file the file @target names (the same inode, whatever the path)? */
static gboolean
same_file (GFile          *file,
           const GStatBuf *target)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  GStatBuf st;

  return path && g_stat (path, &st) == 0 && st.st_dev == target->st_dev && st.st_ino == target->st_ino;
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
  GListModel *sources = sp_image_get_sources (image);
  GStatBuf target;
  gboolean hit;

  if (!sp_drive_is_file (drive) || !g_str_has_prefix (address, "stdio:")
      || g_stat (address + strlen ("stdio:"), &target) != 0)
    return TRUE;
  hit = same_file (sp_image_get_file (image), &target);
  for (guint i = 0; !hit && i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(SpSource) source = g_list_model_get_item (sources, i);

      hit = same_file (sp_source_get_file (source), &target);
    }
  if (hit)
    g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
                 _("%s is part of the image being burned: choose another file, the image is never overwritten"),
                 address + strlen ("stdio:"));
  return !hit;
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

/**
 * sp_burn_plan_new:
 * @drive: the target as last inquired (sp_drive_inquire(), #SpDriveList)
 * @options: (nullable): how to burn; %NULL for the defaults
 * @verify: (nullable): a finished verify of @image: its bad sectors refuse
 *
 * Decides which backend writes @image onto @drive exactly. Fast: reads no
 * sector (a MODE1/2352 image's sectors are checked by the job, before it
 * writes; see sp_burn_plan_get_needs_check()).
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
  GPtrArray *backends;
  g_autoptr(GError) first_error = NULL;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (SP_IS_DRIVE (drive), NULL);

  if (options == NULL)
    options = defaults = sp_burn_options_new ();

  if (!check_image (image, verify, error) || !check_drive (image, drive, error))
    return NULL;

  backends = sp_burn_backends_get ();
  for (guint i = 0; i < backends->len; i++)
    {
      SpBurnBackend *backend = g_ptr_array_index (backends, i);
      g_autoptr(SpBurnPlan) plan = g_object_new (SP_TYPE_BURN_PLAN, NULL);
      g_autoptr(GError) local_error = NULL;

      plan->image = g_object_ref (image);
      plan->drive = g_object_ref (drive);
      plan->options = sp_burn_options_copy (options);
      plan->backend = sp_burn_backend_get_kind (backend);
      if (sp_burn_backend_check (backend, image, drive, options, plan, &local_error))
        return g_steal_pointer (&plan);
      if (first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  g_propagate_error (error, g_steal_pointer (&first_error));
  return NULL;
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
  g_string_append_printf (text, _("Size: %" G_GINT64_FORMAT " sectors (%s), %s sent"), self->sectors,
                          sp_msf_format (self->sectors, msf), size);
  if (!self->needs_blank && sp_drive_get_free_sectors (self->drive) > 0)
    g_string_append_printf (text, _("; %" G_GINT64_FORMAT " sectors free"), sp_drive_get_free_sectors (self->drive));
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
