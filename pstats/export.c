/* --format: dispatch to the exports, and helpers they share. */
#include "export_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const formats[] = {"json", "callgrind", "dot", "svg", "folded", "speedscope",
                                      "html"};

void pst_export_opts_init(pst_export_opts *o) {
  o->format = "json";
  o->node_thres = 0.5;
  o->edge_thres = 0.1;
  o->dot_prog = "dot";
}

int pst_export_format_known(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(name, formats[i]) == 0)
      return 1;
  return 0;
}

int pst_export(pst_stats *s, const pst_export_opts *opts, FILE *out, pst_error *err) {
  const char *f = opts->format;
  int rc;
  if (strcmp(f, "json") == 0)
    rc = pst_export_json(s, out, err);
  else if (strcmp(f, "callgrind") == 0)
    rc = pst_export_callgrind(s, out, err);
  else if (strcmp(f, "dot") == 0)
    rc = pst_export_dot(s, opts, out, err);
  else if (strcmp(f, "svg") == 0)
    rc = pst_export_svg(s, opts, out, err);
  else if (strcmp(f, "folded") == 0)
    rc = pst_export_folded(s, out, err);
  else if (strcmp(f, "speedscope") == 0)
    rc = pst_export_speedscope(s, out, err);
  else if (strcmp(f, "html") == 0)
    rc = pst_export_html(s, out, err);
  else
    return pst_fail(err, "unknown format '%s' (" PST_EXPORT_FORMATS ")", f);
  if (rc == 0 && (fflush(out) != 0 || ferror(out)))
    return pst_fail(err, "cannot write the %s output", f);
  return rc;
}

/* ------------------------------------------------------------ helpers */

/* A JSON string of UTF-8 text. Encoded surrogates (the reader accepts them,
 * as Python's surrogatepass does) become \uXXXX escapes. html: also <, >
 * and & as \u escapes, so that the text can sit inside a <script> element
 * (an HTML page's data). */
static void put_json_string(FILE *out, const char *s, size_t n, int html) {
  static const char hex[] = "0123456789abcdef";
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      fputc('\\', out);
      fputc(c, out);
    } else if (c == '\n') {
      fputs("\\n", out);
    } else if (c == '\t') {
      fputs("\\t", out);
    } else if (c < 0x20 || c == 0x7f || (html && (c == '<' || c == '>' || c == '&'))) {
      fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
    } else if (c == 0xed && i + 2 < n && (unsigned char)s[i + 1] >= 0xa0) {
      unsigned cp = ((c & 0x0fu) << 12) | (((unsigned char)s[i + 1] & 0x3fu) << 6) |
                    ((unsigned char)s[i + 2] & 0x3fu);
      fprintf(out, "\\u%04x", cp);
      i += 2;
    } else {
      fputc(c, out);
    }
  }
  fputc('"', out);
}

void pst_x_put_string(FILE *out, const char *s, size_t n) { put_json_string(out, s, n, 0); }

void pst_x_put_string_html(FILE *out, const char *s, size_t n) { put_json_string(out, s, n, 1); }


long pst_x_find(const pst_stats *s, pst_key k) {
  uint32_t v = pst_keymap_get(&s->index, (uint64_t)k);
  return v == PST_NONE ? -1 : (long)v;
}

int pst_x_callees(const pst_stats *s, pst_x_calls *c) {
  size_t n = s->n_entries;
  c->start = calloc(n + 2, sizeof *c->start);
  size_t total = 0;
  for (size_t i = 0; i < n; i++)
    total += s->entries[i].n_edges;
  c->items = malloc((total ? total : 1) * sizeof *c->items);
  if (!c->start || !c->items) {
    pst_x_callees_free(c);
    return -1;
  }
  /* count per caller, prefix sums, fill: callee order follows the
   * dictionary, which keeps the output deterministic */
  for (size_t i = 0; i < n; i++)
    for (uint32_t j = 0; j < s->entries[i].n_edges; j++) {
      long p = pst_x_find(s, s->entries[i].edges[j].caller);
      if (p >= 0)
        c->start[p + 2]++;
    }
  for (size_t i = 0; i < n; i++)
    c->start[i + 2] += c->start[i + 1];
  for (size_t i = 0; i < n; i++)
    for (uint32_t j = 0; j < s->entries[i].n_edges; j++) {
      long p = pst_x_find(s, s->entries[i].edges[j].caller);
      if (p >= 0) {
        pst_x_call *it = &c->items[c->start[p + 1]++];
        it->callee = (uint32_t)i;
        it->edge = j;
      }
    }
  return 0;
}

void pst_x_callees_free(pst_x_calls *c) {
  free(c->start);
  free(c->items);
  c->start = NULL;
  c->items = NULL;
}

void pst_x_put_number(FILE *out, pst_num v) {
  if (v.is_int) {
    fprintf(out, "%lld", (long long)v.i);
    return;
  }
  if (!isfinite(v.f)) { /* JSON has no inf/nan */
    fputs("null", out);
    return;
  }
  pst_buf b = {0};
  if (pst_repr_float(&b, v.f) == 0 && b.p)
    fwrite(b.p, 1, b.len, out);
  else
    fprintf(out, "%.17g", v.f);
  pst_buf_free(&b);
}
