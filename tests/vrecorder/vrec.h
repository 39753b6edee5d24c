/* vrec.h: the virtual CD recorder, an emulator used only by Spindle's tests
 *
 * The virtual recorder is a test double at the hardware boundary: loaded
 * with LD_PRELOAD into an unmodified libburn program (cdrskin, xorriso,
 * spindle-cli) or cdrdao, it makes one path behave as an MMC CD-R/RW
 * recorder and keeps, in a state directory, what a real disc would hold.
 * See README.md in this folder for what is emulated and what is not.
 *
 * The state directory holds:
 *   config        optional settings (medium=, capacity=, fail_write_at=, ...)
 *   state         the medium: kind, status, sessions, tracks, indices, MCN
 *   cdtext.bin    CD-TEXT packs (18 bytes each) recovered from the lead-in
 *   blocks.idx    one VrecBlockRecord per block the host wrote, in order
 *   blocks.bin    the bytes of those blocks exactly as the host sent them
 *   cuesheet.bin  the last cue sheet the drive accepted (SEND CUE SHEET)
 *   modepage05.bin the write parameters page in effect at the last write
 *   commands.log  every command: CDB, parameter data, status and sense
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vrec-ecma130.h"

#define VREC_MAX_TRACKS 99
#define VREC_MAX_SESSIONS 99
#define VREC_MAX_INDEX 99
#define VREC_LBA_MIN (-23000)     /* earliest lead-in the emulator can hold */
#define VREC_LBA_MAX 449999       /* last address of a 99:59:74 disc */

typedef enum
{
  VREC_MEDIUM_NONE,
  VREC_MEDIUM_CDR,
  VREC_MEDIUM_CDRW,
} VrecMediumKind;

typedef enum
{
  VREC_DISC_BLANK,
  VREC_DISC_INCOMPLETE,   /* a session is open: being written, or aborted */
  VREC_DISC_APPENDABLE,   /* last session closed, another may follow */
  VREC_DISC_COMPLETE,     /* finalized */
} VrecDiscStatus;

typedef enum
{
  VREC_WRITE_PACKET = 0,
  VREC_WRITE_TAO = 1,
  VREC_WRITE_SAO = 2,
  VREC_WRITE_RAW = 3,
} VrecWriteType;

/* What the drive writes in a sector it fills itself or from host data. */
typedef enum
{
  VREC_SECTOR_AUDIO,
  VREC_SECTOR_MODE1,
  VREC_SECTOR_MODE2,        /* formless */
  VREC_SECTOR_MODE2_XA,     /* Form 1 or 2 from the subheader */
  VREC_SECTOR_RAW,          /* host sent all 2352 bytes */
} VrecSectorKind;

typedef struct
{
  int number;
  int session;
  uint8_t ctl;              /* Q control nibble */
  uint8_t write_type;
  uint8_t form;             /* SAO data form / TAO block type of the track */
  uint8_t pregap_form;      /* data form of index 0; a 0-byte form: drive-made */
  int32_t pregap;           /* LBA of index 0 (== start when there is none) */
  int32_t start;            /* LBA of index 1 */
  int32_t end;              /* first LBA after the track, run-out included */
  int32_t readable_end;     /* first LBA after the readable part (TAO run-out) */
  int n_index;              /* highest index number (>= 1) */
  int32_t index[VREC_MAX_INDEX + 1]; /* index[i] for 2 <= i <= n_index */
  char isrc[13];
  bool closed;
  bool damaged;
} VrecTrack;

typedef struct
{
  int number;
  int first_track;
  int last_track;
  int32_t leadin;           /* first LBA of the lead-in */
  int32_t start;            /* first LBA of the program area */
  int32_t leadout;          /* first LBA of the lead-out */
  uint8_t format;           /* disc type: 00h CD-DA/CD-ROM, 10h CD-I, 20h XA */
  bool closed;
} VrecSession;

typedef struct
{
  int32_t lba;
  uint8_t write_type;
  uint8_t form;             /* SAO data form byte / TAO or RAW block type */
  uint16_t main_len;
  uint16_t sub_len;
  uint8_t track;
  uint8_t flags;
  uint32_t reserved;
  uint64_t offset;          /* into blocks.bin */
} VrecBlockRecord;

_Static_assert (sizeof (VrecBlockRecord) == 24, "record layout is read by vrec_verify.py");

#define VREC_NEVER INT64_MIN

