/* The public API of cprof.h (cProfile.Profile's methods). */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

void cprof_options_init(cprof_options *o) {
  memset(o, 0, sizeof *o);
  o->clock = CPROF_CLOCK_WALL;
  o->subcalls = 1;
  o->builtins = 1;
}

void rt_profile_init(struct cprof_profile *p, const cprof_options *o) {
  memset(p, 0, sizeof *p);
  p->subcalls = o->subcalls != 0;
  p->builtins = o->builtins != 0;
  p->max_depth = rt_max_depth;
  rt_timer *t = &p->timer;
  if (o->timer_int) {
    t->kind = RT_TIMER_INT;
    t->int_fn = o->timer_int;
    t->ctx = o->timer_ctx;
    t->unit = o->timeunit;
  } else if (o->timer_float) {
    t->kind = RT_TIMER_FLOAT;
    t->float_fn = o->timer_float;
    t->ctx = o->timer_ctx;
  } else {
    switch (o->clock) {
    case CPROF_CLOCK_MONOTONIC:
      t->kind = RT_TIMER_MONOTONIC;
      break;
    case CPROF_CLOCK_PROCESS:
      t->kind = RT_TIMER_PROCESS;
      break;
    case CPROF_CLOCK_THREAD:
      t->kind = RT_TIMER_THREAD;
      break;
    case CPROF_CLOCK_SAMPLED:
    case CPROF_CLOCK_SAMPLED_WALL:
      t->kind = RT_TIMER_SAMPLED;
      t->sample_mode = o->clock == CPROF_CLOCK_SAMPLED ? RT_SAMPLE_CPU : RT_SAMPLE_WALL;
      t->sample_hz = o->sample_hz;
      break;
    default:
      t->kind = rt_tsc_usable() ? RT_TIMER_TSC : RT_TIMER_MONOTONIC;
      break;
    }
  }
}

void cprof_sample(cprof_clock clock, int64_t ns) {
  rt_thread *t = rt_self;
  if (!t || ns <= 0 || (clock != CPROF_CLOCK_SAMPLED && clock != CPROF_CLOCK_SAMPLED_WALL))
    return;
  rt_sample_land(t, clock == CPROF_CLOCK_SAMPLED ? RT_SAMPLE_CPU : RT_SAMPLE_WALL, ns);
}

static struct cprof_profile *resolve(cprof_profile *p) { return p ? p : rt_process_profile(); }

cprof_profile *cprof_process_profile(void) { return rt_process_profile(); }

cprof_profile *cprof_profile_new(const cprof_options *o) {
  cprof_options d;
  if (!o) {
    cprof_options_init(&d);
    o = &d;
  }
  if ((o->timer_int && o->timer_float) || o->timeunit < 0 || o->timeunit != o->timeunit ||
      (unsigned)o->clock > CPROF_CLOCK_SAMPLED_WALL ||
      o->sample_hz < CPROF_SAMPLE_EXTERNAL) {
    errno = EINVAL;
    return NULL;
  }
  rt_init();
  struct cprof_profile *p = rt_map(sizeof *p);
  if (!p) {
    errno = ENOMEM;
    return NULL;
  }
  rt_profile_init(p, o);
  return p;
}

int cprof_is_enabled(const cprof_profile *p) {
  return resolve((cprof_profile *)p)->enabled;
}

int cprof_enable(cprof_profile *p) {
  p = resolve(p);
  if (p->enabled)
    return 0;
  rt_init();
  if (p->timer.kind == RT_TIMER_SAMPLED && p->timer.sample_hz != CPROF_SAMPLE_EXTERNAL &&
      rt_sampler_start(p->timer.sample_mode, p->timer.sample_hz) != 0) {
    /* the sampler said why; the deterministic wall clock takes over */
    p->timer.kind = rt_tsc_usable() ? RT_TIMER_TSC : RT_TIMER_MONOTONIC;
    p->bias_state = 0;
  }
  rt_calibrate_ensure(p);
  struct cprof_profile *prev = atomic_load(&rt_active);
  p->prev_active = prev;
  p->enabled = 1;
  atomic_store(&rt_active, p);
  rt_publish_active();
  return 0;
}

