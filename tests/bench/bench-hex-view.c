/* bench-hex-view.c: how fast the hex view draws, by GTK's own frame clock
 *
 *   bench-hex-view IMAGE...
 *
 * For each image: the time from a jump to an arbitrary sector to the end
 * of the frame that shows it, the paint time of each frame while scrolling
 * continuously (a tick callback moves the view every frame), and the
 * resident memory after jumping end to end. Run it under Xvfb. Not a test:
 * it prints figures.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "sp-core.h"
#include "sp-hex-view.h"

static GMainLoop *loop;
static GArray *snapshot_times;  /* double, ms: building the view's render nodes only */
static GtkWidget *bench_view;
static gint64 paint_start;
static GArray *paint_times;     /* double, ms */
static gboolean recording;

static void
before_paint (GdkFrameClock *clock,
              gpointer       data)
{
  paint_start = g_get_monotonic_time ();

  /* The view's own work, without the renderer: what it builds per frame. */
  if (recording && bench_view)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      gint64 t0 = g_get_monotonic_time ();
      GskRenderNode *node;
      double ms;

      GTK_WIDGET_GET_CLASS (bench_view)->snapshot (bench_view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (snapshot_times, ms);
      if (node)
        gsk_render_node_unref (node);
    }
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  double ms = (g_get_monotonic_time () - paint_start) / 1000.0;

  if (recording)
    g_array_append_val (paint_times, ms);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 target = gdk_frame_clock_get_frame_counter (clock) + n;

  /* An idle frame clock does not tick: ask for the frames. */
  while (gdk_frame_clock_get_frame_counter (clock) < target)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *times)
{
  double max = 0, sum = 0;

  if (times->len == 0)
    return;
  g_array_sort (times, compare_double);
  for (guint i = 0; i < times->len; i++)
    {
      sum += g_array_index (times, double, i);
      max = MAX (max, g_array_index (times, double, i));
    }
  printf ("  %-34s frames %4u  median %6.2f ms  p99 %6.2f ms  max %6.2f ms  mean %6.2f ms\n", what, times->len,
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, MIN (times->len - 1, times->len * 99 / 100)), max, sum / times->len);
}

typedef struct
{
  GtkAdjustment *adjustment;
  double step;
  guint frames_left;
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Scroll *scroll = data;

  gtk_adjustment_set_value (scroll->adjustment, gtk_adjustment_get_value (scroll->adjustment) + scroll->step);
  if (--scroll->frames_left == 0)
    {
      g_main_loop_quit (loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
bench_image (GtkWindow  *window,
             SpHexView  *view,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = sp_image_open (file, NULL, &error);
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autoptr(GArray) jumps = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  gint64 leadout;
  Scroll scroll;

  if (image == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  leadout = sp_image_get_leadout (image);
  sp_hex_view_set_image (view, image);
  wait_frames (GTK_WIDGET (view), 5);

  printf ("%s: %" G_GINT64_FORMAT " sectors (%.1f GB raw), RSS before %ld KiB\n", path, leadout,
          leadout * 2352.0 / 1e9, rss_kib ());

  /* Jumps: from the call to the end of the frame that shows the sector. */
  for (guint i = 0; i < 50; i++)
    {
      gint64 position = (gint64) (g_rand_double (rand) * (double) leadout);
      gint64 start;
      double ms;

      paint_times->len = 0;
      recording = TRUE;
      start = g_get_monotonic_time ();
      sp_hex_view_go_to (view, position);
      wait_frames (GTK_WIDGET (view), 1);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      recording = FALSE;
      /* The wait includes idling until the next frame is due; the work is the paint. */
      if (paint_times->len > 0)
        ms = g_array_index (paint_times, double, 0);
      g_array_append_val (jumps, ms);
    }
  report ("jump to a random sector (paint)", jumps);
  report ("jump: building the snapshot", snapshot_times);
  snapshot_times->len = 0;

  /* Continuous scrolling: 600 frames, 7 rows per frame. */
  paint_times->len = 0;
  recording = TRUE;
  sp_hex_view_go_to (view, 0);
  scroll.adjustment = vadj;
  scroll.step = 7 * gtk_adjustment_get_step_increment (vadj);
  scroll.frames_left = 600;
  gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick, &scroll, NULL);
  g_main_loop_run (loop);
  recording = FALSE;
  report ("continuous scrolling (paint)", paint_times);
  report ("scrolling: building the snapshot", snapshot_times);
  snapshot_times->len = 0;

  /* End to end: 200 jumps spread over the whole disc, each drawn. */
  for (guint i = 0; i <= 200; i++)
    {
      sp_hex_view_go_to (view, leadout * i / 200);
      wait_frames (GTK_WIDGET (view), 1);
    }
  printf ("  RSS after jumping end to end: %ld KiB\n", rss_kib ());
  sp_hex_view_set_image (view, NULL);
}

int
main (int   argc,
      char *argv[])
{
  GtkWidget *window, *scrolled, *view;
  GdkFrameClock *clock;

  if (argc < 2)
    {
      g_printerr ("usage: %s IMAGE...\n", argv[0]);
      return 2;
    }

  adw_init ();
  loop = g_main_loop_new (NULL, FALSE);
  paint_times = g_array_new (FALSE, FALSE, sizeof (double));
  snapshot_times = g_array_new (FALSE, FALSE, sizeof (double));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  scrolled = gtk_scrolled_window_new ();
  view = sp_hex_view_new ();
  bench_view = view;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (view, 3);

  clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);

  printf ("GTK %u.%u.%u, renderer %s\n", gtk_get_major_version (), gtk_get_minor_version (),
          gtk_get_micro_version (), G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  for (int i = 1; i < argc; i++)
    bench_image (GTK_WINDOW (window), SP_HEX_VIEW (view), argv[i]);
  return 0;
}
