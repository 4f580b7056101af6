// A C++ exception caught several levels up, through frames whose exit hooks
// do not run on unwinding (code instrumented without EH exits, or foreign
// frames): they are closed at the catcher's next event, counted once, with
// consistent times, and the exception reaches its handler untouched.
// Sanitizer prologue code moves the entry hook past RT_ENTRY_HOOK_WINDOW (hooks.c):
// see robust-to-runtime.md.
// UNSUPPORTED: sanitize-thread, sanitize-address
// RUN: %clangxx -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// OUT: caught 100 exceptions
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC x.cpp:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC x.cpp:2(catcher) ncalls=100 pcalls=100
// CHECK-NEXT: FUNC x.cpp:3(level1) ncalls=100 pcalls=100
// CHECK-NEXT: FUNC x.cpp:4(level2) ncalls=100 pcalls=100
// CHECK-NEXT: FUNC x.cpp:5(thrower) ncalls=100 pcalls=100
// CHECK-NEXT: FUNC x.cpp:6(recover) ncalls=100 pcalls=100
// CHECK-NEXT: EDGE x.cpp:1(main) -> x.cpp:2(catcher) ncalls=100 pcalls=100
// CHECK-NEXT: EDGE x.cpp:2(catcher) -> x.cpp:3(level1) ncalls=100 pcalls=100
// CHECK-NEXT: EDGE x.cpp:2(catcher) -> x.cpp:6(recover) ncalls=100 pcalls=100
// CHECK-NEXT: EDGE x.cpp:3(level1) -> x.cpp:4(level2) ncalls=100 pcalls=100
// CHECK-NEXT: EDGE x.cpp:4(level2) -> x.cpp:5(thrower) ncalls=100 pcalls=100
// CHECK-NEXT: INVARIANTS OK
#include <cstdio>
#include <stdexcept>

#include <cprof.h>
#include <cprof/abi.h>

#define NOINLINE __attribute__((noinline))
NOINLINE static void catcher();
NOINLINE static void level1();
NOINLINE static void level2();
NOINLINE static void thrower();
NOINLINE static void recover();
#define D(fn, line)                                                                  \
  static cprof_func_desc D_##fn = {#fn, "x.cpp", (void *)&fn, line, 0, 0, CPROF_ABI_VERSION}
static cprof_func_desc D_main = {"main", "x.cpp", nullptr, 1, 0, 0, CPROF_ABI_VERSION};
D(catcher, 2);
D(level1, 3);
D(level2, 4);
D(thrower, 5);
D(recover, 6);

static int caught;
static volatile int sink;

static void thrower() {
  __cprof_enter(&D_thrower);
  throw std::runtime_error("deep");
}
static void level2() {
  __cprof_enter(&D_level2);
  thrower();
  __cprof_exit(&D_level2);
}
static void level1() {
  __cprof_enter(&D_level1);
  level2();
  __cprof_exit(&D_level1);
}
static void recover() {
  __cprof_enter(&D_recover);
  sink++;
  __cprof_exit(&D_recover);
}
static void catcher() {
  __cprof_enter(&D_catcher);
  try {
    level1();
  } catch (const std::runtime_error &) {
    caught++;
  }
  recover();
  __cprof_exit(&D_catcher);
}

int main() {
  __cprof_enter(&D_main);
  for (int i = 0; i < 100; i++)
    catcher();
  std::printf("caught %d exceptions\n", caught);
  __cprof_exit(&D_main);
  return 0;
}
