/* vrec-preload.c: LD_PRELOAD entry points of the virtual CD recorder
 *
 * The virtual recorder is an emulator, a test double at the hardware
 * boundary, never installed and never linked into Spindle.  Preloaded into
 * a program, it makes exactly one path (SPINDLE_VRECORDER_DEVICE) behave as
 * a Linux SCSI CD-R/RW recorder device node: open/openat and friends give a
 * descriptor, stat says "block device", and ioctl(SG_IO) (or the CD-ROM
 * layer's CDROM_SEND_PACKET) reaches the emulated drive in vrec-mmc.c.  The
 * identification ioctls libburn and cdrdao issue before talking SCSI are
 * answered as the sr/sg drivers would.  Every other path and descriptor
 * goes straight to the real libc through dlsym(RTLD_NEXT).
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
/* We define open(), stat() and friends ourselves: no header redirections
 * to their 64-bit names and no fortified inline versions in this file. */
#undef _FILE_OFFSET_BITS
#undef _TIME_BITS
#undef _FORTIFY_SOURCE

#include "vrec.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <pthread.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MAX_FDS 65536
#define VREC_MAJOR 11          /* SCSI CD-ROM */
#define VREC_MINOR 250         /* not a minor any real sr device uses */
#define VREC_HOST 9

#define EXPORT __attribute__ ((visibility ("default")))

/* glibc entry points that its headers only declare with _FORTIFY_SOURCE,
 * or (the __xstat family) no longer declare at all; binaries built against
 * older or fortified headers still call them. */
EXPORT int __open_2 (const char *path, int flags);
EXPORT int __open64_2 (const char *path, int flags);
EXPORT int __openat_2 (int dirfd, const char *path, int flags);
EXPORT int __openat64_2 (int dirfd, const char *path, int flags);
EXPORT int __xstat (int ver, const char *path, struct stat *st);
EXPORT int __xstat64 (int ver, const char *path, struct stat64 *st);
EXPORT int __lxstat (int ver, const char *path, struct stat *st);
EXPORT int __lxstat64 (int ver, const char *path, struct stat64 *st);
EXPORT int __fxstat (int ver, int fd, struct stat *st);
EXPORT int __fxstat64 (int ver, int fd, struct stat64 *st);
EXPORT int __fxstatat (int ver, int dirfd, const char *path, struct stat *st, int flags);
EXPORT int __fxstatat64 (int ver, int dirfd, const char *path, struct stat64 *st, int flags);

static char device_path[4096];
static char state_dir[4096];
static bool enabled;

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static VrecDrive *drive;
static FILE *log_file;
static int open_count;
static int excl_count;
static int reserved_size = 32768;
static pid_t drive_pid;
static volatile unsigned char fd_ours[MAX_FDS];
static volatile unsigned char fd_excl[MAX_FDS];
static off_t fd_pos[MAX_FDS];

/* ---- the real libc ---- */

