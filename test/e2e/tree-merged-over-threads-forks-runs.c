// The calling-context tree is merged like the flat statistics: over the
// threads of a process (equal paths add up), and with pstats -o over the
// dumps of forked children and of separate runs. A merge with a dump that
// has no tree drops the tree (with a warning) instead of keeping a tree of
// part of the data. --strip-dirs merges paths that become equal.
// RUN: %cprof_cc -O0 -g -pthread %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_TREE=1 CPROF_FILE=%t.d/run1.%%p.prof %t
// RUN: env CPROF_TREE=1 CPROF_FILE=%t.d/run2.%%p.prof %t
// RUN: env CPROF_FILE=%t.d/notree.prof %t
// RUN: %pstats -o %t.d/all.prof %t.d/run1.*.prof %t.d/run2.*.prof
// RUN: %python %S/Inputs/tree_paths.py %t.d/all.prof | FileCheck %s
// Per path: 2 runs x (4 threads x 25 calls in the parent + 10 in the child);
// main and fork return in the parent and in the child
// CHECK: runs 4
// CHECK-NEXT: path main calls=4
// CHECK-NEXT: path main;child_work calls=2
// CHECK-NEXT: path main;child_work;leaf calls=20
// CHECK-NEXT: path main;{built-in method fork} calls=4
// CHECK-NEXT: path main;{built-in method pthread_create} calls=8
// CHECK-NEXT: path main;{built-in method pthread_join} calls=8
// CHECK-NEXT: path main;{built-in method waitpid} calls=2
// CHECK-NEXT: path thread_main calls=8
// CHECK-NEXT: path thread_main;leaf calls=200
// CHECK-NEXT: tree sums to the flat counts
// cprof run --tree: the program and its child, merged, with the tree
// RUN: env TMPDIR=%t.d %cprof_run run --tree -o %t.d/run.prof -- %t
// RUN: %python %S/Inputs/tree_paths.py %t.d/run.prof | FileCheck --check-prefix=CRUN %s
// CRUN-DAG: path main;child_work;leaf calls=10
// CRUN-DAG: path thread_main;leaf calls=100
// RUN: %pstats --strip-dirs -o %t.d/stripped.prof %t.d/all.prof
// RUN: %python %S/Inputs/tree_paths.py %t.d/stripped.prof | FileCheck %s
// RUN: %python -c "import marshal,sys; f=open(sys.argv[1],'rb'); marshal.load(f); print(sorted({k[0] for k in marshal.load(f)['tree']['keys']}))" %t.d/stripped.prof | FileCheck --check-prefix=STRIP %s
// STRIP: ['tree-merged-over-threads-forks-runs.c', '~']
// RUN: %pstats -o %t.d/mixed.prof %t.d/all.prof %t.d/notree.prof 2>&1 | FileCheck --check-prefix=MIXED %s
// MIXED: pstats: cprof extension: section 'tree' is in 1 of the 2 dumps merged and is left out
// RUN: %python %S/Inputs/tree_paths.py %t.d/mixed.prof | FileCheck --check-prefix=NOTREE %s
// NOTREE: runs 5
// NOTREE-NEXT: no tree
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static __thread volatile long sink; // per thread: the threads do not race

void leaf(int i) { sink += i; }

void *thread_main(void *arg) {
  for (int i = 0; i < 25; i++)
    leaf(i);
  return arg;
}

void child_work(void) {
  for (int i = 0; i < 10; i++)
    leaf(i);
}

int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, thread_main, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  pid_t pid = fork();
  if (pid == 0) {
    child_work();
    return 0;
  }
  waitpid(pid, NULL, 0);
  return 0;
}
