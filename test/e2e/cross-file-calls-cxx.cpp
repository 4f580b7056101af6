// C++ across files: member functions, a static member, an explicitly
// instantiated template used through `extern template`, a function that
// throws (its calls are invokes, duplicated like calls), virtual calls and
// an inline function defined in both files. The dump is the one-file
// build's, and calls into shapes.cpp pay the builtin hooks once per callee.
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %clang -O2 -I%incdir -c %S/Inputs/crossfile/count-hooks.c -o count.o
// RUN: %cprof_cxx -O0 -g -c %s -o main.o
// RUN: %cprof_cxx -O0 -g -c %S/Inputs/crossfile/shapes.cpp -o shapes.o
// RUN: %cprof_cxx main.o shapes.o count.o -Wl,--wrap=__cprof_builtin_enter -o many
// RUN: %cprof_cxx -O0 -g -DONE_FILE %s count.o -Wl,--wrap=__cprof_builtin_enter -o one
// RUN: env CPROF_FILE=many.prof ./many 2>many.err | FileCheck --check-prefix=OUT %s
// RUN: env CPROF_FILE=one.prof ./one 2>one.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-MANY %s < many.err
// RUN: FileCheck --check-prefix=HOOKS-ONE %s < one.err
// RUN: %check_dump one.prof > one.txt && FileCheck %s < one.txt
// RUN: %check_dump many.prof > many.txt && diff one.txt many.txt
// RUN: %cprof_cxx -O2 -g %s %S/Inputs/crossfile/shapes.cpp -o many2
// RUN: %cprof_cxx -O2 -g -DONE_FILE %s -o one2
// RUN: %cprof_cxx -O2 -g -flto %s %S/Inputs/crossfile/shapes.cpp -o lto
// RUN: env CPROF_FILE=many2.prof ./many2 | FileCheck --check-prefix=OUT %s
// RUN: env CPROF_FILE=one2.prof ./one2 | FileCheck --check-prefix=OUT %s
// RUN: env CPROF_FILE=lto.prof ./lto | FileCheck --check-prefix=OUT %s
// RUN: %check_dump one2.prof > one2.txt && FileCheck %s < one2.txt
// RUN: %check_dump many2.prof > many2.txt && diff one2.txt many2.txt
// RUN: %check_dump lto.prof > lto.txt && diff one2.txt lto.txt
// UNSUPPORTED: cprof-gcc
//
// OUT: total 5150 scaled 10000 twice 10000 squares 42350 thrown 13
// The one-file build: printf and the 14 std::runtime_error constructors of
// the throws; many files: also the first call of add, twice, square<int>
// and check (scaled is called virtually: never wrapped).
// HOOKS-ONE: builtin hook entries: 15
// HOOKS-MANY: builtin hook entries: 19
// CHECK-DAG: FUNC {{.*}}shapes.cpp:5(shapes::Counter::add(int)) ncalls=100 pcalls=100
// CHECK-DAG: FUNC {{.*}}shapes.cpp:6(shapes::Counter::scaled(int)) ncalls=100 pcalls=100
// CHECK-DAG: FUNC {{.*}}shapes.cpp:7(shapes::Counter::twice(int)) ncalls=100 pcalls=100
// CHECK-DAG: FUNC {{.*}}shapes.cpp:8(shapes::check(int)) ncalls=100 pcalls=100
// CHECK-DAG: FUNC {{.*}}shapes.h:13(int shapes::square<int>(int)) ncalls=100 pcalls=100
// CHECK-DAG: FUNC {{.*}}shapes.h:16(shapes::bump(int)) ncalls=200 pcalls=200
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}shapes.cpp:8(shapes::check(int)) ncalls=100 pcalls=100
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}shapes.h:16(shapes::bump(int)) ncalls=100 pcalls=100
// CHECK-DAG: EDGE {{.*}}shapes.cpp:5(shapes::Counter::add(int)) -> {{.*}}shapes.h:16(shapes::bump(int)) ncalls=100 pcalls=100
// CHECK-DAG: EDGE {{.*}}shapes.cpp:8(shapes::check(int)) -> {built-in method std::runtime_error::runtime_error(char const*)} ncalls=14 pcalls=14
// CHECK-NOT: built-in method shapes
// CHECK-NOT: built-in method int shapes
// CHECK: INVARIANTS OK
#include <stdio.h>

#include "Inputs/crossfile/shapes.h"
#ifdef ONE_FILE
#include "Inputs/crossfile/shapes.cpp"
#endif

int main() {
  shapes::Counter c;
  shapes::Counter *volatile vc = &c;
  int scaled = 0, twice = 0, squares = 0, thrown = 0;
  for (int i = 1; i <= 100; i++) {
    c.add(i + shapes::bump(0) - 1);
    scaled += vc->scaled(i) - 1;
    twice += shapes::Counter::twice(i) - 1;
    squares += shapes::square<int>(i) % 1000;
    try {
      shapes::check(i);
    } catch (const std::exception &) {
      thrown++;
    }
  }
  printf("total %d scaled %d twice %d squares %d thrown %d\n", c.total, scaled, twice, squares,
         thrown - 1);
  return 0;
}
