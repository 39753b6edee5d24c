/* sp-burn-job.c
 *
 * A burn, end to end, on the main context:
 *
 *   PREPARING   the drive is inquired (in a thread) and the burn planned:
 *               which backend writes the image exactly, or why none does;
 *   CHECKING    raw Mode 1 images are read whole, and every sector must be
 *               what the drive will make of its user data;
 *   per copy:   WAITING_FOR_MEDIUM (copies after the first), the backend's
 *               BLANKING / FORMATTING / WRITING_LEADIN / WRITING / FIXATING,
 *               VERIFYING (reading back; not after a simulation), eject;
 *   DONE.
 *
 * Each phase that moves has an SpJob of its own (the "job" property
 * changes), so fraction, rate and ETA are those of the phase. The drive is
 * held (sp_burn_hold_address) for the whole run, so that the drive list
 * leaves it alone; "burning" is TRUE meanwhile, for the application to
 * inhibit suspend.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "sp-burn-backend.h"
#include "sp-burn-enums.h"
#include "sp-burn-job-private.h"
#include "sp-burn-plan-private.h"
#include "sp-burn-private.h"
#include "sp-burn-readback.h"
#include "sp-drive-private.h"

#define MEDIUM_POLL_SECONDS 2
#define CHECK_CHUNK 64

struct _SpBurnJob
{
  GObject parent_instance;

  SpImage *image;
  char *address;
  SpBurnOptions *options;
  SpVerify *image_verify;

  /* Main context. */
  SpBurnPlan *plan;
  SpJob *job;
  SpBurnPhase phase;
  gboolean burning;
  guint copy;
  gint64 sectors_done;
  gint64 sectors_total;
  guint64 bytes_done;
  double write_speed;
  double drive_buffer;
  double fifo_fill;
  gboolean verified;
  GArray *mismatches;
  guint64 n_mismatches_total;

  GTask *task;
  guint medium_poll;
  gulong cancel_handler;
};

