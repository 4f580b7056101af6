/* Work that takes `seconds` of the calling thread's CPU time, whatever else
 * the machine runs: for the sampled timers' tests. */
#ifndef BURN_CPU_H
#define BURN_CPU_H
#include <time.h>

static __thread volatile double burn_sink; /* per thread: no race to report */

static double burn_thread_cpu(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

__attribute__((noinline)) static void burn_cpu(double seconds) {
  double x = 0, end = burn_thread_cpu() + seconds;
  do
    for (int i = 0; i < 10000; i++)
      x += i * 0.5;
  while (burn_thread_cpu() < end);
  burn_sink = x;
}
#endif
