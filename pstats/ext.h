/* The cprof extension of dumps inside the pstats library (ext.c reads,
 * merges and strips it; ext_write.c writes it). docs/dump-extension.md
 * describes the format; each section has one line in each table. */
#ifndef CPROF_PSTATS_EXT_H
#define CPROF_PSTATS_EXT_H

#include "pstats_internal.h"

#define PST_EXT_VERSION 1 /* the "cprof" key this reader understands */

/* A marshal value of the types a dump may hold (meta runs, sections this
 * pstats does not know). */
typedef struct pst_val {
  uint8_t type; /* PST_M_* */
  uint32_t n;   /* str: bytes; tuple: items; dict: 2 per pair */
  union {
    int64_t i;
    double f;
    char *s;
    struct pst_val *items;
  } u;
} pst_val;

void pst_val_free(pst_val *v);
/* The value of a dict's str key, or NULL. */
const pst_val *pst_val_get(const pst_val *dict, const char *key);

/* The sections this pstats knows, in the order they are written. */
enum { PST_EXT_META, PST_EXT_TREE, PST_EXT_N };

typedef struct pst_unknown_section {
  char *name;
  pst_val value;
} pst_unknown_section;

struct pst_ext {
  size_t n_dumps;         /* dumps merged, with an extension or not */
  size_t have[PST_EXT_N]; /* dumps that had each known section */
  void *data[PST_EXT_N];  /* each known section's merged data, or NULL */
  pst_unknown_section *unknown; /* kept only while n_dumps == 1 */
  size_t n_unknown;
  int stripped; /* strip_dirs ran: unknown sections may name old keys */
  char **damaged, **dropped;
  size_t n_damaged, n_dropped;
};

/* meta: a tuple of run dicts (pst_val), concatenated by merging. */
typedef struct pst_meta {
  pst_val runs; /* PST_M_TUPLE */
} pst_meta;

/* tree: nodes in an order where a parent precedes its children; index:
 * (parent + 1) << 32 | key -> node (parent PST_NONE + 1 = 0: top level) */
typedef struct pst_tree {
  pst_tree_node *nodes;
  size_t n, cap;
  pst_keymap index;
} pst_tree;

/* Write s's extension (if it has anything to write) after the stats dict
 * (ext_write.c, through common/marshal_write); 0, or -1 out of memory. */
struct cprof_marshal_writer;
int pst_ext_write(struct cprof_marshal_writer *mw, const pst_stats *s);

#endif