#define REAL(ret, name, args)                                         \
  static ret (*real_##name) args;                                     \
  static ret (*get_real_##name (void)) args                           \
  {                                                                   \
    if (!real_##name)                                                 \
      real_##name = (ret (*) args) dlsym (RTLD_NEXT, #name);          \
    return real_##name;                                               \
  }

REAL (int, open, (const char *, int, ...))
REAL (int, open64, (const char *, int, ...))
REAL (int, __open_2, (const char *, int))
REAL (int, __open64_2, (const char *, int))
REAL (int, openat, (int, const char *, int, ...))
REAL (int, openat64, (int, const char *, int, ...))
REAL (int, __openat_2, (int, const char *, int))
REAL (int, __openat64_2, (int, const char *, int))
REAL (int, close, (int))
REAL (int, ioctl, (int, unsigned long, ...))
REAL (int, fcntl, (int, int, ...))
REAL (int, fcntl64, (int, int, ...))
REAL (int, dup, (int))
REAL (int, dup2, (int, int))
REAL (int, dup3, (int, int, int))
REAL (int, stat, (const char *, struct stat *))
REAL (int, stat64, (const char *, struct stat64 *))
REAL (int, lstat, (const char *, struct stat *))
REAL (int, lstat64, (const char *, struct stat64 *))
REAL (int, fstat, (int, struct stat *))
REAL (int, fstat64, (int, struct stat64 *))
REAL (int, fstatat, (int, const char *, struct stat *, int))
REAL (int, fstatat64, (int, const char *, struct stat64 *, int))
REAL (int, __xstat, (int, const char *, struct stat *))
REAL (int, __xstat64, (int, const char *, struct stat64 *))
REAL (int, __lxstat, (int, const char *, struct stat *))
REAL (int, __lxstat64, (int, const char *, struct stat64 *))
REAL (int, __fxstat, (int, int, struct stat *))
REAL (int, __fxstat64, (int, int, struct stat64 *))
REAL (int, __fxstatat, (int, int, const char *, struct stat *, int))
REAL (int, __fxstatat64, (int, int, const char *, struct stat64 *, int))
REAL (int, statx, (int, const char *, int, unsigned int, struct statx *))
REAL (int, access, (const char *, int))
REAL (int, faccessat, (int, const char *, int, int))
REAL (int, euidaccess, (const char *, int))
REAL (int, eaccess, (const char *, int))
REAL (ssize_t, read, (int, void *, size_t))
REAL (ssize_t, write, (int, const void *, size_t))
REAL (ssize_t, pwrite, (int, const void *, size_t, off_t))
REAL (ssize_t, pwrite64, (int, const void *, size_t, off64_t))
REAL (ssize_t, pread, (int, void *, size_t, off_t))
REAL (ssize_t, pread64, (int, void *, size_t, off64_t))
REAL (off_t, lseek, (int, off_t, int))
REAL (off64_t, lseek64, (int, off64_t, int))

/* ---- configuration ---- */

static void
normalize (char *path)
{
  /* Collapse "//" and "/./" so a relative or untidy spelling of the
   * device path still names the device. */
  char *r = path, *w = path;

  while (*r)
    {
      if (r[0] == '/' && r[1] == '/')
        {
          r++;
          continue;
        }
      if (r[0] == '/' && r[1] == '.' && (r[2] == '/' || r[2] == 0))
        {
          r += 2;
          continue;
        }
      *w++ = *r++;
    }
  *w = 0;
  if (w > path + 1 && w[-1] == '/')
    w[-1] = 0;
}

__attribute__ ((constructor)) static void
vrec_init (void)
{
  const char *dev = getenv ("SPINDLE_VRECORDER_DEVICE");
  const char *dir = getenv ("SPINDLE_VRECORDER_DIR");

  if (!dev || !*dev)
    return;
  if (dev[0] != '/')
    {
      char cwd[2048];
      if (!getcwd (cwd, sizeof cwd))
        return;
      snprintf (device_path, sizeof device_path, "%s/%s", cwd, dev);
    }
  else
    snprintf (device_path, sizeof device_path, "%s", dev);
  normalize (device_path);
  if (dir && *dir)
    snprintf (state_dir, sizeof state_dir, "%s", dir);
  else if (strlen (device_path) + 6 <= sizeof state_dir)
    {
      memcpy (state_dir, device_path, strlen (device_path));
      memcpy (state_dir + strlen (device_path), ".vrec", 6);
    }
  else
    return;
  enabled = true;
}

static bool
is_device (int dirfd, const char *path)
{
  char buf[4096];

  if (!enabled || !path || !*path)
    return false;
  if (strcmp (path, device_path) == 0)
    return true;
  if (path[0] == '/')
    {
      snprintf (buf, sizeof buf, "%s", path);
      normalize (buf);
      return strcmp (buf, device_path) == 0;
    }
  if (dirfd != AT_FDCWD)
    return false;
  {
    char cwd[2048];
    if (!getcwd (cwd, sizeof cwd))
      return false;
    snprintf (buf, sizeof buf, "%s/%s", cwd, path);
    normalize (buf);
    return strcmp (buf, device_path) == 0;
  }
}

static bool
is_ours (int fd)
{
  return enabled && fd >= 0 && fd < MAX_FDS && fd_ours[fd];
}

static void
log_line (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

static void
log_line (const char *fmt, ...)
{
  va_list ap;

  if (!log_file)
    return;
  va_start (ap, fmt);
  fprintf (log_file, "- pid %d ", (int) getpid ());
  vfprintf (log_file, fmt, ap);
  fputc ('\n', log_file);
  fflush (log_file);
  va_end (ap);
}

/* ---- open / close ---- */

static int
device_open (int flags)
{
  char path[4200];
  int fd;

  pthread_mutex_lock (&lock);
  if (!drive)
    {
      /* Creating the drive creates the state directory, then the log. */
      drive = vrec_drive_new (state_dir, NULL);
      if (!drive)
        {
          pthread_mutex_unlock (&lock);
          errno = EIO;
          return -1;
        }
      snprintf (path, sizeof path, "%s/commands.log", state_dir);
      log_file = fopen (path, "a");
      vrec_drive_set_log (drive, log_file);
      drive_pid = getpid ();
    }
  if (open_count == 0 && vrec_drive_reload (drive) < 0)
    {
      pthread_mutex_unlock (&lock);
      errno = EIO;
      return -1;
    }
  if ((flags & O_EXCL) && (excl_count > 0))
    {
      /* O_EXCL on a device node: busy while another exclusive open holds it */
      log_line ("open(%s, O_EXCL) -> EBUSY", device_path);
      pthread_mutex_unlock (&lock);
      errno = EBUSY;
      return -1;
    }
  snprintf (path, sizeof path, "%s/device.lock", state_dir);
  fd = get_real_open () (path, O_RDWR | O_CREAT | (flags & O_CLOEXEC), 0644);
  if (fd < 0 || fd >= MAX_FDS)
    {
      int e = errno;
      if (fd >= 0)
        get_real_close () (fd);
      pthread_mutex_unlock (&lock);
      errno = fd >= 0 ? EMFILE : e;
      return -1;
    }
  fd_ours[fd] = 1;
  fd_excl[fd] = (flags & O_EXCL) ? 1 : 0;
  fd_pos[fd] = 0;
  excl_count += fd_excl[fd];
  open_count++;
  log_line ("open(%s, 0x%x) -> fd %d", device_path, flags, fd);
  pthread_mutex_unlock (&lock);
  return fd;
}

static void
forget_fd (int fd)
{
  pthread_mutex_lock (&lock);
  if (fd_ours[fd])
    {
      fd_ours[fd] = 0;
      excl_count -= fd_excl[fd];
      fd_excl[fd] = 0;
      open_count--;
      log_line ("close(fd %d)", fd);
      /* A forked child (cdrskin's fifo) closing its inherited copy must not
       * write its stale picture of the medium over its parent's. */
      if (open_count == 0 && drive && getpid () == drive_pid)
        vrec_drive_host_closed (drive);
    }
  pthread_mutex_unlock (&lock);
}

static void
adopt_fd (int oldfd, int newfd)
{
  if (newfd < 0 || newfd >= MAX_FDS)
    return;
  pthread_mutex_lock (&lock);
  if (fd_ours[newfd])
    forget_fd (newfd);
  fd_ours[newfd] = 1;
  fd_pos[newfd] = fd_pos[oldfd];
  open_count++;
  pthread_mutex_unlock (&lock);
}

static mode_t
mode_arg (int flags, va_list ap)
{
  if (flags & (O_CREAT | __O_TMPFILE))
    return (mode_t) va_arg (ap, int);
  return 0;
}

EXPORT int
open (const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  if (is_device (AT_FDCWD, path))
    return device_open (flags);
  return get_real_open () (path, flags, mode);
}

EXPORT int
open64 (const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  if (is_device (AT_FDCWD, path))
    return device_open (flags);
  return get_real_open64 () (path, flags, mode);
}

EXPORT int
__open_2 (const char *path, int flags)
{
  if (is_device (AT_FDCWD, path))
    return device_open (flags);
  return get_real___open_2 () (path, flags);
}

EXPORT int
__open64_2 (const char *path, int flags)
{
  if (is_device (AT_FDCWD, path))
    return device_open (flags);
  return get_real___open64_2 () (path, flags);
}

EXPORT int
openat (int dirfd, const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  if (is_device (dirfd, path))
    return device_open (flags);
  return get_real_openat () (dirfd, path, flags, mode);
}

EXPORT int
openat64 (int dirfd, const char *path, int flags, ...)
{
  va_list ap;
  mode_t mode;

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  if (is_device (dirfd, path))
    return device_open (flags);
  return get_real_openat64 () (dirfd, path, flags, mode);
}

EXPORT int
__openat_2 (int dirfd, const char *path, int flags)
{
  if (is_device (dirfd, path))
    return device_open (flags);
  return get_real___openat_2 () (dirfd, path, flags);
}

EXPORT int
__openat64_2 (int dirfd, const char *path, int flags)
{
  if (is_device (dirfd, path))
    return device_open (flags);
  return get_real___openat64_2 () (dirfd, path, flags);
}

EXPORT int
close (int fd)
{
  if (is_ours (fd))
    forget_fd (fd);
  return get_real_close () (fd);
}

EXPORT int
dup (int fd)
{
  int r = get_real_dup () (fd);

  if (r >= 0 && is_ours (fd))
    adopt_fd (fd, r);
  return r;
}

EXPORT int
dup2 (int fd, int fd2)
{
  bool ours = is_ours (fd);
  int r;

  if (fd != fd2 && is_ours (fd2))
    forget_fd (fd2);
  r = get_real_dup2 () (fd, fd2);
  if (r >= 0 && ours && fd != fd2)
    adopt_fd (fd, r);
  return r;
}

EXPORT int
dup3 (int fd, int fd2, int flags)
{
  bool ours = is_ours (fd);
  int r;

  if (is_ours (fd2))
    forget_fd (fd2);
  r = get_real_dup3 () (fd, fd2, flags);
  if (r >= 0 && ours)
    adopt_fd (fd, r);
  return r;
}

static int
do_fcntl (int (*real) (int, int, ...), int fd, int cmd, void *arg)
{
  int r = real (fd, cmd, arg);

  /* Locks and flags act on the descriptor we really opened, which gives
   * F_SETLK the cross-process semantics libburn relies on. */
  if (r >= 0 && is_ours (fd) && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC))
    adopt_fd (fd, r);
  return r;
}

EXPORT int
fcntl (int fd, int cmd, ...)
{
  va_list ap;
  void *arg;

  va_start (ap, cmd);
  arg = va_arg (ap, void *);
  va_end (ap);
  return do_fcntl (get_real_fcntl (), fd, cmd, arg);
}

EXPORT int
fcntl64 (int fd, int cmd, ...)
{
  va_list ap;
  void *arg;

  va_start (ap, cmd);
  arg = va_arg (ap, void *);
  va_end (ap);
  if (!get_real_fcntl64 ())
    return do_fcntl (get_real_fcntl (), fd, cmd, arg);
  return do_fcntl (get_real_fcntl64 (), fd, cmd, arg);
}

/* ---- stat ---- */

static void
fill_stat (struct stat *st)
{
  memset (st, 0, sizeof *st);
  st->st_mode = S_IFBLK | 0660;
  st->st_rdev = makedev (VREC_MAJOR, VREC_MINOR);
  st->st_dev = makedev (0, 5);
  st->st_ino = 0x5652ec;
  st->st_nlink = 1;
  st->st_uid = getuid ();
  st->st_gid = getgid ();
  st->st_blksize = 2048;
  st->st_atime = st->st_mtime = st->st_ctime = 1700000000;
}

/* On 64-bit Linux struct stat64 has the layout of struct stat. */
_Static_assert (sizeof (struct stat) == sizeof (struct stat64), "64-bit stat layout");

EXPORT int
stat (const char *path, struct stat *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat (st);
      return 0;
    }
  return get_real_stat () (path, st);
}

EXPORT int
stat64 (const char *path, struct stat64 *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real_stat64 () (path, st);
}

EXPORT int
lstat (const char *path, struct stat *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat (st);
      return 0;
    }
  return get_real_lstat () (path, st);
}

EXPORT int
lstat64 (const char *path, struct stat64 *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real_lstat64 () (path, st);
}

EXPORT int
fstat (int fd, struct stat *st)
{
  if (is_ours (fd))
    {
      fill_stat (st);
      return 0;
    }
  return get_real_fstat () (fd, st);
}

EXPORT int
fstat64 (int fd, struct stat64 *st)
{
  if (is_ours (fd))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real_fstat64 () (fd, st);
}

static bool
at_is_device (int dirfd, const char *path, int flags)
{
  if ((flags & AT_EMPTY_PATH) && path && !*path)
    return is_ours (dirfd);
  return is_device (dirfd, path);
}

EXPORT int
fstatat (int dirfd, const char *path, struct stat *st, int flags)
{
  if (at_is_device (dirfd, path, flags))
    {
      fill_stat (st);
      return 0;
    }
  return get_real_fstatat () (dirfd, path, st, flags);
}

EXPORT int
fstatat64 (int dirfd, const char *path, struct stat64 *st, int flags)
{
  if (at_is_device (dirfd, path, flags))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real_fstatat64 () (dirfd, path, st, flags);
}

EXPORT int
__xstat (int ver, const char *path, struct stat *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat (st);
      return 0;
    }
  return get_real___xstat () (ver, path, st);
}

