// Calibrated accounting, exactly. On the fake clock every reading advances
// time by one tick, so the hooks' own cost is known: the exit hook's
// reading lands inside the callee's interval (inner = 1 tick per call) and
// the entry hook's reading in the caller's time (outer = 1). With the bias
// {1, 1, 1, 1} the corrected tottime, cumtime and edge times are exactly the
// work done in each function (WORK); with no bias they are cProfile's raw
// times; an exaggerated bias gives zeros, never a negative time. A bias set
// through the API wins over CPROF_CALIBRATE=0 (the environment only decides
// the automatic figures).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t | FileCheck %s --check-prefix=API
// RUN: %python %S/Inputs/show_dump.py %t.raw.prof | FileCheck %s --check-prefix=RAW
// RUN: %python %S/Inputs/show_dump.py %t.true.prof | FileCheck %s --check-prefix=TRUE
// RUN: %python %S/Inputs/show_dump.py %t.huge.prof | FileCheck %s --check-prefix=HUGE
// RUN: %python %S/Inputs/show_dump.py %t.inner.prof | FileCheck %s --check-prefix=INNER
// RUN: rm -f %t.*.prof && env CPROF_START=0 CPROF_CALIBRATE=0 CPROF_BIAS=9 %t %t
// RUN: %python %S/Inputs/show_dump.py %t.true.prof | FileCheck %s --check-prefix=TRUE
//
// API: custom timer bias 0 0 0 0
// API: set -1 negative
// API: get 1 1 1 1
//
// Raw (cProfile): b = 5 work + 1 exit reading = 6; a = 10 + 2 * (1 + 6)
// + 3 + 1 = 28, own 28 - 12 = 16; r(0) = 2 + 1, r(1) = 2 + (1 + 3) + 1 = 7,
// r(2) = 11, own 3 + 4 + 4; ext = 7 + 1; main = 1 + (1 + 28) + 1 + (1 + 11)
// + (1 + 8) + 1 = 53, own 53 - 28 - 11 - 8 = 6.
// RAW: <built-in method ext> 1 1 8.0 8.0 main:1/1/8.0/8.0
// RAW: a 1 1 16.0 28.0 main:1/1/16.0/28.0
// RAW: b 2 2 12.0 12.0 a:2/2/12.0/12.0
// RAW: main 1 1 6.0 53.0
// RAW: r 1 3 11.0 11.0 main:1/1/4.0/11.0 r:2/1/7.0/7.0
//
// Bias {1, 1}: own time = raw - subt - inner where subt counts each child
// call as raw + outer; cumtime = own + corrected children: the WORK figures.
// TRUE: <built-in method ext> 1 1 7.0 7.0 main:1/1/7.0/7.0
// TRUE: a 1 1 13.0 23.0 main:1/1/13.0/23.0
// TRUE: b 2 2 10.0 10.0 a:2/2/10.0/10.0
// TRUE: main 1 1 2.0 38.0
// TRUE: r 1 3 6.0 6.0 main:1/1/2.0/6.0 r:2/1/4.0/4.0
//
// HUGE: <built-in method ext> 1 1 0.0 0.0 main:1/1/0.0/0.0
// HUGE: a 1 1 0.0 0.0 main:1/1/0.0/0.0
// HUGE: b 2 2 0.0 0.0 a:2/2/0.0/0.0
// HUGE: main 1 1 0.0 0.0
// HUGE: r 1 3 0.0 0.0 main:1/1/0.0/0.0 r:2/1/0.0/0.0
//
// Inner 3 (builtin 1), outer 0: each call loses 3 ticks of its own time,
// the callers keep the entry readings. b: 6 - 3 = 3 (x2); a: 28 - 12 - 3
// = 13, cum 13 + 6; r(0): max(0, 3 - 3) = 0, r(1): 7 - 3 - 3 = 1, r(2): 11
// - 7 - 3 = 1; ext: 8 - 1; main: 53 - 47 - 3 = 3, cum 3 + 19 + 2 + 7.
// INNER: <built-in method ext> 1 1 7.0 7.0 main:1/1/7.0/7.0
// INNER: a 1 1 13.0 19.0 main:1/1/13.0/19.0
// INNER: b 2 2 6.0 6.0 a:2/2/6.0/6.0
// INNER: main 1 1 3.0 31.0
// INNER: r 1 3 2.0 2.0 main:1/1/1.0/2.0 r:2/1/1.0/1.0
#include <errno.h>
#include <string.h>

#include "Inputs/handmade.h"

DESC(main, "cal.c", 1);
DESC(a, "cal.c", 2);
DESC(b, "cal.c", 3);
DESC(r, "cal.c", 4);
BUILTIN(D_ext, "ext", 0x1000);

NOINLINE static void b(void) {
  ENTER(b);
  WORK(5);
  EXIT(b);
}
NOINLINE static void a(void) {
  ENTER(a);
  WORK(10);
  b();
  b();
  WORK(3);
  EXIT(a);
}
NOINLINE static void r(int n) {
  ENTER(r);
  WORK(2);
  if (n)
    r(n - 1);
  EXIT(r);
}
NOINLINE static void workload(void) {
  ENTER(main);
  WORK(1);
  a();
  WORK(1);
  r(2);
  __cprof_builtin_enter(&D_ext);
  WORK(7);
  __cprof_builtin_exit(&D_ext);
  EXIT(main);
}

int main(int argc, char **argv) {
  (void)argc;
  cprof_bias got;
  cprof_profile *p = fake_profiler(1.0, 1, 1);
  cprof_get_bias(p, &got); /* a custom timer is never calibrated */
  printf("custom timer bias %lld %lld %lld %lld\n", (long long)got.inner,
         (long long)got.outer, (long long)got.builtin_inner, (long long)got.builtin_outer);
  cprof_bias bad = {1, -1, 0, 0};
  printf("set %d %s\n", cprof_set_bias(p, &bad), errno == EINVAL ? "negative" : "?");
  cprof_bias one = {1, 1, 1, 1};
  cprof_set_bias(p, &one);
  cprof_get_bias(p, &got);
  printf("get %lld %lld %lld %lld\n", (long long)got.inner, (long long)got.outer,
         (long long)got.builtin_inner, (long long)got.builtin_outer);

  const char *env = getenv("CPROF_CALIBRATE");
  if (!env) {
    fake_run_and_dump(argv[1], "raw", NULL, workload);
    cprof_bias huge = {1000, 1000, 1000, 1000};
    fake_run_and_dump(argv[1], "huge", &huge, workload);
    cprof_bias inner = {3, 0, 1, 0};
    fake_run_and_dump(argv[1], "inner", &inner, workload);
  }
  fake_run_and_dump(argv[1], "true", &one, workload);
  return 0;
}
