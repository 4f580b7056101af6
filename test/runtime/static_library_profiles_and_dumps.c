// A program linked with libcprof.a by hand (cprof-cc's default link adds the
// exec wrappers and the exported names) is profiled from start-up and writes
// its dump at exit, exactly like with libcprof.so.
// RUN: %clang -O2 -I%incdir %s %libdir/libcprof.a -lpthread -lm -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC s.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC s.c:2(leaf) ncalls=3 pcalls=3
// CHECK-NEXT: EDGE s.c:1(main) -> s.c:2(leaf) ncalls=3 pcalls=3
// CHECK-NEXT: INVARIANTS OK
#include "Inputs/handmade.h"

DESC(main, "s.c", 1);
DESC(leaf, "s.c", 2);

NOINLINE static void leaf(void) {
  ENTER(leaf);
  EXIT(leaf);
}

int main(void) {
  ENTER(main);
  for (int i = 0; i < 3; i++)
    leaf();
  EXIT(main);
  return 0;
}