EXPORT int
__xstat64 (int ver, const char *path, struct stat64 *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real___xstat64 () (ver, path, st);
}

EXPORT int
__lxstat (int ver, const char *path, struct stat *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat (st);
      return 0;
    }
  return get_real___lxstat () (ver, path, st);
}

EXPORT int
__lxstat64 (int ver, const char *path, struct stat64 *st)
{
  if (is_device (AT_FDCWD, path))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real___lxstat64 () (ver, path, st);
}

EXPORT int
__fxstat (int ver, int fd, struct stat *st)
{
  if (is_ours (fd))
    {
      fill_stat (st);
      return 0;
    }
  return get_real___fxstat () (ver, fd, st);
}

EXPORT int
__fxstat64 (int ver, int fd, struct stat64 *st)
{
  if (is_ours (fd))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real___fxstat64 () (ver, fd, st);
}

EXPORT int
__fxstatat (int ver, int dirfd, const char *path, struct stat *st, int flags)
{
  if (at_is_device (dirfd, path, flags))
    {
      fill_stat (st);
      return 0;
    }
  return get_real___fxstatat () (ver, dirfd, path, st, flags);
}

EXPORT int
__fxstatat64 (int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
  if (at_is_device (dirfd, path, flags))
    {
      fill_stat ((struct stat *) st);
      return 0;
    }
  return get_real___fxstatat64 () (ver, dirfd, path, st, flags);
}

