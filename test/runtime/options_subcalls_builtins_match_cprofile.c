// Profile(subcalls=False) and Profile(builtins=False) against Python's
// nosubcalls and nobuiltins vectors: no caller tables at all / builtins not
// timed (their time stays in the caller). The same switches from the
// environment for the process profiler: CPROF_SUBCALLS=0, CPROF_BUILTINS=0.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof
// RUN: env CPROF_START=0 %t api-nosubcalls %t.nosub.prof
// RUN: %python %S/Inputs/compare_dump.py %t.nosub.prof %vectors/nosubcalls/nosubcalls.prof --skip disable | FileCheck %s --check-prefix=NOSUB
// RUN: env CPROF_START=0 %t api-nobuiltins %t.nobuiltins.prof
// RUN: %python %S/Inputs/compare_dump.py %t.nobuiltins.prof %vectors/nobuiltins/nobuiltins.prof | FileCheck %s --check-prefix=NOBUILTINS
// RUN: env CPROF_FILE=%t.envnosub.prof CPROF_SUBCALLS=0 %t process
// RUN: %check_dump %t.envnosub.prof | FileCheck %s --check-prefix=ENVNOSUB
// RUN: env CPROF_FILE=%t.envnobuiltins.prof CPROF_BUILTINS=0 %t process
// RUN: %check_dump %t.envnobuiltins.prof | FileCheck %s --check-prefix=ENVNOBUILTINS
// NOSUB: MATCH 6 entries
// NOBUILTINS: MATCH 3 entries
// ENVNOSUB: FUNC examples/options.py:10(step) ncalls=4 pcalls=1
// ENVNOSUB: FUNC {built-in method builtins.sorted} ncalls=6 pcalls=6
// ENVNOSUB-NOT: EDGE
// ENVNOSUB: INVARIANTS OK
// ENVNOBUILTINS: FUNC examples/options.py:10(step) ncalls=4 pcalls=1
// ENVNOBUILTINS-NOT: built-in
// ENVNOBUILTINS: EDGE examples/options.py:10(step) -> examples/options.py:10(step) ncalls=3 pcalls=1
// ENVNOBUILTINS-NOT: built-in
// ENVNOBUILTINS: INVARIANTS OK
#include <string.h>

#include "Inputs/handmade.h"

#define F "examples/options.py"
DESC(work, F, 5);
DESC(step, F, 10);
DESC(main, F, 17);
static struct cprof_func_desc B_sorted = {"<built-in method builtins.sorted>", "~", (void *)1, 0,
                                          CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc B_len = {"<built-in method builtins.len>", "~", (void *)2, 0,
                                       CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc B_max = {"<built-in method builtins.max>", "~", (void *)3, 0,
                                       CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};

NOINLINE static void work(int n) {
  ENTER(work);
  WORK(n);
  __cprof_builtin_enter(&B_sorted);
  __cprof_builtin_exit(&B_sorted);
  EXIT(work);
}
NOINLINE static void step(int n) {
  ENTER(step);
  WORK(1);
  if (n)
    step(n - 1);
  work(n);
  __cprof_builtin_enter(&B_len);
  __cprof_builtin_exit(&B_len);
  EXIT(step);
}
NOINLINE static void workload(void) {
  ENTER(main);
  step(3);
  work(2);
  work(1);
  __cprof_builtin_enter(&B_max);
  __cprof_builtin_exit(&B_max);
  EXIT(main);
}

int main(int argc, char **argv) {
  cprof_profile *pr;
  if (!strcmp(argv[1], "process")) { /* the process profiler, CPROF_* */
    workload();
    return 0;
  }
  pr = fake_profiler(0.001, strcmp(argv[1], "api-nosubcalls") != 0,
                     strcmp(argv[1], "api-nobuiltins") != 0);
  cprof_enable(pr);
  workload();
  cprof_disable(pr);
  return cprof_dump_stats(pr, argv[2]) != 0;
}
