// Mutual recursion (a 2-cycle entered from both ends, a 3-cycle entered in
// the middle) counted as cProfile does, bit for bit against Python's vector.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_START=0 %t %t.prof
// RUN: %python %S/Inputs/compare_dump.py %t.prof %vectors/mutual/mutual.prof --skip disable | FileCheck %s
// CHECK: MATCH 7 entries
#include "Inputs/handmade.h"

#define F "examples/mutual.py"
DESC(is_even, F, 5);
DESC(is_odd, F, 12);
DESC(ping, F, 19);
DESC(pong, F, 25);
DESC(pang, F, 31);
DESC(report, F, 39);
DESC(main, F, 43);

static int is_odd(int n);
NOINLINE static int is_even(int n) {
  ENTER(is_even);
  WORK(1);
  int r = n == 0 ? 1 : is_odd(n - 1);
  EXIT(is_even);
  return r;
}
NOINLINE static int is_odd(int n) {
  ENTER(is_odd);
  WORK(1);
  int r = n == 0 ? 0 : is_even(n - 1);
  EXIT(is_odd);
  return r;
}
NOINLINE static void report(void) {
  ENTER(report);
  WORK(1);
  EXIT(report);
}
static void pong(int n);
static void pang(int n);
NOINLINE static void ping(int n) {
  ENTER(ping);
  WORK(2);
  if (n > 0)
    pong(n - 1);
  EXIT(ping);
}
NOINLINE static void pong(int n) {
  ENTER(pong);
  WORK(3);
  if (n > 0)
    pang(n - 1);
  EXIT(pong);
}
NOINLINE static void pang(int n) {
  ENTER(pang);
  WORK(4);
  if (n > 0)
    ping(n - 1);
  else
    report();
  EXIT(pang);
}
NOINLINE static void workload(void) {
  ENTER(main);
  is_even(7);
  is_odd(4);
  ping(7);
  pang(2);
  report();
  EXIT(main);
}

int main(int argc, char **argv) {
  (void)argc;
  return replay_and_dump(workload, argv[1]);
}
