// A fork child starts with empty statistics, and with nothing owed: time
// its parent's function owed (calls corrected below 0) is not taken from
// the child's calls of that function. Fake clock (one tick per reading),
// bias inner 3: f(0) reads 1 tick (-2: owes 2), f(6) reads 7 (+4).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.*.prof && env CPROF_START=0 %t %t
// RUN: %python %S/Inputs/show_dump.py %t.parent.prof | FileCheck %s --check-prefix=PARENT
// RUN: %python %S/Inputs/show_dump.py %t.child.prof | FileCheck %s --check-prefix=CHILD
//
// The parent: two calls of f(0) (owing 4), then one of f(6): 4 - 4 = 0.
// PARENT: f 3 3 0.0 0.0
// The child: after the fork, one call of f(6): 4, nothing taken.
// CHILD: f 1 1 4.0 4.0
#include <sys/wait.h>
#include <unistd.h>

#include "Inputs/handmade.h"

DESC(f, "fork.c", 1);

NOINLINE static void f(int work) {
  ENTER(f);
  WORK(work);
  EXIT(f);
}

int main(int argc, char **argv) {
  (void)argc;
  cprof_profile *p = fake_profiler(1.0, 1, 1);
  cprof_bias inner3 = {3, 0, 0, 0};
  if (cprof_set_bias(p, &inner3) != 0)
    return 3;
  char path[4096];
  cprof_enable(p);
  f(0);
  f(0);
  pid_t pid = fork();
  if (pid < 0)
    return 4;
  f(6);
  snprintf(path, sizeof path, "%s.%s.prof", argv[1], pid == 0 ? "child" : "parent");
  if (cprof_dump_stats(p, path) != 0)
    return 1;
  if (pid == 0)
    return 0;
  int st;
  return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 5;
}