G_DEFINE_FINAL_TYPE (SpBurnJob, sp_burn_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IMAGE,
  PROP_ADDRESS,
  PROP_PLAN,
  PROP_JOB,
  PROP_PHASE,
  PROP_BURNING,
  PROP_COPY,
  PROP_SECTORS_DONE,
  PROP_SECTORS_TOTAL,
  PROP_WRITE_SPEED,
  PROP_DRIVE_BUFFER,
  PROP_FIFO_FILL,
  PROP_VERIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void next_copy (SpBurnJob *self);

static void
sp_burn_job_finalize (GObject *object)
{
  SpBurnJob *self = SP_BURN_JOB (object);

  g_assert (self->task == NULL);
  g_clear_object (&self->image);
  g_free (self->address);
  g_clear_pointer (&self->options, sp_burn_options_free);
  g_clear_object (&self->image_verify);
  g_clear_object (&self->plan);
  if (self->job)
    sp_job_stop (self->job);
  g_clear_object (&self->job);
  g_array_unref (self->mismatches);

  G_OBJECT_CLASS (sp_burn_job_parent_class)->finalize (object);
}

static void
sp_burn_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpBurnJob *self = SP_BURN_JOB (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_PHASE:
      g_value_set_enum (value, self->phase);
      break;
    case PROP_BURNING:
      g_value_set_boolean (value, self->burning);
      break;
    case PROP_COPY:
      g_value_set_uint (value, self->copy);
      break;
    case PROP_SECTORS_DONE:
      g_value_set_int64 (value, self->sectors_done);
      break;
    case PROP_SECTORS_TOTAL:
      g_value_set_int64 (value, self->sectors_total);
      break;
    case PROP_WRITE_SPEED:
      g_value_set_double (value, self->write_speed);
      break;
    case PROP_DRIVE_BUFFER:
      g_value_set_double (value, self->drive_buffer);
      break;
    case PROP_FIFO_FILL:
      g_value_set_double (value, self->fifo_fill);
      break;
    case PROP_VERIFIED:
      g_value_set_boolean (value, self->verified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_burn_job_class_init (SpBurnJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sp_burn_job_finalize;
  object_class->get_property = sp_burn_job_get_property;

  properties[PROP_IMAGE] = g_param_spec_object ("image", NULL, NULL, SP_TYPE_IMAGE, ro);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, ro);
  properties[PROP_PLAN] = g_param_spec_object ("plan", NULL, NULL, SP_TYPE_BURN_PLAN, ro);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, SP_TYPE_JOB, ro);
  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, SP_TYPE_BURN_PHASE, SP_BURN_PHASE_IDLE, ro);
  properties[PROP_BURNING] = g_param_spec_boolean ("burning", NULL, NULL, FALSE, ro);
  properties[PROP_COPY] = g_param_spec_uint ("copy", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SECTORS_DONE] = g_param_spec_int64 ("sectors-done", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SECTORS_TOTAL] = g_param_spec_int64 ("sectors-total", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_WRITE_SPEED] = g_param_spec_double ("write-speed", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_DRIVE_BUFFER] = g_param_spec_double ("drive-buffer", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_FIFO_FILL] = g_param_spec_double ("fifo-fill", NULL, NULL, -1, 1, -1, ro);
  properties[PROP_VERIFIED] = g_param_spec_boolean ("verified", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_burn_job_init (SpBurnJob *self)
{
  self->options = sp_burn_options_new ();
  self->mismatches = g_array_new (FALSE, FALSE, sizeof (SpBurnMismatch));
  self->drive_buffer = -1;
  self->fifo_fill = -1;
}

/**
 * sp_burn_job_new:
 * @address: a drive ("/dev/sr0") or an image file ("stdio:/path/file.iso")
 *
 * Returns: (transfer full): a job that burns @image with the default
 *   options until sp_burn_job_set_options() says otherwise
 */
SpBurnJob *
sp_burn_job_new (SpImage    *image,
                 const char *address)
{
  SpBurnJob *self;

  g_return_val_if_fail (SP_IS_IMAGE (image), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (SP_TYPE_BURN_JOB, NULL);
  self->image = g_object_ref (image);
  self->address = g_strdup (address);
  return self;
}

SpImage *
sp_burn_job_get_image (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  return self->image;
}

const char *
sp_burn_job_get_address (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  return self->address;
}

void
sp_burn_job_set_options (SpBurnJob           *self,
                         const SpBurnOptions *options)
{
  g_return_if_fail (SP_IS_BURN_JOB (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (self->task == NULL);

  g_clear_pointer (&self->options, sp_burn_options_free);
  self->options = sp_burn_options_copy (options);
  if (self->options->copies == 0)
    self->options->copies = 1;
}

const SpBurnOptions *
sp_burn_job_get_options (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  return self->options;
}

/**
 * sp_burn_job_set_image_verify:
 * @verify: (nullable): a finished verify of the image: if it found bad
 *   sectors, the burn is refused, since they would be burned as they are
 */
void
sp_burn_job_set_image_verify (SpBurnJob *self,
                              SpVerify  *verify)
{
  g_return_if_fail (SP_IS_BURN_JOB (self));
  g_set_object (&self->image_verify, verify);
}

/* ---- Reporting -------------------------------------------------------- */

void
_sp_burn_job_set_phase (SpBurnJob   *self,
                        SpBurnPhase  phase)
{
  if (self->phase == phase)
    return;
  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

/**
 * _sp_burn_job_new_progress:
 *
 * Starts the progress of a new phase.
 *
 * Returns: (transfer none): its SpJob
 */
SpJob *
_sp_burn_job_new_progress (SpBurnJob  *self,
                           const char *title,
                           guint64     total_bytes)
{
  if (self->job)
    sp_job_stop (self->job);
  g_clear_object (&self->job);
  self->job = sp_job_new (title);
  sp_job_set_total (self->job, total_bytes);
  sp_job_start (self->job);
  self->bytes_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  return self->job;
}

static void
set_double (SpBurnJob *self,
            double    *field,
            double     value,
            guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_sp_burn_job_update (SpBurnJob *self,
                     gint64     sectors_done,
                     gint64     sectors_total,
                     guint64    bytes_done,
                     double     drive_buffer,
                     double     fifo_fill)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->job && bytes_done > self->bytes_done)
    {
      sp_job_add_done (self->job, bytes_done - self->bytes_done);
      self->bytes_done = bytes_done;
    }
  if (self->sectors_done != sectors_done)
    {
      self->sectors_done = sectors_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTORS_DONE]);
    }
  if (self->sectors_total != sectors_total)
    {
      self->sectors_total = sectors_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTORS_TOTAL]);
    }
  set_double (self, &self->drive_buffer, drive_buffer, PROP_DRIVE_BUFFER);
  set_double (self, &self->fifo_fill, fifo_fill, PROP_FIFO_FILL);
  if (self->job && (self->phase == SP_BURN_PHASE_WRITING || self->phase == SP_BURN_PHASE_VERIFYING))
    set_double (self, &self->write_speed, sp_job_get_rate (self->job) / 1000.0, PROP_WRITE_SPEED);

  g_object_thaw_notify (G_OBJECT (self));
}

void
_sp_burn_job_set_plan (SpBurnJob  *self,
                       SpBurnPlan *plan)
{
  if (g_set_object (&self->plan, plan))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

static void
set_burning (SpBurnJob *self,
             gboolean   burning)
{
  if (self->burning == burning)
    return;
  self->burning = burning;
  sp_burn_hold_address (self->address, burning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BURNING]);
}

/* ---- Running ---------------------------------------------------------- */

static void
job_done (SpBurnJob *self,
          GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->cancel_handler)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_handler);
      self->cancel_handler = 0;
    }
  g_clear_handle_id (&self->medium_poll, g_source_remove);
  if (self->job)
    sp_job_stop (self->job);
  set_burning (self, FALSE);
  if (error == NULL)
    _sp_burn_job_set_phase (self, SP_BURN_PHASE_DONE);
  sp_burn_monitor_drive_changed (self->address);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GCancellable *
