/*
 * Calibration: what the hooks themselves add to every profiled call, so
 * that hooks.c's account() can subtract it (docs/calibration.md).
 *
 * Timer positions are cProfile's (the entry hook reads the timer last, the
 * exit hook first), so the hooks' cost of one call splits in two parts:
 *   inner  the entry hook after its reading, the return from it, and the
 *          call of the exit hook up to its reading: inside the callee's
 *          interval [t0, t1], i.e. in its tottime and cumtime;
 *   outer  the rest of both hooks (exit hook after its reading, entry hook
 *          before its reading, the calls): in the caller's own time.
 * account() subtracts `inner` from each call's own time and `outer` per
 * direct call from the caller's own time, and builds cumulative times from
 * the corrected parts.
 *
 * Measurement (for one timer and one subcalls setting, instrumented
 * functions and builtin brackets alike): a private profiler runs the real
 * hooks on private descriptors from code shaped like the compiler's output.
 * One round is
 *   plain    n calls of an empty function, timed with the timer;
 *   hooked   a parent frame making n calls of the same empty function
 *            bracketed by the hooks;
 * then inner = leaf inline ticks / n (its body is empty) and outer =
 * (parent inline ticks - inner) / n - plain ticks per call (the call itself
 * is the program's own cost). Builtins likewise with the builtin hooks
 * around a call of an empty uninstrumented function. The median of the
 * rounds is kept: interrupts and migrations only ever add time to a round,
 * and the median of per-round sums is stable from run to run.
 *
 * When: profilers with a built-in clock are calibrated before they are
 * first enabled (rt_calibrate_ensure); the process profiler during start-up,
 * while the process is single-threaded. Figures are cached per clock. A
 * measurement needs to be the only thread running instrumented code (it
 * briefly makes its private profiler the active one); when another one is,
 * the profiler stays uncorrected and a warning says so.
 *
 *   CPROF_CALIBRATE=0        no correction (cProfile's raw times)
 *   CPROF_BIAS=I[,O[,BI,BO]] use these ticks instead of measuring (profilers
 *                            on the process profiler's clock): one value for
 *                            both parts, or inner,outer, or those followed
 *                            by the builtin hooks' inner,outer
 * cprof_set_bias() overrides all of these for one profiler.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define CAL_ROUNDS 21
#define CAL_WARMUP 2
#define CAL_CALLS 64
/* The CPU-time clocks are read with a system call (~0.5 us): fewer, shorter
 * rounds keep their measurement at a few milliseconds. */
#define CAL_ROUNDS_SLOW 11
#define CAL_CALLS_SLOW 16

/* ---- the measured code ------------------------------------------------- */

#define OPAQUE() __asm__ __volatile__("" ::: "memory")

static __attribute__((noinline)) void empty_fn(void) { OPAQUE(); }
static __attribute__((noinline)) void empty_ext(void) { OPAQUE(); }

