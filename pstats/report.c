/* THE report printer: print_stats, print_callers, print_callees (§6.5, §6.8,
 * §6.9) byte for byte as Python's pstats prints them. Needs no regex engine:
 * regex restrictions carry their own matcher (pst_amount.match). */
#define _GNU_SOURCE
#include "pstats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef pst_print_list print_list;

static int repr_amount(pst_buf *b, const pst_amount *a) {
  switch (a->kind) {
  case PST_AMOUNT_COUNT:
    return pst_buf_printf(b, "%lld", (long long)a->count);
  case PST_AMOUNT_FRACTION:
    return pst_repr_float(b, a->fraction);
  default:
    return pst_repr_str(b, a->text, a->text_len);
  }
}

/* eval_print_amount */
static int apply_amount(const pst_stats *s, print_list *pl, const pst_amount *a,
                        char **std, size_t *std_cap, pst_error *err) {
  size_t old = pl->n, keep = old;
  if (a->kind == PST_AMOUNT_BADREGEX) {
    if (pst_buf_put(&pl->msg, "   <Invalid regular expression ", 31) ||
        pst_repr_str(&pl->msg, a->text, a->text_len) || pst_buf_put(&pl->msg, ">\n", 2))
      return pst_fail(err, "out of memory");
    return 0;
  }
  if (a->kind == PST_AMOUNT_REGEX) {
    size_t k = 0;
    for (size_t i = 0; i < pl->n; i++) {
      long len = pst_std_string(s->names, s->entries[pl->v[i]].key, std, std_cap);
      if (len < 0)
        return pst_fail(err, "out of memory");
      int m = a->match(a->match_ctx, *std, (size_t)len);
      if (m < 0) {
        pst_buf r = {0};
        pst_repr_str(&r, a->text, a->text_len);
        pst_fail(err, "regular expression %s: the matcher gave up on '%.*s' "
                      "(match limit)", r.p ? r.p : "", (int)len, *std);
        pst_buf_free(&r);
        return -1;
      }
      if (m)
        pl->v[k++] = pl->v[i];
    }
    keep = k;
  } else if (a->kind == PST_AMOUNT_FRACTION) {
    if (a->fraction >= 0.0 && a->fraction < 1.0)
      keep = (size_t)((double)old * a->fraction + 0.5);
  } else if (a->count >= 0 && (uint64_t)a->count < old) {
    keep = (size_t)a->count;
  }
  pl->n = keep;
  if (keep != old) {
    if (pst_buf_printf(&pl->msg, "   List reduced from %zu to %zu due to restriction <",
                       old, keep) ||
        repr_amount(&pl->msg, a) || pst_buf_put(&pl->msg, ">\n", 2))
      return pst_fail(err, "out of memory");
  }
  return 0;
}

/* get_print_list: the ordered, restricted list; n == 0 means print nothing. */
int pst_get_print_list(const pst_stats *s, const pst_amount *amounts, size_t na,
                          print_list *pl, pst_error *err) {
  memset(pl, 0, sizeof *pl);
  size_t n = s->n_entries;
  pl->v = malloc((n ? n : 1) * sizeof *pl->v);
  if (!pl->v)
    return pst_fail(err, "out of memory");
  int rc;
  if (s->order && s->n_order) {
    memcpy(pl->v, s->order, s->n_order * sizeof *pl->v);
    pl->n = s->n_order;
    rc = pst_buf_printf(&pl->msg, "   Ordered by: %s\n", s->sort_type);
  } else {
    for (size_t i = 0; i < n; i++)
      pl->v[i] = (uint32_t)i;
    pl->n = n;
    rc = pst_buf_printf(&pl->msg, "   Random listing order was used\n");
  }
  if (rc)
    return pst_fail(err, "out of memory");
  char *std = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < na; i++)
    if (apply_amount(s, pl, &amounts[i], &std, &cap, err) != 0) {
      free(std);
      return -1;
    }
  free(std);
  size_t w = 0;
  for (size_t i = 0; i < pl->n; i++) {
    size_t x = pst_std_width(s->names, s->entries[pl->v[i]].key);
    if (x > w)
      w = x;
  }
  pl->width = w + 2;
  return 0;
}

void pst_free_print_list(print_list *pl) {
  free(pl->v);
  pst_buf_free(&pl->msg);
}