job_cancellable (SpBurnJob *self)
{
  return g_task_get_cancellable (self->task);
}

/* A cancel seen before any backend ran (while the drive was inquired or
 * the image checked) says what it left, as the backends' cancels do: GIO's
 * own "Operation was cancelled" says nothing of the disc. */
static GError *
cancelled_before_writing (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled before writing"));
}

/* -- eject -- */

static void
eject_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *address = task_data;
  struct burn_drive_info *info = NULL;
  GError *error = NULL;

  sp_burn_lock ();
  if (!sp_burn_drive_open (address, FALSE, &info, &error))
    {
      sp_burn_unlock ();
      g_task_return_error (task, error);
      return;
    }
  sp_burn_drive_close (info, TRUE);
  sp_burn_unlock ();
  g_task_return_boolean (task, TRUE);
}

static void
run_eject (SpBurnJob           *self,
           GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, NULL);

  g_task_set_task_data (task, g_strdup (self->address), g_free);
  g_task_run_in_thread (task, eject_thread);
}

static void
final_eject_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SpBurnJob *self = SP_BURN_JOB (object);
  g_autoptr(GError) error = NULL;

  /* The disc is written; an eject that fails is not worth a failure. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("eject failed: %s", error->message);
  job_done (self, NULL);
}

/* -- verify -- */

typedef struct
{
  SpImage *image;
  char *address;
  gboolean whole_data;   /* cdrdao wrote it: data tracks read whole */
  SpJob *progress;
  GArray *mismatches;
  guint64 n_mismatches;
} VerifyData;

static void
verify_data_free (gpointer data)
{
  VerifyData *verify = data;

  g_object_unref (verify->image);
  g_free (verify->address);
  g_object_unref (verify->progress);
  g_array_unref (verify->mismatches);
  g_free (verify);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *verify = task_data;
  GError *error = NULL;

  if (sp_burn_readback (verify->image, verify->address, verify->whole_data, verify->progress, cancellable,
                        verify->mismatches, &verify->n_mismatches, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static char *
describe_mismatch (const SpBurnMismatch *mismatch)
{
  char msf[SP_MSF_STRING_SIZE];

  if (mismatch->offset < 0)
    return g_strdup_printf (_("sector %" PRId64 " (%s) of track %02u cannot be read"),
                            mismatch->position, sp_msf_format (mismatch->position, msf), mismatch->track);
  return g_strdup_printf (_("sector %" PRId64 " (%s) of track %02u differs from byte %d on"),
                          mismatch->position, sp_msf_format (mismatch->position, msf), mismatch->track,
                          mismatch->offset);
}

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpBurnJob *self = SP_BURN_JOB (object);
  VerifyData *verify = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  sp_job_stop (self->job);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Cancelled while reading back: the burn itself is complete (an
       * image file stays, whole; a disc is written), only unchecked. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       sp_burn_address_is_file (self->address)
                                       ? _("Verifying was cancelled: the image file was written whole, but not "
                                           "checked")
                                       : _("Verifying was cancelled: the disc was burned, but not checked"));
        }
      job_done (self, error);
      return;
    }

  g_array_append_vals (self->mismatches, verify->mismatches->data, verify->mismatches->len);
  self->n_mismatches_total += verify->n_mismatches;
  if (verify->n_mismatches > 0)
    {
      g_autofree char *first = describe_mismatch (&g_array_index (verify->mismatches, SpBurnMismatch, 0));

      job_done (self, g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_VERIFY,
                                   ngettext ("The written %s differs from the image in %" PRIu64
                                             " sector: %s",
                                             "The written %s differs from the image in %" PRIu64
                                             " sectors; the first: %s", verify->n_mismatches),
                                   sp_burn_address_is_file (self->address) ? _("file") : _("disc"),
                                   verify->n_mismatches, first));
      return;
    }

  if (!self->verified)
    {
      self->verified = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);
    }
  self->copy++;
  next_copy (self);
}

