// Every thread is profiled with exact counts and no lock on the hot path:
// 8 threads x 1,000,000 calls, merged into one dump with the threads that
// ended before exit and one still running at exit (its open frames closed
// then). With %t in CPROF_FILE, one dump per thread.
// RUN: %cprof_cc -O0 -g %s -o %t -lpthread
// RUN: rm -rf %t.prof %t.d && mkdir %t.d
// RUN: env CPROF_FILE=%t.prof %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}(leaf) ncalls=8000000 pcalls=8000000
// CHECK-DAG: FUNC {{.*}}(worker) ncalls=8 pcalls=8
// CHECK-DAG: FUNC {{.*}}(blocked) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(worker) -> {{.*}}(leaf) ncalls=8000000 pcalls=8000000
// CHECK: INVARIANTS OK
// RUN: env CPROF_FILE=%t.d/t.%%t.prof %t
// RUN: ls %t.d | count 10
// RUN: sh -c 'for f in "$0"/*; do %check_dump "$f" | grep "^FUNC .*(leaf)"; done' %t.d | FileCheck --check-prefix=PERTHREAD %s
// PERTHREAD-COUNT-8: FUNC {{.*}}(leaf) ncalls=1000000 pcalls=1000000
// PERTHREAD-NOT: leaf
#include <pthread.h>
#include <unistd.h>

void leaf(void) {}
void *worker(void *arg) {
  for (int i = 0; i < 1000000; i++)
    leaf();
  return arg;
}
static int fds[2];
void *blocked(void *arg) {
  char c;
  read(fds[0], &c, 1); /* never returns: the process exits first */
  return arg;
}
int main(void) {
  pthread_t t[8], b;
  pipe(fds);
  pthread_create(&b, NULL, blocked, NULL);
  for (int i = 0; i < 8; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], NULL);
  return 0;
}