static struct cprof_func_desc d_parent = {
    "<cprof calibration caller>", "~", NULL, 0, 0, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc d_leaf = {
    "<cprof calibration callee>", "~", NULL, 0, 0, 0, CPROF_ABI_VERSION};
static struct cprof_func_desc d_ext = {"<built-in method cprof calibration callee>",
                                       "~",
                                       (void *)empty_ext,
                                       0,
                                       CPROF_DESC_BUILTIN,
                                       0,
                                       CPROF_ABI_VERSION};

int rt_is_calibration_desc(const struct cprof_func_desc *d) {
  return d == &d_parent || d == &d_leaf || d == &d_ext;
}

/* The pass's guard (cprof/abi.h): the active bit read once per function
 * entry or builtin call site decides both of its hooks. */
#define GUARD(bit) (__atomic_load_n(&__cprof_active, __ATOMIC_RELAXED) & (bit))

/* An instrumented empty function, as the pass makes it: the hook calls are
 * not tail calls. */
static __attribute__((noinline)) void hooked_fn(void) {
  int on = GUARD(CPROF_ACTIVE_FUNCTIONS);
  if (on)
    __cprof_enter(&d_leaf);
  OPAQUE();
  if (on)
    __cprof_exit(&d_leaf);
  OPAQUE();
}

/* n plain calls of fn, timed. */
#define TIME_CALLS(tm, n, fn)                                                  \
  do {                                                                         \
    int64_t t0_ = rt_timer_read(tm);                                           \
    for (int i_ = 0; i_ < (n); i_++)                                           \
      fn();                                                                    \
    return rt_timer_read(tm) - t0_;                                            \
  } while (0)

static __attribute__((noinline)) int64_t time_plain(const rt_timer *tm, int n) {
  TIME_CALLS(tm, n, empty_fn);
}

static __attribute__((noinline)) int64_t time_plain_ext(const rt_timer *tm, int n) {
  TIME_CALLS(tm, n, empty_ext);
}

static __attribute__((noinline)) int64_t time_hooked(const rt_timer *tm, int n) {
  int64_t t0 = rt_timer_read(tm);
  __cprof_enter(&d_parent);
  for (int i = 0; i < n; i++)
    hooked_fn();
  __cprof_exit(&d_parent);
  return rt_timer_read(tm) - t0;
}

static __attribute__((noinline)) int64_t time_hooked_ext(const rt_timer *tm, int n) {
  int64_t t0 = rt_timer_read(tm);
  __cprof_enter(&d_parent);
  for (int i = 0; i < n; i++) {
    /* the call site's test of its descriptor first (ABI 3): never set here */
    if (__atomic_load_n(&d_ext.flags, __ATOMIC_RELAXED) & CPROF_DESC_RT_CALLEE_INSTRUMENTED) {
      empty_ext();
      continue;
    }
    int on = GUARD(CPROF_ACTIVE_BUILTINS);
    if (on)
      __cprof_builtin_enter(&d_ext);
    empty_ext();
    if (on)
      __cprof_builtin_exit(&d_ext);
  }
  __cprof_exit(&d_parent);
  return rt_timer_read(tm) - t0;
}

/* ---- measurement ------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int64_t median(int64_t *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_i64);
  return v[n / 2];
}

/* x / n rounded to nearest, never below 0. */
static int64_t per_call(int64_t x, int n) { return x <= 0 ? 0 : (x + n / 2) / n; }

static int64_t inline_ticks(rt_tdata *td, struct cprof_func_desc *d) {
  rt_rec *r = d->id ? rt_rec_find(td, d->id) : NULL;
  return r ? r->it : 0;
}

static int other_threads_running(void) {
  rt_thread *self = rt_self;
  for (rt_thread *t = rt_thread_list(); t; t = t->next)
    if (t != self && !__atomic_load_n(&t->ended, __ATOMIC_ACQUIRE))
      return 1;
  return 0;
}

static _Atomic int measuring;

static int measure(const cprof_options *o, cprof_calibration *c) {
  int expected = 0;
  if (!atomic_compare_exchange_strong(&measuring, &expected, 1)) {
    errno = EBUSY;
    return -1;
  }
  int ret = -1;
  cprof_profile *cal = NULL;
  if (other_threads_running() || (rt_self && rt_self->busy)) {
    errno = EBUSY;
    goto out;
  }
  cprof_options co = *o;
  co.builtins = 1;
  cal = cprof_profile_new(&co);
  if (!cal)
    goto out;
  cal->bias_state = 1; /* raw times */
  int64_t w0 = rt_clock_ns(CLOCK_MONOTONIC);
  cprof_enable(cal);
  rt_tdata *td = NULL;
  int64_t plain[CAL_ROUNDS], hooked[CAL_ROUNDS], inner[CAL_ROUNDS], outer[CAL_ROUNDS];
  int64_t bplain[CAL_ROUNDS], bhooked[CAL_ROUNDS], binner[CAL_ROUNDS], bouter[CAL_ROUNDS];
  const rt_timer *tm = &cal->timer;
  int slow = tm->kind == RT_TIMER_PROCESS || tm->kind == RT_TIMER_THREAD;
  const int n = slow ? CAL_CALLS_SLOW : CAL_CALLS;
  const int rounds = slow ? CAL_ROUNDS_SLOW : CAL_ROUNDS;
  for (int r = -CAL_WARMUP; r < rounds; r++) {
    int64_t p = time_plain(tm, n);
    int64_t it_leaf = td ? inline_ticks(td, &d_leaf) : 0;
    int64_t it_par = td ? inline_ticks(td, &d_parent) : 0;
    int64_t h = time_hooked(tm, n);
    if (!td)
      td = rt_self ? rt_self->cur : NULL;
    if (!td || td->prof != cal || td->lost) {
      errno = ENOMEM; /* the hooks could not record */
      goto out;
    }
    int64_t leaf = inline_ticks(td, &d_leaf) - it_leaf;
    int64_t par = inline_ticks(td, &d_parent) - it_par;
    int64_t bp = time_plain_ext(tm, n);
    int64_t it_ext = inline_ticks(td, &d_ext);
    it_par = inline_ticks(td, &d_parent);
    int64_t bh = time_hooked_ext(tm, n);
    int64_t ext = inline_ticks(td, &d_ext) - it_ext;
    int64_t bpar = inline_ticks(td, &d_parent) - it_par;
    if (r < 0)
      continue;
    int64_t in = per_call(leaf, n);
    plain[r] = p;
    hooked[r] = h;
    inner[r] = leaf;
    outer[r] = par - in - p;
    bplain[r] = bp;
    bhooked[r] = bh;
    binner[r] = ext - bp;
    bouter[r] = bpar - in;
  }
  memset(c, 0, sizeof *c);
  c->bias.inner = per_call(median(inner, rounds), n);
  c->bias.outer = per_call(median(outer, rounds), n);
  c->bias.builtin_inner = per_call(median(binner, rounds), n);
  c->bias.builtin_outer = per_call(median(bouter, rounds), n);
  c->plain_call = per_call(median(plain, rounds), n);
  c->hooked_call = per_call(median(hooked, rounds), n);
  c->plain_builtin = per_call(median(bplain, rounds), n);
  c->hooked_builtin = per_call(median(bhooked, rounds), n);
  c->rounds = (unsigned)rounds;
  c->calls = (unsigned)n;
  cprof_disable(cal);
  c->seconds = (double)(rt_clock_ns(CLOCK_MONOTONIC) - w0) * 1e-9;
  ret = 0;
out:
  if (cal)
    cprof_profile_free(cal);
  atomic_store(&measuring, 0);
  return ret;
}

int cprof_calibrate(const cprof_options *o, cprof_calibration *c) {
  cprof_options d;
  if (!o) {
    cprof_options_init(&d);
    o = &d;
  }
  if (!c) {
    errno = EINVAL;
    return -1;
  }
  rt_init();
  if (measure(o, c) != 0)
    return -1;
  rt_timer t; /* the tick of the options' timer (the TSC's is measured) */
  struct cprof_profile *tp = cprof_profile_new(o);
  if (!tp)
    return -1;
  t = tp->timer;
  cprof_profile_free(tp);
  c->tick = rt_timer_unit(&t);
  return 0;
}

/* ---- the sampled clocks ------------------------------------------------ */

int cprof_calibrate_sampled(const cprof_options *o, double seconds, cprof_sampling *s) {
  if (!o || !s || (o->clock != CPROF_CLOCK_SAMPLED && o->clock != CPROF_CLOCK_SAMPLED_WALL) ||
      o->sample_hz == CPROF_SAMPLE_EXTERNAL || !(seconds > 0)) {
    errno = EINVAL;
    return -1;
  }
  rt_init();
  int expected = 0;
  if (!atomic_compare_exchange_strong(&measuring, &expected, 1)) {
    errno = EBUSY;
    return -1;
  }
  int ret = -1;
  struct cprof_profile *p = cprof_profile_new(o);
  if (!p)
    goto out;
  enum rt_sample_mode mode = p->timer.sample_mode;
  cprof_enable(p);
  rt_thread *t = rt_thread_self_slow();
  rt_sampler_info info;
  rt_sampler_get(mode, &info);
  if (p->timer.kind != RT_TIMER_SAMPLED || !t || info.source == RT_SOURCE_NONE) {
    cprof_profile_free(p);
    errno = ENOTSUP;
    goto out;
  }
  rt_timer tsc = {.kind = rt_tsc_usable() ? RT_TIMER_TSC : RT_TIMER_MONOTONIC};
  double tick = rt_timer_unit(&tsc);
  /* long rounds: the clock readings between them are not in the figures */
  const int n = 1 << 16;
  int64_t plain[CAL_ROUNDS];
  for (int r = 0; r < CAL_ROUNDS; r++)
    plain[r] = time_plain(&tsc, n);
  int clock = mode == RT_SAMPLE_CPU ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC;
  uint64_t samples0 = t->samples[mode], dropped0 = t->dropped[mode];
  int64_t sampled0 = t->sampled[mode], c0 = rt_clock_ns(clock), spent = 0, calls = 0;
  int64_t end = c0 + (int64_t)(seconds * 1e9);
  while (rt_clock_ns(clock) < end) {
    spent += time_hooked(&tsc, n);
    calls += n;
  }
  double clock_s = (double)(rt_clock_ns(clock) - c0) * 1e-9;
  int64_t sampled = t->sampled[mode] - sampled0;
  memset(s, 0, sizeof *s);
  s->source = rt_sampler_source_name(info.source);
  s->hz_requested = info.hz_requested;
  s->samples = t->samples[mode] - samples0;
  s->dropped = t->dropped[mode] - dropped0;
  s->seconds = clock_s;
  s->hz_achieved = clock_s > 0 ? (double)(s->samples + s->dropped) / clock_s : 0;
  s->in_hooks = s->samples + s->dropped ? (double)s->dropped / (double)(s->samples + s->dropped) : 0;
  s->plain_ns = (double)median(plain, CAL_ROUNDS) * tick * 1e9 / n;
  s->hooked_ns = (double)spent * tick * 1e9 / (double)calls;
  s->residual_ns = (double)sampled / (double)calls - s->plain_ns;
  cprof_profile_free(p);
  ret = 0;
out:
  atomic_store(&measuring, 0);
  return ret;
}

/* ---- figures in use ---------------------------------------------------- */

static void set_all(struct cprof_profile *p, int subcalls, const cprof_bias *b) {
  p->bias_inner[subcalls][0] = b->inner;
  p->bias_outer[subcalls][0] = b->outer;
  p->bias_inner[subcalls][1] = b->builtin_inner;
  p->bias_outer[subcalls][1] = b->builtin_outer;
}

static struct {
  _Atomic int loaded;
  int calibrate;
  int have_bias;
  cprof_bias bias;
} env;

/* CPROF_BIAS: 1, 2 or 4 non-negative decimal tick counts. */
static int parse_bias(const char *s, cprof_bias *b) {
  int64_t v[4];
  int n = 0;
  for (;;) {
    if (n == 4 || *s < '0' || *s > '9')
      return -1;
    errno = 0;
    char *end;
    long long x = strtoll(s, &end, 10);
    if (errno || x < 0)
      return -1;
    v[n++] = x;
    if (*end == '\0')
      break;
    if (*end != ',')
      return -1;
    s = end + 1;
  }
  if (n == 3)
    return -1;
  b->inner = v[0];
  b->outer = n >= 2 ? v[1] : v[0];
  b->builtin_inner = n == 4 ? v[2] : b->inner;
  b->builtin_outer = n == 4 ? v[3] : b->outer;
  return 0;
}

static void load_env(void) {
  if (atomic_load(&env.loaded))
    return;
  env.calibrate = 1;
  const char *v = secure_getenv("CPROF_CALIBRATE");
  if (v) {
    if (!strcmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false") ||
        !strcasecmp(v, "off"))
      env.calibrate = 0;
    else if (strcmp(v, "1") && strcasecmp(v, "yes") && strcasecmp(v, "true") &&
             strcasecmp(v, "on"))
      rt_warn("CPROF_CALIBRATE=%s is not 0 or 1; using 1", v);
  }
  v = secure_getenv("CPROF_BIAS");
  if (v) {
    if (parse_bias(v, &env.bias) == 0)
      env.have_bias = 1;
    else
      rt_warn("CPROF_BIAS=%s is not 1, 2 or 4 tick counts (INNER,OUTER[,BUILTIN_INNER,"
              "BUILTIN_OUTER]); measuring instead",
              v);
  }
  atomic_store(&env.loaded, 1);
}

#define CAL_KINDS (RT_TIMER_THREAD + 1)

/* Measured figures per built-in clock, both subcalls settings. */
static struct {
  int done, warned;
  cprof_bias bias[2];
} cache[CAL_KINDS];

static const cprof_clock clock_of_kind[CAL_KINDS] = {
    [RT_TIMER_TSC] = CPROF_CLOCK_WALL,
    [RT_TIMER_MONOTONIC] = CPROF_CLOCK_MONOTONIC,
    [RT_TIMER_PROCESS] = CPROF_CLOCK_PROCESS,
    [RT_TIMER_THREAD] = CPROF_CLOCK_THREAD,
};

static int measure_kind(enum rt_timer_kind k) {
  if (cache[k].done)
    return 0;
  /* the wall clock is the TSC only where usable; elsewhere it is monotonic */
  cprof_options o;
  cprof_options_init(&o);
  o.clock = clock_of_kind[k];
  for (int s = 0; s < 2; s++) {
    cprof_calibration c;
    o.subcalls = s;
    if (measure(&o, &c) != 0) {
      if (!cache[k].warned) {
        cache[k].warned = 1;
        rt_warn("calibration skipped (%s); profiled times are not corrected",
                errno == EBUSY ? "other threads run instrumented code"
                               : "out of memory");
      }
      return -1;
    }
    cache[k].bias[s] = c.bias;
  }
  cache[k].done = 1;
  return 0;
}

void rt_calibrate_ensure(struct cprof_profile *p) {
  if (p->bias_state)
    return;
  load_env();
  enum rt_timer_kind k = p->timer.kind;
  if (!env.calibrate || k >= CAL_KINDS) { /* off, or a custom timer */
    p->bias_state = 1;
    return;
  }
  if (env.have_bias && k == rt_process_profile()->timer.kind) {
    set_all(p, 0, &env.bias);
    set_all(p, 1, &env.bias);
    p->bias_state = 1;
    return;
  }
  if (measure_kind(k) != 0)
    return; /* uncorrected this time; tried again at the next enable */
  set_all(p, 0, &cache[k].bias[0]);
  set_all(p, 1, &cache[k].bias[1]);
  p->bias_state = 1;
}

int cprof_set_bias(cprof_profile *p, const cprof_bias *b) {
  cprof_bias zero = {0, 0, 0, 0};
  if (!b)
    b = &zero;
  if (b->inner < 0 || b->outer < 0 || b->builtin_inner < 0 || b->builtin_outer < 0) {
    errno = EINVAL;
    return -1;
  }
  if (!p)
    p = rt_process_profile();
  set_all(p, 0, b);
  set_all(p, 1, b);
  p->bias_state = 1;
  return 0;
}

int cprof_get_bias(cprof_profile *p, cprof_bias *b) {
  if (!p)
    p = rt_process_profile();
  rt_calibrate_ensure(p);
  int s = p->subcalls != 0;
  b->inner = p->bias_inner[s][0];
  b->outer = p->bias_outer[s][0];
  b->builtin_inner = p->bias_inner[s][1];
  b->builtin_outer = p->bias_outer[s][1];
  return 0;
}
