// Objects made by the pass of ABI version 2 (Inputs/abi2-*.ll: call sites
// that always bracket, no callee flag) link and run with objects and a
// runtime of version 3, with exact counts: an ABI-2 caller of an ABI-3
// callee pays the builtin hooks on every call and the runtime absorbs them;
// an ABI-3 caller (this file) learns from an ABI-2 callee's hooks and pays
// them once.
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %clang -c %S/Inputs/abi2-caller.ll -o abi2-caller.o
// RUN: %clang -c %S/Inputs/abi2-callee.ll -o abi2-callee.o
// RUN: %clang -O2 -I%incdir -c %S/../e2e/Inputs/crossfile/count-hooks.c -o count.o
// RUN: %cprof_cc -O1 -g -c %S/../e2e/Inputs/cross-tu-callee.c -o abi3-callee.o
// RUN: %cprof_cc -O1 -g -c %s -o abi3-caller.o
// RUN: %cprof_cc abi2-caller.o abi3-callee.o count.o -Wl,--wrap=__cprof_builtin_enter -o old-calls-new
// RUN: %cprof_cc abi3-caller.o abi2-callee.o count.o -Wl,--wrap=__cprof_builtin_enter -o new-calls-old
// RUN: env CPROF_FILE=a.prof ./old-calls-new 2>a.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-OLD %s < a.err
// RUN: %check_dump a.prof | FileCheck --check-prefix=OLD %s
// RUN: env CPROF_FILE=b.prof ./new-calls-old 2>b.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-NEW %s < b.err
// RUN: %check_dump b.prof | FileCheck --check-prefix=NEW %s
// OUT: ok
// HOOKS-OLD: builtin hook entries: 1001
// HOOKS-NEW: builtin hook entries: 2
// OLD-DAG: FUNC {{.*}}cross-tu-callee.c:2(scale) ncalls=1000 pcalls=1000
// OLD-DAG: EDGE abi2-caller.c:0(main) -> {{.*}}cross-tu-callee.c:2(scale) ncalls=1000 pcalls=1000
// OLD-DAG: EDGE abi2-caller.c:0(main) -> {built-in method puts} ncalls=1 pcalls=1
// OLD-NOT: built-in method scale
// OLD: INVARIANTS OK
// NEW-DAG: FUNC abi2-callee.c:0(scale) ncalls=1000 pcalls=1000
// NEW-DAG: EDGE {{.*}}abi2-objects-link-with-abi3.c:{{[0-9]+}}(main) -> abi2-callee.c:0(scale) ncalls=1000 pcalls=1000
// NEW-NOT: built-in method scale
// NEW: INVARIANTS OK
// Inputs/abi2-callee.ll was made from: int scale(int x) { return 3 * x; }
// and Inputs/abi2-caller.ll from this main() with `int puts(const char *);`.
#include <stdio.h>

int scale(int x);

int main(void) {
  int s = 0;
  for (int i = 0; i < 1000; i++)
    s += scale(i);
  puts(s == 1498500 ? "ok" : "bad");
  return 0;
}
