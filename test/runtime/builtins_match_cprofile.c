// Builtins (calls of uninstrumented functions) as cProfile's C functions:
// keys ('~', 0, '<...>'), a builtin that calls back instrumented code
// (sorted -> key function: the builtin is the caller), builtins called from
// callbacks. Python's builtins vector, bit for bit.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_START=0 %t %t.prof
// RUN: %python %S/Inputs/compare_dump.py %t.prof %vectors/builtins/builtins.prof --skip disable | FileCheck %s
// CHECK: MATCH 13 entries
#include "Inputs/handmade.h"

#define F "examples/builtins.py"
DESC(by_length, F, 9);
DESC(double, F, 14);
DESC(main, F, 19);
static struct cprof_func_desc D_listcomp = {"<listcomp>", F, 0, 26, 0, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc D_lambda = {"<lambda>", F, 0, 31, 0, 0, CPROF_ABI_VERSION};

#define B(var, text, addr)                                                                   \
  static struct cprof_func_desc var = {text, "~", (void *)(addr), 0, CPROF_DESC_BUILTIN, 0, \
                                       CPROF_ABI_VERSION}
B(B_sorted, "<built-in method builtins.sorted>", 1);
B(B_len, "<built-in method builtins.len>", 2);
B(B_join, "<method 'join' of 'str' objects>", 3);
B(B_get, "<method 'get' of 'dict' objects>", 4);
B(B_sum, "<built-in method builtins.sum>", 5);
B(B_max, "<built-in method builtins.max>", 6);
B(B_sqrt, "<built-in method math.sqrt>", 7);
B(B_isinstance, "<built-in method builtins.isinstance>", 8);

#define CALL_BUILTIN(var)                                                      \
  do {                                                                         \
    __cprof_builtin_enter(&var);                                               \
    __cprof_builtin_exit(&var);                                                \
  } while (0)

NOINLINE static void by_length(void) {
  ENTER(by_length);
  WORK(1);
  CALL_BUILTIN(B_len);
  EXIT(by_length);
}
NOINLINE static void dbl(void) {
  ENTER(double);
  WORK(1);
  EXIT(double);
}
NOINLINE static void listcomp(void) {
  __cprof_enter(&D_listcomp);
  __cprof_exit(&D_listcomp);
}
NOINLINE static void lambda(void) {
  __cprof_enter(&D_lambda);
  __cprof_exit(&D_lambda);
}
NOINLINE static void workload(void) {
  ENTER(main);
  __cprof_builtin_enter(&B_sorted);
  for (int i = 0; i < 5; i++)
    by_length();
  __cprof_builtin_exit(&B_sorted);
  CALL_BUILTIN(B_join);
  for (int i = 0; i < 5; i++)
    CALL_BUILTIN(B_get);
  listcomp();
  for (int i = 0; i < 4; i++)
    dbl();
  CALL_BUILTIN(B_sum);
  CALL_BUILTIN(B_max);
  CALL_BUILTIN(B_len);
  CALL_BUILTIN(B_sqrt);
  CALL_BUILTIN(B_isinstance);
  for (int i = 0; i < 4; i++)
    lambda();
  WORK(2);
  EXIT(main);
}

int main(int argc, char **argv) {
  (void)argc;
  return replay_and_dump(workload, argv[1]);
}
