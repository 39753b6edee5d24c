/* vrec-medium.c: the medium inside the emulated CD recorder
 *
 * Part of the virtual CD recorder, an emulator (test double at the
 * hardware boundary) for Spindle's tests.  This file keeps the disc: its
 * kind and status, the sessions and tracks the drive recorded, and the
 * journal of every block the host wrote.  It also answers "what would a
 * reader get at this address", which is how a real disc would play back:
 * the drive builds sync, header, EDC and ECC for data it received as user
 * data, descrambles raw-written data sectors and generates the P and Q
 * sub-channel from the layout it wrote.  State lives in files so a later
 * process (or the verifier) sees the same disc.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vrec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define LATEST_SLOTS ((size_t) (VREC_LBA_MAX - VREC_LBA_MIN + 1))

/* Every path we open goes through the real libc: this file runs inside the
 * preloaded library, whose own interposed open() only ever diverts the
 * emulated device path, never the state directory. */

static char *
path_join (const char *dir, const char *name)
{
  size_t len = strlen (dir) + strlen (name) + 2;
  char *p = malloc (len);

  if (p)
    snprintf (p, len, "%s/%s", dir, name);
  return p;
}

static void
set_error (char **error, const char *fmt, ...)
{
  va_list ap;
  char buf[512];

  if (!error)
    return;
  va_start (ap, fmt);
  vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  *error = strdup (buf);
}

static int
mkdir_p (const char *dir)
{
  char tmp[4096];
  size_t len = strlen (dir);

  if (len == 0 || len >= sizeof tmp)
    return -1;
  memcpy (tmp, dir, len + 1);
  for (char *p = tmp + 1; *p; p++)
    {
      if (*p != '/')
        continue;
      *p = 0;
      if (mkdir (tmp, 0755) < 0 && errno != EEXIST)
        return -1;
      *p = '/';
    }
  if (mkdir (tmp, 0755) < 0 && errno != EEXIST)
    return -1;
  return 0;
}

static int
write_file_atomic (const char *dir, const char *name, const void *data, size_t len)
{
  char *path = path_join (dir, name);
  char tmp_name[64];
  char *tmp;
  FILE *f;
  int ret = -1;

  /* One temporary name per process: a forked child that saves does not
   * clobber its parent's half-written file. */
  snprintf (tmp_name, sizeof tmp_name, ".tmp-%s-%d", name, (int) getpid ());
  tmp = path_join (dir, tmp_name);
  if (!path || !tmp)
    goto out;
  f = fopen (tmp, "wb");
  if (!f)
    goto out;
  if (len > 0 && fwrite (data, 1, len, f) != len)
    {
      fclose (f);
      goto out;
    }
  if (fflush (f) != 0 || fsync (fileno (f)) != 0)
    {
      fclose (f);
      goto out;
    }
  fclose (f);
  ret = rename (tmp, path);
out:
  free (path);
  free (tmp);
  return ret;
}

static uint8_t *
read_file (const char *dir, const char *name, size_t *len)
{
  char *path = path_join (dir, name);
  FILE *f = path ? fopen (path, "rb") : NULL;
  uint8_t *buf = NULL;
  size_t alloc = 0, n = 0;

  free (path);
  *len = 0;
  if (!f)
    return NULL;
  for (;;)
    {
      if (n == alloc)
        {
          size_t na = alloc ? alloc * 2 : 4096;
          uint8_t *nb = realloc (buf, na + 1);
          if (!nb)
            {
              free (buf);
              fclose (f);
              return NULL;
            }
          buf = nb;
          alloc = na;
        }
      size_t r = fread (buf + n, 1, alloc - n, f);
      n += r;
      if (r == 0)
        break;
    }
  fclose (f);
  buf[n] = 0;
  *len = n;
  return buf;
}

/* ---- data forms and block sizes (MMC SEND CUE SHEET, page 05h) ---- */

size_t
vrec_form_main_size (uint8_t form)
{
  switch (form & 0x3f)
    {
    case 0x00: return 2352;
    case 0x01: return 0;
    case 0x10: return 2048;
    case 0x11: return 2352;
    case 0x14: return 0;
    case 0x20: return 2336;
    case 0x21: return 2352;
    case 0x24: return 0;
    case 0x30: return 2336;
    case 0x31: return 2352;
    case 0x34: return 0;
    default: return 0;
    }
}

size_t
vrec_form_sub_size (uint8_t form)
{
  /* 00b: none; 01b: raw P-W; 11b: packed R-W.  10b is reserved. */
  return (form >> 6) == 0 ? 0 : 96;
}

bool
vrec_form_supported (uint8_t form)
{
  switch (form & 0x3f)
    {
    case 0x00: case 0x01:
    case 0x10: case 0x11: case 0x14:
    case 0x20: case 0x21: case 0x24:
    case 0x30: case 0x31: case 0x34:
      return (form >> 6) != 2;
    default:
      /* 12h/13h, 22h/23h, 32h/33h ask the drive to ignore the host's user
       * data; the emulated drive, like many real ones, does not offer them. */
      return false;
    }
}

