/*
 * `cprof calibrate`: measure and print what the hooks add to each profiled
 * call, like Python's profile.Profile().calibrate(m, verbose=1). The
 * runtime measures the same figures by itself before profiling (see
 * docs/calibration.md); this prints them, and the CPROF_BIAS value that
 * would force them.
 *
 *   cprof calibrate [--clock wall|monotonic|cpu|thread] [--subcalls 0|1]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cprof.h"
#include "cprof_cmd.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: cprof calibrate [--clock wall|monotonic|cpu|thread] [--subcalls 0|1]\n"
          "\n"
          "Measures the hooks' own cost per profiled call (in timer ticks): the\n"
          "part inside the callee's times (inner) and the part in the caller's\n"
          "own time (outer), for instrumented functions and for calls of\n"
          "uninstrumented ones (builtins). Profiles subtract these figures\n"
          "unless CPROF_CALIBRATE=0; CPROF_BIAS=INNER,OUTER,BUILTIN_INNER,BUILTIN_OUTER\n"
          "forces them.\n");
}

static const char *const clock_names[] = {"wall", "monotonic", "cpu", "thread"};

static void row(const char *what, int64_t ticks, double tick) {
  printf("%-44s = %6lld ticks = %.4g s\n", what, (long long)ticks, (double)ticks * tick);
}

int cprof_cmd_calibrate(int argc, char **argv) {
  cprof_options o;
  cprof_options_init(&o);
  int clock = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    }
    const char *val = NULL;
    size_t n = strcspn(a, "=");
    if (a[n] == '=')
      val = a + n + 1;
    else if (i + 1 < argc && (!strcmp(a, "--clock") || !strcmp(a, "--subcalls")))
      val = argv[++i];
    if (!strncmp(a, "--clock", n) && n == 7 && val) {
      for (clock = 0; clock < 4 && strcmp(val, clock_names[clock]); clock++)
        ;
      if (clock == 4) {
        fprintf(stderr, "cprof calibrate: --clock %s: not wall, monotonic, cpu or thread\n", val);
        return 2;
      }
      o.clock = (cprof_clock)clock;
    } else if (!strncmp(a, "--subcalls", n) && n == 10 && val) {
      if (strcmp(val, "0") && strcmp(val, "1")) {
        fprintf(stderr, "cprof calibrate: --subcalls %s: not 0 or 1\n", val);
        return 2;
      }
      o.subcalls = val[0] == '1';
    } else {
      fprintf(stderr, "cprof calibrate: unexpected argument '%s' (try --help)\n", a);
      return 2;
    }
  }
  cprof_calibration c;
  if (cprof_calibrate(&o, &c) != 0) {
    fprintf(stderr, "cprof calibrate: cannot measure: %s\n", strerror(errno));
    return 1;
  }
  const cprof_bias *b = &c.bias;
  printf("clock = %s, subcalls = %d, 1 tick = %.6g s\n", clock_names[clock], o.subcalls,
         c.tick);
  printf("rounds = %u x %u calls (medians), measured in %.3g s\n", c.rounds, c.calls,
         c.seconds);
  row("elapsed time per call without profiling", c.plain_call, c.tick);
  row("elapsed time per call with profiling", c.hooked_call, c.tick);
  row("  hooks' time in the callee's times (inner)", b->inner, c.tick);
  row("  hooks' time in the caller's time (outer)", b->outer, c.tick);
  row("builtin call without profiling", c.plain_builtin, c.tick);
  row("builtin call with profiling", c.hooked_builtin, c.tick);
  row("  hooks' time in the callee's times (inner)", b->builtin_inner, c.tick);
  row("  hooks' time in the caller's time (outer)", b->builtin_outer, c.tick);
  /* Python's figure: the unaccounted time per event, two events per call. */
  printf("mean stopwatch overhead per profile event = %.4g s\n",
         (double)(b->inner + b->outer) * c.tick / 2);
  printf("CPROF_BIAS=%lld,%lld,%lld,%lld\n", (long long)b->inner, (long long)b->outer,
         (long long)b->builtin_inner, (long long)b->builtin_outer);
  return 0;
}
