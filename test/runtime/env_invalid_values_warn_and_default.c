// Invalid CPROF_* values print one line each on stderr and the default is
// used; the program runs and exits as it would. CPROF_START=0 records
// nothing (no dump) until the API enables the process profiler.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof
// RUN: env CPROF_FILE=%t.prof CPROF_SUBCALLS=maybe CPROF_TIMER=sundial CPROF_START=later %t plain > %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: count 3 < %t.err
// RUN: %check_dump %t.prof | FileCheck %s
// ERR-DAG: cprof: CPROF_SUBCALLS=maybe is not 0 or 1; using 1
// ERR-DAG: cprof: CPROF_START=later is not 0 or 1; using 1
// ERR-DAG: cprof: CPROF_TIMER=sundial is not wall, monotonic, cpu, thread, sampled or sampled-wall; using wall
// CHECK: FUNC e.c:1(main) ncalls=1 pcalls=1
// CHECK: EDGE e.c:1(main) -> e.c:2(leaf) ncalls=2 pcalls=2
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_START=0 %t plain
// RUN: not ls %t.prof
// RUN: env CPROF_FILE=%t.prof CPROF_START=0 %t region
// RUN: %check_dump %t.prof | FileCheck %s --check-prefix=REGION
// REGION: FUNC e.c:2(leaf) ncalls=1 pcalls=1
// REGION-NEXT: INVARIANTS OK
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=thread %t plain && %check_dump %t.prof | FileCheck %s
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=cpu %t plain && %check_dump %t.prof | FileCheck %s
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=monotonic %t plain && %check_dump %t.prof | FileCheck %s
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=sampled %t plain && %check_dump %t.prof | FileCheck %s
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=sampled-wall %t plain && %check_dump %t.prof | FileCheck %s
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof CPROF_TIMER=sampled CPROF_SAMPLE_HZ=fast %t plain 2> %t.err
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: FileCheck %s --check-prefix=HZ < %t.err
// HZ: cprof: CPROF_SAMPLE_HZ=fast is not a rate from 1 to 100000; using 1000
#include <string.h>

#include "Inputs/handmade.h"

DESC(main, "e.c", 1);
DESC(leaf, "e.c", 2);

NOINLINE static void leaf(void) {
  ENTER(leaf);
  EXIT(leaf);
}

int main(int argc, char **argv) {
  ENTER(main);
  if (!strcmp(argv[1], "region")) {
    leaf();
    cprof_enable(NULL);
    leaf();
    cprof_disable(NULL);
    leaf();
  } else {
    leaf();
    leaf();
  }
  EXIT(main);
  return 0;
}
