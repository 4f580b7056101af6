/*
 * cprof.h — the runtime's public API, modelled on Python's cProfile.Profile.
 *
 * A program built with cprof-cc is profiled from start to exit by the
 * *process profiler* (configured by the CPROF_* environment variables, see
 * runtime/README.md) and writes its dump at exit. This API adds profilers
 * of your own, measured regions, snapshots, reports and dumps:
 *
 *     cprof_profile *pr = cprof_profile_new(NULL);   // Profile()
 *     CPROF_WITH(pr) {                                // with pr:
 *       work();
 *     }
 *     cprof_print_stats(pr, stdout, "cumulative");    // pr.print_stats('cumulative')
 *     cprof_dump_stats(pr, "work.prof");              // pr.dump_stats('work.prof')
 *
 * One profiler is *active* at a time, process-wide: it sees the events of
 * every thread. Enabling a profiler suspends the one that was active (the
 * process profiler, typically); disabling it makes that one active again.
 * Disabling closes every open frame of the profiler in every thread, as if
 * each returned at that moment (cProfile's flush); functions already
 * running when a profiler is enabled are not seen. Functions taking a
 * `cprof_profile *` accept NULL for the process profiler.
 *
 * Thread safety: the hooks never lock. The API calls below may be made from
 * any thread but not concurrently for the same profiler.
 */
#ifndef CPROF_H
#define CPROF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CPROF_API __attribute__((visibility("default")))
#else
#define CPROF_API
#endif

typedef struct cprof_profile cprof_profile;

/* Built-in time sources (CPROF_TIMER selects one for the process profiler). */
typedef enum cprof_clock {
  CPROF_CLOCK_WALL = 0,  /* default: invariant TSC (x86-64), else CLOCK_MONOTONIC */
  CPROF_CLOCK_MONOTONIC, /* CLOCK_MONOTONIC, always */
  CPROF_CLOCK_PROCESS,   /* process CPU time (CLOCK_PROCESS_CPUTIME_ID) */
  CPROF_CLOCK_THREAD,    /* CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID) */
  /* Sampled: each thread's time advances only by samples that land outside
   * cprof's hooks (exact counts from the hooks, times from the samples,
   * the hooks' own cost left out). sample_hz sets the rate. */
  CPROF_CLOCK_SAMPLED,      /* the thread's user-mode CPU time, sampled */
  CPROF_CLOCK_SAMPLED_WALL, /* wall time (blocked time included), sampled */
} cprof_clock;

/* Profile(timer=None, timeunit=0.0, subcalls=True, builtins=True). */
typedef struct cprof_options {
  cprof_clock clock;
  /* A custom timer, as Profile(timer, timeunit): at most one of these.
   * timer_int returns ticks; each total is multiplied by timeunit when
   * stats are made (timeunit 0: the ticks are seconds, as in Python).
   * timer_float returns seconds, floored to whole nanoseconds per reading. */
  int64_t (*timer_int)(void *ctx);
  double (*timer_float)(void *ctx);
  void *timer_ctx;
  double timeunit;
  int subcalls; /* record caller->callee edges (default 1) */
  int builtins; /* time uninstrumented callees (default 1) */
  /* Samples per second of the sampled clocks (0: 1000), or
   * CPROF_SAMPLE_EXTERNAL: no built-in source, samples come from
   * cprof_sample() only. */
  int sample_hz;
} cprof_options;

#define CPROF_SAMPLE_EXTERNAL (-1)

/* {CPROF_CLOCK_WALL, no custom timer, subcalls=1, builtins=1} */
CPROF_API void cprof_options_init(cprof_options *o);

/* A sample of `ns` nanoseconds for the sampled clock `clock`
 * (CPROF_CLOCK_SAMPLED or CPROF_CLOCK_SAMPLED_WALL) on the calling thread,
 * as the built-in sources deliver theirs: it is counted in whatever the
 * thread is running now, and dropped when one of cprof's hooks runs (a
 * signal handler interrupting a hook). For sources of one's own (e.g. a
 * hardware counter's overflow signal). Async-signal-safe; a thread that has
 * not run instrumented code yet has nothing to count it in. */
