// The sampled CPU timer (CPROF_TIMER=sampled) gives functions the CPU time
// they take: heavy() does three times light()'s work and gets three times
// its time; ten million calls of an empty function, whose hooks cost far
// more than its body, get next to nothing, and so does main() that makes
// the calls (samples inside the hooks are dropped, not given to the
// caller whose interval they fall in); a thread started later is sampled too; and the times add up to
// the program's CPU time less the hooks'. Tolerances cover the sampling
// error of about 1,000 samples. Call counts stay exact.
// RUN: %cprof_cc -O1 -g %s -o %t -lpthread
// RUN: env CPROF_TIMER=sampled CPROF_FILE=%t.prof %t > %t.out
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}(tiny) ncalls=10000000 pcalls=10000000
// CHECK-DAG: FUNC {{.*}}(heavy) ncalls=300 pcalls=300
// CHECK-DAG: FUNC {{.*}}(light) ncalls=300 pcalls=300
// CHECK: INVARIANTS OK
// RUN: %python %srcroot/test/tools/check_times.py %t.prof --vars %t.out \
// RUN:   "2.3 < ct['heavy'] / ct['light'] < 3.9" "tt['tiny'] < 0.12 * total" \
// RUN:   "tt['main'] < 0.12 * total" \
// RUN:   "ct['worker'] > 0.12 * total" "0.8 * work < total < 1.05 * cpu" \
// RUN:   | FileCheck %s --check-prefix=TIMES
// TIMES: TIMES OK
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static volatile double sink;
__attribute__((noinline)) static void spin(long n) {
  double x = 0;
  for (long i = 0; i < n; i++)
    x += (double)i * 0.5;
  sink = x;
}
__attribute__((noinline)) void heavy(void) { spin(1500000); }
__attribute__((noinline)) void light(void) { spin(500000); }
__attribute__((noinline)) void tiny(void) { __asm__ volatile(""); }

void *worker(void *arg) {
  (void)arg;
  spin(150000000);
  return NULL;
}

static double cpu_now(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
  double w0 = cpu_now(CLOCK_THREAD_CPUTIME_ID);
  for (int i = 0; i < 300; i++) {
    heavy();
    light();
  }
  double work = cpu_now(CLOCK_THREAD_CPUTIME_ID) - w0;
  for (int i = 0; i < 10000000; i++)
    tiny();
  double w1 = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
  pthread_t th;
  pthread_create(&th, NULL, worker, NULL);
  pthread_join(th, NULL);
  double cpu = cpu_now(CLOCK_PROCESS_CPUTIME_ID);
  work += cpu - w1;
  printf("cpu %.6f\nwork %.6f\n", cpu, work);
  return 0;
}