/* f8: "%8.3f" as Python prints it ("nan" never "-nan"). */
static void put_f(FILE *out, double v, int width) {
  if (isnan(v))
    fprintf(out, "%*s", width, "nan");
  else
    fprintf(out, "%*.3f", width, v);
}

static void put_f8(FILE *out, pst_num n) { put_f(out, pst_num_as_double(n), 8); }

/* Python's x / n for a count n (true division). */
static double per_call(pst_num x, int64_t n) {
  return pst_num_as_double(x) / (double)n;
}

static void put_spaces(FILE *out, size_t n);

/* "f8(t) f8(t/n) ", the per-call column blank when n == 0 (print_line) */
static void put_time_per_call(FILE *out, pst_num t, int64_t n) {
  put_f8(out, t);
  fputc(' ', out);
  if (n == 0)
    put_spaces(out, 8);
  else
    put_f(out, per_call(t, n), 8);
  fputc(' ', out);
}

static void put_spaces(FILE *out, size_t n) {
  static const char sp[] = "                                ";
  while (n) {
    size_t k = n < 32 ? n : 32;
    fwrite(sp, 1, k, out);
    n -= k;
  }
}

/* std(key).ljust(width) */
static int put_name(FILE *out, const pst_stats *s, pst_key k, size_t width,
                    char **buf, size_t *cap) {
  long len = pst_std_string(s->names, k, buf, cap);
  if (len < 0)
    return -1;
  fwrite(*buf, 1, (size_t)len, out);
  size_t w = pst_utf8_codepoints(*buf, (size_t)len);
  if (w < width)
    put_spaces(out, width - w);
  return 0;
}

/* "nc" or "nc/cc", right-aligned; with a sign for changes */
static void put_counts(FILE *out, int64_t nc, int64_t cc, int width, int sign) {
  char t[48];
  if (nc == cc)
    snprintf(t, sizeof t, sign ? "%+lld" : "%lld", (long long)nc);
  else
    snprintf(t, sizeof t, sign ? "%+lld/%+lld" : "%lld/%lld", (long long)nc, (long long)cc);
  fprintf(out, "%*s", width, t);
}

static void put_count(FILE *out, int64_t nc, int64_t cc, int width) {
  put_counts(out, nc, cc, width, 0);
}

/* str() of a 128-bit int into buf (at least 41 bytes). */
static const char *format_i128(__int128 v, char *buf) {
  char *p = buf + 47;
  *p = 0;
  unsigned __int128 m = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  do {
    *--p = (char)('0' + (int)(m % 10));
    m /= 10;
  } while (m);
  if (v < 0)
    *--p = '-';
  return p;
}

int pst_print_stats(pst_stats *s, FILE *out, const pst_amount *amounts,
                    size_t n_amounts, pst_error *err) {
  print_list pl;
  if (pst_get_print_list(s, amounts, n_amounts, &pl, err) != 0) {
    pst_free_print_list(&pl);
    return -1;
  }
  for (size_t i = 0; i < s->n_files; i++)
    fprintf(out, "%s\n", s->files[i]);
  if (s->n_files)
    fputc('\n', out);
  for (size_t i = 0; i < s->n_top_level; i++) {
    size_t len;
    const char *name =
        pst_str_text(s->names, pst_key_info(s->names, s->top_level[i])->name, &len);
    fputs("         ", out);
    fwrite(name, 1, len, out);
    fputc('\n', out);
  }
  char num[48];
  fprintf(out, "         %s function calls ", format_i128(s->total_calls, num));
  if (s->total_calls != s->prim_calls)
    fprintf(out, "(%s primitive calls) ", format_i128(s->prim_calls, num));
  fputs("in ", out);
  put_f(out, pst_num_as_double(s->total_tt), 0);
  fputs(" seconds\n\n", out);
  if (pl.n) {
    fputs(pl.msg.p, out);
    fputc('\n', out);
    fputs("   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n", out);
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < pl.n; i++) {
      const pst_entry *e = &s->entries[pl.v[i]];
      put_count(out, e->nc, e->cc, 9);
      fputc(' ', out);
      put_time_per_call(out, e->tt, e->nc); /* tottime per total call */
      put_time_per_call(out, e->ct, e->cc); /* cumtime per primitive call */
      if (put_name(out, s, e->key, 0, &buf, &cap) != 0) {
        free(buf);
        pst_free_print_list(&pl);
        return pst_fail(err, "out of memory");
      }
      fputc('\n', out);
    }
    free(buf);
    fputs("\n\n", out);
  }
  pst_free_print_list(&pl);
  return 0;
}

