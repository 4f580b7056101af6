/* pstats --diff: the change from one Stats (BASE) to another (NEW) as a
 * Stats of its own, so that the usual sort, restrictions and report
 * printer apply to it; and the regression gate over it. */
#define _GNU_SOURCE
#include "pstats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Python's a - b (int - int stays int). Returns -1 on int64 overflow. */
static int num_sub(pst_num a, pst_num b, pst_num *out) {
  if (a.is_int && b.is_int) {
    int64_t r;
    if (__builtin_sub_overflow(a.i, b.i, &r))
      return -1;
    *out = pst_num_int(r);
    return 0;
  }
  *out = pst_num_float(pst_num_as_double(a) - pst_num_as_double(b));
  return 0;
}

const pst_edge pst_zero_edge = {0, 1, 0, 0, {1, 0, 0.0}, {1, 0, 0.0}};
const pst_entry pst_zero_entry = {0, 0, 0, {1, 0, 0.0}, {1, 0, 0.0}, NULL, 0, 0};

/* out = n - b for one edge; a profile.py count on either side makes the
 * change a count only. */
static int edge_change(const pst_edge *n, const pst_edge *b, pst_edge *out, pst_error *err) {
  out->caller = n != &pst_zero_edge ? n->caller : b->caller;
  out->is_tuple = n->is_tuple && b->is_tuple;
  pst_num zero = pst_num_int(0);
  if (__builtin_sub_overflow(n->nc, b->nc, &out->nc) ||
      __builtin_sub_overflow(n->is_tuple ? n->cc : n->nc, b->is_tuple ? b->cc : b->nc,
                             &out->cc) ||
      num_sub(n->is_tuple ? n->tt : zero, b->is_tuple ? b->tt : zero, &out->tt) ||
      num_sub(n->is_tuple ? n->ct : zero, b->is_tuple ? b->ct : zero, &out->ct))
    return pst_fail(err, "a call count or integer time difference overflows 64 bits");
  return 0;
}

/* The entry of key in s, or zero_entry. */
static const pst_entry *side_entry(const pst_stats *s, pst_key key, long *pos) {
  *pos = pst_stats_find(s, key);
  return *pos >= 0 ? &s->entries[*pos] : &pst_zero_entry;
}

/* delta entry at dpos = n - b, edges: n's callers in order, then b's own. */
static int fill_entry(pst_stats *delta, size_t dpos, const pst_stats *ns, const pst_entry *n,
                      long npos, const pst_stats *bs, const pst_entry *b, long bpos,
                      pst_error *err) {
  pst_entry *e = &delta->entries[dpos];
  if (__builtin_sub_overflow(n->cc, b->cc, &e->cc) ||
      __builtin_sub_overflow(n->nc, b->nc, &e->nc) || num_sub(n->tt, b->tt, &e->tt) ||
      num_sub(n->ct, b->ct, &e->ct))
    return pst_fail(err, "a call count or integer time difference overflows 64 bits");
  for (uint32_t j = 0; j < n->n_edges; j++) {
    long bj = bpos >= 0 ? pst_stats_find_edge(bs, (size_t)bpos, n->edges[j].caller) : -1;
    pst_edge ch;
    if (edge_change(&n->edges[j], bj >= 0 ? &b->edges[bj] : &pst_zero_edge, &ch, err) ||
        pst_stats_edge(delta, dpos, &ch, err))
      return -1;
  }
  for (uint32_t j = 0; j < b->n_edges; j++) {
    if (npos >= 0 && pst_stats_find_edge(ns, (size_t)npos, b->edges[j].caller) >= 0)
      continue;
    pst_edge ch;
    if (edge_change(&pst_zero_edge, &b->edges[j], &ch, err) ||
        pst_stats_edge(delta, dpos, &ch, err))
      return -1;
  }
  return 0;
}

const pst_edge *pst_side_edge(const pst_stats *s, long callee_pos, pst_key caller) {
  if (callee_pos < 0)
    return NULL;
  long j = pst_stats_find_edge(s, (size_t)callee_pos, caller);
  return j >= 0 ? &s->entries[callee_pos].edges[j] : NULL;
}

void pst_diff_free(pst_diff *d) {
  pst_stats_free(d->delta);
  free(d->base_pos);
  free(d->new_pos);
  memset(d, 0, sizeof *d);
}

