// Recursion 1,000,000 frames deep: the shadow stack grows on demand and the
// counts are exact (1 primitive call, the self edge 999999/1).
// ThreadSanitizer hangs in its own trace bookkeeping on a stack this deep.
// UNSUPPORTED: sanitize-thread
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC d.c:1(run) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC d.c:2(down) ncalls=1000000 pcalls=1
// CHECK-NEXT: EDGE d.c:1(run) -> d.c:2(down) ncalls=1 pcalls=1
// CHECK-NEXT: EDGE d.c:2(down) -> d.c:2(down) ncalls=999999 pcalls=1
// CHECK-NEXT: INVARIANTS OK
// The calling-context tree folds it: two nodes, not a million.
// RUN: rm -f %t.tree.prof && env CPROF_TREE=1 CPROF_FILE=%t.tree.prof %t
// RUN: %check_dump %t.tree.prof | FileCheck %s
// RUN: %python -c "import marshal,sys; f=open(sys.argv[1],'rb'); marshal.load(f); print(marshal.load(f)['tree']['nodes'])" %t.tree.prof | FileCheck --check-prefix=TREE %s
// TREE: ((-1, 0, 1, 1, {{[^)]*}}), (0, 1, 1000000, 1, {{[^)]*}}))
#include <pthread.h>

#include "Inputs/handmade.h"

DESC(run, "d.c", 1);
DESC(down, "d.c", 2);

NOINLINE static long down(long n) {
  ENTER(down);
  long r = n > 1 ? 1 + down(n - 1) : 1;
  EXIT(down);
  return r;
}
NOINLINE static void *run(void *arg) {
  ENTER(run);
  long depth = down(1000000);
  EXIT(run);
  return (void *)depth;
}

int main(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setstacksize(&a, (size_t)512 << 20);
  pthread_t t;
  void *r;
  if (pthread_create(&t, &a, run, NULL) != 0 || pthread_join(t, &r) != 0)
    return 2;
  return (long)r == 1000000 ? 0 : 1;
}
