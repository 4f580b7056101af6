// cprof_print_stats(p, out, sort) prints what Python's
// Profile.print_stats(sort) prints: Stats(p).strip_dirs().sort_stats(sort)
// .print_stats(), byte for byte; NULL sort is Python's default (-1).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d && cd %t.d
// RUN: env CPROF_START=0 %t cumulative > cumulative.txt
// RUN: %python %S/Inputs/python_print_stats.py out.prof cumulative > cumulative.expected
// RUN: diff cumulative.expected cumulative.txt
// RUN: env CPROF_START=0 %t "calls, name" > calls.txt
// RUN: %python %S/Inputs/python_print_stats.py out.prof calls name > calls.expected
// RUN: diff calls.expected calls.txt
// RUN: env CPROF_START=0 %t > default.txt
// RUN: %python %S/Inputs/python_print_stats.py out.prof > default.expected
// RUN: diff default.expected default.txt
// RUN: FileCheck %s < default.txt
// CHECK: 39 function calls (6 primitive calls) in 0.139 seconds
// CHECK: Ordered by: standard name
// RUN: env CPROF_START=0 not %t nosuchkey > bad.txt 2> bad.err
// RUN: FileCheck %s --check-prefix=BAD < bad.err
// BAD: cprof: print_stats: unknown sort key 'nosuchkey'
#include "Inputs/recursion_workload.h"

int main(int argc, char **argv) {
  cprof_profile *pr = fake_profiler(0.001, 1, 1);
  cprof_enable(pr);
  workload();
  if (cprof_print_stats(pr, stdout, argc > 1 ? argv[1] : NULL) != 0)
    return 1;
  return cprof_dump_stats(pr, "out.prof") != 0;
}