bool
vrec_form_generated (uint8_t form)
{
  return vrec_form_main_size (form) == 0;
}

size_t
vrec_block_type_size (uint8_t block_type)
{
  switch (block_type)
    {
    case 0: return 2352;
    case 1: return 2368;
    case 2: return 2448;
    case 3: return 2448;
    case 8: return 2048;
    case 9: return 2336;
    case 10: return 2048;
    case 11: return 2056;
    case 12: return 2324;
    case 13: return 2332;
    default: return 0;
    }
}

/* ---- state file ---- */

static const char *
status_name (VrecDiscStatus s)
{
  switch (s)
    {
    case VREC_DISC_BLANK: return "blank";
    case VREC_DISC_INCOMPLETE: return "incomplete";
    case VREC_DISC_APPENDABLE: return "appendable";
    case VREC_DISC_COMPLETE: return "complete";
    default: return "blank";
    }
}

static VrecDiscStatus
status_from_name (const char *s)
{
  if (strcmp (s, "incomplete") == 0)
    return VREC_DISC_INCOMPLETE;
  if (strcmp (s, "appendable") == 0)
    return VREC_DISC_APPENDABLE;
  if (strcmp (s, "complete") == 0)
    return VREC_DISC_COMPLETE;
  return VREC_DISC_BLANK;
}

static const char *
kind_name (VrecMediumKind k)
{
  switch (k)
    {
    case VREC_MEDIUM_CDR: return "cdr";
    case VREC_MEDIUM_CDRW: return "cdrw";
    default: return "none";
    }
}

int
vrec_medium_save (VrecMedium *m)
{
  size_t alloc = 65536, n = 0;
  char *buf = malloc (alloc);
  int ret;

#define EMIT(...)                                                        \
  do {                                                                   \
    int w_ = snprintf (buf + n, alloc - n, __VA_ARGS__);                  \
    if (w_ < 0)                                                          \
      break;                                                             \
    if ((size_t) w_ >= alloc - n)                                        \
      {                                                                  \
        alloc = (alloc + (size_t) w_) * 2;                               \
        char *nb_ = realloc (buf, alloc);                                \
        if (!nb_)                                                        \
          { free (buf); return -1; }                                     \
        buf = nb_;                                                       \
        w_ = snprintf (buf + n, alloc - n, __VA_ARGS__);                  \
      }                                                                  \
    n += (size_t) w_;                                                    \
  } while (0)

  if (!buf)
    return -1;
  EMIT ("# virtual CD recorder (test emulator): medium state\n");
  EMIT ("kind %s\n", kind_name (m->kind));
  EMIT ("present %d\n", m->present ? 1 : 0);
  EMIT ("tray_open %d\n", m->tray_open ? 1 : 0);
  EMIT ("atip_leadin %d\n", (int) m->atip_leadin);
  EMIT ("leadout_max %d\n", (int) m->leadout_max);
  EMIT ("status %s\n", status_name (m->status));
  EMIT ("damaged %d\n", m->damaged ? 1 : 0);
  EMIT ("mcn %s\n", m->mcn[0] ? m->mcn : "-");
  for (int i = 0; i < m->n_sessions; i++)
    {
      VrecSession *s = &m->sessions[i];
      EMIT ("session %d first %d last %d leadin %d start %d leadout %d format %d closed %d\n",
            s->number, s->first_track, s->last_track, (int) s->leadin, (int) s->start,
            (int) s->leadout, s->format, s->closed ? 1 : 0);
    }
  for (int i = 0; i < m->n_tracks; i++)
    {
      VrecTrack *t = &m->tracks[i];
      EMIT ("track %d session %d ctl %d write_type %d form %d pregap_form %d pregap %d "
            "start %d end %d readable_end %d closed %d damaged %d isrc %s\n",
            t->number, t->session, t->ctl, t->write_type, t->form, t->pregap_form,
            (int) t->pregap, (int) t->start, (int) t->end, (int) t->readable_end,
            t->closed ? 1 : 0, t->damaged ? 1 : 0, t->isrc[0] ? t->isrc : "-");
      for (int j = 2; j <= t->n_index; j++)
        EMIT ("index %d %d %d\n", t->number, j, (int) t->index[j]);
    }
#undef EMIT
  ret = write_file_atomic (m->dir, "state", buf, n);
  free (buf);
  if (ret == 0)
    ret = write_file_atomic (m->dir, "cdtext.bin", m->cdtext, m->cdtext_len);
  return ret;
}

