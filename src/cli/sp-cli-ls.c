/* sp-cli-ls.c: spindle-cli ls, the files of a data track
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spindle-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sp-cli.h"

/* Folders deeper than this are not descended into: ISO 9660 allows 8
 * levels, Rock Ridge more; a hostile image could loop for ever. */
#define MAX_DEPTH 64

static gboolean opt_json;
static int opt_track;
static char *opt_filesystem;
static gboolean opt_one_level;
static gboolean opt_volume;
static char **opt_args;

static const GOptionEntry entries[] = {
  { "json", 'j', 0, G_OPTION_ARG_NONE, &opt_json, N_("Print the listing as JSON"), NULL },
  { "track", 't', 0, G_OPTION_ARG_INT, &opt_track, N_("The data track (default: the first)"), N_("N") },
  { "filesystem", 'f', 0, G_OPTION_ARG_STRING, &opt_filesystem, N_("iso9660 or udf (default: ISO 9660 if there is one)"), N_("TYPE") },
  { "one-level", '1', 0, G_OPTION_ARG_NONE, &opt_one_level, N_("List the folder itself, not what is below it"), NULL },
  { "volume", 'v', 0, G_OPTION_ARG_NONE, &opt_volume, N_("Show the volume descriptor, boot record and Video CD facts instead"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_args, NULL, N_("IMAGE [PATH]") },
  { NULL }
};

const SpCliCommand sp_cli_ls_command = {
  "ls", N_("IMAGE [PATH]"), N_("List the files of a data track (ISO 9660, Joliet, Rock Ridge, UDF)"),
  sp_cli_ls,
};

/**
 * sp_cli_find_track:
 * @number: a track number, or 0 for none
 *
 * Returns: (transfer none) (nullable): the track, or %NULL (with @number
 *   0 too) after printing why
 */
SpTrack *
sp_cli_find_track (SpImage *image,
                   int      number)
{
  for (guint i = 0; i < sp_image_get_n_tracks (image); i++)
    {
      SpTrack *track = sp_image_get_track (image, i);

      if ((int) sp_track_get_number (track) == number)
        return track;
    }
  /* Translators: %d is a track number */
  sp_cli_print_error (_("the image has no track %d"), number);
  return NULL;
}

/**
 * sp_cli_open_filesystem:
 * @track_number: 0 for the first data track
 * @type: (nullable): "iso9660", "udf" or %NULL for either
 *
 * Returns: (transfer full) (nullable): the file system, or %NULL after
 *   printing why
 */
SpFilesystem *
sp_cli_open_filesystem (SpImage    *image,
                        int         track_number,
                        const char *type)
{
  g_autoptr(GError) error = NULL;
  SpFilesystemType fs_type = SP_FILESYSTEM_TYPE_AUTO;
  SpTrack *track = NULL;
  SpFilesystem *fs;

  if (track_number != 0 && (track = sp_cli_find_track (image, track_number)) == NULL)
    return NULL;
  if (g_strcmp0 (type, "iso9660") == 0)
    fs_type = SP_FILESYSTEM_TYPE_ISO9660;
  else if (g_strcmp0 (type, "udf") == 0)
    fs_type = SP_FILESYSTEM_TYPE_UDF;

  fs = sp_filesystem_open (image, track, fs_type, NULL, &error);
  if (fs == NULL)
    sp_cli_print_error ("%s: %s", sp_image_get_display_name (image), error->message);
  return fs;
}

gboolean
sp_cli_check_filesystem_option (const char *type)
{
  return type == NULL || g_strcmp0 (type, "iso9660") == 0 || g_strcmp0 (type, "udf") == 0;
}

static void
add_entry_json (JsonBuilder *builder,
                SpFileInfo  *info)
{
  GDateTime *mtime = sp_file_info_get_modification_time (info);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, sp_file_info_get_path (info));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sp_file_info_get_display_name (info));
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) sp_file_info_get_size (info));
  json_builder_set_member_name (builder, "lba");
  json_builder_add_int_value (builder, sp_file_info_get_lba (info));
  json_builder_set_member_name (builder, "sectors");
  json_builder_add_int_value (builder, (gint64) sp_file_info_get_n_blocks (info));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, sp_file_type_to_string (sp_file_info_get_file_type (info)));
  json_builder_set_member_name (builder, "mode");
  json_builder_add_int_value (builder, sp_file_info_get_mode (info));
  json_builder_set_member_name (builder, "mtime");
  if (mtime)
    {
      g_autofree char *text = g_date_time_format_iso8601 (mtime);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  if (sp_file_info_get_file_type (info) == SP_FILE_TYPE_SYMLINK)
    {
      json_builder_set_member_name (builder, "target");
      if (sp_file_info_get_symlink_target (info))
        json_builder_add_string_value (builder, sp_file_info_get_symlink_target (info));
      else
        json_builder_add_null_value (builder);
    }
  if (sp_file_info_is_form2 (info))
    {
      json_builder_set_member_name (builder, "form2");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "data_size");
      json_builder_add_int_value (builder, (gint64) sp_file_info_get_data_size (info));
    }
  json_builder_end_object (builder);
}

