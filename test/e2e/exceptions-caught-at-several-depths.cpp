// C++ exceptions caught 0 to 6 levels up, rethrown, and thrown through an
// uninstrumented C callback frame (qsort): every frame unwound is closed
// exactly once, counts and edges are exact, no frame is left behind, and the
// program's own unwinding is unchanged.
// RUN: %cprof_cxx -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// OUT: caught 7 rethrown 7 through-qsort 1 sum 21
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %cprof_cxx -O2 -g --cprof-placement=early %s -o %t.o2
// RUN: env CPROF_FILE=%t.o2.prof %t.o2 | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.o2.prof | FileCheck %s
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

// catch_at(0..6), twice: 7 outermost calls and 0+1+...+6 = 21 recursive
// ones each time; rethrower: thrower(0) 7 times.
// CHECK-DAG: FUNC {{.*}}(thrower(int)) ncalls=63 pcalls=21
// CHECK-DAG: EDGE {{.*}}(thrower(int)) -> {{.*}}(thrower(int)) ncalls=42 pcalls=12
// CHECK-DAG: EDGE {{.*}}(catch_at(int)) -> {{.*}}(thrower(int)) ncalls=14 pcalls=14
// CHECK-DAG: EDGE {{.*}}(rethrower(int)) -> {{.*}}(thrower(int)) ncalls=7 pcalls=7
// CHECK-DAG: FUNC {{.*}}(catch_at(int)) ncalls=14 pcalls=14
// CHECK-DAG: FUNC {{.*}}(rethrower(int)) ncalls=7 pcalls=7
// CHECK-DAG: FUNC {{.*}}(compare) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(after()) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
int depth_sum;
__attribute__((noinline)) void thrower(int depth) {
  if (depth == 0)
    throw std::runtime_error("bottom");
  depth_sum++;
  thrower(depth - 1);
}
__attribute__((noinline)) int catch_at(int depth) {
  try {
    thrower(depth);
  } catch (const std::exception &) {
    return 1;
  }
  return 0;
}
__attribute__((noinline)) void rethrower(int depth) {
  try {
    catch_at(depth);
    thrower(0);
  } catch (...) {
    throw;
  }
}
extern "C" int compare(const void *, const void *) { throw 42; }
__attribute__((noinline)) int after() { return 1; }

int main() {
  int caught = 0, rethrown = 0, through = 0;
  for (int d = 0; d <= 6; d++)
    caught += catch_at(d);
  depth_sum = 0;
  for (int d = 0; d <= 6; d++) {
    try {
      rethrower(d);
    } catch (const std::exception &) {
      rethrown++;
    }
  }
  int v[2] = {2, 1};
  try {
    qsort(v, 2, sizeof v[0], compare);
  } catch (int) {
    through++;
  }
  after();
  std::printf("caught %d rethrown %d through-qsort %d sum %d\n", caught, rethrown, through,
              depth_sum);
  return 0;
}