CPROF_API void cprof_sample(cprof_clock clock, int64_t ns);

/* A new, disabled profiler (NULL options: the defaults). NULL if out of
 * memory or the options are invalid (both custom timers set, timeunit < 0). */
CPROF_API cprof_profile *cprof_profile_new(const cprof_options *o);
/* Disable and release the data. The handle must not be used afterwards. */
CPROF_API void cprof_profile_free(cprof_profile *p);
/* The process profiler (never NULL). */
CPROF_API cprof_profile *cprof_process_profile(void);

/* Make p the active profiler (a no-op if it is enabled already). 0. */
CPROF_API int cprof_enable(cprof_profile *p);
/* enable(subcalls=, builtins=): -1 leaves a setting unchanged. */
CPROF_API int cprof_enable_with(cprof_profile *p, int subcalls, int builtins);
CPROF_API void cprof_disable(cprof_profile *p);
CPROF_API int cprof_is_enabled(const cprof_profile *p);
/* Discard everything recorded (open frames included). */
CPROF_API void cprof_clear(cprof_profile *p);

/* Calling-context mode (docs/views.md): with `on`, p also keeps a
 * calling-context tree (a node per distinct call path; recursion folded
 * into the nodes already on the path), written with its dumps and shown by
 * `pstats --format folded|speedscope|html`. The flat statistics are the
 * same either way. Discards what p recorded so far (as cprof_clear), so
 * that the tree and the flat statistics cover the same calls. 0.
 * CPROF_TREE=1 switches it on for the process profiler. */
CPROF_API int cprof_set_tree(cprof_profile *p, int on);
CPROF_API int cprof_get_tree(const cprof_profile *p);

/* ---- statistics: create_stats() / snapshot ------------------------------ */

typedef struct cprof_stat_edge {
  size_t caller;     /* index of the caller in cprof_stats.entries */
  uint64_t nc, cc;   /* calls along the edge, edge-primitive calls */
  double tt, ct;     /* seconds */
} cprof_stat_edge;

typedef struct cprof_stat_entry {
  const char *file; /* "~" for builtins */
  int64_t line;
  const char *name; /* "<built-in method NAME>" for builtins */
  uint64_t cc, nc;  /* primitive calls, total calls */
  double tt, ct;    /* tottime, cumtime (seconds) */
  size_t ncallers;
  const cprof_stat_edge *callers; /* ordered by caller index */
} cprof_stat_entry;

typedef struct cprof_stats {
  size_t n;                        /* entries, in first-call order */
  const cprof_stat_entry *entries; /* keys (file, line, name) are unique */
  size_t nedges;
} cprof_stats;

/* create_stats(): disables p, then snapshots everything recorded so far
 * (all threads, ended ones included). NULL if out of memory. */
CPROF_API cprof_stats *cprof_snapshot(cprof_profile *p);
CPROF_API void cprof_stats_free(cprof_stats *s);

/* print_stats(sort): as Python's Profile.print_stats, i.e.
 * Stats(p).strip_dirs().sort_stats(*keys).print_stats() to `out`. `sort`
 * holds sort keys separated by spaces or commas (NULL or "": Python's
 * default, -1 = standard name). Disables p. Returns 0, or -1 with one line
 * on stderr (unknown sort key, nothing profiled). */
CPROF_API int cprof_print_stats(cprof_profile *p, FILE *out, const char *sort);
/* dump_stats(path): disables p and writes its stats to `path` atomically
 * (temporary file + rename; an existing file is replaced). 0, or -1 with one
 * line on stderr. */
CPROF_API int cprof_dump_stats(cprof_profile *p, const char *path);
/* Same for a snapshot. */
CPROF_API int cprof_stats_dump(const cprof_stats *s, const char *path);

/* runcall(func, arg): enable, call, disable; returns func's result. */
CPROF_API void *cprof_runcall(cprof_profile *p, void *(*func)(void *), void *arg);

/* `with cProfile.Profile() as pr:` —
 *     CPROF_WITH(pr) { ... }
 * enables pr for the block and disables it when the block is left, also by
 * break, return or goto (GCC/Clang cleanup attribute). */
