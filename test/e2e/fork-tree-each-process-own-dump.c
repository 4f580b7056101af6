// A fork tree: every process writes its own dump, and a child starts with
// empty statistics, so merging the dumps counts every call exactly once.
// The functions running at fork time (main, the fork builtin) stay open in
// the child and are counted once there when they return.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_FILE=%t.d/p.%%p.prof %t
// RUN: ls %t.d | count 4
// Each process's dump has main once:
// RUN: sh -c 'for f in "$0"/*; do %check_dump "$f" | grep "^FUNC .*(main)"; done' %t.d | FileCheck --check-prefix=MAIN %s
// MAIN-COUNT-4: FUNC {{.*}}(main) ncalls=1 pcalls=1
// MAIN-NOT: main
// RUN: %pstats -o %t.merged %t.d/*
// RUN: %check_dump %t.merged | FileCheck %s
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

// CHECK-DAG: FUNC {{.*}}(work) ncalls=3 pcalls=3
void work(void) {}
// CHECK-DAG: FUNC {{.*}}(child_work) ncalls=7 pcalls=7
void child_work(void) {}
// CHECK-DAG: FUNC {{.*}}(leaf) ncalls=7 pcalls=7
void leaf(void) {}
// CHECK-DAG: FUNC {{.*}}(wait_all) ncalls=2 pcalls=2
static void wait_all(void) {
  while (wait(NULL) > 0)
    ;
}
// CHECK-DAG: FUNC {{.*}}(main) ncalls=4 pcalls=4
// fork returns twice: once in each process
// CHECK-DAG: FUNC {built-in method fork} ncalls=6 pcalls=6
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(leaf) ncalls=7 pcalls=7
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(child_work) ncalls=7 pcalls=7
// CHECK: INVARIANTS OK
int main(void) {
  for (int i = 0; i < 3; i++)
    work();
  if (fork() == 0) {
    for (int i = 0; i < 5; i++)
      child_work();
    if (fork() == 0) {
      for (int i = 0; i < 7; i++)
        leaf();
      exit(0);
    }
    wait_all();
    return 0;
  }
  if (fork() == 0) {
    for (int i = 0; i < 2; i++)
      child_work();
    return 0;
  }
  wait_all();
  return 0;
}