int cprof_enable_with(cprof_profile *p, int subcalls, int builtins) {
  p = resolve(p);
  if (subcalls >= 0)
    p->subcalls = subcalls != 0;
  if (builtins >= 0)
    p->builtins = builtins != 0;
  if (p->enabled)
    rt_publish_active(); /* the builtins bit of an active profiler */
  return cprof_enable(p);
}

void rt_profile_stop(struct cprof_profile *p) {
  if (!p->enabled)
    return;
  p->enabled = 0;
  struct cprof_profile *active = atomic_load(&rt_active);
  if (active == p) {
    struct cprof_profile *prev = p->prev_active;
    while (prev && !prev->enabled)
      prev = prev->prev_active;
    atomic_store(&rt_active, prev);
    rt_publish_active();
  }
  /* Profilers that p had suspended are resumed; those that suspended p
   * skip it when they are disabled (it is no longer enabled). */
  rt_thread *self = rt_self;
  uintptr_t was_busy = self ? self->busy : 0;
  if (self)
    self->busy = RT_BUSY_HELD;
  rt_quiesce();
  for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof)
    rt_flush_frames(td);
  if (self)
    self->busy = was_busy;
}

void cprof_disable(cprof_profile *p) { rt_profile_stop(resolve(p)); }

/* Discard what p recorded, and switch its tree on or off (tree >= 0),
 * with no hook of any thread inside p's data. */
static void clear_and_set_tree(struct cprof_profile *p, int tree) {
  rt_thread *self = rt_self;
  uintptr_t was_busy = self ? self->busy : 0;
  if (self)
    self->busy = RT_BUSY_HELD;
  int active = atomic_load(&rt_active) == p;
  if (active) {
    atomic_store(&rt_active, NULL);
    rt_publish_active();
  }
  rt_quiesce();
  for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof)
    rt_tdata_reset(td);
  if (tree >= 0)
    p->tree = tree != 0;
  if (active) {
    atomic_store(&rt_active, p);
    rt_publish_active();
  }
  if (self)
    self->busy = was_busy;
}

void cprof_clear(cprof_profile *p) { clear_and_set_tree(resolve(p), -1); }

int cprof_set_tree(cprof_profile *p, int on) {
  clear_and_set_tree(resolve(p), on != 0);
  return 0;
}

int cprof_get_tree(const cprof_profile *p) {
  return (p ? p : rt_process_profile())->tree;
}

void cprof_profile_free(cprof_profile *p) {
  if (!p || p == rt_process_profile())
    return;
  rt_profile_stop(p);
  for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof) {
    rt_tdata_reset(td);
    rt_unmap(td->dir, RT_DIR_SIZE * sizeof(rt_rec **));
    rt_unmap(td->stack, td->cap * sizeof(rt_frame));
    td->dir = NULL;
    td->stack = NULL;
    td->cap = 0;
  }
  /* The profiler's small struct and its per-thread headers stay mapped:
   * threads may still hold pointers to them, and keeping the address
   * unique means a stale pointer can never match a new profiler. */
}

cprof_stats *cprof_snapshot(cprof_profile *p) {
  p = resolve(p);
  rt_profile_stop(p);
  return rt_stats_build(p, NULL);
}

int cprof_stats_dump(const cprof_stats *s, const char *path) {
  return rt_dump_to_path(s, AT_FDCWD, path, 0);
}

int cprof_dump_stats(cprof_profile *p, const char *path) {
  cprof_stats *s = cprof_snapshot(p);
  if (!s) {
    rt_warn("cannot write profile '%s': out of memory", path);
    return -1;
  }
  int r = cprof_stats_dump(s, path);
  cprof_stats_free(s);
  return r;
}

void *cprof_runcall(cprof_profile *p, void *(*func)(void *), void *arg) {
  cprof_enable(p);
  void *r = func(arg);
  cprof_disable(p);
  return r;
}

struct cprof__with cprof__with_enter(cprof_profile *p) {
  cprof_enable(p);
  struct cprof__with w = {p, 1};
  return w;
}

void cprof__with_leave(struct cprof__with *w) { cprof_disable(w->p); }
