/*
 * The hot path: __cprof_enter / __cprof_exit / __cprof_builtin_enter /
 * __cprof_builtin_exit, doing _lsprof's accounting (pstats-format.md 2.2,
 * 2.3) on the calling thread's shadow stack.
 *
 * Cost model. Disabled (no active profiler): instrumented code does not
 * call the hooks at all (it tests the __cprof_active byte, cprof/abi.h);
 * code that calls them anyway meets a frameless stub (hook_stub below) that
 * loads rt_active, tests it and returns. Enabled: the stub passes its own
 * stack pointer to the implementation in a tail jump; the usual event then
 * takes an initial-exec TLS load, the `busy` word (plain stores: it only
 * guards against signal handlers on this thread),
 * the record by desc->id in a two-level table, the edge through a
 * one-entry cache in the caller's record (or the first slot of its hash
 * table), and one rdtsc (a load with a sampled timer), with no call and no
 * spilled register. Anything
 * else (first meeting of a function or an edge, repairs, absorbed
 * builtins, a full shadow stack, other clocks) leaves the fast path for the
 * general one, which handles every case. No lock, no system call; memory is
 * taken (mmap) only when the thread first meets a function or an edge, or
 * the shadow stack must grow.
 *
 * Timer positions are cProfile's: enter reads the timer last, exit first.
 * All tick arithmetic is in account(), the one place where a per-event
 * bias (calibration) is subtracted.
 *
 * Skipped exits (longjmp, exceptions caught higher up, siglongjmp from a
 * handler). Each frame records `sp`, the calling function's stack pointer
 * at the call of the hook, minus a constant (see the hooks at the end of
 * this file: `cur` of an event). The stack grows down
 * and every live frame was entered from an address at or above the current
 * one, so at any event from `cur`, frames with sp < cur are dead. (Not
 * sp <= cur: a callee inlined after instrumentation calls its hooks from its
 * caller's frame, at the caller's address; repair() tells the frames at
 * sp == cur that are dead at an entry.) Dead frames are closed (counted,
 * with the time up to now, like the flush of disable) before the event is
 * handled. A dead frame can outlive the jump until the next event from the
 * function that caught it, at the latest. Repairs only happen when `cur` is
 * inside the thread's stack (an alternate signal stack or a coroutine stack
 * elsewhere never triggers one). An exit that still does not match the top
 * frame is matched against the nearest open frame of the same function (the
 * frames above it are closed); an exit of a function with no open frame
 * (running before the profiler was enabled, or already closed by a flush)
 * is ignored. Nothing here touches the program's own stack or unwinding.
 *
 * Builtins. A builtin frame stands for a call of an uninstrumented callee.
 * If an instrumented function is entered while the top frame is a builtin
 * frame with the same address, the call went to a function instrumented in
 * another translation unit: the builtin frame is dropped (uncounted) and the
 * function's frame is marked RT_FRAME_ABSORBED, so that its caller's
 * matching builtin exit is ignored; the builtin descriptor learns that its
 * callee is instrumented, and its call sites stop calling the builtin hooks
 * (one pair of hooks per call: docs/cross-file-calls.md). Other builtin frames stay on the stack as
 * callers (qsort -> comparison function, as cProfile's sorted -> key).
 */
#include "rt.h"
#include "tree.h"

#define HOOK_SP() ((uintptr_t)__builtin_frame_address(0))

/* All of the hooks' code, the stubs included, lives in one section, whose
 * bounds tell a CPU sample that it interrupted a hook even before the hook
 * claimed the thread or after it released it (sampler.c). */
#define HOOK_TEXT __attribute__((section(RT_HOOK_SECTION)))

