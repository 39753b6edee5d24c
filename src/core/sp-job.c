/* sp-job.c
 *
 * Workers report through sp_job_add_done() and sp_job_set_message(), which
 * only touch counters under a mutex; the properties are refreshed ten times
 * a second by one timeout on the main context that started the job, so a
 * fast worker never floods the main loop with callbacks (the shape GNOME
 * Disks' jobs have).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-core"

#include "config.h"

#include "sp-job.h"

#define REFRESH_MS 100

struct _SpJob
{
  GObject parent_instance;

  char *title;

  /* Written by workers. */
  GMutex lock;
  guint64 shared_total;
  guint64 shared_done;
  char *shared_message;

  /* Main context only. */
  guint64 total;
  guint64 done;
  char *message;
  double fraction;
  double rate;
  gint64 eta;
  gint64 started_at;
  gint64 last_time;
  guint64 last_done;
  GSource *refresh;
};

G_DEFINE_FINAL_TYPE (SpJob, sp_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_MESSAGE,
  PROP_FRACTION,
  PROP_RATE,
  PROP_ETA,
  PROP_DONE_BYTES,
  PROP_TOTAL_BYTES,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sp_job_finalize (GObject *object)
{
  SpJob *self = SP_JOB (object);

  if (self->refresh)
    {
      g_source_destroy (self->refresh);
      g_source_unref (self->refresh);
    }
  g_mutex_clear (&self->lock);
  g_free (self->title);
  g_free (self->message);
  g_free (self->shared_message);

  G_OBJECT_CLASS (sp_job_parent_class)->finalize (object);
}

static void
sp_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SpJob *self = SP_JOB (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_ETA:
      g_value_set_int64 (value, self->eta);
      break;
    case PROP_DONE_BYTES:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL_BYTES:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->refresh != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_job_class_init (SpJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sp_job_finalize;
  object_class->get_property = sp_job_get_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_ETA] = g_param_spec_int64 ("eta", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_DONE_BYTES] = g_param_spec_uint64 ("done-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_TOTAL_BYTES] = g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_job_init (SpJob *self)
{
  g_mutex_init (&self->lock);
  self->eta = -1;
}

SpJob *
sp_job_new (const char *title)
{
  SpJob *self = g_object_new (SP_TYPE_JOB, NULL);

  self->title = g_strdup (title);
  return self;
}

static void
refresh (SpJob *self)
{
  guint64 total, done;
  g_autofree char *message = NULL;
  gint64 now = g_get_monotonic_time ();
  double fraction;

  g_mutex_lock (&self->lock);
  total = self->shared_total;
  done = self->shared_done;
  message = g_strdup (self->shared_message);
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (message, self->message) != 0)
    {
      g_free (self->message);
      self->message = g_steal_pointer (&message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  if (total != self->total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
    }

  if (done != self->done)
    {
      double seconds = (now - self->last_time) / (double) G_USEC_PER_SEC;

      /* Rate over the last interval, smoothed so the ETA does not jump. */
      if (seconds > 0 && done >= self->last_done)
        {
          double instant = (done - self->last_done) / seconds;
          self->rate = self->rate > 0 ? 0.7 * self->rate + 0.3 * instant : instant;
        }
      self->last_time = now;
      self->last_done = done;
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE_BYTES]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
    }

  fraction = total > 0 ? MIN (1.0, (double) done / (double) total) : 0.0;
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }

  {
    gint64 eta = (self->rate > 0 && total >= done) ? (gint64) ((total - done) / self->rate) : -1;

    if (eta != self->eta)
      {
        self->eta = eta;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA]);
      }
  }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
refresh_cb (gpointer data)
{
  refresh (SP_JOB (data));
  return G_SOURCE_CONTINUE;
}

/**
 * sp_job_start:
 *
 * Starts refreshing the properties on the thread-default main context.
 */
void
sp_job_start (SpJob *self)
{
  g_return_if_fail (SP_IS_JOB (self));
  g_return_if_fail (self->refresh == NULL);

  self->started_at = self->last_time = g_get_monotonic_time ();
  self->refresh = g_timeout_source_new (REFRESH_MS);
  g_source_set_callback (self->refresh, refresh_cb, self, NULL);
  g_source_set_static_name (self->refresh, "[spindle] job progress");
  g_source_attach (self->refresh, g_main_context_get_thread_default ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Stops refreshing, after one last refresh so the final figures show. */
void
sp_job_stop (SpJob *self)
{
  g_return_if_fail (SP_IS_JOB (self));

  if (self->refresh == NULL)
    return;
  refresh (self);
  g_source_destroy (self->refresh);
  g_clear_pointer (&self->refresh, g_source_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
sp_job_set_total (SpJob   *self,
                  guint64  total_bytes)
{
  g_mutex_lock (&self->lock);
  self->shared_total = total_bytes;
  g_mutex_unlock (&self->lock);
}

void
sp_job_add_done (SpJob   *self,
                 guint64  bytes)
{
  g_mutex_lock (&self->lock);
  self->shared_done += bytes;
  g_mutex_unlock (&self->lock);
}

void
sp_job_set_message (SpJob      *self,
                    const char *message)
{
  g_mutex_lock (&self->lock);
  g_free (self->shared_message);
  self->shared_message = g_strdup (message);
  g_mutex_unlock (&self->lock);
}

const char *
sp_job_get_title (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), NULL);
  return self->title;
}

char *
sp_job_dup_message (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), NULL);
  return g_strdup (self->message);
}

double
sp_job_get_fraction (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), 0);
  return self->fraction;
}

/* Bytes per second, smoothed. */
double
sp_job_get_rate (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), 0);
  return self->rate;
}

/* Seconds left, or -1 when not known yet. */
gint64
sp_job_get_eta (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), -1);
  return self->eta;
}

guint64
sp_job_get_done_bytes (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), 0);
  return self->done;
}

guint64
sp_job_get_total_bytes (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), 0);
  return self->total;
}

gboolean
sp_job_get_running (SpJob *self)
{
  g_return_val_if_fail (SP_IS_JOB (self), FALSE);
  return self->refresh != NULL;
}