static void
start_verify (SpBurnJob *self)
{
  g_autoptr(GTask) task = g_task_new (self, job_cancellable (self), verify_done, NULL);
  VerifyData *verify = g_new0 (VerifyData, 1);
  gboolean whole_data = sp_burn_plan_get_backend (self->plan) == SP_BURN_BACKEND_CDRDAO;
  guint64 total = 0;

  for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
    {
      SpTrack *track = sp_image_get_track (self->image, i);

      total += (guint64) sp_track_get_span (track) * sp_burn_readback_sector_size (track, whole_data);
    }

  _sp_burn_job_set_phase (self, SP_BURN_PHASE_VERIFYING);
  verify->image = g_object_ref (self->image);
  verify->address = g_strdup (self->address);
  verify->whole_data = whole_data;
  verify->progress = g_object_ref (_sp_burn_job_new_progress (self, _("Verifying"), total));
  verify->mismatches = g_array_new (FALSE, FALSE, sizeof (SpBurnMismatch));
  g_task_set_task_data (task, verify, verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

/* -- writing one copy -- */

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpBurnJob *self = user_data;
  GError *error = NULL;

  if (!sp_burn_backend_write_finish (SP_BURN_BACKEND (object), result, &error))
    {
      job_done (self, error);
      g_object_unref (self);
      return;
    }

  if (self->options->verify && !self->options->simulate)
    start_verify (self);
  else
    {
      self->copy++;
      next_copy (self);
    }
  g_object_unref (self);
}

static void
start_write (SpBurnJob *self)
{
  SpBurnBackend *backend = sp_burn_backend_for_kind (sp_burn_plan_get_backend (self->plan));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY]);
  sp_burn_backend_write_async (backend, self, job_cancellable (self), write_done, g_object_ref (self));
}

/* -- waiting for the next disc -- */

typedef struct
{
  char *address;
  SpDrive *drive;
} MediumData;

static void
medium_data_free (gpointer data)
{
  MediumData *medium = data;

  g_free (medium->address);
  g_clear_object (&medium->drive);
  g_free (medium);
}

static void
medium_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  MediumData *medium = task_data;
  struct burn_drive_info *info = NULL;
  GError *error = NULL;

  sp_burn_lock ();
  if (sp_burn_drive_open (medium->address, FALSE, &info, &error))
    {
      medium->drive = _sp_drive_new_from_burn (medium->address, info, TRUE);
      sp_burn_drive_close (info, FALSE);
    }
  else
    g_clear_error (&error);
  sp_burn_unlock ();
  g_task_return_boolean (task, TRUE);
}

static gboolean poll_medium (gpointer user_data);

static void
medium_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SpBurnJob *self = SP_BURN_JOB (object);
  MediumData *medium = g_task_get_task_data (G_TASK (result));
  SpBurnPlan *plan = NULL;

  if (self->task == NULL)
    return;
  if (g_cancellable_is_cancelled (job_cancellable (self)))
    {
      job_done (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Cancelled while waiting for a blank disc for copy %u"), self->copy));
      return;
    }

  if (medium->drive &&
      (sp_drive_get_media_status (medium->drive) == SP_MEDIA_STATUS_BLANK ||
       (sp_drive_is_erasable (medium->drive) && self->options->blank != SP_BLANK_NONE)))
    {
      GError *error = NULL;

      plan = sp_burn_plan_new (self->image, medium->drive, self->options, self->image_verify, &error);
      if (plan == NULL)
        {
          job_done (self, error);
          return;
        }
      _sp_burn_job_set_plan (self, plan);
      g_object_unref (plan);
      start_write (self);
      return;
    }

  self->medium_poll = g_timeout_add_seconds (MEDIUM_POLL_SECONDS, poll_medium, self);
}

