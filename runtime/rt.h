/*
 * libcprof internals shared by the runtime's files. See README.md for the
 * design; each concern lives in one file:
 *   mem.c          mmap-only allocation (arenas, growable regions)
 *   timer.c        time sources (TSC, clock_gettime, custom) and tick units
 *   sampler.c      what advances the sampled timer: CPU samples (perf_event,
 *                  POSIX CPU timers), the wall sampler thread
 *   config.c       CPROF_* environment (secure_getenv)
 *   filter.c       CPROF_INCLUDE/EXCLUDE/MAX_DEPTH: what is recorded
 *   registry.c     descriptor ids and copies of names (process-wide)
 *   thread_state.c per-thread state, per-(thread, profiler) data, quiescing
 *   hooks.c        the hot path: __cprof_enter/exit/builtin_enter/exit
 *   stats.c        snapshot: merge all threads, sum duplicate keys
 *   dump_writer.c  snapshot -> marshal bytes
 *   dump_ext.c     the cprof extension after the stats dict (its sections)
 *   tree.c         the calling-context tree (tree.h: the hooks' part)
 *   dump_path.c    CPROF_FILE patterns, atomic temporary-file-then-rename
 *   process.c      start-up, process profiler, exit-time dump
 *   api.c          the public API of cprof.h
 *
 * Nothing on the hook paths (hot or slow) calls malloc or takes a blocking
 * lock: memory comes from mmap, shared lists are lock-free append-only, so
 * a hook that interrupts the program anywhere (even inside malloc, from a
 * signal handler) cannot deadlock.
 */
#ifndef CPROF_RT_H
#define CPROF_RT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cprof.h"
#include "cprof/abi.h"

#define RT_HIDDEN __attribute__((visibility("hidden")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- mem.c ------------------------------------------------------------ */

void *rt_map(size_t size);              /* zeroed, or NULL */
void rt_unmap(void *p, size_t size);
/* Grow a mapping to new_size (contents kept), or NULL (old one untouched). */
void *rt_remap(void *p, size_t old_size, size_t new_size);

/* Bump allocator over a chain of mmap'd chunks; freed all at once. */
typedef struct rt_arena {
  struct rt_chunk *chunks;
  unsigned char *cur, *end;
  size_t mapped; /* bytes mapped, for statistics */
} rt_arena;
void *rt_arena_alloc(rt_arena *a, size_t size); /* zeroed, 16-aligned */
void rt_arena_release(rt_arena *a);

/* ---- timer.c ---------------------------------------------------------- */

enum rt_timer_kind {
  RT_TIMER_TSC,       /* rdtsc, invariant TSC only */
  RT_TIMER_MONOTONIC, /* CLOCK_MONOTONIC, ns */
  RT_TIMER_PROCESS,   /* CLOCK_PROCESS_CPUTIME_ID, ns */
  RT_TIMER_THREAD,    /* CLOCK_THREAD_CPUTIME_ID, ns */
  RT_TIMER_SAMPLED,   /* the thread's sampled time (sampler.c), ns */
  RT_TIMER_INT,       /* user function returning ticks */
  RT_TIMER_FLOAT,     /* user function returning seconds, floored to ns */
};

/* The two sampled timers: which samples advance a thread's counter. */
enum rt_sample_mode {
  RT_SAMPLE_CPU,  /* the thread's user-mode CPU time */
  RT_SAMPLE_WALL, /* wall time, blocked time included */
  RT_SAMPLE_MODES
};

typedef struct rt_timer {
  enum rt_timer_kind kind;
  enum rt_sample_mode sample_mode; /* RT_TIMER_SAMPLED */
  int sample_hz;                   /* RT_TIMER_SAMPLED: requested rate */
  int64_t (*int_fn)(void *);
  double (*float_fn)(void *);
  void *ctx;
  double unit; /* seconds per tick; 0 = determined at snapshot (TSC) */
} rt_timer;

int rt_tsc_usable(void);
int64_t rt_clock_ns(int clock_id);
/* Read `t` (in its ticks) for the calling thread. */
int64_t rt_timer_read_slow(const rt_timer *t);
struct rt_thread;
/* Read `t` on behalf of thread `th` (its CPU clock, its sampled time). */
int64_t rt_timer_read_for(const rt_timer *t, const struct rt_thread *th);
/* Seconds per tick (for the TSC: measured against CLOCK_MONOTONIC). */
double rt_timer_unit(const rt_timer *t);
void rt_timer_init(void); /* record the TSC calibration start point */

