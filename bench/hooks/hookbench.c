/* Hook cost microbenchmark: entry + exit of one instrumented call, against
 * the cost of the two timestamp reads it needs, measured in the same run.
 *
 *   hookbench [ROUNDS [CALLS]]     (defaults 61 rounds of 200,000 calls)
 *
 * Every round runs each case once, in turn (interleaved), and times it with
 * CLOCK_MONOTONIC; the report gives per case the median, min and max over
 * the rounds, in ns per call:
 *   floor        two back-to-back rdtsc, as runtime/rt.h reads the TSC
 *                (plain rdtsc, never rdtscp), minus an empty loop
 *   subcalls-on  instrumented call minus plain call, profiler enabled
 *   subcalls-off same with cprof_enable_with(subcalls=0)
 *   builtin      call of an uninstrumented function wrapped by the builtin
 *                hooks, minus the plain call
 *   disabled     instrumented call minus plain call, profiler disabled
 *   excluded     instrumented call of a function CPROF_EXCLUDE drops,
 *                profiler enabled, minus plain call
 *   excluded-builtin  wrapped call of an uninstrumented function that
 *                CPROF_EXCLUDE drops, profiler enabled, minus plain call
 * (hookbench sets CPROF_EXCLUDE itself: it runs itself again with it)
 *   tree         as subcalls-on, the profiler keeping the calling-context
 *                tree (cprof_set_tree, CPROF_TREE=1)
 *   cross-file   the instrumented call made from another file (cross.c: a
 *                builtin call site that learned its callee is instrumented)
 *                minus plain call, profiler enabled
 *   cross-abi2   the same with ABI-2 call sites (-cprof-callee-flag=false:
 *                builtin hooks on every call, absorbed by the runtime)
 * and the ratios subcalls-on / floor, tree / subcalls-on and cross-file /
 * subcalls-on of the medians. This file is compiled
 * without instrumentation; only callee.c's cprof object has hooks. */
#include <cprof.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void leaf_plain(void);
void loop_plain(unsigned long n);
void loop_cprof(unsigned long n);
void loop_builtin(unsigned long n);
void loop_excluded(unsigned long n);
void loop_builtin_excluded(unsigned long n);

#define EXCLUDED "leaf_excluded,ext_excluded"
void loop_cross(unsigned long n);
void loop_cross_abi2(unsigned long n);

static volatile uint64_t tsc_sink;

