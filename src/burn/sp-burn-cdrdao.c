/* sp-burn-cdrdao.c
 *
 * The cdrdao backend: what libburn 1.5.4 cannot write (see
 * sp-burn-libburn.c and BURNING.md), cdrdao writes from a TOC file in one
 * session at once: Mode 2 (Video CD, Super Video CD, PlayStation), CD-i,
 * data and audio in one session with their pregaps and indices, ISRC,
 * catalog number, CD-TEXT, and the disc type CD_ROM_XA or CD_I in the
 * table of contents. K3b and Brasero send these discs to cdrdao too.
 *
 * The TOC is the one `spindle-cli convert --to toc` writes
 * (sp_image_write_sheet), naming the image's own files by absolute path,
 * written into a private temporary folder. Raw audio in a BINARY file is
 * little-endian, and the sheet writer marks it SWAP (cdrdao reads raw
 * audio as big-endian otherwise); MOTOROLA files are big-endian already.
 *
 * Exactness: in session at once (driver generic-mmc) cdrdao hands the
 * drive each data sector's user data (and Mode 2 subheader) and the drive
 * writes sync, header, EDC and ECC anew, so a raw data track is exact only
 * if every sector is a standard encoding of its own data at its own
 * address; the job checks that before writing (sp_burn_plan_get_needs_check)
 * and, where a sector is not, the image is planned again for raw writing
 * (driver generic-mmc-raw), in which cdrdao sends every 2352-byte sector as
 * it is in the file, scrambled, with its own P and Q subchannel (measured
 * on the emulated recorder: a MODE1_RAW sector with a broken EDC comes back
 * as it was in raw writing, repaired in session at once).
 *
 * Running it: `cdrdao write --remote FD`, FD a pipe on which cdrdao sends
 * its binary progress messages (dao/remote.h: the four bytes ff 00 ff 00,
 * then struct ProgressMsg, seven native ints: status 3 lead-in, 4 data,
 * 5 lead-out, 6 blanking; total tracks; track; track and total progress
 * in 0..1000; cdrdao's FIFO and the drive's buffer in percent). Its text
 * output is read only for the ERROR lines, to explain a failure. Cancel
 * sends SIGINT, as Ctrl+C would, then SIGTERM and SIGKILL a few seconds
 * apart: cdrdao 1.2.4 blocks the signals while it writes (seen on the
 * emulated recorder: it wrote on to the lead-out), and a cancelled CD-R is
 * lost either way; the session is left unfinished, as a real drive leaves
 * it when the data stops coming.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-burn"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sp-burn-cdrdao.h"
#include "sp-burn-job-private.h"
#include "sp-burn-plan-private.h"
#include "sp-burn-private.h"
#include "sp-sheet-writer.h"

#define MIN_TRACK_SECTORS 300
#define REMOTE_FD 3
#define REMOTE_SYNC "\xff\x00\xff\x00"
#define REMOTE_MESSAGE_SIZE (7 * (gsize) sizeof (gint32))
#define ESCALATE_SECONDS 3

enum {
  REMOTE_LEADIN = 3,
  REMOTE_DATA = 4,
  REMOTE_LEADOUT = 5,
  REMOTE_BLANK = 6,
};

struct _SpBurnCdrdao
{
  GObject parent_instance;
};

static void backend_iface_init (SpBurnBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpBurnCdrdao, sp_burn_cdrdao, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SP_TYPE_BURN_BACKEND, backend_iface_init))

static void
sp_burn_cdrdao_class_init (SpBurnCdrdaoClass *klass)
{
}

static void
sp_burn_cdrdao_init (SpBurnCdrdao *self)
{
}

SpBurnBackend *
sp_burn_cdrdao_new (void)
{
  return g_object_new (SP_TYPE_BURN_CDRDAO, NULL);
}

/* Looked up at every plan, so installing cdrdao needs no restart. */
char *
sp_burn_cdrdao_find_program (void)
{
  return g_find_program_in_path ("cdrdao");
}

