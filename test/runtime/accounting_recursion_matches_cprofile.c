// cProfile's accounting of direct recursion, bit for bit: the workload of
// conformance/programs/recursion.py, hand-instrumented, on the same fake
// clock, must give the numbers of Python's vector (all but its `disable`).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_START=0 %t %t.prof
// RUN: %python %S/Inputs/compare_dump.py %t.prof %vectors/recursion/recursion.prof --skip disable | FileCheck %s
// CHECK: MATCH 5 entries
#include "Inputs/recursion_workload.h"

int main(int argc, char **argv) {
  (void)argc;
  return replay_and_dump(workload, argv[1]);
}
