/*
 * The calling-context tree's slow parts (tree.h has the model and the
 * inlined parts): deciding the node of a first (node, function) meeting,
 * resetting, and the dump section "tree": every thread's tree merged by
 * path (functions compared by key, as the flat statistics merge them).
 *
 * Memory: nodes live in one mmap'd array per (thread, profiler), doubled
 * when full (indexes, not pointers, so it may move); child tables come
 * from the thread's arena. 64 bytes per node plus 4-8 bytes per child slot.
 */
#include "tree.h"

#include <string.h>

#include "marshal_write.h"

static int nodes_grow(rt_tdata *td) {
  uint32_t cap = td->node_cap ? td->node_cap * 2 : 1024;
  if (cap <= td->node_cap) /* 2^32 nodes */
    return -1;
  rt_node *n = td->nodes ? rt_remap(td->nodes, (size_t)td->node_cap * sizeof *n,
                                    (size_t)cap * sizeof *n)
                         : rt_map((size_t)cap * sizeof *n);
  if (!n)
    return -1;
  td->nodes = n;
  td->node_cap = cap;
  if (!td->n_nodes)
    td->n_nodes = 1; /* the root: func 0, zeroed */
  return 0;
}

static int kids_grow(rt_tdata *td, rt_node *n) {
  uint32_t cap = n->kid_cap ? n->kid_cap * 2 : 4;
  uint32_t *k = rt_arena_alloc(&td->arena, (size_t)cap * sizeof *k);
  if (!k)
    return -1;
  for (uint32_t i = 0; i < n->kid_cap; i++) {
    uint32_t c = n->kids[i];
    if (!c)
      continue;
    uint32_t h = rt_edge_hash(td->nodes[c].func, cap - 1);
    while (k[h])
      h = (h + 1) & (cap - 1);
    k[h] = c;
  }
  n->kids = k;
  n->kid_cap = cap;
  return 0;
}

uint32_t rt_tree_enter_slow(rt_tdata *td, uint32_t parent, uint32_t id) {
  if (!td->nodes && nodes_grow(td) != 0)
    return 0;
  uint32_t found = rt_tree_find(td, parent, id);
  if (found)
    return found;
  /* f on the path already: re-enter its node (folding, tree.h) */
  uint32_t target = 0;
  for (uint32_t a = parent; a; a = td->nodes[a].parent)
    if (td->nodes[a].func == id) {
      target = a;
      break;
    }
  if (!target) {
    if (td->n_nodes == td->node_cap && nodes_grow(td) != 0)
      return 0;
    target = td->n_nodes++;
    rt_node *c = &td->nodes[target];
    memset(c, 0, sizeof *c);
    c->func = id;
    c->parent = parent;
  }
  rt_node *n = &td->nodes[parent];
  if ((n->nkids + 1) * 4 > n->kid_cap * 3 && kids_grow(td, n) != 0)
    return 0;
  uint32_t mask = n->kid_cap - 1, h = rt_edge_hash(id, mask);
  while (n->kids[h])
    h = (h + 1) & mask;
  n->kids[h] = target;
  n->nkids++;
  return n->last = target;
}

void rt_tree_reset(rt_tdata *td) {
  if (td->nodes)
    rt_unmap(td->nodes, (size_t)td->node_cap * sizeof(rt_node));
  td->nodes = NULL; /* the child tables went with the thread's arena */
  td->n_nodes = td->node_cap = 0;
}

void rt_tree_zero(rt_tdata *td) {
  for (uint32_t i = 1; i < td->n_nodes; i++) {
    rt_node *n = &td->nodes[i];
    n->callcount = n->reccallcount = 0;
    n->tt = n->it = 0;
  }
}

/* ---- snapshot and dump ---------------------------------------------------- */

#define NO_NODE UINT32_MAX

typedef struct tree_out_node {
  uint32_t parent; /* NO_NODE: top level */
  uint32_t key;    /* index into keys */
  uint64_t nc, cc;
  double tt, ct;
} tree_out_node;

typedef struct tree_snap {
  uint32_t n, nkeys;
  tree_out_node *nodes;
  uint32_t *keys; /* entry indexes in the snapshot */
} tree_snap;

typedef struct merged {
  uint32_t parent, entry;
  uint64_t nc, rc;
  int64_t tt, it;
} merged;

static uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 31;
  return h;
}