static SpBurnBackendKind
cdrdao_get_kind (SpBurnBackend *backend)
{
  return SP_BURN_BACKEND_CDRDAO;
}

/* ---- Checking --------------------------------------------------------- */

static gboolean
image_has_cdtext (SpImage *image)
{
  gboolean found = !sp_cdtext_is_empty (sp_image_get_cdtext (image));

  for (guint i = 0; !found && i < sp_image_get_n_tracks (image); i++)
    found = !sp_cdtext_is_empty (sp_track_get_cdtext (sp_image_get_track (image, i)));
  return found;
}

static gboolean
is_raw_data (SpTrack *track)
{
  switch (sp_track_get_mode (track))
    {
    case SP_TRACK_MODE_MODE1_2352:
    case SP_TRACK_MODE_MODE2_2352:
    case SP_TRACK_MODE_CDI_2352:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * sp_burn_cdrdao_get_driver:
 *
 * Returns: the cdrdao driver a cdrdao plan writes with: generic-mmc-raw
 *   for raw writing, generic-mmc:0x10 (its CD-TEXT option) for a disc with
 *   CD-TEXT, else generic-mmc
 */
const char *
sp_burn_cdrdao_get_driver (SpBurnPlan *plan)
{
  if (sp_burn_plan_get_write_mode (plan) == SP_WRITE_MODE_RAW)
    return "generic-mmc-raw";
  if (image_has_cdtext (sp_burn_plan_get_image (plan)))
    return "generic-mmc:0x10";
  return "generic-mmc";
}

static gboolean
check_medium (SpDrive              *drive,
              const SpBurnOptions  *options,
              gboolean             *needs_blank,
              GError              **error)
{
  const char *address = sp_drive_get_address (drive);
  SpMediaKind kind = sp_drive_get_media_kind (drive);

  *needs_blank = FALSE;
  if (sp_drive_is_file (drive))
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("cdrdao writes CDs, not image files"));
      return FALSE;
    }
  if (!sp_media_kind_is_cd (kind) && kind != SP_MEDIA_KIND_NONE && kind != SP_MEDIA_KIND_OTHER)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("cdrdao writes CDs only; the disc in %s is a %s"), address, sp_media_kind_to_string (kind));
      return FALSE;
    }

  switch (sp_drive_get_media_status (drive))
    {
    case SP_MEDIA_STATUS_BLANK:
      return TRUE;
    case SP_MEDIA_STATUS_NONE:
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM, _("There is no disc in %s"), address);
      return FALSE;
    default:
      break;
    }
  if (sp_drive_is_erasable (drive) && options->blank != SP_BLANK_NONE)
    {
      *needs_blank = TRUE;
      return TRUE;
    }
  g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NO_MEDIUM,
               sp_drive_is_erasable (drive)
                 ? _("The %s in %s holds data: blank it first (a fast blank is enough)")
                 : _("The %s in %s is not blank: cdrdao writes a whole disc at once, onto a blank one"),
               sp_media_kind_to_string (kind), address);
  return FALSE;
}

