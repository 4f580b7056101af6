// A call to an external declaration that is instrumented in another
// translation unit counts once, as the real function, never also as a
// builtin; an uninstrumented external (puts) is a builtin.
// RUN: %cprof_cc -O0 -g -c %s -o %t.main.o
// RUN: %cprof_cc -O0 -g -c %S/Inputs/cross-tu-callee.c -o %t.callee.o
// RUN: %cprof_cc %t.main.o %t.callee.o -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %check_dump %t.prof | grep '^FUNC' | count 4
// The same with builtins wrapped at -O2 and with full LTO.
// RUN: %cprof_cc -O2 -g %s %S/Inputs/cross-tu-callee.c -o %t.o2
// RUN: env CPROF_FILE=%t.o2.prof %t.o2 | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.o2.prof | FileCheck %s
// RUN: %cprof_cc -O2 -g -flto %s %S/Inputs/cross-tu-callee.c -o %t.lto
// RUN: env CPROF_FILE=%t.lto.prof %t.lto | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.lto.prof | FileCheck --check-prefix=LTO %s
// OUT: 18
#include <stdio.h>

int scale(int x);

int main(void) {
  int s = 0;
  for (int i = 1; i <= 3; i++)
    s += scale(i);
  char buf[16];
  snprintf(buf, sizeof buf, "%d", s);
  puts(buf);
  return 0;
}
// CHECK-NOT: built-in method scale
// CHECK-DAG: FUNC {{.*}}cross-tu-callee.c:2(scale) ncalls=3 pcalls=3
// CHECK-DAG: FUNC {{.*}}cross-tu-not-counted-twice.c:{{[0-9]+}}(main) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}cross-tu-callee.c:2(scale) ncalls=3 pcalls=3
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method puts} ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {built-in method snprintf} ncalls=1 pcalls=1
// CHECK-NOT: built-in method scale
// CHECK: INVARIANTS OK
// With LTO the linker may inline scale() into main after instrumentation:
// its hooks stay, so it is still counted exactly once per call.
// LTO-NOT: built-in method scale
// LTO: FUNC {{.*}}cross-tu-callee.c:2(scale) ncalls=3 pcalls=3
// LTO-NOT: built-in method scale