EXPORT int
statx (int dirfd, const char *path, int flags, unsigned int mask, struct statx *stx)
{
  if (at_is_device (dirfd, path, flags))
    {
      struct stat st;
      fill_stat (&st);
      memset (stx, 0, sizeof *stx);
      stx->stx_mask = STATX_BASIC_STATS;
      stx->stx_mode = (uint16_t) st.st_mode;
      stx->stx_nlink = 1;
      stx->stx_uid = st.st_uid;
      stx->stx_gid = st.st_gid;
      stx->stx_ino = st.st_ino;
      stx->stx_blksize = 2048;
      stx->stx_rdev_major = VREC_MAJOR;
      stx->stx_rdev_minor = VREC_MINOR;
      stx->stx_dev_minor = 5;
      return 0;
    }
  return get_real_statx () (dirfd, path, flags, mask, stx);
}

EXPORT int
access (const char *path, int mode)
{
  if (is_device (AT_FDCWD, path))
    return 0;
  return get_real_access () (path, mode);
}

EXPORT int
faccessat (int dirfd, const char *path, int mode, int flags)
{
  if (is_device (dirfd, path))
    return 0;
  return get_real_faccessat () (dirfd, path, mode, flags);
}

EXPORT int
euidaccess (const char *path, int mode)
{
  if (is_device (AT_FDCWD, path))
    return 0;
  return get_real_euidaccess () (path, mode);
}

