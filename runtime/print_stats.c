/*
 * cprof_print_stats: Python's Profile.print_stats(sort), i.e.
 * pstats.Stats(profile).strip_dirs().sort_stats(*sort).print_stats(),
 * printed by the pstats library (pstats/pstats.h) from a snapshot.
 */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

#include "pstats.h"

static pst_key key_of(pst_names *names, const cprof_stat_entry *e) {
  pst_str f = pst_intern_str(names, e->file, strlen(e->file));
  pst_str n = pst_intern_str(names, e->name, strlen(e->name));
  if (f == (pst_str)-1 || n == (pst_str)-1)
    return (pst_key)-1;
  return pst_intern_key(names, f, e->line, n);
}

/* The snapshot as a pst_stats dictionary (entries with calls, in order). */
static pst_stats *to_pstats(const cprof_stats *st, pst_error *err) {
  pst_names *names = pst_names_new();
  pst_stats *s = names ? pst_stats_new(names) : NULL;
  pst_key *keys = calloc(st->n + 1, sizeof *keys);
  if (!s || !keys)
    goto oom;
  for (size_t i = 0; i < st->n; i++)
    if ((keys[i] = key_of(names, &st->entries[i])) == (pst_key)-1)
      goto oom;
  for (size_t i = 0; i < st->n; i++) {
    const cprof_stat_entry *e = &st->entries[i];
    if (!e->nc)
      continue;
    long pos = pst_stats_entry(s, keys[i]);
    if (pos < 0)
      goto oom;
    if (pst_stats_merge_values(s, (size_t)pos, (int64_t)e->cc, (int64_t)e->nc,
                               pst_num_float(e->tt), pst_num_float(e->ct), err) != 0)
      goto fail;
    for (size_t j = 0; j < e->ncallers; j++) {
      const cprof_stat_edge *ce = &e->callers[j];
      pst_edge pe = {.caller = keys[ce->caller], .is_tuple = 1, .nc = (int64_t)ce->nc,
                     .cc = (int64_t)ce->cc, .tt = pst_num_float(ce->tt),
                     .ct = pst_num_float(ce->ct)};
      if (pst_stats_edge(s, (size_t)pos, &pe, err) != 0)
        goto fail;
    }
  }
  free(keys);
  if (pst_stats_compute_totals(s, err) != 0) {
    pst_stats_free(s);
    pst_names_free(names);
    return NULL;
  }
  return s;
oom:
  snprintf(err->msg, sizeof err->msg, "out of memory");
fail:
  free(keys);
  if (s)
    pst_stats_free(s);
  if (names)
    pst_names_free(names);
  return NULL;
}

/* Split `sort` on spaces and commas into words (at most 64). */
static size_t split_words(const char *sort, char *buf, size_t bufsz, const char **words) {
  size_t n = 0;
  if (!sort)
    return 0;
  snprintf(buf, bufsz, "%s", sort);
  for (char *tok = strtok(buf, " ,\t"); tok && n < 64; tok = strtok(NULL, " ,\t"))
    words[n++] = tok;
  return n;
}

int cprof_print_stats(cprof_profile *p, FILE *out, const char *sort) {
  cprof_stats *st = cprof_snapshot(p);
  if (!st) {
    rt_warn("print_stats: out of memory");
    return -1;
  }
  pst_error err = {{0}};
  int rc = -1;
  pst_stats *s = to_pstats(st, &err);
  cprof_stats_free(st);
  if (!s) {
    rt_warn("print_stats: %s", err.msg);
    return -1;
  }
  char buf[1024];
  const char *words[64];
  size_t n = split_words(sort, buf, sizeof buf, words);
  if (n == 0) {
    words[0] = "-1"; /* Profile.print_stats(sort=-1): 'stdname' */
    n = 1;
  }
  if (s->n_entries == 0)
    snprintf(err.msg, sizeof err.msg, "no statistics to print (nothing was profiled)");
  else if (pst_stats_strip_dirs(s, &err) == 0 && pst_sort_by_words(s, words, n, &err) == 0 &&
           pst_print_stats(s, out, NULL, 0, &err) == 0)
    rc = 0;
  if (rc)
    rt_warn("print_stats: %s", err.msg);
  pst_names *names = s->names;
  pst_stats_free(s);
  pst_names_free(names);
  return rc;
}
