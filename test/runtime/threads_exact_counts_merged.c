// Every thread is profiled with its own shadow stack and no lock: 8 threads
// x 1,000,000 calls give exact counts, merged into one dump together with
// threads that ended long before exit.
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC t.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC t.c:2(worker) ncalls=8 pcalls=8
// CHECK-NEXT: FUNC t.c:3(leaf) ncalls=8000000 pcalls=8000000
// CHECK-NEXT: FUNC t.c:4(early) ncalls=2 pcalls=2
// CHECK-NEXT: FUNC t.c:5(early_leaf) ncalls=2000 pcalls=2000
// CHECK-NEXT: EDGE t.c:2(worker) -> t.c:3(leaf) ncalls=8000000 pcalls=8000000
// CHECK-NEXT: EDGE t.c:4(early) -> t.c:5(early_leaf) ncalls=2000 pcalls=2000
// CHECK-NEXT: INVARIANTS OK
#include <pthread.h>

#include "Inputs/handmade.h"

DESC(main, "t.c", 1);
DESC(worker, "t.c", 2);
DESC(leaf, "t.c", 3);
DESC(early, "t.c", 4);
DESC(early_leaf, "t.c", 5);

static _Thread_local volatile long sink; /* per thread: no data race of its own */

NOINLINE static void leaf(void) {
  ENTER(leaf);
  sink++;
  EXIT(leaf);
}
NOINLINE static void *worker(void *arg) {
  ENTER(worker);
  for (long i = 0; i < 1000000; i++)
    leaf();
  EXIT(worker);
  return arg;
}
NOINLINE static void early_leaf(void) {
  ENTER(early_leaf);
  EXIT(early_leaf);
}
NOINLINE static void *early(void *arg) {
  ENTER(early);
  for (int i = 0; i < 1000; i++)
    early_leaf();
  EXIT(early);
  return arg;
}

int main(void) {
  ENTER(main);
  pthread_t t[8];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, early, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  EXIT(main);
  return 0;
}
