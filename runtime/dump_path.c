/*
 * Where dumps go, and writing them atomically.
 *
 * CPROF_FILE is a pattern: %p = process id, %h = host name, %t = thread id
 * (then one dump per thread), %% = '%'. Relative paths are taken from the
 * working directory the program had at start-up.
 *
 * A dump is written to a temporary file created next to its target with
 * O_CREAT|O_EXCL|O_NOFOLLOW (".<name>.<pid>.<n>.tmp"), then moved into
 * place, so a crash while writing never leaves a truncated dump:
 *   - an explicit path (CPROF_FILE, dump_stats) replaces the target
 *     atomically (rename);
 *   - the default path cprof.%h.%p.prof never replaces an existing file:
 *     the dump is moved with renameat2(RENAME_NOREPLACE) (or link+unlink)
 *     and, if the name is taken (an earlier process with the same pid),
 *     gets the first free name cprof.HOST.PID.N.prof, N = 1, 2, ...
 * An explicit path that is a symbolic link, or an existing file that is not
 * a regular one (a FIFO, /dev/null), is written into instead (write_into).
 * A dump that cannot be written prints one line on stderr; the program's
 * exit status, output and errno are untouched.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int append(char *out, size_t outsz, size_t *len, const char *s, size_t n) {
  if (*len + n >= outsz)
    return -1;
  memcpy(out + *len, s, n);
  *len += n;
  out[*len] = 0;
  return 0;
}

static int append_num(char *out, size_t outsz, size_t *len, unsigned long long v) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%llu", v);
  return append(out, outsz, len, buf, (size_t)n);
}

int rt_pattern_per_thread(const char *pat) {
  for (const char *s = pat; *s; s++)
    if (*s == '%' && s[1]) {
      if (s[1] == 't')
        return 1;
      s++;
    }
  return 0;
}

int rt_expand_pattern(const char *pat, char *out, size_t outsz, pid_t tid, int *uses_tid) {
  size_t len = 0;
  if (uses_tid)
    *uses_tid = 0;
  out[0] = 0;
  for (const char *s = pat; *s; s++) {
    int r = 0;
    if (*s != '%' || !s[1]) {
      r = append(out, outsz, &len, s, 1);
    } else {
      s++;
      switch (*s) {
      case 'p':
        r = append_num(out, outsz, &len, (unsigned long long)getpid());
        break;
      case 't':
        if (uses_tid)
          *uses_tid = 1;
        r = append_num(out, outsz, &len, (unsigned long long)tid);
        break;
      case 'h': {
        char host[256];
        if (gethostname(host, sizeof host) != 0)
          strcpy(host, "localhost");
        host[sizeof host - 1] = 0;
        for (char *c = host; *c; c++)
          if (*c == '/')
            *c = '_';
        r = append(out, outsz, &len, host, strlen(host));
        break;
      }
      case '%':
        r = append(out, outsz, &len, "%", 1);
        break;
      default: /* unknown: kept as written */
        r = append(out, outsz, &len, s - 1, 2);
        break;
      }
    }
    if (r)
      return -1;
  }
  return 0;
}

/* Move tmp to `path` unless `path` exists: 0, or an errno. */
static int move_noreplace(int dirfd, const char *tmp, const char *path) {
#ifdef SYS_renameat2
  if (syscall(SYS_renameat2, dirfd, tmp, dirfd, path, 1 /* RENAME_NOREPLACE */) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS && errno != EPERM && errno != EOPNOTSUPP)
    return errno;
#endif
  if (linkat(dirfd, tmp, dirfd, path, 0) != 0)
    return errno;
  unlinkat(dirfd, tmp, 0);
  return 0;
}

/* path with ".N" before a final ".prof" (or at the end). */
static int numbered(const char *path, unsigned n, char *out, size_t outsz) {
  size_t len = strlen(path);
  size_t stem = len;
  if (len >= 5 && !strcmp(path + len - 5, ".prof"))
    stem = len - 5;
  int k = snprintf(out, outsz, "%.*s.%u%s", (int)stem, path, n, path + stem);
  return k < 0 || (size_t)k >= outsz ? -1 : 0;
}

/* Is `path` something to write into rather than replace: a symbolic link
 * (its target gets the dump, the link stays) or an existing file that is
 * not a regular one (a FIFO, /dev/null, a terminal)? Replacing those would
 * destroy them: as root, CPROF_FILE=/dev/null would become a regular file.
 * Python's dump_stats opens and writes them the same way. */
static int write_into(int dirfd, const char *path) {
  struct stat lst;
  if (fstatat(dirfd, path, &lst, AT_SYMLINK_NOFOLLOW) != 0)
    return 0;
  return S_ISLNK(lst.st_mode) || !S_ISREG(lst.st_mode);
}

/* Open `path` for writing in place: without O_TRUNC on what is not a
 * regular file, and a FIFO waits for a reader for 2 s at most (then ENXIO)
 * instead of blocking the program's exit for good. */
static int dump_in_place(const cprof_stats *st, int dirfd, const char *path) {
  int fd = -1;
  for (int waited = 0;; waited++) {
    fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != ENXIO || waited == 200)
      break;
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (fd < 0)
    return errno;
  struct stat sb;
  int err = 0;
  if (fstat(fd, &sb) != 0 || fcntl(fd, F_SETFL, 0) != 0 ||
      (S_ISREG(sb.st_mode) && ftruncate(fd, 0) != 0))
    err = errno;
  if (!err)
    err = rt_dump_write_fd(st, fd);
  if (close(fd) != 0 && !err)
    err = errno;
  return err;
}

int rt_dump_to_path(const cprof_stats *st, int dirfd, const char *path, int no_replace) {
  int saved_errno = errno;
  if (!no_replace && write_into(dirfd, path)) {
    int err = dump_in_place(st, dirfd, path);
    if (err)
      rt_warn("cannot write profile '%s': %s", path, strerror(err));
    errno = saved_errno;
    return err ? -1 : 0;
  }
  char tmp[4096 + 64];
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  int fd = -1, err = 0;
  static _Atomic unsigned counter;
  for (int tries = 0; tries < 100; tries++) {
    int k = snprintf(tmp, sizeof tmp, "%.*s.%s.%ld.%u.tmp", (int)dirlen, path, path + dirlen,
                     (long)getpid(), atomic_fetch_add(&counter, 1));
    if (k < 0 || (size_t)k >= sizeof tmp) {
      err = ENAMETOOLONG;
      break;
    }
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) {
      err = fd >= 0 ? 0 : errno;
      break;
    }
  }
  if (fd < 0) {
    rt_warn("cannot write profile '%s': %s", path, strerror(err ? err : EEXIST));
    errno = saved_errno;
    return -1;
  }
  err = rt_dump_write_fd(st, fd);
  if (close(fd) != 0 && !err)
    err = errno;
  const char *final = path;
  char alt[4096 + 32];
  if (!err) {
    if (!no_replace) {
      if (renameat(dirfd, tmp, dirfd, path) != 0)
        err = errno;
    } else {
      err = move_noreplace(dirfd, tmp, path);
      for (unsigned n = 1; err == EEXIST && n < 100000; n++) {
        if (numbered(path, n, alt, sizeof alt) != 0) {
          err = ENAMETOOLONG;
          break;
        }
        final = alt;
        err = move_noreplace(dirfd, tmp, alt);
      }
    }
  }
  if (err) {
    unlinkat(dirfd, tmp, 0);
    rt_warn("cannot write profile '%s': %s", final, strerror(err));
    errno = saved_errno;
    return -1;
  }
  errno = saved_errno;
  return 0;
}