EXPORT int
eaccess (const char *path, int mode)
{
  if (is_device (AT_FDCWD, path))
    return 0;
  return get_real_eaccess () (path, mode);
}

/* ---- the drive behind the descriptor ---- */

static int
run_command (const uint8_t *cdb, int cdb_len, int direction, void *data, size_t len,
             uint8_t *sense, size_t sense_max, size_t *sense_len, size_t *transferred,
             uint8_t *status)
{
  VrecCommand c = {
    .cdb = cdb, .cdb_len = cdb_len, .direction = direction, .data = data, .data_len = len,
  };

  pthread_mutex_lock (&lock);
  vrec_drive_execute (drive, &c);
  pthread_mutex_unlock (&lock);
  *status = c.status;
  *transferred = c.transferred;
  *sense_len = 0;
  if (c.status && sense && sense_max)
    {
      *sense_len = sense_max < sizeof c.sense ? sense_max : sizeof c.sense;
      memcpy (sense, c.sense, *sense_len);
    }
  return 0;
}

static int
do_sg_io (sg_io_hdr_t *h)
{
  int direction;
  size_t sense_len = 0, transferred = 0;
  uint8_t status = 0;

  if (!h || h->interface_id != 'S')
    {
      errno = ENOSYS;
      return -1;
    }
  if (h->iovec_count || !h->cmdp || h->cmd_len < 6 || h->cmd_len > 16)
    {
      errno = EINVAL;
      return -1;
    }
  /* Like the kernel's sg_io(): without a transfer the direction does not
   * matter (cdrdao leaves it 0 for commands without data). */
  switch (h->dxfer_len ? h->dxfer_direction : SG_DXFER_NONE)
    {
    case SG_DXFER_NONE: direction = -1; break;
    case SG_DXFER_TO_DEV: direction = 0; break;
    case SG_DXFER_FROM_DEV:
    case SG_DXFER_TO_FROM_DEV: direction = 1; break;
    default:
      errno = EINVAL;
      return -1;
    }
  if (direction != -1 && h->dxfer_len && !h->dxferp)
    {
      errno = EFAULT;
      return -1;
    }
  run_command (h->cmdp, h->cmd_len, direction, h->dxferp,
               direction == -1 ? 0 : h->dxfer_len, h->sbp, h->mx_sb_len, &sense_len,
               &transferred, &status);
  h->status = status;
  h->masked_status = (unsigned char) (status >> 1);
  h->msg_status = 0;
  h->host_status = 0;
  h->driver_status = status ? 0x08 : 0;   /* DRIVER_SENSE */
  h->sb_len_wr = (unsigned char) sense_len;
  h->resid = (int) ((direction == -1 ? 0 : h->dxfer_len) - transferred);
  h->duration = 1;
  h->info = status ? SG_INFO_CHECK : SG_INFO_OK;
  return 0;
}

