/* Compiled without cprof: a really uninstrumented callee (a builtin). */
__attribute__((noinline)) int uninstrumented(int x) { return x ^ 5; }
