// A C++ exception unwinding through C frames: with -fexceptions the C
// function gets a cleanup that calls its exit hook (C personality); without
// it the C frame is left without an exit hook and the runtime closes it at
// the next hook of main. Either way the counts and callers are exact.
// RUN: %cprof_cc -O1 -g -fexceptions -c %S/Inputs/c-callback-loop.c -o %t.eh.o
// RUN: %cprof_cxx -O1 -g %s %t.eh.o -o %t.eh
// RUN: env CPROF_FILE=%t.eh.prof %t.eh | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.eh.prof | FileCheck %s
// RUN: %cprof_cc -O1 -g -c %S/Inputs/c-callback-loop.c -o %t.noeh.o
// RUN: %cprof_cxx -O1 -g %s %t.noeh.o -o %t.noeh
// RUN: env CPROF_FILE=%t.noeh.prof %t.noeh | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.noeh.prof | FileCheck %s
// OUT: caught 2
#include <cstdio>

extern "C" void each(int n, void (*fn)(int));

// CHECK-DAG: FUNC {{.*}}exceptions-through-c-frames.cpp:[[@LINE+1]](visit(int)) ncalls=3 pcalls=3
__attribute__((noinline)) void visit(int i) {
  if (i == 2)
    throw i;
}

int main() {
  try {
    each(5, visit);
  } catch (int v) {
    std::printf("caught %d\n", v);
  }
  return 0;
}
// CHECK-DAG: FUNC {{.*}}c-callback-loop.c:2(each) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(each) -> {{.*}}(visit(int)) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(each) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method printf} ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
