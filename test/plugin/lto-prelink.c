// -flto and -flto=thin: the hooks are inserted in the pre-link pipeline, so
// the bitcode handed to the linker is already instrumented (no plugin is
// needed at link time), at every optimization level and both placements.
// RUN: %cprof_cc -O2 -flto -c %s -o %t.full.o
// RUN: llvm-dis %t.full.o -o - | FileCheck %s
// RUN: %cprof_cc -O2 -flto=thin -c %s -o %t.thin.o
// RUN: llvm-dis %t.thin.o -o - | FileCheck %s
// RUN: %cprof_cc -O0 -flto=thin -c %s -o %t.thin0.o
// RUN: llvm-dis %t.thin0.o -o - | FileCheck %s
// RUN: %cprof_cc -O0 -flto -c %s -o %t.full0.o
// RUN: llvm-dis %t.full0.o -o - | FileCheck %s
// RUN: %cprof_cc -O2 -flto=thin --cprof-placement=early -c %s -o %t.early.o
// RUN: llvm-dis %t.early.o -o - | FileCheck %s
// CHECK-NOT: __cyg_profile
// CHECK-LABEL: define {{.*}}i32 @work(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.work
// CHECK: call void @__cprof_builtin_enter({{.*}}@__cprof_builtin.puts
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc.work
#include <stdio.h>

__attribute__((noinline)) int work(const char *s) { return puts(s); }

int main(void) { return work("lto") < 0; }
