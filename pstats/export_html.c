/* --format html: one self-contained page (report/report.html, embedded at
 * build time) with the profile's data as JSON inside it: a sortable,
 * filterable table as print_stats shows it, callers and callees of each
 * function, the flame graph of the calling-context tree (or of paths
 * estimated from edges, marked so) and search. No network, no server.
 * docs/views.md. */
#include "export_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char pst_report_html[];
extern const size_t pst_report_html_len;

#define DATA_MARK "@CPROF_DATA@"

static void put_str(FILE *out, const char *s) { pst_x_put_string_html(out, s, strlen(s)); }

/* Numbers exactly (17 digits round-trip), without the cost of the shortest
 * repr: a large report has millions of them. */
static void put_num(FILE *out, pst_num v) {
  if (v.is_int)
    fprintf(out, "%lld", (long long)v.i);
  else if (isfinite(v.f))
    fprintf(out, "%.17g", v.f);
  else
    fputs("null", out);
}

static void put_text(FILE *out, const pst_names *n, pst_str id) {
  size_t len;
  const char *p = pst_str_text(n, id, &len);
  pst_x_put_string_html(out, p, len);
}

/* Functions by report index: the entries, then keys that have no entry
 * (callers that were never called themselves: Python's dumps leave them out
 * of the dictionary). */
typedef struct fn_index {
  pst_keymap extra; /* key -> report index */
  pst_key *extra_keys;
  size_t n_extra, cap_extra;
} fn_index;

static long fn_of(const pst_stats *s, fn_index *x, pst_key k) {
  long p = pst_x_find(s, k);
  if (p >= 0)
    return p;
  uint32_t v = pst_keymap_get(&x->extra, k);
  if (v != PST_NONE)
    return (long)v;
  if (x->n_extra == x->cap_extra) {
    size_t cap = x->cap_extra ? x->cap_extra * 2 : 64;
    pst_key *nk = realloc(x->extra_keys, cap * sizeof *nk);
    if (!nk)
      return -1;
    x->extra_keys = nk;
    x->cap_extra = cap;
  }
  v = (uint32_t)(s->n_entries + x->n_extra);
  if (pst_keymap_put(&x->extra, k, v) != 0)
    return -1;
  x->extra_keys[x->n_extra++] = k;
  return (long)v;
}

static int put_function(FILE *out, const pst_stats *s, pst_key k, const pst_entry *e,
                        int first) {
  const pst_keyinfo *ki = pst_key_info(s->names, k);
  char *std = NULL;
  size_t cap = 0;
  long len = pst_std_string(s->names, k, &std, &cap);
  if (len < 0)
    return -1;
  fputs(first ? "\n[" : ",\n[", out);
  pst_x_put_string_html(out, std, (size_t)len);
  free(std);
  fputc(',', out);
  put_text(out, s->names, ki->file);
  fprintf(out, ",%lld,", (long long)ki->line);
  put_text(out, s->names, ki->name);
  if (e) {
    fprintf(out, ",%lld,%lld,", (long long)e->nc, (long long)e->cc);
    put_num(out, e->tt);
    fputc(',', out);
    put_num(out, e->ct);
    fputs(",1]", out);
  } else {
    fputs(",0,0,0,0,0]", out);
  }
  return 0;
}

