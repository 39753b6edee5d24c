/* sp-cli-drives.c: spindle-cli drives, the optical drives and their media
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>

#include "sp-burn.h"
#include "sp-cli.h"

static gboolean opt_json;
static char **opt_drives;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the drives as JSON"), NULL },
  { "drive", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_drives,
    N_("Also look at this address (a device no bus scan finds, or stdio:FILE); may be repeated"), N_("ADDRESS") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, NULL },
  { NULL }
};

const SpCliCommand sp_cli_drives_command = {
  "drives", "", N_("List the optical drives, the disc in each and what they can write"),
  sp_cli_drives,
};

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} RunState;

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = sp_drive_list_scan_finish (SP_DRIVE_LIST (object), result, &state->error);
  state->done = TRUE;
}

static JsonNode *
drives_to_json (GListModel *drives)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (drives); i++)
    {
      g_autoptr(SpDrive) drive = g_list_model_get_item (drives, i);
      g_autofree char *media = sp_drive_dup_media_description (drive);
      g_autofree char *modes = sp_write_mode_flags_to_string (sp_drive_get_write_modes (drive));
      const int *speeds;
      guint n_speeds = 0;

      speeds = sp_drive_get_write_speeds (drive, &n_speeds);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, sp_drive_get_address (drive));
      json_builder_set_member_name (builder, "vendor");
      json_builder_add_string_value (builder, sp_drive_get_vendor (drive));
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, sp_drive_get_model (drive));
      json_builder_set_member_name (builder, "revision");
      json_builder_add_string_value (builder, sp_drive_get_revision (drive));
      json_builder_set_member_name (builder, "media");
      json_builder_add_string_value (builder, media);
      json_builder_set_member_name (builder, "profile");
      json_builder_add_string_value (builder, sp_drive_get_profile_name (drive));
      json_builder_set_member_name (builder, "free_bytes");
      json_builder_add_int_value (builder, (gint64) sp_drive_get_free_bytes (drive));
      json_builder_set_member_name (builder, "free_sectors");
      json_builder_add_int_value (builder, sp_drive_get_free_sectors (drive));
      json_builder_set_member_name (builder, "erasable");
      json_builder_add_boolean_value (builder, sp_drive_is_erasable (drive));
      json_builder_set_member_name (builder, "write_modes");
      json_builder_begin_array (builder);
      if (sp_drive_get_write_modes (drive) != SP_WRITE_MODE_FLAG_NONE)
        {
          g_auto(GStrv) names = g_strsplit (modes, " ", -1);

          for (guint j = 0; names[j]; j++)
            json_builder_add_string_value (builder, names[j]);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "write_speeds");
      json_builder_begin_array (builder);
      for (guint j = 0; j < n_speeds; j++)
        json_builder_add_int_value (builder, speeds[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "can_simulate");
      json_builder_add_boolean_value (builder, sp_drive_can_simulate (drive));
      json_builder_set_member_name (builder, "error");
      if (sp_drive_get_error (drive))
        json_builder_add_string_value (builder, sp_drive_get_error (drive));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static void
print_text (GListModel *drives)
{
  guint n = g_list_model_get_n_items (drives);

  if (n == 0)
    {
      printf ("%s\n", _("No optical drive found."));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpDrive) drive = g_list_model_get_item (drives, i);
      g_autofree char *media = sp_drive_dup_media_description (drive);
      g_autofree char *modes = sp_write_mode_flags_to_string (sp_drive_get_write_modes (drive));
      double unit = sp_media_kind_get_speed_unit (sp_drive_get_media_kind (drive));
      const int *speeds;
      guint n_speeds = 0;

      printf ("%s  %s\n", sp_drive_get_address (drive), sp_drive_get_display_name (drive));
      if (sp_drive_get_error (drive))
        {
          printf ("  %s\n", sp_drive_get_error (drive));
          continue;
        }
      printf ("  %-12s %s", _("medium:"), media);
      if (sp_drive_get_free_bytes (drive) > 0)
        {
          g_autofree char *size = g_format_size (sp_drive_get_free_bytes (drive));

          printf (_(", %" PRId64 " sectors free (%s of data)"), sp_drive_get_free_sectors (drive), size);
        }
      printf ("\n");
      if (sp_drive_get_write_modes (drive) != SP_WRITE_MODE_FLAG_NONE)
        printf ("  %-12s %s%s\n", _("write modes:"), modes,
                sp_drive_can_simulate (drive) ? _(", can simulate") : "");
      speeds = sp_drive_get_write_speeds (drive, &n_speeds);
      if (n_speeds > 0 && !sp_drive_is_file (drive))
        {
          printf ("  %-12s", _("speeds:"));
          for (guint j = 0; j < n_speeds; j++)
            printf (" %.0fx", speeds[j] / unit);
          printf ("\n");
        }
    }
}

int
sp_cli_drives (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_drives_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpDriveList) list = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunState state = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Drives are found by a bus scan (and in SPINDLE_BURN_DRIVES, colon-separated). Each is "
      "opened only long enough to look at its disc.\n\n"
      "Exit status: 0 listed (maybe none), 1 failure, 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args != NULL && opt_args[0] != NULL)
    return sp_cli_usage_error (context, _("unexpected argument “%s”"), opt_args[0]);

  list = sp_drive_list_new ();
  sp_drive_list_set_poll_interval (list, 0);
  for (guint i = 0; opt_drives && opt_drives[i]; i++)
    sp_drive_list_add_address (list, opt_drives[i]);
  sp_drive_list_scan_async (list, cancellable, scan_done, &state);
  sp_cli_run_until (&state.done, cancellable);

  if (!state.ok)
    {
      sp_cli_print_error ("%s", state.error->message);
      g_clear_error (&state.error);
      return SP_CLI_EXIT_FAILURE;
    }

  if (opt_json)
    {
      g_autoptr(JsonNode) node = drives_to_json (G_LIST_MODEL (list));
      sp_cli_print_json (node);
    }
  else
    print_text (G_LIST_MODEL (list));

  g_clear_object (&list);
  sp_burn_shutdown ();
  return SP_CLI_EXIT_OK;
}
