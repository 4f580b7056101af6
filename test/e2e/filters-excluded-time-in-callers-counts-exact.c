// A program compiled with --cprof-exclude, or run with CPROF_EXCLUDE: the
// same output and exit status as unprofiled; no entry for the excluded
// function; exact counts (Python's pstats) for the rest, its profiled
// callees and its builtins attributed to its nearest profiled caller; its
// time in its caller's own time. Compile-time and run-time exclusion give
// the same counts.
// RUN: %clang -O1 -g %s -o %t.plain
// RUN: %t.plain > %t.plain.out; echo "status $?" >> %t.plain.out
// RUN: %cprof_cc -O1 -g --cprof-exclude=spin %s -o %t.ct
// RUN: env CPROF_FILE=%t.ct.prof %t.ct > %t.ct.out; echo "status $?" >> %t.ct.out
// RUN: diff %t.plain.out %t.ct.out
// RUN: %check_dump %t.ct.prof > %t.ct.counts
// RUN: FileCheck %s < %t.ct.counts
// RUN: %cprof_cc -O1 -g %s -o %t.all
// RUN: env CPROF_FILE=%t.rt.prof CPROF_EXCLUDE=spin %t.all > %t.rt.out; echo "status $?" >> %t.rt.out
// RUN: diff %t.plain.out %t.rt.out
// RUN: %check_dump %t.rt.prof > %t.rt.counts
// RUN: diff %t.ct.counts %t.rt.counts
// The excluded function's time is its caller's own time: step's tottime is
// (nearly) all of main's cumtime; unfiltered, it is spin's. (Relative, so
// that it holds with any timer, sampled ones included.)
// RUN: %check_dump --times %t.ct.prof | %python %S/Inputs/time_share.py step | FileCheck --check-prefix=TIME %s
// RUN: %check_dump --times %t.rt.prof | %python %S/Inputs/time_share.py step | FileCheck --check-prefix=TIME %s
// RUN: not env CPROF_FILE=%t.all.prof %t.all > /dev/null
// RUN: %check_dump --times %t.all.prof | %python %S/Inputs/time_share.py spin | FileCheck --check-prefix=TIME %s
// RUN: %check_dump --times %t.all.prof | %python %S/Inputs/time_share.py step | FileCheck --check-prefix=NOTIME %s
// UNSUPPORTED: cprof-gcc
// TIME: holds most of main's time: yes
// NOTIME: holds most of main's time: no
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) int leaf(int x) { return x * 2; }

/* excluded: busy (tens of ms), calls a profiled function and a builtin */
__attribute__((noinline)) int spin(const char *s) {
  for (volatile unsigned long k = 0; k < 20000000; k++)
    ;
  return leaf((int)strlen(s)) + leaf(1);
}

__attribute__((noinline)) int step(int i) { return spin("abcd") + i; }

int main(void) {
  int s = 0;
  for (int i = 0; i < 3; i++)
    s += step(i);
  printf("%d\n", s);
  return s == 33 ? 7 : 1;
}
// CHECK-NOT: (spin)
// CHECK-DAG: FUNC {{.*}}(leaf) ncalls=6 pcalls=6
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(step) ncalls=3 pcalls=3
// CHECK-DAG: FUNC {built-in method strlen} ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(step) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(step) -> {{.*}}(leaf) ncalls=6 pcalls=6
// CHECK-DAG: EDGE {{.*}}(step) -> {built-in method strlen} ncalls=3 pcalls=3
// CHECK: INVARIANTS OK
// CHECK-NOT: (spin)
