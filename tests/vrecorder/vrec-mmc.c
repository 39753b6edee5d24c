/* vrec-mmc.c: the MMC command set of the emulated CD recorder
 *
 * Part of the virtual CD recorder, an emulator (test double at the
 * hardware boundary) for Spindle's tests.  It answers the SCSI/MMC
 * commands libburn and cdrdao send to a CD-R/RW recorder, and it is strict
 * where real drives are: a write at any address but the next writable one,
 * a transfer whose size does not match the block size of the mode page or
 * cue sheet, a malformed cue sheet or mode page, or an unknown command all
 * end in CHECK CONDITION with the sense a drive would report.  A burn that
 * only passed because the emulator was lenient would prove nothing.
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "vrec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_BYTES (2 * 1024 * 1024)  /* the drive buffer we report */
#define MAX_CUE_ENTRIES 512

/* Sense keys and additional sense codes used below (SPC-3, MMC-5 Annex F). */
enum
{
  KEY_NOT_READY = 0x2,
  KEY_MEDIUM_ERROR = 0x3,
  KEY_ILLEGAL_REQUEST = 0x5,
};

typedef struct
{
  uint8_t adr;
  uint8_t ctl;
  uint8_t tno;
  uint8_t index;
  uint8_t form;
  uint8_t scms;
  int32_t lba;
} CueEntry;

struct VrecDrive
{
  char *dir;
  VrecMedium *m;
  FILE *log;
  unsigned long seq;

  uint8_t sense[18];
  bool have_sense;

  uint8_t page01[12];
  uint8_t page05[2 + 0x32];
  uint16_t read_speed;
  uint16_t write_speed;
  bool prevent;

  /* SAO: the cue sheet in effect and how far the host has got */
  bool cue_valid;
  CueEntry cue[MAX_CUE_ENTRIES];
  int n_cue;
  int32_t sao_leadin;       /* first lead-in block the host must send, or S */
  int32_t sao_start;        /* program area start S (track 1 index 0) */
  int32_t sao_leadout;
  int32_t sao_next;
  bool sao_started;
  bool sao_failed;
  VrecSession cue_session;
  VrecTrack cue_tracks[VREC_MAX_TRACKS];
  int n_cue_tracks;
  char cue_mcn[14];

  /* TAO: the track being written */
  bool tao_open;
  int32_t tao_next;
  bool tao_failed;

  /* RAW */
  bool raw_started;
  int32_t raw_next;
  bool raw_failed;

  bool simulating;          /* test write: checked, never recorded */
};

/* ---- helpers ---- */

static void
put16 (uint8_t *p, unsigned v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) (v >> 24);
  p[1] = (uint8_t) (v >> 16);
  p[2] = (uint8_t) (v >> 8);
  p[3] = (uint8_t) v;
}

static unsigned
get16 (const uint8_t *p)
{
  return (unsigned) (p[0] << 8 | p[1]);
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* Binary (not BCD) MSF as MMC returns it. */
static void
put_msf (uint8_t *p, int32_t lba)
{
  int m, s, f;

  vrec_lba_to_msf (lba, &m, &s, &f);
  p[0] = (uint8_t) m;
  p[1] = (uint8_t) s;
  p[2] = (uint8_t) f;
}

static int32_t
msf_lba (const uint8_t *p)
{
  return vrec_msf_to_lba (p[0], p[1], p[2]);
}

static void
logf_ (VrecDrive *d, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

static void
logf_ (VrecDrive *d, const char *fmt, ...)
{
  va_list ap;

  if (!d->log)
    return;
  va_start (ap, fmt);
  vfprintf (d->log, fmt, ap);
  va_end (ap);
  fflush (d->log);
}

static void
log_hex (VrecDrive *d, const char *label, const uint8_t *p, size_t n)
{
  if (!d->log)
    return;
  fprintf (d->log, "  %s (%zu):", label, n);
  for (size_t i = 0; i < n; i++)
    fprintf (d->log, "%s%02x", (i % 32 == 0 && i) ? "\n    " : " ", p[i]);
  fprintf (d->log, "\n");
}

static void
check_info (VrecCommand *c, int key, int asc, int ascq, bool info_valid, uint32_t info)
{
  memset (c->sense, 0, sizeof c->sense);
  c->sense[0] = (uint8_t) (0x70 | (info_valid ? 0x80 : 0));
  c->sense[2] = (uint8_t) key;
  if (info_valid)
    put32 (c->sense + 3, info);
  c->sense[7] = 10;
  c->sense[12] = (uint8_t) asc;
  c->sense[13] = (uint8_t) ascq;
  c->status = 2;
}

static void
check (VrecCommand *c, int key, int asc, int ascq)
{
  check_info (c, key, asc, ascq, false, 0);
}

static void
invalid_cdb (VrecCommand *c)
{
  check (c, KEY_ILLEGAL_REQUEST, 0x24, 0x00);
}

static void
invalid_param (VrecCommand *c)
{
  check (c, KEY_ILLEGAL_REQUEST, 0x26, 0x00);
}

static void
sequence_error (VrecCommand *c)
{
  check (c, KEY_ILLEGAL_REQUEST, 0x2c, 0x00);
}

/* Data-in: hand back at most what the host allocated and what it offered. */
static void
reply (VrecCommand *c, const uint8_t *buf, size_t len, size_t alloc)
{
  size_t n = len;

  if (n > alloc)
    n = alloc;
  if (n > c->data_len)
    n = c->data_len;
  if (c->direction != 1)
    n = 0;
  if (n)
    memcpy (c->data, buf, n);
  c->transferred = n;
}

static bool
need_medium (VrecDrive *d, VrecCommand *c)
{
  if (d->m->tray_open)
    {
      check (c, KEY_NOT_READY, 0x3a, 0x02);
      return false;
    }
  if (!d->m->present || d->m->kind == VREC_MEDIUM_NONE)
    {
      check (c, KEY_NOT_READY, 0x3a, 0x00);
      return false;
    }
  return true;
}

static void
save (VrecDrive *d)
{
  if (vrec_medium_save (d->m) < 0)
    logf_ (d, "  ! cannot save the medium state: %s\n", strerror (errno));
}

static uint8_t
write_type (VrecDrive *d)
{
  return d->page05[2] & 0x0f;
}

static uint8_t
block_type (VrecDrive *d)
{
  return d->page05[4] & 0x0f;
}

static uint8_t
track_mode (VrecDrive *d)
{
  return d->page05[3] & 0x0f;
}

static int
multi_session (VrecDrive *d)
{
  return d->page05[3] >> 6;
}

static bool
disc_writable (VrecMedium *m)
{
  return !m->damaged && (m->status == VREC_DISC_BLANK || m->status == VREC_DISC_APPENDABLE
                         || m->status == VREC_DISC_INCOMPLETE);
}

/* Where the next session's program area starts (track 1 index 0 is at
 * start - 150 for the first session: LBA -150). */
static int32_t
next_program_start (VrecMedium *m)
{
  if (m->n_sessions == 0)
    return 0;
  return vrec_medium_next_session_start (m);
}

static int32_t
next_session_leadin (VrecMedium *m)
{
  if (m->n_sessions == 0)
    return m->atip_leadin;
  return next_program_start (m) - 150 - 4500;
}

static VrecSession *
open_session (VrecMedium *m)
{
  if (m->n_sessions > 0 && !m->sessions[m->n_sessions - 1].closed)
    return &m->sessions[m->n_sessions - 1];
  return NULL;
}

static VrecTrack *
last_track (VrecMedium *m)
{
  return m->n_tracks > 0 ? &m->tracks[m->n_tracks - 1] : NULL;
}

static void
reset_write_state (VrecDrive *d)
{
  d->cue_valid = false;
  d->sao_started = false;
  d->sao_failed = false;
  d->tao_open = false;
  d->tao_failed = false;
  d->raw_started = false;
  d->raw_failed = false;
}

static void
default_pages (VrecDrive *d)
{
  memset (d->page01, 0, sizeof d->page01);
  d->page01[0] = 0x01;
  d->page01[1] = 0x0a;
  d->page01[3] = 8;           /* read retry count */

  memset (d->page05, 0, sizeof d->page05);
  d->page05[0] = 0x05;
  d->page05[1] = 0x32;
  d->page05[2] = 0x40 | VREC_WRITE_TAO;   /* BUFE, TAO */
  d->page05[3] = 0x04;                    /* data track, uninterrupted */
  d->page05[4] = 8;                       /* Mode 1, 2048 bytes */
  d->page05[14] = 0;
  d->page05[15] = 150;                    /* audio pause length */
}

/* ---- creation ---- */

VrecDrive *
vrec_drive_new (const char *dir, FILE *log)
{
  VrecDrive *d = calloc (1, sizeof *d);
  char *error = NULL;

  if (!d)
    return NULL;
  d->dir = strdup (dir);
  d->log = log;
  d->m = vrec_medium_open (dir, &error);
  if (!d->m)
    {
      fprintf (stderr, "vrecorder: %s\n", error ? error : "cannot open the medium");
      free (error);
      free (d->dir);
      free (d);
      return NULL;
    }
  d->read_speed = 7056;
  d->write_speed = 8467;
  default_pages (d);
  return d;
}

void
vrec_drive_free (VrecDrive *d)
{
  if (!d)
    return;
  vrec_medium_free (d->m);
  free (d->dir);
  free (d);
}

void
vrec_drive_set_log (VrecDrive *d, FILE *log)
{
  d->log = log;
}

VrecMedium *
vrec_drive_medium (VrecDrive *d)
{
  return d->m;
}

int
vrec_drive_cdrom_status (VrecDrive *d)
{
  /* <linux/cdrom.h>: CDS_NO_DISC 1, CDS_TRAY_OPEN 2, CDS_DISC_OK 4 */
  if (d->m->tray_open)
    return 2;
  if (!d->m->present || d->m->kind == VREC_MEDIUM_NONE)
    return 1;
  return 4;
}

/* ---- INQUIRY, TEST UNIT READY, REQUEST SENSE, START STOP, PREVENT ---- */

static void
cmd_inquiry (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[96] = { 0 };
  unsigned alloc = get16 (c->cdb + 3);

  if (c->cdb[1] & 1)
    {
      if (c->cdb[2] == 0x00)
        {
          uint8_t vpd[6] = { 0x05, 0x00, 0x00, 0x02, 0x00, 0x80 };
          reply (c, vpd, sizeof vpd, alloc);
        }
      else if (c->cdb[2] == 0x80)
        {
          uint8_t vpd[12] = { 0x05, 0x80, 0x00, 8, 'V', 'R', 'E', 'C', '0', '0', '0', '1' };
          reply (c, vpd, sizeof vpd, alloc);
        }
      else
        invalid_cdb (c);
      return;
    }
  if (c->cdb[2] != 0)
    {
      invalid_cdb (c);
      return;
    }
  buf[0] = 0x05;              /* peripheral device type: CD/DVD */
  buf[1] = 0x80;              /* removable */
  buf[2] = 0x05;              /* SPC-3 */
  buf[3] = 0x02;              /* response data format */
  buf[4] = 36 - 5;
  memcpy (buf + 8, "SPINDLE ", 8);
  memcpy (buf + 16, "VIRTUAL CD-RW   ", 16);
  memcpy (buf + 32, "0001", 4);
  reply (c, buf, 36, alloc);
}

static void
cmd_test_unit_ready (VrecDrive *d, VrecCommand *c)
{
  need_medium (d, c);
}

static void
cmd_request_sense (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[18] = { 0x70, 0, 0, 0, 0, 0, 0, 10 };

  if (d->have_sense)
    memcpy (buf, d->sense, sizeof buf);
  d->have_sense = false;
  reply (c, buf, sizeof buf, c->cdb[4]);
}

static void
cmd_start_stop (VrecDrive *d, VrecCommand *c)
{
  bool loej = c->cdb[4] & 2, start = c->cdb[4] & 1;

  if (!loej)
    return;
  if (!start)
    {
      if (d->prevent)
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x53, 0x02);
          return;
        }
      d->m->tray_open = true;
      reset_write_state (d);
    }
  else
    d->m->tray_open = false;
  save (d);
}