static void
print_entry_text (SpFileInfo *info)
{
  GDateTime *mtime = sp_file_info_get_modification_time (info);
  g_autofree char *date = mtime ? g_date_time_format (mtime, "%Y-%m-%d %H:%M") : g_strdup ("-");
  char kind = "-dl"[sp_file_info_get_file_type (info)];

  printf ("%c %12" G_GUINT64_FORMAT "  %-16s %8" G_GINT64_FORMAT "  %s", kind,
          sp_file_info_get_size (info), date, sp_file_info_get_lba (info), sp_file_info_get_path (info));
  if (sp_file_info_get_file_type (info) == SP_FILE_TYPE_SYMLINK)
    printf (" -> %s", sp_file_info_get_symlink_target (info) ? sp_file_info_get_symlink_target (info) : "?");
  printf ("\n");
}

static gboolean
walk (SpFilesystem *fs,
      SpFileInfo   *directory,
      guint         depth,
      GHashTable   *seen,
      JsonBuilder  *builder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = sp_filesystem_list (fs, directory, NULL, &error);
  gboolean ok = TRUE;

  if (list == NULL)
    {
      sp_cli_print_error ("%s", error->message);
      return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(SpFileInfo) info = g_list_model_get_item (list, i);

      if (builder)
        add_entry_json (builder, info);
      else
        print_entry_text (info);

      if (sp_file_info_is_directory (info) && !opt_one_level)
        {
          gint64 lba = sp_file_info_get_lba (info);

          if (depth + 1 >= MAX_DEPTH)
            {
              sp_cli_print_error (_("“%s” is nested too deep; not listed"), sp_file_info_get_path (info));
              ok = FALSE;
            }
          else if (lba >= 0 && g_hash_table_contains (seen, &lba))
            {
              sp_cli_print_error (_("“%s” is a folder seen before (a loop); not listed again"),
                                  sp_file_info_get_path (info));
              ok = FALSE;
            }
          else
            {
              gint64 *key = g_new (gint64, 1);

              *key = lba;
              g_hash_table_add (seen, key);
              if (!walk (fs, info, depth + 1, seen, builder))
                ok = FALSE;
              g_hash_table_remove (seen, &lba);
            }
        }
    }
  return ok;
}

static void
add_string_member (JsonBuilder *builder,
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
add_date_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *value)
{
  g_autofree char *text = value ? g_date_time_format_iso8601 (value) : NULL;

  add_string_member (builder, name, text);
}

