/*
 * Plain -finstrument-functions (gcc or clang, no plugin):
 * __cyg_profile_func_enter/exit(fn, call_site) feed the same hooks as the
 * plugins' __cprof_enter/__cprof_exit, through a descriptor the runtime
 * makes for each function address on its first call. Names, files and
 * lines are looked up at dump time (symbolize.c, rt_cyg_resolve_names).
 *
 * The descriptors live in a table indexed by a hash of the address (open
 * addressing, lock-free: a slot is claimed with a CAS on its address, its
 * descriptor published after). The table and the descriptors are mapped
 * once, CYG_CAP entries at most (pages are touched only as they are used);
 * the calls of functions beyond that are not recorded (one warning).
 *
 * What this mode cannot do (docs/gcc.md): no builtins (calls into
 * uninstrumented code are not seen), no compile-time subcalls switch, and
 * the exits a compiler does not emit (clang emits none when an exception
 * unwinds a frame) are repaired by the runtime from stack positions, as
 * for longjmp.
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>

#define CYG_BITS 18
#define CYG_CAP (1u << CYG_BITS)
#define CYG_MASK (CYG_CAP - 1)
#define CYG_LIMIT (CYG_CAP / 4 * 3)

typedef struct cyg_slot {
  _Atomic uintptr_t fn;
  struct cprof_func_desc *_Atomic desc;
} cyg_slot;

static cyg_slot *_Atomic cyg_table;
static struct cprof_func_desc *_Atomic cyg_descs; /* CYG_CAP descriptors */
static _Atomic uint32_t cyg_used;
static _Atomic int cyg_full_warned;
static unsigned char *_Atomic cyg_resolved; /* per descriptor: names looked up */

RT_HIDDEN void rt_hook_enter(struct cprof_func_desc *d, uintptr_t cur, uintptr_t ra);
RT_HIDDEN void rt_hook_exit(struct cprof_func_desc *d, uintptr_t cur);

static inline size_t cyg_hash(uintptr_t fn) {
  uint64_t h = (uint64_t)fn * 0x9e3779b97f4a7c15ull;
  return (size_t)(h >> (64 - CYG_BITS));
}

static void *map_once(void *_Atomic *where, size_t size) {
  void *p = atomic_load_explicit(where, memory_order_acquire);
  if (p)
    return p;
  void *fresh = rt_map(size);
  if (!fresh)
    return NULL;
  void *expected = NULL;
  if (atomic_compare_exchange_strong(where, &expected, fresh))
    return fresh;
  rt_unmap(fresh, size);
  return expected;
}

/* The descriptor of fn, made on first sight; NULL when the table is full
 * or out of memory. */
static __attribute__((noinline)) struct cprof_func_desc *cyg_desc_slow(uintptr_t fn) {
  cyg_slot *t = map_once((void *_Atomic *)&cyg_table, CYG_CAP * sizeof(cyg_slot));
  struct cprof_func_desc *descs =
      map_once((void *_Atomic *)&cyg_descs, CYG_CAP * sizeof(struct cprof_func_desc));
  if (!t || !descs)
    return NULL;
  size_t h = cyg_hash(fn);
  for (uint32_t probes = 0; probes < CYG_CAP; probes++, h = (h + 1) & CYG_MASK) {
    uintptr_t k = atomic_load_explicit(&t[h].fn, memory_order_acquire);
    if (!k) {
      /* a descriptor first (a quarter of the table stays free, so that
       * probes stay short), then the slot */
      uint32_t i = atomic_fetch_add(&cyg_used, 1);
      if (i >= CYG_LIMIT) {
        if (!atomic_exchange(&cyg_full_warned, 1))
          rt_warn("-finstrument-functions: more than %u functions; the calls of the others are "
                  "not recorded",
                  CYG_LIMIT);
        return NULL;
      }
      uintptr_t expected = 0;
      if (atomic_compare_exchange_strong(&t[h].fn, &expected, fn)) {
        struct cprof_func_desc *d = &descs[i];
        d->name = "";
        d->file = "~";
        d->addr = (void *)fn;
        d->flags = RT_DESC_BY_ADDRESS;
        d->abi_version = CPROF_ABI_VERSION;
        atomic_store_explicit(&t[h].desc, d, memory_order_release);
        return d;
      }
      k = expected; /* taken meanwhile (descriptor i stays unused) */
    }
    if (k == fn) {
      /* claimed by another thread, which publishes it next */
      struct cprof_func_desc *d;
      while (!(d = atomic_load_explicit(&t[h].desc, memory_order_acquire)))
        ;
      return d;
    }
  }
  return NULL;
}