static void
cmd_prevent_allow (VrecDrive *d, VrecCommand *c)
{
  d->prevent = c->cdb[4] & 1;
}

/* ---- GET CONFIGURATION ---- */

static size_t
feature (uint8_t *p, unsigned code, bool current, uint8_t version, const uint8_t *data,
         size_t len)
{
  put16 (p, code);
  p[2] = (uint8_t) ((version << 2) | 0x02 | (current ? 1 : 0));   /* persistent */
  p[3] = (uint8_t) len;
  if (len)
    memcpy (p + 4, data, len);
  return 4 + len;
}

static unsigned
current_profile (VrecDrive *d)
{
  VrecMedium *m = d->m;

  if (!m->present || m->tray_open || m->kind == VREC_MEDIUM_NONE)
    return 0;
  return m->kind == VREC_MEDIUM_CDRW ? 0x000a : 0x0009;
}

static void
cmd_get_configuration (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[1024] = { 0 };
  uint8_t feat[64][64];
  size_t feat_len[64];
  unsigned feat_code[64];
  bool feat_cur[64];
  int n = 0;
  unsigned rt = c->cdb[1] & 3, start = get16 (c->cdb + 2), alloc = get16 (c->cdb + 7);
  unsigned profile = current_profile (d);
  bool has_medium = profile != 0;
  bool writable = has_medium && disc_writable (d->m) && d->m->status != VREC_DISC_COMPLETE;
  bool readable = has_medium && vrec_medium_readable_end (d->m) > 0;
  size_t pos = 8;

  if (rt == 3)
    {
      invalid_cdb (c);
      return;
    }

#define ADD(code, cur, ver, ...)                                           \
  do {                                                                     \
    const uint8_t data_[] = { __VA_ARGS__ };                               \
    feat_code[n] = code;                                                   \
    feat_cur[n] = cur;                                                     \
    feat_len[n] = feature (feat[n], code, cur, ver, data_, sizeof data_);  \
    n++;                                                                   \
  } while (0)

  {
    /* Profile list: CD-RW, CD-R, CD-ROM */
    uint8_t pl[12] = { 0x00, 0x0a, profile == 0x0a, 0, 0x00, 0x09, profile == 0x09, 0,
                       0x00, 0x08, 0, 0 };
    feat_code[n] = 0x0000;
    feat_cur[n] = true;
    feat_len[n] = feature (feat[n], 0x0000, true, 0, pl, sizeof pl);
    n++;
  }
  ADD (0x0001, true, 2, 0, 0, 0, 1, 0x01, 0, 0, 0);          /* Core: SCSI, DBE */
  ADD (0x0002, true, 1, 0x02, 0, 0, 0);                       /* Morphing: OCEvent */
  ADD (0x0003, true, 0, 0x29, 0, 0, 0);                       /* Removable: tray, eject, lock */
  ADD (0x0010, readable, 0, 0, 0, 0x08, 0x00, 0, 1, 0, 0);   /* Random readable, 2048 */
  ADD (0x001d, true, 0);                                      /* Multi-read */
  ADD (0x001e, has_medium, 2, 0x03, 0, 0, 0);                 /* CD read: C2, CD-TEXT */
  /* CD Track at Once: BUF, test write, CD-RW, data block types 0, 8-13 */
  ADD (0x002d, writable, 2, 0x46, 0, 0x3f, 0x01);
  /* CD Mastering: BUF, SAO, raw multi-session, raw, test write, CD-RW,
   * R-W; maximum cue sheet length 4096 */
  ADD (0x002e, writable, 0, 0x7e, 0x00, 0x10, 0x00);
  ADD (0x0100, true, 0);                                      /* Power management */
  ADD (0x0105, true, 0);                                      /* Timeout */
  ADD (0x0107, true, 3, 0x0a, 0, 0, 0);                       /* RT streaming: CD speed, WSPD */
  ADD (0x0108, true, 0, 'V', 'R', 'E', 'C', '0', '0', '0', '1');  /* serial number */
#undef ADD

  for (int i = 0; i < n; i++)
    {
      if (feat_code[i] < start)
        continue;
      if (rt == 1 && !feat_cur[i])
        continue;
      if (rt == 2 && feat_code[i] != start)
        continue;
      memcpy (buf + pos, feat[i], feat_len[i]);
      pos += feat_len[i];
    }
  put32 (buf, (uint32_t) (pos - 4));
  put16 (buf + 6, profile);
  reply (c, buf, pos, alloc);
}

/* ---- MODE SENSE / MODE SELECT ---- */

static size_t
page_2a (VrecDrive *d, uint8_t *p, bool changeable)
{
  static const uint16_t speeds[] = { 8467, 7056, 5645, 4234, 2822, 1411, 706 };
  size_t n = sizeof speeds / sizeof speeds[0];
  size_t len = 32 + 4 * n;

  memset (p, 0, len);
  p[0] = 0x2a;
  p[1] = (uint8_t) (len - 2);
  if (changeable)
    return len;
  p[2] = 0x07;                /* reads CD-R, CD-RW, method 2 */
  p[3] = 0x07;                /* writes CD-R, CD-RW, test write */
  p[4] = 0xf1;                /* BUF, multi-session, form 2, form 1, audio play */
  p[5] = 0x77;                /* UPC, ISRC, C2, R-W de-interleaved, R-W, accurate CD-DA, CD-DA */
  p[6] = 0x29;                /* tray, eject, lock */
  put16 (p + 8, 7056);        /* max read speed (obsolete field) */
  put16 (p + 10, 256);
  put16 (p + 12, BUFFER_BYTES / 1024);
  put16 (p + 14, d->read_speed);
  put16 (p + 18, 8467);       /* max write speed (obsolete field) */
  put16 (p + 20, d->write_speed);
  put16 (p + 28, d->write_speed);
  put16 (p + 30, (unsigned) n);
  for (size_t i = 0; i < n; i++)
    put16 (p + 32 + 4 * i + 2, speeds[i]);
  return len;
}

static size_t
mode_page (VrecDrive *d, int code, int pc, uint8_t *p)
{
  switch (code)
    {
    case 0x01:
      memcpy (p, d->page01, sizeof d->page01);
      if (pc == 1)
        {
          /* only the error recovery flags and the read retry count */
          memset (p + 2, 0, sizeof d->page01 - 2);
          p[2] = 0xff;
          p[3] = 0xff;
        }
      return sizeof d->page01;
    case 0x05:
      if (pc == 2)
        {
          VrecDrive tmp;
          default_pages (&tmp);
          memcpy (p, tmp.page05, sizeof tmp.page05);
        }
      else if (pc == 1)
        {
          /* everything but the page code/length can be changed */
          memset (p, 0xff, sizeof d->page05);
          p[0] = 0x05;
          p[1] = 0x32;
        }
      else
        memcpy (p, d->page05, sizeof d->page05);
      return sizeof d->page05;
    case 0x2a:
      return page_2a (d, p, pc == 1);
    default:
      return 0;
    }
}

static void
cmd_mode_sense (VrecDrive *d, VrecCommand *c, bool ten)
{
  uint8_t buf[1024] = { 0 };
  int code = c->cdb[2] & 0x3f, pc = c->cdb[2] >> 6;
  size_t hdr = ten ? 8 : 4, pos = hdr;
  unsigned alloc = ten ? get16 (c->cdb + 7) : c->cdb[4];

  if (pc == 3)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x39, 0x00);   /* saving not supported */
      return;
    }
  if (code == 0x3f)
    {
      pos += mode_page (d, 0x01, pc, buf + pos);
      pos += mode_page (d, 0x05, pc, buf + pos);
      pos += mode_page (d, 0x2a, pc, buf + pos);
    }
  else
    {
      size_t n = mode_page (d, code, pc, buf + pos);
      if (n == 0)
        {
          invalid_cdb (c);
          return;
        }
      pos += n;
    }
  if (ten)
    put16 (buf, (unsigned) (pos - 2));
  else
    buf[0] = (uint8_t) (pos - 1);
  reply (c, buf, pos, alloc);
}

static bool
valid_isrc (const uint8_t *s)
{
  for (int i = 0; i < 12; i++)
    {
      uint8_t ch = s[i];
      bool digit = ch >= '0' && ch <= '9', upper = ch >= 'A' && ch <= 'Z';
      if (i < 5 ? !(digit || upper) : !digit)
        return false;
    }
  return true;
}

static bool
valid_mcn (const uint8_t *s)
{
  for (int i = 0; i < 13; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

static bool
check_page05 (const uint8_t *p)
{
  uint8_t wt = p[2] & 0x0f, bt = p[4] & 0x0f, tm = p[3] & 0x0f, ms = p[3] >> 6;

  if (p[1] != 0x32 && p[1] != 0x36)
    return false;
  switch (wt)
    {
    case VREC_WRITE_TAO:
      /* Raw with sub-channel is for write type RAW only. */
      if (!(bt == 0 || (bt >= 8 && bt <= 13)))
        return false;
      break;
    case VREC_WRITE_SAO:
      /* ignored in SAO, but it must be a defined value */
      if (vrec_block_type_size (bt) == 0)
        return false;
      break;
    case VREC_WRITE_RAW:
      if (bt < 1 || bt > 3)
        return false;
      break;
    default:
      /* Packet writing is not offered by the emulated drive. */
      return false;
    }
  /* Control nibble: 4-channel audio (bit 3) and data (bit 2) exclude each
   * other, so 12..15 are not track modes. */
  if (tm >= 12)
    return false;
  if (ms == 2)
    return false;
  if (p[8] != 0x00 && p[8] != 0x10 && p[8] != 0x20)
    return false;
  if ((p[16] & 0x80) && !valid_mcn (p + 17))
    return false;
  if ((p[32] & 0x80) && !valid_isrc (p + 33))
    return false;
  return true;
}

static void
cmd_mode_select (VrecDrive *d, VrecCommand *c, bool ten)
{
  size_t len = ten ? get16 (c->cdb + 7) : c->cdb[4];
  size_t hdr = ten ? 8 : 4;
  const uint8_t *p = c->data;
  size_t pos, bdl;

  if (len == 0)
    return;
  if (c->direction != 0 || c->data_len < len)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x1a, 0x00);   /* parameter list length error */
      return;
    }
  c->transferred = len;
  log_hex (d, "parameters", p, len);
  if (len < hdr)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x1a, 0x00);
      return;
    }
  bdl = ten ? get16 (p + 6) : p[3];
  if (bdl != 0 && bdl != 8)
    {
      invalid_param (c);
      return;
    }
  pos = hdr + bdl;
  while (pos + 2 <= len)
    {
      int code = p[pos] & 0x3f;
      size_t plen = (size_t) p[pos + 1] + 2;

      if (pos + plen > len)
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x1a, 0x00);
          return;
        }
      if (code == 0x05)
        {
          if (!check_page05 (p + pos))
            {
              invalid_param (c);
              return;
            }
          memcpy (d->page05 + 2, p + pos + 2, sizeof d->page05 - 2);
          d->page05[0] = 0x05;
          d->page05[1] = 0x32;
          d->simulating = d->page05[2] & 0x10;
        }
      else if (code == 0x01)
        {
          if (plen != sizeof d->page01)
            {
              invalid_param (c);
              return;
            }
          memcpy (d->page01 + 2, p + pos + 2, sizeof d->page01 - 2);
        }
      else
        {
          /* Page 2Ah reports capabilities: nothing in it can be set. */
          invalid_param (c);
          return;
        }
      pos += plen;
    }
}

