// Plain -finstrument-functions, no plugin, with gcc and with clang, linked
// with -lcprof: __cyg_profile_func_enter/exit feed the same accounting;
// names, files and lines come from the ELF symbols and DWARF at dump time.
// Exact counts and edges (no builtins in this mode: printf is not seen),
// static functions, a shared library, threads; no_instrument_function
// honoured by the compiler.
// UNSUPPORTED: sanitize-address, sanitize-thread
// (no wrapper involved: runs in lit-e2e only)
// UNSUPPORTED: cprof-gcc
// RUN: %gcc_cc -O0 -g -fPIC -shared -finstrument-functions %S/Inputs/cross-tu-callee.c -o %t.libcallee.so
// RUN: %gcc_cc -O0 -g -finstrument-functions %s %t.libcallee.so -L%libdir -lcprof -Wl,-rpath,%libdir -lpthread -o %t.gcc
// RUN: env CPROF_FILE=%t.gcc.prof %t.gcc | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.gcc.prof | FileCheck %s
// RUN: %clang -O0 -g -fPIC -shared -finstrument-functions %S/Inputs/cross-tu-callee.c -o %t.libcallee-clang.so
// RUN: %clang -O2 -g -finstrument-functions %s %t.libcallee-clang.so -L%libdir -lcprof -Wl,-rpath,%libdir -lpthread -o %t.clang
// RUN: env CPROF_FILE=%t.clang.prof %t.clang | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.clang.prof | FileCheck %s
// Without debug information: names from the symbol table, line 0.
// RUN: %gcc_cc -O1 -finstrument-functions %s %t.libcallee.so -L%libdir -lcprof -Wl,-rpath,%libdir -lpthread -o %t.nodebug
// RUN: env CPROF_FILE=%t.nodebug.prof %t.nodebug | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.nodebug.prof | FileCheck --check-prefix=NODEBUG %s
// OUT: 55 18 6
#include <pthread.h>
#include <stdio.h>

int scale(int x);

// CHECK-DAG: FUNC {{.*}}finstrument-functions-plain-counts.c:[[@LINE+2]](fib) ncalls=355 pcalls=3
// NODEBUG-DAG: FUNC {{.*}}:0(fib) ncalls=355 pcalls=3
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// CHECK-DAG: FUNC {{.*}}finstrument-functions-plain-counts.c:[[@LINE+2]](twice) ncalls=2 pcalls=2
// NODEBUG-DAG: FUNC {{.*}}:0(twice) ncalls=2 pcalls=2
static __attribute__((noinline)) int twice(int x) { return scale(x) + scale(x); }

__attribute__((no_instrument_function)) int hidden(int x) { return fib(x); }

static int result;
// CHECK-DAG: FUNC {{.*}}finstrument-functions-plain-counts.c:[[@LINE+1]](worker) ncalls=1 pcalls=1
static void *worker(void *arg) {
  result = fib(10);
  return arg;
}

// CHECK-DAG: FUNC {{.*}}finstrument-functions-plain-counts.c:[[@LINE+1]](main) ncalls=1 pcalls=1
int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL);
  int a = twice(3), b = twice(hidden(1) + 0);
  printf("%d %d %d\n", result + hidden(10) * 0, a, b);
  return 0;
}
// CHECK-DAG: FUNC {{.*}}cross-tu-callee.c:2(scale) ncalls=4 pcalls=4
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(twice) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}(twice) -> {{.*}}(scale) ncalls=4 pcalls=4
// CHECK-DAG: EDGE {{.*}}(worker) -> {{.*}}(fib) ncalls=1 pcalls=1
// no_instrument_function: hidden's calls of fib come from main
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(fib) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}(fib) -> {{.*}}(fib) ncalls=352 pcalls=4
// CHECK-NOT: built-in
// CHECK-NOT: hidden
// CHECK: INVARIANTS OK
// NODEBUG: INVARIANTS OK