static gboolean
choose_write_mode (SpImage              *image,
                   SpDrive              *drive,
                   const SpBurnOptions  *options,
                   gboolean              needs_blank,
                   SpWriteMode          *mode,
                   GError              **error)
{
  SpWriteModeFlags offered = sp_drive_get_write_modes (drive);
  g_autofree char *offered_text = NULL;

  /* The modes of a rewritable disc are known only once it is blank. */
  if (needs_blank)
    offered |= SP_WRITE_MODE_FLAG_SAO;
  offered_text = sp_write_mode_flags_to_string (offered);

  switch (options->write_mode)
    {
    case SP_WRITE_MODE_TAO:
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("cdrdao writes a disc at once (SAO) or raw, never track at once (TAO), which "
                             "would let the drive choose the gaps between tracks"));
      return FALSE;

    case SP_WRITE_MODE_RAW:
      if (image_has_cdtext (image))
        {
          g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                               _("The image has CD-TEXT, which Spindle has cdrdao write only in session at "
                                 "once (SAO), not in raw mode"));
          return FALSE;
        }
      if (!(offered & SP_WRITE_MODE_FLAG_RAW))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s does not offer raw writing for this disc (it offers: %s)"),
                       sp_drive_get_display_name (drive), offered_text);
          return FALSE;
        }
      *mode = SP_WRITE_MODE_RAW;
      return TRUE;

    case SP_WRITE_MODE_AUTO:
    case SP_WRITE_MODE_SAO:
    default:
      if (!(offered & SP_WRITE_MODE_FLAG_SAO))
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                       _("%s does not offer session at once (SAO) for this disc, which cdrdao needs "
                         "(it offers: %s)"), sp_drive_get_display_name (drive), offered_text);
          return FALSE;
        }
      *mode = SP_WRITE_MODE_SAO;
      return TRUE;
    }
}

static gboolean
cdrdao_check (SpBurnBackend        *backend,
              SpImage              *image,
              SpDrive              *drive,
              const SpBurnOptions  *options,
              SpBurnPlan           *plan,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *program = NULL;
  gboolean needs_blank = FALSE, needs_check = FALSE;
  gint64 sectors = sp_image_get_leadout (image);
  guint64 bytes = 0;
  gint64 free_sectors;
  SpWriteMode mode;

  /* What the image is comes first: it is the same on every drive. */
  toc = sp_image_write_sheet (image, SP_SHEET_FORMAT_TOC, NULL, NULL, &local_error);
  if (toc == NULL)
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                   _("cdrdao cannot burn this image exactly: %s"), local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);
      gint64 span = sp_track_get_span (track);
      gint64 end = sp_track_get_first (track) + span;

      /* cdrdao counts from INDEX 01 (the TOC's START), the pregap left out. */
      if (end - sp_track_get_start (track) < MIN_TRACK_SECTORS)
        {
          g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                       _("Track %02u is %" PRId64 " sectors long from its INDEX 01: a CD track lasts at "
                         "least 4 seconds (300 sectors), and cdrdao refuses shorter ones"),
                       sp_track_get_number (track), end - sp_track_get_start (track));
          return FALSE;
        }
      bytes += (guint64) span * sp_track_mode_get_sector_size (sp_track_get_mode (track));
      if (is_raw_data (track))
        needs_check = TRUE;
    }

  program = sp_burn_cdrdao_find_program ();
  if (program == NULL)
    {
      g_set_error_literal (error, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT,
                           _("cdrdao, which writes such discs, is not installed (install the “cdrdao” package)"));
      return FALSE;
    }

  if (!check_medium (drive, options, &needs_blank, error) ||
      !choose_write_mode (image, drive, options, needs_blank, &mode, error))
    return FALSE;

  free_sectors = sp_drive_get_free_sectors (drive);
  if (!needs_blank && sectors > free_sectors)
    {
      char need[SP_MSF_STRING_SIZE], room[SP_MSF_STRING_SIZE];

      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_TOO_BIG,
                   _("The image does not fit: it needs %" PRId64 " sectors (%s) and the %s in %s has "
                     "room for %" PRId64 " (%s)"),
                   sectors, sp_msf_format (sectors, need), sp_media_kind_to_string (sp_drive_get_media_kind (drive)),
                   sp_drive_get_address (drive), free_sectors, sp_msf_format (free_sectors, room));
      return FALSE;
    }
  if (options->simulate && !needs_blank && !sp_drive_can_simulate (drive))
    {
      g_set_error (error, SP_BURN_ERROR, SP_BURN_ERROR_UNSUPPORTED_MODE,
                   _("%s cannot simulate writing on this %s"), sp_drive_get_display_name (drive),
                   sp_media_kind_to_string (sp_drive_get_media_kind (drive)));
      return FALSE;
    }

  _sp_burn_plan_set_backend (plan, SP_BURN_BACKEND_CDRDAO);
  _sp_burn_plan_set_write_mode (plan, mode);
  _sp_burn_plan_set_size (plan, sectors, bytes);
  /* Raw writing sends every sector as it is: nothing to check. */
  _sp_burn_plan_set_needs_check (plan, needs_check && mode == SP_WRITE_MODE_SAO);
  _sp_burn_plan_set_needs_blank (plan, needs_blank);
  if (mode == SP_WRITE_MODE_RAW)
    _sp_burn_plan_add_note (plan, _("cdrdao writes raw (driver generic-mmc-raw): every 2352-byte sector goes to "
                                    "the disc as the image has it, with the subchannel cdrdao makes from the TOC"));
  else
    _sp_burn_plan_add_note (plan, _("cdrdao writes the session at once from a TOC file: audio as 2352-byte "
                                    "frames, data as user data (and Mode 2 subheaders), the drive writing "
                                    "sync, header, EDC and ECC"));
  return TRUE;
}

