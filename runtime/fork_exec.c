/*
 * fork and exec, and dumps written before the end of the process.
 *
 * fork: the child starts with empty statistics, so that no call is counted
 * in two dumps. Its only thread keeps its shadow stack: the functions that
 * were running when fork was called (main, ..., the `fork` builtin) stay
 * open as callers, restarted at the moment of the fork, and each is counted
 * once in the child when it returns there (as in the parent). Everything
 * else the parent recorded, in any thread, is dropped from the child, and
 * the parent's other threads, which do not exist in the child, are marked
 * ended. The child writes its own dump at exit (%p in CPROF_FILE tells the
 * files apart; the default name has it).
 *
 * exec (exec_wrap.c, libcprof.so only): before the image is replaced, its
 * dump is written as at exit, every open frame counted as returning then, to
 * the CPROF_FILE path with ".exec" before ".prof" (the new image, same pid,
 * writes the plain name; an image that execs again gets .exec.1.prof, ...).
 * If exec fails, the frames are reopened exactly as they were and profiling
 * goes on; the dump then already written stays, and the exit dump (a
 * superset of it) is written as usual.
 */
#define _GNU_SOURCE
#include "robust.h"
#include "tree.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int start_dirfd = AT_FDCWD;
static const char *pattern;  /* CPROF_FILE, or the default */
static int explicit_pattern; /* CPROF_FILE was given: its dumps replace */
static pid_t my_pid;         /* this process, as seen by its own memory */

int rb_in_vfork_child(void) { return (pid_t)syscall(SYS_getpid) != my_pid; }

void rb_pause_all(rb_pause *ps) {
  ps->self = rt_self;
  ps->was_busy = ps->self ? ps->self->busy : 0;
  if (ps->self)
    ps->self->busy = RT_BUSY_HELD;
  ps->was_active = atomic_exchange(&rt_active, NULL);
  rt_publish_active();
  rt_quiesce();
}

void rb_resume(rb_pause *ps) {
  struct cprof_profile *expected = NULL;
  atomic_compare_exchange_strong(&rt_active, &expected, ps->was_active);
  rt_publish_active();
  if (ps->self)
    ps->self->busy = ps->was_busy;
}

/* ---- open frames closed for a dump, then reopened --------------------- */

typedef struct counters {
  uint64_t callcount, reccallcount;
  int64_t tt, it;
  uint32_t level;
} counters;

typedef struct saved_td {
  rt_tdata *td;
  size_t depth;
  rt_frame *frames;
  counters *recs, *edges; /* per frame */
  const struct cprof_func_desc *swallow;
} saved_td;

static void get_counters(counters *c, const rt_rec *r, const rt_edge *e) {
  if (r) {
    c->callcount = r->callcount;
    c->reccallcount = r->reccallcount;
    c->tt = r->tt;
    c->it = r->it;
    c->level = r->level;
  } else {
    c->callcount = e->callcount;
    c->reccallcount = e->reccallcount;
    c->tt = e->tt;
    c->it = e->it;
    c->level = e->level;
  }
}

static void set_counters(const counters *c, rt_rec *r, rt_edge *e) {
  if (r) {
    r->callcount = c->callcount;
    r->reccallcount = c->reccallcount;
    r->tt = c->tt;
    r->it = c->it;
    r->level = c->level;
  } else {
    e->callcount = c->callcount;
    e->reccallcount = c->reccallcount;
    e->tt = c->tt;
    e->it = c->it;
    e->level = c->level;
  }
}

static int save_td(rt_arena *a, saved_td *s, rt_tdata *td) {
  size_t n = td->depth;
  s->td = td;
  s->depth = n;
  s->swallow = td->swallow;
  s->frames = rt_arena_alloc(a, n * sizeof(rt_frame));
  s->recs = rt_arena_alloc(a, n * sizeof(counters));
  s->edges = rt_arena_alloc(a, n * sizeof(counters));
  if (!s->frames || !s->recs || !s->edges)
    return -1;
  memcpy(s->frames, td->stack, n * sizeof(rt_frame));
  for (size_t i = 0; i < n; i++) {
    if (!td->stack[i].rec)
      continue; /* a hidden frame (CPROF_MAX_DEPTH): no counters */
    get_counters(&s->recs[i], td->stack[i].rec, NULL);
    if (td->stack[i].edge)
      get_counters(&s->edges[i], NULL, td->stack[i].edge);
  }
  return 0;
}

/* Every value saved was read before any frame was closed, so restoring
 * them in any order gives the state before the flush back. */
static void restore_td(const saved_td *s) {
  rt_tdata *td = s->td;
  for (size_t i = 0; i < s->depth; i++) {
    if (!s->frames[i].rec)
      continue;
    set_counters(&s->recs[i], s->frames[i].rec, NULL);
    if (s->frames[i].edge)
      set_counters(&s->edges[i], NULL, s->frames[i].edge);
  }
  memcpy(td->stack, s->frames, s->depth * sizeof(rt_frame));
  td->depth = s->depth;
  td->swallow = s->swallow;
}

/* ---- writing ---------------------------------------------------------- */

static int has_calls(const cprof_stats *st) {
  for (size_t i = 0; i < st->n; i++)
    if (st->entries[i].nc)
      return 1;
  return 0;
}

/* `path` with `suffix` before a final ".prof" (or at the end). */
static int with_suffix(const char *path, const char *suffix, char *out, size_t outsz) {
  size_t len = strlen(path), stem = len;
  if (len >= 5 && !strcmp(path + len - 5, ".prof"))
    stem = len - 5;
  size_t sl = strlen(suffix);
  if (len + sl + 1 > outsz)
    return -1;
  memcpy(out, path, stem);
  memcpy(out + stem, suffix, sl);
  memcpy(out + stem + sl, path + stem, len - stem + 1);
  return 0;
}

