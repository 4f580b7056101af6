// A profiled program behaves exactly as the unprofiled one: same stdout,
// same stderr, same exit status, here for exit(3) called deep in the stack
// with atexit handlers and buffered output, at -O0 and -O2.
// RUN: %clang -O0 %s -o %t.plain
// RUN: %cprof_cc -O0 -g %s -o %t.cprof
// RUN: %cprof_cc -O2 -g %s -o %t.cprof2
// RUN: sh -c '%t.plain a b > %t.plain.out 2> %t.plain.err; echo "status=$?" >> %t.plain.out'
// RUN: sh -c 'CPROF_FILE=%t.prof %t.cprof a b > %t.cprof.out 2> %t.cprof.err; echo "status=$?" >> %t.cprof.out'
// RUN: sh -c 'CPROF_FILE=%t.prof2 %t.cprof2 a b > %t.cprof2.out 2> %t.cprof2.err; echo "status=$?" >> %t.cprof2.out'
// RUN: cmp %t.plain.out %t.cprof.out
// RUN: cmp %t.plain.err %t.cprof.err
// RUN: cmp %t.plain.out %t.cprof2.out
// RUN: cmp %t.plain.err %t.cprof2.err
// RUN: FileCheck --check-prefix=OUT %s < %t.cprof.out
// The frames still open at exit() are closed by the runtime: every call
// made so far is counted.
// RUN: %check_dump %t.prof | FileCheck %s
// OUT: start 3
// OUT-NEXT: depth 0
// OUT-NEXT: in atexit
// OUT-NEXT: status=3
#include <stdio.h>
#include <stdlib.h>

static void farewell(void) { printf("in atexit\n"); }

// CHECK-DAG: FUNC {{.*}}exit-status-output-unchanged.c:[[@LINE+1]](descend) ncalls=4 pcalls=1
__attribute__((noinline)) void descend(int n) {
  if (n == 0) {
    printf("depth %d\n", n);
    fprintf(stderr, "leaving with 3\n");
    exit(3);
  }
  descend(n - 1);
}

int main(int argc, char **argv) {
  atexit(farewell);
  printf("start %d\n", argc);
  descend(3);
  return 0;
}
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(descend) -> {{.*}}(descend) ncalls=3 pcalls=1
// CHECK: INVARIANTS OK
