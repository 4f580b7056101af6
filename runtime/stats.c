/*
 * Snapshot: merge every thread's records of a profiler into cprof_stats
 * (create_stats). Ticks are summed per key first, then converted with one
 * multiplication by the timer's unit, as _lsprof does.
 *
 * Keys are (file, line, name); functions with equal keys (the same inline
 * function emitted in two shared objects, a library loaded twice) are
 * summed, entries and edges alike. Entry order is first-call order (ids are
 * handed out on first call); each callee's callers are in their entry
 * order. All memory comes from mmap (rt_arena), so this can run where
 * malloc cannot.
 */
#include "rt.h"

#include <string.h>

typedef struct stats_impl {
  cprof_stats pub; /* first: cprof_stats * points here */
  rt_arena arena;
  void *ext[RT_EXT_MAX]; /* the extension's sections (dump_ext.c) */
} stats_impl;

typedef struct id_agg {
  uint64_t nc, rc;
  int64_t tt, it;
  uint32_t key; /* key index + 1, 0 = none yet */
} id_agg;

typedef struct key_agg {
  const rt_func_info *fi; /* the first function with this key */
  uint64_t nc, rc;
  int64_t tt, it;
  size_t nedges, first;
} key_agg;

typedef struct edge_agg {
  uint32_t caller, callee; /* key indexes */
  uint64_t nc, rc;
  int64_t tt, it;
} edge_agg;

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

static uint64_t str_hash(const char *s, size_t n, uint64_t h) {
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return h;
}

static uint64_t key_hash(const rt_func_info *fi) {
  uint64_t h = 0xcbf29ce484222325ull;
  h = str_hash(fi->file, fi->file_len, h);
  h = str_hash(fi->name, fi->name_len, h ^ 0xff);
  return mix(h ^ fi->line);
}

static int same_key(const rt_func_info *a, const rt_func_info *b) {
  return a->line == b->line && a->file_len == b->file_len && a->name_len == b->name_len &&
         !memcmp(a->file, b->file, a->file_len) && !memcmp(a->name, b->name, a->name_len);
}

static size_t pow2_at_least(size_t n) {
  size_t c = 16;
  while (c < n)
    c <<= 1;
  return c;
}

typedef struct builder {
  rt_arena *scratch;
  id_agg *ids;
  uint32_t nids;
  key_agg *keys;
  uint32_t nkeys;
  uint32_t *key_tab; /* key index + 1 */
  size_t key_mask;
  int collided; /* two ids share a key */
} builder;

/* Key index of function `id`, assigned on first use; UINT32_MAX if the id
 * has no registry entry (a registration still in progress). */
static uint32_t key_of(builder *b, uint32_t id) {
  if (b->ids[id].key)
    return b->ids[id].key - 1;
  const rt_func_info *fi = rt_func_info_get(id);
  if (!fi)
    return UINT32_MAX;
  size_t h = key_hash(fi) & b->key_mask;
  for (;; h = (h + 1) & b->key_mask) {
    uint32_t k = b->key_tab[h];
    if (!k)
      break;
    if (same_key(b->keys[k - 1].fi, fi)) {
      b->ids[id].key = k;
      b->collided = 1;
      return k - 1;
    }
  }
  uint32_t k = b->nkeys++;
  b->keys[k].fi = fi;
  b->key_tab[h] = k + 1;
  b->ids[id].key = k + 1;
  return k;
}

static uint32_t entry_of(void *ctx, uint32_t id) {
  builder *b = ctx;
  return id < b->nids && b->ids[id].key ? b->ids[id].key - 1 : UINT32_MAX;
}

typedef void (*rec_visit)(builder *b, rt_rec *r, void *arg);

static void for_each_rec(rt_tdata *td, uint32_t nids, builder *b, rec_visit fn, void *arg) {
  if (!td->dir)
    return;
  for (uint32_t pg = 0; pg <= (nids - 1) >> RT_PAGE_BITS && pg < RT_DIR_SIZE; pg++) {
    rt_rec **page = td->dir[pg];
    if (!page)
      continue;
    for (uint32_t i = 0; i < RT_PAGE_SIZE; i++)
      if (page[i])
        fn(b, page[i], arg);
  }
}

