// Plain -finstrument-functions in C++ with exceptions caught at several
// depths: clang emits no exit call for a frame an exception unwinds
// (llvm/llvm-project#121151), g++ does; counts and edges are exact with
// both (the runtime closes the skipped frames from stack positions).
// Names are demangled.
// UNSUPPORTED: sanitize-address, sanitize-thread
// (no wrapper involved: runs in lit-e2e only)
// UNSUPPORTED: cprof-gcc
// RUN: %clangxx -O0 -g -finstrument-functions %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t.clang
// RUN: env CPROF_FILE=%t.clang.prof %t.clang | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.clang.prof | FileCheck %s
// RUN: %gcc_cxx -O2 -g -finstrument-functions %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t.gcc
// RUN: env CPROF_FILE=%t.gcc.prof %t.gcc | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.gcc.prof | FileCheck %s
// OUT: caught 30
#include <cstdio>
#include <stdexcept>

namespace app {
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](app::leaf(int)) ncalls=30 pcalls=30
__attribute__((noinline)) void leaf(int i) {
  if (i % 1 == 0)
    throw std::runtime_error("x");
}
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](app::middle(int)) ncalls=30 pcalls=30
__attribute__((noinline)) void middle(int i) { leaf(i); }
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](app::top(int)) ncalls=20 pcalls=20
__attribute__((noinline)) void top(int i) { middle(i); }
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](app::after()) ncalls=30 pcalls=30
__attribute__((noinline)) int after() { return 1; }
} // namespace app

// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](main) ncalls=1 pcalls=1
int main() {
  int caught = 0;
  for (int i = 0; i < 30; i++) {
    try {
      if (i < 20)
        app::top(i);
      else
        app::middle(i);
    } catch (const std::exception &) {
      caught += app::after();
    }
  }
  std::printf("caught %d\n", caught);
  return 0;
}
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(app::top(int)) ncalls=20 pcalls=20
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(app::middle(int)) ncalls=10 pcalls=10
// CHECK-DAG: EDGE {{.*}}(app::top(int)) -> {{.*}}(app::middle(int)) ncalls=20 pcalls=20
// CHECK-DAG: EDGE {{.*}}(app::middle(int)) -> {{.*}}(app::leaf(int)) ncalls=30 pcalls=30
// after() is called by main, not by a frame the exception left
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(app::after()) ncalls=30 pcalls=30
// CHECK-NOT: EDGE {{.*}}(app::leaf(int)) -> {{.*}}(app::after())
// CHECK: INVARIANTS OK