static gboolean
poll_medium (gpointer user_data)
{
  SpBurnJob *self = user_data;
  g_autoptr(GTask) task = g_task_new (self, NULL, medium_done, NULL);
  MediumData *medium = g_new0 (MediumData, 1);

  self->medium_poll = 0;
  medium->address = g_strdup (self->address);
  g_task_set_task_data (task, medium, medium_data_free);
  g_task_run_in_thread (task, medium_thread);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_while_waiting (gpointer user_data)
{
  SpBurnJob *self = user_data;

  if (self->medium_poll && self->task)
    {
      g_clear_handle_id (&self->medium_poll, g_source_remove);
      job_done (self, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   _("Cancelled while waiting for a blank disc for copy %u"), self->copy));
    }
  return G_SOURCE_REMOVE;
}

/* Any thread; the cancellable's lock is held, so act from the main context. */
static void
on_cancelled (GCancellable *cancellable,
              SpBurnJob    *self)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, cancel_while_waiting, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[spindle] burn cancelled");
  g_source_attach (source, g_task_get_context (self->task));
  g_source_unref (source);
}

static void
eject_for_next_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SpBurnJob *self = SP_BURN_JOB (object);

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (self->task == NULL)
    return;
  _sp_burn_job_set_phase (self, SP_BURN_PHASE_WAITING_FOR_MEDIUM);
  _sp_burn_job_new_progress (self, _("Waiting for a blank disc"), 0);
  self->medium_poll = g_timeout_add_seconds (MEDIUM_POLL_SECONDS, poll_medium, self);
}

static void
next_copy (SpBurnJob *self)
{
  if (self->copy > self->options->copies)
    {
      if (self->options->eject && !sp_burn_address_is_file (self->address))
        run_eject (self, final_eject_done);
      else
        job_done (self, NULL);
      return;
    }
  if (self->copy == 1)
    {
      start_write (self);
      return;
    }
  /* The next copy needs the next disc. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY]);
  run_eject (self, eject_for_next_done);
}

/* -- the sector check -- */

typedef struct
{
  SpImage *image;
  SpJob *progress;
  gboolean no_raw;      /* a sector raw writing would not keep either */
} CheckData;

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_object_unref (check->image);
  g_object_unref (check->progress);
  g_free (check);
}

/* The sector as the drive makes it from what it is sent in session at
 * once: the user data (and a Mode 2 sector's subheader) at its address,
 * with sync, header, EDC and ECC anew. FALSE when there is no such
 * encoding (no Mode 1 or XA sector at all). */
static gboolean
encode_as_drive (const guint8 *raw,
                 gint64        address,
                 SpTrackMode   mode,
                 guint8       *fresh)
{
  SpSectorInfo info;

  if (mode == SP_TRACK_MODE_MODE1_2352)
    {
      sp_sector_encode_mode1 (fresh, address, raw + 16);
      return TRUE;
    }
  sp_sector_decode (raw, address, FALSE, &info);
  switch (info.kind)
    {
    case SP_SECTOR_KIND_MODE2_FORM1:
      sp_sector_encode_form1 (fresh, address, raw + 16, raw + 24);
      return TRUE;
    case SP_SECTOR_KIND_MODE2_FORM2:
      sp_sector_encode_form2 (fresh, address, raw + 16, raw + 24);
      return TRUE;
    case SP_SECTOR_KIND_MODE2:
      sp_sector_encode_mode2_2336 (fresh, address, raw + 16);
      return TRUE;
    default:
      return FALSE;
    }
}

