/* bench-sector.c: single-core throughput of EDC, ECC and the whole check
 * per sector kind, in MB/s of raw sectors. Not a test: prints figures.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sp-core.h"

/* One verify chunk (256 sectors, 600 KB: in L2), checked REPEAT times. */
#define CHUNK 256
#define REPEAT 80
#define N (CHUNK * REPEAT)

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
report (const char *what,
        double      seconds)
{
  printf ("%-34s %8.0f MB/s  %6.0f ns/sector\n", what, N * 2352.0 / seconds / 1e6, seconds / N * 1e9);
}

int
main (void)
{
  guint8 *sectors = g_malloc ((gsize) CHUNK * 2352);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 data[2336];
  volatile guint32 sink = 0;
  double t;

  printf ("EDC/ECC implementation: %s\n", sp_edc_ecc_implementation ());

  for (guint kind = 0; kind < 3; kind++)
    {
      const char *name = kind == 0 ? "Mode 1" : kind == 1 ? "Mode 2 Form 1" : "Mode 2 Form 2";
      char label[64];

      for (guint i = 0; i < CHUNK; i++)
        {
          for (guint j = 0; j < sizeof data; j++)
            data[j] = (guint8) g_rand_int (rand);
          if (kind == 0)
            sp_sector_encode_mode1 (sectors + (gsize) i * 2352, i, data);
          else if (kind == 1)
            sp_sector_encode_form1 (sectors + (gsize) i * 2352, i, NULL, data);
          else
            sp_sector_encode_form2 (sectors + (gsize) i * 2352, i, NULL, data);
        }

      t = now ();
      for (guint i = 0; i < N; i++)
        g_assert (sp_sector_check (sectors + (gsize) (i % CHUNK) * 2352, i % CHUNK) == SP_SECTOR_ERROR_NONE);
      g_snprintf (label, sizeof label, "%s: full check", name);
      report (label, now () - t);
    }

  t = now ();
  for (guint i = 0; i < N; i++)
    sink ^= sp_edc_compute (sectors + (gsize) (i % CHUNK) * 2352, 2064);
  report ("EDC alone (2064 bytes)", now () - t);

  t = now ();
  for (guint i = 0; i < N; i++)
    {
      gboolean p, q;
      sp_ecc_check (sectors + (gsize) (i % CHUNK) * 2352, FALSE, &p, &q);
      sink ^= p + q;
    }
  report ("ECC P+Q check alone", now () - t);

  t = now ();
  for (guint i = 0; i < N / 10; i++)
    {
      guint8 p[172], q[104];
      sp_ecc_compute_reference (sectors + (gsize) (i % CHUNK) * 2352, FALSE, p, q);
      sink ^= p[0];
    }
  report ("ECC reference (scalar), x10 scaled", (now () - t) * 10);

  g_free (sectors);
  return sink == 12345678 ? 1 : 0;
}
