// A profiler on a clock not measured yet is calibrated when it is first
// enabled, which needs the caller to be the only thread running
// instrumented code. With another one running, it is not measured: one
// warning, the profiler stays uncorrected (raw times), and it is measured
// at a later enable once the other thread has ended. Explicit
// cprof_calibrate() says EBUSY meanwhile.
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: env CPROF_FILE=%t.prof %t 2>&1 | FileCheck %s
// CHECK: calibrate while a thread runs: -1 EBUSY
// CHECK-NEXT: cprof: calibration skipped (other threads run instrumented code); profiled times are not corrected
// CHECK-NEXT: while the thread runs: bias 0 0 0 0
// CHECK-NEXT: after it ended: measured 1
#include <errno.h>
#include <pthread.h>

#include "Inputs/handmade.h"

DESC(worker, "thr.c", 1);

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int started, done;

static void *worker(void *arg) {
  (void)arg;
  ENTER(worker);
  pthread_mutex_lock(&mu);
  started = 1;
  pthread_cond_broadcast(&cv);
  while (!done)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  EXIT(worker);
  return NULL;
}

int main(void) {
  pthread_t th;
  pthread_create(&th, NULL, worker, NULL);
  pthread_mutex_lock(&mu);
  while (!started)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);

  cprof_options o;
  cprof_options_init(&o);
  o.clock = CPROF_CLOCK_THREAD; /* never the process profiler's clock by default */
  cprof_calibration c;
  int r = cprof_calibrate(&o, &c);
  printf("calibrate while a thread runs: %d %s\n", r, errno == EBUSY ? "EBUSY" : "?");
  fflush(stdout);
  cprof_profile *p = cprof_profile_new(&o);
  cprof_enable(p);
  cprof_disable(p);
  cprof_bias b;
  cprof_get_bias(p, &b);
  printf("while the thread runs: bias %lld %lld %lld %lld\n", (long long)b.inner,
         (long long)b.outer, (long long)b.builtin_inner, (long long)b.builtin_outer);
  fflush(stdout);

  pthread_mutex_lock(&mu);
  done = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(th, NULL);
  cprof_enable(p);
  cprof_disable(p);
  cprof_get_bias(p, &b);
  printf("after it ended: measured %d\n", b.inner > 0 && b.outer > 0);
  return 0;
}