static int
load_state (VrecMedium *m, char **error)
{
  size_t len;
  char *text = (char *) read_file (m->dir, "state", &len);
  char *save = NULL;

  if (!text)
    {
      set_error (error, "cannot read %s/state: %s", m->dir, strerror (errno));
      return -1;
    }
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    {
      char word[64], str[64];
      int a, b, c, d, e, f, g, h, i, j, k, l;

      if (line[0] == '#' || sscanf (line, "%63s", word) != 1)
        continue;
      if (strcmp (word, "kind") == 0 && sscanf (line, "kind %63s", str) == 1)
        m->kind = strcmp (str, "cdr") == 0 ? VREC_MEDIUM_CDR
                : strcmp (str, "cdrw") == 0 ? VREC_MEDIUM_CDRW : VREC_MEDIUM_NONE;
      else if (sscanf (line, "present %d", &a) == 1)
        m->present = a != 0;
      else if (sscanf (line, "tray_open %d", &a) == 1)
        m->tray_open = a != 0;
      else if (sscanf (line, "atip_leadin %d", &a) == 1)
        m->atip_leadin = a;
      else if (sscanf (line, "leadout_max %d", &a) == 1)
        m->leadout_max = a;
      else if (sscanf (line, "status %63s", str) == 1)
        m->status = status_from_name (str);
      else if (sscanf (line, "damaged %d", &a) == 1)
        m->damaged = a != 0;
      else if (sscanf (line, "mcn %13s", str) == 1)
        snprintf (m->mcn, sizeof m->mcn, "%.13s", strcmp (str, "-") == 0 ? "" : str);
      else if (sscanf (line, "session %d first %d last %d leadin %d start %d leadout %d "
                       "format %d closed %d", &a, &b, &c, &d, &e, &f, &g, &h) == 8)
        {
          if (m->n_sessions >= VREC_MAX_SESSIONS)
            continue;
          VrecSession *s = &m->sessions[m->n_sessions++];
          s->number = a;
          s->first_track = b;
          s->last_track = c;
          s->leadin = d;
          s->start = e;
          s->leadout = f;
          s->format = (uint8_t) g;
          s->closed = h != 0;
        }
      else if (sscanf (line, "track %d session %d ctl %d write_type %d form %d pregap_form %d "
                       "pregap %d start %d end %d readable_end %d closed %d damaged %d isrc %63s",
                       &a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, str) == 13)
        {
          if (m->n_tracks >= VREC_MAX_TRACKS)
            continue;
          VrecTrack *t = &m->tracks[m->n_tracks++];
          memset (t, 0, sizeof *t);
          t->number = a;
          t->session = b;
          t->ctl = (uint8_t) c;
          t->write_type = (uint8_t) d;
          t->form = (uint8_t) e;
          t->pregap_form = (uint8_t) f;
          t->pregap = g;
          t->start = h;
          t->end = i;
          t->readable_end = j;
          t->closed = k != 0;
          t->damaged = l != 0;
          t->n_index = 1;
          snprintf (t->isrc, sizeof t->isrc, "%.12s", strcmp (str, "-") == 0 ? "" : str);
        }
      else if (sscanf (line, "index %d %d %d", &a, &b, &c) == 3)
        {
          for (int n = 0; n < m->n_tracks; n++)
            if (m->tracks[n].number == a && b >= 2 && b <= VREC_MAX_INDEX)
              {
                m->tracks[n].index[b] = c;
                if (b > m->tracks[n].n_index)
                  m->tracks[n].n_index = b;
              }
        }
    }
  free (text);
  free (m->cdtext);
  m->cdtext = read_file (m->dir, "cdtext.bin", &m->cdtext_len);
  return 0;
}

/* ---- settings ---- */

static void
read_config (VrecMedium *m)
{
  size_t len;
  char *text = (char *) read_file (m->dir, "config", &len);
  char *save = NULL;
  const char *env;

  m->fail_write_at = VREC_NEVER;
  m->remove_at = VREC_NEVER;
  m->write_delay_us = 0;
  m->corrupt_write_at = VREC_NEVER;
  m->unreadable_at = VREC_NEVER;
  if (text)
    {
      for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
        {
          long long v;
          if (sscanf (line, "fail_write_at=%lld", &v) == 1)
            m->fail_write_at = v;
          else if (sscanf (line, "remove_at=%lld", &v) == 1)
            m->remove_at = v;
          else if (sscanf (line, "write_delay_us=%lld", &v) == 1)
            m->write_delay_us = (unsigned) v;
          else if (sscanf (line, "corrupt_write_at=%lld", &v) == 1)
            m->corrupt_write_at = v;
          else if (sscanf (line, "unreadable_at=%lld", &v) == 1)
            m->unreadable_at = v;
        }
      free (text);
    }
  if ((env = getenv ("SPINDLE_VRECORDER_FAIL_WRITE_AT")) && *env)
    m->fail_write_at = strtoll (env, NULL, 10);
  if ((env = getenv ("SPINDLE_VRECORDER_REMOVE_AT")) && *env)
    m->remove_at = strtoll (env, NULL, 10);
  if ((env = getenv ("SPINDLE_VRECORDER_WRITE_DELAY_US")) && *env)
    m->write_delay_us = (unsigned) strtoul (env, NULL, 10);
  if ((env = getenv ("SPINDLE_VRECORDER_CORRUPT_WRITE_AT")) && *env)
    m->corrupt_write_at = strtoll (env, NULL, 10);
  if ((env = getenv ("SPINDLE_VRECORDER_UNREADABLE_AT")) && *env)
    m->unreadable_at = strtoll (env, NULL, 10);
}