static GError *
not_reencodable (SpImage      *image,
                 SpTrack      *track,
                 gint64        position,
                 const guint8 *raw,
                 const guint8 *fresh)
{
  char msf[SP_MSF_STRING_SIZE];
  SpSectorError errors = sp_sector_check (raw, sp_image_get_address (image, position));
  gboolean mode1 = sp_track_get_mode (track) == SP_TRACK_MODE_MODE1_2352;
  g_autofree char *what = NULL;

  if (errors & SP_SECTOR_ERROR_SYNC)
    what = g_strdup (_("it has no sync pattern"));
  else if (errors & SP_SECTOR_ERROR_HEADER)
    what = g_strdup (mode1 ? _("its header does not give its own address and Mode 1")
                           : _("its header does not give its own address and Mode 2"));
  else if ((errors & SP_SECTOR_ERROR_EDC) && (errors & SP_SECTOR_ERROR_ECC))
    what = g_strdup (_("its EDC and ECC are wrong"));
  else if (errors & SP_SECTOR_ERROR_EDC)
    what = g_strdup (_("its EDC is wrong"));
  else if (errors & SP_SECTOR_ERROR_ECC)
    what = g_strdup (_("its ECC is wrong, or its reserved bytes are not zero"));
  else if (fresh == NULL)
    what = g_strdup (_("it is neither a Mode 2 Form 1 nor a Form 2 sector"));
  else
    {
      guint offset = 0;

      while (offset < 2352 && raw[offset] == fresh[offset])
        offset++;
      what = g_strdup_printf (_("byte %u differs from a standard encoding"), offset);
    }

  if (mode1)
    return g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                        _("Sector %" PRId64 " (%s) of track %02u is not a standard Mode 1 sector (%s): "
                          "libburn sends only its 2048 bytes of user data and the drive writes sync, header, EDC "
                          "and ECC anew, so the disc would not hold this sector as the image does."),
                        position, sp_msf_format (position, msf), sp_track_get_number (track), what);
  return g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                      _("Sector %" PRId64 " (%s) of track %02u is not a standard Mode 2 sector (%s): in "
                        "session at once the drive writes sync, header, EDC and ECC anew, so the disc would not "
                        "hold this sector as the image does."),
                      position, sp_msf_format (position, msf), sp_track_get_number (track), what);
}

static gboolean
is_raw_data (SpTrack *track)
{
  SpTrackMode mode = sp_track_get_mode (track);

  return mode == SP_TRACK_MODE_MODE1_2352 || mode == SP_TRACK_MODE_MODE2_2352 || mode == SP_TRACK_MODE_CDI_2352;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *check = task_data;
  g_autofree guint8 *raw = g_malloc ((gsize) CHECK_CHUNK * 2352);
  g_autoptr(GError) first = NULL;

  for (guint i = 0; i < sp_image_get_n_tracks (check->image); i++)
    {
      SpTrack *track = sp_image_get_track (check->image, i);
      gint64 position = sp_track_get_first (track);
      gint64 end = position + sp_track_get_span (track);

      if (!is_raw_data (track))
        continue;

      while (position < end)
        {
          guint count = (guint) MIN ((gint64) CHECK_CHUNK, end - position);
          GError *error = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
              !sp_image_read_sectors (check->image, position, count, raw, NULL, &error))
            {
              if (error->domain == SP_IMAGE_ERROR)
                {
                  GError *wrapped = g_error_new (SP_BURN_ERROR, SP_BURN_ERROR_IMAGE,
                                                 _("The image has an error that would be burned: %s"),
                                                 error->message);
                  g_error_free (error);
                  error = wrapped;
                }
              g_task_return_error (task, error);
              return;
            }
          for (guint s = 0; s < count; s++)
            {
              const guint8 *sector = raw + (gsize) s * 2352;
              guint8 fresh[2352];

              gboolean encoded = encode_as_drive (sector, sp_image_get_address (check->image, position + s),
                                                  sp_track_get_mode (track), fresh);

              if (!encoded || memcmp (fresh, sector, sizeof fresh) != 0)
                {
                  gint64 address = sp_image_get_address (check->image, position + s);

                  /* Raw writing (cdrdao) keeps a wrong EDC, ECC or reserved
                   * byte, but writes each sector's header address anew (seen
                   * on the emulated recorder: 00:03:24 in the image went out
                   * as 00:03:25), and no path keeps a broken sync: such a
                   * sector cannot be burned as the image has it at all. */
                  if (sp_sector_check (sector, address) & (SP_SECTOR_ERROR_SYNC | SP_SECTOR_ERROR_HEADER))
                    {
                      g_autoptr(GError) why = not_reencodable (check->image, track, position + s, sector,
                                                               encoded ? fresh : NULL);

                      check->no_raw = TRUE;
                      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                                               _("%s Nor does raw writing: cdrdao writes each sector's sync and "
                                                 "header address anew too."),
                                               why->message);
                      return;
                    }
                  /* Keep looking: a later sector may not be writable raw. */
                  if (first == NULL)
                    first = not_reencodable (check->image, track, position + s, sector, encoded ? fresh : NULL);
                }
            }
          sp_job_add_done (check->progress, (guint64) count * 2352);
          position += count;
        }
    }
  if (first)
    g_task_return_error (task, g_steal_pointer (&first));
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SpBurnJob *self = SP_BURN_JOB (object);
  GError *error = NULL;

  sp_job_stop (self->job);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autoptr(SpBurnPlan) raw = NULL;
      CheckData *check = g_task_get_task_data (G_TASK (result));

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          job_done (self, cancelled_before_writing ());
          return;
        }

      /* A sector the drive would write anew differently: raw writing
       * (cdrdao) sends it as it is. */
      if (g_error_matches (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT) && !check->no_raw)
        {
          GError *why = error;

          error = NULL;
          raw = _sp_burn_plan_new_raw (self->plan, why, &error);
          g_error_free (why);
        }
      if (raw == NULL)
        {
          job_done (self, error);
          return;
        }
      _sp_burn_job_set_plan (self, raw);
    }
  if (self->options->dry_run)
    {
      job_done (self, NULL);
      return;
    }
  self->copy = 1;
  next_copy (self);
}