/* ---- disc and track information ---- */

static void
cmd_read_disc_information (VrecDrive *d, VrecCommand *c)
{
  VrecMedium *m = d->m;
  uint8_t buf[34] = { 0 };
  VrecSession *open = open_session (m);
  VrecSession *last = m->n_sessions ? &m->sessions[m->n_sessions - 1] : NULL;
  int disc_status, session_state, sessions, first_in_last, last_in_last;

  if ((c->cdb[1] & 7) != 0)
    {
      invalid_cdb (c);
      return;
    }
  if (!need_medium (d, c))
    return;

  switch (m->status)
    {
    case VREC_DISC_BLANK:
      disc_status = 0;
      session_state = 0;
      sessions = 1;
      first_in_last = last_in_last = 1;
      break;
    case VREC_DISC_APPENDABLE:
      disc_status = 1;
      session_state = 0;      /* the next, empty session */
      sessions = m->n_sessions + 1;
      first_in_last = last_in_last = m->n_tracks + 1;
      break;
    case VREC_DISC_INCOMPLETE:
      disc_status = 1;
      session_state = m->damaged ? 2 : 1;
      sessions = m->n_sessions;
      first_in_last = open ? open->first_track : m->n_tracks + 1;
      last_in_last = m->n_tracks + (d->tao_open || m->damaged ? 0 : 1);
      if (last_in_last < first_in_last)
        last_in_last = first_in_last;
      break;
    case VREC_DISC_COMPLETE:
    default:
      disc_status = 2;
      session_state = 3;
      sessions = m->n_sessions;
      first_in_last = last ? last->first_track : 1;
      last_in_last = last ? last->last_track : 1;
      break;
    }

  put16 (buf, 32);
  buf[2] = (uint8_t) ((m->kind == VREC_MEDIUM_CDRW ? 0x10 : 0) | (session_state << 2)
                      | disc_status);
  buf[3] = 1;
  buf[4] = (uint8_t) sessions;
  buf[5] = (uint8_t) first_in_last;
  buf[6] = (uint8_t) last_in_last;
  buf[7] = 0x20;              /* URU: unrestricted use */
  buf[8] = m->n_sessions ? m->sessions[0].format : 0x00;
  if (disc_status == 2 || m->damaged)
    memset (buf + 16, 0xff, 8);
  else
    {
      put_msf (buf + 17, disc_status == 0 ? m->atip_leadin : next_session_leadin (m));
      put_msf (buf + 21, m->leadout_max);
    }
  reply (c, buf, sizeof buf, get16 (c->cdb + 7));
}

static void
track_info_block (VrecDrive *d, const VrecTrack *t, uint8_t *buf)
{
  memset (buf, 0, 36);
  put16 (buf, 34);
  buf[2] = (uint8_t) t->number;
  buf[3] = (uint8_t) t->session;
  buf[5] = (uint8_t) ((t->damaged ? 0x20 : 0) | (t->ctl & 0x0f));
  buf[6] = (t->ctl & 4) ? ((t->form == 0x10 || t->form == 0x11 || t->form == 8) ? 1 : 2) : 0x0f;
  buf[7] = 0x02;              /* LRA_V */
  put32 (buf + 8, (uint32_t) t->start);
  put32 (buf + 24, (uint32_t) (t->end - t->start));
  put32 (buf + 28, (uint32_t) (t->readable_end - 1));
  (void) d;
}

/* The invisible (next) track or the one TAO is writing. */
static void
next_track_info (VrecDrive *d, uint8_t *buf)
{
  VrecMedium *m = d->m;
  VrecTrack *lt = last_track (m);
  int32_t start, nwa;
  int number, session;

  memset (buf, 0, 36);
  put16 (buf, 34);
  if (d->tao_open && lt)
    {
      number = lt->number;
      session = lt->session;
      start = lt->start;
      nwa = d->tao_next;
    }
  else
    {
      VrecSession *os = open_session (m);
      number = m->n_tracks + 1;
      session = os ? os->number : m->n_sessions + 1;
      if (os && lt && lt->session == os->number)
        start = lt->end + 150;
      else
        start = next_program_start (m);
      nwa = write_type (d) == VREC_WRITE_RAW ? (os ? os->leadin : next_session_leadin (m))
                                              : start;
    }
  buf[2] = (uint8_t) number;
  buf[3] = (uint8_t) session;
  buf[5] = track_mode (d);
  buf[6] = (uint8_t) ((d->tao_open ? 0 : 0x40) | 0x0f);
  if (disc_writable (m) && m->status != VREC_DISC_COMPLETE)
    buf[7] = 0x01;            /* NWA_V */
  put32 (buf + 8, (uint32_t) start);
  put32 (buf + 12, (uint32_t) nwa);
  put32 (buf + 16, (uint32_t) (m->leadout_max > nwa ? m->leadout_max - nwa : 0));
  put32 (buf + 24, (uint32_t) (m->leadout_max > start ? m->leadout_max - start : 0));
  if (d->tao_open)
    put32 (buf + 28, (uint32_t) (d->tao_next - 1));
}

static void
cmd_read_track_information (VrecDrive *d, VrecCommand *c)
{
  VrecMedium *m = d->m;
  uint8_t buf[36];
  int type = c->cdb[1] & 3;
  uint32_t value = get32 (c->cdb + 2);
  bool next_possible = disc_writable (m) && m->status != VREC_DISC_COMPLETE;

  if (!need_medium (d, c))
    return;
  if (type == 1)
    {
      if (value == 0 || value > 0xff)
        {
          invalid_cdb (c);
          return;
        }
      if (value >= 1 && (int) value <= m->n_tracks && !(d->tao_open && (int) value == m->n_tracks))
        track_info_block (d, &m->tracks[value - 1], buf);
      else if ((value == 0xff || (int) value == m->n_tracks + 1
                || (d->tao_open && (int) value == m->n_tracks)) && next_possible)
        next_track_info (d, buf);
      else
        {
          invalid_cdb (c);
          return;
        }
    }
  else if (type == 0)
    {
      VrecTrack *t = vrec_medium_track_at (m, (int32_t) value);
      if (t && !(d->tao_open && t == last_track (m)))
        track_info_block (d, t, buf);
      else if (next_possible)
        next_track_info (d, buf);
      else
        {
          invalid_cdb (c);
          return;
        }
    }
  else if (type == 2)
    {
      if (value >= 1 && value <= (uint32_t) m->n_sessions
          && m->sessions[value - 1].first_track >= 1
          && m->sessions[value - 1].first_track <= m->n_tracks)
        {
          VrecSession *s = &m->sessions[value - 1];
          track_info_block (d, &m->tracks[s->first_track - 1], buf);
        }
      else if (value == (uint32_t) m->n_sessions + 1 && next_possible)
        next_track_info (d, buf);
      else
        {
          invalid_cdb (c);
          return;
        }
    }
  else
    {
      invalid_cdb (c);
      return;
    }
  reply (c, buf, sizeof buf, get16 (c->cdb + 7));
}

static void
cmd_read_capacity (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[8];
  int32_t end = vrec_medium_readable_end (d->m);

  if (!need_medium (d, c))
    return;
  put32 (buf, (uint32_t) (end > 0 ? end - 1 : 0));
  put32 (buf + 4, 2048);
  reply (c, buf, sizeof buf, sizeof buf);
}

/* ---- READ TOC/PMA/ATIP ---- */

static uint8_t
first_track_ctl (VrecMedium *m, int number)
{
  return number >= 1 && number <= m->n_tracks ? m->tracks[number - 1].ctl : 0;
}

static void
toc_address (uint8_t *p, int32_t lba, bool msf)
{
  if (msf)
    {
      p[0] = 0;
      put_msf (p + 1, lba);
    }
  else
    put32 (p, (uint32_t) lba);
}