/* print_call_heading */
static void call_heading(const pst_stats *s, FILE *out, size_t width,
                         const char *title) {
  fputs("Function ", out);
  if (width > 9)
    put_spaces(out, width - 9);
  fprintf(out, "%s\n", title);
  for (size_t i = 0; i < s->n_entries; i++) {
    const pst_entry *e = &s->entries[i];
    if (e->n_edges) {
      if (e->edges[0].is_tuple) {
        put_spaces(out, width);
        fputs("    ncalls  tottime  cumtime\n", out);
      }
      break;
    }
  }
}

/* One end of a call line: the other function and the edge between them. */
typedef struct call_item {
  pst_key other;
  const pst_edge *edge;
} call_item;

/* Python's str comparison (code point order = UTF-8 byte order). */
static int cmp_text(const pst_names *n, pst_str a, pst_str b) {
  if (a == b)
    return 0;
  size_t la, lb;
  const char *ta = pst_str_text(n, a, &la), *tb = pst_str_text(n, b, &lb);
  int c = memcmp(ta, tb, la < lb ? la : lb);
  if (c)
    return c < 0 ? -1 : 1;
  return (la > lb) - (la < lb);
}

/* sorted(call_dict.keys()): key tuples (file, line, name). */
static int cmp_item(const void *a, const void *b, void *ctx) {
  const pst_names *n = ctx;
  const pst_keyinfo *x = pst_key_info(n, ((const call_item *)a)->other);
  const pst_keyinfo *y = pst_key_info(n, ((const call_item *)b)->other);
  int c = cmp_text(n, x->file, y->file);
  if (c)
    return c;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return cmp_text(n, x->name, y->name);
}

/* print_call_line */
static int call_line(const pst_stats *s, FILE *out, size_t width, pst_key source,
                     call_item *items, size_t n, const char *arrow,
                     char **buf, size_t *cap, pst_error *err) {
  if (put_name(out, s, source, width, buf, cap) != 0)
    return pst_fail(err, "out of memory");
  fprintf(out, "%s ", arrow);
  if (n == 0) {
    fputc('\n', out);
    return 0;
  }
  qsort_r(items, n, sizeof *items, cmp_item, s->names);
  for (size_t i = 0; i < n; i++) {
    const pst_edge *e = items[i].edge;
    if (e->is_tuple) {
      if (i)
        put_spaces(out, width + 1);
      put_count(out, e->nc, e->cc, i ? 9 : 7);
      fputc(' ', out);
      put_f8(out, e->tt);
      fputc(' ', out);
      put_f8(out, e->ct);
      fputs("  ", out);
      if (put_name(out, s, items[i].other, 0, buf, cap) != 0)
        return pst_fail(err, "out of memory");
    } else {
      long pos = pst_stats_find(s, items[i].other);
      if (pos < 0) {
        long len = pst_std_string(s->names, items[i].other, buf, cap);
        return pst_fail(err, "profile.py call count of %.*s: that function has no "
                             "entry, so its cumulative time cannot be printed "
                             "(Python's pstats fails here too)",
                        len < 0 ? 0 : (int)len, *buf);
      }
      if (i)
        put_spaces(out, width + 3);
      if (put_name(out, s, items[i].other, 0, buf, cap) != 0)
        return pst_fail(err, "out of memory");
      fprintf(out, "(%lld) ", (long long)e->nc);
      put_f8(out, s->entries[pos].ct);
    }
    fputc('\n', out);
  }
  return 0;
}

static int grow_items(call_item **items, size_t *cap, size_t need) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 16;
  while (c < need)
    c *= 2;
  call_item *ni = realloc(*items, c * sizeof *ni);
  if (!ni)
    return -1;
  *items = ni;
  *cap = c;
  return 0;
}

/* calc_callees: for each entry position X, the (callee Y, edge in Y's
 * table) pairs where Y's callers contain X. */