static inline uint64_t rt_rdtsc(void) {
#if defined(__x86_64__) || defined(__i386__)
  uint32_t lo, hi;
  __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
  return ((uint64_t)hi << 32) | lo;
#else
  return 0;
#endif
}

/* The clocks the hooks' fast paths read inline (hooks.c). */
#define RT_FAST_TIMER_KINDS ((1u << RT_TIMER_TSC) | (1u << RT_TIMER_SAMPLED))

static inline int64_t rt_timer_read(const rt_timer *t) {
  if (LIKELY(t->kind == RT_TIMER_TSC))
    return (int64_t)rt_rdtsc();
  return rt_timer_read_slow(t);
}

/* ---- config.c --------------------------------------------------------- */

typedef struct rt_config {
  const char *file_pattern; /* CPROF_FILE, or NULL for the default */
  int subcalls;             /* CPROF_SUBCALLS */
  int builtins;             /* CPROF_BUILTINS */
  int start;                /* CPROF_START */
  int tree;                 /* CPROF_TREE */
  enum rt_timer_kind timer; /* CPROF_TIMER */
  enum rt_sample_mode sample_mode; /* CPROF_TIMER=sampled / sampled-wall */
  int sample_hz;                   /* CPROF_SAMPLE_HZ */
} rt_config;
void rt_config_load(rt_config *c);
/* One line "cprof: ..." on stderr, with write(2) only. */
void rt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- filter.c --------------------------------------------------------- */

/* Read CPROF_INCLUDE, CPROF_EXCLUDE and CPROF_MAX_DEPTH (once, at
 * start-up). They apply to every profiler of the process. */
void rt_filter_load(void);
extern size_t rt_max_depth; /* CPROF_MAX_DEPTH, SIZE_MAX: no limit */
/* Do the run-time filters drop this function (or builtin)? Async-signal-safe. */
int rt_filter_ignores(const struct cprof_func_desc *d);

/* ---- registry.c ------------------------------------------------------- */

typedef struct rt_func_info {
  const char *name, *file; /* private copies (survive dlclose) */
  uint32_t name_len, file_len;
  uint32_t line, flags;
  const void *addr;
  _Atomic int ready;
} rt_func_info;

#define RT_MAX_IDS (1u << 26)
/* The descriptor's id, registering it on first sight; 0 when out of ids. */
uint32_t rt_register(struct cprof_func_desc *d);
static inline uint32_t rt_desc_id(struct cprof_func_desc *d) {
  uint32_t id = __atomic_load_n(&d->id, __ATOMIC_RELAXED);
  return LIKELY(id) ? id : rt_register(d);
}
const rt_func_info *rt_func_info_get(uint32_t id); /* NULL if not ready */
/* New name, file and line for a registered function (taken over: they
 * must stay allocated); before a snapshot only. */
void rt_func_info_rename(uint32_t id, const char *name, const char *file, uint32_t line);

/* ---- cyg_profile.c, symbolize.c: -finstrument-functions --------------- */

/* A runtime-made descriptor of a function known by its address only. */
#define RT_DESC_BY_ADDRESS (1u << 31)
/* Names for the functions seen through __cyg_profile_func_* (not from a
 * signal handler: then nothing is done). */
void rt_cyg_resolve_names(void);
/* Demangled name, file and line of the function at addr (malloc'd);
 * 0, or -1 when out of memory. */
int rt_symbolize(const void *addr, char **name, char **file, uint32_t *line);
/* Set while the crash handler writes the dumps (signals.c). */
extern _Atomic int rt_crashing;
uint32_t rt_id_limit(void);                         /* ids are < this */

/* ---- per-thread accounting data (thread_state.c, hooks.c) ------------- */

/* Statistics of one caller->callee edge, kept in the caller's record. */
typedef struct rt_edge {
  uint32_t callee; /* callee id */
  uint32_t level;
  uint64_t callcount, reccallcount;
  int64_t tt, it; /* ticks: cumulative (outermost), inline */
  struct rt_edge *absorbed; /* builtin edge: the same caller's edge to the
                               instrumented callee that absorbed it (hooks.c) */
} rt_edge;

/* Statistics of one function in one thread (cProfile's ProfilerEntry). */
typedef struct rt_rec {
  uint64_t callcount, reccallcount;
  int64_t tt, it;
  uint32_t level;
  uint32_t id;
  uint32_t is_builtin;
  uint32_t nedges;
  uint32_t edge_cap; /* power of two, or 0 */
  rt_edge *last;     /* last edge used from this caller */
  rt_edge **edges;   /* open addressing by callee id */
  int64_t owed;      /* <= 0: calibrated inline ticks subtracted beyond 0, not
                        yet taken from this function's time (hooks.c) */
} rt_rec;