/* ---- Writing ---------------------------------------------------------- */

typedef struct
{
  SpBurnJob *job;
  SpBurnPlan *plan;
  char *program;
  char *dir;                 /* private: the TOC */
  char *toc_path;

  GSubprocess *process;
  GInputStream *remote;
  GCancellable *remote_cancel;
  GByteArray *remote_data;
  guint8 chunk[512];

  gulong cancel_handler;
  guint escalate_source;
  guint signals_sent;
  gboolean cancelled;
  gboolean blanking;         /* the running process blanks */
  int last_status;           /* of the remote messages */
  gint64 sectors_done;
} WriteRun;

static void
write_run_free (gpointer data)
{
  WriteRun *run = data;

  g_clear_object (&run->job);
  g_clear_object (&run->plan);
  g_free (run->program);
  if (run->toc_path)
    g_unlink (run->toc_path);
  if (run->dir)
    g_rmdir (run->dir);
  g_free (run->toc_path);
  g_free (run->dir);
  g_clear_object (&run->process);
  g_clear_object (&run->remote);
  g_clear_object (&run->remote_cancel);
  g_clear_pointer (&run->remote_data, g_byte_array_unref);
  g_clear_handle_id (&run->escalate_source, g_source_remove);
  g_free (run);
}

static void start_write (GTask *task);

static SpBurnPhase
phase_for_status (int status)
{
  switch (status)
    {
    case REMOTE_LEADIN:  return SP_BURN_PHASE_WRITING_LEADIN;
    case REMOTE_DATA:    return SP_BURN_PHASE_WRITING;
    case REMOTE_LEADOUT: return SP_BURN_PHASE_FIXATING;
    case REMOTE_BLANK:   return SP_BURN_PHASE_BLANKING;
    default:             return SP_BURN_PHASE_PREPARING;
    }
}