static JsonNode *
volume_to_json (SpFilesystem *fs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SpFilesystemType type = sp_filesystem_get_filesystem_type (fs);

  json_builder_begin_object (builder);
  add_string_member (builder, "filesystem", type == SP_FILESYSTEM_TYPE_UDF ? "udf" : "iso9660");
  add_string_member (builder, "names", sp_filesystem_names_to_string (sp_filesystem_get_names (fs)));
  json_builder_set_member_name (builder, "track");
  json_builder_add_int_value (builder, sp_track_get_number (sp_filesystem_get_track (fs)));
  json_builder_set_member_name (builder, "joliet_level");
  json_builder_add_int_value (builder, sp_filesystem_get_joliet_level (fs));
  add_string_member (builder, "volume_id", sp_filesystem_get_volume_id (fs));
  add_string_member (builder, "volume_set_id", sp_filesystem_get_volume_set_id (fs));
  add_string_member (builder, "publisher_id", sp_filesystem_get_publisher_id (fs));
  add_string_member (builder, "preparer_id", sp_filesystem_get_preparer_id (fs));
  add_string_member (builder, "application_id", sp_filesystem_get_application_id (fs));
  add_string_member (builder, "system_id", sp_filesystem_get_system_id (fs));
  add_date_member (builder, "creation_time", sp_filesystem_get_creation_time (fs));
  add_date_member (builder, "modification_time", sp_filesystem_get_modification_time (fs));
  add_date_member (builder, "expiration_time", sp_filesystem_get_expiration_time (fs));
  add_date_member (builder, "effective_time", sp_filesystem_get_effective_time (fs));
  json_builder_set_member_name (builder, "blocks");
  json_builder_add_int_value (builder, (gint64) sp_filesystem_get_n_blocks (fs));

  json_builder_set_member_name (builder, "boot");
  if (sp_filesystem_get_boot_catalog_lba (fs) < 0)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "catalog_lba");
      json_builder_add_int_value (builder, sp_filesystem_get_boot_catalog_lba (fs));
      json_builder_set_member_name (builder, "entries");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sp_filesystem_get_n_boot_entries (fs); i++)
        {
          const SpBootEntry *entry = sp_filesystem_get_boot_entry (fs, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "platform");
          json_builder_add_int_value (builder, entry->platform);
          json_builder_set_member_name (builder, "bootable");
          json_builder_add_boolean_value (builder, entry->bootable);
          add_string_member (builder, "emulation", sp_boot_emulation_to_string (entry->emulation));
          json_builder_set_member_name (builder, "load_segment");
          json_builder_add_int_value (builder, entry->load_segment);
          json_builder_set_member_name (builder, "system_type");
          json_builder_add_int_value (builder, entry->system_type);
          json_builder_set_member_name (builder, "sector_count");
          json_builder_add_int_value (builder, entry->sector_count);
          json_builder_set_member_name (builder, "load_lba");
          json_builder_add_int_value (builder, entry->load_lba);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "video_cd");
  if (sp_filesystem_get_video_cd_type (fs) == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "type", sp_filesystem_get_video_cd_type (fs));
      add_string_member (builder, "album_id", sp_filesystem_get_video_cd_album_id (fs));
      json_builder_set_member_name (builder, "volume_count");
      json_builder_add_int_value (builder, sp_filesystem_get_video_cd_volume_count (fs));
      json_builder_set_member_name (builder, "volume_number");
      json_builder_add_int_value (builder, sp_filesystem_get_video_cd_volume_number (fs));
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, sp_filesystem_get_video_cd_n_entries (fs));
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_fact (const char *label,
            const char *value)
{
  if (value)
    printf ("%-22s %s\n", label, value);
}

static void
print_date (const char *label,
            GDateTime  *value)
{
  g_autofree char *text = value ? g_date_time_format (value, "%Y-%m-%d %H:%M:%S %:z") : NULL;

  print_fact (label, text);
}

