// A call into a function instrumented in another file (another object, a
// static library, -fvisibility=hidden, a weak definition overridden by a
// strong one, LTO) pays the builtin hooks once, on the first call through
// its call sites' descriptor: the runtime sees the callee's hooks absorb the
// builtin frame and sets CPROF_DESC_RT_CALLEE_INSTRUMENTED, and the call
// sites then make the call plain (docs/cross-file-calls.md). A callee that
// is really uninstrumented (plain.c, libc) pays them on every call, as a
// builtin. The dump is the same as the one-file build's: counts and edges.
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %clang -O0 -c %S/Inputs/crossfile/plain.c -o plain.o
// RUN: %clang -O2 -I%incdir -c %S/Inputs/crossfile/count-hooks.c -o count.o
// RUN: %cprof_cc -O0 -g -c %s -o main.o
// RUN: %cprof_cc -O0 -g -c %S/Inputs/crossfile/other.c -o other.o
// RUN: %cprof_cc -O0 -g -fvisibility=hidden -c %S/Inputs/crossfile/other.c -o other-hidden.o
// RUN: %cprof_cc -O0 -g -c %S/Inputs/crossfile/strong.c -o strong.o
// RUN: %clang -O0 -c %S/Inputs/crossfile/strong.c -o strong-plain.o
// RUN: %cprof_cc -O0 -g -c %S/Inputs/crossfile/arc.c -o arc.o && rm -f libarc.a && ar rcs libarc.a arc.o
// RUN: %cprof_cc -O0 -g -DONE_FILE %s plain.o count.o -Wl,--wrap=__cprof_builtin_enter -o one
// RUN: %cprof_cc main.o other.o strong.o -L. -larc plain.o count.o -Wl,--wrap=__cprof_builtin_enter -o many
// RUN: %cprof_cc main.o other-hidden.o strong.o -L. -larc plain.o count.o -Wl,--wrap=__cprof_builtin_enter -o hidden
// RUN: env CPROF_FILE=one.prof ./one 2>one.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-ONE %s < one.err
// RUN: env CPROF_FILE=many.prof ./many 2>many.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-MANY %s < many.err
// RUN: env CPROF_FILE=hidden.prof ./hidden 2>hidden.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-MANY %s < hidden.err
// RUN: %check_dump one.prof > one.txt && FileCheck %s < one.txt
// RUN: %check_dump many.prof > many.txt && diff one.txt many.txt
// RUN: %check_dump hidden.prof > hidden.txt && diff one.txt hidden.txt
// -O2, separate objects and full LTO: the same dump as the -O2 one-file build.
// RUN: %cprof_cc -O2 -g -DONE_FILE %s plain.o -o one2
// RUN: %cprof_cc -O2 -g %s %S/Inputs/crossfile/other.c %S/Inputs/crossfile/strong.c %S/Inputs/crossfile/arc.c plain.o count.o -Wl,--wrap=__cprof_builtin_enter -o many2
// RUN: %cprof_cc -O2 -g -flto %s %S/Inputs/crossfile/other.c %S/Inputs/crossfile/strong.c %S/Inputs/crossfile/arc.c plain.o -o lto
// RUN: env CPROF_FILE=one2.prof ./one2 | FileCheck --check-prefix=OUT %s
// RUN: env CPROF_FILE=many2.prof ./many2 2>many2.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-MANY %s < many2.err
// RUN: env CPROF_FILE=lto.prof ./lto | FileCheck --check-prefix=OUT %s
// RUN: %check_dump one2.prof > one2.txt && FileCheck %s < one2.txt
// RUN: %check_dump many2.prof > many2.txt && diff one2.txt many2.txt
// RUN: %check_dump lto.prof > lto.txt && diff one2.txt lto.txt
// A weak definition overridden by an uninstrumented strong one: a builtin.
// RUN: %cprof_cc main.o other.o strong-plain.o -L. -larc plain.o count.o -Wl,--wrap=__cprof_builtin_enter -o weakplain
// RUN: env CPROF_FILE=weakplain.prof ./weakplain 2>weakplain.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-MANY %s < weakplain.err
// RUN: %check_dump weakplain.prof | FileCheck --check-prefix=WEAKPLAIN %s
//
// OUT: sum 3998253
// 1000 calls of uninstrumented(), qsort, printf; and, across files, the
// first call of other_file, in_archive and weak_fn (arc.c's call sites of
// other_file share main.c's descriptor: one per callee per linked image).
// HOOKS-ONE: builtin hook entries: 1002
// HOOKS-MANY: builtin hook entries: 1005
//
// CHECK-DAG: FUNC {{.*}}cross-file-calls-one-pair-of-hooks.c:{{[0-9]+}}(main) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}cross-file-calls-one-pair-of-hooks.c:{{[0-9]+}}(same_file) ncalls=1000 pcalls=1000
// CHECK-DAG: FUNC {{.*}}other.c:3(other_file) ncalls=2010 pcalls=2010
// CHECK-DAG: FUNC {{.*}}other.c:4(other_cmp) ncalls={{[1-9][0-9]*}}
// CHECK-DAG: FUNC {{.*}}arc.c:3(in_archive) ncalls=1000 pcalls=1000
// CHECK-DAG: FUNC {{.*}}strong.c:3(weak_fn) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {built-in method uninstrumented} ncalls=1000 pcalls=1000
// CHECK-DAG: FUNC {built-in method qsort} ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}other.c:3(other_file) ncalls=1010 pcalls=1010
// CHECK-DAG: EDGE {{.*}}arc.c:3(in_archive) -> {{.*}}other.c:3(other_file) ncalls=1000 pcalls=1000
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}arc.c:3(in_archive) ncalls=1000 pcalls=1000
// CHECK-DAG: EDGE {built-in method qsort} -> {{.*}}other.c:4(other_cmp)
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method uninstrumented} ncalls=1000 pcalls=1000
// CHECK-NOT: built-in method other_file
// CHECK-NOT: built-in method in_archive
// CHECK-NOT: built-in method weak_fn
// CHECK: INVARIANTS OK
// WEAKPLAIN-DAG: FUNC {built-in method weak_fn} ncalls=1 pcalls=1
// WEAKPLAIN-DAG: EDGE {{.*}}(main) -> {built-in method weak_fn} ncalls=1 pcalls=1
// WEAKPLAIN-NOT: (weak_fn)
// WEAKPLAIN: INVARIANTS OK
#include <stdio.h>
#include <stdlib.h>

#ifdef ONE_FILE
#include "Inputs/crossfile/arc.c"
#include "Inputs/crossfile/other.c"
#include "Inputs/crossfile/strong.c"
#endif

int other_file(int x);
int other_cmp(const void *a, const void *b);
int in_archive(int x);
int uninstrumented(int x);
int weak_fn(int x);

static __attribute__((noinline)) int same_file(int x) { return x + 1; }

int main(void) {
  int s = 0;
  for (int i = 0; i < 1000; i++) {
    s += same_file(i);
    s += other_file(i);
    s += in_archive(i);
    s += uninstrumented(i);
  }
  int (*volatile fp)(int) = other_file; /* calls through a pointer: never wrapped */
  for (int i = 0; i < 10; i++)
    s += fp(i);
  int v[16] = {9, 3, 14, 1, 8, 2, 12, 6, 15, 4, 10, 7, 13, 0, 11, 5};
  qsort(v, 16, sizeof v[0], other_cmp);
  s += v[15] + weak_fn(3);
  printf("sum %d\n", s);
  return 0;
}