static int
do_send_packet (struct cdrom_generic_command *cgc)
{
  int direction;
  size_t sense_len = 0, transferred = 0;
  uint8_t status = 0, sense[18];

  switch (cgc->data_direction)
    {
    case CGC_DATA_WRITE: direction = 0; break;
    case CGC_DATA_READ: direction = 1; break;
    default: direction = -1; break;
    }
  run_command (cgc->cmd, 12, direction, cgc->buffer, direction == -1 ? 0 : cgc->buflen,
               sense, sizeof sense, &sense_len, &transferred, &status);
  cgc->stat = status;
  if (cgc->sense)
    {
      memset (cgc->sense, 0, sizeof *cgc->sense);
      if (status)
        memcpy (cgc->sense, sense, sense_len < sizeof *cgc->sense ? sense_len : sizeof *cgc->sense);
    }
  if (status)
    {
      errno = EIO;
      return -1;
    }
  return 0;
}

/* The CD-ROM layer's own TOC ioctls (libcdio uses them), answered from
 * READ TOC like the sr driver does. */
static int
toc_ioctl (unsigned long request, void *arg)
{
  uint8_t cdb[10] = { 0x43 }, buf[1024], sense[18], status;
  size_t sense_len, transferred;

  cdb[7] = sizeof buf >> 8;
  cdb[8] = sizeof buf & 0xff;
  if (request == CDROMMULTISESSION)
    {
      struct cdrom_multisession *ms = arg;
      cdb[2] = 1;
      run_command (cdb, 10, 1, buf, sizeof buf, sense, sizeof sense, &sense_len, &transferred,
                   &status);
      if (status)
        goto fail;
      ms->xa_flag = buf[3] > 1;
      ms->addr_format = ms->addr_format == CDROM_MSF ? CDROM_MSF : CDROM_LBA;
      int32_t lba = (int32_t) ((uint32_t) buf[8] << 24 | buf[9] << 16 | buf[10] << 8 | buf[11]);
      if (ms->addr_format == CDROM_MSF)
        {
          int m, s, f;
          vrec_lba_to_msf (lba, &m, &s, &f);
          ms->addr.msf.minute = (uint8_t) m;
          ms->addr.msf.second = (uint8_t) s;
          ms->addr.msf.frame = (uint8_t) f;
        }
      else
        ms->addr.lba = lba;
      return 0;
    }
  run_command (cdb, 10, 1, buf, sizeof buf, sense, sizeof sense, &sense_len, &transferred,
               &status);
  if (status)
    goto fail;
  if (request == CDROMREADTOCHDR)
    {
      struct cdrom_tochdr *h = arg;
      h->cdth_trk0 = buf[2];
      h->cdth_trk1 = buf[3];
      return 0;
    }
  else
    {
      struct cdrom_tocentry *e = arg;
      size_t len = (size_t) (buf[0] << 8 | buf[1]) + 2;
      for (size_t pos = 4; pos + 8 <= len; pos += 8)
        {
          if (buf[pos + 2] != e->cdte_track)
            continue;
          int32_t lba = (int32_t) ((uint32_t) buf[pos + 4] << 24 | buf[pos + 5] << 16
                                   | buf[pos + 6] << 8 | buf[pos + 7]);
          e->cdte_adr = buf[pos + 1] >> 4;
          e->cdte_ctrl = buf[pos + 1] & 0x0f;
          e->cdte_datamode = 0;
          if (e->cdte_format == CDROM_MSF)
            {
              int m, s, f;
              vrec_lba_to_msf (lba, &m, &s, &f);
              e->cdte_addr.msf.minute = (uint8_t) m;
              e->cdte_addr.msf.second = (uint8_t) s;
              e->cdte_addr.msf.frame = (uint8_t) f;
            }
          else
            {
              e->cdte_format = CDROM_LBA;
              e->cdte_addr.lba = lba;
            }
          return 0;
        }
    }
fail:
  errno = EIO;
  return -1;
}

