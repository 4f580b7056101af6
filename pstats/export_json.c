/* --format json: every function with its counts, times and caller edges.
 * The schema is documented in docs/pstats-json-schema.md. */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>

/* A JSON string of UTF-8 text. Encoded surrogates (the reader accepts them,
 * as Python's surrogatepass does) become \uXXXX escapes. */
static void put_string(FILE *out, const char *s, size_t n) {
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
    } else if (c < 0x20 || c == 0x7f) {
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

static void put_text(FILE *out, const pst_names *n, pst_str id) {
  size_t len;
  const char *p = pst_str_text(n, id, &len);
  put_string(out, p, len);
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

int pst_export_json(pst_stats *s, FILE *out, pst_error *err) {
  const pst_names *n = s->names;
  char *std = NULL;
  size_t cap = 0;
  fputs("{\n  \"schema\": \"cprof-pstats-json\",\n  \"version\": 1,\n  \"files\": [", out);
  for (size_t i = 0; i < s->n_files; i++) {
    fputs(i ? ", " : "", out);
    put_string(out, s->files[i], strlen(s->files[i]));
  }
  fputs("],\n  \"total_calls\": ", out);
  put_i128(out, s->total_calls);
  fputs(",\n  \"primitive_calls\": ", out);
  put_i128(out, s->prim_calls);
  fputs(",\n  \"total_time\": ", out);
  pst_x_put_number(out, s->total_tt);
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
    put_string(out, std, (size_t)len);
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
