// The profile.Profile API: clear() discards everything (open frames too;
// their exits are then ignored), runcall() profiles one call and returns its
// result, CPROF_WITH disables its profiler however the block is left (here
// by break), and an API profiler enabled inside the process profiler's run
// suspends it: each sees only its own part of the program.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d && cd %t.d
// RUN: env CPROF_FILE=process.prof %t | FileCheck %s --check-prefix=OUT
// OUT: runcall returned 42
// OUT: with: enabled inside 1, after 0
// RUN: %python %S/Inputs/show_dump.py clear.prof | FileCheck %s --check-prefix=CLEAR
// CLEAR: after_clear 1 1 0.002 0.004
// CLEAR-NEXT: f 1 1 0.002 0.002 after_clear:1/1/0.002/0.002
// CLEAR-NOT: cleared_open
// RUN: %python %S/Inputs/show_dump.py runcall.prof | FileCheck %s --check-prefix=RUNCALL
// RUNCALL: f 2 2 0.004 0.004 twice:2/2/0.004/0.004
// RUNCALL-NEXT: twice 1 1 0.003 0.007
// RUNCALL-NOT: region
// RUN: %python %S/Inputs/show_dump.py with.prof | FileCheck %s --check-prefix=WITH
// WITH: f 1 1 0.002 0.002
// WITH-NOT: {{^[a-z]}}
// RUN: %check_dump process.prof | FileCheck %s --check-prefix=PROCESS
// PROCESS: FUNC api.c:10(main) ncalls=1 pcalls=1
// PROCESS-NEXT: FUNC api.c:40(outer) ncalls=1 pcalls=1
// PROCESS-NEXT: EDGE api.c:10(main) -> api.c:40(outer) ncalls=1 pcalls=1
// PROCESS-NEXT: INVARIANTS OK
#include <stdio.h>

#include "Inputs/handmade.h"

DESC(main, "api.c", 10);
DESC(f, "api.c", 20);
DESC(after_clear, "api.c", 25);
DESC(cleared_open, "api.c", 27);
DESC(twice, "api.c", 30);
DESC(outer, "api.c", 40);
DESC(region, "api.c", 50);

NOINLINE static void f(void) {
  ENTER(f);
  WORK(1);
  EXIT(f);
}
NOINLINE static void cleared_open(cprof_profile *p) {
  ENTER(cleared_open);
  f();
  cprof_clear(p); /* drops this open frame and f's record */
  EXIT(cleared_open);
}
NOINLINE static void after_clear(void) {
  ENTER(after_clear);
  f();
  EXIT(after_clear);
}
NOINLINE static void *twice(void *arg) {
  ENTER(twice);
  f();
  f();
  EXIT(twice);
  return arg;
}
NOINLINE static void region(void) {
  ENTER(region);
  f();
  EXIT(region);
}
NOINLINE static void outer(void) {
  ENTER(outer);
  /* the process profiler is active here; this profiler suspends it */
  cprof_profile *p = fake_profiler(0.001, 1, 1);
  cprof_enable(p);
  region();
  cprof_disable(p);
  cprof_stats *st = cprof_snapshot(p);
  int ok = st && st->n == 2;
  cprof_stats_free(st);
  if (!ok)
    abort();
  EXIT(outer);
}

int main(void) {
  ENTER(main);
  outer();

  cprof_profile *p = fake_profiler(0.001, 1, 1);
  cprof_enable(p);
  f();
  f();
  cleared_open(p);
  after_clear();
  cprof_disable(p);
  if (cprof_dump_stats(p, "clear.prof") != 0)
    return 1;

  cprof_profile *r = fake_profiler(0.001, 1, 1);
  printf("runcall returned %ld\n", (long)cprof_runcall(r, twice, (void *)42));
  if (cprof_is_enabled(r) || cprof_dump_stats(r, "runcall.prof") != 0)
    return 1;

  cprof_profile *w = fake_profiler(0.001, 1, 1);
  int inside = 0;
  CPROF_WITH(w) {
    inside = cprof_is_enabled(w);
    f();
    if (inside)
      break; /* leaves the block: w is disabled all the same */
    f();
  }
  printf("with: enabled inside %d, after %d\n", inside, cprof_is_enabled(w));
  if (cprof_dump_stats(w, "with.prof") != 0)
    return 1;
  cprof_profile_free(p);
  cprof_profile_free(r);
  cprof_profile_free(w);
  EXIT(main);
  return 0;
}
