// cprof run -n RUNS runs the program RUNS times and merges every run's
// profile (each process of each run counted once); --timer and --hz choose
// the program's clock (CPROF_TIMER, CPROF_SAMPLE_HZ); a failing run ends
// the series and its status is passed through. Bad values: one line,
// status 2, the program not run.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -rf %t.tmp && mkdir %t.tmp
// RUN: env TMPDIR=%t.tmp %cprof_run run -n 3 --timer sampled --hz 500 -o %t.prof -- %t 10 > %t.out
// RUN: count 3 < %t.out
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}(main) ncalls=3 pcalls=3
// CHECK-DAG: FUNC {{.*}}(fib) ncalls=531 pcalls=3
// CHECK: INVARIANTS OK
// RUN: ls -A %t.tmp | count 0
// The environment the program saw:
// RUN: env TMPDIR=%t.tmp %cprof_run run --timer sampled-wall --hz 250 -o %t.env.prof -- %t env | FileCheck %s --check-prefix=ENV
// ENV: CPROF_TIMER=sampled-wall CPROF_SAMPLE_HZ=250
// RUN: env TMPDIR=%t.tmp sh -c '%cprof_run run -n 5 -o "$0.fail.prof" "$0" fail; echo status $?' %t | FileCheck %s --check-prefix=FAIL
// FAIL: ran
// FAIL-NEXT: status 4
// RUN: %check_dump %t.fail.prof | FileCheck %s --check-prefix=FAILDUMP
// FAILDUMP: FUNC {{.*}}(main) ncalls=1 pcalls=1
// RUN: not %cprof_run run -n zero %t 2>&1 | FileCheck %s --check-prefix=BADN
// BADN: cprof run: error: option -n: 'zero' is not a number of runs
// RUN: not %cprof_run run --timer sundial %t 2>&1 | FileCheck %s --check-prefix=BADT
// BADT: cprof run: error: option --timer: invalid choice: 'sundial'
// RUN: not %cprof_run run --hz 0 %t 2>&1 | FileCheck %s --check-prefix=BADHZ
// BADHZ: cprof run: error: option --hz: '0' is not a rate from 1 to 100000
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "env")) {
    printf("CPROF_TIMER=%s CPROF_SAMPLE_HZ=%s\n", getenv("CPROF_TIMER"), getenv("CPROF_SAMPLE_HZ"));
    return 0;
  }
  if (argc > 1 && !strcmp(argv[1], "fail")) {
    printf("ran\n");
    return 4;
  }
  printf("fib = %d\n", fib(argc > 1 ? atoi(argv[1]) : 5));
  return 0;
}
