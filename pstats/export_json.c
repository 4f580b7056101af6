/* --format json: every function with its counts, times and caller edges.
 * The schema is documented in docs/pstats-json-schema.md. */
#include "export_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void put_text(FILE *out, const pst_names *n, pst_str id) {
  size_t len;
  const char *p = pst_str_text(n, id, &len);
  pst_x_put_string(out, p, len);
}

static void put_i128(FILE *out, __int128 v) {
  char buf[48];
  size_t i = sizeof buf;
  buf[--i] = '\0';
  int neg = v < 0;
  unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
  do {
    buf[--i] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  if (neg)
    buf[--i] = '-';
  fputs(buf + i, out);
}

static void put_key(FILE *out, const pst_names *n, pst_key k) {
  const pst_keyinfo *ki = pst_key_info(n, k);
  fputs("\"file\": ", out);
  put_text(out, n, ki->file);
  fprintf(out, ", \"line\": %lld, \"name\": ", (long long)ki->line);
  put_text(out, n, ki->name);
}

/* "files": [...], "total_calls": .., "primitive_calls": .., "total_time": ..
 * with `sep` between the members */
static void put_totals(FILE *out, const pst_stats *s, const char *sep) {
  fputs("\"files\": [", out);
  for (size_t i = 0; i < s->n_files; i++) {
    fputs(i ? ", " : "", out);
    pst_x_put_string(out, s->files[i], strlen(s->files[i]));
  }
  fprintf(out, "]%s\"total_calls\": ", sep);
  put_i128(out, s->total_calls);
  fprintf(out, "%s\"primitive_calls\": ", sep);
  put_i128(out, s->prim_calls);
  fprintf(out, "%s\"total_time\": ", sep);
  pst_x_put_number(out, s->total_tt);
}

int pst_export_json(pst_stats *s, FILE *out, pst_error *err) {
  const pst_names *n = s->names;
  char *std = NULL;
  size_t cap = 0;
  fputs("{\n  \"schema\": \"cprof-pstats-json\",\n  \"version\": 1,\n  ", out);
  put_totals(out, s, ",\n  ");
  fputs(",\n  \"functions\": [", out);
  for (size_t i = 0; i < s->n_entries; i++) {
    const pst_entry *e = &s->entries[i];
    fprintf(out, "%s\n    {\"id\": %zu, ", i ? "," : "", i);
    put_key(out, n, e->key);
    long len = pst_std_string(n, e->key, &std, &cap);
    if (len < 0) {
      free(std);
      return pst_fail(err, "out of memory");
    }
    fputs(", \"label\": ", out);
    pst_x_put_string(out, std, (size_t)len);
    fprintf(out, ",\n     \"calls\": %lld, \"primitive_calls\": %lld, \"tottime\": ",
            (long long)e->nc, (long long)e->cc);
    pst_x_put_number(out, e->tt);
    fputs(", \"cumtime\": ", out);
    pst_x_put_number(out, e->ct);
    fputs(",\n     \"callers\": [", out);
    for (uint32_t j = 0; j < e->n_edges; j++) {
      const pst_edge *ed = &e->edges[j];
      long p = pst_x_find(s, ed->caller);
      fputs(j ? ",\n       " : "\n       ", out);
      if (p >= 0)
        fprintf(out, "{\"id\": %ld, ", p);
      else
        fputs("{\"id\": null, ", out);
      put_key(out, n, ed->caller);
      fprintf(out, ", \"calls\": %lld", (long long)ed->nc);
      if (ed->is_tuple) {
        fprintf(out, ", \"primitive_calls\": %lld, \"tottime\": ", (long long)ed->cc);
        pst_x_put_number(out, ed->tt);
        fputs(", \"cumtime\": ", out);
        pst_x_put_number(out, ed->ct);
      }
      fputc('}', out);
    }
    fputs("]}", out);
  }
  fputs("\n  ]\n}\n", out);
  free(std);
  return 0;
}

/* ------------------------------------------------------------ --diff */

static void put_side(FILE *out, const pst_stats *s) {
  fputc('{', out);
  put_totals(out, s, ", ");
  fputc('}', out);
}

/* {"calls": .., "primitive_calls": .., "tottime": .., "cumtime": ..}, or
 * null for a side the function (edge) is absent from. A profile.py edge
 * (a count only) has "calls" alone. */
static void put_values(FILE *out, int present, int64_t nc, int64_t cc, int times, pst_num tt,
                       pst_num ct) {
  if (!present) {
    fputs("null", out);
    return;
  }
  fprintf(out, "{\"calls\": %lld", (long long)nc);
  if (times) {
    fprintf(out, ", \"primitive_calls\": %lld, \"tottime\": ", (long long)cc);
    pst_x_put_number(out, tt);
    fputs(", \"cumtime\": ", out);
    pst_x_put_number(out, ct);
  }
  fputc('}', out);
}

/* 100 * change / base, null when base is 0 (nothing to be relative to) */
static void put_relative(FILE *out, double base, double change) {
  if (base == 0 || !isfinite(base) || !isfinite(change)) {
    fputs("null", out);
    return;
  }
  pst_x_put_number(out, pst_num_float(100.0 * change / fabs(base)));
}

static void put_relatives(FILE *out, const pst_entry *b, const pst_entry *ch) {
  fputs("{\"calls\": ", out);
  put_relative(out, (double)b->nc, (double)ch->nc);
  fputs(", \"primitive_calls\": ", out);
  put_relative(out, (double)b->cc, (double)ch->cc);
  fputs(", \"tottime\": ", out);
  put_relative(out, pst_num_as_double(b->tt), pst_num_as_double(ch->tt));
  fputs(", \"cumtime\": ", out);
  put_relative(out, pst_num_as_double(b->ct), pst_num_as_double(ch->ct));
  fputc('}', out);
}

static void put_edge_values(FILE *out, const pst_edge *e) {
  if (e)
    put_values(out, 1, e->nc, e->cc, e->is_tuple, e->tt, e->ct);
  else
    fputs("null", out);
}

static int put_label(FILE *out, const pst_names *n, pst_key k, char **std, size_t *cap,
                     pst_error *err) {
  long len = pst_std_string(n, k, std, cap);
  if (len < 0)
    return pst_fail(err, "out of memory");
  fputs(", \"label\": ", out);
  pst_x_put_string(out, *std, (size_t)len);
  return 0;
}

static void put_gate(FILE *out, const pst_diff *d, const pst_gate *g, const pst_offence *o,
                     size_t n, char **std, size_t *cap) {
  fputs(",\n  \"gate\": {\"fail_calls\": ", out);
  if (g->fail_calls >= 0)
    pst_x_put_number(out, pst_num_float(g->fail_calls));
  else
    fputs("null", out);
  fputs(", \"fail_time\": ", out);
  if (g->fail_time >= 0)
    pst_x_put_number(out, pst_num_float(g->fail_time));
  else
    fputs("null", out);
  fputs(", \"min_share\": ", out);
  pst_x_put_number(out, pst_num_float(g->min_share));
  fprintf(out, ", \"passed\": %s,\n    \"regressions\": [", n ? "false" : "true");
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n      {" : "\n      {", out);
    put_key(out, d->delta->names, d->delta->entries[o[i].pos].key);
    if (put_label(out, d->delta->names, d->delta->entries[o[i].pos].key, std, cap, NULL))
      fputs(", \"label\": null", out);
    fprintf(out, ", \"metric\": \"%s\", \"base\": ", o[i].in_time ? "cumtime" : "calls");
    pst_x_put_number(out, o[i].in_time ? pst_num_float(o[i].base) : pst_num_int((int64_t)o[i].base));
    fputs(", \"new\": ", out);
    pst_x_put_number(out, o[i].in_time ? pst_num_float(o[i].now) : pst_num_int((int64_t)o[i].now));
    fputs(", \"relative\": ", out);
    put_relative(out, o[i].base, o[i].now - o[i].base);
    fputs(", \"limit\": ", out);
    pst_x_put_number(out, pst_num_float(o[i].in_time ? g->fail_time : g->fail_calls));
    fputs(", \"share\": ", out);
    pst_x_put_number(out, pst_num_float(o[i].share));
    fputc('}', out);
  }
  fputs("]}", out);
}

int pst_export_diff_json(pst_diff *d, const pst_amount *amounts, size_t n_amounts,
                         const pst_gate *gate, const pst_offence *offences, size_t n_offences,
                         FILE *out, pst_error *err) {
  pst_print_list pl;
  if (pst_get_print_list(d->delta, amounts, n_amounts, &pl, err) != 0) {
    pst_free_print_list(&pl);
    return -1;
  }
  const pst_stats *s = d->delta;
  const pst_names *n = s->names;
  char *std = NULL;
  size_t cap = 0;
  int rc = 0;
  fputs("{\n  \"schema\": \"cprof-pstats-diff-json\",\n  \"version\": 1,\n  \"base\": ", out);
  put_side(out, d->base);
  fputs(",\n  \"new\": ", out);
  put_side(out, d->new_side);
  fputs(",\n  \"order\": ", out);
  if (s->sort_type)
    pst_x_put_string(out, s->sort_type, strlen(s->sort_type));
  else
    fputs("null", out);
  fprintf(out, ",\n  \"compared\": %zu,\n  \"functions\": [", s->n_entries);
  for (size_t i = 0; i < pl.n && rc == 0; i++) {
    uint32_t p = pl.v[i];
    const pst_entry *ch = &s->entries[p];
    long bp = d->base_pos[p], np = d->new_pos[p];
    const pst_entry *b = bp >= 0 ? &d->base->entries[bp] : &pst_zero_entry;
    const pst_entry *nw = np >= 0 ? &d->new_side->entries[np] : &pst_zero_entry;
    fputs(i ? ",\n    {" : "\n    {", out);
    put_key(out, n, ch->key);
    if ((rc = put_label(out, n, ch->key, &std, &cap, err)) != 0)
      break;
    fprintf(out, ", \"status\": \"%s\",\n     \"base\": ",
            bp < 0 ? "new" : np < 0 ? "gone" : (ch->nc || ch->cc) ? "changed" : "same");
    put_values(out, bp >= 0, b->nc, b->cc, 1, b->tt, b->ct);
    fputs(", \"new\": ", out);
    put_values(out, np >= 0, nw->nc, nw->cc, 1, nw->tt, nw->ct);
    fputs(",\n     \"change\": ", out);
    put_values(out, 1, ch->nc, ch->cc, 1, ch->tt, ch->ct);
    fputs(", \"relative\": ", out);
    if (bp >= 0)
      put_relatives(out, b, ch);
    else
      fputs("null", out);
    fputs(",\n     \"callers\": [", out);
    for (uint32_t j = 0; j < ch->n_edges; j++) {
      const pst_edge *ce = &ch->edges[j];
      fputs(j ? ",\n       {" : "\n       {", out);
      put_key(out, n, ce->caller);
      if ((rc = put_label(out, n, ce->caller, &std, &cap, err)) != 0)
        break;
      fputs(", \"base\": ", out);
      put_edge_values(out, pst_side_edge(d->base, bp, ce->caller));
      fputs(", \"new\": ", out);
      put_edge_values(out, pst_side_edge(d->new_side, np, ce->caller));
      fputs(", \"change\": ", out);
      put_edge_values(out, ce);
      fputc('}', out);
    }
    fputs("]}", out);
  }
  if (rc == 0) {
    fputs("\n  ]", out);
    put_gate(out, d, gate, offences, n_offences, &std, &cap);
    fputs("\n}\n", out);
  }
  free(std);
  pst_free_print_list(&pl);
  return rc;
}
