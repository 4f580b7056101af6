/*
 * The calling-context tree (CPROF_TREE=1, cprof_set_tree): per thread and
 * profiler, a node per distinct call path, with cProfile's counts and
 * times for the activations on that path. docs/views.md describes it; the
 * slow parts (creating nodes, snapshot, dump section) are in tree.c, the
 * parts the hooks inline are here.
 *
 * Folding. A path never holds a function twice: entering f from node N
 * when f is already on N's path (N itself or an ancestor) re-enters that
 * ancestor node instead of making a child. Recursion, direct or mutual,
 * therefore adds no node: a million-deep recursion uses the nodes of one
 * level, the time of the inner activations lands in the outer nodes (as
 * callgrind's and HPCToolkit's cycle collapsing does), and the tree is at
 * most as deep as the number of distinct functions. The decision is made
 * once per (node, function): N's child table maps f to the child or to the
 * ancestor re-entered, so an event costs one lookup, like an edge.
 *
 * Accounting per node is cProfile's per function: `level` counts the
 * node's open activations; the outermost one adds its cumulative time,
 * the others count as recursive calls; every activation adds its own time.
 */
#ifndef CPROF_TREE_H
#define CPROF_TREE_H

#include "rt.h"

typedef struct rt_node {
  uint32_t func;   /* function id; 0 for the root */
  uint32_t parent; /* node index (the root's is 0) */
  uint32_t level;  /* open activations */
  uint32_t last;   /* the node last entered from here: a one-entry cache */
  uint64_t callcount, reccallcount;
  int64_t tt, it;  /* ticks: cumulative (outermost), inline */
  uint32_t *kids;  /* open addressing by function id: node entered from here */
  uint32_t nkids, kid_cap;
} rt_node;

/* The node entered when function `id` is called from node `parent`, if
 * that was decided before; 0 otherwise (tree.c decides). */
static inline uint32_t rt_tree_find(const rt_tdata *td, uint32_t parent, uint32_t id) {
  rt_node *nodes = td->nodes;
  if (!nodes)
    return 0;
  rt_node *n = &nodes[parent];
  uint32_t c = n->last;
  if (LIKELY(c && nodes[c].func == id))
    return c;
  if (!n->kid_cap)
    return 0;
  uint32_t mask = n->kid_cap - 1;
  for (uint32_t h = rt_edge_hash(id, mask);; h = (h + 1) & mask) {
    c = n->kids[h];
    if (!c)
      return 0;
    if (nodes[c].func == id)
      return n->last = c;
  }
}

/* rt_tree_find, deciding (and recording) when it is the first time: the
 * ancestor of that function, or a new child. 0: out of memory. */
uint32_t rt_tree_enter_slow(rt_tdata *td, uint32_t parent, uint32_t id);

/* The node a new frame of `id` gets on td, counted as open; 0 if it must
 * be decided by rt_tree_enter_slow first. */
static inline uint32_t rt_tree_open(rt_tdata *td, uint32_t id) {
  size_t depth = td->depth;
  uint32_t n = rt_tree_find(td, depth ? td->stack[depth - 1].node : 0, id);
  if (LIKELY(n))
    td->nodes[n].level++;
  return n;
}

/* account()'s times for the frame's node. */
static inline void rt_tree_account(rt_tdata *td, uint32_t node, int64_t inl, int64_t total) {
  rt_node *n = &td->nodes[node];
  if (--n->level == 0)
    n->tt += total;
  else
    n->reccallcount++;
  n->it += inl;
  n->callcount++;
}

/* Forget every node (the frames must be gone: cprof_clear, thread reset). */
void rt_tree_reset(rt_tdata *td);
/* Zero the counts, keeping the nodes of open frames (a fork child). */
void rt_tree_zero(rt_tdata *td);

/* The dump section "tree" (dump_ext.c). */
void *rt_tree_capture(const rt_ext_source *src);
void rt_tree_write(rt_dump_out *o, const void *data);

#endif /* CPROF_TREE_H */