struct cprof__with {
  cprof_profile *p;
  int once;
};
CPROF_API struct cprof__with cprof__with_enter(cprof_profile *p);
CPROF_API void cprof__with_leave(struct cprof__with *w);
#define CPROF_WITH(pr)                                                          \
  for (struct cprof__with cprof__w_ __attribute__((cleanup(cprof__with_leave))) = \
           cprof__with_enter(pr);                                               \
       cprof__w_.once; cprof__w_.once = 0)

/* ---- calibration (docs/calibration.md) ---------------------------------- */

/* What the hooks themselves add to every profiled call, in timer ticks:
 * `inner` lands between the callee's two timer readings (its tottime and
 * cumtime), `outer` in the caller's own time. Each is subtracted once per
 * call when times are accumulated; no time ever goes below 0. */
typedef struct cprof_bias {
  int64_t inner, outer;                 /* instrumented functions */
  int64_t builtin_inner, builtin_outer; /* calls of uninstrumented functions */
} cprof_bias;

/* The figures of one calibration (Profile.calibrate()). */
typedef struct cprof_calibration {
  cprof_bias bias;    /* measured per-call overhead, ticks */
  double tick;        /* seconds per tick of the timer measured */
  int64_t plain_call; /* ticks per call of an empty uninstrumented function */
  int64_t hooked_call;   /* ... of the same call with hooks, profiled (raw) */
  int64_t plain_builtin; /* ticks per call of an empty uninstrumented callee */
  int64_t hooked_builtin; /* ... of the same call bracketed by builtin hooks */
  unsigned rounds, calls; /* rounds x calls per round; medians are kept */
  double seconds;         /* wall time the measurement took */
} cprof_calibration;

/* Measure the hooks' overhead for profilers made with options `o` (NULL:
 * the defaults; the timer and subcalls setting matter), as every profiler
 * with a built-in clock does automatically before it is first enabled.
 * Takes about a millisecond (more with the CPU-time clocks). Returns 0, or
 * -1 with errno: EINVAL (bad options), EBUSY (another thread is running
 * instrumented code, or called from inside a profiled region's hook). */
CPROF_API int cprof_calibrate(const cprof_options *o, cprof_calibration *c);
/* What a sampled clock achieves here (`cprof calibrate --clock sampled`):
 * its source and rate, and what the hooks still leave in its times. The
 * hooks' own time is not counted (samples inside them are dropped); what
 * remains is the part of each call outside the hooks' window (the call
 * instructions, the guard), measured as the sampled time per call of an
 * empty instrumented function beyond the same call without hooks. */
typedef struct cprof_sampling {
  const char *source;  /* e.g. "perf_event task clock (user mode)" */
  int hz_requested;    /* the rate asked for */
  double hz_achieved;  /* samples (kept or dropped) per second of the clock */
  uint64_t samples, dropped; /* of the measurement */
  double seconds;      /* of the clock, measured */
  double in_hooks;     /* share of samples dropped (a loop of empty calls) */
  double plain_ns;     /* ns per call of the empty function, no hooks */
  double hooked_ns;    /* ns per call with the hooks running */
  double residual_ns;  /* sampled ns per call that no work explains */
} cprof_sampling;

/* Measure it for options `o` (clock CPROF_CLOCK_SAMPLED or _SAMPLED_WALL,
 * o->sample_hz) over about `seconds` of that clock. 0, or -1 with errno
 * (EINVAL: not a sampled clock; EBUSY: another thread runs instrumented
 * code; ENOTSUP: the clock cannot be sampled here). */
CPROF_API int cprof_calibrate_sampled(const cprof_options *o, double seconds, cprof_sampling *s);
/* Use `b` as p's bias from now on (NULL: no correction at all). Overrides
 * CPROF_BIAS, CPROF_CALIBRATE and the automatic figures. Negative values:
 * -1, EINVAL. Set it before enabling p: events already accounted keep the
 * bias they were accounted with. */
CPROF_API int cprof_set_bias(cprof_profile *p, const cprof_bias *b);
/* The bias p uses (for its current subcalls setting); 0. */
CPROF_API int cprof_get_bias(cprof_profile *p, cprof_bias *b);

#ifdef __cplusplus
}
#endif

#endif /* CPROF_H */
