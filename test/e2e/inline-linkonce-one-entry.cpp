// Inline functions and templates emitted in several translation units are
// merged by the linker into one body with one descriptor: one entry in the
// profile, counting the calls from every translation unit.
// RUN: %cprof_cxx -O0 -g %s %S/Inputs/inline-other-tu.cpp -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %check_dump %t.prof | grep -c '^FUNC .*(bump(int)) ncalls' | FileCheck --check-prefix=ONE %s
// RUN: %check_dump %t.prof | grep -c '^FUNC .*(Box<int>::get() const) ncalls' | FileCheck --check-prefix=ONE %s
// OUT: 15
// ONE: {{^1$}}
#include "Inputs/inline-shared.h"
#include <cstdio>

int other_tu(int x);

int main() {
  int s = bump(1) + Box<int>(2).get() + other_tu(5);
  std::printf("%d\n", s);
  return 0;
}
// CHECK-DAG: FUNC {{.*}}inline-shared.h:3(bump(int)) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}inline-shared.h:7(Box<int>::get() const) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}inline-shared.h:6(Box<int>::Box(int)) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(bump(int)) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(other_tu(int)) -> {{.*}}(bump(int)) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(other_tu(int)) ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