static inline __attribute__((always_inline)) void account(struct cprof_profile *p, rt_tdata *td,
                                                         int64_t now) {
  /* Locals for everything read more than once: the library is built with
   * -fno-strict-aliasing, so each store below would force a reload. */
  size_t depth = --td->depth;
  rt_frame *f = &td->stack[depth];
  /* beyond CPROF_MAX_DEPTH: its time stays in its caller's own time */
  if (UNLIKELY(f->flags & RT_FRAME_HIDDEN))
    return;
  rt_rec *r = f->rec;
  int subcalls = p->subcalls;
  /* Calibration (calibrate.c): the hooks' `inner` ticks are removed from
   * this call's own interval, their `outer` ticks from the caller's inline
   * time (subt counts them as part of the child), and cumulative times are
   * rebuilt from corrected parts (csub), so none is ever negative. With no
   * bias and a monotonic timer this is exactly cProfile's accounting.
   * The hooks' cost varies from call to call around the figures, so a call
   * doing less work than that variation can come out below 0: it counts 0
   * and the difference is owed by the function (r->owed), taken from its
   * next calls' times. Clamping alone would only ever add: a function of a
   * few ticks per call would come out several ticks per call too high. */
  int64_t raw = now - f->t0;
  /* builtin or not from the frame (hot), not from the record */
  unsigned kind = (f->flags & RT_FRAME_BUILTIN) != 0;
  int64_t x = raw - f->subt - p->bias_inner[subcalls][kind] + r->owed;
  /* Without a branch: in functions of a few ticks per call the sign of x
   * is unpredictable, and a mispredicted branch here would cost more than
   * the store (measured: recursion +6 ticks per call with a branch). */
  int64_t neg = x & -(int64_t)(x < 0); /* x if below 0, else 0 */
  r->owed = neg;
  int64_t inl = x - neg;
  int64_t total = inl + f->csub;
  if (depth) {
    rt_frame *up = f - 1;
    up->subt += raw + p->bias_outer[subcalls][kind];
    up->csub += total;
  }
  if (--r->level == 0)
    r->tt += total;
  else
    r->reccallcount++;
  r->it += inl;
  r->callcount++;
  rt_edge *e = f->edge;
  if (e) {
    if (--e->level == 0)
      e->tt += total;
    else
      e->reccallcount++;
    e->it += inl;
    e->callcount++;
  }
  if (UNLIKELY(p->tree))
    rt_tree_account(td, f->node, inl, total);
  if (UNLIKELY(f->flags & RT_FRAME_ABSORBED))
    td->swallow = f->desc;
}

HOOK_TEXT static inline int in_stack(const rt_thread *t, uintptr_t sp) {
  return sp >= t->stack_lo && sp < t->stack_hi;
}

/* Close the frames above depth `keep` at time `now`. */
HOOK_TEXT static void close_down_to(struct cprof_profile *p, rt_tdata *td, size_t keep, int64_t now) {
  while (td->depth > keep)
    account(p, td, now);
}

/* How far into a function its entry hook is called, at most (prologue,
 * argument spills at -O0, sanitizer set-up): see repair(). Only an upper
 * bound: a return address in the frame owner's code is told apart by the
 * owner's address, not by this window. */
#define RT_ENTRY_HOOK_WINDOW 4096

/* At the entry of `entering` (a builtin when ra == 0): close dead frames,
 * those with sp < cur, and then the frames at exactly `cur` if they are
 * dead too. Frames at `cur` share one physical frame: the lowest of them, P,
 * owns it, the others were inlined into it (their hooks run in P's frame).
 * They are all P's live frames (the entered function is being inlined into
 * P as well) unless:
 *   - the top one is the entered function itself (never inlined into
 *     itself): an activation left by longjmp, re-entered from the same
 *     place (a setjmp loop); it alone is closed;
 *   - the entered function F has a frame of its own: its entry hook returns
 *     to just past F's start (desc->addr), within RT_ENTRY_HOOK_WINDOW bytes,
 *     and not into P's code (P does not start between F's start and the
 *     return address). Then P is a sibling left by longjmp with the same
 *     frame size; P and everything inlined into it are closed. */
HOOK_TEXT static void repair(struct cprof_profile *p, rt_thread *t, rt_tdata *td, uintptr_t cur,
                   const struct cprof_func_desc *entering, uintptr_t ra) {
  if (!in_stack(t, cur))
    return;
  size_t d = td->depth;
  while (d && td->stack[d - 1].sp < cur)
    d--;
  if (ra && d && td->stack[d - 1].sp == cur) {
    size_t j = d - 1;
    while (j && td->stack[j - 1].sp == cur)
      j--;
    uintptr_t f = (uintptr_t)entering->addr, owner = (uintptr_t)td->stack[j].desc->addr;
    if (f && ra - f < RT_ENTRY_HOOK_WINDOW && !(owner > f && owner <= ra))
      d = j;
    else if (td->stack[d - 1].desc == entering)
      d--;
  }
  if (d < td->depth)
    close_down_to(p, td, d, rt_timer_read(&p->timer));
}

