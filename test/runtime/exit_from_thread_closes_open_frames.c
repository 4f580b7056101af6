// exit() from a thread, at depth, while other threads are inside profiled
// functions: every open frame of every thread is closed at that moment
// (counted once) and the dump is written; the exit status is the program's.
// The program's own `spinning` flag (plain volatile) is a data race to TSan.
// UNSUPPORTED: sanitize-thread
// RUN: %clang -O2 -pthread -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof not %t
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC x.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC x.c:2(spinner) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC x.c:3(spin) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC x.c:4(quitter) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC x.c:5(deep) ncalls=3 pcalls=1
// CHECK-NEXT: EDGE x.c:2(spinner) -> x.c:3(spin) ncalls=1 pcalls=1
// CHECK-NEXT: EDGE x.c:4(quitter) -> x.c:5(deep) ncalls=1 pcalls=1
// CHECK-NEXT: EDGE x.c:5(deep) -> x.c:5(deep) ncalls=2 pcalls=1
// CHECK-NEXT: INVARIANTS OK
#include <pthread.h>
#include <unistd.h>

#include "Inputs/handmade.h"

DESC(main, "x.c", 1);
DESC(spinner, "x.c", 2);
DESC(spin, "x.c", 3);
DESC(quitter, "x.c", 4);
DESC(deep, "x.c", 5);

static volatile int spinning;

NOINLINE static void spin(void) {
  ENTER(spin);
  spinning = 1;
  for (;;)
    usleep(1000);
  EXIT(spin);
}
NOINLINE static void *spinner(void *arg) {
  ENTER(spinner);
  spin();
  EXIT(spinner);
  return arg;
}
NOINLINE static void deep(int n) {
  ENTER(deep);
  if (n)
    deep(n - 1);
  else
    exit(3);
  EXIT(deep);
}
NOINLINE static void *quitter(void *arg) {
  ENTER(quitter);
  deep(2);
  EXIT(quitter);
  return arg;
}

int main(void) {
  ENTER(main);
  pthread_t a, b;
  pthread_create(&a, NULL, spinner, NULL);
  while (!spinning)
    usleep(1000);
  pthread_create(&b, NULL, quitter, NULL);
  pthread_join(b, NULL);
  EXIT(main);
  return 0;
}