int pst_export_html(pst_stats *s, FILE *out, pst_error *err) {
  const char *page = (const char *)pst_report_html;
  const char *mark = strstr(page, DATA_MARK);
  if (!mark)
    return pst_fail(err, "the embedded report page has no data mark");
  pst_x_frames fr;
  if (pst_x_frames_build(s, &fr, err) != 0)
    return -1;
  fn_index x = {0};
  int rc = 0;
  long *frame_fn = malloc((fr.n + 1) * sizeof *frame_fn);
  if (!frame_fn) {
    rc = pst_fail(err, "out of memory");
    goto out;
  }
  /* every key the data names gets its report index first */
  for (size_t i = 0; i < s->n_entries && rc == 0; i++)
    for (uint32_t j = 0; j < s->entries[i].n_edges; j++)
      if (fn_of(s, &x, s->entries[i].edges[j].caller) < 0)
        rc = pst_fail(err, "out of memory");
  for (size_t i = 0; i < fr.n && rc == 0; i++)
    if ((frame_fn[i] = fn_of(s, &x, fr.f[i].key)) < 0)
      rc = pst_fail(err, "out of memory");
  if (rc)
    goto out;

  fwrite(page, 1, (size_t)(mark - page), out);
  fputs("{\"files\":[", out);
  for (size_t i = 0; i < s->n_files; i++) {
    fputs(i ? "," : "", out);
    put_str(out, s->files[i]);
  }
  fprintf(out, "],\n\"total_calls\":%lld,\"prim_calls\":%lld,\"total_tt\":",
          (long long)s->total_calls, (long long)s->prim_calls);
  put_num(out, s->total_tt);
  fprintf(out, ",\"estimated\":%s,\n\"runs\":[", fr.estimated ? "true" : "false");
  for (size_t r = 0; r < pst_ext_runs(s); r++) {
    char *argv = pst_ext_run_argv(s, r);
    const char *timer = pst_ext_run_str(s, r, "timer"), *host = pst_ext_run_str(s, r, "host");
    double pid = 0, unit = 0;
    pst_ext_run_num(s, r, "pid", &pid);
    pst_ext_run_num(s, r, "unit", &unit);
    fputs(r ? ",{\"argv\":" : "{\"argv\":", out);
    put_str(out, argv ? argv : "");
    free(argv);
    fputs(",\"timer\":", out);
    put_str(out, timer ? timer : "");
    fputs(",\"host\":", out);
    put_str(out, host ? host : "");
    fprintf(out, ",\"pid\":%.0f,\"unit\":", pid);
    put_num(out, pst_num_float(unit));
    fputc('}', out);
  }
  fputs("],\n\"f\":[", out);
  for (size_t i = 0; i < s->n_entries && rc == 0; i++)
    if (put_function(out, s, s->entries[i].key, &s->entries[i], i == 0) != 0)
      rc = pst_fail(err, "out of memory");
  for (size_t i = 0; i < x.n_extra && rc == 0; i++)
    if (put_function(out, s, x.extra_keys[i], NULL, i == 0 && s->n_entries == 0) != 0)
      rc = pst_fail(err, "out of memory");
  if (rc)
    goto out;
  fputs("],\n\"e\":[", out);
  int first = 1;
  for (size_t i = 0; i < s->n_entries; i++)
    for (uint32_t j = 0; j < s->entries[i].n_edges; j++) {
      const pst_edge *ed = &s->entries[i].edges[j];
      fprintf(out, "%s[%ld,%zu,%lld,", first ? "\n" : ",\n", fn_of(s, &x, ed->caller), i,
              (long long)ed->nc);
      first = 0;
      if (ed->is_tuple) {
        fprintf(out, "%lld,", (long long)ed->cc);
        put_num(out, ed->tt);
        fputc(',', out);
        put_num(out, ed->ct);
        fputc(']', out);
      } else {
        fputs("null,null,null]", out);
      }
    }
  fputs("],\n\"t\":[", out);
  for (size_t i = 0; i < fr.n; i++) {
    const pst_x_frame *f = &fr.f[i];
    fprintf(out, "%s[%ld,%ld,%lld,", i ? ",\n" : "\n",
            f->parent == PST_TREE_TOP ? -1L : (long)f->parent, frame_fn[i], (long long)f->nc);
    put_num(out, pst_num_float(f->self));
    fputc(',', out);
    put_num(out, pst_num_float(f->total));
    fputc(']', out);
  }
  fputs("]}", out);
  fputs(mark + strlen(DATA_MARK), out);
  if (fr.estimated)
    fputs("pstats: no calling-context tree in the dumps: the report's flame graph is "
          "estimated from caller-callee edges (profile with CPROF_TREE=1 for exact paths)\n",
          stderr);
out:
  free(frame_fn);
  free(x.extra_keys);
  pst_keymap_free(&x.extra);
  pst_x_frames_free(&fr);
  return rc;
}