static inline struct cprof_func_desc *cyg_desc(uintptr_t fn) {
  cyg_slot *t = atomic_load_explicit(&cyg_table, memory_order_acquire);
  if (LIKELY(t)) {
    size_t h = cyg_hash(fn);
    for (;;) {
      uintptr_t k = atomic_load_explicit(&t[h].fn, memory_order_relaxed);
      if (k == fn) {
        struct cprof_func_desc *d = atomic_load_explicit(&t[h].desc, memory_order_acquire);
        if (LIKELY(d))
          return d;
        break;
      }
      if (!k)
        break;
      h = (h + 1) & CYG_MASK;
    }
  }
  return cyg_desc_slow(fn);
}

RT_HIDDEN __attribute__((noinline, used)) void rt_cyg_enter(void *fn, void *site, uintptr_t cur) {
  struct cprof_func_desc *d = cyg_desc((uintptr_t)fn);
  if (d)
    rt_hook_enter(d, cur, *(const uintptr_t *)cur);
}

RT_HIDDEN __attribute__((noinline, used)) void rt_cyg_exit(void *fn, void *site, uintptr_t cur) {
  struct cprof_func_desc *d = cyg_desc((uintptr_t)fn);
  if (d)
    rt_hook_exit(d, cur);
}

/* As the hooks of hooks.c: a frameless test of rt_active, then a tail
 * jump with the stack pointer (`cur`, the same offset from the caller's
 * stack pointer as the __cprof_* hooks) as third argument. */
#if defined(__x86_64__) && defined(__ELF__)
#ifdef __CET__
#define CYG_ENDBR "endbr64\n\t"
#else
#define CYG_ENDBR ""
#endif
#define cyg_stub(name, impl)                                                                      \
  __asm__(".text\n\t"                                                                             \
          ".globl " name "\n\t"                                                                   \
          ".type " name ", @function\n\t"                                                         \
          ".p2align 4\n" name ":\n\t"                                                             \
          ".cfi_startproc\n\t" CYG_ENDBR "cmpq $0, rt_active(%rip)\n\t"                           \
          "jne 1f\n\t"                                                                            \
          "ret\n"                                                                                 \
          "1:\n\t"                                                                                \
          "movq %rsp, %rdx\n\t"                                                                   \
          "jmp " impl "\n\t"                                                                      \
          ".cfi_endproc\n\t"                                                                      \
          ".size " name ", .-" name "\n\t")
cyg_stub("__cyg_profile_func_enter", "rt_cyg_enter");
cyg_stub("__cyg_profile_func_exit", "rt_cyg_exit");
#else
__attribute__((visibility("default"), no_instrument_function)) void
__cyg_profile_func_enter(void *fn, void *site) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed))
    rt_cyg_enter(fn, site, (uintptr_t)__builtin_frame_address(0));
}

__attribute__((visibility("default"), no_instrument_function)) void
__cyg_profile_func_exit(void *fn, void *site) {
  if (atomic_load_explicit(&rt_active, memory_order_relaxed))
    rt_cyg_exit(fn, site, (uintptr_t)__builtin_frame_address(0));
}
#endif

/* Before a snapshot: names for the descriptors registered since the last
 * one. Not from a signal handler (symbolize.c is not async-signal-safe):
 * a dump written there keeps the addresses. */
void rt_cyg_resolve_names(void) {
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  uint32_t n = atomic_load_explicit(&cyg_used, memory_order_acquire);
  struct cprof_func_desc *descs = atomic_load_explicit(&cyg_descs, memory_order_acquire);
  if (!n || !descs || atomic_load(&rt_crashing))
    return;
  if (n > CYG_LIMIT)
    n = CYG_LIMIT;
  if (pthread_mutex_trylock(&lock) != 0)
    return;
  unsigned char *done = map_once((void *_Atomic *)&cyg_resolved, CYG_CAP);
  for (uint32_t i = 0; done && i < n; i++) {
    uint32_t id = __atomic_load_n(&descs[i].id, __ATOMIC_ACQUIRE);
    if (done[i] || !id || !rt_func_info_get(id))
      continue;
    char *name, *file;
    uint32_t line;
    if (rt_symbolize(descs[i].addr, &name, &file, &line) == 0) {
      rt_func_info_rename(id, name, file, line);
      done[i] = 1;
    } else {
      free(name);
      free(file);
    }
  }
  pthread_mutex_unlock(&lock);
}
