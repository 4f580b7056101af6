// The CI gate of `pstats --diff` on a real program: two runs of the same
// build have equal call counts and pass; the program rebuilt with its loop
// count doubled fails --fail-calls naming the function called more, with
// exit status 3 (1 stays "bad input").
// (The report's lines depend on the builtins clang leaves at -O1: -n 3
// reduces clang's list, not gcc's.)
// UNSUPPORTED: cprof-gcc
// RUN: %cprof_cc -O1 -g %s -o %t.a
// RUN: %cprof_cc -O1 -g %s -o %t.b
// RUN: %cprof_cc -O1 -g -DROUNDS=200 %s -o %t.doubled
// RUN: env CPROF_FILE=%t.base.prof %t.a > /dev/null
// RUN: env CPROF_FILE=%t.same.prof %t.b > /dev/null
// RUN: env CPROF_FILE=%t.same2.prof %t.b > /dev/null
// RUN: env CPROF_FILE=%t.doubled.prof %t.doubled > /dev/null
//
// An unchanged rebuild passes (counts equal; --fail-time is left out: two
// runs' times differ by noise, which is what the exact counts avoid).
// RUN: %pstats --diff %t.base.prof %t.same.prof --fail-calls 0 -n 0 2> %t.pass.err
// RUN: count 0 < %t.pass.err
// Several NEW runs merged against a BASE that is merged too.
// RUN: %pstats --diff --base %t.base.prof --base %t.base.prof %t.same.prof %t.same2.prof --fail-calls 0 -n 0
//
// RUN: sh -c '%pstats --diff %t.base.prof %t.doubled.prof --fail-calls 10 -n 3 > %t.fail.out 2> %t.fail.err; echo status $? >> %t.fail.err'
// RUN: FileCheck --check-prefix=GATE %s < %t.fail.err
// GATE-DAG: pstats: regression: {{.*}}diff-gate-doubled-loop-fails-rebuild-passes.c:[[@LINE+20]](step): calls 100 -> 200 (+100.0%, limit +10%)
// GATE-DAG: pstats: regression: {{.*}}diff-gate-doubled-loop-fails-rebuild-passes.c:[[@LINE+21]](mix): calls 100 -> 200 (+100.0%, limit +10%)
// GATE-NOT: (main)
// GATE: pstats: 2 regressions beyond the limits (exit status 3)
// GATE: status 3
// RUN: FileCheck --check-prefix=REPORT %s < %t.fail.out
// REPORT: functions: 2 with other call counts, 0 new, 0 gone,
// REPORT: List reduced from {{[0-9]+}} to 3 due to restriction <3>
// REPORT: ncalls    change        %  tottime    change        %  cumtime    change        % filename:lineno(function)
//
// The limit is a percentage of BASE's calls: +100% passes a limit of 100.
// RUN: %pstats --diff %t.base.prof %t.doubled.prof --fail-calls 100 -n 0
#include <stdio.h>

#ifndef ROUNDS
#define ROUNDS 100
#endif

static volatile unsigned sink;

__attribute__((noinline)) unsigned step(unsigned x) { return x * 2654435761u + 1; }

__attribute__((noinline)) unsigned mix(unsigned x) { return step(x) ^ (x >> 7); }

int main(void) {
  unsigned h = 1;
  for (int i = 0; i < ROUNDS; i++)
    h = mix(h);
  sink = h;
  printf("done\n");
  return 0;
}
