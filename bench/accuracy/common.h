/* Accuracy benchmark programs: main() times work() with CLOCK_MONOTONIC and
 * prints "work_ns WALL cpu_ns CPU" on stderr (the uninstrumented run's
 * figure is the truth for the sum of tottime; CPU/WALL tells how much of
 * the run other processes took on a shared machine). Every function is noinline so that the
 * instrumented and the plain builds have the same functions. */
#ifndef ACCURACY_COMMON_H
#define ACCURACY_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef ACCURACY_PRINT_BIAS
#include <cprof.h>
#endif

#define N __attribute__((noinline))

static volatile unsigned long long sink;

N static void work(long scale);

static long long now_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  long scale = argc > 1 ? atol(argv[1]) : 1;
  if (scale < 1) {
    fprintf(stderr, "usage: %s [SCALE>=1]\n", argv[0]);
    return 2;
  }
  long long c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ns(CLOCK_MONOTONIC);
  work(scale);
  long long t1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
  fprintf(stderr, "work_ns %lld cpu_ns %lld\n", t1 - t0, c1 - c0);
#ifdef ACCURACY_PRINT_BIAS /* the instrumented build: the figures in use */
  cprof_bias b;
  cprof_get_bias(NULL, &b);
  fprintf(stderr, "bias %lld %lld %lld %lld\n", (long long)b.inner, (long long)b.outer,
          (long long)b.builtin_inner, (long long)b.builtin_outer);
#endif
  return 0;
}
#endif