static int build_callees(pst_stats *s) {
  if (s->callees_valid)
    return 0;
  free(s->callee_start);
  free(s->callee_items);
  size_t n = s->n_entries, total = 0;
  uint32_t *start = calloc(n + 1, sizeof *start);
  if (!start)
    return -1;
  for (size_t y = 0; y < n; y++)
    for (uint32_t j = 0; j < s->entries[y].n_edges; j++) {
      long x = pst_stats_find(s, s->entries[y].edges[j].caller);
      if (x >= 0) {
        start[x + 1]++;
        total++;
      }
    }
  for (size_t i = 0; i < n; i++)
    start[i + 1] += start[i];
  uint32_t *items = malloc((total ? total : 1) * 2 * sizeof *items);
  uint32_t *fill = malloc((n ? n : 1) * sizeof *fill);
  if (!items || !fill) {
    free(start);
    free(items);
    free(fill);
    return -1;
  }
  memcpy(fill, start, n * sizeof *fill);
  for (size_t y = 0; y < n; y++)
    for (uint32_t j = 0; j < s->entries[y].n_edges; j++) {
      long x = pst_stats_find(s, s->entries[y].edges[j].caller);
      if (x >= 0) {
        uint32_t k = fill[x]++;
        items[2 * k] = (uint32_t)y;
        items[2 * k + 1] = j;
      }
    }
  free(fill);
  s->callee_start = start;
  s->callee_items = items;
  s->callees_valid = 1;
  return 0;
}

/* The other ends of entry x's edges: its callers (its own table) or its
 * callees (the index built by build_callees). 0, or -1 when out of memory. */
static int collect_call_items(const pst_stats *s, uint32_t x, int callees, call_item **items,
                              size_t *icap, size_t *n) {
  const pst_entry *e = &s->entries[x];
  size_t a = callees ? s->callee_start[x] : 0;
  *n = callees ? s->callee_start[x + 1] - a : e->n_edges;
  if (grow_items(items, icap, *n))
    return -1;
  for (size_t k = 0; k < *n; k++) {
    if (callees) {
      const pst_entry *y = &s->entries[s->callee_items[2 * (a + k)]];
      (*items)[k].other = y->key;
      (*items)[k].edge = &y->edges[s->callee_items[2 * (a + k) + 1]];
    } else {
      (*items)[k].other = e->edges[k].caller;
      (*items)[k].edge = &e->edges[k];
    }
  }
  return 0;
}

/* print_callers / print_callees: the same listing, from either end. */
static int print_call_listing(pst_stats *s, FILE *out, const pst_amount *amounts,
                              size_t n_amounts, int callees, pst_error *err) {
  print_list pl;
  int rc = pst_get_print_list(s, amounts, n_amounts, &pl, err);
  if (rc == 0 && pl.n) {
    if (callees && build_callees(s) != 0) {
      pst_free_print_list(&pl);
      return pst_fail(err, "out of memory");
    }
    fputs(pl.msg.p, out);
    fputc('\n', out);
    call_heading(s, out, pl.width, callees ? "called..." : "was called by...");
    call_item *items = NULL;
    size_t icap = 0, n = 0;
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < pl.n && rc == 0; i++) {
      if (collect_call_items(s, pl.v[i], callees, &items, &icap, &n)) {
        rc = pst_fail(err, "out of memory");
        break;
      }
      rc = call_line(s, out, pl.width, s->entries[pl.v[i]].key, items, n,
                     callees ? "->" : "<-", &buf, &cap, err);
    }
    free(items);
    free(buf);
    if (rc == 0)
      fputs("\n\n", out);
  }
  pst_free_print_list(&pl);
  return rc;
}

int pst_print_callers(pst_stats *s, FILE *out, const pst_amount *amounts,
                      size_t n_amounts, pst_error *err) {
  return print_call_listing(s, out, amounts, n_amounts, 0, err);
}

int pst_print_callees(pst_stats *s, FILE *out, const pst_amount *amounts,
                      size_t n_amounts, pst_error *err) {
  return print_call_listing(s, out, amounts, n_amounts, 1, err);
}

/* ------------------------------------------------------------ the change report */

enum side_status { BOTH, ONLY_NEW, ONLY_BASE };

static void put_signed_count(FILE *out, int64_t dn, int64_t dc, int width) {
  put_counts(out, dn, dc, width, 1);
}

static void put_signed_f(FILE *out, double v, int width) {
  if (isnan(v))
    fprintf(out, "%*s", width, "nan");
  else
    fprintf(out, "%+*.3f", width, v == 0 ? 0.0 : v); /* never "-0.000" for a zero */
}

