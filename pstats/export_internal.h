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

/* A JSON string of UTF-8 text (encoded surrogates as \\uXXXX). */
void pst_x_put_string(FILE *out, const char *s, size_t n);
/* The same, safe inside an HTML <script> element (<, >, & escaped). */
void pst_x_put_string_html(FILE *out, const char *s, size_t n);

/* The paths of the profile as a tree of frames (export_flame.c), for the
 * flame graph exports: the calling-context tree when the dumps have one;
 * else estimated from the caller->callee edges (`estimated`: a callee's
 * time under each path is split in proportion to its callers' edges, which
 * is what edge-based flame graphs show, and can be wrong). */
typedef struct pst_x_frame {
  uint32_t parent; /* PST_TREE_TOP at the top; parents come first */
  uint32_t entry;  /* position in s->entries, or PST_NONE (a key with no entry) */
  pst_key key;
  int64_t nc;      /* calls along this path (estimated: of the edge) */
  double self;     /* own time, seconds */
  double total;    /* self + the children's totals */
} pst_x_frame;
typedef struct pst_x_frames {
  pst_x_frame *f;
  size_t n;
  int estimated;
} pst_x_frames;
int pst_x_frames_build(const pst_stats *s, pst_x_frames *fr, pst_error *err);
void pst_x_frames_free(pst_x_frames *fr);
/* A frame's label: "name (file:line)", builtins as print_stats shows them
 * ("{built-in method X}"); malloc'd. */
char *pst_x_frame_label(const pst_names *n, pst_key k);

int pst_export_folded(pst_stats *s, FILE *out, pst_error *err);
int pst_export_speedscope(pst_stats *s, FILE *out, pst_error *err);
int pst_export_html(pst_stats *s, FILE *out, pst_error *err);

#endif
