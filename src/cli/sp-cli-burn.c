/* sp-cli-burn.c: spindle-cli burn, an image onto a disc or into an image file
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sp-burn.h"
#include "sp-cli.h"

static char *opt_drive;
static char *opt_mode;
static char *opt_speed;
static char *opt_blank;
static gboolean opt_simulate;
static gboolean opt_verify;
static gboolean opt_eject;
static gboolean opt_dry_run;
static gboolean opt_no_burnfree;
static gboolean opt_json;
static char *opt_backend;
static int opt_copies = 1;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "drive", 'd', 0, G_OPTION_ARG_FILENAME, &opt_drive,
    N_("The drive (/dev/sr0), or stdio:FILE to write an image file; default: the only drive there is"), N_("ADDRESS") },
  { "mode", 'm', 0, G_OPTION_ARG_STRING, &opt_mode, N_("Write mode: sao (default), tao or raw"), N_("MODE") },
  { "speed", 's', 0, G_OPTION_ARG_STRING, &opt_speed,
    N_("Write speed: a multiple of 1x (8, 16x), kB/s (1411k), max (default) or min"), N_("SPEED") },
  { "simulate", 0, 0, G_OPTION_ARG_NONE, &opt_simulate, N_("Simulate: the laser stays off, nothing is written"), NULL },
  { "verify", 0, 0, G_OPTION_ARG_NONE, &opt_verify, N_("Read the disc back and compare it with the image"), NULL },
  { "eject", 0, 0, G_OPTION_ARG_NONE, &opt_eject, N_("Eject the disc at the end"), NULL },
  { "blank", 0, 0, G_OPTION_ARG_STRING, &opt_blank,
    N_("Blank a rewritable disc that holds data first: fast or full"), N_("HOW") },
  { "copies", 'n', 0, G_OPTION_ARG_INT, &opt_copies, N_("Number of copies (each waits for a new disc)"), N_("N") },
  { "no-burnfree", 0, 0, G_OPTION_ARG_NONE, &opt_no_burnfree, N_("Turn buffer underrun protection off"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &opt_dry_run,
    N_("Plan and check only: print the layout the drive would receive, or why it cannot be written, and write nothing"), NULL },
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("With --dry-run: print the layout as JSON"), NULL },
  { "backend", 'b', 0, G_OPTION_ARG_STRING, &opt_backend,
    N_("Which program burns: auto (default), libburn or cdrdao; a program is used only where it writes the image exactly"),
    N_("PROGRAM") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE") },
  { NULL }
};

const SpCliCommand sp_cli_burn_command = {
  "burn", N_("IMAGE"), N_("Burn an image onto a disc (or into an image file) exactly as it describes it"),
  sp_cli_burn,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
  SpCliProgress *progress;
  SpBurnPhase last_phase;
  gboolean tty;
} RunState;

static void
burn_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_burn_job_run_finish (SP_BURN_JOB (object), result, &state->error);
  state->done = TRUE;
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_drive_list_scan_finish (SP_DRIVE_LIST (object), result, &state->error);
  state->done = TRUE;
}

static void
on_job_changed (SpBurnJob  *job,
                GParamSpec *pspec,
                RunState   *state)
{
  g_clear_pointer (&state->progress, sp_cli_progress_free);
  if (sp_burn_job_get_job (job))
    state->progress = sp_cli_progress_new (sp_burn_job_get_job (job));
}

static void
on_phase_changed (SpBurnJob  *job,
                  GParamSpec *pspec,
                  RunState   *state)
{
  SpBurnPhase phase = sp_burn_job_get_phase (job);

  if (phase == state->last_phase)
    return;
  state->last_phase = phase;
  if (state->tty && phase != SP_BURN_PHASE_DONE)
    {
      /* A line of its own, above the progress bar. */
      fprintf (stderr, "\r\033[K%s…\n", sp_burn_phase_describe (phase));
      if (phase == SP_BURN_PHASE_WAITING_FOR_MEDIUM)
        fprintf (stderr, _("Insert a blank disc for copy %u.\n"), sp_burn_job_get_copy (job));
    }
}

/* "max", "min", "16", "16x" or "2822k". */
static gboolean
parse_speed (const char *text,
             SpMediaKind kind,
             int        *speed)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  gsize length = strlen (lower);
  gboolean kilobytes = FALSE;
  double value;
  char *end = NULL;

  if (strcmp (lower, "max") == 0 || strcmp (lower, "0") == 0)
    {
      *speed = SP_BURN_SPEED_MAX;
      return TRUE;
    }
  if (strcmp (lower, "min") == 0)
    {
      *speed = SP_BURN_SPEED_MIN;
      return TRUE;
    }
  if (length > 0 && lower[length - 1] == 'k')
    {
      kilobytes = TRUE;
      lower[length - 1] = '\0';
    }
  else if (length > 0 && lower[length - 1] == 'x')
    lower[length - 1] = '\0';

  value = g_ascii_strtod (lower, &end);
  if (end == lower || *end != '\0' || value <= 0 || value > 100000)
    return FALSE;
  /* "Fractional speeds should be rounded up" (libburn.h, burn_drive_set_speed). */
  *speed = kilobytes ? (int) value : (int) (value * sp_media_kind_get_speed_unit (kind) + 0.999);
  return TRUE;
}

