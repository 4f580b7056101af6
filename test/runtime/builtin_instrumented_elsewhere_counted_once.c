// A call wrapped as a builtin whose callee turns out to be instrumented in
// another translation unit (same address) is counted once, as the
// instrumented function, with the real caller; its builtin entry never
// appears. A builtin whose callee calls back instrumented code (qsort ->
// comparison function) stays on the stack as the caller.
// The first such absorption sets CPROF_DESC_RT_CALLEE_INSTRUMENTED in the
// builtin descriptor; from then on ABI-3 call sites make the call without
// builtin hooks, and ABI-2 call sites (always bracketed) are still absorbed:
// the counts are the same either way (here the ABI-2 calls taught it). The
// descriptor of an uninstrumented callee (qsort) never learns.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck %s
// OUT: learned helper=1 qsort=0 before=0
// OUT-NEXT: builtin hooks of ABI-3 call sites: 0 of 5 calls of helper, 2 of 2 of qsort
// CHECK: FUNC b.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC b.c:2(helper) ncalls=8 pcalls=8
// CHECK-NEXT: FUNC b.c:3(cmp) ncalls=[[N:[0-9]+]] pcalls=[[N]]
// CHECK-NEXT: FUNC {built-in method qsort} ncalls=3 pcalls=3
// CHECK-NEXT: EDGE b.c:1(main) -> b.c:2(helper) ncalls=8 pcalls=8
// CHECK-NEXT: EDGE b.c:1(main) -> {built-in method qsort} ncalls=3 pcalls=3
// CHECK-NEXT: EDGE {built-in method qsort} -> b.c:3(cmp) ncalls=[[N]] pcalls=[[N]]
// CHECK-NEXT: INVARIANTS OK
#include <stdio.h>
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

static int learned(const struct cprof_func_desc *d) {
  return (__atomic_load_n(&d->flags, __ATOMIC_RELAXED) & CPROF_DESC_RT_CALLEE_INSTRUMENTED) != 0;
}

/* A call site as the pass makes it (ABI 3); counts its builtin hooks. */
#define ABI3_CALL(bd, call, hooks)                                                             \
  do {                                                                                         \
    if (learned(&(bd))) {                                                                      \
      call;                                                                                    \
    } else {                                                                                   \
      (hooks)++;                                                                               \
      __cprof_builtin_enter(&(bd));                                                            \
      call;                                                                                    \
      __cprof_builtin_exit(&(bd));                                                             \
    }                                                                                          \
  } while (0)

int main(void) {
  int before = learned(&B_helper), helper_hooks = 0, qsort_hooks = 0;
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
  for (int i = 0; i < 5; i++)
    ABI3_CALL(B_helper, sink += helper(i), helper_hooks);
  for (int k = 0; k < 2; k++) {
    int w[4] = {4, 2, 3, 1};
    ABI3_CALL(B_qsort, qsort(w, 4, sizeof w[0], cmp), qsort_hooks);
  }
  __cprof_exit(&D_main);
  printf("learned helper=%d qsort=%d before=%d\n", learned(&B_helper), learned(&B_qsort), before);
  printf("builtin hooks of ABI-3 call sites: %d of 5 calls of helper, %d of 2 of qsort\n",
         helper_hooks, qsort_hooks);
  return v[0] != 1;
}
