// main returns while other threads are calling profiled functions as fast
// as they can: each thread is quiesced (no thread is inside a hook while
// its data is read), its open frames are closed at exit, and the dump is
// consistent: every worker counted once, the edge counts equal the callee
// counts, no negative times.
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// RUN: %python -c "import pstats,sys; s={k[2]: v for k, v in pstats.Stats(sys.argv[1]).stats.items()}; l=s['leaf']; print('leaf edges sum', sum(e[0] for e in l[4].values()) == l[1], l[1] > 0)" %t.prof | FileCheck %s --check-prefix=SUM
// CHECK: FUNC w.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC w.c:2(worker) ncalls=4 pcalls=4
// CHECK-NEXT: FUNC w.c:3(leaf) ncalls=[[N:[0-9]+]] pcalls=[[N]]
// CHECK-NEXT: EDGE w.c:2(worker) -> w.c:3(leaf) ncalls=[[N]] pcalls=[[N]]
// CHECK-NEXT: INVARIANTS OK
// SUM: leaf edges sum True True
#include <pthread.h>
#include <unistd.h>

#include "Inputs/handmade.h"

DESC(main, "w.c", 1);
DESC(worker, "w.c", 2);
DESC(leaf, "w.c", 3);

static _Thread_local volatile long sink; /* per thread: no data race of its own */
static volatile int started;

NOINLINE static void leaf(void) {
  ENTER(leaf);
  sink++;
  EXIT(leaf);
}
NOINLINE static void *worker(void *arg) {
  ENTER(worker);
  __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
  for (;;)
    leaf();
  EXIT(worker);
  return arg;
}

int main(void) {
  ENTER(main);
  pthread_t t;
  for (int i = 0; i < 4; i++)
    pthread_create(&t, NULL, worker, NULL);
  while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < 4)
    usleep(1000);
  usleep(20000);
  EXIT(main);
  return 0;
}
