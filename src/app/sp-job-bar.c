/* sp-job-bar.c
 *
 * What a job is doing ("Verifying…"), how far it is, how fast it goes and
 * how long it has left, read from the job's properties, which the core
 * refreshes ten times a second on the main context.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "sp-job-bar.h"

struct _SpJobBar
{
  GtkWidget parent_instance;

  GtkWidget *revealer;
  GtkWidget *label;
  GtkWidget *progress;
  GtkWidget *cancel;

  SpJob *job;
  char *doing;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SpJobBar, sp_job_bar, GTK_TYPE_WIDGET)

static void
update (SpJobBar *self)
{
  double fraction = sp_job_get_fraction (self->job);
  g_autofree char *rate = g_format_size ((guint64) sp_job_get_rate (self->job));
  gint64 eta = sp_job_get_eta (self->job);
  g_autofree char *text = NULL;

  if (sp_job_get_rate (self->job) > 0 && eta >= 0)
    /* Translators: a job's progress: what it does, percentage, speed, time left */
    text = g_strdup_printf (_("%s %.0f%%, %s/s, %" PRId64 ":%02" PRId64 " left"),
                            self->doing, fraction * 100, rate, eta / 60, eta % 60);
  else
    text = g_strdup_printf (_("%s %.0f%%"), self->doing, fraction * 100);

  gtk_label_set_label (GTK_LABEL (self->label), text);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), fraction);
}

static void
on_cancel (SpJobBar *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (self->cancel, FALSE);
}

static void
disconnect_job (SpJobBar *self)
{
  if (self->job)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
}

/**
 * sp_job_bar_start:
 * @doing: what the job does, as "Verifying…"
 * @cancellable: cancelled by the Cancel button
 */
void
sp_job_bar_start (SpJobBar     *self,
                  SpJob        *job,
                  const char   *doing,
                  GCancellable *cancellable)
{
  g_return_if_fail (SP_IS_JOB_BAR (self));
  g_return_if_fail (SP_IS_JOB (job));

  disconnect_job (self);
  self->job = g_object_ref (job);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_free (self->doing);
  self->doing = g_strdup (doing);

  g_signal_connect_swapped (job, "notify::done-bytes", G_CALLBACK (update), self);
  g_signal_connect_swapped (job, "notify::fraction", G_CALLBACK (update), self);
  gtk_widget_set_sensitive (self->cancel, cancellable != NULL);
  gtk_widget_set_visible (self->cancel, cancellable != NULL);
  update (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
}

void
sp_job_bar_finish (SpJobBar *self)
{
  g_return_if_fail (SP_IS_JOB_BAR (self));

  disconnect_job (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
}

static void
sp_job_bar_dispose (GObject *object)
{
  SpJobBar *self = SP_JOB_BAR (object);

  disconnect_job (self);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);
  g_clear_pointer (&self->doing, g_free);

  G_OBJECT_CLASS (sp_job_bar_parent_class)->dispose (object);
}

static void
sp_job_bar_class_init (SpJobBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_job_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobbar");
}

static void
sp_job_bar_init (SpJobBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  self->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_width_chars (GTK_LABEL (self->label), 40);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Progress"), -1);
  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_hexpand (self->progress, TRUE);
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  self->cancel = gtk_button_new_with_label (_("Cancel"));
  g_signal_connect_swapped (self->cancel, "clicked", G_CALLBACK (on_cancel), self);

  gtk_box_append (GTK_BOX (box), self->label);
  gtk_box_append (GTK_BOX (box), self->progress);
  gtk_box_append (GTK_BOX (box), self->cancel);
  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_add_css_class (box, "job-bar");
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
}

GtkWidget *
sp_job_bar_new (void)
{
  return g_object_new (SP_TYPE_JOB_BAR, NULL);
}
