/* The called side of the hook microbenchmark, compiled twice:
 *   clang -O2 -DPLAIN     -> leaf_plain, loop_plain, ext_leaf   (no hooks)
 *   cprof-cc -O2          -> leaf_cprof, loop_cprof, loop_builtin
 * loop_X(n) makes n calls of leaf_X; loop_builtin(n) makes n calls of
 * ext_leaf, an uninstrumented function of the plain object that cprof wraps
 * as a builtin at the call site. The time of a cprof loop minus the time of
 * loop_plain, per call, is the cost of the hooks of one call.
 * loop_excluded and loop_builtin_excluded do the same with leaf_excluded and
 * ext_excluded, which hookbench runs under CPROF_EXCLUDE (docs/filters.md). */
#ifdef PLAIN
#define LEAF leaf_plain
#define LOOP loop_plain
__attribute__((noinline)) void ext_leaf(void) { __asm__ volatile(""); }
__attribute__((noinline)) void ext_excluded(void) { __asm__ volatile(""); }
#else
#define LEAF leaf_cprof
#define LOOP loop_cprof
void ext_leaf(void);
void ext_excluded(void);
__attribute__((noinline)) void loop_builtin(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    ext_leaf();
}
__attribute__((noinline)) void loop_builtin_excluded(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    ext_excluded();
}
__attribute__((noinline)) void leaf_excluded(void) { __asm__ volatile(""); }
__attribute__((noinline)) void loop_excluded(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    leaf_excluded();
}
#endif

__attribute__((noinline)) void LEAF(void) { __asm__ volatile(""); }

__attribute__((noinline)) void LOOP(unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    LEAF();
}