static void
cmd_read_toc (VrecDrive *d, VrecCommand *c)
{
  VrecMedium *m = d->m;
  /* 99 sessions' worth of full TOC entries, or eight blocks of CD-TEXT */
  static uint8_t buf[65536];
  size_t pos = 4;
  int format = c->cdb[2] & 0x0f;
  bool msf = c->cdb[1] & 2;
  int number = c->cdb[6];
  unsigned alloc = get16 (c->cdb + 7);
  int closed = 0, first_t = 0, last_t = 0;
  VrecSession *last_closed = NULL;

  memset (buf, 0, sizeof buf);
  if (format == 0 && (c->cdb[9] >> 6))
    format = c->cdb[9] >> 6;        /* SFF-8020 style format in the control byte */
  if (!need_medium (d, c))
    return;
  for (int i = 0; i < m->n_sessions; i++)
    if (m->sessions[i].closed)
      {
        closed++;
        last_closed = &m->sessions[i];
        if (!first_t)
          first_t = m->sessions[i].first_track;
        last_t = m->sessions[i].last_track;
      }

  switch (format)
    {
    case 0:
      if (!closed || (number > last_t && number != 0xaa))
        {
          invalid_cdb (c);
          return;
        }
      buf[2] = (uint8_t) first_t;
      buf[3] = (uint8_t) last_t;
      for (int i = 0; i < m->n_tracks; i++)
        {
          VrecTrack *t = &m->tracks[i];
          VrecSession *s = vrec_medium_session_of (m, t);
          if (!s || !s->closed || t->number < number || number == 0xaa)
            continue;
          buf[pos + 1] = (uint8_t) (0x10 | t->ctl);
          buf[pos + 2] = (uint8_t) t->number;
          toc_address (buf + pos + 4, t->start, msf);
          pos += 8;
        }
      buf[pos + 1] = (uint8_t) (0x10 | first_track_ctl (m, last_t));
      buf[pos + 2] = 0xaa;
      toc_address (buf + pos + 4, last_closed->leadout, msf);
      pos += 8;
      break;

    case 1:
      buf[2] = 1;
      buf[3] = (uint8_t) closed;
      if (last_closed && last_closed->first_track >= 1
          && last_closed->first_track <= m->n_tracks)
        {
          buf[5] = (uint8_t) (0x10 | first_track_ctl (m, last_closed->first_track));
          buf[6] = (uint8_t) last_closed->first_track;
          toc_address (buf + 8, m->tracks[last_closed->first_track - 1].start, msf);
        }
      pos = 12;
      break;

    case 2:
      if (!closed)
        {
          invalid_cdb (c);
          return;
        }
      buf[2] = 1;
      buf[3] = (uint8_t) closed;
      for (int i = 0; i < m->n_sessions; i++)
        {
          VrecSession *s = &m->sessions[i];
          if (!s->closed || (number && s->number < number))
            continue;
          uint8_t ctl_first = first_track_ctl (m, s->first_track);
          uint8_t ctl_last = first_track_ctl (m, s->last_track);
          uint8_t *e;

#define ENTRY(ctl_, point_)                            \
          e = buf + pos;                               \
          memset (e, 0, 11);                           \
          e[0] = (uint8_t) s->number;                  \
          e[1] = (uint8_t) (0x10 | (ctl_));            \
          e[3] = (point_);                             \
          pos += 11

          ENTRY (ctl_first, 0xa0);
          e[8] = (uint8_t) s->first_track;
          e[9] = s->format;
          ENTRY (ctl_last, 0xa1);
          e[8] = (uint8_t) s->last_track;
          ENTRY (ctl_last, 0xa2);
          put_msf (e + 8, s->leadout);
          for (int t = s->first_track; t <= s->last_track && t <= m->n_tracks; t++)
            {
              if (t < 1)
                continue;
              ENTRY (m->tracks[t - 1].ctl, (uint8_t) t);
              put_msf (e + 8, m->tracks[t - 1].start);
            }
          if (s == last_closed && m->status == VREC_DISC_APPENDABLE)
            {
              /* B0: where the next session's program area may start */
              e = buf + pos;
              memset (e, 0, 11);
              e[0] = (uint8_t) s->number;
              e[1] = 0x50;
              e[3] = 0xb0;
              put_msf (e + 4, next_program_start (m));
              e[7] = 1;
              put_msf (e + 8, m->leadout_max);
              pos += 11;
            }
#undef ENTRY
        }
      break;

    case 3:
      /* PMA: the emulated drive keeps no PMA entries of its own. */
      break;

    case 4:
      if (m->kind != VREC_MEDIUM_CDR && m->kind != VREC_MEDIUM_CDRW)
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x24, 0x00);
          return;
        }
      buf[4] = 0x80 | 0x50 | 0x05;    /* writing power, reference speed */
      buf[5] = 0x40;                  /* URU */
      buf[6] = (uint8_t) (0x80 | (m->kind == VREC_MEDIUM_CDRW ? 0x40 : 0));
      put_msf (buf + 8, m->atip_leadin);
      put_msf (buf + 12, m->leadout_max);
      pos = 28;
      break;

    case 5:
      if (m->cdtext_len && m->cdtext_len + 4 <= sizeof buf)
        {
          memcpy (buf + 4, m->cdtext, m->cdtext_len);
          pos = 4 + m->cdtext_len;
        }
      break;

    default:
      invalid_cdb (c);
      return;
    }
  put16 (buf, (unsigned) (pos - 2));
  reply (c, buf, pos, alloc);
}

/* ---- speeds, buffer, performance, events ---- */

static void
cmd_set_cd_speed (VrecDrive *d, VrecCommand *c)
{
  unsigned r = get16 (c->cdb + 2), w = get16 (c->cdb + 4);

  d->read_speed = (uint16_t) (r == 0xffff || r > 7056 ? 7056 : r);
  d->write_speed = (uint16_t) (w == 0xffff || w > 8467 ? 8467 : w);
}

static void
cmd_read_buffer_capacity (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[12] = { 0 };

  if (c->cdb[1] & 1)
    {
      invalid_cdb (c);
      return;
    }
  put16 (buf, 10);
  put32 (buf + 4, BUFFER_BYTES);
  put32 (buf + 8, BUFFER_BYTES);   /* written through at once: always empty */
  reply (c, buf, sizeof buf, get16 (c->cdb + 7));
  (void) d;
}

static void
cmd_get_performance (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[256] = { 0 };
  unsigned max = get16 (c->cdb + 8);
  int type = c->cdb[10];
  size_t pos = 8;

  /* The data length always tells the full list; the host's maximum number
   * of descriptors only limits what is transferred. */
  if (type == 0x00)
    {
      bool write = c->cdb[1] & 0x04;
      buf[4] = write ? 0x02 : 0;
      put32 (buf + pos, 0);
      put32 (buf + pos + 4, write ? d->write_speed : d->read_speed);
      put32 (buf + pos + 8, (uint32_t) d->m->leadout_max);
      put32 (buf + pos + 12, write ? d->write_speed : d->read_speed);
      pos += 16;
    }
  else if (type == 0x03)
    {
      static const uint32_t speeds[] = { 8467, 4234, 1764 };
      for (unsigned i = 0; i < 3; i++)
        {
          buf[pos] = 0x00;
          put32 (buf + pos + 4, (uint32_t) d->m->leadout_max);
          put32 (buf + pos + 8, 7056);
          put32 (buf + pos + 12, speeds[i]);
          pos += 16;
        }
    }
  else
    {
      invalid_cdb (c);
      return;
    }
  put32 (buf, (uint32_t) (pos - 4));
  reply (c, buf, pos, (size_t) max * 16 + 8);
}

static void
cmd_get_event_status (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[8] = { 0 };

  if (!(c->cdb[1] & 1))
    {
      invalid_cdb (c);   /* asynchronous notification is not offered */
      return;
    }
  if (c->cdb[4] & 0x10)
    {
      put16 (buf, 6);
      buf[2] = 0x04;
      buf[3] = 0x10;
      buf[5] = (uint8_t) ((d->m->present && d->m->kind != VREC_MEDIUM_NONE && !d->m->tray_open
                           ? 0x02 : 0) | (d->m->tray_open ? 0x01 : 0));
      reply (c, buf, 8, get16 (c->cdb + 7));
    }
  else
    {
      put16 (buf, 2);
      buf[2] = 0x80;          /* NEA: no requested class is supported */
      buf[3] = 0x10;
      reply (c, buf, 4, get16 (c->cdb + 7));
    }
}

static void
cmd_mechanism_status (VrecDrive *d, VrecCommand *c)
{
  uint8_t buf[8] = { 0 };

  buf[1] = d->m->tray_open ? 0x10 : 0;
  reply (c, buf, sizeof buf, get16 (c->cdb + 8));
}

/* ---- SEND CUE SHEET ---- */

static bool
parse_cue (VrecDrive *d, const uint8_t *p, size_t len, const char **why)
{
  VrecMedium *m = d->m;
  int n = 0, last_tno = 0, last_index = -1, leadin_seen = 0, leadout_seen = 0;
  int32_t last_lba = INT32_MIN;
  int32_t program_start = next_program_start (m) - 150;
  char isrc[VREC_MAX_TRACKS + 1][13];
  char mcn[14] = "";

  memset (isrc, 0, sizeof isrc);
  d->n_cue = 0;
  d->n_cue_tracks = 0;
  if (len == 0 || len % 8 != 0 || len / 8 > MAX_CUE_ENTRIES)
    {
      *why = "length is not a multiple of 8";
      return false;
    }
  for (size_t off = 0; off < len; off += 8)
    {
      const uint8_t *e = p + off;
      uint8_t adr = e[0] & 0x0f, ctl = e[0] >> 4;

      if (adr == 2)
        {
          /* MCN: two entries, 13 digits, the 14th byte zero */
          if (off + 16 > len || (p[off + 8] & 0x0f) != 2 || leadin_seen)
            {
              *why = "MCN entries must come in a pair before the lead-in entry";
              return false;
            }
          memcpy (mcn, e + 1, 7);
          memcpy (mcn + 7, p + off + 9, 6);
          mcn[13] = 0;
          if (!valid_mcn ((const uint8_t *) mcn) || p[off + 15] != 0)
            {
              *why = "MCN is not 13 digits";
              return false;
            }
          off += 8;
          continue;
        }
      if (adr == 3)
        {
          uint8_t code[12];
          if (off + 16 > len || (p[off + 8] & 0x0f) != 3 || p[off + 9] != e[1]
              || e[1] < 1 || e[1] > 99)
            {
              *why = "ISRC entries must come in a pair with one track number";
              return false;
            }
          memcpy (code, e + 2, 6);
          memcpy (code + 6, p + off + 10, 6);
          if (!valid_isrc (code))
            {
              *why = "ISRC is not CCOOOYYSSSSS";
              return false;
            }
          memcpy (isrc[e[1]], code, 12);
          isrc[e[1]][12] = 0;
          off += 8;
          continue;
        }
      if (adr != 1)
        {
          *why = "unknown ADR";
          return false;
        }

      CueEntry ce = {
        .adr = adr, .ctl = ctl, .tno = e[1], .index = e[2], .form = e[3], .scms = e[4],
      };
      if (e[5] > 99 || e[6] > 59 || e[7] > 74)
        {
          *why = "time is not a valid MSF";
          return false;
        }
      ce.lba = vrec_msf_to_lba (e[5], e[6], e[7]);
      if (ce.scms != 0 && ce.scms != 0x80)
        {
          *why = "SCMS byte is neither 00h nor 80h";
          return false;
        }
      if (!vrec_form_supported (ce.form))
        {
          *why = "data form not supported";
          return false;
        }

      if (!leadin_seen)
        {
          /* lead-in: TNO 0, index 0, a drive-generated data form */
          if (ce.tno != 0 || ce.index != 0 || vrec_form_main_size (ce.form) != 0)
            {
              *why = "first entry must be the lead-in (TNO 0, generated data form)";
              return false;
            }
          if (!(e[5] == 0 && e[6] == 0 && e[7] == 0) && ce.lba != next_session_leadin (m)
              && ce.lba != program_start)
            {
              *why = "lead-in time must be 00:00:00 or the lead-in start";
              return false;
            }
          leadin_seen = 1;
          d->cue[n++] = ce;
          continue;
        }
      if (leadout_seen)
        {
          *why = "entries after the lead-out";
          return false;
        }
      if (ce.tno == 0xaa)
        {
          if (ce.index != 1 || vrec_form_main_size (ce.form) != 0 || vrec_form_sub_size (ce.form))
            {
              *why = "lead-out must be index 1 with a generated data form";
              return false;
            }
          if (last_tno == 0 || last_index < 1 || ce.lba <= last_lba)
            {
              *why = "lead-out before the last track's index 1";
              return false;
            }
          leadout_seen = 1;
          d->cue[n++] = ce;
          continue;
        }
      if (ce.tno < 1 || ce.tno > 99)
        {
          *why = "track number out of range";
          return false;
        }
      if (ce.tno == last_tno)
        {
          if (ce.index != last_index + 1 || ce.index > 99)
            {
              *why = "indices must increase by one";
              return false;
            }
          if (ce.ctl != d->cue[n - 1].ctl)
            {
              *why = "control nibble changes within a track";
              return false;
            }
          /* A pregap may be drive-generated, but of the track's own kind. */
          if ((ce.form & 0x30) != (d->cue[n - 1].form & 0x30))
            {
              *why = "data form changes its sector mode within a track";
              return false;
            }
        }
      else
        {
          /* Track numbers go on from the sessions already on the disc. */
          if (last_tno == 0 ? ce.tno != m->n_tracks + 1 : ce.tno != last_tno + 1)
            {
              *why = "track numbers must increase by one";
              return false;
            }
          if (last_tno && last_index < 1)
            {
              *why = "track without index 1";
              return false;
            }
          if (ce.index > 1)
            {
              *why = "a track must start with index 0 or 1";
              return false;
            }
          if (last_tno == 0 && ce.lba != program_start)
            {
              *why = "the first track must start at the program area (00:00:00)";
              return false;
            }
        }
      if ((ce.ctl & 0x4) && (ce.form & 0x3f) <= 0x01)
        {
          *why = "audio data form in a data track";
          return false;
        }
      if (!(ce.ctl & 0x4) && (ce.form & 0x3f) > 0x01)
        {
          *why = "data form of a data track in an audio track";
          return false;
        }
      if (ce.lba <= last_lba)
        {
          *why = "times must increase";
          return false;
        }
      if (ce.index == 1 && vrec_form_generated (ce.form))
        {
          *why = "index 1 cannot be drive-generated";
          return false;
        }
      last_tno = ce.tno;
      last_index = ce.index;
      last_lba = ce.lba;
      d->cue[n++] = ce;
    }
  if (!leadout_seen)
    {
      *why = "no lead-out entry";
      return false;
    }
  d->n_cue = n;

  /* Turn the entries into the session the drive will write. */
  int32_t leadout = d->cue[n - 1].lba;
  VrecTrack *t = NULL;
  for (int i = 1; i < n - 1; i++)
    {
      CueEntry *ce = &d->cue[i];
      if (!t || t->number != ce->tno)
        {
          if (t)
            {
              t->end = ce->lba;
              t->readable_end = ce->lba;
            }
          t = &d->cue_tracks[d->n_cue_tracks++];
          memset (t, 0, sizeof *t);
          t->number = ce->tno;
          t->session = m->n_sessions + 1;
          t->ctl = ce->ctl;
          t->write_type = VREC_WRITE_SAO;
          t->pregap = ce->lba;
          t->start = ce->lba;
          t->pregap_form = ce->form;
          t->form = ce->form;
          t->n_index = 1;
          memcpy (t->isrc, isrc[ce->tno], 13);
        }
      if (ce->index == 1)
        {
          t->start = ce->lba;
          t->form = ce->form;
          if (t->pregap == ce->lba)
            t->pregap_form = ce->form;
        }
      else if (ce->index >= 2)
        {
          t->index[ce->index] = ce->lba;
          t->n_index = ce->index;
        }
    }
  if (!t)
    {
      *why = "no tracks";
      return false;
    }
  t->end = leadout;
  t->readable_end = leadout;
  for (int i = 0; i < d->n_cue_tracks; i++)
    if (d->cue_tracks[i].end - d->cue_tracks[i].start < 300)
      {
        /* Red Book: a track lasts at least four seconds. */
        *why = "a track is shorter than 4 seconds";
        return false;
      }

  d->cue_session = (VrecSession) {
    .number = m->n_sessions + 1,
    .first_track = d->cue_tracks[0].number,
    .last_track = t->number,
    .leadin = next_session_leadin (m),
    .start = program_start,
    .leadout = leadout,
    .format = d->page05[8],
  };
  memcpy (d->cue_mcn, mcn, sizeof mcn);
  d->sao_start = program_start;
  d->sao_leadout = leadout;
  d->sao_leadin = vrec_form_sub_size (d->cue[0].form) ? d->cue_session.leadin : program_start;
  return true;
}

