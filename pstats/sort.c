/* sort_stats (§6.3): the key table with Python's abbreviation rule, the
 * legacy numeric keys, a stable O(n log n) merge sort, reverse_order. */
#include "pstats_internal.h"

#include <stdlib.h>
#include <string.h>

#define K1(w, f, d, desc) {w, desc, 1, {f}, {d}}
const pst_sort_key pst_sort_keys[13] = {
    K1("calls", PST_F_NC, -1, "call count"),
    K1("ncalls", PST_F_NC, -1, "call count"),
    K1("cumtime", PST_F_CT, -1, "cumulative time"),
    K1("cumulative", PST_F_CT, -1, "cumulative time"),
    K1("filename", PST_F_FILE, 1, "file name"),
    K1("line", PST_F_LINE, 1, "line number"),
    K1("module", PST_F_FILE, 1, "file name"),
    K1("name", PST_F_NAME, 1, "function name"),
    {"nfl", "name/file/line", 3, {PST_F_NAME, PST_F_FILE, PST_F_LINE}, {1, 1, 1}},
    K1("pcalls", PST_F_CC, -1, "primitive call count"),
    K1("stdname", PST_F_STD, 1, "standard name"),
    K1("time", PST_F_TT, -1, "internal time"),
    K1("tottime", PST_F_TT, -1, "internal time"),
};

/* Python's get_sort_arg_defs: each word registers its prefixes, longest
 * first, in table order; a prefix met a second time is marked bad and that
 * word stops shortening. Bad prefixes are removed at the end. The table is
 * tiny (66 words), so it is rebuilt per lookup: no shared state. */
const pst_sort_key *pst_sort_key_lookup(const char *word, int *ambiguous) {
  struct frag {
    const char *p;
    size_t len;
    int key, bad;
  } tab[160];
  size_t n = 0;
  for (int i = 0; i < 13; i++) {
    const char *w = pst_sort_keys[i].word;
    for (size_t l = strlen(w); l > 0; l--) {
      size_t j;
      for (j = 0; j < n; j++)
        if (tab[j].len == l && memcmp(tab[j].p, w, l) == 0)
          break;
      if (j < n) {
        tab[j].bad = 1;
        break;
      }
      tab[n].p = w;
      tab[n].len = l;
      tab[n].key = i;
      tab[n].bad = 0;
      n++;
    }
  }
  size_t wl = strlen(word);
  if (ambiguous)
    *ambiguous = 0;
  for (size_t j = 0; j < n; j++) {
    if (tab[j].len == wl && memcmp(tab[j].p, word, wl) == 0) {
      if (tab[j].bad) {
        if (ambiguous)
          *ambiguous = 1;
        return NULL;
      }
      return &pst_sort_keys[tab[j].key];
    }
  }
  return NULL;
}

/* ------------------------------------------------------------ sorting */

typedef struct sort_ctx {
  const pst_stats *s;
  const pst_field *fields;
  const int *dirs;
  size_t n_fields;
  /* std(key) per entry position, only when a key needs it */
  char **std;
  size_t *std_len;
} sort_ctx;

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl) {
  int c = memcmp(a, b, al < bl ? al : bl);
  if (c)
    return c < 0 ? -1 : 1;
  return (al > bl) - (al < bl);
}

static int cmp_i64(int64_t a, int64_t b) { return (a > b) - (a < b); }

/* Sizes of changes (holds_changes): |a| against |b|. */
static int cmp_size_i64(int64_t a, int64_t b) {
  uint64_t x = a < 0 ? -(uint64_t)a : (uint64_t)a, y = b < 0 ? -(uint64_t)b : (uint64_t)b;
  return (x > y) - (x < y);
}

static pst_num num_size(pst_num n) {
  if (n.is_int)
    return n.i < 0 && n.i != INT64_MIN ? pst_num_int(-n.i)
           : n.i < 0                   ? pst_num_float(-(double)n.i)
                                       : n;
  return pst_num_float(n.f < 0 ? -n.f : n.f);
}

