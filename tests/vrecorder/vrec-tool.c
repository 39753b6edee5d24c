/* vrec-tool.c: prepare and inspect the virtual CD recorder's medium
 *
 * Companion of the virtual CD recorder (an emulator, a test double at the
 * hardware boundary; see README.md).  Tests use it to put a medium in the
 * emulated drive, to read the disc back exactly as the drive would report
 * it (the drive's own sector encoder builds what the host sent as user
 * data), and to check EDC/ECC of raw sectors with that same encoder.
 *
 *   vrec-tool init DIR [MEDIUM [CAPACITY]]   MEDIUM: cdr cdrw cdrw-written small none
 *   vrec-tool insert DIR                     put a removed medium back
 *   vrec-tool status DIR                     sessions, tracks, indices
 *   vrec-tool read DIR FIRST COUNT [force]   disc content, one record per sector
 *   vrec-tool check-edc FILE [FIRST_LBA]     EDC/ECC of each 2352-byte sector
 *
 * "read" writes COUNT records of 2452 bytes to stdout: 2352 bytes of main
 * channel, 96 bytes of raw P-W sub-channel, a result byte (0 read, 1 never
 * written, 2 unreadable), a sector kind byte and two zero bytes.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vrec.h"

#include <stdlib.h>
#include <string.h>

static int
usage (void)
{
  fprintf (stderr,
           "usage: vrec-tool init DIR [MEDIUM [CAPACITY]]\n"
           "       vrec-tool insert DIR\n"
           "       vrec-tool status DIR\n"
           "       vrec-tool read DIR FIRST COUNT [force]\n"
           "       vrec-tool check-edc FILE [FIRST_LBA]\n");
  return 2;
}

static VrecMedium *
open_medium (const char *dir)
{
  char *error = NULL;
  VrecMedium *m = vrec_medium_open (dir, &error);

  if (!m)
    {
      fprintf (stderr, "vrec-tool: %s\n", error ? error : "cannot open the medium");
      free (error);
    }
  return m;
}

static int
cmd_status (const char *dir)
{
  static const char *status_names[] = { "blank", "incomplete", "appendable", "complete" };
  VrecMedium *m = open_medium (dir);

  if (!m)
    return 1;
  printf ("medium %s present %d tray_open %d status %s damaged %d\n",
          m->kind == VREC_MEDIUM_CDR ? "cdr" : m->kind == VREC_MEDIUM_CDRW ? "cdrw" : "none",
          m->present, m->tray_open, status_names[m->status], m->damaged);
  printf ("atip_leadin %d leadout_max %d blocks_written %zu mcn %s cdtext_packs %zu\n",
          (int) m->atip_leadin, (int) m->leadout_max, m->n_records, m->mcn[0] ? m->mcn : "-",
          m->cdtext_len / 18);
  for (int i = 0; i < m->n_sessions; i++)
    {
      VrecSession *s = &m->sessions[i];
      printf ("session %d tracks %d-%d leadin %d start %d leadout %d format 0x%02x closed %d\n",
              s->number, s->first_track, s->last_track, (int) s->leadin, (int) s->start,
              (int) s->leadout, s->format, s->closed);
    }
  for (int i = 0; i < m->n_tracks; i++)
    {
      VrecTrack *t = &m->tracks[i];
      printf ("track %d session %d ctl %d write_type %d form 0x%02x pregap %d start %d end %d "
              "readable_end %d closed %d damaged %d isrc %s",
              t->number, t->session, t->ctl, t->write_type, t->form, (int) t->pregap,
              (int) t->start, (int) t->end, (int) t->readable_end, t->closed, t->damaged,
              t->isrc[0] ? t->isrc : "-");
      for (int j = 2; j <= t->n_index; j++)
        printf (" index%d %d", j, (int) t->index[j]);
      printf ("\n");
    }
  vrec_medium_free (m);
  return 0;
}

static int
cmd_read (const char *dir, int32_t first, int32_t count, bool force)
{
  VrecMedium *m = open_medium (dir);
  uint8_t rec[2452];

  if (!m)
    return 1;
  for (int32_t i = 0; i < count; i++)
    {
      VrecSectorKind kind = VREC_SECTOR_AUDIO;
      memset (rec, 0, sizeof rec);
      VrecReadResult r = vrec_medium_read_sector (m, first + i, force, rec, rec + 2352, &kind);
      rec[2448] = (uint8_t) r;
      rec[2449] = (uint8_t) kind;
      if (fwrite (rec, sizeof rec, 1, stdout) != 1)
        {
          vrec_medium_free (m);
          return 1;
        }
    }
  vrec_medium_free (m);
  return 0;
}

static int
cmd_check_edc (const char *file, int32_t first)
{
  FILE *f = fopen (file, "rb");
  uint8_t s[VREC_SECTOR_SIZE];
  long n = 0, data = 0, bad = 0;

  if (!f)
    {
      perror (file);
      return 1;
    }
  while (fread (s, sizeof s, 1, f) == 1)
    {
      bool edc, ecc;
      if (vrec_ecma130_has_sync (s) && (s[15] == 1 || s[15] == 2))
        {
          data++;
          if (!vrec_ecma130_check (s, &edc, &ecc))
            {
              bad++;
              printf ("bad %ld mode %d edc %s ecc %s\n", (long) first + n, s[15],
                      edc ? "ok" : "wrong", ecc ? "ok" : "wrong");
            }
        }
      n++;
    }
  fclose (f);
  printf ("sectors %ld data %ld bad %ld\n", n, data, bad);
  return bad ? 1 : 0;
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    return usage ();
  if (strcmp (argv[1], "init") == 0)
    {
      char *error = NULL;
      if (vrec_medium_init (argv[2], argc > 3 ? argv[3] : "cdr",
                            argc > 4 ? (int32_t) strtol (argv[4], NULL, 10) : 0, &error) < 0)
        {
          fprintf (stderr, "vrec-tool: %s\n", error ? error : "init failed");
          free (error);
          return 1;
        }
      return 0;
    }
  if (strcmp (argv[1], "insert") == 0)
    {
      VrecMedium *m = open_medium (argv[2]);
      if (!m)
        return 1;
      m->present = true;
      m->tray_open = false;
      int r = vrec_medium_save (m) < 0;
      vrec_medium_free (m);
      return r;
    }
  if (strcmp (argv[1], "status") == 0)
    return cmd_status (argv[2]);
  if (strcmp (argv[1], "read") == 0 && argc >= 5)
    return cmd_read (argv[2], (int32_t) strtol (argv[3], NULL, 10),
                     (int32_t) strtol (argv[4], NULL, 10), argc > 5 && !strcmp (argv[5], "force"));
  if (strcmp (argv[1], "check-edc") == 0)
    return cmd_check_edc (argv[2], argc > 3 ? (int32_t) strtol (argv[3], NULL, 10) : 0);
  return usage ();
}
