/* fault-shim.c: an LD_PRELOAD library that makes writes fail or slow down
 *
 * For the fault tests of tests/convert: a full disk and a slow one, where
 * a cancel can arrive while a job is running, without a real small disk.
 * Set in the environment of the process under test:
 *
 *   SPINDLE_FAULT_DIR           writes to files under this folder are affected
 *   SPINDLE_FAULT_ENOSPC_AFTER  once this many bytes were written there, write()
 *                               fails with ENOSPC (as a full file system does)
 *   SPINDLE_FAULT_WRITE_DELAY_US  sleep this long before each such write
 *   SPINDLE_FAULT_READ_DELAY_US   sleep this long before each pread() of any file
 *
 * Copyright 2026 The Spindle authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE 1
/* Both pread and pread64 are defined here: no redirection of one to the other. */
#undef _FILE_OFFSET_BITS

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_llong written;

static long long
env_number (const char *name)
{
  const char *value = getenv (name);

  return value && *value ? atoll (value) : -1;
}

/* Whether @fd is a file under SPINDLE_FAULT_DIR. */
static int
affected (int fd)
{
  const char *dir = getenv ("SPINDLE_FAULT_DIR");
  char link[64], path[PATH_MAX];
  ssize_t n;
  size_t len;

  if (dir == NULL || *dir == '\0')
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n <= 0)
    return 0;
  path[n] = '\0';
  len = strlen (dir);
  return strncmp (path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* How much of @count may be written now; -1 with errno set when nothing. */
static ssize_t
allowance (int    fd,
           size_t count)
{
  long long limit, delay, before;

  if (!affected (fd))
    return (ssize_t) count;

  delay = env_number ("SPINDLE_FAULT_WRITE_DELAY_US");
  if (delay > 0)
    usleep ((useconds_t) delay);

  limit = env_number ("SPINDLE_FAULT_ENOSPC_AFTER");
  if (limit < 0)
    return (ssize_t) count;
  before = atomic_fetch_add (&written, (long long) count);
  if (before >= limit)
    {
      errno = ENOSPC;
      return -1;
    }
  if (before + (long long) count > limit)
    return (ssize_t) (limit - before);
  return (ssize_t) count;
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  static ssize_t (*real) (int, const void *, size_t);
  ssize_t allowed = allowance (fd, count);

  if (real == NULL)
    real = (ssize_t (*) (int, const void *, size_t)) dlsym (RTLD_NEXT, "write");
  if (allowed < 0)
    return -1;
  return real (fd, buf, (size_t) allowed);
}

ssize_t
pwrite64 (int         fd,
          const void *buf,
          size_t      count,
          off_t       offset)
{
  static ssize_t (*real) (int, const void *, size_t, off_t);
  ssize_t allowed = allowance (fd, count);

  if (real == NULL)
    real = (ssize_t (*) (int, const void *, size_t, off_t)) dlsym (RTLD_NEXT, "pwrite64");
  if (allowed < 0)
    return -1;
  return real (fd, buf, (size_t) allowed, offset);
}

ssize_t
pwrite (int         fd,
        const void *buf,
        size_t      count,
        off_t       offset)
{
  return pwrite64 (fd, buf, count, offset);
}

static void
read_delay (void)
{
  long long delay = env_number ("SPINDLE_FAULT_READ_DELAY_US");

  if (delay > 0)
    usleep ((useconds_t) delay);
}

ssize_t
pread64 (int    fd,
         void  *buf,
         size_t count,
         off_t  offset)
{
  static ssize_t (*real) (int, void *, size_t, off_t);

  if (real == NULL)
    real = (ssize_t (*) (int, void *, size_t, off_t)) dlsym (RTLD_NEXT, "pread64");
  read_delay ();
  return real (fd, buf, count, offset);
}

ssize_t
pread (int    fd,
       void  *buf,
       size_t count,
       off_t  offset)
{
  return pread64 (fd, buf, count, offset);
}
