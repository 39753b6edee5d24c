/* sp-drive.c
 *
 * An SpDrive is a snapshot: what libburn said about a drive and its medium
 * when it was last inquired (the drive grabbed, then released at once, so
 * that other programs can still use it). It holds no libburn pointer, so
 * it can be kept, compared and shown from any thread.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-burn-enums.h"
#include "sp-drive-private.h"

struct _SpDrive
{
  GObject parent_instance;

  char *address;
  char *vendor;
  char *model;
  char *revision;
  char *display_name;
  char *error;
  gboolean is_file;

  SpMediaStatus media_status;
  SpMediaKind media_kind;
  int profile;
  char *profile_name;
  guint64 free_bytes;
  gboolean erasable;

  GArray *write_speeds;        /* int kB/s, fastest first */
  int max_write_speed;
  SpWriteModeFlags write_modes;
  gboolean can_simulate;
  gboolean can_burnfree;
};

G_DEFINE_FINAL_TYPE (SpDrive, sp_drive, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_VENDOR,
  PROP_MODEL,
  PROP_REVISION,
  PROP_DISPLAY_NAME,
  PROP_IS_FILE,
  PROP_ERROR,
  PROP_MEDIA_STATUS,
  PROP_MEDIA_KIND,
  PROP_PROFILE,
  PROP_PROFILE_NAME,
  PROP_MEDIA_DESCRIPTION,
  PROP_FREE_BYTES,
  PROP_FREE_SECTORS,
  PROP_ERASABLE,
  PROP_MAX_WRITE_SPEED,
  PROP_WRITE_MODES,
  PROP_CAN_SIMULATE,
  PROP_CAN_BURNFREE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_drive_finalize (GObject *object)
{
  SpDrive *self = SP_DRIVE (object);

  g_free (self->address);
  g_free (self->vendor);
  g_free (self->model);
  g_free (self->revision);
  g_free (self->display_name);
  g_free (self->error);
  g_free (self->profile_name);
  g_array_unref (self->write_speeds);

  G_OBJECT_CLASS (sp_drive_parent_class)->finalize (object);
}

static void
sp_drive_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SpDrive *self = SP_DRIVE (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_VENDOR:
      g_value_set_string (value, self->vendor);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_REVISION:
      g_value_set_string (value, self->revision);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_IS_FILE:
      g_value_set_boolean (value, self->is_file);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_MEDIA_STATUS:
      g_value_set_enum (value, self->media_status);
      break;
    case PROP_MEDIA_KIND:
      g_value_set_enum (value, self->media_kind);
      break;
    case PROP_PROFILE:
      g_value_set_int (value, self->profile);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_MEDIA_DESCRIPTION:
      g_value_take_string (value, sp_drive_dup_media_description (self));
      break;
    case PROP_FREE_BYTES:
      g_value_set_uint64 (value, self->free_bytes);
      break;
    case PROP_FREE_SECTORS:
      g_value_set_int64 (value, sp_drive_get_free_sectors (self));
      break;
    case PROP_ERASABLE:
      g_value_set_boolean (value, self->erasable);
      break;
    case PROP_MAX_WRITE_SPEED:
      g_value_set_int (value, self->max_write_speed);
      break;
    case PROP_WRITE_MODES:
      g_value_set_flags (value, self->write_modes);
      break;
    case PROP_CAN_SIMULATE:
      g_value_set_boolean (value, self->can_simulate);
      break;
    case PROP_CAN_BURNFREE:
      g_value_set_boolean (value, self->can_burnfree);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_drive_class_init (SpDriveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sp_drive_finalize;
  object_class->get_property = sp_drive_get_property;

  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, ro);
  properties[PROP_VENDOR] = g_param_spec_string ("vendor", NULL, NULL, NULL, ro);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, ro);
  properties[PROP_REVISION] = g_param_spec_string ("revision", NULL, NULL, NULL, ro);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_IS_FILE] = g_param_spec_boolean ("is-file", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_MEDIA_STATUS] =
    g_param_spec_enum ("media-status", NULL, NULL, SP_TYPE_MEDIA_STATUS, SP_MEDIA_STATUS_UNKNOWN, ro);
  properties[PROP_MEDIA_KIND] =
    g_param_spec_enum ("media-kind", NULL, NULL, SP_TYPE_MEDIA_KIND, SP_MEDIA_KIND_NONE, ro);
  properties[PROP_PROFILE] = g_param_spec_int ("profile", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_PROFILE_NAME] = g_param_spec_string ("profile-name", NULL, NULL, NULL, ro);
  properties[PROP_MEDIA_DESCRIPTION] = g_param_spec_string ("media-description", NULL, NULL, NULL, ro);
  properties[PROP_FREE_BYTES] = g_param_spec_uint64 ("free-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_FREE_SECTORS] = g_param_spec_int64 ("free-sectors", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ERASABLE] = g_param_spec_boolean ("erasable", NULL, NULL, FALSE, ro);
  properties[PROP_MAX_WRITE_SPEED] = g_param_spec_int ("max-write-speed", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_WRITE_MODES] =
    g_param_spec_flags ("write-modes", NULL, NULL, SP_TYPE_WRITE_MODE_FLAGS, SP_WRITE_MODE_FLAG_NONE, ro);
  properties[PROP_CAN_SIMULATE] = g_param_spec_boolean ("can-simulate", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_BURNFREE] = g_param_spec_boolean ("can-burnfree", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_drive_init (SpDrive *self)
{
  self->write_speeds = g_array_new (FALSE, FALSE, sizeof (int));
}

SpMediaKind
_sp_media_kind_from_profile (int profile)
{
  switch (profile)
    {
    case 0x00:   return SP_MEDIA_KIND_NONE;
    case 0x08:   return SP_MEDIA_KIND_CD_ROM;
    case 0x09:   return SP_MEDIA_KIND_CD_R;
    case 0x0a:   return SP_MEDIA_KIND_CD_RW;
    case 0x10:   return SP_MEDIA_KIND_DVD_ROM;
    case 0x11:
    case 0x15:
    case 0x16:   return SP_MEDIA_KIND_DVD_R;
    case 0x12:   return SP_MEDIA_KIND_DVD_RAM;
    case 0x13:
    case 0x14:   return SP_MEDIA_KIND_DVD_RW;
    case 0x1a:
    case 0x2a:   return SP_MEDIA_KIND_DVD_PLUS_RW;
    case 0x1b:
    case 0x2b:   return SP_MEDIA_KIND_DVD_PLUS_R;
    case 0x40:   return SP_MEDIA_KIND_BD_ROM;
    case 0x41:
    case 0x42:   return SP_MEDIA_KIND_BD_R;
    case 0x43:   return SP_MEDIA_KIND_BD_RE;
    case 0xffff: return SP_MEDIA_KIND_FILE;
    default:     return SP_MEDIA_KIND_OTHER;
    }
}

static char *
trimmed (const char *text,
         gsize       max)
{
  g_autofree char *copy = g_strndup (text, max);

  return g_strdup (g_strstrip (copy));
}

static SpMediaStatus
media_status_from_burn (enum burn_disc_status status)
{
  switch (status)
    {
    case BURN_DISC_BLANK:       return SP_MEDIA_STATUS_BLANK;
    case BURN_DISC_EMPTY:       return SP_MEDIA_STATUS_NONE;
    case BURN_DISC_APPENDABLE:  return SP_MEDIA_STATUS_APPENDABLE;
    case BURN_DISC_FULL:        return SP_MEDIA_STATUS_CLOSED;
    case BURN_DISC_UNSUITABLE:  return SP_MEDIA_STATUS_UNSUITABLE;
    case BURN_DISC_UNREADY:
    case BURN_DISC_UNGRABBED:
    default:                    return SP_MEDIA_STATUS_UNKNOWN;
    }
}

static gint
compare_speed_descending (gconstpointer a,
                          gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x < y) - (x > y);
}

/* The write speeds the drive reports for the medium in it (GET PERFORMANCE
 * and mode page 2A; libburn.h, struct burn_speed_descriptor). */
static void
collect_speeds (SpDrive           *self,
                struct burn_drive *drive)
{
  struct burn_speed_descriptor *list = NULL, *best = NULL;

  if (burn_drive_get_speedlist (drive, &list) > 0)
    {
      for (struct burn_speed_descriptor *d = list; d != NULL; d = d->next)
        {
          gboolean seen = FALSE;

          if (d->write_speed <= 0)
            continue;
          if (d->profile_loaded > 0 && self->profile > 0 && d->profile_loaded != self->profile)
            continue;
          for (guint i = 0; i < self->write_speeds->len; i++)
            if (g_array_index (self->write_speeds, int, i) == d->write_speed)
              seen = TRUE;
          if (!seen)
            g_array_append_val (self->write_speeds, d->write_speed);
        }
      burn_drive_free_speedlist (&list);
    }
  g_array_sort (self->write_speeds, compare_speed_descending);

  if (burn_drive_get_best_speed (drive, 0, &best, 0) > 0 && best != NULL)
    self->max_write_speed = best->write_speed;
  if (self->max_write_speed <= 0)
    self->max_write_speed = burn_drive_get_write_speed (drive);
  if (self->max_write_speed <= 0 && self->write_speeds->len > 0)
    self->max_write_speed = g_array_index (self->write_speeds, int, 0);
  if (self->write_speeds->len == 0 && self->max_write_speed > 0)
    g_array_append_val (self->write_speeds, self->max_write_speed);
}

static gboolean
offers (struct burn_drive       *drive,
        enum burn_write_types    type,
        gboolean                *can_simulate)
{
  struct burn_multi_caps *caps = NULL;
  gboolean ok;

  ok = burn_disc_get_multi_caps (drive, type, &caps, 0) > 0;
  if (ok && caps && caps->might_simulate && can_simulate)
    *can_simulate = TRUE;
  burn_disc_free_multi_caps (&caps);
  return ok;
}

/**
 * _sp_drive_new_from_burn:
 * @info: the drive, grabbed (sp_burn_drive_open()); the lock held
 * @probe_raw: find out which raw block types the drive takes. They read as
 *   0 until burn_drive_probe_cd_write_modes() (drive.c:1372), which libburn
 *   calls "lengthy and obtrusive", so only for a blank CD.
 */
SpDrive *
_sp_drive_new_from_burn (const char             *address,
                         struct burn_drive_info *info,
                         gboolean                probe_raw)
{
  SpDrive *self = g_object_new (SP_TYPE_DRIVE, NULL);
  struct burn_drive *drive = info->drive;
  char profile_name[80] = "";
  int profile = 0;
  enum burn_disc_status status;

  self->address = g_strdup (address);
  self->is_file = sp_burn_address_is_file (address) || burn_drive_get_drive_role (drive) != 1;
  if (self->is_file)
    {
      self->vendor = g_strdup ("");
      self->model = g_strdup (_("Image file"));
      self->revision = g_strdup ("");
      self->display_name = g_strdup_printf (_("Image file %s"),
                                            sp_burn_address_is_file (address) ? address + strlen ("stdio:") : address);
    }
  else
    {
      self->vendor = trimmed (info->vendor, sizeof info->vendor);
      self->model = trimmed (info->product, sizeof info->product);
      self->revision = trimmed (info->revision, sizeof info->revision);
      self->display_name = g_strdup_printf ("%s %s", self->vendor, self->model);
      g_strstrip (self->display_name);
    }

  /* Media inquiry can need a second call (libburn.h, burn_disc_get_status). */
  status = burn_disc_get_status (drive);
  for (int tries = 0; status == BURN_DISC_UNREADY && tries < 20; tries++)
    {
      g_usleep (100 * 1000);
      status = burn_disc_get_status (drive);
    }
  self->media_status = media_status_from_burn (status);

  if (burn_disc_get_profile (drive, &profile, profile_name) > 0)
    {
      self->profile = profile;
      self->profile_name = g_strdup (profile_name);
    }
  else
    self->profile_name = g_strdup ("");
  self->media_kind = self->is_file ? SP_MEDIA_KIND_FILE : _sp_media_kind_from_profile (self->profile);
  if (self->media_status == SP_MEDIA_STATUS_NONE)
    self->media_kind = SP_MEDIA_KIND_NONE;

  if (self->media_status == SP_MEDIA_STATUS_BLANK || self->media_status == SP_MEDIA_STATUS_APPENDABLE)
    {
      off_t bytes = burn_disc_available_space (drive, NULL);

      self->free_bytes = bytes > 0 ? (guint64) bytes : 0;
    }
  self->erasable = !self->is_file && self->media_status != SP_MEDIA_STATUS_BLANK &&
                   burn_disc_erasable (drive);

  if (probe_raw && !self->is_file && sp_media_kind_is_cd (self->media_kind) &&
      self->media_status == SP_MEDIA_STATUS_BLANK)
    burn_drive_probe_cd_write_modes (info);

  if (self->media_status == SP_MEDIA_STATUS_BLANK || self->media_status == SP_MEDIA_STATUS_APPENDABLE)
    {
      if (offers (drive, BURN_WRITE_SAO, &self->can_simulate))
        self->write_modes |= SP_WRITE_MODE_FLAG_SAO;
      if (offers (drive, BURN_WRITE_TAO, &self->can_simulate))
        self->write_modes |= SP_WRITE_MODE_FLAG_TAO;
      /* RAW needs the probe; burn_disc_get_multi_caps() looks at the block
       * types it found (drive.c:3036), and RAW96R is the one libburn writes. */
      if (sp_media_kind_is_cd (self->media_kind) && (info->raw_block_types & BURN_BLOCK_RAW96R) &&
          offers (drive, BURN_WRITE_RAW, NULL))
        self->write_modes |= SP_WRITE_MODE_FLAG_RAW;

      if (!self->is_file)
        {
          struct burn_write_opts *opts = burn_write_opts_new (drive);

          if (opts)
            {
              self->can_burnfree = burn_write_opts_set_underrun_proof (opts, 1) == 1;
              burn_write_opts_free (opts);
            }
        }
    }

  if (!self->is_file)
    collect_speeds (self, drive);

  return self;
}

/* A drive that is there but could not be inquired (busy, no permission). */
SpDrive *
_sp_drive_new_unavailable (const char *address,
                           const char *vendor,
                           const char *model,
                           const char *error)
{
  SpDrive *self = g_object_new (SP_TYPE_DRIVE, NULL);

  self->address = g_strdup (address);
  self->is_file = sp_burn_address_is_file (address);
  self->vendor = g_strdup (vendor ? vendor : "");
  self->model = g_strdup (model ? model : "");
  self->revision = g_strdup ("");
  self->display_name = g_strstrip (g_strdup_printf ("%s %s", self->vendor, self->model));
  if (*self->display_name == '\0')
    {
      g_free (self->display_name);
      self->display_name = g_strdup (address);
    }
  self->profile_name = g_strdup ("");
  self->error = g_strdup (error);
  self->media_status = SP_MEDIA_STATUS_UNKNOWN;
  return self;
}

typedef struct
{
  char *address;
} InquireData;

static void
inquire_data_free (gpointer data)
{
  InquireData *d = data;

  g_free (d->address);
  g_free (d);
}

/**
 * sp_drive_inquire:
 * @address: a device ("/dev/sr0") or "stdio:/path/file" for an image file
 *
 * Opens the drive, reads what it says about itself and its medium, and
 * releases it. Blocks (a drive may take seconds to spin up): use
 * sp_drive_inquire_async() from a main loop.
 *
 * Returns: (transfer full): the drive, or %NULL with @error set
 */
SpDrive *
sp_drive_inquire (const char    *address,
                  GCancellable  *cancellable,
                  GError       **error)
{
  struct burn_drive_info *info = NULL;
  SpDrive *drive;

  g_return_val_if_fail (address != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  sp_burn_lock ();
  if (!sp_burn_drive_open (address, FALSE, &info, error))
    {
      sp_burn_unlock ();
      return NULL;
    }
  drive = _sp_drive_new_from_burn (address, info, TRUE);
  sp_burn_drive_close (info, FALSE);
  sp_burn_unlock ();
  return drive;
}

static void
inquire_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  InquireData *data = task_data;
  GError *error = NULL;
  SpDrive *drive = sp_drive_inquire (data->address, cancellable, &error);

  if (drive)
    g_task_return_pointer (task, drive, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
sp_drive_inquire_async (const char          *address,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InquireData *data;

  g_return_if_fail (address != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_drive_inquire_async);
  data = g_new0 (InquireData, 1);
  data->address = g_strdup (address);
  g_task_set_task_data (task, data, inquire_data_free);
  g_task_run_in_thread (task, inquire_thread);
}

SpDrive *
sp_drive_inquire_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sp_drive_get_address (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->address;
}

const char *
sp_drive_get_vendor (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->vendor;
}

const char *
sp_drive_get_model (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->model;
}

const char *
sp_drive_get_revision (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->revision;
}

/* "PLEXTOR DVDR PX-716A", or "Image file /path". */
const char *
sp_drive_get_display_name (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->display_name;
}

/* Whether the target is an image file (libburn's stdio: pseudo-drive). */
gboolean
sp_drive_is_file (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), FALSE);
  return self->is_file;
}

/**
 * sp_drive_get_error:
 *
 * Returns: (nullable): why the drive could not be inquired (in use by
 *   another program, no permission), or %NULL
 */
const char *
sp_drive_get_error (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->error;
}

SpMediaStatus
sp_drive_get_media_status (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), SP_MEDIA_STATUS_UNKNOWN);
  return self->media_status;
}

