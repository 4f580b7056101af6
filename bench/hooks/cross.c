/* The calling side of the cross-file cases of the hook microbenchmark:
 * loops that call leaf_cprof, instrumented in callee.c (another file), so
 * their call sites wrap it as a builtin. Compiled twice with cprof:
 *   cprof-cc -O2             -> loop_cross       (ABI 3: the call site tests
 *                               its descriptor's callee flag, plain call)
 *   cprof-cc -O2 -DABI2 -cprof-callee-flag=false
 *                            -> loop_cross_abi2  (every call bracketed by
 *                               the builtin hooks, absorbed by the runtime)
 * Compare with loop_cprof, the same calls of leaf_cprof from its own file. */
void leaf_cprof(void);

#ifdef ABI2
#define LOOP loop_cross_abi2
#else
#define LOOP loop_cross
#endif

__attribute__((noinline)) void LOOP(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    leaf_cprof();
}
