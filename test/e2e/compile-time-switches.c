// --cprof-no-builtins emits no builtin hooks (no {built-in ...} entries);
// --cprof-no-subcalls marks the descriptors so that no caller->callee edge
// is recorded. Call counts stay exact either way.
// RUN: %cprof_cc -O0 -g --cprof-no-builtins %s -o %t.nb
// RUN: env CPROF_FILE=%t.nb.prof %t.nb | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.nb.prof | FileCheck --check-prefix=NOBUILTINS %s
// RUN: %check_dump %t.nb.prof | not grep built-in
// RUN: %cprof_cc -O0 -g --cprof-no-subcalls %s -o %t.ns
// RUN: env CPROF_FILE=%t.ns.prof %t.ns | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.ns.prof | FileCheck --check-prefix=NOSUBCALLS %s
// RUN: %check_dump %t.ns.prof | not grep EDGE
// OUT: 6
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) size_t measure(const char *s) { return strlen(s); }

int main(void) {
  printf("%zu\n", measure("abc") + measure("xyz"));
  return 0;
}
// NOBUILTINS-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// NOBUILTINS-DAG: FUNC {{.*}}(measure) ncalls=2 pcalls=2
// NOBUILTINS-DAG: EDGE {{.*}}(main) -> {{.*}}(measure) ncalls=2 pcalls=2
// NOBUILTINS: INVARIANTS OK
// NOSUBCALLS-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// NOSUBCALLS-DAG: FUNC {{.*}}(measure) ncalls=2 pcalls=2
// NOSUBCALLS-DAG: FUNC {built-in method strlen} ncalls=2 pcalls=2
// NOSUBCALLS-DAG: FUNC {built-in method printf} ncalls=1 pcalls=1
// NOSUBCALLS: INVARIANTS OK