static char *
config_value (const char *dir, const char *key)
{
  size_t len, klen = strlen (key);
  char *text = (char *) read_file (dir, "config", &len);
  char *save = NULL, *result = NULL;

  if (!text)
    return NULL;
  for (char *line = strtok_r (text, "\n", &save); line; line = strtok_r (NULL, "\n", &save))
    if (strncmp (line, key, klen) == 0 && line[klen] == '=')
      {
        free (result);
        result = strdup (line + klen + 1);
      }
  free (text);
  return result;
}

/* ---- journal ---- */

static int
load_journal (VrecMedium *m, char **error)
{
  char *idx_path = path_join (m->dir, "blocks.idx");
  char *bin_path = path_join (m->dir, "blocks.bin");
  struct stat st;
  int ret = -1;

  m->latest = malloc (LATEST_SLOTS * sizeof (int32_t));
  if (!m->latest || !idx_path || !bin_path)
    goto out;
  memset (m->latest, 0xff, LATEST_SLOTS * sizeof (int32_t));

  m->idx_file = fopen (idx_path, "a+b");
  m->bin_file = fopen (bin_path, "a+b");
  if (!m->idx_file || !m->bin_file)
    {
      set_error (error, "cannot open the journal in %s: %s", m->dir, strerror (errno));
      goto out;
    }
  if (fstat (fileno (m->idx_file), &st) < 0)
    goto out;
  m->n_records = (size_t) st.st_size / sizeof (VrecBlockRecord);
  m->records_alloc = m->n_records + 1024;
  m->records = malloc (m->records_alloc * sizeof (VrecBlockRecord));
  if (!m->records)
    goto out;
  rewind (m->idx_file);
  if (m->n_records > 0
      && fread (m->records, sizeof (VrecBlockRecord), m->n_records, m->idx_file) != m->n_records)
    {
      set_error (error, "short read of %s", idx_path);
      goto out;
    }
  for (size_t i = 0; i < m->n_records; i++)
    {
      int32_t lba = m->records[i].lba;
      if (lba >= VREC_LBA_MIN && lba <= VREC_LBA_MAX)
        m->latest[lba - VREC_LBA_MIN] = (int32_t) i;
    }
  if (fstat (fileno (m->bin_file), &st) < 0)
    goto out;
  m->bin_size = (uint64_t) st.st_size;
  ret = 0;
out:
  free (idx_path);
  free (bin_path);
  return ret;
}

int
vrec_medium_append_block (VrecMedium *m, const VrecBlockRecord *rec_in,
                          const uint8_t *data, size_t len)
{
  VrecBlockRecord rec = *rec_in;

  if (m->n_records == m->records_alloc)
    {
      size_t na = m->records_alloc * 2 + 1024;
      VrecBlockRecord *nr = realloc (m->records, na * sizeof (VrecBlockRecord));
      if (!nr)
        return -1;
      m->records = nr;
      m->records_alloc = na;
    }
  rec.offset = m->bin_size;
  /* Data before index: an index entry never points past the data file, so
   * a reader never sees a half-written block even if we are killed. */
  if (fseek (m->bin_file, 0, SEEK_END) != 0 || fwrite (data, 1, len, m->bin_file) != len
      || fflush (m->bin_file) != 0)
    return -1;
  if (fseek (m->idx_file, 0, SEEK_END) != 0
      || fwrite (&rec, sizeof rec, 1, m->idx_file) != 1 || fflush (m->idx_file) != 0)
    return -1;
  m->bin_size += len;
  m->records[m->n_records] = rec;
  if (rec.lba >= VREC_LBA_MIN && rec.lba <= VREC_LBA_MAX)
    m->latest[rec.lba - VREC_LBA_MIN] = (int32_t) m->n_records;
  m->n_records++;
  return 0;
}

int
vrec_medium_block_data (VrecMedium *m, const VrecBlockRecord *rec, uint8_t *buf)
{
  size_t len = (size_t) rec->main_len + rec->sub_len;

  if (fflush (m->bin_file) != 0)
    return -1;
  if (pread (fileno (m->bin_file), buf, len, (off_t) rec->offset) != (ssize_t) len)
    return -1;
  return 0;
}

const VrecBlockRecord *
vrec_medium_latest (VrecMedium *m, int32_t lba)
{
  int32_t i;

  if (lba < VREC_LBA_MIN || lba > VREC_LBA_MAX)
    return NULL;
  i = m->latest[lba - VREC_LBA_MIN];
  return i < 0 ? NULL : &m->records[i];
}

void
vrec_medium_clear (VrecMedium *m)
{
  /* Blanking a CD-RW: everything written is gone, the ATIP stays. */
  if (ftruncate (fileno (m->idx_file), 0) < 0 || ftruncate (fileno (m->bin_file), 0) < 0)
    fprintf (stderr, "vrecorder: cannot truncate the journal: %s\n", strerror (errno));
  m->n_records = 0;
  m->bin_size = 0;
  memset (m->latest, 0xff, LATEST_SLOTS * sizeof (int32_t));
  m->n_sessions = 0;
  m->n_tracks = 0;
  m->status = VREC_DISC_BLANK;
  m->damaged = false;
  m->mcn[0] = 0;
  free (m->cdtext);
  m->cdtext = NULL;
  m->cdtext_len = 0;
}