typedef struct pending {
  cprof_stats *st;
  pid_t tid;
  int no_replace;
} pending;

static void write_pending(const pending *w, const char *suffix) {
  if (!w->st) {
    rt_warn("cannot write profile: out of memory");
    return;
  }
  if (has_calls(w->st)) {
    char path[4096], full[4096 + 64];
    if (rt_expand_pattern(pattern, path, sizeof path, w->tid, NULL) != 0 ||
        with_suffix(path, suffix, full, sizeof full) != 0)
      rt_warn("cannot write profile: CPROF_FILE pattern '%s' expands too long", pattern);
    else
      rt_dump_to_path(w->st, start_dirfd, full, w->no_replace);
  }
  cprof_stats_free(w->st);
}

void rb_write_process_dumps(const char *suffix, int flags, rb_pause *resume) {
  struct cprof_profile *p = rt_process_profile();
  rt_arena a = {0};
  size_t ntd = 0;
  for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof)
    ntd++;
  saved_td *saved = NULL;
  size_t nsaved = 0;
  if (flags & RB_KEEP_OPEN)
    saved = rt_arena_alloc(&a, (ntd + 1) * sizeof *saved);
  for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof) {
    if (!td->depth)
      continue;
    if (flags & RB_KEEP_OPEN) {
      /* no memory to save them: this thread's open frames are left out */
      if (!saved || save_td(&a, &saved[nsaved], td) != 0)
        continue;
      nsaved++;
    }
    rt_flush_frames(td);
  }
  /* Snapshots first: profiling resumes before the files are written. */
  int no_replace = (flags & RB_NO_REPLACE) || ((flags & RB_AS_AT_EXIT) && !explicit_pattern);
  int per_thread = rt_pattern_per_thread(pattern);
  pending one = {0}, *w = &one;
  size_t nw = 1;
  if (!per_thread) {
    one.st = rt_stats_build(p, NULL);
    one.no_replace = no_replace;
  } else if ((w = rt_arena_alloc(&a, (ntd + 1) * sizeof *w)) != NULL) {
    nw = 0;
    for (rt_tdata *td = atomic_load(&p->tdatas); td; td = td->next_in_prof) {
      int reused = 0; /* a thread id the kernel gave to a later thread */
      for (rt_tdata *o = td->next_in_prof; o; o = o->next_in_prof)
        reused |= o->thread->tid == td->thread->tid;
      w[nw].st = rt_stats_build(p, td);
      w[nw].tid = td->thread->tid;
      w[nw++].no_replace = no_replace || reused;
    }
  } else {
    w = &one; /* out of memory: one warning */
  }
  for (size_t i = 0; i < nsaved; i++)
    restore_td(&saved[i]);
  if (resume)
    rb_resume(resume);
  for (size_t i = 0; i < nw; i++)
    write_pending(&w[i], suffix);
  rt_arena_release(&a);
}

/* ---- fork ------------------------------------------------------------- */

static void zero_counts(rt_tdata *td) {
  if (!td->dir)
    return;
  uint32_t nids = rt_id_limit();
  for (uint32_t pg = 0; pg <= (nids - 1) >> RT_PAGE_BITS && pg < RT_DIR_SIZE; pg++) {
    rt_rec **page = td->dir[pg];
    if (!page)
      continue;
    for (uint32_t i = 0; i < RT_PAGE_SIZE; i++) {
      rt_rec *r = page[i];
      if (!r)
        continue;
      r->callcount = r->reccallcount = 0;
      r->tt = r->it = r->owed = 0;
      for (uint32_t k = 0; k < r->edge_cap; k++) {
        rt_edge *e = r->edges[k];
        if (e) {
          e->callcount = e->reccallcount = 0;
          e->tt = e->it = 0;
        }
      }
    }
  }
  rt_tree_zero(td);
  /* open frames restart now: the child's times are its own */
  if (td->depth) {
    int64_t now = rt_timer_read_for(&td->prof->timer, td->thread);
    for (size_t i = 0; i < td->depth; i++) {
      td->stack[i].t0 = now;
      td->stack[i].subt = 0;
    }
  }
  td->lost = 0;
}

static void atfork_child(void) {
  my_pid = (pid_t)syscall(SYS_getpid);
  rt_thread *self = rt_self;
  for (rt_thread *t = rt_thread_list(); t; t = t->next) {
    if (t == self)
      continue;
    for (rt_tdata *td = t->tds; td; td = td->next_in_thread)
      rt_tdata_reset(td);
    t->busy = 0;
    __atomic_store_n(&t->ended, 1, __ATOMIC_RELEASE);
  }
  if (self) {
    self->tid = (pid_t)syscall(SYS_gettid);
    self->cpu_clock_valid = pthread_getcpuclockid(pthread_self(), &self->cpu_clock) == 0;
    for (rt_tdata *td = self->tds; td; td = td->next_in_thread)
      zero_counts(td);
  }
  rt_sampler_after_fork();
  rb_signals_after_fork();
}

__attribute__((constructor(102))) static void rb_init(void) {
  /* An idle copy keeps my_pid at 0: the exec wrappers then take every
   * caller for a vfork child and go straight to the real function. */
  if (rt_runtime_idle())
    return;
  my_pid = (pid_t)syscall(SYS_getpid);
  const char *f = secure_getenv("CPROF_FILE");
  explicit_pattern = f && *f;
  pattern = explicit_pattern ? f : "cprof.%h.%p.prof";
  int fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    start_dirfd = fd;
  pthread_atfork(NULL, NULL, atfork_child);
  rb_signals_init();
}