static void
start_check (SpBurnJob *self)
{
  g_autoptr(GTask) task = g_task_new (self, job_cancellable (self), check_done, NULL);
  CheckData *check = g_new0 (CheckData, 1);
  guint64 total = 0;

  for (guint i = 0; i < sp_image_get_n_tracks (self->image); i++)
    {
      SpTrack *track = sp_image_get_track (self->image, i);

      if (is_raw_data (track))
        total += (guint64) sp_track_get_span (track) * 2352;
    }

  _sp_burn_job_set_phase (self, SP_BURN_PHASE_CHECKING);
  check->image = g_object_ref (self->image);
  check->progress = g_object_ref (_sp_burn_job_new_progress (self, _("Checking"), total));
  g_task_set_task_data (task, check, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

/* -- planning -- */

static void
inquire_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SpBurnJob) self = user_data;
  g_autoptr(SpDrive) drive = NULL;
  g_autoptr(SpBurnPlan) plan = NULL;
  GError *error = NULL;

  drive = sp_drive_inquire_finish (result, &error);
  if (drive)
    plan = sp_burn_plan_new (self->image, drive, self->options, self->image_verify, &error);
  if (plan)
    _sp_burn_job_set_plan (self, plan);
  if (g_cancellable_is_cancelled (job_cancellable (self)))
    {
      /* Whatever the inquiry or the planner said of it. */
      g_clear_error (&error);
      job_done (self, cancelled_before_writing ());
      return;
    }
  if (plan == NULL)
    {
      job_done (self, error);
      return;
    }
  if (sp_burn_plan_get_needs_check (plan))
    start_check (self);
  else if (self->options->dry_run)
    job_done (self, NULL);
  else
    {
      self->copy = 1;
      next_copy (self);
    }
}

/**
 * sp_burn_job_run_async:
 *
 * Plans, checks, writes (each copy), verifies and ejects as the options
 * say. Nothing is written when the planner refuses: the error then says
 * why (SP_BURN_ERROR_NOT_EXACT, _TOO_BIG, _NO_MEDIUM, _IMAGE,
 * _UNSUPPORTED_MODE...). Cancelling @cancellable stops at once what can be
 * stopped (not blanking).
 */
void
sp_burn_job_run_async (SpBurnJob           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SP_IS_BURN_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_burn_job_run_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The burn is running already"));
      return;
    }
  if (!sp_burn_library_ensure (&error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (sp_burn_address_is_held (self->address))
    {
      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_BUSY,
                               _("The drive %s is in use by another burn"), self->address);
      return;
    }

  self->task = g_steal_pointer (&task);
  if (cancellable)
    self->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);

  g_array_set_size (self->mismatches, 0);
  self->n_mismatches_total = 0;
  self->verified = FALSE;
  self->copy = 0;
  set_burning (self, TRUE);
  _sp_burn_job_set_phase (self, SP_BURN_PHASE_PREPARING);
  _sp_burn_job_new_progress (self, _("Preparing"), 0);
  sp_drive_inquire_async (self->address, cancellable, inquire_done, g_object_ref (self));
}

