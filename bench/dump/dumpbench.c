/* End-of-run cost and memory of the cprof runtime at scale.
 *
 *   dumpbench NFUNC NEDGE OUT.prof
 *
 * Makes NFUNC function descriptors (as the compiler would) and drives the
 * hook ABI (runtime/include/cprof/abi.h) directly, so no program with
 * 100,000 compiled functions is needed:
 *   1. every function is called once at top level        -> NFUNC records
 *   2. function i calls functions i+1 .. i+NEDGE/NFUNC   -> NEDGE edges
 * and reports the resident memory each phase added (per function, per
 * edge), then times cprof_dump_stats() of the process profiler to OUT.prof.
 * Last, it prints CLOCK_MONOTONIC at the end of main(), so the caller can
 * time the whole exit (the at-exit dump to CPROF_FILE included) as well.
 * This file is compiled without instrumentation and linked with libcprof. */
#include <cprof.h>
#include <cprof/abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long rss_bytes(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, res = 0;
  if (!f || fscanf(f, "%ld %ld", &size, &res) != 2) {
    fprintf(stderr, "dumpbench: cannot read /proc/self/statm\n");
    exit(1);
  }
  fclose(f);
  return res * sysconf(_SC_PAGESIZE);
}

static unsigned long parse(const char *s, const char *what) {
  char *end;
  unsigned long v = strtoul(s, &end, 10);
  if (*s == 0 || *end || v == 0) {
    fprintf(stderr, "dumpbench: %s must be a positive integer, got '%s'\n", what, s);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: dumpbench NFUNC NEDGE OUT.prof\n");
    return 2;
  }
  unsigned long nf = parse(argv[1], "NFUNC"), ne = parse(argv[2], "NEDGE");
  unsigned long fan = ne / nf;
  if (fan * nf != ne || fan >= nf) {
    fprintf(stderr, "dumpbench: NEDGE must be a multiple of NFUNC below NFUNC^2\n");
    return 2;
  }
  struct cprof_func_desc *d = calloc(nf, sizeof *d);
  char *names = malloc(nf * 16);
  if (!d || !names) {
    fprintf(stderr, "dumpbench: out of memory\n");
    return 1;
  }
  for (unsigned long i = 0; i < nf; i++) {
    snprintf(names + i * 16, 16, "fn_%07lu", i);
    d[i].name = names + i * 16;
    d[i].file = "generated.c";
    d[i].addr = (void *)(uintptr_t)(0x100000 + 16 * i); /* distinct, never called */
    d[i].line = (uint32_t)(i + 1);
    d[i].abi_version = CPROF_ABI_VERSION;
  }
  /* Warm the thread's state with a function outside the measured set. */
  static struct cprof_func_desc warm = {"warm", "generated.c", (void *)8, 1, 0, 0,
                                        CPROF_ABI_VERSION};
  __cprof_enter(&warm);
  __cprof_exit(&warm);

  long r0 = rss_bytes();
  for (unsigned long i = 0; i < nf; i++) {
    __cprof_enter(&d[i]);
    __cprof_exit(&d[i]);
  }
  long r1 = rss_bytes();
  for (unsigned long i = 0; i < nf; i++) {
    __cprof_enter(&d[i]);
    for (unsigned long j = 1; j <= fan; j++) {
      struct cprof_func_desc *c = &d[(i + j) % nf];
      __cprof_enter(c);
      __cprof_exit(c);
    }
    __cprof_exit(&d[i]);
  }
  long r2 = rss_bytes();
  printf("functions %lu edges %lu\n", nf, ne);
  printf("bytes_per_function %.1f\n", (double)(r1 - r0) / (double)nf);
  printf("bytes_per_edge %.1f\n", (double)(r2 - r1) / (double)ne);

  int64_t t0 = mono_ns();
  if (cprof_dump_stats(NULL, argv[3]) != 0)
    return 1;
  int64_t t1 = mono_ns();
  printf("dump_stats_ns %lld\n", (long long)(t1 - t0));
  /* Record again so the at-exit dump has the same data to write. */
  cprof_enable(NULL);
  for (unsigned long i = 0; i < nf; i++) {
    __cprof_enter(&d[i]);
    for (unsigned long j = 1; j <= fan; j++) {
      struct cprof_func_desc *c = &d[(i + j) % nf];
      __cprof_enter(c);
      __cprof_exit(c);
    }
    __cprof_exit(&d[i]);
  }
  printf("end_of_main_ns %lld\n", (long long)mono_ns());
  fflush(stdout);
  return 0;
}