static void
cmd_send_cue_sheet (VrecDrive *d, VrecCommand *c)
{
  size_t len = (size_t) c->cdb[6] << 16 | (size_t) c->cdb[7] << 8 | c->cdb[8];
  const char *why = NULL;

  if (!need_medium (d, c))
    return;
  if (c->direction != 0 || c->data_len != len)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x1a, 0x00);
      return;
    }
  c->transferred = len;
  log_hex (d, "cue sheet", c->data, len);
  if (write_type (d) != VREC_WRITE_SAO)
    {
      logf_ (d, "  ! cue sheet while the write type is %d, not SAO\n", write_type (d));
      sequence_error (c);
      return;
    }
  if (!(d->m->status == VREC_DISC_BLANK || d->m->status == VREC_DISC_APPENDABLE) || d->m->damaged
      || d->sao_started)
    {
      logf_ (d, "  ! cue sheet for a disc that is not blank or appendable\n");
      sequence_error (c);
      return;
    }
  d->cue_valid = false;
  if (!parse_cue (d, c->data, len, &why))
    {
      logf_ (d, "  ! malformed cue sheet: %s\n", why);
      invalid_param (c);
      return;
    }
  if (d->sao_leadout > d->m->leadout_max)
    {
      /* The lead-out would start past the last possible lead-out of the
       * ATIP: the disc is too small for this session. */
      logf_ (d, "  ! cue sheet needs %d sectors, the disc holds %d\n", (int) d->sao_leadout,
             (int) d->m->leadout_max);
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x00);
      return;
    }
  d->cue_valid = true;
  d->sao_next = d->sao_leadin;
  d->sao_failed = false;
  if (!d->simulating)
    {
      char path[4096];
      snprintf (path, sizeof path, "%s/cuesheet.bin", d->dir);
      FILE *f = fopen (path, "wb");
      if (f)
        {
          fwrite (c->data, 1, len, f);
          fclose (f);
        }
    }
}

/* ---- writing ---- */

static const CueEntry *
cue_region (VrecDrive *d, int32_t lba)
{
  const CueEntry *r = NULL;

  for (int i = 1; i < d->n_cue; i++)
    if (d->cue[i].lba <= lba)
      r = &d->cue[i];
  return r;
}

/* Block size the host must send at `lba` in SAO, 0 where it sends nothing
 * (drive-generated), -1 where no write is possible at all. */
static int
sao_block_size (VrecDrive *d, int32_t lba, uint8_t *form)
{
  if (lba < d->sao_start)
    {
      if (lba < d->sao_leadin)
        return -1;
      *form = d->cue[0].form;
      return (int) vrec_form_sub_size (d->cue[0].form);
    }
  if (lba >= d->sao_leadout)
    return -1;
  const CueEntry *r = cue_region (d, lba);
  *form = r->form;
  return (int) (vrec_form_main_size (r->form) + vrec_form_sub_size (r->form));
}

static void
sao_skip_generated (VrecDrive *d)
{
  uint8_t form;

  while (d->sao_next < d->sao_leadout && sao_block_size (d, d->sao_next, &form) == 0)
    d->sao_next++;
}

static void
save_page05 (VrecDrive *d)
{
  char path[4096];
  FILE *f;

  snprintf (path, sizeof path, "%s/modepage05.bin", d->dir);
  f = fopen (path, "wb");
  if (f)
    {
      fwrite (d->page05, 1, sizeof d->page05, f);
      fclose (f);
    }
}

static void
extract_cdtext (VrecDrive *d, VrecSession *s)
{
  VrecMedium *m = d->m;
  uint8_t *packs = NULL;
  size_t n = 0;
  int last_seq = -1;
  uint8_t data[96];

  /* The lead-in repeats the packs in a cycle; one cycle is the CD-TEXT.
   * Each 96-byte block holds four packs as 6-bit symbols in R-W. */
  for (int32_t lba = s->leadin; lba < s->start; lba++)
    {
      const VrecBlockRecord *rec = vrec_medium_latest (m, lba);
      if (!rec || rec->sub_len != 96 || vrec_medium_block_data (m, rec, data) < 0)
        continue;
      for (int k = 0; k < 4; k++)
        {
          uint8_t pack[18];
          const uint8_t *sym = data + 24 * k;
          for (int j = 0; j < 6; j++)
            {
              uint32_t bits = (uint32_t) (sym[4 * j] & 0x3f) << 18
                              | (uint32_t) (sym[4 * j + 1] & 0x3f) << 12
                              | (uint32_t) (sym[4 * j + 2] & 0x3f) << 6
                              | (uint32_t) (sym[4 * j + 3] & 0x3f);
              pack[3 * j] = (uint8_t) (bits >> 16);
              pack[3 * j + 1] = (uint8_t) (bits >> 8);
              pack[3 * j + 2] = (uint8_t) bits;
            }
          if (!(pack[0] & 0x80))
            continue;
          if (pack[2] <= last_seq)
            goto done;
          last_seq = pack[2];
          uint8_t *np = realloc (packs, (n + 1) * 18);
          if (!np)
            goto done;
          packs = np;
          memcpy (packs + 18 * n, pack, 18);
          n++;
        }
    }
done:
  free (m->cdtext);
  m->cdtext = packs;
  m->cdtext_len = n * 18;
}

static void
sao_begin (VrecDrive *d)
{
  VrecMedium *m = d->m;

  /* From the first block on, the disc is no longer blank; until the drive
   * writes lead-out and TOC it is an unfinished, unusable session. */
  d->sao_started = true;
  m->sessions[m->n_sessions] = d->cue_session;
  m->sessions[m->n_sessions].closed = false;
  m->n_sessions++;
  for (int i = 0; i < d->n_cue_tracks && m->n_tracks < VREC_MAX_TRACKS; i++)
    {
      m->tracks[m->n_tracks] = d->cue_tracks[i];
      m->tracks[m->n_tracks].closed = false;
      m->tracks[m->n_tracks].damaged = true;
      m->n_tracks++;
    }
  if (d->cue_mcn[0])
    memcpy (m->mcn, d->cue_mcn, sizeof m->mcn);
  m->status = VREC_DISC_INCOMPLETE;
  m->damaged = true;
  save (d);
  save_page05 (d);
}

static void
sao_finish (VrecDrive *d)
{
  VrecMedium *m = d->m;
  VrecSession *s = &m->sessions[m->n_sessions - 1];

  /* All of the program area is in: the drive writes lead-out and lead-in. */
  for (int i = 0; i < m->n_tracks; i++)
    if (m->tracks[i].session == s->number)
      {
        m->tracks[i].closed = true;
        m->tracks[i].damaged = false;
      }
  s->closed = true;
  extract_cdtext (d, s);
  m->damaged = false;
  m->status = multi_session (d) == 3 ? VREC_DISC_APPENDABLE : VREC_DISC_COMPLETE;
  d->cue_valid = false;
  d->sao_started = false;
  save (d);
  logf_ (d, "  session %d finalized: lead-out at %d\n", s->number, (int) s->leadout);
}

static void
abort_burn (VrecDrive *d, const char *why)
{
  VrecMedium *m = d->m;

  logf_ (d, "  ! burn aborted: %s\n", why);
  m->damaged = true;
  m->status = VREC_DISC_INCOMPLETE;
  if (m->n_tracks > 0)
    m->tracks[m->n_tracks - 1].damaged = true;
  d->sao_failed = d->sao_started;
  d->tao_failed = d->tao_open;
  d->raw_failed = d->raw_started;
  save (d);
}

/* Shared by all write types: fault injection and recording of one WRITE
 * whose blocks are laid out in `sizes`.  Returns false when the command
 * ended in CHECK CONDITION. */