/* The relative change of a value that went from base by delta: "new" or
 * "gone" for a function (or edge) on one side only. */
static void put_rel(FILE *out, double base, double delta, enum side_status st, int width) {
  char t[48];
  if (st == ONLY_NEW)
    snprintf(t, sizeof t, "new");
  else if (st == ONLY_BASE)
    snprintf(t, sizeof t, "gone");
  else if (delta == 0)
    snprintf(t, sizeof t, "0.0%%");
  else if (base == 0)
    snprintf(t, sizeof t, "%sinf%%", delta > 0 ? "+" : "-");
  else
    snprintf(t, sizeof t, "%+.1f%%", 100.0 * delta / fabs(base));
  fprintf(out, "%*s", width, t);
}

static enum side_status status_of(long base_pos, long new_pos) {
  return base_pos < 0 ? ONLY_NEW : new_pos < 0 ? ONLY_BASE : BOTH;
}

/* "  base: 10 function calls (9 primitive calls) in 0.010 seconds" */
static void put_side_totals(FILE *out, const char *label, const pst_stats *s) {
  char num[48];
  fprintf(out, "         %s%s function calls ", label, format_i128(s->total_calls, num));
  if (s->total_calls != s->prim_calls)
    fprintf(out, "(%s primitive calls) ", format_i128(s->prim_calls, num));
  fputs("in ", out);
  put_f(out, pst_num_as_double(s->total_tt), 0);
  fputs(" seconds\n", out);
}

static void put_diff_heading(const pst_diff *d, FILE *out) {
  const pst_stats *sides[2] = {d->base, d->new_side};
  for (int k = 0; k < 2; k++) {
    fputs(k ? "New:\n" : "Base:\n", out);
    for (size_t i = 0; i < sides[k]->n_files; i++)
      fprintf(out, "%s\n", sides[k]->files[i]);
  }
  fputc('\n', out);
  put_side_totals(out, "base:   ", d->base);
  put_side_totals(out, "new:    ", d->new_side);
  char num[48];
  __int128 dcalls = d->delta->total_calls;
  fprintf(out, "         change: %s%s function calls (", dcalls > 0 ? "+" : "",
          format_i128(dcalls, num));
  put_rel(out, (double)d->base->total_calls, (double)dcalls, BOTH, 0);
  fputs("), ", out);
  put_signed_f(out, pst_num_as_double(d->delta->total_tt), 0);
  fputs(" seconds (", out);
  put_rel(out, pst_num_as_double(d->base->total_tt), pst_num_as_double(d->delta->total_tt),
          BOTH, 0);
  fputs(")\n", out);
  size_t changed = 0, added = 0, gone = 0;
  for (size_t i = 0; i < d->delta->n_entries; i++) {
    const pst_entry *e = &d->delta->entries[i];
    enum side_status st = status_of(d->base_pos[i], d->new_pos[i]);
    added += st == ONLY_NEW;
    gone += st == ONLY_BASE;
    changed += st == BOTH && (e->nc || e->cc);
  }
  fprintf(out, "         functions: %zu with other call counts, %zu new, %zu gone, %zu with "
               "the same counts\n\n",
          changed, added, gone, d->delta->n_entries - changed - added - gone);
}

/* "  value   change        %" for one time column */
static void put_time_change(FILE *out, pst_num now, pst_num change, pst_num base,
                            enum side_status st) {
  put_f8(out, now);
  fputc(' ', out);
  put_signed_f(out, pst_num_as_double(change), 9);
  fputc(' ', out);
  put_rel(out, pst_num_as_double(base), pst_num_as_double(change), st, 8);
  fputc(' ', out);
}

static const pst_entry *side_of(const pst_stats *s, long pos) {
  return pos >= 0 ? &s->entries[pos] : &pst_zero_entry;
}

