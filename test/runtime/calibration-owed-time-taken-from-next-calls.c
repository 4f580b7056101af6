// Calibrated accounting, calls that come out below 0: such a call counts 0
// and the difference is owed by its function, taken from that function's
// next calls, so a function's tottime is the sum of its calls' corrected
// times (not that sum with the negative calls raised to 0), and no time is
// negative. On the fake clock (one tick per reading) with the bias inner 3,
// outer 0: f's raw interval is its WORK + 1 (the exit reading).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t
// RUN: %python %S/Inputs/show_dump.py %t.inner3.prof | FileCheck %s --check-prefix=OWED
// RUN: %python %S/Inputs/show_dump.py %t.raw.prof | FileCheck %s --check-prefix=RAW
// RUN: %check_dump %t.inner3.prof
//
// Raw (cProfile): f from a: 1, 1; from b: 7, 7. a = 2 * (1 + 1) + 1 = 5;
// b = 2 * (7 + 1) + 1 = 17; top = 2 + 1 + (5 + 1) + (17 + 1) + 1 = 27.
// RAW: a 1 1 3.0 5.0 top:1/1/3.0/5.0
// RAW: b 1 1 3.0 17.0 top:1/1/3.0/17.0
// RAW: f 4 4 16.0 16.0 a:2/2/2.0/2.0 b:2/2/14.0/14.0
// RAW: top 1 1 5.0 27.0
//
// Inner 3: f's calls are 1-3 = -2 (0, owes 2), 1-3-2 = -4 (0, owes 4),
// 7-3-4 = 0 (owes nothing more), 7-3 = 4: tottime 4 = (-2) + (-2) + 4 + 4,
// where clamping each call alone would give 8. a: 5 - 2 - 3 = 0; b: 17 -
// 14 - 3 = 0, cumtime 0 + 4; top: 27 - 22 - 3 = 2, cumtime 2 + 0 + 4.
// OWED: a 1 1 0.0 0.0 top:1/1/0.0/0.0
// OWED: b 1 1 0.0 4.0 top:1/1/0.0/4.0
// OWED: f 4 4 4.0 4.0 a:2/2/0.0/0.0 b:2/2/4.0/4.0
// OWED: top 1 1 2.0 6.0
#include "Inputs/handmade.h"

DESC(top, "owed.c", 1);
DESC(a, "owed.c", 2);
DESC(b, "owed.c", 3);
DESC(f, "owed.c", 4);

NOINLINE static void f(int work) {
  ENTER(f);
  WORK(work);
  EXIT(f);
}
NOINLINE static void a(void) {
  ENTER(a);
  f(0);
  f(0);
  EXIT(a);
}
NOINLINE static void b(void) {
  ENTER(b);
  f(6);
  f(6);
  EXIT(b);
}
NOINLINE static void workload(void) {
  ENTER(top);
  WORK(2);
  a();
  b();
  EXIT(top);
}

int main(int argc, char **argv) {
  (void)argc;
  fake_run_and_dump(argv[1], "raw", NULL, workload);
  cprof_bias inner3 = {3, 0, 0, 0};
  fake_run_and_dump(argv[1], "inner3", &inner3, workload);
  return 0;
}