static int compare(const sort_ctx *c, uint32_t x, uint32_t y) {
  const pst_entry *a = &c->s->entries[x], *b = &c->s->entries[y];
  const pst_names *nm = c->s->names;
  int size = c->s->holds_changes;
  for (size_t i = 0; i < c->n_fields; i++) {
    int r = 0;
    switch (c->fields[i]) {
    case PST_F_CC: r = size ? cmp_size_i64(a->cc, b->cc) : cmp_i64(a->cc, b->cc); break;
    case PST_F_NC: r = size ? cmp_size_i64(a->nc, b->nc) : cmp_i64(a->nc, b->nc); break;
    case PST_F_TT:
      r = size ? pst_num_cmp(num_size(a->tt), num_size(b->tt)) : pst_num_cmp(a->tt, b->tt);
      break;
    case PST_F_CT:
      r = size ? pst_num_cmp(num_size(a->ct), num_size(b->ct)) : pst_num_cmp(a->ct, b->ct);
      break;
    case PST_F_LINE:
      r = cmp_i64(pst_key_info(nm, a->key)->line, pst_key_info(nm, b->key)->line);
      break;
    case PST_F_FILE:
    case PST_F_NAME: {
      const pst_keyinfo *ka = pst_key_info(nm, a->key), *kb = pst_key_info(nm, b->key);
      pst_str sa = c->fields[i] == PST_F_FILE ? ka->file : ka->name;
      pst_str sb = c->fields[i] == PST_F_FILE ? kb->file : kb->name;
      if (sa != sb) {
        size_t la, lb;
        const char *ta = pst_str_text(nm, sa, &la), *tb = pst_str_text(nm, sb, &lb);
        r = cmp_bytes(ta, la, tb, lb);
      }
      break;
    }
    case PST_F_STD:
      r = cmp_bytes(c->std[x], c->std_len[x], c->std[y], c->std_len[y]);
      break;
    }
    if (r)
      return r * c->dirs[i];
  }
  return 0;
}

/* Stable merge sort of v[0..n) using tmp. */
static void merge_sort(const sort_ctx *c, uint32_t *v, uint32_t *tmp, size_t n) {
  if (n < 16) { /* insertion sort: stable */
    for (size_t i = 1; i < n; i++) {
      uint32_t x = v[i];
      size_t j = i;
      while (j > 0 && compare(c, v[j - 1], x) > 0) {
        v[j] = v[j - 1];
        j--;
      }
      v[j] = x;
    }
    return;
  }
  size_t h = n / 2;
  merge_sort(c, v, tmp, h);
  merge_sort(c, v + h, tmp, n - h);
  if (compare(c, v[h - 1], v[h]) <= 0)
    return;
  memcpy(tmp, v, h * sizeof *v);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    if (compare(c, v[j], tmp[i]) < 0)
      v[k++] = v[j++];
    else
      v[k++] = tmp[i++];
  }
  while (i < h)
    v[k++] = tmp[i++];
}