HOOK_TEXT void rt_flush_frames(rt_tdata *td) {
  struct cprof_profile *p = td->prof;
  rt_thread *t = td->thread;
  while (td->depth) {
    int64_t now = rt_timer_read_for(&p->timer, t);
    /* The CPU clock of a thread that has ended cannot be read (and a custom
     * timer may go backwards): never close a frame before its last reading. */
    const rt_frame *f = &td->stack[td->depth - 1];
    if (now < f->t0 + f->subt)
      now = f->t0 + f->subt;
    account(p, td, now);
  }
}

/* ---- claiming the thread ------------------------------------------------
 * Every event first sets `busy` to its `cur`, and only then reads rt_active
 * and touches the profiler's data (quiescing, thread_state.c). An event is
 * ignored when the thread is inside a hook already (a signal handler
 * interrupted it), held (RT_BUSY_HELD), or ended. A hook left for good by a
 * longjmp out of such a handler is recognised by the next event coming from
 * above that hook's frame (its `cur`, still in `busy`); that event takes over
 * (the abandoned event may be lost or skewed, nothing else). */

HOOK_TEXT static inline void claim(rt_thread *t, uintptr_t cur) {
  t->busy = cur;
  atomic_signal_fence(memory_order_seq_cst);
}

HOOK_TEXT static inline void release(rt_thread *t) {
  atomic_signal_fence(memory_order_seq_cst);
  t->busy = 0;
}

/* The calling thread, claimed; NULL when the event is to be ignored. For
 * events the fast path does not claim itself: no thread state yet, or busy. */
HOOK_TEXT static __attribute__((noinline)) rt_thread *claim_slow(uintptr_t cur) {
  rt_thread *t = rt_self;
  if (!t) {
    t = rt_thread_self_slow();
    if (!t)
      return NULL;
  }
  uintptr_t b = t->busy;
  if (b && (b == RT_BUSY_HELD || cur < b || !in_stack(t, cur))) /* nested events run below */
    return NULL;
  claim(t, cur);
  return t;
}

/* For a claimed thread: its data for the active profiler, or NULL (none
 * active, or no memory). */
HOOK_TEXT static inline rt_tdata *active_tdata(rt_thread *t, struct cprof_profile **pp) {
  struct cprof_profile *p = atomic_load_explicit(&rt_active, memory_order_relaxed);
  if (!p)
    return NULL;
  rt_tdata *td = t->cur;
  if (UNLIKELY(!td || td->prof != p))
    td = rt_tdata_for(t, p);
  *pp = p;
  return td;
}

/* Start of both fast paths. FAST_UNCLAIMED: the thread has no state yet or
 * is busy (claim_slow decides); FAST_GENERAL: claimed (*tp), but not the
 * usual case (no profiler, another profiler's data, another clock);
 * FAST_OK: claimed, *pp active on the TSC or a sampled timer, *tdp the
 * thread's data for it. */
enum { FAST_UNCLAIMED, FAST_GENERAL, FAST_OK };

/* The fast paths' clock reading: rdtsc, or the thread's sampled time. */
static inline __attribute__((always_inline)) int64_t fast_now(const struct cprof_profile *p,
                                                             const rt_thread *t) {
  if (LIKELY(p->timer.kind == RT_TIMER_TSC))
    return (int64_t)rt_rdtsc();
  return __atomic_load_n(&t->sampled[p->timer.sample_mode], __ATOMIC_RELAXED);
}