__attribute__((noinline)) static void loop_rdtsc2(unsigned long n) {
  uint64_t acc = 0;
  for (unsigned long i = 0; i < n; i++) {
    uint32_t lo0, hi0, lo1, hi1;
    __asm__ __volatile__("rdtsc" : "=a"(lo0), "=d"(hi0));
    __asm__ __volatile__("rdtsc" : "=a"(lo1), "=d"(hi1));
    acc += (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
  }
  tsc_sink = acc;
}

__attribute__((noinline)) static void loop_empty(unsigned long n) {
  uint64_t acc = 0;
  for (unsigned long i = 0; i < n; i++) {
    uint32_t lo0 = (uint32_t)i, hi0 = 0, lo1 = (uint32_t)i, hi1 = 1;
    __asm__ __volatile__("" : "+r"(lo0), "+r"(hi0));
    __asm__ __volatile__("" : "+r"(lo1), "+r"(hi1));
    acc += (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
  }
  tsc_sink = acc;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

enum { C_EMPTY, C_RDTSC2, C_PLAIN, C_ON, C_OFF, C_BUILTIN, C_DISABLED, C_EXCLUDED,
       C_EXCLUDED_BUILTIN, C_TREE, C_CROSS, C_CROSS_ABI2, NCASES };
static const char *const case_name[NCASES] = {
    "empty-loop", "rdtsc-pair", "plain-call", "subcalls-on",      "subcalls-off",
    "builtin",    "disabled",   "excluded",   "excluded-builtin", "tree",
    "cross-file", "cross-abi2"};
static cprof_profile *tree_prof; /* subcalls on, with the tree */

static double run_case(int c, unsigned long n) {
  cprof_profile *proc = cprof_process_profile();
  switch (c) {
  case C_ON:
  case C_BUILTIN:
  case C_EXCLUDED:
  case C_EXCLUDED_BUILTIN:
  case C_CROSS:
  case C_CROSS_ABI2:
    cprof_enable_with(proc, 1, 1);
    break;
  case C_OFF:
    cprof_enable_with(proc, 0, 1);
    break;
  case C_TREE:
    cprof_enable(tree_prof);
    break;
  default:
    break;
  }
  double t0 = now_ns();
  switch (c) {
  case C_EMPTY: loop_empty(n); break;
  case C_RDTSC2: loop_rdtsc2(n); break;
  case C_PLAIN: loop_plain(n); break;
  case C_ON:
  case C_OFF:
  case C_DISABLED:
  case C_TREE: loop_cprof(n); break;
  case C_BUILTIN: loop_builtin(n); break;
  case C_EXCLUDED: loop_excluded(n); break;
  case C_EXCLUDED_BUILTIN: loop_builtin_excluded(n); break;
  case C_CROSS: loop_cross(n); break;
  case C_CROSS_ABI2: loop_cross_abi2(n); break;
  }
  double t = now_ns() - t0;
  cprof_disable(c == C_TREE ? tree_prof : proc);
  return t / (double)n;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static unsigned long parse(const char *s, const char *what) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (*s == 0 || *end || v == 0) {
    fprintf(stderr, "hookbench: %s must be a positive integer, got '%s'\n", what, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  const char *ex = getenv("CPROF_EXCLUDE");
  if (!ex || strcmp(ex, EXCLUDED)) { /* read by the runtime at start-up */
    setenv("CPROF_EXCLUDE", EXCLUDED, 1);
    execv("/proc/self/exe", argv);
    perror("hookbench: exec /proc/self/exe");
    return 1;
  }
  if (argc > 3) {
    fprintf(stderr, "usage: hookbench [ROUNDS [CALLS]]\n");
    return 2;
  }
  unsigned long rounds = argc > 1 ? parse(argv[1], "ROUNDS") : 61;
  unsigned long n = argc > 2 ? parse(argv[2], "CALLS") : 200000;
  double *t = calloc(rounds * NCASES, sizeof *t);
  if (!t) {
    fprintf(stderr, "hookbench: out of memory\n");
    return 1;
  }
  cprof_disable(cprof_process_profile());
  tree_prof = cprof_profile_new(NULL);
  if (!tree_prof || cprof_set_tree(tree_prof, 1) != 0) {
    fprintf(stderr, "hookbench: no tree profiler\n");
    return 1;
  }
  for (int c = 0; c < NCASES; c++) /* warm up: first-call allocations, caches */
    run_case(c, n / 10 + 1);
  for (unsigned long r = 0; r < rounds; r++)
    for (int c = 0; c < NCASES; c++)
      t[(size_t)c * rounds + r] = run_case(c, n);
  /* per case: median, min, max of the raw per-iteration times */
  double med[NCASES], lo[NCASES], hi[NCASES];
  for (int c = 0; c < NCASES; c++) {
    double *v = t + (size_t)c * rounds;
    qsort(v, rounds, sizeof *v, cmp_double);
    med[c] = rounds % 2 ? v[rounds / 2] : (v[rounds / 2 - 1] + v[rounds / 2]) / 2;
    lo[c] = v[0];
    hi[c] = v[rounds - 1];
  }
  printf("# hookbench: %lu rounds x %lu calls, ns per call (median min max)\n", rounds, n);
  for (int c = 0; c < NCASES; c++)
    printf("raw %-12s %8.3f %8.3f %8.3f\n", case_name[c], med[c], lo[c], hi[c]);
  /* derived: a cost is the case minus its baseline, both as medians */
  double floor_ns = med[C_RDTSC2] - med[C_EMPTY];
  printf("cost %-12s %8.3f\n", "floor", floor_ns);
  for (int c = C_ON; c < NCASES; c++)
    printf("cost %-12s %8.3f\n", case_name[c], med[c] - med[C_PLAIN]);
  printf("ratio subcalls-on/floor %.3f\n", (med[C_ON] - med[C_PLAIN]) / floor_ns);
  printf("ratio tree/subcalls-on %.3f\n",
         (med[C_TREE] - med[C_PLAIN]) / (med[C_ON] - med[C_PLAIN]));
  printf("ratio cross-file/subcalls-on %.3f\n",
         (med[C_CROSS] - med[C_PLAIN]) / (med[C_ON] - med[C_PLAIN]));
  printf("ratio cross-file/subcalls-on-total %.3f\n", med[C_CROSS] / med[C_ON]);
  free(t);
  return 0;
}