static void
handle_message (WriteRun     *run,
                const guint8 *bytes)
{
  gint32 field[7];
  gint64 total = sp_burn_plan_get_sectors (run->plan);
  guint64 total_bytes = sp_burn_plan_get_bytes (run->plan);
  double fifo, drive_buffer;

  memcpy (field, bytes, sizeof field);
  /* The bounds cdrdao's own GUI checks (xdao/CdDevice.cc). */
  if (field[0] < REMOTE_LEADIN || field[0] > REMOTE_BLANK || field[4] < 0 || field[4] > 1000 ||
      field[5] < 0 || field[5] > 100)
    return;

  if (field[0] != run->last_status)
    {
      SpBurnPhase phase = phase_for_status (field[0]);

      run->last_status = field[0];
      _sp_burn_job_set_phase (run->job, phase);
      if (phase == SP_BURN_PHASE_WRITING)
        _sp_burn_job_new_progress (run->job, _("Writing"), total_bytes);
      else if (phase == SP_BURN_PHASE_BLANKING)
        _sp_burn_job_new_progress (run->job, _("Blanking"), 1000);
    }

  fifo = field[5] / 100.0;
  drive_buffer = field[6] > 0 && field[6] <= 100 ? field[6] / 100.0 : -1;
  if (field[0] == REMOTE_BLANK)
    _sp_burn_job_update (run->job, 0, 0, (guint64) field[4], -1, -1);
  else
    {
      run->sectors_done = MAX (run->sectors_done, total * field[4] / 1000);
      _sp_burn_job_update (run->job, run->sectors_done, total,
                           (guint64) ((double) total_bytes * field[4] / 1000.0), drive_buffer, fifo);
    }
}

static void read_remote (GTask *task);

static void
remote_read_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WriteRun *run = g_task_get_task_data (task);
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  guint used = 0;

  if (n <= 0)
    return;
  g_byte_array_append (run->remote_data, run->chunk, (guint) n);

  /* Messages are found by their sync, so a partial read or stray bytes
   * never shift the fields. */
  while (run->remote_data->len - used >= 4 + REMOTE_MESSAGE_SIZE)
    {
      const guint8 *at = run->remote_data->data + used;

      if (memcmp (at, REMOTE_SYNC, 4) != 0)
        {
          used++;
          continue;
        }
      handle_message (run, at + 4);
      used += 4 + REMOTE_MESSAGE_SIZE;
    }
  g_byte_array_remove_range (run->remote_data, 0, used);
  read_remote (g_steal_pointer (&task));
}

static void
read_remote (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);

  g_input_stream_read_async (run->remote, run->chunk, sizeof run->chunk, G_PRIORITY_DEFAULT,
                             run->remote_cancel, remote_read_done, task);
}

/* cdrdao's ERROR lines, joined; the text is for people, never parsed for
 * progress. */
