// The __cprof_active byte that instrumented code tests before each hook
// (cprof/abi.h) follows the active profiler: both bits while one with
// builtins runs, the functions bit alone without builtins, nothing while
// none runs, and it comes back when a suspended profiler resumes. Calls made
// while it is clear reach no hook and are not counted; a function entered
// while it was clear makes no exit event either.
// RUN: %cprof_cc -O1 %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck %s
// RUN: %check_dump %t.prof | FileCheck --check-prefix=DUMP %s
// RUN: env CPROF_BUILTINS=0 CPROF_FILE=%t.nob.prof %t | FileCheck --check-prefix=NOB %s
// RUN: %check_dump %t.nob.prof | FileCheck --check-prefix=NOBDUMP %s
// RUN: env CPROF_START=0 CPROF_FILE=%t.off.prof %t | FileCheck --check-prefix=OFF %s
// CHECK: start 3
// CHECK-NEXT: process disabled 0
// CHECK-NEXT: region without builtins 1
// CHECK-NEXT: region with builtins 3
// CHECK-NEXT: region disabled 0
// CHECK-NEXT: process again 3
// NOB: start 1
// NOB-NEXT: process disabled 0
// NOB: process again 1
// OFF: start 0
// Of the six lines printed, the process profiler sees two printf calls:
// the first and the last (the others run with no profiler, or with the
// region's, or without builtins).
// DUMP-NOT: (uncounted)
// DUMP-DAG: FUNC {{.*}}(counted) ncalls=3 pcalls=3
// DUMP-DAG: FUNC {{.*}}(entered_while_off) ncalls=1 pcalls=1
// DUMP-DAG: FUNC {built-in method printf} ncalls=2 pcalls=2
// DUMP-NOT: (uncounted)
// DUMP: INVARIANTS OK
// NOBDUMP-NOT: printf
// NOBDUMP: FUNC {{.*}}(counted) ncalls=3 pcalls=3
// NOBDUMP-NOT: printf
// NOBDUMP: INVARIANTS OK
#include <cprof.h>
#include <cprof/abi.h>
#include <stdio.h>
#include <string.h>

static void show(const char *when) {
  printf("%s %u\n", when, (unsigned)__atomic_load_n(&__cprof_active, __ATOMIC_RELAXED));
}

static volatile const char *text = "profile";

__attribute__((noinline)) static size_t counted(void) { return strlen((const char *)text); }
__attribute__((noinline)) static size_t uncounted(void) { return strlen((const char *)text) + 1; }

/* Entered with the byte clear, left with it set: no hook at either end (the
 * first call), but `counted` inside it is recorded. */
__attribute__((noinline)) static size_t entered_while_off(void) {
  cprof_enable(NULL);
  return counted();
}

int main(void) {
  show("start");
  cprof_disable(NULL);
  show("process disabled");
  size_t n = uncounted();
  cprof_profile *region = cprof_profile_new(NULL);
  cprof_enable_with(region, 1, 0);
  show("region without builtins");
  cprof_enable_with(region, 1, 1); /* already enabled: builtins switch on */
  show("region with builtins");
  cprof_disable(region);
  show("region disabled");
  cprof_profile_free(region);
  n += entered_while_off();
  show("process again");
  n += counted();
  cprof_disable(NULL);
  n += uncounted();
  cprof_enable(NULL);
  n += entered_while_off() > 0;
  return n == 0;
}