/* One open activation (cProfile's ProfilerContext). */
typedef struct rt_frame {
  rt_rec *rec;
  rt_edge *edge; /* parent -> this, or NULL */
  struct cprof_func_desc *desc;
  int64_t t0, subt;
  int64_t csub;   /* calibrated cumulative ticks of returned callees (calibrate.c) */
  uintptr_t sp;   /* caller's stack pointer at the entry hook (hooks.c) */
  uint32_t flags; /* RT_FRAME_* */
  uint32_t node;  /* calling-context tree node (tree.h), 0 without a tree */
} rt_frame;

/* The frame replaced a builtin frame of the same address (hooks.c). */
#define RT_FRAME_ABSORBED 1u
/* A builtin frame (no dependent load of rec->is_builtin on entries). */
#define RT_FRAME_BUILTIN 2u
/* Deeper than the profiler's max_depth: nothing recorded, its time stays
 * in its caller's (hooks.c); rec and edge are NULL. */
#define RT_FRAME_HIDDEN 4u

#define RT_PAGE_BITS 10
#define RT_PAGE_SIZE (1u << RT_PAGE_BITS)
#define RT_DIR_SIZE (RT_MAX_IDS >> RT_PAGE_BITS)

struct rt_thread;

/* Everything one thread records for one profiler. */
typedef struct rt_tdata {
  struct cprof_profile *prof;
  struct rt_thread *thread;
  struct rt_tdata *next_in_prof;   /* profiler's list (lock-free push) */
  struct rt_tdata *next_in_thread; /* thread's list */
  rt_frame *stack;                 /* stack[0..depth) */
  size_t depth, cap;
  rt_rec ***dir; /* dir[id >> PAGE_BITS][id & (PAGE_SIZE-1)] */
  rt_arena arena;
  const struct cprof_func_desc *swallow; /* builtin exit to ignore (hooks.c) */
  uint64_t lost;                          /* events dropped: out of memory */
  struct rt_node *nodes; /* calling-context tree (tree.h); [0] is the root */
  uint32_t n_nodes, node_cap;
} rt_tdata;

#define RT_BUSY_HELD ((uintptr_t)1) /* never a stack address */

typedef struct rt_thread {
  /* 0: free; RT_BUSY_HELD: held outside any hook (API, exit path, thread
   * end); else inside a hook, whose `cur` it is (hooks.c). One word, so a
   * hook claims and releases the thread with one store each. */
  volatile uintptr_t busy;
  int ended;
  pid_t tid;
  uint64_t seq; /* creation order, 0 = first thread seen */
  uintptr_t stack_lo, stack_hi;
  clockid_t cpu_clock;
  int cpu_clock_valid;
  rt_tdata *cur;  /* tdata of the profiler last used */
  rt_tdata *tds;  /* all of this thread's tdata */
  struct rt_thread *next; /* global list, lock-free push */
  rt_arena arena; /* thread-lifetime: registry string copies */
  /* Sampled time (sampler.c): ns of the samples of each mode that landed
   * while no hook ran on this thread. One writer per mode (this thread's
   * signal handler for CPU samples, the sampler thread for wall ones). */
  int64_t sampled[RT_SAMPLE_MODES];
  uint64_t samples[RT_SAMPLE_MODES], dropped[RT_SAMPLE_MODES];
  int cpu_source;   /* which source gives this thread CPU samples (sampler.c) */
  int cpu_fd;       /* its perf_event descriptor */
  void *cpu_timer;  /* or its POSIX timer (timer_t) */
} rt_thread;

extern __thread rt_thread *rt_self __attribute__((tls_model("initial-exec")));
extern struct cprof_profile *_Atomic rt_active;
/* Re-derive the ABI's __cprof_active byte from rt_active and the active
 * profiler's builtins setting: call after every change of either.
 * Lock-free, async-signal-safe. */
void rt_publish_active(void);