static inline __attribute__((always_inline)) int fast_begin(uintptr_t cur, rt_thread **tp,
                                                            struct cprof_profile **pp,
                                                            rt_tdata **tdp) {
  rt_thread *t = rt_self;
  if (UNLIKELY(!t || t->busy))
    return FAST_UNCLAIMED;
  claim(t, cur);
  *tp = t;
  struct cprof_profile *p = atomic_load_explicit(&rt_active, memory_order_relaxed);
  rt_tdata *td = t->cur;
  /* (td->prof is never NULL: this also tells that no profiler is active) */
  if (UNLIKELY(!td || td->prof != p || !((1u << p->timer.kind) & RT_FAST_TIMER_KINDS)))
    return FAST_GENERAL;
  *pp = p;
  *tdp = td;
  return FAST_OK;
}

/* ---- entry --------------------------------------------------------------- */

/* A call through builtin descriptor b landed in an instrumented function:
 * b's call sites (ABI 3) now call it without builtin hooks (cprof/abi.h,
 * docs/cross-file-calls.md). Tested before the locked or: older call sites
 * keep coming here on every call. */
static inline void learn_callee_instrumented(struct cprof_func_desc *b) {
  if (!(__atomic_load_n(&b->flags, __ATOMIC_RELAXED) & CPROF_DESC_RT_CALLEE_INSTRUMENTED))
    __atomic_fetch_or(&b->flags, CPROF_DESC_RT_CALLEE_INSTRUMENTED, __ATOMIC_RELAXED);
}

/* Drop the builtin frame on top, uncounted; returns its edge (from the
 * frame under it), or NULL. */
HOOK_TEXT static rt_edge *drop_absorbed_builtin(rt_tdata *td) {
  rt_frame *b = &td->stack[--td->depth];
  learn_callee_instrumented(b->desc);
  b->rec->level--;
  if (b->edge)
    b->edge->level--;
  if (b->node)
    td->nodes[b->node].level--;
  return b->edge;
}

/* The edge caller -> callee of an entry that absorbed a builtin frame whose
 * edge was `via` (caller -> builtin; NULL if none): the builtin edge keeps a
 * link to it, so that the caller's one-entry cache stays on the builtin edge
 * (every such call meets both). NULL: no memory. */
HOOK_TEXT static rt_edge *absorbed_edge(rt_tdata *td, rt_rec *caller, uint32_t callee, rt_edge *via) {
  if (via && via->absorbed && via->absorbed->callee == callee)
    return via->absorbed;
  rt_edge *keep = caller->last;
  rt_edge *e = rt_edge_slow(td, caller, callee);
  if (keep)
    caller->last = keep;
  if (via)
    via->absorbed = e;
  return e;
}

HOOK_TEXT static inline int records_edge(const struct cprof_profile *p, const struct cprof_func_desc *d) {
  return p->subcalls && !(d->flags & CPROF_DESC_NO_SUBCALLS);
}

/* Open a frame for d on td (room checked; `node` counted open already);
 * the caller reads the timer last, into the frame's t0. */
static inline __attribute__((always_inline)) rt_frame *push_frame(rt_tdata *td, rt_rec *r,
                                                                  rt_edge *e,
                                                                  struct cprof_func_desc *d,
                                                                  uintptr_t cur, uint32_t flags,
                                                                  uint32_t node) {
  rt_frame *f = &td->stack[td->depth];
  f->node = node;
  if (e)
    e->level++;
  r->level++;
  f->rec = r;
  f->edge = e;
  f->desc = d;
  f->subt = 0;
  f->csub = 0;
  f->sp = cur;
  f->flags = flags;
  td->depth++;
  return f;
}

/* An entry deeper than p->max_depth: a frame that only keeps the stack's
 * shape (exits and repairs match it), recording nothing. */
static void enter_hidden(rt_tdata *td, struct cprof_func_desc *d, uintptr_t cur,
                         uint32_t flags) {
  if (UNLIKELY(td->depth == td->cap) && rt_tdata_grow_stack(td) != 0) {
    td->lost++;
    return;
  }
  rt_frame *f = &td->stack[td->depth++];
  f->rec = NULL;
  f->edge = NULL;
  f->desc = d;
  f->t0 = f->subt = f->csub = 0;
  f->sp = cur;
  f->flags = flags | RT_FRAME_HIDDEN;
}