static bool
record_blocks (VrecDrive *d, VrecCommand *c, int32_t lba, uint32_t count,
               uint8_t wt, const uint8_t *forms, const uint16_t *mains, const uint16_t *subs,
               uint8_t track)
{
  VrecMedium *m = d->m;
  size_t off = 0;

  for (uint32_t i = 0; i < count; i++)
    {
      int32_t a = lba + (int32_t) i;
      size_t len = (size_t) mains[i] + subs[i];

      if (m->remove_at != VREC_NEVER && a >= m->remove_at)
        {
          m->present = false;
          abort_burn (d, "medium removed");
          check (c, KEY_NOT_READY, 0x3a, 0x00);
          return false;
        }
      if (m->fail_write_at != VREC_NEVER && a == m->fail_write_at)
        {
          abort_burn (d, "injected write error");
          check_info (c, KEY_MEDIUM_ERROR, 0x0c, 0x00, true, (uint32_t) a);
          return false;
        }
      if (!d->simulating)
        {
          VrecBlockRecord rec = {
            .lba = a, .write_type = wt, .form = forms[i], .main_len = mains[i],
            .sub_len = subs[i], .track = track,
          };
          if (wt == VREC_WRITE_TAO)
            memcpy (&rec.reserved, d->page05 + 48, 4);
          const uint8_t *block = c->data + off;
          uint8_t changed[2448 + 96];
          if (m->corrupt_write_at != VREC_NEVER && a == m->corrupt_write_at && mains[i] > 0
              && len <= sizeof changed)
            {
              /* A recorder that writes other bits than it was sent and
               * reports success: what verify-after-burn is for.  The
               * host's buffer is left alone. */
              memcpy (changed, block, len);
              changed[mains[i] / 2] ^= 0x01;
              block = changed;
              logf_ (d, "  ! injected corruption: block %d recorded with byte %u changed\n",
                     (int) a, (unsigned) mains[i] / 2);
            }
          if (vrec_medium_append_block (m, &rec, block, len) < 0)
            {
              abort_burn (d, "cannot record the block");
              check (c, KEY_MEDIUM_ERROR, 0x0c, 0x00);
              return false;
            }
        }
      off += len;
      /* Pacing applies to the program area only: a lead-in of CD-TEXT is
       * over eleven thousand blocks a test does not want to wait for. */
      if (m->write_delay_us && mains[i])
        usleep (m->write_delay_us);
    }
  return true;
}

static void
write_sao (VrecDrive *d, VrecCommand *c, int32_t lba, uint32_t count)
{
  uint8_t *forms = NULL;
  uint16_t *mains = NULL, *subs = NULL;
  size_t total = 0;

  if (!d->cue_valid || d->sao_failed)
    {
      sequence_error (c);
      return;
    }
  if (lba != d->sao_next)
    {
      logf_ (d, "  ! write at %d, the next writable address is %d\n", (int) lba,
             (int) d->sao_next);
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
      return;
    }
  forms = malloc (count);
  mains = malloc (count * sizeof *mains);
  subs = malloc (count * sizeof *subs);
  if (!forms || !mains || !subs)
    goto out;
  for (uint32_t i = 0; i < count; i++)
    {
      int32_t a = lba + (int32_t) i;
      int size = sao_block_size (d, a, &forms[i]);
      if (size <= 0)
        {
          logf_ (d, "  ! block %d is not writable by the host (size %d)\n", (int) a, size);
          check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
          goto out;
        }
      subs[i] = (uint16_t) vrec_form_sub_size (forms[i]);
      mains[i] = (uint16_t) (size - subs[i]);
      if (a < d->sao_start)
        {
          /* CD-TEXT in the lead-in: 96 bytes of R-W per block */
          mains[i] = 0;
          subs[i] = 96;
        }
      total += (size_t) size;
    }
  if (c->data_len != total)
    {
      logf_ (d, "  ! %zu bytes for %u blocks, the cue sheet asks for %zu\n", c->data_len,
             count, total);
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      goto out;
    }
  if (!d->sao_started && !d->simulating)
    sao_begin (d);
  else if (!d->sao_started)
    d->sao_started = true;
  {
    VrecTrack *t = vrec_medium_track_at (d->m, lba);
    if (!record_blocks (d, c, lba, count, VREC_WRITE_SAO, forms, mains, subs,
                        t ? (uint8_t) t->number : 0))
      goto out;
  }
  c->transferred = total;
  d->sao_next = lba + (int32_t) count;
  sao_skip_generated (d);
  if (d->sao_next >= d->sao_leadout)
    {
      if (d->simulating)
        {
          logf_ (d, "  simulated session complete, nothing recorded\n");
          d->cue_valid = false;
          d->sao_started = false;
        }
      else
        sao_finish (d);
    }
out:
  free (forms);
  free (mains);
  free (subs);
}

static uint8_t
tao_pregap_form (uint8_t ctl, uint8_t bt)
{
  if (!(ctl & 4))
    return 0x01;
  if (bt == 8)
    return 0x14;
  if (bt == 9)
    return 0x34;
  if (bt >= 10)
    return 0x24;
  return 0x14;
}

static void
write_tao (VrecDrive *d, VrecCommand *c, int32_t lba, uint32_t count)
{
  VrecMedium *m = d->m;
  uint8_t bt = block_type (d), tm = track_mode (d);
  size_t bsize = vrec_block_type_size (bt);
  uint8_t *forms = NULL;
  uint16_t *mains = NULL, *subs = NULL;
  VrecTrack *t;

  if (d->tao_failed)
    {
      sequence_error (c);
      return;
    }
  /* Audio tracks are written as 2352-byte raw blocks only. */
  if ((!(tm & 4) && bt != 0) || bsize == 0)
    {
      logf_ (d, "  ! block type %d with track mode %d\n", bt, tm);
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      return;
    }
  if (d->tao_open)
    {
      t = last_track (m);
      if (bt != t->form || tm != t->ctl)
        {
          logf_ (d, "  ! block type or track mode changed within track %d\n", t->number);
          check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
          return;
        }
      if (lba != d->tao_next)
        {
          logf_ (d, "  ! write at %d, the next writable address is %d\n", (int) lba,
                 (int) d->tao_next);
          check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
          return;
        }
    }
  else
    {
      uint8_t info[36];
      next_track_info (d, info);
      int32_t nwa = (int32_t) get32 (info + 12);
      if (!disc_writable (m) || m->status == VREC_DISC_COMPLETE || !(info[7] & 1))
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
          return;
        }
      if (lba != nwa)
        {
          logf_ (d, "  ! write at %d, the next writable address is %d\n", (int) lba, (int) nwa);
          check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
          return;
        }
      if (m->n_tracks >= VREC_MAX_TRACKS)
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x72, 0x05);
          return;
        }
    }
  if (lba + (int32_t) count > m->leadout_max)
    {
      logf_ (d, "  ! write past the last possible lead-out %d\n", (int) m->leadout_max);
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x00);
      return;
    }
  if (c->data_len != bsize * count)
    {
      logf_ (d, "  ! %zu bytes for %u blocks of %zu bytes (block type %d)\n", c->data_len, count,
             bsize, bt);
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      return;
    }

  if (!d->tao_open && !d->simulating)
    {
      VrecSession *s = open_session (m);
      if (!s)
        {
          s = &m->sessions[m->n_sessions];
          *s = (VrecSession) {
            .number = m->n_sessions + 1, .first_track = m->n_tracks + 1,
            .last_track = m->n_tracks + 1, .leadin = next_session_leadin (m),
            .start = lba - 150, .leadout = 0, .format = d->page05[8],
          };
          m->n_sessions++;
        }
      t = &m->tracks[m->n_tracks++];
      memset (t, 0, sizeof *t);
      t->number = m->n_tracks;
      t->session = s->number;
      t->ctl = tm;
      t->write_type = VREC_WRITE_TAO;
      t->form = bt;
      t->pregap_form = tao_pregap_form (tm, bt);
      t->pregap = lba - 150;
      t->start = lba;
      t->end = lba;
      t->readable_end = lba;
      t->n_index = 1;
      t->damaged = true;
      if (d->page05[32] & 0x80)
        {
          memcpy (t->isrc, d->page05 + 33, 12);
          t->isrc[12] = 0;
        }
      if (d->page05[16] & 0x80)
        {
          memcpy (m->mcn, d->page05 + 17, 13);
          m->mcn[13] = 0;
        }
      s->last_track = t->number;
      m->status = VREC_DISC_INCOMPLETE;
      d->tao_open = true;
      d->tao_next = lba;
      save (d);
      save_page05 (d);
    }
  else if (!d->tao_open)
    {
      d->tao_open = true;
      d->tao_next = lba;
    }

  forms = malloc (count);
  mains = malloc (count * sizeof *mains);
  subs = calloc (count, sizeof *subs);
  if (!forms || !mains || !subs)
    goto out;
  memset (forms, bt, count);
  for (uint32_t i = 0; i < count; i++)
    mains[i] = (uint16_t) bsize;
  size_t recorded_before = m->n_records;
  if (!record_blocks (d, c, lba, count, VREC_WRITE_TAO, forms, mains, subs,
                      (uint8_t) m->n_tracks))
    {
      /* The blocks before a failure are on the disc: a CLOSE TRACK that
       * follows ends the track after them, not before. */
      if (!d->simulating)
        d->tao_next = lba + (int32_t) (m->n_records - recorded_before);
      goto out;
    }
  c->transferred = c->data_len;
  d->tao_next = lba + (int32_t) count;
out:
  free (forms);
  free (mains);
  free (subs);
}

static void
tao_close_track (VrecDrive *d)
{
  VrecMedium *m = d->m;
  VrecTrack *t = last_track (m);

  if (!d->tao_open || !t)
    return;
  d->tao_open = false;
  if (d->simulating)
    return;
  /* Two run-out blocks follow the track; they count in the TOC but cannot
   * be read (which is why drives report TAO capacity 2 blocks high). */
  t->readable_end = d->tao_next;
  t->end = d->tao_next + 2;
  t->closed = true;
  t->damaged = false;
  save (d);
  logf_ (d, "  track %d closed: %d..%d\n", t->number, (int) t->start, (int) t->end);
}

static void
close_session (VrecDrive *d)
{
  VrecMedium *m = d->m;
  VrecSession *s = open_session (m);
  VrecTrack *t = last_track (m);

  tao_close_track (d);
  if (!s || d->simulating || !t)
    return;
  s->leadout = t->end;
  s->last_track = t->number;
  s->closed = true;
  m->status = multi_session (d) == 3 ? VREC_DISC_APPENDABLE : VREC_DISC_COMPLETE;
  save (d);
  logf_ (d, "  session %d closed: lead-out at %d\n", s->number, (int) s->leadout);
}

