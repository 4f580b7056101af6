// Every kind of C function defined in the module is instrumented, at -O0
// and -O2 (late placement keeps only what survives inlining):
// static, variadic, recursive, noreturn, called through a pointer.
// RUN: %clang -O0 -g -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefixes=CHECK,O0 %s
// RUN: %clang -O2 -g -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefixes=CHECK %s
// The object file links no __cyg_profile_* and calls the hooks.
// RUN: %clang -O2 -c -fpass-plugin=%plugin %unguarded -finstrument-functions %s -o %t.o
// RUN: llvm-nm %t.o | FileCheck --check-prefix=SYMS %s
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefix=NOEXIT %s
// NOEXIT-NOT: __cprof_builtin.exit
// twice() is inlined at -O2: with late placement it has no hooks.
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefix=INLINED %s
// INLINED-NOT: __cprof_desc.twice
// SYMS-NOT: __cyg_profile
// SYMS-DAG: U __cprof_enter
// SYMS-DAG: U __cprof_exit
// SYMS-DAG: U __cprof_builtin_enter
// SYMS-DAG: U __cprof_builtin_exit
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

// Descriptors carry the source file and the line of each definition.
// CHECK-DAG: @__cprof_desc.sum = private global {{.*}} i32 [[@LINE+1]], i32 0, i32 0, i32 3 }
int sum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; i++)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

// CHECK-DAG: @__cprof_desc.fact = private global {{.*}} i32 [[@LINE+1]], i32 0, i32 0, i32 3 }
__attribute__((noinline)) long fact(long n) { return n <= 1 ? 1 : n * fact(n - 1); }

// O0-DAG: @__cprof_desc.twice = private global {{.*}} i32 [[@LINE+1]], i32 0, i32 0, i32 3 }
static int twice(int x) { return 2 * x; }

// CHECK-DAG: @__cprof_desc.die = private global {{.*}} i32 [[@LINE+1]], i32 0, i32 0, i32 3 }
__attribute__((noreturn, noinline)) void die(int code) { exit(code); }

// CHECK-DAG: @__cprof_desc.apply = private global
__attribute__((noinline)) int apply(int (*fn)(int), int x) { return fn(x); }
// CHECK-DAG: @__cprof_desc.inc = private global
__attribute__((noinline)) int inc(int x) { return x + 1; }

// CHECK-DAG: @{{.*}} = private unnamed_addr constant {{.*}} c"{{.*}}c-function-kinds.c\00"
// CHECK-DAG: @__cprof_builtin.printf = linkonce_odr hidden global

// CHECK-LABEL: define {{.*}}i32 @sum(i32
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.sum
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc.sum
// CHECK-NEXT: ret i32

// CHECK-LABEL: define {{.*}}i64 @fact(i64
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.fact
// O0: call {{.*}}i64 @fact(
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc.fact
// CHECK-NEXT: ret i64

// noreturn: entered, never left through a return; exit() is not wrapped.
// CHECK-LABEL: define {{.*}}void @die(i32
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.die
// CHECK-NOT: __cprof_builtin_enter
// CHECK: call void @exit(
// CHECK-NEXT: unreachable

// The call through the pointer is not wrapped: the callee has its own hooks.
// CHECK-LABEL: define {{.*}}i32 @apply(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.apply
// CHECK-NOT: __cprof_builtin_enter
// CHECK: call {{.*}}i32 %
// CHECK-NOT: __cprof_builtin_exit
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc.apply

// CHECK-LABEL: define {{.*}}i32 @main(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.main
// O0: call {{.*}}i32 @twice(
// CHECK: call void @__cprof_builtin_enter({{.*}}@__cprof_builtin.printf
// CHECK-NEXT: call {{.*}}i32 {{.*}}@printf(
// CHECK-NEXT: call void @__cprof_builtin_exit({{.*}}@__cprof_builtin.printf
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc.main
// CHECK-NEXT: ret i32
int main(int argc, char **argv) {
  printf("%d %ld %d\n", sum(3, 1, 2, argc), fact(5), apply(inc, twice(argc)));
  if (argc > 5)
    die(3);
  return 0;
}

// O0-LABEL: define internal i32 @twice(
// O0: call void @__cprof_enter({{.*}}@__cprof_desc.twice
