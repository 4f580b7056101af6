// setjmp/longjmp skip exit hooks: the frames skipped are closed at the next
// event (shadow-stack entries keyed by stack address), so counts and edges
// are exact, times consistent, no frame is left behind, and the program's
// own jumps work as without profiling. Also siglongjmp out of a signal
// handler.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// OUT: jumps 100 sigjumps 10 after 1
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}(dive) ncalls=600 pcalls=100
// CHECK-DAG: EDGE {{.*}}(catcher) -> {{.*}}(dive) ncalls=100 pcalls=100
// CHECK-DAG: EDGE {{.*}}(dive) -> {{.*}}(dive) ncalls=500 pcalls=100
// CHECK-DAG: FUNC {{.*}}(catcher) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(after) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(after) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(on_signal) ncalls=10 pcalls=10
// CHECK-DAG: FUNC {{.*}}(sig_dive) ncalls=30 pcalls=10
// CHECK-DAG: FUNC {{.*}}(sig_catcher) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf jb;
static sigjmp_buf sjb;
static int jumps, sigjumps;

void dive(int depth) {
  if (depth == 0)
    longjmp(jb, 1);
  dive(depth - 1);
}
void catcher(void) {
  for (int i = 0; i < 100; i++) {
    if (setjmp(jb) == 0)
      dive(5);
    else
      jumps++;
  }
}
void on_signal(int sig) { siglongjmp(sjb, 1); }
void sig_dive(int depth) {
  if (depth == 0)
    raise(SIGUSR1);
  else
    sig_dive(depth - 1);
}
void sig_catcher(void) {
  signal(SIGUSR1, on_signal);
  for (int i = 0; i < 10; i++) {
    if (sigsetjmp(sjb, 1) == 0)
      sig_dive(2);
    else
      sigjumps++;
  }
}
int after(void) { return 1; }
int main(void) {
  catcher();
  sig_catcher();
  printf("jumps %d sigjumps %d after %d\n", jumps, sigjumps, after());
  return 0;
}
