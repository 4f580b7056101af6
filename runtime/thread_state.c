/*
 * Per-thread state, all in one place.
 *
 * rt_thread   one per thread that ever ran a hook: the `busy` flag (set
 *             while a hook runs; makes hooks reentrancy-safe against signal
 *             handlers), stack bounds, the thread's tdata list. Kept after
 *             the thread ends (flagged `ended`), in a global lock-free list.
 * rt_tdata    one per (thread, profiler): shadow stack, records by id,
 *             arena. Pushed on the profiler's lock-free list; a snapshot
 *             merges all of them, ended threads included.
 *
 * Quiescing: a hook sets busy, then reloads rt_active, and only then
 * touches the active profiler's tdata. Whoever changes rt_active calls
 * rt_quiesce(): a process-wide memory barrier (membarrier(2), private
 * expedited; a short sleep where unavailable) followed by waiting until no
 * other thread is busy. After that no thread touches the old profiler's
 * data, which the caller may then read, flush or reset.
 */
#define _GNU_SOURCE
#include "rt.h"
#include "tree.h"

#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

__thread rt_thread *rt_self __attribute__((tls_model("initial-exec")));
struct cprof_profile *_Atomic rt_active;
/* cprof/abi.h: tested by instrumented code before each hook call. An
 * executable carrying libcprof.a and an idle libcprof.so both define it (the
 * executable's wins); AddressSanitizer's one-definition check is told so. */
#if defined(__clang__)
__attribute__((no_sanitize("address")))
#endif
__attribute__((visibility("default"))) uint8_t __cprof_active;

static uint8_t active_bits(const struct cprof_profile *p) {
  if (!p)
    return 0;
  return CPROF_ACTIVE_FUNCTIONS | (p->builtins ? CPROF_ACTIVE_BUILTINS : 0);
}

/* Two publishers racing (enable here, disable there) each check, after
 * storing, that what they stored still holds; the later one fixes it. So the
 * byte ends up describing the last rt_active. A stale "on" only costs hook
 * calls that return at once; a stale "off" would lose calls, hence the loop. */
void rt_publish_active(void) {
  for (;;) {
    struct cprof_profile *p = atomic_load(&rt_active);
    uint8_t bits = active_bits(p);
    __atomic_store_n(&__cprof_active, bits, __ATOMIC_SEQ_CST);
    if (atomic_load(&rt_active) == p && active_bits(p) == bits)
      return;
  }
}

static rt_thread *_Atomic all_threads;
static _Atomic uint64_t thread_seq;
static pthread_key_t thread_key;
static int thread_key_ok;
static int membarrier_ok;

rt_thread *rt_thread_list(void) { return atomic_load_explicit(&all_threads, memory_order_acquire); }

static void thread_end(void *arg);

/* Called once from rt_init (single-threaded start-up, or first hook). */
static void thread_global_init(void) {
  if (!thread_key_ok && pthread_key_create(&thread_key, thread_end) == 0)
    thread_key_ok = 1;
#ifdef SYS_membarrier
  long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0);
  if (cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
      syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) == 0)
    membarrier_ok = 1;
#endif
}

void rt_threads_init(void) { thread_global_init(); }

rt_thread *rt_thread_self_slow(void) {
  rt_thread *t = rt_self;
  if (t)
    return t;
  int saved_errno = errno;
  t = rt_map(sizeof *t);
  if (!t)
    return NULL;
  t->tid = (pid_t)syscall(SYS_gettid);
  t->seq = atomic_fetch_add(&thread_seq, 1);
  t->stack_lo = 0;
  t->stack_hi = UINTPTR_MAX;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void *addr;
    size_t size;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0 && size) {
      t->stack_lo = (uintptr_t)addr;
      t->stack_hi = (uintptr_t)addr + size;
    }
    pthread_attr_destroy(&attr);
  }
  t->cpu_clock_valid = pthread_getcpuclockid(pthread_self(), &t->cpu_clock) == 0;
  rt_thread *head = atomic_load_explicit(&all_threads, memory_order_relaxed);
  do
    t->next = head;
  while (!atomic_compare_exchange_weak_explicit(&all_threads, &head, t, memory_order_release,
                                                memory_order_relaxed));
  rt_self = t;
  if (thread_key_ok)
    pthread_setspecific(thread_key, t);
  rt_sampler_thread_begin(t);
  errno = saved_errno;
  return t;
}

/* Thread exit (TLS destructor): close the thread's open frames now. The
 * thread stays busy for good, so hooks run by later destructors are
 * ignored. */
static void thread_end(void *arg) {
  rt_thread *t = arg;
  t->busy = RT_BUSY_HELD; /* for good: no later event may take over */
  atomic_signal_fence(memory_order_seq_cst);
  struct cprof_profile *p = atomic_load_explicit(&rt_active, memory_order_relaxed);
  if (p) {
    for (rt_tdata *td = t->tds; td; td = td->next_in_thread)
      if (td->prof == p) {
        rt_flush_frames(td);
        /* nothing is pushed on it any more: keep only the records */
        rt_unmap(td->stack, td->cap * sizeof(rt_frame));
        td->stack = NULL;
        td->cap = 0;
      }
  }
  rt_sampler_thread_end(t);
  __atomic_store_n(&t->ended, 1, __ATOMIC_RELEASE);
}

static const size_t initial_stack = 1024;

