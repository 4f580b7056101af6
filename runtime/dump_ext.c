/*
 * The cprof extension of a dump (docs/dump-extension.md): one more marshal
 * object after the pstats stats dict, a dict
 *
 *     {"cprof": 1, "meta": {...}, "tree": {...}, ...}
 *
 * that Python's pstats never reads (marshal.load reads one object and
 * stops). Every piece of cprof-only data travels here, one top-level key
 * (section) per feature. A section is one line of `sections` below: a
 * capture function, run when a snapshot is built (rt_stats_build), copies
 * what the section will write into the snapshot's memory (or returns NULL:
 * the section is left out), and a write function encodes it as one marshal
 * value when the dump is written. Sections may use the marshal types of a
 * pstats dump only (int, float, str, tuple, dict), so that every reader of
 * pstats dumps can read them.
 *
 * Capture runs where the snapshot runs (at exit, in a crash handler, from
 * the API): mmap-backed arenas and system calls only, no malloc.
 */
#define _GNU_SOURCE
#include "rt.h"
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "marshal_write.h"

/* ---- meta: facts about the run (owner: views, issue 18) ---------------- */

typedef struct meta {
  const char *timer;
  double unit;
  int subcalls, builtins, tree;
  int64_t pid, tid; /* tid: a per-thread dump's thread, else 0 */
  double time;      /* when the snapshot was taken (Unix time) */
  uint64_t threads, lost;
  int64_t bias[4]; /* inner, outer, builtin_inner, builtin_outer (ticks) */
  char host[65];
  char *argv; /* NUL-separated, as /proc/self/cmdline */
  size_t argv_len;
} meta;

static const char *timer_name(const rt_timer *t) {
  switch (t->kind) {
  case RT_TIMER_SAMPLED:
    return t->sample_mode == RT_SAMPLE_WALL ? "sampled-wall" : "sampled";
  case RT_TIMER_TSC:
    return "tsc";
  case RT_TIMER_MONOTONIC:
    return "monotonic";
  case RT_TIMER_PROCESS:
    return "cpu";
  case RT_TIMER_THREAD:
    return "thread";
  case RT_TIMER_INT:
    return "custom-int";
  case RT_TIMER_FLOAT:
    return "custom-float";
  }
  return "unknown";
}

/* The command line, read from /proc (at most 64 KiB of it). */
static void read_argv(meta *m, rt_arena *keep) {
  enum { MAX = 65536 };
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  char *buf = rt_arena_alloc(keep, MAX);
  size_t n = 0;
  while (buf && n < MAX) {
    ssize_t r = read(fd, buf + n, MAX - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  close(fd);
  if (buf && n) {
    if (buf[n - 1] != 0) /* cut: drop the partial argument */
      while (n && buf[n - 1] != 0)
        n--;
    m->argv = buf;
    m->argv_len = n;
  }
}

static void *meta_capture(const rt_ext_source *src) {
  int saved_errno = errno;
  struct cprof_profile *p = src->prof;
  meta *m = rt_arena_alloc(src->keep, sizeof *m);
  if (!m)
    return NULL;
  m->timer = timer_name(&p->timer);
  m->unit = rt_timer_unit(&p->timer);
  m->subcalls = p->subcalls;
  m->builtins = p->builtins;
  m->tree = p->tree;
  m->pid = getpid();
  m->tid = src->only ? src->only->thread->tid : 0;
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
    m->time = (double)ts.tv_sec + ts.tv_nsec / 1e9;
  for (rt_tdata *td = src->only ? src->only : atomic_load(&p->tdatas); td;
       td = src->only ? NULL : td->next_in_prof) {
    m->threads++;
    m->lost += td->lost;
  }
  int s = p->subcalls != 0;
  m->bias[0] = p->bias_inner[s][0];
  m->bias[1] = p->bias_outer[s][0];
  m->bias[2] = p->bias_inner[s][1];
  m->bias[3] = p->bias_outer[s][1];
  struct utsname u;
  if (uname(&u) == 0) {
    size_t n = strnlen(u.nodename, sizeof m->host - 1);
    memcpy(m->host, u.nodename, n);
  }
  read_argv(m, src->keep);
  errno = saved_errno;
  return m;
}

static void put_name(cprof_marshal_writer *w, const char *s) { cprof_mw_str(w, s, strlen(s)); }

static void meta_write(rt_dump_out *o, const void *data) {
  const meta *m = data;
  cprof_marshal_writer *w = rt_dump_mw(o);
  /* meta holds a tuple of runs (one here); merging dumps concatenates them */
  cprof_mw_dict_begin(w);
  put_name(w, "runs");
  cprof_mw_tuple(w, 1);
  cprof_mw_dict_begin(w);
  put_name(w, "timer");
  put_name(w, m->timer);
  put_name(w, "unit");
  cprof_mw_float(w, m->unit);
  put_name(w, "argv");
  unsigned argc = 0;
  for (size_t i = 0; i < m->argv_len; i++)
    argc += m->argv[i] == 0;
  cprof_mw_tuple(w, argc);
  for (size_t i = 0; i < m->argv_len;) {
    size_t n = strlen(m->argv + i);
    cprof_mw_str(w, m->argv + i, n);
    i += n + 1;
  }
  put_name(w, "pid");
  cprof_mw_int(w, m->pid);
  if (m->tid) {
    put_name(w, "tid");
    cprof_mw_int(w, m->tid);
  }
  put_name(w, "host");
  put_name(w, m->host);
  put_name(w, "time");
  cprof_mw_float(w, m->time);
  put_name(w, "threads");
  cprof_mw_int(w, (int64_t)m->threads);
  put_name(w, "lost");
  cprof_mw_int(w, (int64_t)m->lost);
  put_name(w, "subcalls");
  cprof_mw_int(w, m->subcalls);
  put_name(w, "builtins");
  cprof_mw_int(w, m->builtins);
  put_name(w, "tree");
  cprof_mw_int(w, m->tree);
  put_name(w, "bias");
  static const char *const bias_names[4] = {"inner", "outer", "builtin_inner", "builtin_outer"};
  cprof_mw_dict_begin(w);
  for (int i = 0; i < 4; i++) {
    put_name(w, bias_names[i]);
    cprof_mw_int(w, m->bias[i]);
  }
  cprof_mw_dict_end(w);
  cprof_mw_dict_end(w);
  cprof_mw_dict_end(w);
}

/* ---- the sections, in the order they are written ------------------------ */

static const rt_ext_section sections[] = {
    {"meta", meta_capture, meta_write},
    {"tree", rt_tree_capture, rt_tree_write},
};
_Static_assert(sizeof sections / sizeof sections[0] <= RT_EXT_MAX, "raise RT_EXT_MAX");

void rt_ext_capture(const rt_ext_source *src, void **data) {
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
    data[i] = sections[i].capture(src);
}

void rt_ext_write(rt_dump_out *o, void *const *data) {
  cprof_marshal_writer *w = rt_dump_mw(o);
  cprof_mw_dict_begin(w);
  put_name(w, "cprof");
  cprof_mw_int(w, RT_EXT_VERSION);
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
    if (!data[i])
      continue;
    put_name(w, sections[i].name);
    sections[i].write(o, data[i]);
  }
  cprof_mw_dict_end(w);
}
