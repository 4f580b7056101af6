// After fork, the child samples its own thread with either sampled timer
// (perf_event descriptors of the parent are closed in the child, the wall
// sampler thread is started again): each process's dump gives its own work
// its time, and neither process's output changes.
// RUN: %cprof_cc -O1 -g %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_TIMER=sampled CPROF_FILE=%t.d/cpu.%%p.prof %t | FileCheck %s --check-prefix=OUT
// RUN: env CPROF_TIMER=sampled-wall CPROF_FILE=%t.d/wall.%%p.prof %t | FileCheck %s --check-prefix=OUT
// OUT: child done
// OUT: parent done 0
// RUN: ls %t.d | count 4
// RUN: sh -c 'for f in "$0"/*.prof; do %python %srcroot/test/tools/check_times.py "$f" "ct[\"child_work\"] > 0.1 or ct[\"parent_work\"] > 0.1" "min(ct[\"child_work\"], ct[\"parent_work\"]) == 0"; done' %t.d | FileCheck %s --check-prefix=TIMES
// TIMES-COUNT-4: TIMES OK
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "Inputs/burn_cpu.h"

__attribute__((noinline)) void parent_work(void) { burn_cpu(0.2); }
__attribute__((noinline)) void child_work(void) { burn_cpu(0.2); }

int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    child_work();
    printf("child done\n");
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  parent_work();
  printf("parent done %d\n", WEXITSTATUS(st));
  return 0;
}
