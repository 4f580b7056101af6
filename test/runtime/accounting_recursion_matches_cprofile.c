// cProfile's accounting of direct recursion, bit for bit: the workload of
// conformance/programs/recursion.py, hand-instrumented, on the same fake
// clock, must give the numbers of Python's vector (all but its `disable`).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_START=0 %t %t.prof
// RUN: %python %S/Inputs/compare_dump.py %t.prof %shared/conformance/vectors/recursion/recursion.prof --skip disable | FileCheck %s
// CHECK: MATCH 5 entries
#include "Inputs/handmade.h"

#define F "examples/recursion.py"
DESC(factorial, F, 7);
DESC(fib, F, 14);
DESC(countdown, F, 21);
DESC(leaf, F, 29);
DESC(main, F, 33);

NOINLINE static long factorial(int n) {
  ENTER(factorial);
  WORK(2);
  long r = n <= 1 ? 1 : n * factorial(n - 1);
  EXIT(factorial);
  return r;
}

NOINLINE static long fib(int n) {
  ENTER(fib);
  WORK(1);
  long r = n < 2 ? n : fib(n - 1) + fib(n - 2);
  EXIT(fib);
  return r;
}

NOINLINE static void leaf(void) {
  ENTER(leaf);
  WORK(5);
  EXIT(leaf);
}

NOINLINE static void countdown(int n) {
  ENTER(countdown);
  WORK(3);
  if (n > 0)
    countdown(n - 1);
  else
    leaf();
  EXIT(countdown);
}

NOINLINE static void workload(void) {
  ENTER(main);
  factorial(6);
  fib(6);
  countdown(4);
  leaf();
  EXIT(main);
}

int main(int argc, char **argv) {
  cprof_profile *pr = fake_profiler(0.001, 1, 1);
  cprof_enable(pr);
  workload();
  cprof_disable(pr);
  return cprof_dump_stats(pr, argv[1]) != 0;
}
