/*
 * Descriptor ids. The first call of a function anywhere in the process
 * claims the next id (1, 2, ...: ids follow first-call order) with a CAS on
 * desc->id, and records a copy of its name and file, so statistics outlive
 * a dlclose'd library. Lock-free: pages are installed with CAS, copies go to
 * the registering thread's arena, an entry is published by `ready`.
 */
#include "rt.h"

#include <string.h>

#define REG_PAGE_BITS 10
#define REG_PAGE_SIZE (1u << REG_PAGE_BITS)
#define REG_DIR_SIZE (RT_MAX_IDS >> REG_PAGE_BITS)

static rt_func_info *_Atomic reg_dir[REG_DIR_SIZE];
static _Atomic uint32_t next_id = 1;

uint32_t rt_id_limit(void) {
  uint32_t n = atomic_load_explicit(&next_id, memory_order_acquire);
  return n > RT_MAX_IDS ? RT_MAX_IDS : n;
}

static rt_func_info *slot(uint32_t id, int create) {
  rt_func_info *page = atomic_load_explicit(&reg_dir[id >> REG_PAGE_BITS], memory_order_acquire);
  if (!page && create) {
    rt_func_info *fresh = rt_map(REG_PAGE_SIZE * sizeof(rt_func_info));
    if (!fresh)
      return NULL;
    rt_func_info *expected = NULL;
    if (atomic_compare_exchange_strong(&reg_dir[id >> REG_PAGE_BITS], &expected, fresh)) {
      page = fresh;
    } else {
      rt_unmap(fresh, REG_PAGE_SIZE * sizeof(rt_func_info));
      page = expected;
    }
  }
  return page ? &page[id & (REG_PAGE_SIZE - 1)] : NULL;
}

static const char *copy(rt_arena *a, const char *s, uint32_t *len) {
  if (!s)
    s = "";
  size_t n = strlen(s);
  if (n > UINT32_MAX - 1)
    n = UINT32_MAX - 1;
  *len = (uint32_t)n;
  char *c = a ? rt_arena_alloc(a, n + 1) : NULL;
  if (!c)
    return s; /* out of memory: keep pointing at the descriptor's string */
  memcpy(c, s, n);
  return c;
}

uint32_t rt_register(struct cprof_func_desc *d) {
  uint32_t id = __atomic_load_n(&d->id, __ATOMIC_ACQUIRE);
  if (id)
    return id;
  /* Decided before the id is published: whoever sees the id sees the flag. */
  if (rt_filter_ignores(d))
    __atomic_fetch_or(&d->flags, CPROF_DESC_RT_IGNORED, __ATOMIC_RELAXED);
  uint32_t mine = atomic_fetch_add(&next_id, 1);
  if (mine >= RT_MAX_IDS)
    return 0;
  rt_func_info *fi = slot(mine, 1);
  if (!fi)
    return 0;
  uint32_t expected = 0;
  if (!__atomic_compare_exchange_n(&d->id, &expected, mine, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    return expected; /* another thread won; `mine` stays an unused id */
  rt_thread *t = rt_self;
  rt_arena *a = t ? &t->arena : NULL;
  fi->name = copy(a, d->name, &fi->name_len);
  fi->file = copy(a, d->file, &fi->file_len);
  fi->line = d->line;
  fi->flags = d->flags;
  fi->addr = d->addr;
  atomic_store_explicit(&fi->ready, 1, memory_order_release);
  return mine;
}

const rt_func_info *rt_func_info_get(uint32_t id) {
  if (id == 0 || id >= RT_MAX_IDS)
    return NULL;
  rt_func_info *fi = slot(id, 0);
  if (!fi || !atomic_load_explicit(&fi->ready, memory_order_acquire))
    return NULL;
  return fi;
}

void rt_func_info_rename(uint32_t id, const char *name, const char *file, uint32_t line) {
  rt_func_info *fi = id && id < RT_MAX_IDS ? slot(id, 0) : NULL;
  if (!fi || !atomic_load_explicit(&fi->ready, memory_order_acquire))
    return;
  size_t n = strlen(name), f = strlen(file);
  fi->name = name;
  fi->name_len = n > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)n;
  fi->file = file;
  fi->file_len = f > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)f;
  fi->line = line;
}
