// The sampled clock's accounting, exactly: samples delivered with
// cprof_sample() where the workload puts them give tottime, cumtime and
// per-edge times equal to Python's cProfile on a timer that only the same
// workload advances (Inputs/sampled_oracle.py), bit for bit, under direct
// and nested recursion. No reading of the sampled clock costs a sample, so
// the hooks add nothing: there is nothing to calibrate.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t.c.prof
// RUN: %python %S/Inputs/sampled_oracle.py %t.py.prof
// RUN: %python %S/Inputs/compare_dump.py %t.c.prof %t.py.prof --skip disable | FileCheck %s
// RUN: %python %S/Inputs/show_dump.py %t.c.prof | FileCheck %s --check-prefix=TIMES
// CHECK: MATCH
//
// b: 4 per call, 4 calls (2 per a, a once per m); r(2) = 6 own; m(1): own
// 2+1+1+1 (its k) and m(0): 2+1+1; cumulative m = 9 + 2 * (16 + 6). The
// sums are Python's float sums of ticks times 1e-9, as the oracle's.
// TIMES: a 2 2 1.6e-08 3.2e-08 m:2/2/1.6e-08/3.2e-08
// TIMES: b 4 4 1.6e-08 1.6e-08 a:4/4/1.6e-08/1.6e-08
// TIMES: m 1 2 9.000000000000001e-09 5.3000000000000005e-08 m:1/1/4e-09/2.6e-08
// TIMES: r 2 6 1.2000000000000002e-08 1.2000000000000002e-08 r:4/2/8e-09/8e-09 m:2/2/4e-09/1.2000000000000002e-08
#include "Inputs/handmade.h"

#define SAMPLE(n) cprof_sample(CPROF_CLOCK_SAMPLED, (n))

NOINLINE void b(void);
NOINLINE void a(void);
NOINLINE void r(int n);
NOINLINE void m(int k);
DESC(b, "sampled.py", 1);
DESC(a, "sampled.py", 3);
DESC(r, "sampled.py", 5);
DESC(m, "sampled.py", 9);

void b(void) {
  ENTER(b);
  SAMPLE(4);
  EXIT(b);
}

void a(void) {
  ENTER(a);
  SAMPLE(5);
  b();
  b();
  SAMPLE(3);
  EXIT(a);
}

void r(int n) {
  ENTER(r);
  SAMPLE(1);
  if (n)
    r(n - 1);
  SAMPLE(1);
  EXIT(r);
}

void m(int k) {
  ENTER(m);
  SAMPLE(2);
  a();
  SAMPLE(1);
  r(2);
  SAMPLE(1);
  if (k)
    m(k - 1);
  SAMPLE(k);
  EXIT(m);
}

int main(int argc, char **argv) {
  (void)argc;
  cprof_options o;
  cprof_options_init(&o);
  o.clock = CPROF_CLOCK_SAMPLED;
  o.sample_hz = CPROF_SAMPLE_EXTERNAL; /* no built-in source: only ours */
  o.builtins = 0;
  cprof_profile *p = cprof_profile_new(&o);
  if (!p)
    return 2;
  cprof_enable(p);
  m(1);
  cprof_disable(p);
  return cprof_dump_stats(p, argv[1]) != 0;
}