/* Any entry, the thread claimed. */
HOOK_TEXT static __attribute__((noinline)) void enter_general(rt_thread *t, struct cprof_func_desc *d,
                                                    int builtin, uintptr_t cur, uintptr_t ra) {
  struct cprof_profile *p;
  rt_tdata *td = active_tdata(t, &p);
  if (!td || (builtin && !p->builtins))
    goto out;
  uint32_t id = rt_desc_id(d);
  if (UNLIKELY(id - 1 >= RT_MAX_IDS - 1)) {
    td->lost++;
    goto out;
  }
  /* filtered out (filter.c): as if inlined into its caller */
  if (__atomic_load_n(&d->flags, __ATOMIC_RELAXED) & CPROF_DESC_RT_IGNORED)
    goto out;
  uint32_t flags = builtin ? RT_FRAME_BUILTIN : 0;
  rt_edge *via = NULL; /* the edge of an absorbed builtin frame */
  td->swallow = NULL; /* only the event right after an absorbed exit uses it */
  if (td->depth) {
    rt_frame *top = &td->stack[td->depth - 1];
    if (top->sp < cur || (!builtin && top->sp == cur))
      repair(p, t, td, cur, d, builtin ? 0 : ra);
  }
  if (UNLIKELY(td->depth >= p->max_depth)) {
    enter_hidden(td, d, cur, flags);
    goto out;
  }
  rt_rec *r = rt_rec_find(td, id);
  if (UNLIKELY(!r)) {
    r = rt_rec_slow(td, d, id);
    if (!r) {
      td->lost++;
      goto out;
    }
  }
  if (!builtin && td->depth) {
    rt_frame *top = &td->stack[td->depth - 1];
    if ((top->flags & RT_FRAME_BUILTIN) && top->desc->addr == d->addr && d->addr) {
      via = drop_absorbed_builtin(td);
      flags |= RT_FRAME_ABSORBED;
    }
  }
  if (UNLIKELY(td->depth == td->cap) && rt_tdata_grow_stack(td) != 0) {
    td->lost++;
    goto out;
  }
  rt_edge *e = NULL;
  if (td->depth && records_edge(p, d)) {
    rt_rec *caller = td->stack[td->depth - 1].rec;
    e = (flags & RT_FRAME_ABSORBED) ? absorbed_edge(td, caller, id, via)
                                    : rt_edge_slow(td, caller, id);
    if (UNLIKELY(!e))
      td->lost++;
  }
  uint32_t node = 0;
  if (p->tree) {
    node = rt_tree_enter_slow(td, td->depth ? td->stack[td->depth - 1].node : 0, id);
    if (UNLIKELY(!node)) {
      td->lost++;
      goto out;
    }
    td->nodes[node].level++;
  }
  rt_frame *f = push_frame(td, r, e, d, cur, flags, node);
  f->t0 = rt_timer_read(&p->timer);
out:
  release(t);
}

HOOK_TEXT static __attribute__((noinline)) void enter_unclaimed(struct cprof_func_desc *d, int builtin,
                                                      uintptr_t cur, uintptr_t ra) {
  rt_thread *t = claim_slow(cur);
  if (t)
    enter_general(t, d, builtin, cur, ra);
}

/* An entry whose top frame is a builtin frame of the same address, from the
 * fast path (p active, td = t->cur its data, d known, room on the stack,
 * the top frame live): the builtin frame is dropped and the edge is the one
 * linked to the builtin edge (absorbed_edge); without a link yet, or if d has
 * no address, the general path. */
HOOK_TEXT static __attribute__((noinline)) void enter_absorbing(rt_thread *t, struct cprof_profile *p,
                                                      struct cprof_func_desc *d, uintptr_t cur,
                                                      uintptr_t ra) {
  rt_tdata *td = t->cur;
  uint32_t id = __atomic_load_n(&d->id, __ATOMIC_RELAXED);
  size_t depth = td->depth;
  rt_edge *via = td->stack[depth - 1].edge, *e = NULL;
  if (!d->addr)
    goto general;
  if (depth > 1 && records_edge(p, d)) {
    if (!via || !via->absorbed || via->absorbed->callee != id)
      goto general;
    e = via->absorbed;
  }
  uint32_t node = 0;
  if (UNLIKELY(p->tree)) {
    /* the caller's node: the builtin frame's is dropped with it */
    node = rt_tree_find(td, depth > 1 ? td->stack[depth - 2].node : 0, id);
    if (!node)
      goto general;
  }
  drop_absorbed_builtin(td);
  if (node)
    td->nodes[node].level++;
  td->swallow = NULL;
  rt_frame *f = push_frame(td, rt_rec_find(td, id), e, d, cur, RT_FRAME_ABSORBED, node);
  f->t0 = fast_now(p, t);
  release(t);
  return;
general:
  enter_general(t, d, 0, cur, ra);
}

