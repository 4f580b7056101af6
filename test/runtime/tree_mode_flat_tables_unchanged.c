// Calling-context mode changes nothing in the flat statistics: the same
// workload on the same fake clock, profiled with and without the tree,
// gives identical stats dicts (Python's marshal as the oracle: every count
// and every float equal). The tree has a node per distinct path, sums to
// the flat counts and times, keeps two paths into one function apart, folds
// recursion (direct, mutual, 10000 deep: ThreadSanitizer is slow on deeper
// stacks) into the nodes on the path, and
// follows absorbed builtins (a call wrapped as a builtin whose callee is
// instrumented) and builtins calling back (qsort -> cmp).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t
// RUN: %python %S/Inputs/check_tree.py %t.flat.prof %t.tree.prof | FileCheck %s
// CHECK: flat tables identical: 12 functions, 14 edges
// CHECK-NEXT: no tree in the flat dump
// CHECK-NEXT: tree sums to the flat counts and times
// CHECK-NEXT: path main calls=1 pcalls=1
// CHECK-NEXT: path main;cheap calls=100 pcalls=100
// CHECK-NEXT: path main;cheap;shared calls=100 pcalls=100
// CHECK-NEXT: path main;cheap;shared;leaf calls=100 pcalls=100
// CHECK-NEXT: path main;costly calls=10 pcalls=10
// CHECK-NEXT: path main;costly;shared calls=10 pcalls=10
// CHECK-NEXT: path main;costly;shared;leaf calls=10 pcalls=10
// CHECK-NEXT: path main;costly;shared;leaf;heavy calls=10 pcalls=10
// CHECK-NEXT: path main;deep calls=10000 pcalls=1
// CHECK-NEXT: path main;even calls=6 pcalls=1
// CHECK-NEXT: path main;even;odd calls=5 pcalls=1
// CHECK-NEXT: path main;helper calls=3 pcalls=3
// CHECK-NEXT: path main;{built-in method qsort} calls=1 pcalls=1
// CHECK-NEXT: path main;{built-in method qsort};cmp calls={{[0-9]+}} pcalls={{[0-9]+}}
// CHECK-NEXT: 14 nodes
#include <stdlib.h>
#include <string.h>

#include "Inputs/handmade.h"

NOINLINE int main(int, char **);
NOINLINE static int helper(int);
NOINLINE static int cmp(const void *, const void *);
DESC_FN(main, "t.c", 1);
DESC_FN(helper, "t.c", 2);
DESC_FN(cmp, "t.c", 3);
DESC(cheap, "t.c", 4);
DESC(costly, "t.c", 5);
DESC(shared, "t.c", 6);
DESC(leaf, "t.c", 7);
DESC(heavy, "t.c", 8);
DESC(deep, "t.c", 9);
DESC(even, "t.c", 10);
DESC(odd, "t.c", 11);
BUILTIN(B_helper, "helper", &helper);
BUILTIN(B_qsort, "qsort", &qsort);

static int helper(int x) {
  __cprof_enter(&D_helper);
  WORK(2);
  __cprof_exit(&D_helper);
  return x * 2;
}
static int cmp(const void *a, const void *b) {
  __cprof_enter(&D_cmp);
  WORK(1);
  __cprof_exit(&D_cmp);
  return *(const int *)a - *(const int *)b;
}
NOINLINE static void heavy(void) { ENTER(heavy); WORK(1000); EXIT(heavy); }
NOINLINE static void leaf(int costly) { ENTER(leaf); WORK(1); if (costly) heavy(); EXIT(leaf); }
NOINLINE static void shared(int costly) { ENTER(shared); WORK(3); leaf(costly); EXIT(shared); }
NOINLINE static void cheap(void) { ENTER(cheap); shared(0); EXIT(cheap); }
NOINLINE static void costly(void) { ENTER(costly); shared(1); EXIT(costly); }
NOINLINE static long deep(long n) { ENTER(deep); WORK(1); long r = n ? deep(n - 1) + 1 : 0; EXIT(deep); return r; }
NOINLINE static int odd(int n);
NOINLINE static int even(int n) { ENTER(even); int r = n ? odd(n - 1) : 1; EXIT(even); return r; }
NOINLINE static int odd(int n) { ENTER(odd); WORK(2); int r = n ? even(n - 1) : 0; EXIT(odd); return r; }
static volatile long sink;

static void workload(void) {
  __cprof_enter(&D_main);
  for (int i = 0; i < 100; i++)
    cheap();
  for (int i = 0; i < 10; i++)
    costly();
  sink += deep(9999);
  sink += even(10);
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
}

int main(int argc, char **argv) {
  (void)argc;
  cprof_profile *flat = fake_profiler(0.001, 1, 1), *tree = fake_profiler(0.001, 1, 1);
  if (cprof_set_tree(tree, 1) != 0 || !cprof_get_tree(tree) || cprof_get_tree(flat))
    return 4;
  run_and_dump(flat, argv[1], "flat", workload);
  cprof_disable(flat);
  run_and_dump(tree, argv[1], "tree", workload);
  cprof_disable(tree);
  return 0;
}
