// A call wrapped as a builtin whose callee turns out to be instrumented in
// another translation unit (same address) is counted once, as the
// instrumented function, with the real caller; its builtin entry never
// appears. A builtin whose callee calls back instrumented code (qsort ->
// comparison function) stays on the stack as the caller.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC b.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC b.c:2(helper) ncalls=3 pcalls=3
// CHECK-NEXT: FUNC b.c:3(cmp) ncalls=[[N:[0-9]+]] pcalls=[[N]]
// CHECK-NEXT: FUNC {built-in method qsort} ncalls=1 pcalls=1
// CHECK-NEXT: EDGE b.c:1(main) -> b.c:2(helper) ncalls=3 pcalls=3
// CHECK-NEXT: EDGE b.c:1(main) -> {built-in method qsort} ncalls=1 pcalls=1
// CHECK-NEXT: EDGE {built-in method qsort} -> b.c:3(cmp) ncalls=[[N]] pcalls=[[N]]
// CHECK-NEXT: INVARIANTS OK
#include <stdlib.h>

#include <cprof.h>
#include <cprof/abi.h>

#define NOINLINE __attribute__((noinline))
NOINLINE int main(void);
NOINLINE static int helper(int);
NOINLINE static int cmp(const void *, const void *);
static struct cprof_func_desc D_main = {"main", "b.c", (void *)&main, 1, 0, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc D_helper = {"helper", "b.c", (void *)&helper, 2, 0, 0,
                                          CPROF_ABI_VERSION};
static struct cprof_func_desc D_cmp = {"cmp", "b.c", (void *)&cmp, 3, 0, 0, CPROF_ABI_VERSION};
/* what another TU's call sites carry: a builtin descriptor for the callee */
static struct cprof_func_desc B_helper = {"<built-in method helper>", "~", (void *)&helper, 0,
                                          CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc B_qsort = {"<built-in method qsort>", "~", (void *)&qsort, 0,
                                         CPROF_DESC_BUILTIN, 0, CPROF_ABI_VERSION};

static int helper(int x) {
  __cprof_enter(&D_helper);
  int r = x * 2;
  __cprof_exit(&D_helper);
  return r;
}
static int cmp(const void *a, const void *b) {
  __cprof_enter(&D_cmp);
  int r = *(const int *)a - *(const int *)b;
  __cprof_exit(&D_cmp);
  return r;
}
static volatile int sink;

int main(void) {
  __cprof_enter(&D_main);
  for (int i = 0; i < 3; i++) {
    __cprof_builtin_enter(&B_helper);
    sink += helper(i);
    __cprof_builtin_exit(&B_helper);
  }
  int v[8] = {5, 3, 7, 1, 8, 2, 6, 4};
  __cprof_builtin_enter(&B_qsort);
  qsort(v, 8, sizeof v[0], cmp);
  __cprof_builtin_exit(&B_qsort);
  __cprof_exit(&D_main);
  return v[0] != 1;
}
