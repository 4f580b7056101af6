// 100,000 distinct instrumented functions (descriptors) all get their own
// entry and edge; memory follows the functions actually called.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t
// RUN: %python -c "import pstats,sys; s=pstats.Stats(sys.argv[1]).stats; print(len(s), sum(v[1] for v in s.values()), sum(len(v[4]) for v in s.values()), s[('gen.c', 99999, 'f99999')][:2])" %t.prof | FileCheck %s
// CHECK: 100001 200001 100000 (2, 2)
#include <string.h>

#include "Inputs/handmade.h"

#define N 100000
DESC(main, "gen.c", 0);

int main(void) {
  ENTER(main);
  struct cprof_func_desc *d = calloc(N, sizeof *d);
  for (int i = 0; i < N; i++) {
    char *name = malloc(16);
    snprintf(name, 16, "f%d", i);
    d[i].name = name;
    d[i].file = "gen.c";
    d[i].line = (uint32_t)i;
    d[i].abi_version = CPROF_ABI_VERSION;
  }
  for (int round = 0; round < 2; round++)
    for (int i = 0; i < N; i++) {
      __cprof_enter(&d[i]);
      __cprof_exit(&d[i]);
    }
  EXIT(main);
  return 0;
}
