// The acceptance program: a C++ program with recursion, exceptions caught
// several levels up, templates, constructors and destructors. Python's
// pstats confirms the exact counts (the same calls profiled by cProfile in
// Python give the same figures), at -O0 and with early placement at -O2.
// RUN: %cprof_cxx -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %check_dump %t.prof | grep '^FUNC' | count 9
// RUN: %cprof_cxx -O2 -g --cprof-placement=early %s -o %t.early
// RUN: env CPROF_FILE=%t.early.prof %t.early | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.early.prof | FileCheck %s
// Late placement at -O2: only the functions left after inlining (clang 14
// folds depth() into catcher()); same output, and every call that is still
// a call is counted.
// RUN: %cprof_cxx -O2 -g %s -o %t.late
// RUN: env CPROF_FILE=%t.late.prof %t.late | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.late.prof | FileCheck --check-prefix=LATE %s
// LATE-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// LATE-DAG: FUNC {built-in method std::runtime_error::runtime_error(char const*)} ncalls=3 pcalls=3
// LATE-DAG: FUNC {built-in method printf} ncalls=1 pcalls=1
// LATE: INVARIANTS OK
// OUT: caught 3 -3 13
#include <cstdio>
#include <stdexcept>

struct Guard {
  int id;
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](Guard::Guard(int)) ncalls=15 pcalls=15
  explicit Guard(int i) : id(i) {}
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](Guard::~Guard()) ncalls=15 pcalls=15
  ~Guard() { id = -1; }
};

// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](int square<int>(int)) ncalls=1 pcalls=1
template <class T> T square(T x) { return x * x; }

// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](depth(int)) ncalls=15 pcalls=3
int depth(int n) {
  Guard g(n);
  if (n == 0)
    throw std::runtime_error("bottom");
  return depth(n - 1) + 1;
}

static int caught;
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](catcher(int)) ncalls=3 pcalls=3
int catcher(int n) {
  try {
    return depth(n);
  } catch (const std::runtime_error &) {
    caught++;
    return -1;
  }
}

// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](main) ncalls=1 pcalls=1
int main() {
  int r = 0;
  for (int i = 0; i < 3; i++)
    r += catcher(4);
  std::printf("caught %d %d %d\n", caught, r, square(3) + (int)square(2.0));
  return 0;
}
// CHECK-DAG: FUNC {{.*}}.cpp:{{[0-9]+}}(double square<double>(double)) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {built-in method std::runtime_error::runtime_error(char const*)} ncalls=3 pcalls=3
// CHECK-DAG: FUNC {built-in method printf} ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(catcher(int)) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(catcher(int)) -> {{.*}}(depth(int)) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(depth(int)) -> {{.*}}(depth(int)) ncalls=12 pcalls=3
// CHECK-DAG: EDGE {{.*}}(depth(int)) -> {{.*}}(Guard::Guard(int)) ncalls=15 pcalls=15
// CHECK-DAG: EDGE {{.*}}(depth(int)) -> {{.*}}(Guard::~Guard()) ncalls=15 pcalls=15
// CHECK-DAG: EDGE {{.*}}(depth(int)) -> {built-in method std::runtime_error::runtime_error(char const*)} ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(int square<int>(int)) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(double square<double>(double)) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method printf} ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
