// disable() with frames open closes them all, innermost first, each at its
// own timer reading (cProfile's flush), recursive activations included; the
// exits that follow are ignored. Python's openframes vector, bit for bit,
// including the `disable` builtin that is open when the flush happens.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_START=0 %t %t.prof
// RUN: %python %S/Inputs/compare_dump.py %t.prof %vectors/openframes/openframes.prof | FileCheck %s
// CHECK: MATCH 6 entries
#include "Inputs/handmade.h"

#define F "examples/openframes.py"
DESC(stop_profiler, F, 7);
DESC(dive, F, 12);
DESC(inner, F, 21);
DESC(finished, F, 27);
DESC(main, F, 31);
static struct cprof_func_desc D_disable = {
    "<method 'disable' of '_lsprof.Profiler' objects>", "~", (void *)&cprof_disable, 0,
    CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};

static cprof_profile *profiler;

NOINLINE static void stop_profiler(void) {
  ENTER(stop_profiler);
  WORK(1);
  __cprof_builtin_enter(&D_disable);
  cprof_disable(profiler);
  __cprof_builtin_exit(&D_disable);
  EXIT(stop_profiler);
}
NOINLINE static void inner(void) {
  ENTER(inner);
  WORK(3);
  stop_profiler();
  WORK(100);
  EXIT(inner);
}
NOINLINE static void dive(int n) {
  ENTER(dive);
  WORK(2);
  if (n > 0)
    dive(n - 1);
  else
    inner();
  WORK(50);
  EXIT(dive);
}
NOINLINE static void finished(void) {
  ENTER(finished);
  WORK(4);
  EXIT(finished);
}
NOINLINE static void workload(void) {
  ENTER(main);
  finished();
  dive(3);
  EXIT(main);
}

int main(int argc, char **argv) {
  profiler = fake_profiler(0.001, 1, 1);
  cprof_enable(profiler);
  workload();
  return cprof_dump_stats(profiler, argv[1]) != 0;
}