/* The usual entry, without a call or a spill: a known function and edge,
 * a live top frame, the TSC. Everything else goes to enter_general before
 * anything is changed. */
static inline __attribute__((always_inline)) void enter(struct cprof_func_desc *d, int builtin,
                                                        uintptr_t cur, uintptr_t ra) {
  rt_thread *t;
  struct cprof_profile *p;
  rt_tdata *td;
  switch (fast_begin(cur, &t, &p, &td)) {
  case FAST_UNCLAIMED:
    enter_unclaimed(d, builtin, cur, ra);
    return;
  case FAST_GENERAL:
    goto general;
  }
  if (builtin && UNLIKELY(!p->builtins))
    goto done;
  uint32_t id = __atomic_load_n(&d->id, __ATOMIC_RELAXED);
  rt_rec *r = rt_rec_find(td, id);
  size_t depth = td->depth;
  if (UNLIKELY(!r || depth == td->cap || depth >= p->max_depth))
    goto general;
  rt_edge *e = NULL;
  if (depth) {
    rt_frame *top = &td->stack[depth - 1];
    /* a dead frame to close, or (entry) frames at cur to tell apart */
    if (UNLIKELY(builtin ? top->sp < cur : top->sp <= cur))
      goto general;
    /* a builtin frame to absorb */
    if (!builtin && UNLIKELY(top->flags & RT_FRAME_BUILTIN) && top->desc->addr == d->addr) {
      enter_absorbing(t, p, d, cur, ra);
      return;
    }
    if (records_edge(p, d)) {
      e = rt_edge_find(top->rec, id);
      if (UNLIKELY(!e))
        goto general;
    }
  }
  uint32_t node = 0;
  if (UNLIKELY(p->tree) && UNLIKELY(!(node = rt_tree_open(td, id))))
    goto general;
  td->swallow = NULL;
  rt_frame *f = push_frame(td, r, e, d, cur, builtin ? RT_FRAME_BUILTIN : 0, node);
  f->t0 = fast_now(p, t);
done:
  release(t);
  return;
general:
  enter_general(t, d, builtin, cur, ra);
}

/* ---- exit ---------------------------------------------------------------- */

/* An exit that is not the simple case. `cur` cannot tell whether the
 * exiting function's own frame is live: an exit hook in tail position runs
 * after the epilogue (jmp __cprof_exit), above the frame's entry address. It
 * still runs below the caller's, so the frames with sp < cur form a top
 * region R made of the exiting frame and dead ones above it. The exiting
 * frame is the lowest frame of R for this function, or else the frame just
 * under R; it is closed with everything above it. */
HOOK_TEXT static void exit_unmatched(struct cprof_profile *p, rt_thread *t, rt_tdata *td,
                           struct cprof_func_desc *d, int builtin, uintptr_t cur, int64_t now) {
  size_t k = td->depth;
  if (in_stack(t, cur))
    while (k && td->stack[k - 1].sp < cur)
      k--;
  size_t target = SIZE_MAX;
  for (size_t i = k; i < td->depth; i++)
    if (td->stack[i].desc == d) {
      target = i;
      break;
    }
  if (target == SIZE_MAX && k && td->stack[k - 1].desc == d)
    target = k - 1;
  if (target != SIZE_MAX) {
    close_down_to(p, td, target + 1, now);
    account(p, td, now);
    return;
  }
  if (builtin && td->swallow && td->swallow->addr == d->addr) {
    td->swallow = NULL; /* the callee was instrumented: already counted */
    return;
  }
  /* Not open: entered before the profiler was enabled, or flushed. */
}

