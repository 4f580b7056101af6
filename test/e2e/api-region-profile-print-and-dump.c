// The profile.Profile API in a program built with cprof-cc: with
// CPROF_START=0 nothing is measured but the CPROF_WITH region, which
// print_stats reports exactly as Python's Profile.print_stats would from the
// same statistics, and dump_stats writes for Python's pstats. (-O0: the
// counts are the source's recursion; at -O1 newer clangs turn part of
// fib's recursion into a loop.)
// RUN: %cprof_cc -O0 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: env CPROF_START=0 %t > out.txt
// RUN: not ls cprof.*.prof
// RUN: FileCheck %s < out.txt
// RUN: %check_dump region.prof | FileCheck %s --check-prefix=DUMP
// RUN: sed -n '/function calls/,$p' out.txt > printed.txt
// RUN: %python %S/../runtime/Inputs/python_print_stats.py region.prof calls name > expected.txt
// RUN: diff expected.txt printed.txt
// CHECK: result 52
// CHECK: function calls (
// CHECK: Ordered by: call count, function name
// CHECK: 82/2 {{.*}}(fib)
// DUMP: FUNC {{.*}}(fib) ncalls=82 pcalls=2
// DUMP-NOT: FUNC {{.*}}(outside)
// DUMP: INVARIANTS OK
#include <cprof.h>
#include <stdio.h>

__attribute__((noinline)) static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
__attribute__((noinline)) static int outside(int n) { return fib(n); }

int main(void) {
  cprof_profile *pr = cprof_profile_new(NULL);
  int r = outside(8);
  CPROF_WITH(pr) {
    r += fib(5) + fib(8);
  }
  outside(8);
  printf("result %d\n", r + outside(5));
  if (cprof_dump_stats(pr, "region.prof") != 0)
    return 1;
  return cprof_print_stats(pr, stdout, "calls name") != 0;
}
