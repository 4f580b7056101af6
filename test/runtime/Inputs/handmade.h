/*
 * Hand-instrumented test programs: functions call the hooks of cprof/abi.h
 * themselves (as the plugin's code would), with descriptors made here, and a
 * deterministic fake clock like the conformance vectors' (one tick per
 * reading, workloads advance it by fixed amounts).
 */
#ifndef HANDMADE_H
#define HANDMADE_H

#include <cprof.h>
#include <cprof/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int64_t fake_clock;
static int64_t fake_timer(void *ctx) {
  (void)ctx;
  return ++fake_clock;
}
#define WORK(n) (fake_clock += (n))

/* DESC(fn, file, line): the descriptor of function fn. */
#define DESC(fn, file, line)                                                   \
  static struct cprof_func_desc D_##fn = {#fn, file, (void *)0, line, 0, 0,    \
                                          CPROF_ABI_VERSION}
/* DESC_FN(fn, file, line): with the function's address, as the plugin's
 * descriptors have (fn must be declared before). */
#define DESC_FN(fn, file, line)                                                \
  static struct cprof_func_desc D_##fn = {#fn, file, (void *)&fn, line, 0, 0, \
                                          CPROF_ABI_VERSION}
/* BUILTIN(var, NAME, addr): a builtin descriptor "<built-in method NAME>". */
#define BUILTIN(var, name, address)                                            \
  static struct cprof_func_desc var = {"<built-in method " name ">", "~",      \
                                       (void *)(address), 0,                   \
                                       CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION}
#define ENTER(fn) __cprof_enter(&D_##fn)
#define EXIT(fn) __cprof_exit(&D_##fn)

/* A profiler on the fake clock, unit `unit` seconds per tick. */
static cprof_profile *fake_profiler(double unit, int subcalls, int builtins) {
  cprof_options o;
  cprof_options_init(&o);
  o.timer_int = fake_timer;
  o.timeunit = unit;
  o.subcalls = subcalls;
  o.builtins = builtins;
  cprof_profile *p = cprof_profile_new(&o);
  if (!p) {
    fprintf(stderr, "cprof_profile_new failed\n");
    exit(2);
  }
  return p;
}

/* Enable p with the fake clock reset to 0, run `workload`, and dump p to
 * BASE.SUFFIX.prof; exits with status 1 if the dump fails. */
static inline void run_and_dump(cprof_profile *p, const char *base, const char *suffix,
                                void (*workload)(void)) {
  char path[4096];
  snprintf(path, sizeof path, "%s.%s.prof", base, suffix);
  fake_clock = 0;
  cprof_enable(p);
  workload();
  if (cprof_dump_stats(p, path) != 0)
    exit(1);
}

/* The same on a new fake-clock profiler (1 s per tick) using `bias` (NULL:
 * none); exits with status 3 if the bias is refused. */
static inline void fake_run_and_dump(const char *base, const char *suffix,
                                     const cprof_bias *bias, void (*workload)(void)) {
  cprof_profile *p = fake_profiler(1.0, 1, 1);
  if (bias && cprof_set_bias(p, bias) != 0)
    exit(3);
  run_and_dump(p, base, suffix, workload);
}

/* A conformance replay: `workload` on a fake-clock profiler (one tick =
 * 1 ms, subcalls and builtins on), which is then disabled and dumped to
 * `path`. main's exit status: 0, or 1 if the dump failed. */
static inline int replay_and_dump(void (*workload)(void), const char *path) {
  cprof_profile *p = fake_profiler(0.001, 1, 1);
  cprof_enable(p);
  workload();
  cprof_disable(p);
  return cprof_dump_stats(p, path) != 0;
}

#define NOINLINE __attribute__((noinline))

#endif