typedef struct
{
  char *dir;

  /* persistent medium state */
  VrecMediumKind kind;
  bool present;             /* false once removed (error injection) */
  bool tray_open;
  int32_t atip_leadin;
  int32_t leadout_max;      /* last possible lead-out start */
  VrecDiscStatus status;
  bool damaged;             /* a write was aborted: nothing can follow */
  char mcn[14];
  int n_sessions;
  VrecSession sessions[VREC_MAX_SESSIONS];
  int n_tracks;
  VrecTrack tracks[VREC_MAX_TRACKS];
  uint8_t *cdtext;          /* packs, 18 bytes each */
  size_t cdtext_len;

  /* fault injection and pacing (config file or environment) */
  /* Fault positions are LBAs, negative ones (lead-in, pregap) included;
   * VREC_NEVER: no fault. */
  int64_t fail_write_at;
  int64_t remove_at;
  unsigned write_delay_us;  /* per block, so tests can interrupt a burn */
  int64_t corrupt_write_at; /* that block is recorded with a bit flipped */
  int64_t unreadable_at;    /* reading that sector fails (3/11/05) */

  /* journal of written blocks, and the last record written per LBA */
  FILE *idx_file;
  FILE *bin_file;
  uint64_t bin_size;
  VrecBlockRecord *records;
  size_t n_records;
  size_t records_alloc;
  int32_t *latest;          /* [lba - VREC_LBA_MIN] -> record index or -1 */
} VrecMedium;

/* vrec-medium.c */
VrecMedium *vrec_medium_open (const char *dir, char **error);
void vrec_medium_free (VrecMedium *m);
int vrec_medium_save (VrecMedium *m);
int vrec_medium_init (const char *dir, const char *medium, int32_t capacity, char **error);
void vrec_medium_clear (VrecMedium *m);
int vrec_medium_append_block (VrecMedium *m, const VrecBlockRecord *rec_in,
                              const uint8_t *data, size_t len);
int vrec_medium_block_data (VrecMedium *m, const VrecBlockRecord *rec, uint8_t *buf);
const VrecBlockRecord *vrec_medium_latest (VrecMedium *m, int32_t lba);
VrecTrack *vrec_medium_track_at (VrecMedium *m, int32_t lba);
VrecSession *vrec_medium_session_of (VrecMedium *m, const VrecTrack *t);
int vrec_medium_index_at (const VrecTrack *t, int32_t lba);
size_t vrec_form_main_size (uint8_t form);
size_t vrec_form_sub_size (uint8_t form);
size_t vrec_block_type_size (uint8_t block_type);
bool vrec_form_supported (uint8_t form);
bool vrec_form_generated (uint8_t form);
int32_t vrec_medium_next_session_start (VrecMedium *m);
int32_t vrec_medium_readable_end (VrecMedium *m);

typedef enum
{
  VREC_READ_OK,
  VREC_READ_UNWRITTEN,      /* never written: blank area or beyond */
  VREC_READ_UNREADABLE,     /* written but not readable (TAO run-out) */
} VrecReadResult;

/* What a reader gets at `lba`: 2352 bytes of main channel (descrambled,
 * with the sync/header/EDC/ECC the drive generated) and the 96 bytes of
 * raw P-W sub-channel (Q generated by the drive unless the host wrote raw
 * sub-channel).  `kind_out` tells how the main channel is to be read. */
VrecReadResult vrec_medium_read_sector (VrecMedium *m, int32_t lba, bool force,
                                        uint8_t *main_out, uint8_t *sub_out,
                                        VrecSectorKind *kind_out);

void vrec_q_position (uint8_t *q, uint8_t ctl, int tno, int index, int32_t rel, int32_t lba);
void vrec_q_crc (uint8_t *q);
void vrec_subchannel_interleave (uint8_t *raw96, uint8_t p, const uint8_t *q12, const uint8_t *rw96);

/* vrec-mmc.c */
typedef struct VrecDrive VrecDrive;

typedef struct
{
  const uint8_t *cdb;
  int cdb_len;
  int direction;            /* -1 none, 0 to device, 1 from device */
  uint8_t *data;
  size_t data_len;
  /* results */
  size_t transferred;
  uint8_t status;           /* 0 GOOD, 2 CHECK CONDITION */
  uint8_t sense[18];
} VrecCommand;

VrecDrive *vrec_drive_new (const char *dir, FILE *log);
void vrec_drive_free (VrecDrive *d);
void vrec_drive_execute (VrecDrive *d, VrecCommand *cmd);
void vrec_drive_host_closed (VrecDrive *d);
int vrec_drive_reload (VrecDrive *d);
void vrec_drive_set_log (VrecDrive *d, FILE *log);
VrecMedium *vrec_drive_medium (VrecDrive *d);
int vrec_drive_cdrom_status (VrecDrive *d);