int pst_sort(pst_stats *s, const pst_sort_key *const *keys, size_t n,
             pst_error *err) {
  free(s->order);
  free(s->sort_type);
  s->order = NULL;
  s->sort_type = NULL;
  s->n_order = 0;
  if (n == 0) /* sort_stats(): dictionary order */
    return 0;
  pst_field fields[64];
  int dirs[64];
  size_t nf = 0;
  int need_std = 0;
  pst_buf desc = {0};
  for (size_t i = 0; i < n; i++) {
    for (unsigned k = 0; k < keys[i]->n_fields; k++) {
      if (nf == 64)
        return pst_buf_free(&desc), pst_fail(err, "too many sort keys");
      fields[nf] = keys[i]->fields[k];
      dirs[nf] = keys[i]->direction[k];
      need_std |= fields[nf] == PST_F_STD;
      nf++;
    }
    int numeric = keys[i]->fields[0] <= PST_F_CT;
    if ((i && pst_buf_put(&desc, ", ", 2)) ||
        (s->holds_changes && numeric && pst_buf_put(&desc, "change in ", 10)) ||
        pst_buf_put(&desc, keys[i]->description, strlen(keys[i]->description)))
      return pst_buf_free(&desc), pst_fail(err, "out of memory");
  }
  size_t ne = s->n_entries;
  uint32_t *order = malloc((ne ? ne : 1) * sizeof *order);
  uint32_t *tmp = malloc((ne ? ne : 1) * sizeof *tmp);
  sort_ctx c = {s, fields, dirs, nf, NULL, NULL};
  int rc = 0;
  if (!order || !tmp)
    goto oom;
  if (need_std) {
    c.std = calloc(ne ? ne : 1, sizeof *c.std);
    c.std_len = calloc(ne ? ne : 1, sizeof *c.std_len);
    if (!c.std || !c.std_len)
      goto oom;
    for (size_t i = 0; i < ne; i++) {
      size_t cap = 0;
      long l = pst_std_string(s->names, s->entries[i].key, &c.std[i], &cap);
      if (l < 0)
        goto oom;
      c.std_len[i] = (size_t)l;
    }
  }
  for (size_t i = 0; i < ne; i++)
    order[i] = (uint32_t)i;
  merge_sort(&c, order, tmp, ne);
  s->order = order;
  s->n_order = ne;
  s->sort_type = desc.p;
  order = NULL;
  desc.p = NULL;
  goto done;
oom:
  rc = pst_fail(err, "out of memory");
done:
  if (c.std)
    for (size_t i = 0; i < ne; i++)
      free(c.std[i]);
  free(c.std);
  free(c.std_len);
  free(order);
  free(tmp);
  pst_buf_free(&desc);
  return rc;
}

/* A word that Python's int() would take: [+-]digits with single '_'
 * between digits, surrounding blanks allowed. */
static int parse_small_int(const char *w, long *out) {
  while (*w == ' ' || (*w >= '\t' && *w <= '\r'))
    w++;
  int neg = 0;
  if (*w == '+' || *w == '-')
    neg = *w++ == '-';
  if (*w < '0' || *w > '9')
    return 0;
  long v = 0;
  int prev_digit = 0;
  for (; *w; w++) {
    if (*w >= '0' && *w <= '9') {
      if (v < 1000000)
        v = v * 10 + (*w - '0');
      prev_digit = 1;
    } else if (*w == '_' && prev_digit && w[1] >= '0' && w[1] <= '9') {
      prev_digit = 0;
    } else {
      break;
    }
  }
  while (*w == ' ' || (*w >= '\t' && *w <= '\r'))
    w++;
  if (*w)
    return 0;
  *out = neg ? -v : v;
  return 1;
}

int pst_sort_by_words(pst_stats *s, const char *const *words, size_t n,
                      pst_error *err) {
  const pst_sort_key *keys[64];
  if (n > 64)
    return pst_fail(err, "too many sort keys");
  for (size_t i = 0; i < n; i++) {
    long legacy;
    if (parse_small_int(words[i], &legacy)) {
      if (n != 1)
        return pst_fail(err, "numeric sort key '%s' must be the only sort key "
                             "(Python: Can't have mixed argument type)", words[i]);
      static const char *const names[4] = {"stdname", "calls", "time", "cumulative"};
      if (legacy < -1 || legacy > 2)
        return pst_fail(err, "unknown numeric sort key '%s' (legacy keys are "
                             "-1, 0, 1, 2)", words[i]);
      keys[0] = pst_sort_key_lookup(names[legacy + 1], NULL);
      return pst_sort(s, keys, 1, err);
    }
    int amb;
    keys[i] = pst_sort_key_lookup(words[i], &amb);
    if (!keys[i])
      return pst_fail(err, "%s sort key '%s'", amb ? "ambiguous" : "unknown", words[i]);
  }
  return pst_sort(s, keys, n, err);
}

void pst_reverse_order(pst_stats *s) {
  if (!s->order)
    return;
  for (size_t i = 0, j = s->n_order; i + 1 < j; i++, j--) {
    uint32_t t = s->order[i];
    s->order[i] = s->order[j - 1];
    s->order[j - 1] = t;
  }
}
