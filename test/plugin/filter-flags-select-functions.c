// Compile-time filters: --cprof-include/--cprof-exclude globs (function
// names; repeatable), --cprof-list special case lists, --cprof-min-size.
// A dropped function gets no descriptor and no entry/exit hooks; calls to it
// are not wrapped as builtins (it is as if inlined into its callers), and the
// calls it makes into uninstrumented code are still wrapped (so they appear
// as made by its nearest profiled caller). An excluded name also leaves the
// call sites of such a callee unwrapped. Each RUN prints the descriptors made.
// RUN: %cprof_cc -O0 -S -emit-llvm %S/Inputs/filter-functions.c -o %t.all.ll
// RUN: grep -o '@__cprof_[a-z]*\.[a-z_]* =' %t.all.ll | sort | FileCheck --check-prefix=ALL %s
// ALL: @__cprof_builtin.strlen =
// ALL-NEXT: @__cprof_desc.count_loop =
// ALL-NEXT: @__cprof_desc.helper =
// ALL-NEXT: @__cprof_desc.keep =
// ALL-NEXT: @__cprof_desc.tiny_add =
// ALL-NOT: @
//
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-exclude=helper --cprof-exclude='tiny*' %S/Inputs/filter-functions.c -o %t.ex.ll
// RUN: grep -o '@__cprof_[a-z]*\.[a-z_]* =' %t.ex.ll | sort | FileCheck --check-prefix=EX %s
// RUN: FileCheck --check-prefix=EXIR %s < %t.ex.ll
// EX: @__cprof_builtin.strlen =
// EX-NEXT: @__cprof_desc.count_loop =
// EX-NEXT: @__cprof_desc.keep =
// EX-NOT: @
// EXIR-LABEL: define {{.*}} @tiny_add(
// EXIR-NOT: __cprof
// EXIR: ret i32
// EXIR-LABEL: define {{.*}} @helper(
// EXIR-NOT: __cprof_enter
// EXIR: call void @__cprof_builtin_enter({{.*}}@__cprof_builtin.strlen
// EXIR-NEXT: br label
// EXIR-NOT: __cprof_exit
// EXIR: ret i64
// EXIR-LABEL: define {{.*}} @keep(
// EXIR: call void @__cprof_enter({{.*}}@__cprof_desc.keep
// EXIR-NOT: __cprof_builtin
// EXIR: call i64 @helper(
// EXIR-NOT: __cprof_builtin
// EXIR: call void @__cprof_exit({{.*}}@__cprof_desc.keep
//
// A builtin by name; an include list selects functions only.
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-exclude=strlen --cprof-include='k*' --cprof-include=count_loop %S/Inputs/filter-functions.c -o - \
// RUN:   | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=INC %s
// INC: @__cprof_desc.count_loop =
// INC-NEXT: @__cprof_desc.keep =
// INC-NOT: @
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-include='k*' %S/Inputs/filter-functions.c -o - \
// RUN:   | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=INC2 %s
// INC2: @__cprof_builtin.strlen =
// INC2-NEXT: @__cprof_desc.keep =
// INC2-NOT: @
//
// --cprof-min-size: a leaf under N IR instructions without a loop.
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-min-size=40 %S/Inputs/filter-functions.c -o - \
// RUN:   | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=MIN %s
// MIN: @__cprof_builtin.strlen =
// MIN-NEXT: @__cprof_desc.count_loop =
// MIN-NEXT: @__cprof_desc.helper =
// MIN-NEXT: @__cprof_desc.keep =
// MIN-NOT: @
// RUN: %cprof_cc -O0 -S -emit-llvm --cprof-min-size=3 %S/Inputs/filter-functions.c -o - \
// RUN:   | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=ALL %s
//
// The same through -mllvm (the plugin loaded with -Xclang -load).
// RUN: %clang -O0 -S -emit-llvm -Xclang -load -Xclang %plugin -fpass-plugin=%plugin \
// RUN:   -mllvm -cprof-exclude=helper -mllvm -cprof-exclude='tiny*' %S/Inputs/filter-functions.c -o - \
// RUN:   | grep -o '@__cprof_[a-z]*\.[a-z_]* =' | sort | FileCheck --check-prefix=EX %s
//
// Bad values: one line naming the flag and the value, the compiler fails,
// no output is written.
// RUN: rm -f %t.o
// RUN: not %cprof_cc -c --cprof-exclude='[ab' %S/Inputs/filter-functions.c -o %t.o 2>&1 | FileCheck --check-prefix=BADGLOB %s
// RUN: not ls %t.o
// BADGLOB: error: cprof: invalid glob in -cprof-exclude=[ab: {{.*}}
// RUN: not %cprof_cc -c --cprof-include= %S/Inputs/filter-functions.c -o %t.o 2>&1 | FileCheck --check-prefix=EMPTY %s
// EMPTY: cprof-cc: empty glob in '--cprof-include='
// RUN: not %cprof_cc -c --cprof-list=%t.missing %S/Inputs/filter-functions.c -o %t.o 2>&1 | FileCheck --check-prefix=NOLIST %s
// NOLIST: cprof-cc: cannot read list file '{{.*}}.missing' of '--cprof-list={{.*}}.missing'
// RUN: not %cprof_cc -c --cprof-min-size=ten %S/Inputs/filter-functions.c -o %t.o 2>&1 | FileCheck --check-prefix=BADN %s
// BADN: cprof-cc: invalid value in '--cprof-min-size=ten' (expected a number of instructions)
