// CPROF_DUMP_SIGNAL=USR2: the signal writes a snapshot (NAME.snapshot.prof)
// with the calls so far and the open frames counted as returning now;
// profiling goes on unchanged, so the exit dump counts main once and every
// call made after the snapshot. (Calls made while the snapshot is taken, by
// wait_for here, may go uncounted: not checked.)
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -f %t.prof %t.snapshot.prof
// RUN: env CPROF_FILE=%t.prof CPROF_DUMP_SIGNAL=USR2 %t %t.snapshot.prof
// RUN: %check_dump %t.snapshot.prof | FileCheck --check-prefix=SNAP %s
// RUN: %check_dump %t.prof | FileCheck --check-prefix=FINAL %s
// A bad value: one line on stderr, no snapshot, the program runs as usual.
// RUN: env CPROF_FILE=%t.bad.prof CPROF_DUMP_SIGNAL=NOPE %t 2>&1 | FileCheck --check-prefix=BAD %s
// BAD: cprof: CPROF_DUMP_SIGNAL=NOPE is not a signal name
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

// SNAP-DAG: FUNC {{.*}}(work) ncalls=3 pcalls=3
// FINAL-DAG: FUNC {{.*}}(work) ncalls=5 pcalls=5
void work(void) {}
// SNAP-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// FINAL-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// SNAP: INVARIANTS OK
// FINAL: INVARIANTS OK
static int wait_for(const char *path) {
  for (int i = 0; i < 20000; i++) {
    if (access(path, F_OK) == 0)
      return 0;
    usleep(1000);
  }
  return -1;
}

int main(int argc, char **argv) {
  for (int i = 0; i < 3; i++)
    work();
  if (argc > 1 && (kill(getpid(), SIGUSR2) != 0 || wait_for(argv[1]) != 0))
    return 1;
  for (int i = 0; i < 2; i++)
    work();
  return 0;
}
