/*
 * Time sources. Ticks are int64 everywhere; a snapshot converts a tick
 * total to seconds with one double multiplication by rt_timer_unit().
 *
 * The default wall clock is the TSC read with rdtsc (never rdtscp) when the
 * CPU says it is invariant (CPUID 0x80000007 EDX bit 8); its period is
 * measured against CLOCK_MONOTONIC between start-up and each snapshot, with
 * at least RT_TSC_MIN_BASELINE_NS between the two points (a very short
 * program waits for the rest at its first snapshot). Elsewhere the wall
 * clock is CLOCK_MONOTONIC in nanoseconds.
 *
 * The sampled timers read a counter of the calling thread: the nanoseconds
 * of the samples that landed on it while none of cprof's hooks ran
 * (sampler.c). The hooks' own time is left out by construction, so there
 * is nothing to calibrate; reading it costs one load.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#define RT_TSC_MIN_BASELINE_NS 5000000 /* 5 ms: period error < ~50 ppm */

int64_t rt_clock_ns(int clock_id) {
  struct timespec ts;
  if (clock_gettime((clockid_t)clock_id, &ts) != 0)
    return 0;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int rt_tsc_usable(void) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(d & (1u << 4))) /* TSC present */
    return 0;
  if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
    return 0;
  __cpuid(0x80000007u, a, b, c, d);
  return (d >> 8) & 1; /* invariant TSC */
#else
  return 0;
#endif
}

static struct {
  int64_t mono0;
  uint64_t tsc0;
  int initialized;
} calib;

/* A (CLOCK_MONOTONIC, TSC) pair taken as close together as we can: the TSC
 * reading sits between two clock readings and is matched to their middle;
 * the tightest of a few tries wins. */
static void tsc_pair(int64_t *mono, uint64_t *tsc) {
  int64_t best = INT64_MAX;
  for (int i = 0; i < 5; i++) {
    int64_t a = rt_clock_ns(CLOCK_MONOTONIC);
    uint64_t t = rt_rdtsc();
    int64_t b = rt_clock_ns(CLOCK_MONOTONIC);
    if (b - a < best) {
      best = b - a;
      *mono = a + (b - a) / 2;
      *tsc = t;
    }
  }
}

void rt_timer_init(void) {
  if (calib.initialized)
    return;
  tsc_pair(&calib.mono0, &calib.tsc0);
  calib.initialized = 1;
}

static double tsc_unit(void) {
  rt_timer_init();
  int64_t mono;
  uint64_t tsc;
  for (;;) {
    tsc_pair(&mono, &tsc);
    if (mono - calib.mono0 >= RT_TSC_MIN_BASELINE_NS && tsc > calib.tsc0)
      break;
    struct timespec req = {0, RT_TSC_MIN_BASELINE_NS - (mono - calib.mono0) > 0
                                  ? RT_TSC_MIN_BASELINE_NS - (mono - calib.mono0)
                                  : 1000};
    nanosleep(&req, NULL);
  }
  return (double)(mono - calib.mono0) * 1e-9 / (double)(tsc - calib.tsc0);
}

/* floor(seconds * 1e9), as Python's _PyTime_FromSecondsObject(FLOOR). */
static int64_t floor_ns(double seconds) {
  double x = seconds * 1e9;
  if (!(x == x))
    return 0;
  if (x >= 9.2e18)
    return INT64_MAX;
  if (x <= -9.2e18)
    return INT64_MIN;
  int64_t t = (int64_t)x;
  if ((double)t > x)
    t--;
  return t;
}

int64_t rt_timer_read_slow(const rt_timer *t) {
  switch (t->kind) {
  case RT_TIMER_TSC:
    return (int64_t)rt_rdtsc();
  case RT_TIMER_MONOTONIC:
    return rt_clock_ns(CLOCK_MONOTONIC);
  case RT_TIMER_PROCESS:
    return rt_clock_ns(CLOCK_PROCESS_CPUTIME_ID);
  case RT_TIMER_THREAD:
    return rt_clock_ns(CLOCK_THREAD_CPUTIME_ID);
  case RT_TIMER_SAMPLED: {
    const rt_thread *th = rt_self;
    return th ? __atomic_load_n(&th->sampled[t->sample_mode], __ATOMIC_RELAXED) : 0;
  }
  case RT_TIMER_INT: {
    int64_t v = t->int_fn(t->ctx);
    return t->unit > 0 ? v : v * 1000000000; /* no unit: seconds */
  }
  case RT_TIMER_FLOAT:
    return floor_ns(t->float_fn(t->ctx));
  }
  return 0;
}

int64_t rt_timer_read_for(const rt_timer *t, const rt_thread *th) {
  if (t->kind == RT_TIMER_THREAD) {
    struct timespec ts;
    if (!th->cpu_clock_valid || clock_gettime(th->cpu_clock, &ts) != 0)
      return INT64_MIN; /* the thread has ended */
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  }
  if (t->kind == RT_TIMER_SAMPLED)
    return __atomic_load_n(&th->sampled[t->sample_mode], __ATOMIC_RELAXED);
  return rt_timer_read_slow(t);
}

double rt_timer_unit(const rt_timer *t) {
  switch (t->kind) {
  case RT_TIMER_TSC:
    return tsc_unit();
  case RT_TIMER_INT:
    return t->unit > 0 ? t->unit : (double)1 / 1000000000;
  default:
    return (double)1 / 1000000000; /* what _lsprof uses: 1 / onesec */
  }
}