SpMediaKind
sp_drive_get_media_kind (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), SP_MEDIA_KIND_NONE);
  return self->media_kind;
}

/* The MMC profile number of the medium (0x09 CD-R ...; 0xffff for a file). */
int
sp_drive_get_profile (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), 0);
  return self->profile;
}

/* libburn's name of the profile: "CD-R", "DVD-RW sequential recording"... */
const char *
sp_drive_get_profile_name (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  return self->profile_name;
}

/**
 * sp_drive_dup_media_description:
 *
 * Returns: (transfer full): "blank CD-R", "appendable DVD+R", "closed
 *   CD-ROM", "none", "image file" or "unknown"
 */
char *
sp_drive_dup_media_description (SpDrive *self)
{
  const char *kind;

  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);

  if (self->is_file)
    return g_strdup ("image file");
  kind = sp_media_kind_to_string (self->media_kind);
  switch (self->media_status)
    {
    case SP_MEDIA_STATUS_NONE:       return g_strdup ("none");
    case SP_MEDIA_STATUS_BLANK:      return g_strdup_printf ("blank %s", kind);
    case SP_MEDIA_STATUS_APPENDABLE: return g_strdup_printf ("appendable %s", kind);
    case SP_MEDIA_STATUS_CLOSED:     return g_strdup_printf ("closed %s", kind);
    case SP_MEDIA_STATUS_UNSUITABLE:
      return g_strdup_printf ("unsuitable %s", *self->profile_name ? self->profile_name : kind);
    case SP_MEDIA_STATUS_UNKNOWN:
    default:                         return g_strdup ("unknown");
    }
}

