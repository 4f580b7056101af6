/* mmap-only memory for the runtime: async-signal-safe, never malloc. */
#define _GNU_SOURCE
#include "rt.h"

#include <string.h>
#include <sys/mman.h>

void *rt_map(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

void rt_unmap(void *p, size_t size) {
  if (p)
    munmap(p, size);
}

void *rt_remap(void *p, size_t old_size, size_t new_size) {
  if (!p)
    return rt_map(new_size);
#ifdef MREMAP_MAYMOVE
  void *q = mremap(p, old_size, new_size, MREMAP_MAYMOVE);
  return q == MAP_FAILED ? NULL : q;
#else
  void *q = rt_map(new_size);
  if (q) {
    memcpy(q, p, old_size);
    munmap(p, old_size);
  }
  return q;
#endif
}

struct rt_chunk {
  struct rt_chunk *next;
  size_t size;
};

#define CHUNK_MIN (64u << 10)

void *rt_arena_alloc(rt_arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  if ((size_t)(a->end - a->cur) < size) {
    size_t want = size + 64 > CHUNK_MIN ? ((size + 64 + 4095) & ~(size_t)4095) : CHUNK_MIN;
    /* Chunks double with use (up to 4 MiB) so big profiles take few maps. */
    if (a->mapped >= CHUNK_MIN && want < a->mapped && a->mapped < (4u << 20))
      want = a->mapped;
    else if (want < a->mapped && a->mapped >= (4u << 20))
      want = 4u << 20 > want ? 4u << 20 : want;
    struct rt_chunk *c = rt_map(want);
    if (!c)
      return NULL;
    c->next = a->chunks;
    c->size = want;
    a->chunks = c;
    a->mapped += want;
    a->cur = (unsigned char *)c + 64;
    a->end = (unsigned char *)c + want;
  }
  void *p = a->cur;
  a->cur += size;
  return p; /* fresh mmap memory is zero */
}

void rt_arena_release(rt_arena *a) {
  struct rt_chunk *c = a->chunks;
  while (c) {
    struct rt_chunk *n = c->next;
    munmap(c, c->size);
    c = n;
  }
  memset(a, 0, sizeof *a);
}
