/* The called side of the hook microbenchmark, compiled twice:
 *   clang -O2 -DPLAIN     -> leaf_plain, loop_plain, ext_leaf   (no hooks)
 *   cprof-cc -O2          -> leaf_cprof, loop_cprof, loop_builtin
 * loop_X(n) makes n calls of leaf_X; loop_builtin(n) makes n calls of
 * ext_leaf, an uninstrumented function of the plain object that cprof wraps
 * as a builtin at the call site. The time of a cprof loop minus the time of
 * loop_plain, per call, is the cost of the hooks of one call. */
#ifdef PLAIN
#define LEAF leaf_plain
#define LOOP loop_plain
__attribute__((noinline)) void ext_leaf(void) { __asm__ volatile(""); }
#else
#define LEAF leaf_cprof
#define LOOP loop_cprof
void ext_leaf(void);
__attribute__((noinline)) void loop_builtin(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    ext_leaf();
}
#endif

__attribute__((noinline)) void LEAF(void) { __asm__ volatile(""); }

__attribute__((noinline)) void LOOP(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    LEAF();
}
