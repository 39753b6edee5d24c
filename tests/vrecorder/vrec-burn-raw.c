/* vrec-burn-raw.c: burn audio tracks in libburn's RAW96R mode
 *
 * Test helper for the virtual CD recorder (an emulator, see README.md):
 * cdrskin never probes the drive's raw write modes, so it cannot reach
 * libburn's RAW96R path.  This drives that path through libburn's public
 * API, as a burn layer would: probe the write modes, then write 2448-byte
 * blocks (main channel + raw P-W sub-channel made by libburn) from the
 * lead-in through the lead-out.
 *
 *   vrec-burn-raw DEVICE MCN FILE[:ISRC] ...   (raw little-endian CD audio)
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <libburn/libburn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct burn_drive_info *infos = NULL;
  struct burn_drive *drive;
  struct burn_disc *disc;
  struct burn_session *session;
  struct burn_write_opts *opts;
  struct burn_progress progress;
  int ret = 1;

  if (argc < 4)
    {
      fprintf (stderr, "usage: vrec-burn-raw DEVICE MCN FILE[:ISRC] ...\n");
      return 2;
    }
  if (!burn_initialize ())
    return 1;
  burn_msgs_set_severities ((char *) "NEVER", (char *) "SORRY", (char *) "vrec-burn-raw: ");
  if (burn_drive_scan_and_grab (&infos, argv[1], 1) != 1)
    {
      fprintf (stderr, "vrec-burn-raw: cannot grab %s\n", argv[1]);
      goto out;
    }
  drive = infos[0].drive;
  /* Raw block types stay unknown to libburn until it probes them. */
  burn_drive_probe_cd_write_modes (&infos[0]);
  if (!(infos[0].raw_block_types & BURN_BLOCK_RAW96R))
    {
      fprintf (stderr, "vrec-burn-raw: the drive does not offer RAW96R\n");
      goto release;
    }

  disc = burn_disc_create ();
  session = burn_session_create ();
  burn_disc_add_session (disc, session, BURN_POS_END);
  for (int i = 3; i < argc; i++)
    {
      char *path = strdup (argv[i]), *isrc = strchr (path, ':');
      struct burn_track *track = burn_track_create ();
      struct burn_source *src;

      if (isrc)
        *isrc++ = 0;
      burn_track_define_data (track, 0, 0, 1, BURN_AUDIO);
      src = burn_file_source_new (path, NULL);
      if (!src || burn_track_set_source (track, src) != BURN_SOURCE_OK)
        {
          fprintf (stderr, "vrec-burn-raw: cannot read %s\n", path);
          goto release;
        }
      burn_source_free (src);
      if (isrc && strlen (isrc) == 12)
        {
          char country[3] = { isrc[0], isrc[1], 0 }, owner[4] = { isrc[2], isrc[3], isrc[4], 0 };
          unsigned char year = (unsigned char) ((isrc[5] - '0') * 10 + (isrc[6] - '0'));
          burn_track_set_isrc (track, country, owner, year, (unsigned int) atoi (isrc + 7));
        }
      burn_session_add_track (session, track, BURN_POS_END);
      burn_track_free (track);
      free (path);
    }

  opts = burn_write_opts_new (drive);
  if (!burn_write_opts_set_write_type (opts, BURN_WRITE_RAW, BURN_BLOCK_RAW96R))
    {
      fprintf (stderr, "vrec-burn-raw: RAW96R refused\n");
      goto release;
    }
  burn_write_opts_set_force (opts, 1);
  if (strcmp (argv[2], "-") != 0)
    {
      burn_write_opts_set_mediacatalog (opts, (unsigned char *) argv[2]);
      burn_write_opts_set_has_mediacatalog (opts, 1);
    }
  burn_write_opts_set_perform_opc (opts, 0);
  burn_disc_write (opts, disc);
  while (burn_drive_get_status (drive, &progress) != BURN_DRIVE_IDLE)
    usleep (100000);
  ret = burn_drive_wrote_well (drive) ? 0 : 1;
  burn_write_opts_free (opts);
  burn_disc_free (disc);
release:
  burn_drive_release (drive, 0);
out:
  burn_finish ();
  return ret;
}
