// no_instrument_function is honoured through cprof-cc, which compiles with
// -finstrument-functions so clang marks the other functions; the plugin
// removes the marks, so no __cyg_profile_* hook remains. Compiler-generated
// functions get no mark either. Plain -fpass-plugin without
// -finstrument-functions cannot see the attribute (clang 14 leaves no trace
// of it in IR) and instruments every function.
// RUN: %cprof_cc -O0 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 -S -emit-llvm -finstrument-functions -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck --check-prefix=PLAIN %s
// xray_never_instrument is seen in both modes.
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck --check-prefix=XRAY %s
// RUN: %cprof_cc -O0 -S -emit-llvm %s -o - | FileCheck --check-prefix=XRAY %s
// XRAY-NOT: @__cprof_desc.never
// XRAY: @__cprof_desc.loud = private global
// XRAY-NOT: @__cprof_desc.never
// CHECK-NOT: __cyg_profile
// CHECK-NOT: @__cprof_desc.quiet
// CHECK: @__cprof_desc.loud = private global
// CHECK-NOT: @__cprof_desc.quiet
// CHECK-LABEL: define {{.*}}i32 @quiet(
// CHECK-NOT: __cprof_enter
// CHECK: ret i32
// CHECK-LABEL: define {{.*}}i32 @loud(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.loud
// PLAIN: @__cprof_desc.quiet = private global
// PLAIN: @__cprof_desc.loud = private global

__attribute__((no_instrument_function)) int quiet(int x) { return x + 1; }
int loud(int x) { return quiet(x) * 2; }
__attribute__((xray_never_instrument)) int never(int x) { return loud(x) - 1; }
