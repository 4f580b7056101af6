// Profile(timer, timeunit): an integer timer's tick totals are multiplied
// once by timeunit (9 ticks * 0.001 = 0.009000000000000001, as Python);
// without a unit the integers are seconds; a float timer is floored to
// whole nanoseconds per reading.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t
// RUN: %python %S/Inputs/show_dump.py %t.unit.prof | FileCheck %s --check-prefix=UNIT
// RUN: %python %S/Inputs/show_dump.py %t.seconds.prof | FileCheck %s --check-prefix=SECONDS
// RUN: %python %S/Inputs/show_dump.py %t.float.prof | FileCheck %s --check-prefix=FLOAT
// f: 8 ticks of work and the exit reading: 9 ticks.
// UNIT: f 1 1 0.009000000000000001 0.009000000000000001 main:1/1/0.009000000000000001/0.009000000000000001
// UNIT: main 1 1 0.002 0.011 
// SECONDS: f 1 1 9.0 9.0 main:1/1/9.0/9.0
// SECONDS: main 1 1 2.0 11.0
// FLOAT: f 1 1 1.000000001 1.000000001
// FLOAT: main 1 1 2.000000001 3.000000002
#include <stdio.h>
#include <string.h>

#include "Inputs/handmade.h"

DESC(main, "api.c", 10);
DESC(f, "api.c", 20);

NOINLINE static void f(void) {
  ENTER(f);
  WORK(8);
  EXIT(f);
}
NOINLINE static void workload(void) {
  ENTER(main);
  f();
  EXIT(main);
}

/* Reading k is k * 1.0000000007 s; floored to ns: 1000000000,
 * 2000000001, 3000000002, 4000000002. */
static int readings;
static double float_timer(void *ctx) {
  (void)ctx;
  return ++readings * 1.0000000007;
}

int main(int argc, char **argv) {
  run_and_dump(fake_profiler(0.001, 1, 1), argv[1], "unit", workload);
  run_and_dump(fake_profiler(0, 1, 1), argv[1], "seconds", workload);
  cprof_options o;
  cprof_options_init(&o);
  o.timer_float = float_timer;
  cprof_profile *p = cprof_profile_new(&o);
  cprof_enable(p);
  workload();
  char path[4096];
  snprintf(path, sizeof path, "%s.float.prof", argv[1]);
  return cprof_dump_stats(p, path) != 0;
}
