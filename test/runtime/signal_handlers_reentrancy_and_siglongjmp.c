// Instrumented signal handlers: events of a handler that interrupts a hook
// are ignored (the hooks are reentrancy-safe), a handler running between
// hooks is profiled like any call, and a siglongjmp out of a handler closes
// the frames it skips. Counts of the interrupted code stay exact.
// Sanitizer prologue code moves the entry hook past RT_ENTRY_HOOK_WINDOW (hooks.c):
// see robust-to-runtime.md.
// UNSUPPORTED: sanitize-thread, sanitize-address
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t > %t.out
// RUN: %python %S/Inputs/check_signals.py %t.prof %t.out | FileCheck %s
// CHECK: leaf 2000000 exact
// CHECK-NEXT: handler profiled <= delivered: True
// CHECK-NEXT: victim 1 spin_leaf>0 True after_jump caller main
// CHECK-NEXT: INVARIANTS OK
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

#include "Inputs/handmade.h"

NOINLINE int main(void);
NOINLINE static void leaf(void);
NOINLINE static void on_prof(int);
NOINLINE static void handler_work(void);
NOINLINE static void victim(void);
NOINLINE static void spin_leaf(void);
NOINLINE static void on_alarm(int);
NOINLINE static void after_jump(void);
DESC_FN(main, "s.c", 1);
DESC_FN(leaf, "s.c", 2);
DESC_FN(on_prof, "s.c", 3);
DESC_FN(handler_work, "s.c", 4);
DESC_FN(victim, "s.c", 5);
DESC_FN(spin_leaf, "s.c", 6);
DESC_FN(on_alarm, "s.c", 7);
DESC_FN(after_jump, "s.c", 8);

static volatile long sink;
static volatile sig_atomic_t delivered;
static sigjmp_buf jump;

NOINLINE static void leaf(void) {
  ENTER(leaf);
  sink++;
  EXIT(leaf);
}
NOINLINE static void handler_work(void) {
  ENTER(handler_work);
  sink++;
  EXIT(handler_work);
}
NOINLINE static void on_prof(int sig) {
  delivered++;
  ENTER(on_prof);
  handler_work();
  EXIT(on_prof);
}
NOINLINE static void spin_leaf(void) {
  ENTER(spin_leaf);
  sink++;
  EXIT(spin_leaf);
}
NOINLINE static void on_alarm(int sig) {
  ENTER(on_alarm);
  siglongjmp(jump, 1);
}
NOINLINE static void victim(void) {
  ENTER(victim);
  for (;;)
    spin_leaf();
  EXIT(victim);
}
NOINLINE static void after_jump(void) {
  ENTER(after_jump);
  EXIT(after_jump);
}

int main(void) {
  ENTER(main);
  signal(SIGPROF, on_prof);
  struct itimerval it = {{0, 100}, {0, 100}};
  setitimer(ITIMER_PROF, &it, NULL);
  for (long i = 0; i < 2000000; i++)
    leaf();
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_PROF, &off, NULL);
  signal(SIGALRM, on_alarm);
  if (!sigsetjmp(jump, 1)) {
    struct itimerval once = {{0, 0}, {0, 20000}};
    setitimer(ITIMER_REAL, &once, NULL);
    victim();
  }
  after_jump();
  printf("delivered %ld\n", (long)delivered);
  EXIT(main);
  return 0;
}