static void
write_raw (VrecDrive *d, VrecCommand *c, int32_t lba, uint32_t count)
{
  VrecMedium *m = d->m;
  uint8_t bt = block_type (d);
  size_t bsize = vrec_block_type_size (bt);
  uint8_t *forms = NULL;
  uint16_t *mains = NULL, *subs = NULL;

  if (d->raw_failed)
    {
      sequence_error (c);
      return;
    }
  if (!d->raw_started)
    {
      if (!(m->status == VREC_DISC_BLANK || m->status == VREC_DISC_APPENDABLE) || m->damaged)
        {
          check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
          return;
        }
      d->raw_next = next_session_leadin (m);
    }
  if (lba != d->raw_next)
    {
      logf_ (d, "  ! raw write at %d, the next writable address is %d\n", (int) lba,
             (int) d->raw_next);
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
      return;
    }
  if (lba + (int32_t) count > m->leadout_max + 6750)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x00);
      return;
    }
  if (c->data_len != bsize * count)
    {
      logf_ (d, "  ! %zu bytes for %u raw blocks of %zu bytes\n", c->data_len, count, bsize);
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      return;
    }
  if (!d->raw_started)
    {
      d->raw_started = true;
      if (!d->simulating)
        {
          m->status = VREC_DISC_INCOMPLETE;
          m->damaged = true;
          save (d);
          save_page05 (d);
        }
    }
  forms = malloc (count);
  mains = malloc (count * sizeof *mains);
  subs = malloc (count * sizeof *subs);
  if (!forms || !mains || !subs)
    goto out;
  memset (forms, bt, count);
  for (uint32_t i = 0; i < count; i++)
    {
      mains[i] = 2352;
      subs[i] = (uint16_t) (bsize - 2352);
    }
  if (!record_blocks (d, c, lba, count, VREC_WRITE_RAW, forms, mains, subs, 0))
    goto out;
  c->transferred = c->data_len;
  d->raw_next = lba + (int32_t) count;
out:
  free (forms);
  free (mains);
  free (subs);
}

/* After a raw burn the drive knows the layout only from the sub-channel
 * the host wrote; rebuild sessions and tracks from its Q. */
static void
raw_finish (VrecDrive *d)
{
  VrecMedium *m = d->m;
  int32_t leadin = next_session_leadin (m);
  int first_new = m->n_tracks + 1;
  VrecTrack *t = NULL;
  int32_t leadout = -1, unplaced = INT32_MAX;
  uint8_t sub[96], q[12];
  int session = m->n_sessions + 1;
  char mcn[14] = "";

  d->raw_started = false;
  if (d->simulating)
    return;
  for (int32_t lba = leadin; lba < d->raw_next; lba++)
    {
      const VrecBlockRecord *rec = vrec_medium_latest (m, lba);
      uint8_t data[2448];
      if (!rec || vrec_medium_block_data (m, rec, data) < 0)
        continue;
      if (rec->form == 1)
        memcpy (q, data + 2352, 12);
      else
        {
          memcpy (sub, data + 2352, 96);
          memset (q, 0, 12);
          for (int i = 0; i < 96; i++)
            q[i / 8] |= (uint8_t) (((sub[i] >> 6) & 1) << (7 - i % 8));
        }
      if ((q[0] & 0x0f) == 2)
        {
          /* MCN: 13 BCD digits, kept only if they are digits */
          char digits[14];
          bool ok = true;
          for (int i = 0; i < 13; i++)
            {
              int v = (q[1 + i / 2] >> (i % 2 ? 0 : 4)) & 0x0f;
              ok = ok && v <= 9;
              digits[i] = (char) ('0' + v);
            }
          digits[13] = 0;
          if (ok && !mcn[0])
            memcpy (mcn, digits, sizeof mcn);
        }
      if ((q[0] & 0x0f) != 1)
        {
          /* No position here: it belongs to the next positioned frame when
           * it comes before the first track (e.g. libburn's MCN at -150). */
          if (!t && unplaced == INT32_MAX)
            unplaced = lba;
          continue;
        }
      int tno = q[1] == 0xaa ? 0xaa : vrec_unbcd (q[1]);
      int index = vrec_unbcd (q[2]);
      if (tno == 0)
        continue;
      if (tno == 0xaa)
        {
          if (leadout < 0)
            leadout = lba;
          continue;
        }
      if (!t || t->number != tno)
        {
          if (m->n_tracks >= VREC_MAX_TRACKS || tno != m->n_tracks + 1)
            continue;
          if (t)
            t->end = t->readable_end = lba;
          t = &m->tracks[m->n_tracks++];
          memset (t, 0, sizeof *t);
          t->number = tno;
          t->session = session;
          t->ctl = q[0] >> 4;
          t->write_type = VREC_WRITE_RAW;
          t->form = rec->form;
          t->pregap = (m->n_tracks == first_new && unplaced != INT32_MAX) ? unplaced : lba;
          t->start = index == 0 ? INT32_MAX : t->pregap;
          t->pregap_form = 0;
          t->n_index = 1;
        }
      if (index >= 1 && t->start == INT32_MAX)
        t->start = lba;
      if (index >= 2 && index <= VREC_MAX_INDEX && index > t->n_index)
        {
          t->index[index] = lba;
          t->n_index = index;
        }
    }
  if (!t || leadout < 0)
    {
      abort_burn (d, "raw burn ended before the lead-out");
      return;
    }
  t->end = t->readable_end = leadout;
  m->sessions[m->n_sessions++] = (VrecSession) {
    .number = session, .first_track = first_new, .last_track = t->number, .leadin = leadin,
    .start = m->tracks[first_new - 1].pregap, .leadout = leadout, .format = d->page05[8],
    .closed = true,
  };
  for (int i = first_new - 1; i < m->n_tracks; i++)
    m->tracks[i].closed = true;
  if (mcn[0])
    memcpy (m->mcn, mcn, sizeof mcn);
  m->damaged = false;
  m->status = multi_session (d) == 3 ? VREC_DISC_APPENDABLE : VREC_DISC_COMPLETE;
  save (d);
  logf_ (d, "  raw session %d finalized: lead-out at %d\n", session, (int) leadout);
}

static void
cmd_write (VrecDrive *d, VrecCommand *c, bool twelve)
{
  int32_t lba = (int32_t) get32 (c->cdb + 2);
  uint32_t count = twelve ? get32 (c->cdb + 6) : get16 (c->cdb + 7);
  VrecMedium *m = d->m;

  if (!need_medium (d, c))
    return;
  logf_ (d, "  WRITE lba %d blocks %u bytes %zu\n", (int) lba, count, c->data_len);
  if (count == 0)
    return;
  /* No block is smaller than 96 bytes (CD-TEXT in the lead-in): a transfer
   * that cannot hold `count` blocks does not match any block size. */
  if (count > c->data_len / 96)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      return;
    }
  if (c->direction != 0)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00);
      return;
    }
  if (m->damaged && !(d->sao_started || d->tao_open || d->raw_started))
    {
      logf_ (d, "  ! the disc holds an aborted session\n");
      check (c, KEY_ILLEGAL_REQUEST, 0x21, 0x02);
      return;
    }
  switch (write_type (d))
    {
    case VREC_WRITE_SAO:
      write_sao (d, c, lba, count);
      break;
    case VREC_WRITE_TAO:
      write_tao (d, c, lba, count);
      break;
    case VREC_WRITE_RAW:
      write_raw (d, c, lba, count);
      break;
    default:
      sequence_error (c);
      break;
    }
}

static void
cmd_synchronize_cache (VrecDrive *d, VrecCommand *c)
{
  if (!need_medium (d, c))
    return;
  if (d->sao_started && d->sao_next < d->sao_leadout)
    {
      /* The host stopped sending in the middle of a session: a drive in
       * SAO cannot resume, the disc keeps an unfinished session. */
      if (!d->simulating)
        abort_burn (d, "SAO session stopped before its lead-out");
      d->sao_started = false;
      d->cue_valid = false;
    }
  if (d->tao_open)
    tao_close_track (d);
  if (d->raw_started)
    raw_finish (d);
}

static void
cmd_close_track_session (VrecDrive *d, VrecCommand *c)
{
  int func = c->cdb[2] & 7;

  if (!need_medium (d, c))
    return;
  switch (func)
    {
    case 1:
      if (!d->tao_open)
        {
          sequence_error (c);
          return;
        }
      tao_close_track (d);
      break;
    case 2:
      if (d->sao_started && d->sao_next < d->sao_leadout)
        {
          abort_burn (d, "session closed before its lead-out");
          d->sao_started = false;
          return;
        }
      if (d->raw_started)
        {
          raw_finish (d);
          return;
        }
      close_session (d);
      break;
    default:
      invalid_cdb (c);
      break;
    }
}

static void
cmd_blank (VrecDrive *d, VrecCommand *c)
{
  int type = c->cdb[1] & 7;

  if (!need_medium (d, c))
    return;
  if (d->m->kind != VREC_MEDIUM_CDRW)
    {
      check (c, KEY_ILLEGAL_REQUEST, 0x30, 0x05);   /* cannot write: incompatible format */
      return;
    }
  if (type != 0 && type != 1)
    {
      invalid_cdb (c);
      return;
    }
  vrec_medium_clear (d->m);
  reset_write_state (d);
  save (d);
  logf_ (d, "  disc blanked (%s)\n", type == 0 ? "full" : "minimal");
}

/* ---- reading ---- */

static bool
read_error (VrecCommand *c, VrecReadResult r, int32_t lba)
{
  if (r == VREC_READ_OK)
    return false;
  if (r == VREC_READ_UNREADABLE)
    check_info (c, KEY_MEDIUM_ERROR, 0x11, 0x05, true, (uint32_t) lba);
  else
    check_info (c, KEY_ILLEGAL_REQUEST, 0x21, 0x00, true, (uint32_t) lba);
  return true;
}

/* Mode of a sector as read: 0 audio, 1 mode 1, 2 formless, 3 form 1, 4 form 2 */
static int
sector_mode (const uint8_t *s, VrecSectorKind kind)
{
  if (kind == VREC_SECTOR_AUDIO)
    return 0;
  if (!vrec_ecma130_has_sync (s))
    return 0;
  if (s[15] == 1)
    return 1;
  if (s[15] == 2)
    {
      if (kind == VREC_SECTOR_MODE2 || s[16] != s[20] || s[18] != s[22])
        return 2;
      return (s[18] & 0x20) ? 4 : 3;
    }
  return 0;
}

static void
cmd_read10 (VrecDrive *d, VrecCommand *c, bool twelve)
{
  int32_t lba = (int32_t) get32 (c->cdb + 2);
  uint32_t count = twelve ? get32 (c->cdb + 6) : get16 (c->cdb + 7);
  uint8_t sector[2352];
  VrecSectorKind kind;

  if (!need_medium (d, c))
    return;
  if ((size_t) count * 2048 > c->data_len)
    {
      invalid_cdb (c);
      return;
    }
  for (uint32_t i = 0; i < count; i++)
    {
      VrecReadResult r = vrec_medium_read_sector (d->m, lba + (int32_t) i, false, sector, NULL,
                                                  &kind);
      if (read_error (c, r, lba + (int32_t) i))
        return;
      int mode = sector_mode (sector, kind);
      if (mode != 1 && mode != 3)
        {
          check_info (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00, true, (uint32_t) (lba + (int32_t) i));
          return;
        }
      memcpy (c->data + 2048 * i, sector + (mode == 1 ? 16 : 24), 2048);
      c->transferred = 2048 * (i + 1);
    }
}