static int print_diff_stats(const pst_diff *d, FILE *out, const print_list *pl,
                            pst_error *err) {
  fputs("   ncalls    change        %  tottime    change        %  cumtime    change        % "
        "filename:lineno(function)\n", out);
  char *buf = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < pl->n; i++) {
    uint32_t p = pl->v[i];
    const pst_entry *e = &d->delta->entries[p];
    const pst_entry *n = side_of(d->new_side, d->new_pos[p]);
    const pst_entry *b = side_of(d->base, d->base_pos[p]);
    enum side_status st = status_of(d->base_pos[p], d->new_pos[p]);
    put_count(out, n->nc, n->cc, 9);
    fputc(' ', out);
    put_signed_count(out, e->nc, e->cc, 9);
    fputc(' ', out);
    put_rel(out, (double)b->nc, (double)e->nc, st, 8);
    fputc(' ', out);
    put_time_change(out, n->tt, e->tt, b->tt, st);
    put_time_change(out, n->ct, e->ct, b->ct, st);
    if (put_name(out, d->delta, e->key, 0, &buf, &cap) != 0) {
      free(buf);
      return pst_fail(err, "out of memory");
    }
    fputc('\n', out);
  }
  free(buf);
  return 0;
}

/* One edge's line after the prefix: NEW's counts and times and their change. */
static void put_edge_change(FILE *out, const pst_edge *n, const pst_edge *ch) {
  put_count(out, n->nc, n->is_tuple ? n->cc : n->nc, 9);
  fputc(' ', out);
  put_signed_count(out, ch->nc, ch->cc, 9);
  if (ch->is_tuple) {
    fputc(' ', out);
    put_f8(out, n->tt);
    fputc(' ', out);
    put_signed_f(out, pst_num_as_double(ch->tt), 9);
    fputc(' ', out);
    put_f8(out, n->ct);
    fputc(' ', out);
    put_signed_f(out, pst_num_as_double(ch->ct), 9);
  }
  fputs("  ", out);
}

static int print_diff_edges(pst_diff *d, FILE *out, const print_list *pl, int callees,
                            pst_error *err) {
  pst_stats *s = d->delta;
  if (callees && build_callees(s) != 0)
    return pst_fail(err, "out of memory");
  fputs("Function ", out);
  if (pl->width > 9)
    put_spaces(out, pl->width - 9);
  fprintf(out, "%s\n", callees ? "called..." : "was called by...");
  put_spaces(out, pl->width + 3);
  fputs("   ncalls    change  tottime    change  cumtime    change\n", out);
  call_item *items = NULL;
  size_t icap = 0, n = 0;
  char *buf = NULL;
  size_t cap = 0;
  int rc = 0;
  for (size_t i = 0; i < pl->n && rc == 0; i++) {
    uint32_t x = pl->v[i];
    if (collect_call_items(s, x, callees, &items, &icap, &n)) {
      rc = pst_fail(err, "out of memory");
      break;
    }
    if (put_name(out, s, s->entries[x].key, pl->width, &buf, &cap) != 0) {
      rc = pst_fail(err, "out of memory");
      break;
    }
    fputs(callees ? "->" : "<-", out);
    if (n == 0)
      fputc('\n', out);
    qsort_r(items, n, sizeof *items, cmp_item, s->names);
    for (size_t k = 0; k < n; k++) {
      long callee = callees ? pst_stats_find(s, items[k].other) : (long)x;
      pst_key caller = callees ? s->entries[x].key : items[k].other;
      const pst_edge *ne = pst_side_edge(d->new_side, d->new_pos[callee], caller);
      const pst_edge *be = pst_side_edge(d->base, d->base_pos[callee], caller);
      if (k)
        put_spaces(out, pl->width + 2);
      fputc(' ', out);
      put_edge_change(out, ne ? ne : &pst_zero_edge, items[k].edge);
      if (put_name(out, s, items[k].other, 0, &buf, &cap) != 0) {
        rc = pst_fail(err, "out of memory");
        break;
      }
      fputs(!be ? " [new]\n" : !ne ? " [gone]\n" : "\n", out);
    }
  }
  free(items);
  free(buf);
  return rc;
}

int pst_print_diff(pst_diff *d, FILE *out, const pst_amount *amounts, size_t n_amounts,
                   int edges, pst_error *err) {
  print_list pl;
  if (pst_get_print_list(d->delta, amounts, n_amounts, &pl, err) != 0) {
    pst_free_print_list(&pl);
    return -1;
  }
  put_diff_heading(d, out);
  int rc = 0;
  if (pl.n) {
    fputs(pl.msg.p, out);
    fputc('\n', out);
    rc = edges ? print_diff_edges(d, out, &pl, edges == 'E', err)
               : print_diff_stats(d, out, &pl, err);
    if (rc == 0)
      fputs("\n\n", out);
  }
  pst_free_print_list(&pl);
  return rc;
}