rt_tdata *rt_tdata_for(rt_thread *t, struct cprof_profile *p) {
  for (rt_tdata *td = t->tds; td; td = td->next_in_thread)
    if (td->prof == p) {
      t->cur = td;
      return td;
    }
  rt_tdata *td = rt_map(sizeof *td);
  if (!td)
    return NULL;
  td->dir = rt_map(RT_DIR_SIZE * sizeof(rt_rec **));
  td->stack = rt_map(initial_stack * sizeof(rt_frame));
  if (!td->dir || !td->stack) {
    rt_unmap(td->dir, RT_DIR_SIZE * sizeof(rt_rec **));
    rt_unmap(td->stack, initial_stack * sizeof(rt_frame));
    rt_unmap(td, sizeof *td);
    return NULL;
  }
  td->cap = initial_stack;
  td->prof = p;
  td->thread = t;
  td->next_in_thread = t->tds;
  t->tds = td;
  rt_tdata *head = atomic_load_explicit(&p->tdatas, memory_order_relaxed);
  do
    td->next_in_prof = head;
  while (!atomic_compare_exchange_weak_explicit(&p->tdatas, &head, td, memory_order_release,
                                                memory_order_relaxed));
  t->cur = td;
  return td;
}

int rt_tdata_grow_stack(rt_tdata *td) {
  size_t ncap = td->cap * 2;
  rt_frame *s = rt_remap(td->stack, td->cap * sizeof(rt_frame), ncap * sizeof(rt_frame));
  if (!s)
    return -1;
  td->stack = s;
  td->cap = ncap;
  return 0;
}

rt_rec *rt_rec_slow(rt_tdata *td, struct cprof_func_desc *d, uint32_t id) {
  if (id == 0 || id >= RT_MAX_IDS)
    return NULL;
  rt_rec **page = td->dir[id >> RT_PAGE_BITS];
  if (!page) {
    page = rt_arena_alloc(&td->arena, RT_PAGE_SIZE * sizeof(rt_rec *));
    if (!page)
      return NULL;
    td->dir[id >> RT_PAGE_BITS] = page;
  }
  rt_rec *r = page[id & (RT_PAGE_SIZE - 1)];
  if (r)
    return r;
  r = rt_arena_alloc(&td->arena, sizeof *r);
  if (!r)
    return NULL;
  r->id = id;
  r->is_builtin = (d->flags & CPROF_DESC_BUILTIN) != 0;
  page[id & (RT_PAGE_SIZE - 1)] = r;
  return r;
}

static int edge_table_grow(rt_tdata *td, rt_rec *c) {
  uint32_t ncap = c->edge_cap ? c->edge_cap * 2 : 4;
  rt_edge **tab = rt_arena_alloc(&td->arena, ncap * sizeof(rt_edge *));
  if (!tab)
    return -1;
  for (uint32_t i = 0; i < c->edge_cap; i++) {
    rt_edge *e = c->edges[i];
    if (!e)
      continue;
    uint32_t h = rt_edge_hash(e->callee, ncap - 1);
    while (tab[h])
      h = (h + 1) & (ncap - 1);
    tab[h] = e;
  }
  /* The old table stays in the arena (at most as big as the new one). */
  c->edges = tab;
  c->edge_cap = ncap;
  return 0;
}

rt_edge *rt_edge_slow(rt_tdata *td, rt_rec *c, uint32_t callee) {
  rt_edge *found = rt_edge_find(c, callee);
  if (found)
    return found;
  if ((c->nedges + 1) * 4 > c->edge_cap * 3 && edge_table_grow(td, c) != 0)
    return NULL;
  rt_edge *e = rt_arena_alloc(&td->arena, sizeof *e);
  if (!e)
    return NULL;
  e->callee = callee;
  uint32_t mask = c->edge_cap - 1;
  uint32_t h = rt_edge_hash(callee, mask);
  while (c->edges[h])
    h = (h + 1) & mask;
  c->edges[h] = e;
  c->nedges++;
  return c->last = e;
}

void rt_tdata_reset(rt_tdata *td) {
  rt_tree_reset(td);
  rt_arena_release(&td->arena);
  if (td->dir) {
    rt_unmap(td->dir, RT_DIR_SIZE * sizeof(rt_rec **));
    td->dir = rt_map(RT_DIR_SIZE * sizeof(rt_rec **));
  }
  td->depth = 0;
  td->swallow = NULL;
  td->lost = 0;
}

void rt_quiesce(void) {
  int saved_errno = errno;
  if (membarrier_ok) {
    if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) != 0)
      membarrier_ok = 0;
  }
  if (!membarrier_ok) {
    atomic_thread_fence(memory_order_seq_cst);
    /* Without membarrier, give other CPUs' store buffers time to drain. */
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  rt_thread *self = rt_self;
  for (rt_thread *t = rt_thread_list(); t; t = t->next) {
    if (t == self)
      continue;
    /* A thread busy for more than ~0.2 s is stuck (stopped by a debugger,
     * or its hook was left by a longjmp out of a signal handler and it has
     * not run another since):
     * give up waiting for it rather than hang the caller. */
    for (long spins = 0; t->busy && !__atomic_load_n(&t->ended, __ATOMIC_ACQUIRE); spins++) {
      if (spins < 1000) {
        __asm__ __volatile__("" ::: "memory");
        continue;
      }
      if (spins > 1000 + 2000)
        break;
      struct timespec ts = {0, 100000};
      nanosleep(&ts, NULL);
    }
  }
  atomic_thread_fence(memory_order_acquire);
  errno = saved_errno;
}
