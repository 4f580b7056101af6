// CPROF_BIAS gives the process profiler its figures (1, 2 or 4 tick counts),
// CPROF_CALIBRATE=0 turns every correction off (raw cProfile times), bad
// values get one warning and the measured figures. With an exaggerated
// CPROF_BIAS every time of the process profiler's dump is 0 (never
// negative); with CPROF_CALIBRATE=0 the same run keeps its raw times.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=7,9,3,4 %t | FileCheck %s --check-prefix=FOUR
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=5 %t | FileCheck %s --check-prefix=ONE
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=5,6 %t | FileCheck %s --check-prefix=TWO
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=7,9 CPROF_CALIBRATE=0 %t | FileCheck %s --check-prefix=OFF
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=1,2,3 %t measured 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=-4 %t measured 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: env CPROF_FILE=%t.prof CPROF_CALIBRATE=maybe %t measured 2>&1 | FileCheck %s --check-prefix=BADCAL
// The run-time filters never drop the calibration's own functions.
// RUN: env CPROF_FILE=%t.prof 'CPROF_EXCLUDE=*' CPROF_INCLUDE=none %t 2>&1 | FileCheck %s --check-prefix=FILTERED
// FILTERED-NOT: cprof:
// FILTERED: bias {{[1-9][0-9]*}} {{[1-9][0-9]*}} {{[1-9][0-9]*}} {{[1-9][0-9]*}}
// FILTERED-NOT: cprof:
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=1000000000000 %t
// RUN: %python %S/Inputs/show_dump.py %t.prof | FileCheck %s --check-prefix=ZERO
// RUN: env CPROF_FILE=%t.prof CPROF_BIAS=1000000000000 CPROF_CALIBRATE=0 %t
// RUN: %python %S/Inputs/show_dump.py %t.prof | FileCheck %s --check-prefix=RAW
//
// FOUR: bias 7 9 3 4
// ONE: bias 5 5 5 5
// TWO: bias 5 6 5 6
// OFF: bias 0 0 0 0
// BAD: cprof: CPROF_BIAS={{.*}} is not 1, 2 or 4 tick counts
// BAD-NEXT: measured inner > 0: 1
// BADCAL: cprof: CPROF_CALIBRATE=maybe is not 0 or 1; using 1
// BADCAL-NEXT: measured inner > 0: 1
// ZERO: leaf 1000 1000 0.0 0.0 spin:1000/1000/0.0/0.0
// ZERO: spin 1 1 0.0 0.0
// RAW: leaf 1000 1000 {{[0-9.e-]*[1-9][0-9.e-]*}} {{[0-9.e-]*[1-9][0-9.e-]*}} spin:
// RAW: spin 1 1 {{[0-9.e-]*[1-9][0-9.e-]*}} {{[0-9.e-]*[1-9][0-9.e-]*}}
#include <stdlib.h>
#include <string.h>

#include "Inputs/handmade.h"

DESC(spin, "env.c", 1);
DESC(leaf, "env.c", 2);

static volatile unsigned sink;
NOINLINE static void leaf(void) {
  ENTER(leaf);
  for (unsigned i = 0; i < 2000; i++)
    sink += i;
  EXIT(leaf);
}
NOINLINE static void spin(void) {
  ENTER(spin);
  for (int i = 0; i < 1000; i++) {
    for (unsigned k = 0; k < 2000; k++)
      sink += k;
    leaf();
  }
  EXIT(spin);
}

int main(int argc, char **argv) {
  cprof_bias b;
  cprof_get_bias(NULL, &b);
  if (argc > 1 && !strcmp(argv[1], "measured"))
    printf("measured inner > 0: %d\n", b.inner > 0);
  else
    printf("bias %lld %lld %lld %lld\n", (long long)b.inner, (long long)b.outer,
           (long long)b.builtin_inner, (long long)b.builtin_outer);
  fflush(stdout);
  spin();
  return 0;
}