rt_thread *rt_thread_self_slow(void); /* creates the calling thread's state */
void rt_threads_init(void);
rt_thread *rt_thread_list(void);
rt_tdata *rt_tdata_for(rt_thread *t, struct cprof_profile *p); /* NULL: no memory */
int rt_tdata_grow_stack(rt_tdata *td);
rt_rec *rt_rec_slow(rt_tdata *td, struct cprof_func_desc *d, uint32_t id);
/* Find or add the edge caller -> callee (NULL: no memory). */
rt_edge *rt_edge_slow(rt_tdata *td, rt_rec *caller, uint32_t callee);
void rt_tdata_reset(rt_tdata *td);
/* Make sure no thread is inside a hook using a profiler other than the one
 * now in rt_active (call after changing rt_active). */
void rt_quiesce(void);

/* Slot of callee id in a caller's edge table (open addressing, `mask` =
 * capacity - 1). */
static inline uint32_t rt_edge_hash(uint32_t id, uint32_t mask) {
  return (uint32_t)((id * 0x9E3779B1u) >> 7) & mask;
}

/* The edge caller -> callee through the caller's one-entry cache, then its
 * hash table; NULL if there is none yet. */
static inline rt_edge *rt_edge_find(rt_rec *caller, uint32_t callee) {
  rt_edge *e = caller->last;
  if (LIKELY(e && e->callee == callee))
    return e;
  if (!caller->edge_cap)
    return NULL;
  uint32_t mask = caller->edge_cap - 1;
  for (uint32_t h = rt_edge_hash(callee, mask);; h = (h + 1) & mask) {
    e = caller->edges[h];
    if (!e)
      return NULL;
    if (e->callee == callee)
      return caller->last = e;
  }
}

static inline rt_rec *rt_rec_find(rt_tdata *td, uint32_t id) {
  rt_rec **page = td->dir[id >> RT_PAGE_BITS];
  return LIKELY(page != NULL) ? page[id & (RT_PAGE_SIZE - 1)] : NULL;
}

/* ---- hooks.c ---------------------------------------------------------- */

/* Close every open frame of td, innermost first, each at its own reading
 * of the timer (cProfile's flush). */
void rt_flush_frames(rt_tdata *td);

/* ---- the profiler object (api.c) -------------------------------------- */

struct cprof_profile {
  rt_timer timer;
  int subcalls, builtins;
  int tree; /* keep a calling-context tree (tree.c) */
  int enabled;
  int is_process; /* the process profiler (CPROF_*), dumped at exit */
  size_t max_depth; /* deeper frames are not recorded (rt_max_depth) */
  struct cprof_profile *prev_active; /* restored by disable */
  struct rt_tdata *_Atomic tdatas;
  /* Calibration (calibrate.c): the hooks' own ticks per call that land in
   * the callee's interval (inner) and in the caller's (outer), indexed
   * [subcalls][is_builtin]; all 0: no correction (cProfile's raw times). */
  int64_t bias_inner[2][2], bias_outer[2][2];
  int bias_state; /* 0 until rt_calibrate_ensure() decided (calibrate.c) */
};

void rt_profile_init(struct cprof_profile *p, const cprof_options *o);
/* Disable p if enabled; closes its open frames in every thread. */
void rt_profile_stop(struct cprof_profile *p);

/* ---- sampler.c -------------------------------------------------------- */

/* The section of all of hooks.c's code; the linker defines its bounds. */
#define RT_HOOK_SECTION "cprof_hooks"
extern const char __start_cprof_hooks[] RT_HIDDEN, __stop_cprof_hooks[] RT_HIDDEN;

/* Start the samples of `mode` at `hz` (0: the default) for every thread,
 * now and to come, unless they run already. 0, or -1 after one line on
 * stderr when this mode cannot be sampled at all. */
int rt_sampler_start(enum rt_sample_mode mode, int hz);
/* A thread's first event (its sources), its end, a fork child. */
void rt_sampler_thread_begin(rt_thread *t);
void rt_sampler_thread_end(rt_thread *t);
void rt_sampler_after_fork(void);
/* The signal of the CPU samples while they run, else 0 (signal_wrap.c). */
int rt_sampler_signal(void);
/* One sample of `weight` ns for thread t: counted unless a hook runs on t.
 * Every source goes through here (and the accounting tests). */
