/*
 * `cprof calibrate`: measure and print what the hooks add to each profiled
 * call, like Python's profile.Profile().calibrate(m, verbose=1). The
 * runtime measures the same figures by itself before profiling (see
 * docs/calibration.md); this prints them, and the CPROF_BIAS value that
 * would force them.
 *
 *   cprof calibrate [--clock wall|monotonic|cpu|thread] [--subcalls 0|1]
 *   cprof calibrate --clock sampled|sampled-wall [--hz N] [--seconds S]
 *
 * For a sampled clock there is nothing to subtract: it prints the source,
 * the rate achieved, and what the hooks still leave in each call's time.
 */
#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cprof.h"
#include "cprof_cmd.h"

static void usage(FILE *out) {
  fprintf(out,
          "usage: cprof calibrate [--clock wall|monotonic|cpu|thread] [--subcalls 0|1]\n"
          "       cprof calibrate --clock sampled|sampled-wall [--hz N] [--seconds S]\n"
          "\n"
          "Measures the hooks' own cost per profiled call (in timer ticks): the\n"
          "part inside the callee's times (inner) and the part in the caller's\n"
          "own time (outer), for instrumented functions and for calls of\n"
          "uninstrumented ones (builtins). Profiles subtract these figures\n"
          "unless CPROF_CALIBRATE=0; CPROF_BIAS=INNER,OUTER,BUILTIN_INNER,BUILTIN_OUTER\n"
          "forces them.\n"
          "\n"
          "The sampled clocks leave the hooks' time out by construction: for them\n"
          "this prints the sample source, the rate achieved, the share of samples\n"
          "dropped inside the hooks, and the time per call they still leave in the\n"
          "profile (the call instructions around the hooks), over S seconds\n"
          "(default 1) of the clock.\n");
}

static const char *const sampled_names[] = {"sampled", "sampled-wall"};

static int calibrate_sampled(cprof_options *o, double seconds) {
  cprof_sampling s;
  if (cprof_calibrate_sampled(o, seconds, &s) != 0) {
    fprintf(stderr, "cprof calibrate: cannot measure: %s\n",
            errno == ENOTSUP ? "this clock cannot be sampled here" : strerror(errno));
    return 1;
  }
  printf("clock = %s, source = %s\n", sampled_names[o->clock == CPROF_CLOCK_SAMPLED_WALL],
         s.source);
  printf("rate = %d Hz requested, %.0f Hz achieved (%llu samples in %.3f s)\n",
         s.hz_requested, s.hz_achieved, (unsigned long long)(s.samples + s.dropped), s.seconds);
  printf("empty calls: %.2f ns per call without profiling, %.2f ns with it\n", s.plain_ns,
         s.hooked_ns);
  printf("samples dropped inside the hooks = %.1f%%\n", s.in_hooks * 100);
  printf("sampled time per call no work explains = %.2f ns (not subtracted)\n", s.residual_ns);
  return 0;
}

static const char *const clock_names[] = {"wall", "monotonic", "cpu", "thread"};

static void row(const char *what, int64_t ticks, double tick) {
  printf("%-44s = %6lld ticks = %.4g s\n", what, (long long)ticks, (double)ticks * tick);
}

int cprof_cmd_calibrate(int argc, char **argv) {
  cprof_options o;
  cprof_options_init(&o);
  int clock = 0;
  double seconds = 1.0;
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
    else if (i + 1 < argc && (!strcmp(a, "--clock") || !strcmp(a, "--subcalls") ||
                              !strcmp(a, "--hz") || !strcmp(a, "--seconds")))
      val = argv[++i];
    if (!strncmp(a, "--clock", n) && n == 7 && val) {
      for (clock = 0; clock < 4 && strcmp(val, clock_names[clock]); clock++)
        ;
      if (clock < 4)
        o.clock = (cprof_clock)clock;
      else if (!strcmp(val, "sampled"))
        o.clock = CPROF_CLOCK_SAMPLED;
      else if (!strcmp(val, "sampled-wall"))
        o.clock = CPROF_CLOCK_SAMPLED_WALL;
      else {
        fprintf(stderr,
                "cprof calibrate: --clock %s: not wall, monotonic, cpu, thread, sampled or "
                "sampled-wall\n",
                val);
        return 2;
      }
    } else if (!strncmp(a, "--hz", n) && n == 4 && val) {
      char *end;
      long hz = strtol(val, &end, 10);
      if (!*val || *end || hz < 1 || hz > 100000) {
        fprintf(stderr, "cprof calibrate: --hz %s: not a rate from 1 to 100000\n", val);
        return 2;
      }
      o.sample_hz = (int)hz;
    } else if (!strncmp(a, "--seconds", n) && n == 9 && val) {
      char *end;
      seconds = strtod(val, &end);
      if (!*val || *end || !(seconds > 0 && seconds <= 600)) {
        fprintf(stderr, "cprof calibrate: --seconds %s: not a duration up to 600\n", val);
        return 2;
      }
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
  if (o.clock == CPROF_CLOCK_SAMPLED || o.clock == CPROF_CLOCK_SAMPLED_WALL)
    return calibrate_sampled(&o, seconds);
  if (o.sample_hz || seconds != 1.0) {
    fprintf(stderr, "cprof calibrate: --hz and --seconds are for the sampled clocks\n");
    return 2;
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