static int
device_ioctl (int fd, unsigned long request, void *arg)
{
  VrecMedium *m;
  int r = 0;

  switch (request)
    {
    case SG_IO:
      return do_sg_io (arg);
    case CDROM_SEND_PACKET:
      return do_send_packet (arg);
    case CDROMREADTOCHDR:
    case CDROMREADTOCENTRY:
    case CDROMMULTISESSION:
      return toc_ioctl (request, arg);
    default:
      break;
    }

  pthread_mutex_lock (&lock);
  m = vrec_drive_medium (drive);
  switch (request)
    {
    case SG_GET_VERSION_NUM:
      *(int *) arg = 30536;
      break;
    case SG_GET_SCSI_ID:
      {
        struct sg_scsi_id *id = arg;
        memset (id, 0, sizeof *id);
        id->host_no = VREC_HOST;
        id->scsi_type = TYPE_ROM;
        id->h_cmd_per_lun = 1;
        id->d_queue_depth = 1;
      }
      break;
    case SG_SET_RESERVED_SIZE:
      {
        int want = *(int *) arg;
        reserved_size = want < 0 ? 0 : want > 1048576 ? 1048576 : want;
      }
      break;
    case SG_GET_RESERVED_SIZE:
      *(int *) arg = reserved_size;
      break;
    case SG_SET_TIMEOUT:
      break;
    case SG_GET_TIMEOUT:
      r = 60 * 100;
      break;
    case SG_EMULATED_HOST:
      *(int *) arg = 0;
      break;
    case SCSI_IOCTL_GET_IDLUN:
      ((int *) arg)[0] = 0 | (0 << 8) | (0 << 16) | (VREC_HOST << 24);
      ((int *) arg)[1] = VREC_HOST + 1;
      break;
    case SCSI_IOCTL_GET_BUS_NUMBER:
      *(int *) arg = VREC_HOST;
      break;
    case CDROM_DRIVE_STATUS:
      r = vrec_drive_cdrom_status (drive);
      break;
    case CDROM_MEDIA_CHANGED:
      r = 0;
      break;
    case CDROM_GET_CAPABILITY:
      r = CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED | CDC_MULTI_SESSION
          | CDC_MCN | CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO | CDC_RESET | CDC_DRIVE_STATUS
          | CDC_GENERIC_PACKET | CDC_CD_R | CDC_CD_RW;
      break;
    case CDROM_DISC_STATUS:
      if (vrec_drive_cdrom_status (drive) != CDS_DISC_OK)
        r = CDS_NO_INFO;
      else if (m->n_tracks == 0 || vrec_medium_readable_end (m) == 0)
        r = CDS_NO_INFO;
      else
        {
          bool audio = false, data = false;
          for (int i = 0; i < m->n_tracks; i++)
            {
              if (m->tracks[i].ctl & 4)
                data = true;
              else
                audio = true;
            }
          r = audio && data ? CDS_MIXED : audio ? CDS_AUDIO
              : (m->n_sessions && m->sessions[0].format == 0x20) ? CDS_XA_2_1 : CDS_DATA_1;
        }
      break;
    case CDROM_GET_MCN:
      {
        struct cdrom_mcn *mcn = arg;
        memset (mcn, 0, sizeof *mcn);
        memcpy (mcn->medium_catalog_number, m->mcn, 13);
      }
      break;
    case CDROMSUBCHNL:
      {
        /* no audio play: the drive never plays audio itself */
        struct cdrom_subchnl *sc = arg;
        uint8_t fmt = sc->cdsc_format;
        memset (sc, 0, sizeof *sc);
        sc->cdsc_format = fmt;
        sc->cdsc_audiostatus = CDROM_AUDIO_NO_STATUS;
      }
      break;
    case CDROM_LOCKDOOR:
    case CDROM_SELECT_SPEED:
    case CDROM_CLEAR_OPTIONS:
    case CDROM_SET_OPTIONS:
    case BLKFLSBUF:
      r = 0;
      break;
    case CDROMEJECT:
      m->tray_open = true;
      vrec_medium_save (m);
      break;
    case CDROMCLOSETRAY:
      m->tray_open = false;
      vrec_medium_save (m);
      break;
    case BLKGETSIZE:
      *(unsigned long *) arg = (unsigned long) vrec_medium_readable_end (m) * 4;
      break;
    case BLKGETSIZE64:
      *(uint64_t *) arg = (uint64_t) vrec_medium_readable_end (m) * 2048;
      break;
    case BLKSSZGET:
    case BLKBSZGET:
      *(int *) arg = 2048;
      break;
    default:
      log_line ("ioctl(fd %d, 0x%lx) -> ENOTTY", fd, request);
      pthread_mutex_unlock (&lock);
      errno = ENOTTY;
      return -1;
    }
  log_line ("ioctl(fd %d, 0x%lx) -> %d", fd, request, r);
  pthread_mutex_unlock (&lock);
  return r;
}

