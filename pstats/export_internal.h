/* Helpers shared by the exports (export.c). */
#ifndef CPROF_PSTATS_EXPORT_INTERNAL_H
#define CPROF_PSTATS_EXPORT_INTERNAL_H

#include "browser.h"
#include "pstats_internal.h"

/* Position of key k in the dictionary, or -1. */
long pst_x_find(const pst_stats *s, pst_key k);

/* Callees of every entry: the edges whose caller is that entry. */
typedef struct pst_x_call {
  uint32_t callee; /* entry position */
  uint32_t edge;   /* index in the callee's callers table */
} pst_x_call;
typedef struct pst_x_calls {
  size_t *start; /* items of entry i: [start[i], start[i+1]) */
  pst_x_call *items;
} pst_x_calls;
int pst_x_callees(const pst_stats *s, pst_x_calls *c);
void pst_x_callees_free(pst_x_calls *c);

/* A number as JSON: ints exactly, floats as Python's repr (shortest
 * round-trip), non-finite floats as null. */
void pst_x_put_number(FILE *out, pst_num v);

#endif