/* ---- creating a medium ---- */

static void
prewrite_cdrw (VrecMedium *m)
{
  /* A CD-RW that already holds one finalized session with a 3000-sector
   * Mode 1 track, so blanking has something to erase. */
  const int32_t length = 3000;
  uint8_t block[2048];
  VrecBlockRecord rec = { 0 };

  for (int32_t lba = -150; lba < length; lba++)
    {
      memset (block, 0, sizeof block);
      if (lba >= 0)
        for (size_t o = 0; o + 32 <= sizeof block; o += 32)
          snprintf ((char *) block + o, 32, "vrecorder prewritten %9d\n", (int) lba);
      rec.lba = lba;
      rec.write_type = VREC_WRITE_SAO;
      rec.form = 0x10;
      rec.main_len = 2048;
      rec.track = 1;
      vrec_medium_append_block (m, &rec, block, sizeof block);
    }
  m->status = VREC_DISC_COMPLETE;
  m->n_sessions = 1;
  m->sessions[0] = (VrecSession) {
    .number = 1, .first_track = 1, .last_track = 1, .leadin = m->atip_leadin,
    .start = -150, .leadout = length, .format = 0, .closed = true,
  };
  m->n_tracks = 1;
  memset (&m->tracks[0], 0, sizeof m->tracks[0]);
  m->tracks[0] = (VrecTrack) {
    .number = 1, .session = 1, .ctl = 4, .write_type = VREC_WRITE_SAO, .form = 0x10,
    .pregap_form = 0x10, .pregap = -150, .start = 0, .end = length,
    .readable_end = length, .n_index = 1, .closed = true,
  };
}

int
vrec_medium_init (const char *dir, const char *medium, int32_t capacity, char **error)
{
  VrecMedium m = { 0 };
  int ret = -1;

  if (mkdir_p (dir) < 0)
    {
      set_error (error, "cannot create %s: %s", dir, strerror (errno));
      return -1;
    }
  m.dir = strdup (dir);
  m.present = true;
  /* ATIP values of common 80-minute discs: lead-in 97:26:66 (CD-R) and
   * 97:15:35 (CD-RW), last possible lead-out 79:59:74. */
  m.kind = VREC_MEDIUM_CDR;
  m.atip_leadin = -11634;
  m.leadout_max = 359849;
  if (!medium || !*medium)
    medium = "cdr";
  if (strcmp (medium, "cdrw") == 0 || strcmp (medium, "cdrw-written") == 0)
    {
      m.kind = VREC_MEDIUM_CDRW;
      m.atip_leadin = -12490;
    }
  else if (strcmp (medium, "small") == 0)
    m.leadout_max = 2000;
  else if (strcmp (medium, "none") == 0)
    {
      m.kind = VREC_MEDIUM_NONE;
      m.present = false;
    }
  else if (strcmp (medium, "cdr") != 0)
    {
      set_error (error, "unknown medium '%s' (cdr, cdrw, cdrw-written, small, none)", medium);
      free (m.dir);
      return -1;
    }
  if (capacity > 0)
    m.leadout_max = capacity;

  /* Start from an empty journal, then describe the medium. */
  {
    char *idx = path_join (dir, "blocks.idx");
    char *bin = path_join (dir, "blocks.bin");
    if (idx)
      unlink (idx);
    if (bin)
      unlink (bin);
    free (idx);
    free (bin);
  }
  if (load_journal (&m, error) < 0)
    goto out;
  if (strcmp (medium, "cdrw-written") == 0)
    prewrite_cdrw (&m);
  if (vrec_medium_save (&m) < 0)
    {
      set_error (error, "cannot write the state of %s: %s", dir, strerror (errno));
      goto out;
    }
  ret = 0;
out:
  if (m.idx_file)
    fclose (m.idx_file);
  if (m.bin_file)
    fclose (m.bin_file);
  free (m.records);
  free (m.latest);
  free (m.cdtext);
  free (m.dir);
  return ret;
}

VrecMedium *
vrec_medium_open (const char *dir, char **error)
{
  VrecMedium *m;
  struct stat st;
  char *state_path = path_join (dir, "state");

  if (!state_path)
    return NULL;
  if (mkdir_p (dir) < 0)
    {
      set_error (error, "cannot create %s: %s", dir, strerror (errno));
      free (state_path);
      return NULL;
    }
  if (stat (state_path, &st) < 0)
    {
      /* First use of this directory: the medium comes from the environment
       * or from config, a blank 80-minute CD-R otherwise. */
      const char *env = getenv ("SPINDLE_VRECORDER_MEDIUM");
      const char *cap_env = getenv ("SPINDLE_VRECORDER_CAPACITY");
      char *medium = (env && *env) ? strdup (env) : config_value (dir, "medium");
      char *cap = (cap_env && *cap_env) ? strdup (cap_env) : config_value (dir, "capacity");
      int r = vrec_medium_init (dir, medium, cap ? (int32_t) strtol (cap, NULL, 10) : 0, error);

      free (medium);
      free (cap);
      if (r < 0)
        {
          free (state_path);
          return NULL;
        }
    }
  free (state_path);

  m = calloc (1, sizeof *m);
  if (!m)
    return NULL;
  m->dir = strdup (dir);
  if (load_state (m, error) < 0 || load_journal (m, error) < 0)
    {
      vrec_medium_free (m);
      return NULL;
    }
  read_config (m);
  return m;
}

