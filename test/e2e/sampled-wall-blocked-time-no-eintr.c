// The sampled wall timer (CPROF_TIMER=sampled-wall) counts blocked time
// where the thread blocks: main's 0.3 s in clock_nanosleep land in that
// builtin, 0.3 s of CPU time in compute() (more wall time on a busy machine). Its samples are taken by a
// sampler thread that signals nobody, and the CPU timer's only while a
// thread runs user code: a thread sleeping and polling in a tight loop
// never sees EINTR under either, and a program's own SIGPROF timer
// (setitimer ITIMER_PROF) keeps working beside them.
// RUN: %cprof_cc -O1 -g %s -o %t -lpthread
// RUN: env CPROF_TIMER=sampled-wall CPROF_FILE=%t.wall.prof %t | FileCheck %s --check-prefix=OUT
// RUN: env CPROF_TIMER=sampled CPROF_FILE=%t.cpu.prof %t | FileCheck %s --check-prefix=OUT
// OUT: eintr 0
// OUT: sigprof yes
// RUN: %python %srcroot/test/tools/check_times.py %t.wall.prof \
// RUN:   "0.25 < tt['clock_nanosleep'] < 1.5" "ct['compute'] > 0.2" "ct['sleeper'] > 0.2" \
// RUN:   | FileCheck %s --check-prefix=TIMES
// RUN: %python %srcroot/test/tools/check_times.py %t.cpu.prof \
// RUN:   "tt['clock_nanosleep'] < 0.05" "ct['compute'] > 0.15" \
// RUN:   | FileCheck %s --check-prefix=TIMES
// TIMES: TIMES OK
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "Inputs/burn_cpu.h"

static volatile int eintr, profs;

__attribute__((noinline)) void compute(double seconds) { burn_cpu(seconds); }

/* Short sleeps and polls in a loop: any signal delivered while blocked
 * would end one of them with EINTR. */
void *sleeper(void *arg) {
  (void)arg;
  for (int i = 0; i < 2000; i++) {
    struct timespec ts = {0, 100000};
    if (nanosleep(&ts, NULL) != 0 && errno == EINTR)
      eintr++;
    if (poll(NULL, 0, 0) < 0 && errno == EINTR)
      eintr++;
  }
  return NULL;
}

static void on_prof(int sig) {
  (void)sig;
  profs++;
}

int main(void) {
  signal(SIGPROF, on_prof);
  struct itimerval it = {{0, 10000}, {0, 10000}};
  setitimer(ITIMER_PROF, &it, NULL);
  pthread_t th;
  pthread_create(&th, NULL, sleeper, NULL);
  struct timespec ts = {0, 300000000};
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
    eintr++;
  compute(0.3);
  pthread_join(th, NULL);
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_PROF, &off, NULL);
  printf("eintr %d\nsigprof %s\n", eintr, profs > 0 ? "yes" : "no");
  return 0;
}
