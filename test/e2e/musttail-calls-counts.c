// musttail calls: the caller's frame ends (exit hook) just before the jump,
// so the callee is counted exactly and appears as called by the caller's
// caller, the frame it returns to. A chain of 100000 musttail calls needs
// no stack, instrumented or not.
// GCC 12 has no musttail attribute.
// UNSUPPORTED: cprof-gcc
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// OUT: 100000
#include <stdio.h>

long ping(long n, long acc);
// CHECK-DAG: FUNC {{.*}}musttail-calls-counts.c:[[@LINE+1]](pong) ncalls=50000 pcalls=50000
long pong(long n, long acc) {
  if (n == 0)
    return acc;
  __attribute__((musttail)) return ping(n - 1, acc + 1);
}
// CHECK-DAG: FUNC {{.*}}musttail-calls-counts.c:[[@LINE+1]](ping) ncalls=50001 pcalls=50001
long ping(long n, long acc) {
  if (n == 0)
    return acc;
  __attribute__((musttail)) return pong(n - 1, acc + 1);
}

int main(void) {
  printf("%ld\n", ping(100000, 0));
  return 0;
}
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(ping) ncalls=50001 pcalls=50001
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(pong) ncalls=50000 pcalls=50000
// CHECK: INVARIANTS OK