void
vrec_medium_free (VrecMedium *m)
{
  if (!m)
    return;
  if (m->idx_file)
    fclose (m->idx_file);
  if (m->bin_file)
    fclose (m->bin_file);
  free (m->records);
  free (m->latest);
  free (m->cdtext);
  free (m->dir);
  free (m);
}

/* ---- layout queries ---- */

VrecTrack *
vrec_medium_track_at (VrecMedium *m, int32_t lba)
{
  for (int i = 0; i < m->n_tracks; i++)
    if (lba >= m->tracks[i].pregap && lba < m->tracks[i].end)
      return &m->tracks[i];
  return NULL;
}

VrecSession *
vrec_medium_session_of (VrecMedium *m, const VrecTrack *t)
{
  for (int i = 0; i < m->n_sessions; i++)
    if (m->sessions[i].number == t->session)
      return &m->sessions[i];
  return NULL;
}

int
vrec_medium_index_at (const VrecTrack *t, int32_t lba)
{
  int index = 1;

  if (lba < t->start)
    return 0;
  for (int i = 2; i <= t->n_index; i++)
    if (t->index[i] <= lba)
      index = i;
  return index;
}

int32_t
vrec_medium_next_session_start (VrecMedium *m)
{
  /* After a closed session: its lead-out (6750 sectors for the first
   * session, 2250 after), the next lead-in (4500) and the 150-sector
   * pregap (Orange Book). */
  if (m->n_sessions == 0)
    return 0;
  VrecSession *last = &m->sessions[m->n_sessions - 1];
  return last->leadout + (m->n_sessions == 1 ? 6750 : 2250) + 4500 + 150;
}

int32_t
vrec_medium_readable_end (VrecMedium *m)
{
  int32_t end = 0;

  for (int i = 0; i < m->n_sessions; i++)
    if (m->sessions[i].closed && m->sessions[i].leadout > end)
      end = m->sessions[i].leadout;
  return end;
}

/* ---- sub-channel ---- */

