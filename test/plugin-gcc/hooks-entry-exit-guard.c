// Entry and exit hooks with the __cprof_active guard: one load at entry
// decides the entry hook and the exit hook; builtin sites load it again and
// test bit 2. no_instrument_function is honoured; the descriptor names the
// function, its file and line.
// RUN: %gnu_cc %cprof_gcc_plugin -O0 -g -fdump-tree-optimized=%t.gimple -c %s -o %t.o
// RUN: FileCheck %s < %t.gimple
// RUN: %gnu_cc %cprof_gcc_plugin -O0 -S %s -o - | FileCheck --check-prefix=ASM %s
// RUN: %gnu_cc %cprof_gcc_plugin -fplugin-arg-cprof_gcc-guard=0 -O0 -fdump-tree-optimized=%t.noguard -c %s -o %t.o
// RUN: FileCheck --check-prefix=NOGUARD %s < %t.noguard
#include <stdio.h>

// CHECK-LABEL: int twice (int x)
// CHECK: [[A:_[0-9]+]] = __atomic_load_1 (&__cprof_active, 0);
// CHECK-NEXT: [[ON:_[0-9]+]] = [[A]] & 1;
// CHECK-NEXT: if ([[ON]] != 0)
// CHECK: __cprof_enter (&__cprof_desc.twice);
// CHECK: if ([[ON]] != 0)
// CHECK: __cprof_exit (&__cprof_desc.twice);
// CHECK-NOT: __cprof
// CHECK: return
int twice(int x) { return 2 * x; }

// CHECK-LABEL: int say (int x)
// CHECK: __cprof_enter (&__cprof_desc.say);
// ABI 3: the builtin site also tests CPROF_DESC_RT_CALLEE_INSTRUMENTED (1 << 17)
// in its descriptor: a callee known to be instrumented gets no builtin hooks.
// CHECK: [[B:_[0-9]+]] = __atomic_load_1 (&__cprof_active, 0);
// CHECK-NEXT: [[BA:_[0-9]+]] = [[B]] & 2;
// CHECK-NEXT: [[F:_[0-9]+]] = __atomic_load_4 (&__cprof_builtin.printf.flags, 0);
// CHECK-NEXT: [[FI:_[0-9]+]] = [[F]] & 131072;
// CHECK-NEXT: [[FZ:_[0-9]+]] = [[FI]] == 0;
// CHECK-NEXT: [[AON:_[0-9]+]] = [[BA]] != 0;
// CHECK-NEXT: [[BON:_[0-9]+]] = [[AON]] & [[FZ]];
// CHECK-NEXT: if ([[BON]] != 0)
// CHECK: __cprof_builtin_enter (&__cprof_builtin.printf);
// CHECK: printf (
// CHECK-NEXT: if ([[BON]] != 0)
// CHECK: __cprof_builtin_exit (&__cprof_builtin.printf);
// CHECK: __cprof_exit (&__cprof_desc.say);
int say(int x) { return printf("%d\n", twice(x)); }

// CHECK-LABEL: int quiet (int x)
// CHECK-NOT: __cprof
// CHECK: return
__attribute__((no_instrument_function)) int quiet(int x) { return x + 1; }

// NOGUARD-LABEL: int twice (int x)
// NOGUARD-NOT: __cprof_active
// NOGUARD: __cprof_enter (&__cprof_desc.twice);
// NOGUARD-NOT: if
// NOGUARD: __cprof_exit (&__cprof_desc.twice);

// The descriptors: name, file, address, line 21 (twice), flags 0, id 0,
// ABI version; builtins are one per image (comdat, hidden).
// ASM: .section .data.rel.local{{.*}}
// ASM-LABEL: __cprof_desc.twice:
// ASM-NEXT: .quad .LC{{[0-9]+}}
// ASM-NEXT: .quad .LC{{[0-9]+}}
// ASM-NEXT: .quad twice
// ASM-NEXT: .long 21
// ASM-NEXT: .long 0
// ASM-NEXT: .long 0
// ASM-NEXT: .long 3
// ASM: .hidden __cprof_builtin.printf
// ASM: .section .data.rel{{.*}}.__cprof_builtin.printf,"awG",@progbits,__cprof_builtin.printf,comdat
// ASM: .quad printf
// ASM-NOT: __cprof_desc.quiet