static void sum_rec(builder *b, rt_rec *r, void *arg) {
  size_t *nedges = arg;
  if (r->id >= b->nids)
    return;
  id_agg *a = &b->ids[r->id];
  a->nc += r->callcount;
  a->rc += r->reccallcount;
  a->tt += r->tt;
  a->it += r->it;
  *nedges += r->nedges;
}

typedef struct edge_pass {
  edge_agg *edges;
  size_t n;
  uint32_t *tab; /* edge index + 1; NULL: every pair is new (no summing) */
  size_t mask;
} edge_pass;

static void add_edges(builder *b, rt_rec *caller, void *arg) {
  edge_pass *ep = arg;
  for (uint32_t i = 0; i < caller->edge_cap; i++) {
    rt_edge *e = caller->edges[i];
    if (!e || !e->callcount || e->callee >= b->nids || caller->id >= b->nids)
      continue;
    uint32_t ck = key_of(b, caller->id), fk = key_of(b, e->callee);
    if (ck == UINT32_MAX || fk == UINT32_MAX)
      continue;
    edge_agg *a = NULL;
    size_t h = ep->tab ? mix(((uint64_t)ck << 32) | fk) & ep->mask : 0;
    for (; ep->tab; h = (h + 1) & ep->mask) {
      uint32_t k = ep->tab[h];
      if (!k)
        break;
      if (ep->edges[k - 1].caller == ck && ep->edges[k - 1].callee == fk) {
        a = &ep->edges[k - 1];
        break;
      }
    }
    if (!a) {
      a = &ep->edges[ep->n++];
      if (ep->tab)
        ep->tab[h] = (uint32_t)ep->n;
      a->caller = ck;
      a->callee = fk;
    }
    a->nc += e->callcount;
    a->rc += e->reccallcount;
    a->tt += e->tt;
    a->it += e->it;
  }
}

