/* libFuzzer target for the pstats dump reader: any byte sequence must load
 * or fail with a one-line error, never crash, hang or allocate without
 * bound. Inputs that load are also stripped, sorted and printed (callers and
 * callees too), so the model and the printer see every accepted shape.
 * The loader's fast scanner (dump_scan.c) must agree with the general
 * reader on every input: the same acceptance, message and model, loading
 * and adding.
 *
 * Build and run: see ../README.md (ctest -R pstats-fuzz runs it for 60 s). */
#include "pstats_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int same_num(pst_num a, pst_num b) {
  return a.is_int == b.is_int && (a.is_int ? a.i == b.i : memcmp(&a.f, &b.f, 8) == 0);
}

/* The two models hold the same dictionary, bit for bit, in the same order. */
static int same_stats(const pst_stats *a, const pst_stats *b) {
  if (a->n_entries != b->n_entries || a->total_calls != b->total_calls ||
      a->prim_calls != b->prim_calls || !same_num(a->total_tt, b->total_tt) ||
      a->n_top_level != b->n_top_level || a->n_files != b->n_files)
    return 0;
  for (size_t i = 0; i < a->n_top_level; i++)
    if (a->top_level[i] != b->top_level[i])
      return 0;
  for (size_t i = 0; i < a->n_files; i++)
    if (strcmp(a->files[i], b->files[i]) != 0)
      return 0;
  for (size_t i = 0; i < a->n_entries; i++) {
    const pst_entry *x = &a->entries[i], *y = &b->entries[i];
    if (x->key != y->key || x->cc != y->cc || x->nc != y->nc || !same_num(x->tt, y->tt) ||
        !same_num(x->ct, y->ct) || x->n_edges != y->n_edges)
      return 0;
    for (uint32_t j = 0; j < x->n_edges; j++) {
      const pst_edge *e = &x->edges[j], *f = &y->edges[j];
      if (e->caller != f->caller || e->is_tuple != f->is_tuple || e->nc != f->nc ||
          e->cc != f->cc || (e->is_tuple && (!same_num(e->tt, f->tt) || !same_num(e->ct, f->ct))))
        return 0;
    }
  }
  return 1;
}

/* Load (then add) the input through the loader and through the general
 * reader alone: any difference is a bug of the scanner. */
static void check_scanner(pst_names *names, const uint8_t *data, size_t size) {
  pst_stats *fast = pst_stats_new(names), *slow = pst_stats_new(names);
  pst_error ef, es;
  int rf = pst_stats_load_buffer(fast, data, size, "fuzz", &ef);
  int rs = pst_read_dump(slow, data, size, "fuzz", &es);
  if (rf != rs || (rf != 0 && strcmp(ef.msg, es.msg) != 0) || (rf == 0 && !same_stats(fast, slow)))
    abort();
  if (rf == 0) {
    pst_dump_file f = {(unsigned char *)data, size, 0, (char *)"fuzz"};
    rf = pst_stats_add_buffer(fast, data, size, "fuzz", &ef);
    rs = pst_general_add(slow, &f, "fuzz", &es);
    if (rf != rs || (rf != 0 && strcmp(ef.msg, es.msg) != 0) ||
        (rf == 0 && !same_stats(fast, slow)))
      abort();
  }
  pst_stats_free(fast);
  pst_stats_free(slow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *sink;
  if (!sink)
    sink = fopen("/dev/null", "w");
  pst_names *names = pst_names_new();
  check_scanner(names, data, size);
  pst_stats *s = pst_stats_new(names);
  pst_error err;
  if (pst_stats_load_buffer(s, data, size, "fuzz", &err) == 0) {
    /* a loaded model is non-empty and prints */
    if (s->n_entries == 0)
      abort();
    pst_stats *copy = pst_stats_new(names);
    pst_stats_load_buffer(copy, data, size, "fuzz", &err);
    pst_stats_add(s, copy, &err); /* merging a dump with itself */
    pst_stats_free(copy);
    /* the direct add path (may fail on overflowing sums, one line) */
    if (pst_stats_add_buffer(s, data, size, "fuzz", &err) != 0 &&
        (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz: ", 6) != 0))
      abort();
    const char *keys[] = {"cumulative", "name"};
    pst_sort_by_words(s, keys, 2, &err);
    pst_amount amt;
    memset(&amt, 0, sizeof amt);
    amt.kind = PST_AMOUNT_FRACTION;
    amt.fraction = 0.5;
    pst_print_stats(s, sink, &amt, 1, &err);
    pst_print_callers(s, sink, NULL, 0, &err);
    pst_stats_strip_dirs(s, &err);
    pst_sort_by_words(s, (const char *[]){"stdname"}, 1, &err);
    pst_print_callees(s, sink, NULL, 0, &err);
  } else if (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz: ", 6) != 0) {
    abort(); /* errors are one line and name the source */
  }
  pst_stats_free(s);
  pst_names_free(names);
  return 0;
}