static inline void rt_sample_land(rt_thread *t, enum rt_sample_mode mode, int64_t weight) {
  if (__atomic_load_n(&t->busy, __ATOMIC_RELAXED)) {
    __atomic_store_n(&t->dropped[mode], t->dropped[mode] + 1, __ATOMIC_RELAXED);
    return;
  }
  __atomic_store_n(&t->sampled[mode], t->sampled[mode] + weight, __ATOMIC_RELAXED);
  __atomic_store_n(&t->samples[mode], t->samples[mode] + 1, __ATOMIC_RELAXED);
}
/* What the sampler achieved: the rate, the source. */
typedef struct rt_sampler_info {
  int hz_requested, source; /* RT_SOURCE_* */
  int64_t period_ns;
} rt_sampler_info;
enum { RT_SOURCE_NONE, RT_SOURCE_PERF, RT_SOURCE_POSIX_TIMER, RT_SOURCE_THREAD };
void rt_sampler_get(enum rt_sample_mode mode, rt_sampler_info *out);
const char *rt_sampler_source_name(int source);

/* ---- calibrate.c ------------------------------------------------------ */

/* Give p its calibration figures (CPROF_BIAS, CPROF_CALIBRATE, measured
 * ones) unless it has them; called before p is first enabled. */
void rt_calibrate_ensure(struct cprof_profile *p);
/* The calibration's own descriptors, which no filter drops. */
int rt_is_calibration_desc(const struct cprof_func_desc *d);

/* ---- stats.c ---------------------------------------------------------- */

/* The snapshot of cprof.h (cprof_stats) is built in scratch mappings. */
cprof_stats *rt_stats_build(struct cprof_profile *p, rt_tdata *only);

/* ---- dump_ext.c: the cprof extension (docs/dump-extension.md) --------- */

#define RT_EXT_VERSION 1 /* the "cprof" key: bumped only by incompatible changes */
#define RT_EXT_MAX 8     /* sections */

/* What a snapshot shows the sections' capture functions. */
typedef struct rt_ext_source {
  struct cprof_profile *prof;
  rt_tdata *only;        /* a per-thread dump's thread, or NULL: all threads */
  const cprof_stats *st; /* the flat statistics of the snapshot */
  rt_arena *keep;        /* memory that lives as long as the snapshot */
  /* entry index in st of function `id`; UINT32_MAX if it has none */
  uint32_t (*entry_of)(void *ctx, uint32_t id);
  void *entry_ctx;
} rt_ext_source;

/* The dump writer, as the sections' write functions see it. */
typedef struct rt_dump_out rt_dump_out;
struct cprof_marshal_writer *rt_dump_mw(rt_dump_out *o);
/* The key tuple of st->entries[entry], back-referenced after its first use. */
void rt_dump_put_key(rt_dump_out *o, size_t entry);

typedef struct rt_ext_section {
  const char *name; /* the top-level key */
  /* at snapshot: copy what is to be written into src->keep; NULL: leave
   * the section out */
  void *(*capture)(const rt_ext_source *src);
  /* at dump: write the section's value (one marshal object) */
  void (*write)(rt_dump_out *o, const void *data);
} rt_ext_section;

void rt_ext_capture(const rt_ext_source *src, void **data); /* data[RT_EXT_MAX] */
void rt_ext_write(rt_dump_out *o, void *const *data);       /* the whole dict */
/* The sections' data captured with a snapshot of stats.c. */
void *const *rt_stats_ext(const cprof_stats *st);

/* ---- dump_writer.c / dump_path.c -------------------------------------- */

int rt_dump_write_fd(const cprof_stats *st, int fd); /* 0 or errno */
/* Write st to `path` atomically; `no_replace`: never replace an existing
 * file (take PATH-stem.N.ext instead). dirfd anchors relative paths.
 * Returns 0, or -1 after printing one line on stderr. */
int rt_dump_to_path(const cprof_stats *st, int dirfd, const char *path, int no_replace);
/* Does the pattern contain %t? */
int rt_pattern_per_thread(const char *pat);
/* Expand %p %h %t %% of a CPROF_FILE pattern. */
int rt_expand_pattern(const char *pat, char *out, size_t outsz, pid_t tid, int *uses_tid);

/* ---- process.c -------------------------------------------------------- */

struct cprof_profile *rt_process_profile(void);
/* A CPROF_FILE pattern expanded (tid for %t), relative paths anchored at
 * the working directory the process started in. 0, or -1 if too long. */
int rt_start_path(const char *pattern, char *out, size_t outsz, pid_t tid);
void rt_init(void);
/* 1 when this copy of the runtime is idle: libcprof.so in a process whose
 * executable carries the runtime (rt_init decides, at start-up). */
int rt_runtime_idle(void);

/* ---- link_kind.c ------------------------------------------------------ */

int rt_is_shared_library(void); /* 1 in libcprof.so, 0 in libcprof.a */

#endif /* CPROF_RT_H */
