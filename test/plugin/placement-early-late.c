// Late placement (default) instruments the functions left after inlining;
// early placement instruments every source function before inlining, so an
// inlined function keeps its hooks inside its caller.
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefix=LATE %s
// RUN: %clang -O2 -S -emit-llvm -Xclang -load -Xclang %plugin -fpass-plugin=%plugin %unguarded -mllvm -cprof-placement=early %s -o - | FileCheck --check-prefix=EARLY %s
// RUN: %cprof_cc %unguarded -O2 -S -emit-llvm --cprof-placement=early %s -o - | FileCheck --check-prefix=EARLY %s
// RUN: %cprof_cc %unguarded -O2 -S -emit-llvm --cprof-placement=late %s -o - | FileCheck --check-prefix=LATE %s
// At -O0 nothing is inlined: both placements instrument square().
// RUN: %cprof_cc %unguarded -O0 -S -emit-llvm --cprof-placement=early %s -o - | FileCheck --check-prefix=O0 %s
// RUN: %cprof_cc %unguarded -O0 -S -emit-llvm %s -o - | FileCheck --check-prefix=O0 %s

static int square(int x) { return x * x; }

int main(int argc, char **argv) { return square(argc) - 1; }

// LATE-NOT: @__cprof_desc.square
// LATE-LABEL: define {{.*}}i32 @main(
// LATE-NEXT: call void @__cprof_enter({{.*}}@__cprof_desc.main
// LATE-NEXT: mul
// LATE-NOT: __cprof_desc.square

// EARLY: @__cprof_desc.square = private global
// EARLY-LABEL: define {{.*}}i32 @main(
// EARLY-NEXT: call void @__cprof_enter({{.*}}@__cprof_desc.main
// EARLY-NEXT: call void @__cprof_enter({{.*}}@__cprof_desc.square
// EARLY-NEXT: mul
// EARLY-NEXT: call void @__cprof_exit({{.*}}@__cprof_desc.square
// EARLY: call void @__cprof_exit({{.*}}@__cprof_desc.main

// O0-LABEL: define {{.*}}i32 @square(
// O0: call void @__cprof_enter({{.*}}@__cprof_desc.square
