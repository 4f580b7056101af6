// Calls through function pointers reach instrumented functions (the call
// site is not wrapped; the callee's own hooks count it), and a libc
// function calling back into the program is the caller of the callback:
// qsort appears as {built-in method qsort} calling the comparator.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %check_dump %t.prof | FileCheck --check-prefix=QSORT %s
// OUT: 1 2 3 5 8 | 10
#include <stdio.h>
#include <stdlib.h>

// The comparison count depends on libc's qsort; it is the same on both
// sides of the edge, and every comparison comes from qsort.
// QSORT: FUNC {{.*}}(by_value) ncalls=[[N:[1-9][0-9]*]] pcalls=[[N]]
// QSORT: EDGE {built-in method qsort} -> {{.*}}(by_value) ncalls=[[N]] pcalls=[[N]]
static int by_value(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

// CHECK-DAG: FUNC {{.*}}function-pointers-qsort-counts.c:[[@LINE+1]](add_one) ncalls=2 pcalls=2
static int add_one(int x) { return x + 1; }
// CHECK-DAG: FUNC {{.*}}function-pointers-qsort-counts.c:[[@LINE+1]](twice) ncalls=1 pcalls=1
static int twice(int x) { return 2 * x; }
// CHECK-DAG: FUNC {{.*}}function-pointers-qsort-counts.c:[[@LINE+1]](apply) ncalls=3 pcalls=3
static int apply(int (*fn)(int), int x) { return fn(x); }

int main(void) {
  int v[] = {5, 3, 8, 1, 2};
  qsort(v, 5, sizeof v[0], by_value);
  for (int i = 0; i < 5; i++)
    printf("%d ", v[i]);
  int (*volatile table[])(int) = {add_one, twice, add_one};
  int s = 0;
  for (int i = 0; i < 3; i++)
    s += apply(table[i], i + 1);
  printf("| %d\n", s);
  return 0;
}
// CHECK-DAG: FUNC {built-in method qsort} ncalls=1 pcalls=1
// CHECK-DAG: FUNC {built-in method printf} ncalls=6 pcalls=6
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method qsort} ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(apply) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(apply) -> {{.*}}(add_one) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}(apply) -> {{.*}}(twice) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method printf} ncalls=6 pcalls=6
// CHECK: INVARIANTS OK