cprof_stats *rt_stats_build(struct cprof_profile *p, rt_tdata *only) {
  rt_cyg_resolve_names();
  rt_arena keep = {0}, scratch = {0};
  stats_impl *si = rt_arena_alloc(&keep, sizeof *si);
  if (!si)
    return NULL;
  builder b = {.scratch = &scratch};
  b.nids = rt_id_limit();
  b.ids = rt_arena_alloc(&scratch, (size_t)b.nids * sizeof(id_agg));
  if (!b.ids)
    goto fail;

  /* 1. function records, summed per id over the threads */
  size_t max_edges = 0;
  for (rt_tdata *td = only ? only : atomic_load(&p->tdatas); td; td = only ? NULL : td->next_in_prof)
    for_each_rec(td, b.nids, &b, sum_rec, &max_edges);

  /* 2. keys of the functions called, in id (first-call) order */
  size_t used = 0;
  for (uint32_t id = 1; id < b.nids; id++)
    if (b.ids[id].nc)
      used++;
  size_t maxkeys = used + max_edges + 1; /* callers with no calls of their own */
  if (maxkeys > b.nids)
    maxkeys = b.nids;
  b.keys = rt_arena_alloc(&scratch, maxkeys * sizeof(key_agg));
  b.key_mask = pow2_at_least(maxkeys * 2) - 1;
  b.key_tab = rt_arena_alloc(&scratch, (b.key_mask + 1) * sizeof(uint32_t));
  if (!b.keys || !b.key_tab)
    goto fail;
  for (uint32_t id = 1; id < b.nids; id++) {
    id_agg *a = &b.ids[id];
    if (!a->nc)
      continue;
    uint32_t k = key_of(&b, id);
    if (k == UINT32_MAX)
      continue;
    b.keys[k].nc += a->nc;
    b.keys[k].rc += a->rc;
    b.keys[k].tt += a->tt;
    b.keys[k].it += a->it;
  }

  /* 3. edges, summed per (caller key, callee key). With one thread and no
   * two functions sharing a key, every (caller, callee) pair is already
   * unique: the hash table (the costly part with a million edges) is
   * skipped. A key shared by callers met only here restarts with it. */
  size_t ntd = 0;
  for (rt_tdata *td = only ? only : atomic_load(&p->tdatas); td; td = only ? NULL : td->next_in_prof)
    ntd++;
  edge_pass ep = {0};
  ep.edges = rt_arena_alloc(&scratch, (max_edges + 1) * sizeof(edge_agg));
  if (!ep.edges)
    goto fail;
  for (int dedup = ntd > 1 || b.collided;; dedup = 1) {
    ep.n = 0;
    ep.tab = NULL;
    if (dedup) {
      ep.mask = pow2_at_least(max_edges * 2) - 1;
      ep.tab = rt_arena_alloc(&scratch, (ep.mask + 1) * sizeof(uint32_t));
      if (!ep.tab)
        goto fail;
    }
    int collided_before = b.collided;
    for (rt_tdata *td = only ? only : atomic_load(&p->tdatas); td;
         td = only ? NULL : td->next_in_prof)
      for_each_rec(td, b.nids, &b, add_edges, &ep);
    if (dedup || b.collided == collided_before)
      break;
    memset(ep.edges, 0, ep.n * sizeof(edge_agg));
  }

  /* 4. order edges by (callee, caller): counting sort by caller, then a
   * stable counting sort by callee. */
  size_t nk = b.nkeys;
  size_t *count = rt_arena_alloc(&scratch, (nk + 1) * sizeof(size_t));
  edge_agg *tmp = rt_arena_alloc(&scratch, (ep.n + 1) * sizeof(edge_agg));
  if (!count || !tmp)
    goto fail;
  for (int pass = 0; pass < 2; pass++) {
    edge_agg *src = pass == 0 ? ep.edges : tmp, *dst = pass == 0 ? tmp : ep.edges;
    memset(count, 0, (nk + 1) * sizeof(size_t));
    for (size_t i = 0; i < ep.n; i++)
      count[(pass ? src[i].callee : src[i].caller) + 1]++;
    for (size_t k = 0; k < nk; k++)
      count[k + 1] += count[k];
    for (size_t i = 0; i < ep.n; i++)
      dst[count[pass ? src[i].callee : src[i].caller]++] = src[i];
  }

  /* 5. the public snapshot */
  double unit = rt_timer_unit(&p->timer);
  cprof_stat_entry *ent = rt_arena_alloc(&keep, (nk + 1) * sizeof *ent);
  cprof_stat_edge *edg = rt_arena_alloc(&keep, (ep.n + 1) * sizeof *edg);
  if (!ent || !edg)
    goto fail;
  for (size_t k = 0; k < nk; k++) {
    key_agg *ka = &b.keys[k];
    ent[k].file = ka->fi->file;
    ent[k].line = ka->fi->line;
    ent[k].name = ka->fi->name;
    ent[k].nc = ka->nc;
    ent[k].cc = ka->nc - ka->rc;
    ent[k].tt = (double)ka->it * unit;
    ent[k].ct = (double)ka->tt * unit;
  }
  for (size_t i = 0; i < ep.n;) {
    size_t callee = ep.edges[i].callee;
    ent[callee].callers = &edg[i];
    size_t j = i;
    for (; j < ep.n && ep.edges[j].callee == callee; j++) {
      edge_agg *a = &ep.edges[j];
      edg[j].caller = a->caller;
      edg[j].nc = a->nc;
      edg[j].cc = a->nc - a->rc;
      edg[j].tt = (double)a->it * unit;
      edg[j].ct = (double)a->tt * unit;
    }
    ent[callee].ncallers = j - i;
    i = j;
  }
  si->pub.n = nk;
  si->pub.entries = ent;
  si->pub.nedges = ep.n;
  rt_ext_source src = {.prof = p, .only = only, .st = &si->pub, .keep = &keep,
                       .entry_of = entry_of, .entry_ctx = &b};
  rt_ext_capture(&src, si->ext);
  rt_arena_release(&scratch);
  si->arena = keep; /* the arena holds si itself: copy it in last */
  return &si->pub;
fail:
  rt_arena_release(&scratch);
  rt_arena_release(&keep);
  return NULL;
}

void *const *rt_stats_ext(const cprof_stats *st) { return ((const stats_impl *)st)->ext; }

void cprof_stats_free(cprof_stats *s) {
  if (!s)
    return;
  stats_impl *si = (stats_impl *)s;
  rt_arena a = si->arena;
  rt_arena_release(&a);
}