void *rt_tree_capture(const rt_ext_source *src) {
  struct cprof_profile *p = src->prof;
  if (!p->tree)
    return NULL;
  size_t total = 0, widest = 0;
  for (rt_tdata *td = src->only ? src->only : atomic_load(&p->tdatas); td;
       td = src->only ? NULL : td->next_in_prof) {
    total += td->n_nodes;
    if (td->n_nodes > widest)
      widest = td->n_nodes;
  }
  if (total >= UINT32_MAX / 2)
    return NULL;
  rt_arena scratch = {0};
  size_t cap = 16;
  while (cap < 2 * total + 2)
    cap <<= 1;
  merged *m = rt_arena_alloc(&scratch, (total + 1) * sizeof *m);
  uint32_t *tab = rt_arena_alloc(&scratch, cap * sizeof *tab); /* merged index + 1 */
  uint32_t *map = rt_arena_alloc(&scratch, (widest + 1) * sizeof *map);
  uint8_t *alive = rt_arena_alloc(&scratch, widest + 1);
  tree_snap *snap = rt_arena_alloc(src->keep, sizeof *snap);
  if (!m || !tab || !map || !alive || !snap) {
    rt_arena_release(&scratch);
    return NULL;
  }
  uint32_t nm = 0;
  for (rt_tdata *td = src->only ? src->only : atomic_load(&p->tdatas); td;
       td = src->only ? NULL : td->next_in_prof) {
    uint32_t n = td->n_nodes;
    if (n < 2)
      continue;
    /* a node is written if it or a descendant was called (a dump taken
     * while frames are open: their nodes have no calls yet) */
    memset(alive, 0, n);
    for (uint32_t i = n - 1; i >= 1; i--)
      if (td->nodes[i].callcount || alive[i])
        alive[td->nodes[i].parent] = alive[i] = 1;
    map[0] = NO_NODE;
    for (uint32_t i = 1; i < n; i++) {
      const rt_node *nd = &td->nodes[i];
      uint32_t pm = map[nd->parent];
      uint32_t entry = src->entry_of(src->entry_ctx, nd->func);
      map[i] = NO_NODE - 1; /* left out, and so is its subtree */
      if (!alive[i] || entry == UINT32_MAX || (nd->parent && pm >= NO_NODE - 1))
        continue;
      size_t h = mix(((uint64_t)pm << 32) ^ entry) & (cap - 1);
      uint32_t k;
      for (; (k = tab[h]); h = (h + 1) & (cap - 1))
        if (m[k - 1].parent == pm && m[k - 1].entry == entry)
          break;
      if (!k) {
        k = tab[h] = ++nm;
        m[k - 1].parent = pm;
        m[k - 1].entry = entry;
      }
      merged *x = &m[k - 1];
      x->nc += nd->callcount;
      x->rc += nd->reccallcount;
      x->tt += nd->tt;
      x->it += nd->it;
      map[i] = k - 1;
    }
  }
  /* keys in first-use order */
  uint32_t *key_of_entry = rt_arena_alloc(&scratch, (src->st->n + 1) * sizeof(uint32_t));
  snap->nodes = rt_arena_alloc(src->keep, ((size_t)nm + 1) * sizeof *snap->nodes);
  snap->keys = rt_arena_alloc(src->keep, ((size_t)nm + 1) * sizeof *snap->keys);
  if (!key_of_entry || !snap->nodes || !snap->keys) {
    rt_arena_release(&scratch);
    return NULL;
  }
  double unit = rt_timer_unit(&p->timer);
  for (uint32_t i = 0; i < nm; i++) {
    uint32_t e = m[i].entry;
    if (!key_of_entry[e]) {
      snap->keys[snap->nkeys] = e;
      key_of_entry[e] = ++snap->nkeys;
    }
    tree_out_node *o = &snap->nodes[i];
    o->parent = m[i].parent;
    o->key = key_of_entry[e] - 1;
    o->nc = m[i].nc;
    o->cc = m[i].nc - m[i].rc;
    o->tt = (double)m[i].it * unit;
    o->ct = (double)m[i].tt * unit;
  }
  snap->n = nm;
  rt_arena_release(&scratch);
  return snap;
}

static void put_name(cprof_marshal_writer *w, const char *s) { cprof_mw_str(w, s, strlen(s)); }

/* {"keys": ((file, line, name), ...),
 *  "nodes": ((parent, key, ncalls, pcalls, tottime, cumtime), ...)}
 * parent -1: a top-level node; a parent always comes before its children. */
void rt_tree_write(rt_dump_out *o, const void *data) {
  const tree_snap *t = data;
  cprof_marshal_writer *w = rt_dump_mw(o);
  cprof_mw_dict_begin(w);
  put_name(w, "keys");
  cprof_mw_tuple(w, t->nkeys);
  for (uint32_t i = 0; i < t->nkeys; i++)
    rt_dump_put_key(o, t->keys[i]);
  put_name(w, "nodes");
  cprof_mw_tuple(w, t->n);
  for (uint32_t i = 0; i < t->n; i++) {
    const tree_out_node *n = &t->nodes[i];
    cprof_mw_tuple(w, 6);
    cprof_mw_int(w, n->parent == NO_NODE ? -1 : (int64_t)n->parent);
    cprof_mw_int(w, n->key);
    cprof_mw_int(w, (int64_t)n->nc);
    cprof_mw_int(w, (int64_t)n->cc);
    cprof_mw_float(w, n->tt);
    cprof_mw_float(w, n->ct);
  }
  cprof_mw_dict_end(w);
}