/* The drive to burn to when none was named: the only one there is. */
static char *
find_only_drive (GCancellable *cancellable)
{
  g_autoptr(SpDriveList) list = sp_drive_list_new ();
  RunState state = { 0 };
  guint n;

  sp_drive_list_set_poll_interval (list, 0);
  sp_drive_list_scan_async (list, cancellable, scan_done, &state);
  sp_cli_run_until (&state.done, cancellable);
  if (!state.ok)
    {
      sp_cli_print_error ("%s", state.error->message);
      g_clear_error (&state.error);
      return NULL;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n == 1)
    {
      g_autoptr(SpDrive) drive = g_list_model_get_item (G_LIST_MODEL (list), 0);
      return g_strdup (sp_drive_get_address (drive));
    }
  if (n == 0)
    sp_cli_print_error ("%s", _("no optical drive found: give one with --drive (stdio:FILE writes an image file)"));
  else
    sp_cli_print_error ("%s", _("there is more than one drive: choose one with --drive (see spindle-cli drives)"));
  return NULL;
}

static void
print_result (SpBurnJob *job,
              double     seconds)
{
  SpBurnPlan *plan = sp_burn_job_get_plan (job);
  const SpBurnOptions *options = sp_burn_job_get_options (job);
  g_autofree char *mode = g_ascii_strup (sp_write_mode_to_string (sp_burn_plan_get_write_mode (plan)), -1);

  if (options->dry_run && opt_json)
    {
      g_autoptr(JsonNode) node = sp_burn_plan_to_json (plan);

      sp_cli_print_json (node);
      return;
    }
  if (options->dry_run)
    {
      g_autofree char *layout = sp_burn_plan_dup_layout (plan);

      printf ("%s", layout);
      /* A plan the sector check turned to raw writing says why in its
       * notes (in the layout): its sectors do not all re-encode. */
      printf ("%s\n", sp_burn_plan_get_write_mode (plan) == SP_WRITE_MODE_RAW
                        ? _("Dry run: the image can be burned exactly, written raw. Nothing was written.")
                        : sp_burn_plan_get_needs_check (plan)
                        ? _("Dry run: every sector re-encodes exactly; the image can be burned exactly. Nothing was written.")
                        : _("Dry run: the image can be burned exactly. Nothing was written."));
      return;
    }

  printf (options->simulate
            /* Translators: IMAGE, ADDRESS, write mode, sectors, seconds */
            ? _("Simulated burning %s to %s (%s, %" PRId64 " sectors) in %.1f s; nothing was written\n")
            : _("Burned %s to %s (%s, %" PRId64 " sectors) in %.1f s\n"),
          sp_image_get_display_name (sp_burn_job_get_image (job)), sp_burn_job_get_address (job), mode,
          sp_burn_plan_get_sectors (plan), seconds);
  if (options->copies > 1)
    printf (_("%u copies\n"), options->copies);
  if (sp_burn_job_get_verified (job))
    printf ("%s\n", _("Verified: every sector reads back as the image has it."));
}

static void
print_mismatches (SpBurnJob *job)
{
  guint n = sp_burn_job_get_n_mismatches (job);
  guint64 total = sp_burn_job_get_n_mismatches_total (job);

  for (guint i = 0; i < n && i < 20; i++)
    {
      const SpBurnMismatch *mismatch = sp_burn_job_get_mismatch (job, i);
      g_autofree char *position = sp_cli_format_position (mismatch->position);

      if (mismatch->offset < 0)
        printf ("  %s %s, %s %02u: %s\n", _("sector"), position, _("track"), mismatch->track, _("unreadable"));
      else
        printf ("  %s %s, %s %02u: %s %d\n", _("sector"), position, _("track"), mismatch->track,
                _("differs from byte"), mismatch->offset);
    }
  if (total > MIN (n, 20u))
    printf ("  … %" PRIu64 " %s\n", total - MIN (n, 20u), _("more"));
}

