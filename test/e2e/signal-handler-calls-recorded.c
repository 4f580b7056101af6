// An instrumented signal handler that interrupts instrumented code never
// corrupts the profile (the hooks are reentrancy-safe): handlers run from
// raise() are recorded exactly, with the raise builtin as their caller;
// timer signals arriving anywhere (also inside a hook) leave counts of the
// interrupted code exact and every time invariant intact.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// OUT: handled 50 ticks {{[01]}}
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}(on_usr1) ncalls=50 pcalls=50
// CHECK-DAG: FUNC {{.*}}(handler_work) ncalls=50 pcalls=50
// CHECK-DAG: EDGE {built-in method raise} -> {{.*}}(on_usr1) ncalls=50 pcalls=50
// CHECK-DAG: EDGE {{.*}}(on_usr1) -> {{.*}}(handler_work) ncalls=50 pcalls=50
// CHECK-DAG: FUNC {{.*}}(hot) ncalls=2000000 pcalls=2000000
// CHECK-DAG: EDGE {{.*}}(loop) -> {{.*}}(hot) ncalls=2000000 pcalls=2000000
// CHECK-DAG: FUNC {{.*}}(loop) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile int handled, ticks;
void handler_work(void) { handled++; }
void on_usr1(int sig) { handler_work(); }
void tick_work(void) { ticks++; }
void on_alarm(int sig) { tick_work(); }
void hot(void) {}
void loop(void) {
  for (int i = 0; i < 2000000; i++)
    hot();
}

int main(void) {
  signal(SIGUSR1, on_usr1);
  for (int i = 0; i < 50; i++)
    raise(SIGUSR1);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGPROF, &sa, NULL);
  struct itimerval it = {{0, 200}, {0, 200}};
  setitimer(ITIMER_PROF, &it, NULL);
  loop();
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_PROF, &off, NULL);
  printf("handled %d ticks %d\n", handled, ticks > 0);
  return 0;
}