static void
cmd_read_cd (VrecDrive *d, VrecCommand *c, bool msf)
{
  int expected = (c->cdb[1] >> 2) & 7;
  int32_t lba;
  uint32_t count;
  uint8_t flags = c->cdb[9], subsel = c->cdb[10] & 7;
  size_t pos = 0;

  if (msf)
    {
      lba = msf_lba (c->cdb + 3);
      int32_t end = msf_lba (c->cdb + 6);
      count = end > lba ? (uint32_t) (end - lba) : 0;
    }
  else
    {
      lba = (int32_t) get32 (c->cdb + 2);
      count = (uint32_t) c->cdb[6] << 16 | (uint32_t) c->cdb[7] << 8 | c->cdb[8];
    }
  if (!need_medium (d, c))
    return;
  if (expected > 5 || (subsel != 0 && subsel != 1 && subsel != 2 && subsel != 4))
    {
      invalid_cdb (c);
      return;
    }
  for (uint32_t i = 0; i < count; i++)
    {
      uint8_t sector[2352], sub[96], out[2352 + 296 + 96];
      size_t n = 0;
      VrecSectorKind kind;
      int32_t a = lba + (int32_t) i;
      VrecReadResult r = vrec_medium_read_sector (d->m, a, false, sector, sub, &kind);

      if (read_error (c, r, a))
        return;
      int mode = sector_mode (sector, kind);
      static const int want[] = { -1, 0, 1, 2, 3, 4 };
      if (expected && want[expected] != mode)
        {
          check_info (c, KEY_ILLEGAL_REQUEST, 0x64, 0x00, true, (uint32_t) a);
          return;
        }
      if (mode == 0)
        {
          if (flags & 0xf8)
            {
              memcpy (out, sector, 2352);
              n = 2352;
            }
        }
      else
        {
          /* user data span per mode: offset, length; EDC/ECC follows */
          size_t uoff = mode == 1 ? 16 : mode == 2 ? 16 : 24;
          size_t ulen = mode == 1 ? 2048 : mode == 2 ? 2336 : mode == 3 ? 2048 : 2324;
          int hc = (flags >> 5) & 3;
          if (flags & 0x80)
            memcpy (out + n, sector, 12), n += 12;
          if (hc & 1)
            memcpy (out + n, sector + 12, 4), n += 4;
          if ((hc & 2) && mode >= 3)
            memcpy (out + n, sector + 16, 8), n += 8;
          if (flags & 0x10)
            memcpy (out + n, sector + uoff, ulen), n += ulen;
          if ((flags & 0x08) && uoff + ulen < 2352)
            memcpy (out + n, sector + uoff + ulen, 2352 - uoff - ulen), n += 2352 - uoff - ulen;
        }
      if (((flags >> 1) & 3) == 1)
        memset (out + n, 0, 294), n += 294;
      else if (((flags >> 1) & 3) == 2)
        memset (out + n, 0, 296), n += 296;
      if (subsel == 1)
        memcpy (out + n, sub, 96), n += 96;
      else if (subsel == 2)
        {
          uint8_t q[16] = { 0 };
          for (int b = 0; b < 96; b++)
            q[b / 8] |= (uint8_t) (((sub[b] >> 6) & 1) << (7 - b % 8));
          memcpy (out + n, q, 16), n += 16;
        }
      else if (subsel == 4)
        {
          for (int b = 0; b < 96; b++)
            out[n + b] = sub[b] & 0x3f;
          n += 96;
        }
      if (pos + n > c->data_len)
        {
          invalid_cdb (c);
          return;
        }
      memcpy (c->data + pos, out, n);
      pos += n;
      c->transferred = pos;
    }
}

static void
cmd_read_subchannel (VrecDrive *d, VrecCommand *c)
{
  VrecMedium *m = d->m;
  uint8_t buf[24] = { 0 };
  int format = c->cdb[3];
  size_t len = 4;

  if (!need_medium (d, c))
    return;
  buf[1] = 0x15;              /* no current audio status */
  if (!(c->cdb[2] & 0x40))
    {
      put16 (buf + 2, 0);
      reply (c, buf, 4, get16 (c->cdb + 7));
      return;
    }
  switch (format)
    {
    case 1:
      buf[4] = 1;
      buf[5] = 0x10;
      buf[6] = 1;
      buf[7] = 1;
      len = 16;
      break;
    case 2:
      buf[4] = 2;
      if (m->mcn[0])
        {
          buf[8] = 0x80;
          memcpy (buf + 9, m->mcn, 13);
        }
      len = 24;
      break;
    case 3:
      {
        int tno = c->cdb[6];
        if (tno < 1 || tno > m->n_tracks)
          {
            invalid_cdb (c);
            return;
          }
        VrecTrack *t = &m->tracks[tno - 1];
        buf[4] = 3;
        buf[5] = (uint8_t) (0x30 | t->ctl);
        buf[6] = (uint8_t) tno;
        if (t->isrc[0])
          {
            buf[8] = 0x80;
            memcpy (buf + 9, t->isrc, 12);
          }
        len = 24;
      }
      break;
    default:
      invalid_cdb (c);
      return;
    }
  put16 (buf + 2, (unsigned) (len - 4));
  reply (c, buf, len, get16 (c->cdb + 7));
}

/* ---- dispatch ---- */

static const char *
command_name (uint8_t op)
{
  switch (op)
    {
    case 0x00: return "TEST UNIT READY";
    case 0x03: return "REQUEST SENSE";
    case 0x12: return "INQUIRY";
    case 0x1a: return "MODE SENSE(6)";
    case 0x1b: return "START STOP UNIT";
    case 0x1e: return "PREVENT ALLOW MEDIUM REMOVAL";
    case 0x23: return "READ FORMAT CAPACITIES";
    case 0x25: return "READ CAPACITY";
    case 0x28: return "READ(10)";
    case 0x2a: return "WRITE(10)";
    case 0x35: return "SYNCHRONIZE CACHE";
    case 0x42: return "READ SUB-CHANNEL";
    case 0x43: return "READ TOC/PMA/ATIP";
    case 0x46: return "GET CONFIGURATION";
    case 0x4a: return "GET EVENT STATUS NOTIFICATION";
    case 0x51: return "READ DISC INFORMATION";
    case 0x52: return "READ TRACK INFORMATION";
    case 0x54: return "SEND OPC INFORMATION";
    case 0x55: return "MODE SELECT(10)";
    case 0x5a: return "MODE SENSE(10)";
    case 0x5b: return "CLOSE TRACK/SESSION";
    case 0x5c: return "READ BUFFER CAPACITY";
    case 0x5d: return "SEND CUE SHEET";
    case 0xa1: return "BLANK";
    case 0xa8: return "READ(12)";
    case 0xaa: return "WRITE(12)";
    case 0xac: return "GET PERFORMANCE";
    case 0xb9: return "READ CD MSF";
    case 0xbb: return "SET CD SPEED";
    case 0xbd: return "MECHANISM STATUS";
    case 0xbe: return "READ CD";
    default: return "?";
    }
}

static int
cdb_length (uint8_t op)
{
  switch (op >> 5)
    {
    case 0: return 6;
    case 1: case 2: return 10;
    case 5: return 12;
    case 4: return 16;
    default: return 6;
    }
}

void
vrec_drive_execute (VrecDrive *d, VrecCommand *c)
{
  uint8_t op = c->cdb_len > 0 ? c->cdb[0] : 0xff;
  struct timeval tv;

  c->status = 0;
  c->transferred = 0;
  memset (c->sense, 0, sizeof c->sense);
  d->seq++;
  gettimeofday (&tv, NULL);
  if (d->log)
    {
      fprintf (d->log, "%lu %ld.%06ld pid %d %s:", d->seq, (long) tv.tv_sec, (long) tv.tv_usec,
               (int) getpid (), command_name (op));
      for (int i = 0; i < c->cdb_len; i++)
        fprintf (d->log, " %02x", c->cdb[i]);
      fprintf (d->log, " [%s %zu]\n",
               c->direction == 0 ? "out" : c->direction == 1 ? "in" : "none", c->data_len);
    }

  if (c->cdb_len < cdb_length (op))
    {
      invalid_cdb (c);
      goto done;
    }
  if (c->direction == 1 && c->data_len)
    memset (c->data, 0, c->data_len);

  switch (op)
    {
    case 0x00: cmd_test_unit_ready (d, c); break;
    case 0x03: cmd_request_sense (d, c); break;
    case 0x12: cmd_inquiry (d, c); break;
    case 0x1a: cmd_mode_sense (d, c, false); break;
    case 0x1b: cmd_start_stop (d, c); break;
    case 0x1e: cmd_prevent_allow (d, c); break;
    case 0x25: cmd_read_capacity (d, c); break;
    case 0x28: cmd_read10 (d, c, false); break;
    case 0x2a: cmd_write (d, c, false); break;
    case 0x35: cmd_synchronize_cache (d, c); break;
    case 0x42: cmd_read_subchannel (d, c); break;
    case 0x43: cmd_read_toc (d, c); break;
    case 0x46: cmd_get_configuration (d, c); break;
    case 0x4a: cmd_get_event_status (d, c); break;
    case 0x51: cmd_read_disc_information (d, c); break;
    case 0x52: cmd_read_track_information (d, c); break;
    case 0x54: if (c->direction == 0) c->transferred = c->data_len; break;
    case 0x55: cmd_mode_select (d, c, true); break;
    case 0x15: cmd_mode_select (d, c, false); break;
    case 0x5a: cmd_mode_sense (d, c, true); break;
    case 0x5b: cmd_close_track_session (d, c); break;
    case 0x5c: cmd_read_buffer_capacity (d, c); break;
    case 0x5d: cmd_send_cue_sheet (d, c); break;
    case 0xa1: cmd_blank (d, c); break;
    case 0xa8: cmd_read10 (d, c, true); break;
    case 0xaa: cmd_write (d, c, true); break;
    case 0xac: cmd_get_performance (d, c); break;
    case 0xb9: cmd_read_cd (d, c, true); break;
    case 0xbb: cmd_set_cd_speed (d, c); break;
    case 0xbd: cmd_mechanism_status (d, c); break;
    case 0xbe: cmd_read_cd (d, c, false); break;
    default:
      check (c, KEY_ILLEGAL_REQUEST, 0x20, 0x00);   /* invalid command operation code */
      break;
    }

done:
  if (c->status)
    {
      memcpy (d->sense, c->sense, sizeof d->sense);
      d->have_sense = true;
      logf_ (d, "  -> CHECK CONDITION %x/%02x/%02x\n", c->sense[2] & 0x0f, c->sense[12],
             c->sense[13]);
    }
  else if (d->log && op != 0x2a && op != 0xaa && op != 0x28 && op != 0xbe)
    {
      if (c->direction == 1 && c->transferred)
        log_hex (d, "reply", c->data, c->transferred > 96 ? 96 : c->transferred);
    }
}

int
vrec_drive_reload (VrecDrive *d)
{
  char *error = NULL;
  VrecMedium *m = vrec_medium_open (d->dir, &error);

  /* A new open of the device after everyone closed it: the medium may have
   * changed meanwhile (another process, or a test preparing it). */
  if (!m)
    {
      fprintf (stderr, "vrecorder: %s\n", error ? error : "cannot open the medium");
      free (error);
      return -1;
    }
  vrec_medium_free (d->m);
  d->m = m;
  reset_write_state (d);
  return 0;
}

void
vrec_drive_host_closed (VrecDrive *d)
{
  /* The last file descriptor went away.  A real drive goes on with what it
   * has; ours keeps the medium as it is, which already says "unfinished"
   * for a session the host never completed. */
  if (d->m)
    save (d);
}
