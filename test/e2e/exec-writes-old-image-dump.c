// Before exec the old image's dump is written (to NAME.exec.prof; the new
// image, same pid, writes NAME.prof), its open frames counted as returning
// then. A failed exec changes nothing: the frames closed for its dump are
// reopened, so main is still counted once in the next dump.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_FILE=%t.d/p.prof %t | FileCheck --check-prefix=OUT %s
// OUT: exec failed as expected
// OUT-NEXT: second image
// RUN: ls %t.d | FileCheck --check-prefix=LS %s
// LS: p.exec.1.prof
// LS-NEXT: p.exec.prof
// LS-NEXT: p.prof
// RUN: %check_dump %t.d/p.exec.1.prof | FileCheck --check-prefix=OLD %s
// RUN: %check_dump %t.d/p.prof | FileCheck --check-prefix=NEW %s
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

// OLD-DAG: FUNC {{.*}}(before_exec) ncalls=3 pcalls=3
// NEW-NOT: before_exec
void before_exec(void) {}
// NEW-DAG: FUNC {{.*}}(after_exec) ncalls=2 pcalls=2
// OLD-NOT: after_exec
void after_exec(void) {}

// OLD-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// OLD-DAG: FUNC {built-in method execl} ncalls=1 pcalls=1
// OLD-DAG: FUNC {built-in method execv} ncalls=1 pcalls=1
// OLD-DAG: EDGE {{.*}}(main) -> {{.*}}(before_exec) ncalls=3 pcalls=3
// OLD: INVARIANTS OK
// NEW-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// NEW: INVARIANTS OK
int main(int argc, char **argv) {
  if (argc > 1) {
    after_exec();
    after_exec();
    printf("second image\n");
    return 0;
  }
  before_exec();
  if (execl("/nonexistent/cprof-test", "x", (char *)NULL) == -1 && errno == ENOENT)
    printf("exec failed as expected\n");
  fflush(stdout);
  before_exec();
  before_exec();
  char *args[] = {argv[0], "second", NULL};
  execv(argv[0], args);
  printf("exec: %s\n", strerror(errno));
  return 1;
}