int
sp_cli_burn (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_burn_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpBurnJob) job = NULL;
  g_autoptr(SpBurnOptions) options = sp_burn_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *address = NULL;
  RunState state = { 0 };
  gint64 started;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The image is written exactly as it describes the disc (tracks, pregaps, indices, ISRC, catalog "
      "number, CD-TEXT), or refused before anything is written, with the reason. With --drive "
      "stdio:FILE the file receives the user data of the image's one data track (2048 bytes a sector).\n\n"
      "libburn burns data discs (CD, DVD, BD), audio CDs with CD-TEXT and MODE1/2352 images whose sectors "
      "re-encode exactly; cdrdao burns Mode 2 (Video CD, PlayStation), CD-i, data and audio in one session, "
      "and writes raw the images whose raw sectors would otherwise change.\n\n"
      "--dry-run --json prints one object: image, drive, media, backend (libburn or cdrdao), driver (cdrdao's, "
      "or null), write_mode (sao, tao or raw), simulate, other_backend, other_backend_exact, other_backend_reason, "
      "disc_type, catalog, cdtext {title, performer, ...}, sectors, bytes, free_sectors (-1 when the disc is "
      "blanked first), needs_check, needs_blank, notes [text], and sessions [{number, tracks [{number, mode, "
      "sent_as, sector_size, first, pregap, start, length, postgap, end, indices [{number, position}], isrc, "
      "flags, cdtext}]}]; positions and lengths in sectors (frames) from the start of the image.\n\n"
      "Exit status: 0 burned (and verified, with --verify), 1 refused or failed, 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image"));
  if (opt_mode && !sp_write_mode_from_string (opt_mode, &options->write_mode))
    return sp_cli_usage_error (context, _("unknown write mode “%s” (sao, tao or raw)"), opt_mode);
  if (opt_blank && (!sp_blank_mode_from_string (opt_blank, &options->blank) || options->blank == SP_BLANK_NONE))
    return sp_cli_usage_error (context, _("unknown blanking “%s” (fast or full)"), opt_blank);
  if (opt_backend && !sp_burn_backend_choice_from_string (opt_backend, &options->backend))
    return sp_cli_usage_error (context, _("unknown backend “%s” (auto, libburn or cdrdao)"), opt_backend);
  if (opt_json && !opt_dry_run)
    return sp_cli_usage_error (context, "%s", _("--json goes with --dry-run"));
  if (opt_copies < 1 || opt_copies > 99)
    return sp_cli_usage_error (context, "%s", _("--copies must be 1 to 99"));
  if (opt_speed)
    {
      int speed;

      /* Checked here for its syntax; converted once the medium is known. */
      if (!parse_speed (opt_speed, SP_MEDIA_KIND_CD_R, &speed))
        return sp_cli_usage_error (context, _("“%s” is not a speed (16, 16x, 2822k, max or min)"), opt_speed);
    }

  options->simulate = opt_simulate;
  options->verify = opt_verify;
  options->eject = opt_eject;
  options->copies = (guint) opt_copies;
  options->burnfree = !opt_no_burnfree;
  options->dry_run = opt_dry_run;

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;

  address = opt_drive ? g_strdup (opt_drive) : find_only_drive (cancellable);
  if (address == NULL)
    return SP_CLI_EXIT_FAILURE;

  if (opt_speed && g_ascii_strcasecmp (opt_speed, "max") != 0 && g_ascii_strcasecmp (opt_speed, "min") != 0 &&
      !g_str_has_suffix (opt_speed, "k") && !g_str_has_suffix (opt_speed, "K"))
    {
      /* A multiple of 1x depends on the medium: 176.4 kB/s for CD, 1385 for DVD. */
      g_autoptr(SpDrive) drive = sp_drive_inquire (address, cancellable, &error);

      if (drive == NULL)
        {
          sp_cli_print_error ("%s", error->message);
          return SP_CLI_EXIT_FAILURE;
        }
      parse_speed (opt_speed, sp_drive_get_media_kind (drive), &options->speed);
    }
  else if (opt_speed)
    parse_speed (opt_speed, SP_MEDIA_KIND_CD_R, &options->speed);

  job = sp_burn_job_new (image, address);
  sp_burn_job_set_options (job, options);

  state.tty = isatty (STDERR_FILENO);
  state.last_phase = SP_BURN_PHASE_IDLE;
  g_signal_connect (job, "notify::job", G_CALLBACK (on_job_changed), &state);
  g_signal_connect (job, "notify::phase", G_CALLBACK (on_phase_changed), &state);

  started = g_get_monotonic_time ();
  sp_burn_job_run_async (job, cancellable, burn_done, &state);
  sp_cli_run_until (&state.done, cancellable);
  g_clear_pointer (&state.progress, sp_cli_progress_free);
  g_signal_handlers_disconnect_by_data (job, &state);

  if (state.ok)
    {
      print_result (job, (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
      status = SP_CLI_EXIT_OK;
    }
  else
    {
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sp_cli_print_error ("%s", state.error->message);
      else
        sp_cli_print_error ("%s: %s", sp_image_get_display_name (image), state.error->message);
      if (g_error_matches (state.error, SP_BURN_ERROR, SP_BURN_ERROR_VERIFY))
        print_mismatches (job);
      g_clear_error (&state.error);
      status = SP_CLI_EXIT_FAILURE;
    }

  g_clear_object (&job);
  sp_burn_shutdown ();
  return status;
}