/* Bytes that can still be written: 2048 per sector, as libburn counts
 * (READ TRACK INFORMATION free blocks, mmc.c:1441); for a file, the free
 * space of its file system. */
guint64
sp_drive_get_free_bytes (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), 0);
  return self->free_bytes;
}

/* Sectors that can still be written, whatever their size. */
gint64
sp_drive_get_free_sectors (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), 0);
  return (gint64) (self->free_bytes / 2048);
}

/* A rewritable disc with data on it, which blanking would make writable. */
gboolean
sp_drive_is_erasable (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), FALSE);
  return self->erasable;
}

/**
 * sp_drive_get_write_speeds:
 * @n_speeds: (out): how many
 *
 * Returns: (array length=n_speeds): write speeds in kB/s, fastest first
 */
const int *
sp_drive_get_write_speeds (SpDrive *self,
                           guint   *n_speeds)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), NULL);
  *n_speeds = self->write_speeds->len;
  return (const int *) (gpointer) self->write_speeds->data;
}

/* kB/s, 0 when not known. */
int
sp_drive_get_max_write_speed (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), 0);
  return self->max_write_speed;
}

SpWriteModeFlags
sp_drive_get_write_modes (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), SP_WRITE_MODE_FLAG_NONE);
  return self->write_modes;
}

