/*
 * The process profiler: configured from CPROF_* at start-up, enabled unless
 * CPROF_START=0, and dumped once when the process exits (return from main
 * or exit() from any thread): every thread's open frames are closed at that
 * moment, then the dump is written. A profiler that recorded nothing writes
 * no dump.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct cprof_profile process_prof;
static rt_config cfg;
/* The working directory at start-up, for relative dump paths (a path, not
 * a descriptor: daemons close every descriptor they did not open). */
static char start_cwd[4096];
static _Atomic int initialized, exited;
static int idle;

struct cprof_profile *rt_process_profile(void) {
  rt_init();
  return &process_prof;
}

static void at_exit(void);

/* cprof-cc links libcprof.a into executables and exports its hooks; an
 * instrumented shared library links libcprof.so for the programs that carry
 * no runtime. When both are in a process, every instrumented object binds
 * to the executable's hooks (the executable comes first in symbol lookup),
 * and this libcprof.so must stay out of the way: no profiler, no dump, no
 * signal handler, exec not intercepted. */
static int another_runtime_serves(void) {
  if (!rt_is_shared_library())
    return 0;
  void *hook = dlsym(RTLD_DEFAULT, CPROF_HOOK_ENTER);
  Dl_info there, here;
  return hook && dladdr(hook, &there) && dladdr((void *)&rt_init, &here) &&
         there.dli_fbase != here.dli_fbase;
}

int rt_runtime_idle(void) {
  rt_init();
  return idle;
}

void rt_init(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&initialized, &expected, 1))
    return;
  if (another_runtime_serves()) {
    idle = 1;
    return;
  }
  rt_config_load(&cfg);
  rt_timer_init();
  rt_threads_init();
  cprof_options o;
  cprof_options_init(&o);
  o.subcalls = cfg.subcalls;
  o.builtins = cfg.builtins;
  rt_profile_init(&process_prof, &o);
  process_prof.timer.kind = cfg.timer;
  process_prof.timer.sample_mode = cfg.sample_mode;
  process_prof.timer.sample_hz = cfg.sample_hz;
  process_prof.is_process = 1;
  process_prof.tree = cfg.tree;
  if (!getcwd(start_cwd, sizeof start_cwd))
    start_cwd[0] = 0; /* then relative to the directory at exit */
  atexit(at_exit);
  rt_calibrate_ensure(&process_prof); /* single-threaded here: measure now */
  if (cfg.start)
    cprof_enable(&process_prof);
}

__attribute__((constructor(101))) static void rt_constructor(void) { rt_init(); }

int rt_start_path(const char *pattern, char *out, size_t outsz, pid_t tid) {
  size_t n = 0;
  if (pattern[0] != '/' && start_cwd[0]) {
    n = strlen(start_cwd);
    if (n + 2 > outsz)
      return -1;
    memcpy(out, start_cwd, n);
    if (n == 0 || out[n - 1] != '/')
      out[n++] = '/';
  }
  return rt_expand_pattern(pattern, out + n, outsz - n, tid, NULL);
}

static int has_calls(const cprof_stats *st) {
  for (size_t i = 0; i < st->n; i++)
    if (st->entries[i].nc)
      return 1;
  return 0;
}

static void dump_one(rt_tdata *only, const char *pattern, int no_replace, pid_t tid) {
  cprof_stats *st = rt_stats_build(&process_prof, only);
  if (!st) {
    rt_warn("cannot write profile: out of memory");
    return;
  }
  if (has_calls(st)) {
    char path[4096];
    if (rt_start_path(pattern, path, sizeof path, tid) != 0)
      rt_warn("cannot write profile: CPROF_FILE pattern '%s' expands too long", pattern);
    else
      rt_dump_to_path(st, AT_FDCWD, path, no_replace);
  }
  cprof_stats_free(st);
}

/* Write the process profiler's dump(s). */
static void write_process_dumps(void) {
  const char *pattern = cfg.file_pattern ? cfg.file_pattern : "cprof.%h.%p.prof";
  int per_thread = rt_pattern_per_thread(pattern);
  /* the default never replaces a file; an explicit path is replaced */
  int no_replace = cfg.file_pattern == NULL;
  if (!per_thread) {
    dump_one(NULL, pattern, no_replace, 0);
    return;
  }
  /* %t: one dump per thread. A thread id the kernel reused for a later
   * thread gets the next free numbered name instead of replacing. */
  for (rt_tdata *td = atomic_load(&process_prof.tdatas); td; td = td->next_in_prof) {
    int reused = 0;
    for (rt_tdata *o = td->next_in_prof; o; o = o->next_in_prof)
      if (o->thread->tid == td->thread->tid)
        reused = 1;
    dump_one(td, pattern, no_replace || reused, td->thread->tid);
  }
}

static void at_exit(void) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&exited, &expected, 1))
    return;
  rt_thread *self = rt_self;
  uintptr_t was_busy = self ? self->busy : 0;
  if (self)
    self->busy = RT_BUSY_HELD;
  /* Stop every profiler: nothing is recorded from here on. */
  atomic_store(&rt_active, NULL);
  rt_publish_active();
  rt_quiesce();
  for (rt_tdata *td = atomic_load(&process_prof.tdatas); td; td = td->next_in_prof)
    if (!__atomic_load_n(&td->thread->ended, __ATOMIC_ACQUIRE) || td->depth)
      rt_flush_frames(td);
  process_prof.enabled = 0;
  write_process_dumps();
  if (self)
    self->busy = was_busy;
}