EXPORT int
ioctl (int fd, unsigned long request, ...)
{
  va_list ap;
  void *arg;

  va_start (ap, request);
  arg = va_arg (ap, void *);
  va_end (ap);
  if (is_ours (fd))
    return device_ioctl (fd, request, arg);
  return get_real_ioctl () (fd, request, arg);
}

/* ---- block device reads: 2048-byte user data of data sectors ---- */

static ssize_t
device_pread (void *buf, size_t len, off_t offset)
{
  uint8_t sector[2352];
  size_t done = 0;

  pthread_mutex_lock (&lock);
  while (done < len)
    {
      off_t pos = offset + (off_t) done;
      int32_t lba = (int32_t) (pos / 2048);
      size_t in = (size_t) (pos % 2048), n = 2048 - in;
      VrecSectorKind kind;

      if (n > len - done)
        n = len - done;
      if (lba >= vrec_medium_readable_end (vrec_drive_medium (drive)))
        break;
      if (vrec_medium_read_sector (vrec_drive_medium (drive), lba, false, sector, NULL, &kind)
          != VREC_READ_OK || !vrec_ecma130_has_sync (sector))
        {
          if (done == 0)
            {
              pthread_mutex_unlock (&lock);
              errno = EIO;
              return -1;
            }
          break;
        }
      memcpy ((uint8_t *) buf + done, sector + (sector[15] == 2 ? 24 : 16) + in, n);
      done += n;
    }
  pthread_mutex_unlock (&lock);
  return (ssize_t) done;
}

EXPORT ssize_t
read (int fd, void *buf, size_t len)
{
  if (is_ours (fd))
    {
      ssize_t r = device_pread (buf, len, fd_pos[fd]);
      if (r > 0)
        fd_pos[fd] += r;
      return r;
    }
  return get_real_read () (fd, buf, len);
}

EXPORT ssize_t
pread (int fd, void *buf, size_t len, off_t offset)
{
  if (is_ours (fd))
    return device_pread (buf, len, offset);
  return get_real_pread () (fd, buf, len, offset);
}

EXPORT ssize_t
pread64 (int fd, void *buf, size_t len, off64_t offset)
{
  if (is_ours (fd))
    return device_pread (buf, len, (off_t) offset);
  return get_real_pread64 () (fd, buf, len, offset);
}

/* A CD recorder's block device does not take write(2): burning goes
 * through SCSI.  Failing loudly keeps a program that mistook the device for
 * a plain file (libburn's stdio: drives) from "burning" into our lock file. */
EXPORT ssize_t
write (int fd, const void *buf, size_t len)
{
  if (is_ours (fd))
    {
      log_line ("write(fd %d, %zu bytes) -> EIO", fd, len);
      errno = EIO;
      return -1;
    }
  return get_real_write () (fd, buf, len);
}

EXPORT ssize_t
pwrite (int fd, const void *buf, size_t len, off_t offset)
{
  if (is_ours (fd))
    {
      errno = EIO;
      return -1;
    }
  return get_real_pwrite () (fd, buf, len, offset);
}

EXPORT ssize_t
pwrite64 (int fd, const void *buf, size_t len, off64_t offset)
{
  if (is_ours (fd))
    {
      errno = EIO;
      return -1;
    }
  return get_real_pwrite64 () (fd, buf, len, offset);
}

static off_t
device_lseek (int fd, off_t offset, int whence)
{
  off_t base = 0;

  if (whence == SEEK_CUR)
    base = fd_pos[fd];
  else if (whence == SEEK_END)
    {
      pthread_mutex_lock (&lock);
      base = (off_t) vrec_medium_readable_end (vrec_drive_medium (drive)) * 2048;
      pthread_mutex_unlock (&lock);
    }
  else if (whence != SEEK_SET)
    {
      errno = EINVAL;
      return -1;
    }
  if (base + offset < 0)
    {
      errno = EINVAL;
      return -1;
    }
  fd_pos[fd] = base + offset;
  return fd_pos[fd];
}

EXPORT off_t
lseek (int fd, off_t offset, int whence)
{
  if (is_ours (fd))
    return device_lseek (fd, offset, whence);
  return get_real_lseek () (fd, offset, whence);
}

EXPORT off64_t
lseek64 (int fd, off64_t offset, int whence)
{
  if (is_ours (fd))
    return device_lseek (fd, (off_t) offset, whence);
  return get_real_lseek64 () (fd, offset, whence);
}