/* The simple case: d is the top frame, and its frame is live or the exit
 * hook runs in tail position (see above). */
HOOK_TEXT static inline int exit_matches_top(const rt_tdata *td, const struct cprof_func_desc *d,
                                   uintptr_t cur) {
  size_t depth = td->depth;
  if (!depth)
    return 0;
  const rt_frame *top = &td->stack[depth - 1];
  return top->desc == d && (top->sp >= cur || depth == 1 || top[-1].sp >= cur);
}

/* A builtin exit that exit_unmatched() would only swallow: the callee's
 * absorbed frame has just been closed, the top frame is live and not d's. */
HOOK_TEXT static inline int exit_swallowed(const rt_tdata *td, const struct cprof_func_desc *d,
                                 uintptr_t cur) {
  size_t depth = td->depth;
  const struct cprof_func_desc *s = td->swallow;
  return depth && s && s->addr == d->addr && td->stack[depth - 1].sp >= cur &&
         td->stack[depth - 1].desc != d;
}

/* Any exit, the thread claimed. */
HOOK_TEXT static __attribute__((noinline)) void leave_general(rt_thread *t, struct cprof_func_desc *d,
                                                    int builtin, uintptr_t cur) {
  struct cprof_profile *p;
  rt_tdata *td = active_tdata(t, &p);
  if (!td || (builtin && !p->builtins))
    goto out;
  if (UNLIKELY(td->depth && (td->stack[td->depth - 1].flags & RT_FRAME_HIDDEN)) &&
      exit_matches_top(td, d, cur)) {
    td->depth--; /* deeper than max_depth: no reading, nothing recorded */
    goto out;
  }
  int64_t now = rt_timer_read(&p->timer);
  if (exit_matches_top(td, d, cur))
    account(p, td, now);
  else
    exit_unmatched(p, t, td, d, builtin, cur, now);
out:
  release(t);
}

HOOK_TEXT static __attribute__((noinline)) void leave_unclaimed(struct cprof_func_desc *d, int builtin,
                                                      uintptr_t cur) {
  rt_thread *t = claim_slow(cur);
  if (t)
    leave_general(t, d, builtin, cur);
}

/* The usual exit: the top frame's, on the TSC. */
static inline __attribute__((always_inline)) void leave(struct cprof_func_desc *d, int builtin,
                                                        uintptr_t cur) {
  rt_thread *t;
  struct cprof_profile *p;
  rt_tdata *td;
  switch (fast_begin(cur, &t, &p, &td)) {
  case FAST_UNCLAIMED:
    leave_unclaimed(d, builtin, cur);
    return;
  case FAST_GENERAL:
    goto general;
  }
  if (builtin && UNLIKELY(!p->builtins))
    goto done;
  int64_t now = fast_now(p, t);
  if (UNLIKELY(!exit_matches_top(td, d, cur))) {
    if (builtin && exit_swallowed(td, d, cur)) {
      td->swallow = NULL;
      goto done;
    }
    goto general;
  }
  account(p, td, now);
done:
  release(t);
  return;
general:
  leave_general(t, d, builtin, cur);
}

/* ---- the hooks ------------------------------------------------------------
 * Each hook tests rt_active before anything else. The implementations take
 * `cur`, the stack pointer at the hook's entry (the return address is at
 * it), and for instrumented entries the return address. */

HOOK_TEXT RT_HIDDEN __attribute__((noinline, used)) void rt_hook_enter(struct cprof_func_desc *d,
                                                             uintptr_t cur, uintptr_t ra) {
  enter(d, 0, cur, ra);
}

HOOK_TEXT RT_HIDDEN __attribute__((noinline, used)) void rt_hook_exit(struct cprof_func_desc *d,
                                                            uintptr_t cur) {
  leave(d, 0, cur);
}

HOOK_TEXT RT_HIDDEN __attribute__((noinline, used)) void rt_hook_builtin_enter(struct cprof_func_desc *d,
                                                                     uintptr_t cur) {
  enter(d, 1, cur, 0);
}

HOOK_TEXT RT_HIDDEN __attribute__((noinline, used)) void rt_hook_builtin_exit(struct cprof_func_desc *d,
                                                                    uintptr_t cur) {
  leave(d, 1, cur);
}

