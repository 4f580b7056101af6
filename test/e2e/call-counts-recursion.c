// Exact cProfile counts for direct and mutual recursion, checked with
// Python's pstats (the expected figures are what cProfile reports for the
// same calls in Python).
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %check_dump %t.prof | grep '^FUNC' | count 5
// OUT: 55 0
#include <stdio.h>

// CHECK-DAG: FUNC {{.*}}call-counts-recursion.c:[[@LINE+1]](fib) ncalls=177 pcalls=1
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int is_even(unsigned n);
// CHECK-DAG: FUNC {{.*}}call-counts-recursion.c:[[@LINE+1]](is_odd) ncalls=4 pcalls=1
int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
// CHECK-DAG: FUNC {{.*}}call-counts-recursion.c:[[@LINE+1]](is_even) ncalls=4 pcalls=1
int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

// CHECK-DAG: FUNC {{.*}}call-counts-recursion.c:[[@LINE+1]](main) ncalls=1 pcalls=1
int main(void) {
  printf("%d %d\n", fib(10), is_even(7));
  return 0;
}
// CHECK-DAG: FUNC {built-in method printf} ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(fib) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(fib) -> {{.*}}(fib) ncalls=176 pcalls=2
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(is_even) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(is_even) -> {{.*}}(is_odd) ncalls=4 pcalls=1
// CHECK-DAG: EDGE {{.*}}(is_odd) -> {{.*}}(is_even) ncalls=3 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method printf} ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
