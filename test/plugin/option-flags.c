// The pass options reach the plugin from cprof-cc flags and from -mllvm
// (clang parses a plugin's options only when it is also loaded with
// -Xclang -load).
// RUN: %cprof_cc -O0 -S -emit-llvm %s -o - | FileCheck --check-prefix=DEFAULT %s
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-no-builtins %s -o - | FileCheck --check-prefix=NOBUILTINS %s
// RUN: %clang -O0 -S -emit-llvm -Xclang -load -Xclang %plugin -fpass-plugin=%plugin -mllvm -cprof-builtins=false %s -o - | FileCheck --check-prefix=NOBUILTINS %s
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-no-subcalls %s -o - | FileCheck --check-prefix=NOSUBCALLS %s
// RUN: %clang -O0 -S -emit-llvm -Xclang -load -Xclang %plugin -fpass-plugin=%plugin -mllvm -cprof-subcalls=false %s -o - | FileCheck --check-prefix=NOSUBCALLS %s
// Bad flags are rejected with one line and a non-zero status.
// RUN: not %cprof_cc --cprof-placement=middle -c %s -o %t.o 2>&1 | FileCheck --check-prefix=BADVAL %s
// RUN: not %cprof_cc --cprof-bogus -c %s -o %t.o 2>&1 | FileCheck --check-prefix=BADOPT %s
#include <stdio.h>

int main(void) { return puts("flags") < 0; }

// DEFAULT: @__cprof_desc.main = private global {{.*}}, i32 0, i32 0, i32 0, i32 3 }
// DEFAULT: call void @__cprof_builtin_enter({{.*}}@__cprof_builtin.puts
// NOBUILTINS-NOT: __cprof_builtin
// NOBUILTINS: call void @__cprof_enter({{.*}}@__cprof_desc.main
// NOBUILTINS-NOT: __cprof_builtin
// NOSUBCALLS: @__cprof_desc.main = private global {{.*}}, i32 0, i32 2, i32 0, i32 3 }
// NOSUBCALLS: @__cprof_builtin.puts.nosub = linkonce_odr hidden global {{.*}}, i32 0, i32 3, i32 0, i32 3 }
// BADVAL: cprof-cc: invalid value in '--cprof-placement=middle' (expected early or late)
// BADOPT: cprof-cc: unknown option '--cprof-bogus'