static char *
explain_output (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output ? output : "", "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (!g_str_has_prefix (line, "ERROR: "))
        continue;
      line += strlen ("ERROR: ");
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, line);
    }
  if (text->len == 0)
    {
      /* No ERROR line: its last line says most. */
      for (guint i = g_strv_length (lines); i > 0; i--)
        if (*g_strstrip (lines[i - 1]))
          {
            g_string_append (text, lines[i - 1]);
            break;
          }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What a stopped burn leaves on the disc, as a real drive leaves it. */
static char *
describe_disc_left (WriteRun *run)
{
  const SpBurnOptions *options = sp_burn_plan_get_options (run->plan);

  if (options->simulate)
    return g_strdup (_("nothing was written (it was a simulation)"));
  if (run->blanking)
    return g_strdup (_("the disc is partly blanked: blank it again before use"));
  if (run->last_status < REMOTE_LEADIN)
    return g_strdup (_("nothing was written: the disc is still blank"));
  return g_strdup_printf (_("the disc is left unfinished after about %" PRId64 " of %" PRId64
                            " sectors and cannot be used (a CD-R cannot be written again)"),
                          run->sectors_done, sp_burn_plan_get_sectors (run->plan));
}

static void
process_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WriteRun *run = g_task_get_task_data (task);
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_clear_handle_id (&run->escalate_source, g_source_remove);
  g_cancellable_cancel (run->remote_cancel);

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &output, NULL, &error))
    {
      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_WRITE,
                               _("Could not read what cdrdao said: %s"), error->message);
      return;
    }
  g_debug ("cdrdao said:\n%s", output);
  status = g_subprocess_get_if_exited (G_SUBPROCESS (object)) ? g_subprocess_get_exit_status (G_SUBPROCESS (object)) : -1;

  if (run->cancelled)
    {
      g_autofree char *left = describe_disc_left (run);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Burning was cancelled: %s"), left);
      return;
    }
  if (status != 0)
    {
      g_autofree char *why = explain_output (output);
      g_autofree char *left = describe_disc_left (run);

      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_WRITE,
                               run->blanking ? _("cdrdao could not blank the disc (%s); %s")
                                             : _("cdrdao could not write the disc (%s); %s"),
                               why, left);
      return;
    }

  if (run->blanking)
    {
      run->blanking = FALSE;
      run->last_status = 0;
      start_write (g_steal_pointer (&task));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
escalate (gpointer user_data)
{
  WriteRun *run = user_data;

  run->signals_sent++;
  g_subprocess_send_signal (run->process, run->signals_sent == 1 ? SIGTERM : SIGKILL);
  return run->signals_sent == 1 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
stop_process (gpointer user_data)
{
  GTask *task = user_data;
  WriteRun *run = g_task_get_task_data (task);

  if (run->process == NULL || run->cancelled || g_task_get_completed (task))
    return G_SOURCE_REMOVE;
  run->cancelled = TRUE;
  /* As Ctrl+C: cdrdao stops writing and lets the drive close what it can. */
  g_subprocess_send_signal (run->process, SIGINT);
  run->escalate_source = g_timeout_add_seconds (ESCALATE_SECONDS, escalate, run);
  return G_SOURCE_REMOVE;
}

/* Any thread: act on the task's main context. */
static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, stop_process, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[spindle] cdrdao cancelled");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gboolean
spawn (GTask       *task,
       GPtrArray   *argv,
       GError     **error)
{
  WriteRun *run = g_task_get_task_data (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  int fds[2];

  g_ptr_array_add (argv, NULL);
  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Messages come in the C locale, whatever the user's. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_take_fd (launcher, fds[1], REMOTE_FD);
  g_clear_object (&run->process);
  run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  /* Closes our copy of the pipe's writing end: EOF comes when cdrdao exits. */
  g_clear_object (&launcher);
  if (run->process == NULL)
    {
      close (fds[0]);
      return FALSE;
    }

  g_clear_object (&run->remote);
  g_clear_object (&run->remote_cancel);
  run->remote = g_unix_input_stream_new (fds[0], TRUE);
  run->remote_cancel = g_cancellable_new ();
  g_byte_array_set_size (run->remote_data, 0);
  read_remote (g_object_ref (task));
  g_subprocess_communicate_utf8_async (run->process, NULL, NULL, process_done, g_object_ref (task));
  return TRUE;
}

static void
start_write (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);
  const SpBurnOptions *options = sp_burn_plan_get_options (run->plan);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (argv, g_strdup (run->program));
  g_ptr_array_add (argv, g_strdup ("write"));
  g_ptr_array_add (argv, g_strdup ("--remote"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", REMOTE_FD));
  g_ptr_array_add (argv, g_strdup ("--device"));
  g_ptr_array_add (argv, g_strdup (sp_burn_job_get_address (run->job)));
  g_ptr_array_add (argv, g_strdup ("--driver"));
  g_ptr_array_add (argv, g_strdup (sp_burn_cdrdao_get_driver (run->plan)));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup ("--buffer-under-run-protection"));
  g_ptr_array_add (argv, g_strdup (options->burnfree ? "1" : "0"));
  if (options->simulate)
    g_ptr_array_add (argv, g_strdup ("--simulate"));
  if (options->speed != SP_BURN_SPEED_MAX)
    {
      /* cdrdao counts in multiples of 1x CD (176.4 kB/s). */
      int x = options->speed == SP_BURN_SPEED_MIN ? 1 : MAX (1, (int) (options->speed / 176.4 + 0.5));

      g_ptr_array_add (argv, g_strdup ("--speed"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", x));
    }
  g_ptr_array_add (argv, g_strdup (run->toc_path));

  _sp_burn_job_set_phase (run->job, SP_BURN_PHASE_PREPARING);
  if (!spawn (task, argv, &error))
    {
      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_WRITE, _("Could not run cdrdao: %s"),
                               error->message);
      g_object_unref (task);
      return;
    }
  g_object_unref (task);
}

static void
start_blank (GTask *task)
{
  WriteRun *run = g_task_get_task_data (task);
  const SpBurnOptions *options = sp_burn_plan_get_options (run->plan);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, g_strdup (run->program));
  g_ptr_array_add (argv, g_strdup ("blank"));
  g_ptr_array_add (argv, g_strdup ("--remote"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", REMOTE_FD));
  g_ptr_array_add (argv, g_strdup ("--device"));
  g_ptr_array_add (argv, g_strdup (sp_burn_job_get_address (run->job)));
  g_ptr_array_add (argv, g_strdup ("--driver"));
  g_ptr_array_add (argv, g_strdup ("generic-mmc"));
  g_ptr_array_add (argv, g_strdup ("--blank-mode"));
  g_ptr_array_add (argv, g_strdup (options->blank == SP_BLANK_FULL ? "full" : "minimal"));
  if (options->simulate)
    g_ptr_array_add (argv, g_strdup ("--simulate"));

  run->blanking = TRUE;
  _sp_burn_job_set_phase (run->job, SP_BURN_PHASE_BLANKING);
  _sp_burn_job_new_progress (run->job, _("Blanking"), 1000);
  if (!spawn (task, argv, &error))
    g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_WRITE, _("Could not run cdrdao: %s"),
                             error->message);
  g_object_unref (task);
}

static void
task_completed (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  GTask *task = G_TASK (object);
  WriteRun *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable && run->cancel_handler)
    g_cancellable_disconnect (cancellable, run->cancel_handler);
  run->cancel_handler = 0;
}

static void
cdrdao_write_async (SpBurnBackend       *backend,
                    SpBurnJob           *job,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (backend, cancellable, callback, user_data);
  WriteRun *run = g_new0 (WriteRun, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *toc = NULL;

  g_task_set_source_tag (task, cdrdao_write_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, run, write_run_free);
  run->job = g_object_ref (job);
  run->plan = g_object_ref (sp_burn_job_get_plan (job));
  run->remote_data = g_byte_array_new ();
  g_signal_connect (task, "notify::completed", G_CALLBACK (task_completed), NULL);

  run->program = sp_burn_cdrdao_find_program ();
  if (run->program == NULL)
    {
      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_NOT_EXACT, _("cdrdao is not installed"));
      return;
    }
  toc = sp_image_write_sheet (sp_burn_job_get_image (job), SP_SHEET_FORMAT_TOC, NULL, NULL, &error);
  run->dir = toc ? g_dir_make_tmp ("spindle-cdrdao-XXXXXX", &error) : NULL;
  if (run->dir)
    {
      run->toc_path = g_build_filename (run->dir, "disc.toc", NULL);
      if (!g_file_set_contents (run->toc_path, toc, -1, &error))
        g_clear_pointer (&run->toc_path, g_free);
    }
  if (run->toc_path == NULL)
    {
      g_task_return_new_error (task, SP_BURN_ERROR, SP_BURN_ERROR_WRITE, _("Could not write the TOC file: %s"),
                               error->message);
      return;
    }

  if (cancellable)
    run->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);

  if (sp_burn_plan_get_needs_blank (run->plan))
    start_blank (g_steal_pointer (&task));
  else
    start_write (g_steal_pointer (&task));
}

static gboolean
cdrdao_write_finish (SpBurnBackend  *backend,
                     GAsyncResult   *result,
                     GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
backend_iface_init (SpBurnBackendInterface *iface)
{
  iface->get_kind = cdrdao_get_kind;
  iface->check = cdrdao_check;
  iface->write_async = cdrdao_write_async;
  iface->write_finish = cdrdao_write_finish;
}
