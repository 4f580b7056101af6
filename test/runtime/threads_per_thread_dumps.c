// %t in CPROF_FILE writes one dump per thread (named by its thread id),
// threads that ended earlier included.
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -rf %t.d && mkdir %t.d && env CPROF_FILE=%t.d/out.%%t.prof %t
// RUN: ls %t.d | count 4
// RUN: %python -c "import pstats,glob,sys; n=[pstats.Stats(f).stats for f in glob.glob(sys.argv[1]+'/out.*.prof')]; print('leaf', sum(s[k][1] for s in n for k in s if k[2]=='leaf'), 'dumps with worker', sum(any(k[2]=='worker' for k in s) for s in n))" %t.d | FileCheck %s
// CHECK: leaf 31 dumps with worker 3
#include <pthread.h>

#include "Inputs/handmade.h"

DESC(main, "p.c", 1);
DESC(worker, "p.c", 2);
DESC(leaf, "p.c", 3);

NOINLINE static void leaf(void) {
  ENTER(leaf);
  EXIT(leaf);
}
NOINLINE static void *worker(void *arg) {
  ENTER(worker);
  for (int i = 0; i < 10; i++)
    leaf();
  EXIT(worker);
  return arg;
}

int main(void) {
  ENTER(main);
  leaf();
  pthread_t t[3];
  for (int i = 0; i < 3; i++) {
    pthread_create(&t[i], NULL, worker, NULL);
    pthread_join(t[i], NULL);
  }
  EXIT(main);
  return 0;
}