static void
print_volume_text (SpFilesystem *fs)
{
  g_autofree char *blocks = g_strdup_printf ("%" G_GUINT64_FORMAT, sp_filesystem_get_n_blocks (fs));
  g_autofree char *track = g_strdup_printf ("%02u", sp_track_get_number (sp_filesystem_get_track (fs)));

  print_fact (_("File system:"), sp_filesystem_get_filesystem_type (fs) == SP_FILESYSTEM_TYPE_UDF ? "UDF" : "ISO 9660");
  print_fact (_("Names:"), sp_filesystem_names_to_string (sp_filesystem_get_names (fs)));
  print_fact (_("Track:"), track);
  print_fact (_("Volume:"), sp_filesystem_get_volume_id (fs));
  print_fact (_("Volume set:"), sp_filesystem_get_volume_set_id (fs));
  print_fact (_("Publisher:"), sp_filesystem_get_publisher_id (fs));
  print_fact (_("Preparer:"), sp_filesystem_get_preparer_id (fs));
  print_fact (_("Application:"), sp_filesystem_get_application_id (fs));
  print_fact (_("System:"), sp_filesystem_get_system_id (fs));
  print_date (_("Created:"), sp_filesystem_get_creation_time (fs));
  print_date (_("Modified:"), sp_filesystem_get_modification_time (fs));
  print_date (_("Expires:"), sp_filesystem_get_expiration_time (fs));
  print_date (_("Effective:"), sp_filesystem_get_effective_time (fs));
  if (sp_filesystem_get_n_blocks (fs) > 0)
    print_fact (_("Blocks:"), blocks);
  if (sp_filesystem_get_boot_catalog_lba (fs) >= 0)
    {
      for (guint i = 0; i < sp_filesystem_get_n_boot_entries (fs); i++)
        {
          const SpBootEntry *entry = sp_filesystem_get_boot_entry (fs, i);
          g_autofree char *text =
            g_strdup_printf ("%s, platform %u, emulation %s, %u sectors at %u",
                             entry->bootable ? _("bootable") : _("not bootable"), entry->platform,
                             sp_boot_emulation_to_string (entry->emulation), entry->sector_count, entry->load_lba);
          print_fact (_("El Torito boot:"), text);
        }
    }
  if (sp_filesystem_get_video_cd_type (fs))
    {
      g_autofree char *text =
        g_strdup_printf ("%s, album “%s”, volume %u of %u, %u entries",
                         sp_filesystem_get_video_cd_type (fs),
                         sp_filesystem_get_video_cd_album_id (fs) ? sp_filesystem_get_video_cd_album_id (fs) : "",
                         sp_filesystem_get_video_cd_volume_number (fs), sp_filesystem_get_video_cd_volume_count (fs),
                         sp_filesystem_get_video_cd_n_entries (fs));
      print_fact (_("Video CD:"), text);
    }
}

int
sp_cli_ls (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = sp_cli_option_context_new (&sp_cli_ls_command);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpImage) image = NULL;
  g_autoptr(SpFilesystem) fs = NULL;
  g_autoptr(SpFileInfo) start = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  gboolean ok = TRUE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Lists every file under PATH (the root when none), with its size, date and first sector "
      "(LBA). JSON: [{\"path\", \"size\", \"lba\", \"type\": \"file\"|\"dir\"|\"symlink\", …}].\n\n"
      "Exit status: 0 listed, 1 failure (no file system, unreadable folder), 2 bad usage."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sp_cli_usage_error (context, "%s", error->message);
  if (opt_args == NULL || opt_args[0] == NULL)
    return sp_cli_usage_error (context, "%s", _("no image given"));
  if (opt_args[1] != NULL && opt_args[2] != NULL)
    return sp_cli_usage_error (context, "%s", _("give one image and at most one path"));
  if (opt_track < 0 || opt_track > 99)
    return sp_cli_usage_error (context, "%s", _("--track must be a track number"));
  if (!sp_cli_check_filesystem_option (opt_filesystem))
    return sp_cli_usage_error (context, "%s", _("--filesystem must be iso9660 or udf"));

  image = sp_cli_open_image (opt_args[0]);
  if (image == NULL)
    return SP_CLI_EXIT_FAILURE;
  fs = sp_cli_open_filesystem (image, opt_track, opt_filesystem);
  if (fs == NULL)
    return SP_CLI_EXIT_FAILURE;

  if (opt_volume)
    {
      if (opt_json)
        {
          g_autoptr(JsonNode) node = volume_to_json (fs);
          sp_cli_print_json (node);
        }
      else
        print_volume_text (fs);
      return SP_CLI_EXIT_OK;
    }

  start = sp_filesystem_lookup (fs, opt_args[1] ? opt_args[1] : "/", NULL, &error);
  if (start == NULL)
    {
      sp_cli_print_error ("%s", error->message);
      return SP_CLI_EXIT_FAILURE;
    }

  if (opt_json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  if (sp_file_info_is_directory (start))
    {
      gint64 *key = g_new (gint64, 1);

      seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      *key = sp_file_info_get_lba (start);
      g_hash_table_add (seen, key);
      ok = walk (fs, start, 0, seen, builder);
    }
  else if (builder)
    add_entry_json (builder, start);
  else
    print_entry_text (start);

  if (builder)
    {
      g_autoptr(JsonNode) node = NULL;

      json_builder_end_array (builder);
      node = json_builder_get_root (builder);
      sp_cli_print_json (node);
    }
  return ok ? SP_CLI_EXIT_OK : SP_CLI_EXIT_FAILURE;
}