gboolean
sp_drive_can_simulate (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), FALSE);
  return self->can_simulate;
}

gboolean
sp_drive_can_burnfree (SpDrive *self)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), FALSE);
  return self->can_burnfree;
}

/* Whether two snapshots of a drive show the same medium in the same state. */
gboolean
sp_drive_same_medium (SpDrive *self,
                      SpDrive *other)
{
  g_return_val_if_fail (SP_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (SP_IS_DRIVE (other), FALSE);

  return g_strcmp0 (self->address, other->address) == 0 &&
         self->media_status == other->media_status &&
         self->profile == other->profile &&
         self->free_bytes == other->free_bytes &&
         self->write_modes == other->write_modes &&
         g_strcmp0 (self->error, other->error) == 0;
}

const char *
sp_media_status_to_string (SpMediaStatus status)
{
  switch (status)
    {
    case SP_MEDIA_STATUS_UNKNOWN:    return "unknown";
    case SP_MEDIA_STATUS_NONE:       return "none";
    case SP_MEDIA_STATUS_BLANK:      return "blank";
    case SP_MEDIA_STATUS_APPENDABLE: return "appendable";
    case SP_MEDIA_STATUS_CLOSED:     return "closed";
    case SP_MEDIA_STATUS_UNSUITABLE: return "unsuitable";
    default:                         return "?";
    }
}

const char *
sp_media_kind_to_string (SpMediaKind kind)
{
  switch (kind)
    {
    case SP_MEDIA_KIND_NONE:        return "none";
    case SP_MEDIA_KIND_FILE:        return "file";
    case SP_MEDIA_KIND_CD_ROM:      return "CD-ROM";
    case SP_MEDIA_KIND_CD_R:        return "CD-R";
    case SP_MEDIA_KIND_CD_RW:       return "CD-RW";
    case SP_MEDIA_KIND_DVD_ROM:     return "DVD-ROM";
    case SP_MEDIA_KIND_DVD_R:       return "DVD-R";
    case SP_MEDIA_KIND_DVD_RW:      return "DVD-RW";
    case SP_MEDIA_KIND_DVD_PLUS_R:  return "DVD+R";
    case SP_MEDIA_KIND_DVD_PLUS_RW: return "DVD+RW";
    case SP_MEDIA_KIND_DVD_RAM:     return "DVD-RAM";
    case SP_MEDIA_KIND_BD_ROM:      return "BD-ROM";
    case SP_MEDIA_KIND_BD_R:        return "BD-R";
    case SP_MEDIA_KIND_BD_RE:       return "BD-RE";
    case SP_MEDIA_KIND_OTHER:
    default:                        return "other";
    }
}

gboolean
sp_media_kind_is_cd (SpMediaKind kind)
{
  return kind == SP_MEDIA_KIND_CD_ROM || kind == SP_MEDIA_KIND_CD_R || kind == SP_MEDIA_KIND_CD_RW;
}

/* kB/s of "1x" for the kind of medium (libburn.h, burn_drive_set_speed). */
double
sp_media_kind_get_speed_unit (SpMediaKind kind)
{
  switch (kind)
    {
    case SP_MEDIA_KIND_DVD_ROM:
    case SP_MEDIA_KIND_DVD_R:
    case SP_MEDIA_KIND_DVD_RW:
    case SP_MEDIA_KIND_DVD_PLUS_R:
    case SP_MEDIA_KIND_DVD_PLUS_RW:
    case SP_MEDIA_KIND_DVD_RAM:
      return 1385.0;
    case SP_MEDIA_KIND_BD_ROM:
    case SP_MEDIA_KIND_BD_R:
    case SP_MEDIA_KIND_BD_RE:
      return 4496.0;
    default:
      return 176.4;
    }
}