int pst_diff_build(pst_diff *d, const pst_stats *base, const pst_stats *new_side,
                   pst_error *err) {
  memset(d, 0, sizeof *d);
  if (base->names != new_side->names)
    return pst_fail(err, "statistics to compare use different name tables");
  d->base = base;
  d->new_side = new_side;
  size_t cap = base->n_entries + new_side->n_entries + 1;
  d->delta = pst_stats_new(base->names);
  d->base_pos = malloc(cap * sizeof *d->base_pos);
  d->new_pos = malloc(cap * sizeof *d->new_pos);
  if (!d->delta || !d->base_pos || !d->new_pos)
    goto oom;
  d->delta->holds_changes = 1;
  for (int side = 0; side < 2; side++) {
    const pst_stats *s = side ? base : new_side;
    for (size_t i = 0; i < s->n_entries; i++) {
      pst_key key = s->entries[i].key;
      if (side && pst_stats_find(d->delta, key) >= 0)
        continue; /* in NEW too: done */
      long dpos = pst_stats_entry(d->delta, key);
      if (dpos < 0)
        goto oom;
      long npos, bpos;
      const pst_entry *n = side_entry(new_side, key, &npos);
      const pst_entry *b = side_entry(base, key, &bpos);
      d->new_pos[dpos] = npos;
      d->base_pos[dpos] = bpos;
      if (fill_entry(d->delta, (size_t)dpos, new_side, n, npos, base, b, bpos, err))
        goto fail;
    }
  }
  d->delta->total_calls = new_side->total_calls - base->total_calls;
  d->delta->prim_calls = new_side->prim_calls - base->prim_calls;
  if (num_sub(new_side->total_tt, base->total_tt, &d->delta->total_tt)) {
    pst_fail(err, "the total integer time difference overflows 64 bits");
    goto fail;
  }
  return 0;
oom:
  pst_fail(err, "out of memory");
fail:
  pst_diff_free(d);
  return -1;
}

/* ------------------------------------------------------------ the gate */

/* Did `now` grow from `base` by more than pct %? Any growth from 0 does. */
static int grew_beyond(double base, double now, double pct) {
  if (!(now > base))
    return 0;
  if (base <= 0)
    return 1;
  return (now - base) * 100.0 > pct * base;
}

static double share_of(pst_num part, pst_num total) {
  double t = pst_num_as_double(total);
  return t > 0 ? 100.0 * pst_num_as_double(part) / t : 0.0;
}

int pst_diff_gate(const pst_diff *d, const pst_gate *g, pst_offence **out, size_t *n,
                  pst_error *err) {
  const pst_stats *s = d->delta;
  size_t len = s->order ? s->n_order : s->n_entries, cap = 0;
  *out = NULL;
  *n = 0;
  for (size_t k = 0; k < len; k++) {
    uint32_t pos = s->order ? s->order[k] : (uint32_t)k;
    long bp = d->base_pos[pos], np = d->new_pos[pos];
    const pst_entry *b = bp >= 0 ? &d->base->entries[bp] : &pst_zero_entry;
    const pst_entry *nw = np >= 0 ? &d->new_side->entries[np] : &pst_zero_entry;
    double share = fmax(share_of(b->ct, d->base->total_tt), share_of(nw->ct, d->new_side->total_tt));
    pst_offence found[2];
    size_t nf = 0;
    if (g->fail_calls >= 0 && grew_beyond((double)b->nc, (double)nw->nc, g->fail_calls))
      found[nf++] = (pst_offence){pos, 0, (double)b->nc, (double)nw->nc, share};
    double bct = pst_num_as_double(b->ct), nct = pst_num_as_double(nw->ct);
    if (g->fail_time >= 0 && share >= g->min_share && grew_beyond(bct, nct, g->fail_time))
      found[nf++] = (pst_offence){pos, 1, bct, nct, share};
    if (!nf)
      continue;
    if (*n + nf > cap) {
      cap = cap ? cap * 2 : 16;
      pst_offence *no = realloc(*out, cap * sizeof *no);
      if (!no) {
        free(*out);
        *out = NULL;
        *n = 0;
        return pst_fail(err, "out of memory");
      }
      *out = no;
    }
    memcpy(*out + *n, found, nf * sizeof *found);
    *n += nf;
  }
  return 0;
}

static void put_change_pct(FILE *out, double base, double now) {
  if (base > 0)
    fprintf(out, "%+.1f%%", (now - base) * 100.0 / base);
  else
    fputs(now > 0 ? "from 0" : "0", out);
}

int pst_print_offences(const pst_diff *d, const pst_gate *g, const pst_offence *o,
                       size_t n, const char *prefix, FILE *out, pst_error *err) {
  char *std = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < n; i++) {
    long len = pst_std_string(d->delta->names, d->delta->entries[o[i].pos].key, &std, &cap);
    if (len < 0) {
      free(std);
      return pst_fail(err, "out of memory");
    }
    int is_new = d->base_pos[o[i].pos] < 0;
    fprintf(out, "%sregression: %.*s: ", prefix, (int)len, std);
    if (o[i].in_time)
      fprintf(out, "cumtime %.6f -> %.6f s (", o[i].base, o[i].now);
    else
      fprintf(out, "calls %.0f -> %.0f (", o[i].base, o[i].now);
    if (is_new)
      fputs("new function", out);
    else
      put_change_pct(out, o[i].base, o[i].now);
    fprintf(out, ", limit +%g%%", o[i].in_time ? g->fail_time : g->fail_calls);
    if (o[i].in_time)
      fprintf(out, ", %.1f%% of the time", o[i].share);
    fputs(")\n", out);
  }
  free(std);
  return 0;
}