/* The exported hooks. The disabled path must cost next to nothing, so on
 * x86-64 they are written in assembly: compare rt_active with NULL and
 * return (falling through: no taken branch), else jump to the
 * implementation with the stack pointer (`cur`: the caller's stack pointer
 * at the call, minus 8) and, for entries, the return address. No frame, no
 * saved registers on either path. Elsewhere they are C with the hook's
 * frame address as `cur` (the same constant offset from the caller's stack
 * pointer in all four). */
#if defined(__x86_64__) && defined(__ELF__)
#ifdef __CET__
#define RT_STUB_ENDBR "endbr64\n\t"
#else
#define RT_STUB_ENDBR ""
#endif
/* A descriptor the run-time filters ignore (CPROF_DESC_RT_IGNORED, bit 16
 * of `flags`: bit 0 of its third byte) returns at once, for code that calls
 * the hooks without testing the flag itself (builtin call sites, ABI 1). */
_Static_assert(offsetof(struct cprof_func_desc, flags) == 28, "RT_STUB_FLAGS_BYTE");
_Static_assert(CPROF_DESC_RT_IGNORED == 1u << 16, "RT_STUB_IGNORED_BIT");
#define RT_STUB_FLAGS_BYTE "30"
#define RT_STUB_IGNORED_BIT "1"
#define hook_stub(name, impl, ra)                                                                 \
  __asm__(".pushsection " RT_HOOK_SECTION ",\"ax\",@progbits\n\t"                                  \
          ".globl " name "\n\t"                                                                   \
          ".type " name ", @function\n\t"                                                         \
          ".p2align 4\n" name ":\n\t"                                                             \
          ".cfi_startproc\n\t" RT_STUB_ENDBR "cmpq $0, rt_active(%rip)\n\t"                       \
          "jne 1f\n\t"                                                                            \
          "2:\n\t"                                                                                \
          "ret\n"                                                                                 \
          "1:\n\t"                                                                                \
          "testb $" RT_STUB_IGNORED_BIT ", " RT_STUB_FLAGS_BYTE "(%rdi)\n\t"                       \
          "jne 2b\n\t"                                                                            \
          "movq %rsp, %rsi\n\t" ra "jmp " impl "\n\t"                                             \
          ".cfi_endproc\n\t"                                                                      \
          ".size " name ", .-" name "\n\t"                                                        \
          ".popsection\n\t")
hook_stub("__cprof_enter", "rt_hook_enter", "movq (%rsp), %rdx\n\t");
hook_stub("__cprof_exit", "rt_hook_exit", "");
hook_stub("__cprof_builtin_enter", "rt_hook_builtin_enter", "");
hook_stub("__cprof_builtin_exit", "rt_hook_builtin_exit", "");
#else
#define HOOK_SP() ((uintptr_t)__builtin_frame_address(0))
#define HOOK __attribute__((visibility("default")))

static inline int ignored(const struct cprof_func_desc *fn) {
  return __atomic_load_n(&fn->flags, __ATOMIC_RELAXED) & CPROF_DESC_RT_IGNORED;
}

HOOK void __cprof_enter(struct cprof_func_desc *fn) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed) && !ignored(fn))
    rt_hook_enter(fn, HOOK_SP(), (uintptr_t)__builtin_return_address(0));
}

HOOK void __cprof_exit(struct cprof_func_desc *fn) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed) && !ignored(fn))
    rt_hook_exit(fn, HOOK_SP());
}

HOOK void __cprof_builtin_enter(struct cprof_func_desc *callee) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed) && !ignored(callee))
    rt_hook_builtin_enter(callee, HOOK_SP());
}

HOOK void __cprof_builtin_exit(struct cprof_func_desc *callee) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed) && !ignored(callee))
    rt_hook_builtin_exit(callee, HOOK_SP());
}
#endif

/* A program linked with libcprof.a pulls in this file through the hooks;
 * this reference pulls in process.c too, whose constructor starts the
 * process profiler and registers the exit-time dump. */
__attribute__((used)) static void (*const keep_process_init)(void) = rt_init;
