/* sp-cli.h: what the subcommands of spindle-cli share
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sp-core.h"

G_BEGIN_DECLS

/* Exit statuses, the same for every subcommand. */
#define SP_CLI_EXIT_OK      0
#define SP_CLI_EXIT_FAILURE 1
#define SP_CLI_EXIT_USAGE   2

typedef struct
{
  const char *name;
  const char *parameter_string;
  const char *summary;
  int (*run) (int argc, char **argv);
} SpCliCommand;

GOptionContext *sp_cli_option_context_new (const SpCliCommand *command);
int             sp_cli_usage_error         (GOptionContext     *context,
                                            const char         *format,
                                            ...) G_GNUC_PRINTF (2, 3);
void            sp_cli_print_error         (const char         *format,
                                            ...) G_GNUC_PRINTF (1, 2);
SpImage        *sp_cli_open_image          (const char         *path);
void            sp_cli_print_json          (JsonNode           *node);

gboolean        sp_cli_parse_position      (SpImage            *image,
                                            const char         *text,
                                            gint64             *position,
                                            GError            **error);
char           *sp_cli_format_position     (gint64              position);

/* A progress bar on stderr when it is a terminal; nothing otherwise. */
typedef struct _SpCliProgress SpCliProgress;
SpCliProgress  *sp_cli_progress_new        (SpJob              *job);
void            sp_cli_progress_free       (SpCliProgress      *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCliProgress, sp_cli_progress_free)

/* Runs @loop until @done is set, cancelling @cancellable on Ctrl-C. */
void            sp_cli_run_until           (gboolean           *done,
                                            GCancellable       *cancellable);

int sp_cli_info   (int argc, char **argv);
int sp_cli_verify (int argc, char **argv);
int sp_cli_dump   (int argc, char **argv);
int sp_cli_ls       (int argc, char **argv);
int sp_cli_extract  (int argc, char **argv);
int sp_cli_convert  (int argc, char **argv);
int sp_cli_checksum (int argc, char **argv);
int sp_cli_drives   (int argc, char **argv);
int sp_cli_burn     (int argc, char **argv);

/* Shared by ls, extract and convert (sp-cli-ls.c). */
SpTrack        *sp_cli_find_track          (SpImage            *image,
                                            int                 number);
SpFilesystem   *sp_cli_open_filesystem     (SpImage            *image,
                                            int                 track_number,
                                            const char         *type);
gboolean        sp_cli_check_filesystem_option (const char     *type);

extern const SpCliCommand sp_cli_info_command;
extern const SpCliCommand sp_cli_verify_command;
extern const SpCliCommand sp_cli_dump_command;
extern const SpCliCommand sp_cli_ls_command;
extern const SpCliCommand sp_cli_extract_command;
extern const SpCliCommand sp_cli_convert_command;
extern const SpCliCommand sp_cli_checksum_command;
extern const SpCliCommand sp_cli_drives_command;
extern const SpCliCommand sp_cli_burn_command;

G_END_DECLS
