// CPROF_DUMP_ON_CRASH=1: a program dying of SIGSEGV, SIGBUS, SIGFPE or
// SIGABRT writes what was gathered (open frames counted as returning at the
// crash), then dies of the same signal as before (exit status 128+n in a
// shell), also while other threads are busy calling instrumented functions.
// Without the variable, no dump is written.
// The sanitizers install their own SIGSEGV/SIGBUS/SIGFPE handlers first.
// UNSUPPORTED: sanitize-address, sanitize-thread
// RUN: %cprof_cc -O0 -g %s -o %t -lpthread
// RUN: rm -f %t.*.prof
// RUN: env CPROF_FILE=%t.segv.prof CPROF_DUMP_ON_CRASH=1 sh -c '"$0" segv; echo status $?' %t | FileCheck --check-prefix=SEGV %s
// SEGV: status 139
// RUN: %check_dump %t.segv.prof | FileCheck %s
// RUN: env CPROF_FILE=%t.fpe.prof CPROF_DUMP_ON_CRASH=1 sh -c '"$0" fpe; echo status $?' %t | FileCheck --check-prefix=FPE %s
// FPE: status 136
// RUN: %check_dump %t.fpe.prof | FileCheck %s
// RUN: env CPROF_FILE=%t.abrt.prof CPROF_DUMP_ON_CRASH=1 sh -c '"$0" abrt; echo status $?' %t | FileCheck --check-prefix=ABRT %s
// ABRT: status 134
// RUN: %check_dump %t.abrt.prof | FileCheck %s
// RUN: env CPROF_FILE=%t.bus.prof CPROF_DUMP_ON_CRASH=1 sh -c '"$0" bus; echo status $?' %t | FileCheck --check-prefix=BUS %s
// BUS: status 135
// RUN: %check_dump %t.bus.prof | FileCheck %s
// RUN: env CPROF_FILE=%t.threads.prof CPROF_DUMP_ON_CRASH=1 sh -c '"$0" segv threads; echo status $?' %t | FileCheck --check-prefix=SEGV %s
// RUN: %check_dump %t.threads.prof | FileCheck --check-prefixes=CHECK,THREADS %s
// RUN: env CPROF_FILE=%t.off.prof sh -c '"$0" segv; echo status $?' %t | FileCheck --check-prefix=SEGV %s
// RUN: not ls %t.off.prof
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

// CHECK-DAG: FUNC {{.*}}(work) ncalls=3 pcalls=3
void work(void) {}

// CHECK-DAG: FUNC {{.*}}(crash) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(crash) ncalls=1 pcalls=1
// THREADS-DAG: FUNC {{.*}}(spin) ncalls={{[1-9][0-9]*}} pcalls=
// THREADS-DAG: FUNC {{.*}}(spinner) ncalls=2 pcalls=2
// CHECK: INVARIANTS OK
volatile int zero = 0;
void crash(const char *how) {
  if (!strcmp(how, "segv"))
    *(volatile int *)(long)zero = 1;
  if (!strcmp(how, "fpe"))
    zero = 100 / zero; /* (GCC folds 1 / x into a test, which does not trap) */
  if (!strcmp(how, "abrt"))
    abort();
  raise(SIGBUS);
}

void spin(void) {}
static volatile int started;
void *spinner(void *arg) {
  __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
  for (;;)
    spin();
  return arg;
}

int main(int argc, char **argv) {
  for (int i = 0; i < 3; i++)
    work();
  if (argc > 2) {
    pthread_t t;
    for (int i = 0; i < 2; i++)
      pthread_create(&t, NULL, spinner, NULL);
    while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < 2)
      ;
  }
  crash(argv[1]);
  return 0;
}
