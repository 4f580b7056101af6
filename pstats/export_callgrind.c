/* --format callgrind: the Callgrind profile format
 * (https://valgrind.org/docs/manual/cl-format.html), for KCachegrind,
 * QCachegrind and callgrind_annotate.
 *
 * One event, "ns" (time in nanoseconds: callgrind costs are integers).
 * Each function is fn=(id) name:line in fl=(id) its file (builtins: fn= as
 * pstats prints them, in fl=~), with one cost line
 * at its line number carrying its tottime (the exclusive cost); each callee
 * edge is cfl/cfn + calls=NC LINE + a cost line with the edge's cumtime (the
 * inclusive cost of those calls). KCachegrind computes inclusive costs of
 * functions from these. profile.py dumps have plain call counts on edges;
 * their inclusive cost is the callee's cumtime share (count / callee
 * calls). Negative times (hand-made dumps) are written as 0. */
#include "export_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static long long ns(pst_num t) {
  double v = pst_num_as_double(t) * 1e9;
  if (!(v > 0))
    return 0;
  if (v > 9.2e18)
    return 9200000000000000000LL;
  return llround(v);
}

typedef struct cg {
  FILE *out;
  const pst_names *names;
  uint32_t *file_id, *fn_id; /* by string id / entry position: 0 = not yet */
  uint32_t next_file, next_fn;
  char *std;
  size_t cap;
} cg;

/* name compression: "(id) text" the first time, "(id)" after */
static void put_file(cg *g, const char *tag, pst_str f) {
  if (g->file_id[f]) {
    fprintf(g->out, "%s=(%u)\n", tag, g->file_id[f]);
    return;
  }
  g->file_id[f] = ++g->next_file;
  size_t len;
  const char *p = pst_str_text(g->names, f, &len);
  fprintf(g->out, "%s=(%u) ", tag, g->file_id[f]);
  for (size_t i = 0; i < len; i++) /* one line per name */
    fputc(p[i] == '\n' || p[i] == '\r' || p[i] == '\0' ? ' ' : p[i], g->out);
  fputc('\n', g->out);
}

/* "name:line" (the file is in fl=), builtins as pstats prints them */
static long fn_label(cg *g, pst_key k) {
  const pst_keyinfo *ki = pst_key_info(g->names, k);
  size_t flen, nlen;
  const char *f = pst_str_text(g->names, ki->file, &flen);
  if (flen == 1 && f[0] == '~' && ki->line == 0)
    return pst_std_string(g->names, k, &g->std, &g->cap);
  const char *nm = pst_str_text(g->names, ki->name, &nlen);
  if (nlen + 32 > g->cap) {
    char *nb = realloc(g->std, nlen + 32);
    if (!nb)
      return -1;
    g->std = nb;
    g->cap = nlen + 32;
  }
  memcpy(g->std, nm, nlen);
  return (long)(nlen + (size_t)snprintf(g->std + nlen, 32, ":%lld", (long long)ki->line));
}

static int put_fn(cg *g, const char *tag, const pst_stats *s, size_t pos) {
  if (g->fn_id[pos]) {
    fprintf(g->out, "%s=(%u)\n", tag, g->fn_id[pos]);
    return 0;
  }
  g->fn_id[pos] = ++g->next_fn;
  long len = fn_label(g, s->entries[pos].key);
  if (len < 0)
    return -1;
  fprintf(g->out, "%s=(%u) ", tag, g->fn_id[pos]);
  for (long i = 0; i < len; i++)
    fputc(g->std[i] == '\n' || g->std[i] == '\r' || g->std[i] == '\0' ? ' ' : g->std[i],
          g->out);
  fputc('\n', g->out);
  return 0;
}

static long long line_of(const pst_names *n, pst_key k) {
  long long l = (long long)pst_key_info(n, k)->line;
  return l > 0 ? l : 0;
}

int pst_export_callgrind(pst_stats *s, FILE *out, pst_error *err) {
  cg g = {0};
  g.out = out;
  g.names = s->names;
  pst_x_calls calls = {0};
  size_t nstr = 1;
  for (size_t i = 0; i < pst_key_count(s->names); i++) {
    const pst_keyinfo *ki = pst_key_info(s->names, (pst_key)i);
    if (ki->file + 1 > nstr)
      nstr = ki->file + 1;
  }
  g.file_id = calloc(nstr, sizeof *g.file_id);
  g.fn_id = calloc(s->n_entries + 1, sizeof *g.fn_id);
  int rc = -1;
  if (!g.file_id || !g.fn_id || pst_x_callees(s, &calls) != 0)
    goto out;
  long long total = 0;
  for (size_t i = 0; i < s->n_entries; i++)
    total += ns(s->entries[i].tt);
  fputs("# callgrind format\nversion: 1\ncreator: cprof pstats\n", out);
  for (size_t i = 0; i < s->n_files; i++)
    fprintf(out, "# %s\n", s->files[i]);
  fputs("positions: line\nevent: ns : Time (ns)\nevents: ns\n", out);
  fprintf(out, "summary: %lld\n", total);
  for (size_t i = 0; i < s->n_entries; i++) {
    const pst_entry *e = &s->entries[i];
    const pst_keyinfo *ki = pst_key_info(s->names, e->key);
    fputc('\n', out);
    put_file(&g, "fl", ki->file);
    if (put_fn(&g, "fn", s, i) != 0)
      goto out;
    fprintf(out, "%lld %lld\n", line_of(s->names, e->key), ns(e->tt));
    for (size_t c = calls.start[i]; c < calls.start[i + 1]; c++) {
      const pst_entry *ce = &s->entries[calls.items[c].callee];
      const pst_edge *ed = &ce->edges[calls.items[c].edge];
      const pst_keyinfo *cki = pst_key_info(s->names, ce->key);
      put_file(&g, "cfl", cki->file);
      if (put_fn(&g, "cfn", s, calls.items[c].callee) != 0)
        goto out;
      long long incl;
      if (ed->is_tuple)
        incl = ns(ed->ct);
      else
        incl = ce->nc > 0 ? (long long)((double)ns(ce->ct) * (double)ed->nc / (double)ce->nc)
                          : 0;
      fprintf(out, "calls=%lld %lld\n%lld %lld\n", (long long)(ed->nc > 0 ? ed->nc : 0),
              line_of(s->names, ce->key), line_of(s->names, e->key), incl);
    }
  }
  fprintf(out, "\ntotals: %lld\n", total);
  rc = 0;
out:
  if (rc != 0)
    pst_fail(err, "out of memory");
  pst_x_callees_free(&calls);
  free(g.file_id);
  free(g.fn_id);
  free(g.std);
  return rc;
}