gboolean
sp_burn_job_run_finish (SpBurnJob     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * sp_burn_job_run:
 *
 * Runs the job to its end on a main context of its own: for scripts and
 * tests that have no main loop.
 */
gboolean
sp_burn_job_run (SpBurnJob     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_main_context_push_thread_default (context);
  sp_burn_job_run_async (self, cancellable, sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = sp_burn_job_run_finish (self, result, error);
  g_main_context_pop_thread_default (context);
  return ok;
}

/* ---- State ------------------------------------------------------------ */

/**
 * sp_burn_job_get_plan:
 *
 * Returns: (transfer none) (nullable): the plan, once made
 */
SpBurnPlan *
sp_burn_job_get_plan (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  return self->plan;
}

/**
 * sp_burn_job_get_job:
 *
 * Returns: (transfer none) (nullable): the progress of the current phase
 */
SpJob *
sp_burn_job_get_job (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  return self->job;
}

SpBurnPhase
sp_burn_job_get_phase (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), SP_BURN_PHASE_IDLE);
  return self->phase;
}

/* TRUE from the start of a run to its end: the time to inhibit suspend. */
gboolean
sp_burn_job_get_burning (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), FALSE);
  return self->burning;
}

/* The copy being made, from 1. */
guint
sp_burn_job_get_copy (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->copy;
}

gint64
sp_burn_job_get_sectors_done (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->sectors_done;
}

gint64
sp_burn_job_get_sectors_total (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->sectors_total;
}

/* kB/s (1000 bytes), smoothed; divide by sp_media_kind_get_speed_unit()
 * for "x". */
double
sp_burn_job_get_write_speed (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->write_speed;
}

/* How full the drive's buffer is, 0 to 1, or -1 when the drive does not say. */
double
sp_burn_job_get_drive_buffer (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), -1);
  return self->drive_buffer;
}

/* How full libburn's FIFO in front of the image is, 0 to 1, or -1. */
double
sp_burn_job_get_fifo_fill (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), -1);
  return self->fifo_fill;
}

/* Whether every copy was read back and found identical to the image. */
gboolean
sp_burn_job_get_verified (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), FALSE);
  return self->verified;
}

guint
sp_burn_job_get_n_mismatches (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->mismatches->len;
}

const SpBurnMismatch *
sp_burn_job_get_mismatch (SpBurnJob *self,
                          guint      i)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), NULL);
  g_return_val_if_fail (i < self->mismatches->len, NULL);
  return &g_array_index (self->mismatches, SpBurnMismatch, i);
}

/* All mismatches, also those beyond the ones listed. */
guint64
sp_burn_job_get_n_mismatches_total (SpBurnJob *self)
{
  g_return_val_if_fail (SP_IS_BURN_JOB (self), 0);
  return self->n_mismatches_total;
}

const char *
sp_burn_phase_to_string (SpBurnPhase phase)
{
  switch (phase)
    {
    case SP_BURN_PHASE_IDLE:               return "idle";
    case SP_BURN_PHASE_PREPARING:          return "preparing";
    case SP_BURN_PHASE_CHECKING:           return "checking";
    case SP_BURN_PHASE_BLANKING:           return "blanking";
    case SP_BURN_PHASE_FORMATTING:         return "formatting";
    case SP_BURN_PHASE_WRITING_LEADIN:     return "writing-leadin";
    case SP_BURN_PHASE_WRITING:            return "writing";
    case SP_BURN_PHASE_FIXATING:           return "fixating";
    case SP_BURN_PHASE_VERIFYING:          return "verifying";
    case SP_BURN_PHASE_WAITING_FOR_MEDIUM: return "waiting-for-medium";
    case SP_BURN_PHASE_DONE:               return "done";
    default:                               return "?";
    }
}

/* What a phase is, for people. */
const char *
sp_burn_phase_describe (SpBurnPhase phase)
{
  switch (phase)
    {
    case SP_BURN_PHASE_IDLE:               return _("Not started");
    case SP_BURN_PHASE_PREPARING:          return _("Preparing");
    case SP_BURN_PHASE_CHECKING:           return _("Checking the image");
    case SP_BURN_PHASE_BLANKING:           return _("Blanking the disc");
    case SP_BURN_PHASE_FORMATTING:         return _("Formatting the disc");
    case SP_BURN_PHASE_WRITING_LEADIN:     return _("Writing the lead-in");
    case SP_BURN_PHASE_WRITING:            return _("Writing");
    case SP_BURN_PHASE_FIXATING:           return _("Closing the disc");
    case SP_BURN_PHASE_VERIFYING:          return _("Verifying");
    case SP_BURN_PHASE_WAITING_FOR_MEDIUM: return _("Waiting for a blank disc");
    case SP_BURN_PHASE_DONE:               return _("Done");
    default:                               return "?";
    }
}