void
vrec_q_crc (uint8_t *q)
{
  /* CRC-16 CCITT (x^16+x^12+x^5+1) over 80 bits, stored inverted. */
  uint16_t crc = 0;

  for (int i = 0; i < 10; i++)
    {
      crc ^= (uint16_t) (q[i] << 8);
      for (int b = 0; b < 8; b++)
        crc = (uint16_t) ((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
  crc = (uint16_t) ~crc;
  q[10] = (uint8_t) (crc >> 8);
  q[11] = (uint8_t) crc;
}

void
vrec_q_position (uint8_t *q, uint8_t ctl, int tno, int index, int32_t rel, int32_t lba)
{
  int m, s, f;

  q[0] = (uint8_t) ((ctl << 4) | 1);
  q[1] = tno == 0xaa ? 0xaa : vrec_bcd (tno);
  q[2] = vrec_bcd (index);
  if (rel < 0)
    rel = -rel;
  m = rel / 4500;
  s = (rel / 75) % 60;
  f = rel % 75;
  q[3] = vrec_bcd (m);
  q[4] = vrec_bcd (s);
  q[5] = vrec_bcd (f);
  q[6] = 0;
  vrec_lba_to_msf (lba, &m, &s, &f);
  q[7] = vrec_bcd (m);
  q[8] = vrec_bcd (s);
  q[9] = vrec_bcd (f);
  vrec_q_crc (q);
}

static void
q_mcn (uint8_t *q, uint8_t ctl, const char *mcn, int32_t lba)
{
  int m, s, f;

  memset (q, 0, 12);
  q[0] = (uint8_t) ((ctl << 4) | 2);
  for (int i = 0; i < 13; i++)
    {
      int d = mcn[i] - '0';
      if (i % 2 == 0)
        q[1 + i / 2] = (uint8_t) (d << 4);
      else
        q[1 + i / 2] |= (uint8_t) d;
    }
  vrec_lba_to_msf (lba, &m, &s, &f);
  q[9] = vrec_bcd (f);
  vrec_q_crc (q);
}

static int
isrc_code (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 17;
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 17;
  return 0;
}

static void
q_isrc (uint8_t *q, uint8_t ctl, const char *isrc, int32_t lba)
{
  int m, s, f;
  uint64_t bits = 0;

  memset (q, 0, 12);
  q[0] = (uint8_t) ((ctl << 4) | 3);
  /* Five 6-bit characters, two zero bits, then seven BCD digits and four
   * zero bits: 72 bits in bytes 1..9 (Red Book / ECMA-130 §22.3.4). */
  for (int i = 0; i < 5; i++)
    bits = (bits << 6) | (uint64_t) isrc_code (isrc[i]);
  bits <<= 2;
  for (int i = 5; i < 12; i++)
    bits = (bits << 4) | (uint64_t) (isrc[i] - '0');
  bits <<= 4;
  /* 5*6 + 2 + 7*4 + 4 = 64 bits into q[1..8] */
  for (int i = 0; i < 8; i++)
    q[1 + i] = (uint8_t) (bits >> (56 - 8 * i));
  vrec_lba_to_msf (lba, &m, &s, &f);
  q[9] = vrec_bcd (f);
  vrec_q_crc (q);
}

void
vrec_subchannel_interleave (uint8_t *raw96, uint8_t p, const uint8_t *q12, const uint8_t *rw96)
{
  /* Raw P-W: byte i carries bit i of every channel, P in bit 7, Q in 6. */
  for (int i = 0; i < 96; i++)
    {
      uint8_t qbit = (uint8_t) ((q12[i / 8] >> (7 - i % 8)) & 1);
      raw96[i] = (uint8_t) ((p ? 0x80 : 0) | (qbit << 6) | (rw96 ? (rw96[i] & 0x3f) : 0));
    }
}

static void
generate_subchannel (VrecMedium *m, VrecTrack *t, int32_t lba, const uint8_t *rw, uint8_t *sub)
{
  uint8_t q[12];
  int index = vrec_medium_index_at (t, lba);
  int32_t phase = lba + 150;
  /* A mode 2/3 frame carries no position; next to an index or track
   * boundary it would leave a reader guessing where the boundary is. */
  bool inside = index > 0 && lba - 1 >= t->start && lba + 1 < t->end
                && vrec_medium_index_at (t, lba - 1) == index
                && vrec_medium_index_at (t, lba + 1) == index;

  /* Where the drive puts Q mode 2 (MCN) and mode 3 (ISRC): at least once
   * every 100 sectors, as ECMA-130 asks; the exact spot is drive-specific. */
  if (m->mcn[0] && phase % 100 == 18 && inside)
    q_mcn (q, t->ctl, m->mcn, lba);
  else if (t->isrc[0] && phase % 100 == 54 && inside)
    q_isrc (q, t->ctl, t->isrc, lba);
  else
    vrec_q_position (q, t->ctl, t->number, index, lba - t->start, lba);
  vrec_subchannel_interleave (sub, index == 0 ? 1 : 0, q, rw);
}

/* ---- reading the disc back ---- */

static void
generated_sector (uint8_t form, int32_t lba, uint8_t *main_out, VrecSectorKind *kind)
{
  uint8_t zero[2336] = { 0 };

  switch (form & 0x3f)
    {
    case 0x14:
    case 0x10:
    case 0x11:
      vrec_ecma130_mode1 (main_out, lba, zero);
      *kind = VREC_SECTOR_MODE1;
      break;
    case 0x24:
    case 0x20:
    case 0x21:
      /* Form 2 zero data, submode "form 2" in both subheader copies. */
      zero[2] = zero[6] = 0x20;
      vrec_ecma130_mode2_xa (main_out, lba, zero);
      *kind = VREC_SECTOR_MODE2_XA;
      break;
    case 0x34:
    case 0x30:
    case 0x31:
      vrec_ecma130_mode2_formless (main_out, lba, zero);
      *kind = VREC_SECTOR_MODE2;
      break;
    default:
      memset (main_out, 0, VREC_SECTOR_SIZE);
      *kind = VREC_SECTOR_AUDIO;
      break;
    }
}

static bool
decode_block (const VrecBlockRecord *rec, const uint8_t *data, uint8_t *main_out,
              const uint8_t **rw, uint8_t *sub_raw, bool *have_raw_sub,
              VrecSectorKind *kind)
{
  uint8_t buf[2336];

  *rw = NULL;
  *have_raw_sub = false;
  switch (rec->write_type)
    {
    case VREC_WRITE_SAO:
      switch (rec->form & 0x3f)
        {
        case 0x00:
          memcpy (main_out, data, 2352);
          *kind = VREC_SECTOR_AUDIO;
          break;
        case 0x10:
          vrec_ecma130_mode1 (main_out, rec->lba, data);
          *kind = VREC_SECTOR_MODE1;
          break;
        case 0x11:
          vrec_ecma130_mode1 (main_out, rec->lba, data + 16);
          *kind = VREC_SECTOR_MODE1;
          break;
        case 0x20:
          vrec_ecma130_mode2_xa (main_out, rec->lba, data);
          *kind = VREC_SECTOR_MODE2_XA;
          break;
        case 0x21:
          vrec_ecma130_mode2_xa (main_out, rec->lba, data + 16);
          *kind = VREC_SECTOR_MODE2_XA;
          break;
        case 0x30:
          vrec_ecma130_mode2_formless (main_out, rec->lba, data);
          *kind = VREC_SECTOR_MODE2;
          break;
        case 0x31:
          vrec_ecma130_mode2_formless (main_out, rec->lba, data + 16);
          *kind = VREC_SECTOR_MODE2;
          break;
        default:
          return false;
        }
      if (rec->sub_len == 96)
        *rw = data + rec->main_len;
      return true;

    case VREC_WRITE_TAO:
      switch (rec->form)
        {
        case 0:
          memcpy (main_out, data, 2352);
          *kind = vrec_ecma130_has_sync (data) ? VREC_SECTOR_RAW : VREC_SECTOR_AUDIO;
          break;
        case 8:
          vrec_ecma130_mode1 (main_out, rec->lba, data);
          *kind = VREC_SECTOR_MODE1;
          break;
        case 9:
          vrec_ecma130_mode2_formless (main_out, rec->lba, data);
          *kind = VREC_SECTOR_MODE2;
          break;
        case 10:
        case 12:
          /* The subheader comes from page 05h bytes 48-51; we kept it in
           * the record.  Both copies of the subheader are the same. */
          memset (buf, 0, sizeof buf);
          memcpy (buf, &rec->reserved, 4);
          memcpy (buf + 4, &rec->reserved, 4);
          memcpy (buf + 8, data, rec->form == 10 ? 2048 : 2324);
          if (rec->form == 10)
            buf[2] = buf[6] = (uint8_t) (buf[2] & ~0x20);
          else
            buf[2] = buf[6] = (uint8_t) (buf[2] | 0x20);
          vrec_ecma130_mode2_xa (main_out, rec->lba, buf);
          *kind = VREC_SECTOR_MODE2_XA;
          break;
        case 11:
        case 13:
          memset (buf, 0, sizeof buf);
          memcpy (buf, data, rec->form == 11 ? 2056 : 2332);
          vrec_ecma130_mode2_xa (main_out, rec->lba, buf);
          *kind = VREC_SECTOR_MODE2_XA;
          break;
        default:
          return false;
        }
      return true;

    case VREC_WRITE_RAW:
      memcpy (main_out, data, 2352);
      if (rec->form == 1)
        {
          /* P-Q 16: 12 bytes of Q, P flag in bit 7 of byte 15.  This format
           * carries the CRC not inverted (libburn's RAW16 and cdrdao's
           * PQSubChannel16 agree); the drive inverts it on the disc. */
          uint8_t q[12];
          memcpy (q, data + 2352, 12);
          q[10] ^= 0xff;
          q[11] ^= 0xff;
          vrec_subchannel_interleave (sub_raw, data[2352 + 15] & 0x80, q, NULL);
        }
      else
        memcpy (sub_raw, data + 2352, 96);
      *have_raw_sub = true;
      /* Q bit 1 is the data bit of the control nibble: such sectors were
       * scrambled by the host (ECMA-130 §14.4) and the reader undoes it. */
      if ((sub_raw[1] & 0x40) && vrec_ecma130_has_sync (main_out))
        {
          vrec_ecma130_scramble (main_out);
          *kind = VREC_SECTOR_RAW;
        }
      else
        *kind = VREC_SECTOR_AUDIO;
      return true;

    default:
      return false;
    }
}

VrecReadResult
vrec_medium_read_sector (VrecMedium *m, int32_t lba, bool force,
                         uint8_t *main_out, uint8_t *sub_out, VrecSectorKind *kind_out)
{
  VrecTrack *t = vrec_medium_track_at (m, lba);
  const VrecBlockRecord *rec = vrec_medium_latest (m, lba);
  uint8_t data[2448 + 96];
  uint8_t raw_sub[96];
  const uint8_t *rw = NULL;
  bool have_raw_sub = false;
  VrecSectorKind kind = VREC_SECTOR_AUDIO;

  if (!force)
    {
      /* A reader only finds what a closed session (or a closed track of an
       * open TAO session) points to. */
      if (!t || !(t->closed && !t->damaged))
        return VREC_READ_UNWRITTEN;
    }
  if (t && lba >= t->readable_end && lba < t->end)
    return VREC_READ_UNREADABLE;
  /* An injected bad spot: what a reader meets, not what was recorded (a
   * forced read, as the verifier's, still gets the sector). */
  if (!force && m->unreadable_at != VREC_NEVER && lba == m->unreadable_at)
    return VREC_READ_UNREADABLE;

  if (rec)
    {
      if ((size_t) rec->main_len + rec->sub_len > sizeof data
          || vrec_medium_block_data (m, rec, data) < 0
          || !decode_block (rec, data, main_out, &rw, raw_sub, &have_raw_sub, &kind))
        return VREC_READ_UNREADABLE;
    }
  else if (t && lba < t->start && vrec_form_generated (t->pregap_form))
    generated_sector (t->pregap_form, lba, main_out, &kind);
  else
    return VREC_READ_UNWRITTEN;

  if (sub_out)
    {
      if (have_raw_sub)
        memcpy (sub_out, raw_sub, 96);
      else if (t)
        generate_subchannel (m, t, lba, rw, sub_out);
      else
        memset (sub_out, 0, 96);
    }
  if (kind_out)
    *kind_out = kind;
  return VREC_READ_OK;
}
