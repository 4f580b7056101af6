/* The cprof extension of dumps (docs/dump-extension.md): read after the
 * stats dict, merged by Stats.add, stripped by strip_dirs.
 *
 * Rules:
 *   - bytes after the stats dict that do not start a dict are ignored, as
 *     Python ignores them;
 *   - a damaged extension, or a damaged section, is a warning: the
 *     statistics are read as Python reads them, the damaged part left out;
 *   - a section this pstats knows is merged by its own rule (the table
 *     `sections`); one that is only meaningful for all the data (the
 *     calling-context tree) is left out, with a warning, as soon as one
 *     merged dump lacks it;
 *   - a section this pstats does not know is kept, unchanged, while the
 *     statistics come from one dump, and left out (with a warning) by a
 *     merge or by strip_dirs, which it cannot follow.
 */
#define _GNU_SOURCE
#include "ext.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ values */

void pst_val_free(pst_val *v) {
  if (v->type == PST_M_STR)
    free(v->u.s);
  else if (v->type == PST_M_TUPLE || v->type == PST_M_DICT) {
    for (uint32_t i = 0; i < v->n; i++)
      pst_val_free(&v->u.items[i]);
    free(v->u.items);
  }
  memset(v, 0, sizeof *v);
}

static int val_copy(pst_val *dst, const pst_val *src) {
  *dst = *src;
  if (src->type == PST_M_STR) {
    dst->u.s = malloc(src->n + 1);
    if (!dst->u.s)
      return -1;
    memcpy(dst->u.s, src->u.s, src->n + 1);
  } else if (src->type == PST_M_TUPLE || src->type == PST_M_DICT) {
    dst->u.items = calloc(src->n ? src->n : 1, sizeof *dst->u.items);
    if (!dst->u.items)
      return -1;
    for (uint32_t i = 0; i < src->n; i++)
      if (val_copy(&dst->u.items[i], &src->u.items[i]) != 0) {
        dst->n = i + 1;
        return -1;
      }
  }
  return 0;
}

/* Depth is bounded by the reader's nesting limit. */
static int val_from_doc(pst_val *v, const pst_mdoc *d, uint32_t node) {
  memset(v, 0, sizeof *v);
  v->type = (uint8_t)pst_mdoc_type(d, node);
  switch (v->type) {
  case PST_M_INT:
    v->u.i = pst_mdoc_int(d, node);
    return 0;
  case PST_M_FLOAT:
    v->u.f = pst_mdoc_float(d, node);
    return 0;
  case PST_M_STR: {
    size_t n;
    const char *t = pst_mdoc_str(d, node, &n);
    v->u.s = malloc(n + 1);
    if (!v->u.s)
      return -1;
    memcpy(v->u.s, t, n);
    v->u.s[n] = 0;
    v->n = (uint32_t)n;
    return 0;
  }
  default: {
    uint32_t n = pst_mdoc_len(d, node);
    v->u.items = calloc(n ? n : 1, sizeof *v->u.items);
    if (!v->u.items)
      return -1;
    for (uint32_t i = 0; i < n; i++) {
      v->n = i + 1;
      if (val_from_doc(&v->u.items[i], d, pst_mdoc_item(d, node, i)) != 0)
        return -1;
    }
    v->n = n;
    return 0;
  }
  }
}

static int val_is(const pst_val *v, const char *s) {
  return v->type == PST_M_STR && v->n == strlen(s) && !memcmp(v->u.s, s, v->n);
}

const pst_val *pst_val_get(const pst_val *dict, const char *key) {
  if (!dict || dict->type != PST_M_DICT)
    return NULL;
  const pst_val *found = NULL;
  for (uint32_t i = 0; i + 1 < dict->n; i += 2)
    if (val_is(&dict->u.items[i], key))
      found = &dict->u.items[i + 1]; /* a repeated key: the last one, as Python */
  return found;
}

/* The value of a str key in a parsed dict, or PST_NONE. */
static uint32_t doc_get(const pst_mdoc *d, uint32_t dict, const char *key) {
  uint32_t found = PST_NONE, n = pst_mdoc_len(d, dict);
  size_t kl = strlen(key);
  for (uint32_t i = 0; i + 1 < n; i += 2) {
    uint32_t k = pst_mdoc_item(d, dict, i);
    size_t len;
    if (pst_mdoc_type(d, k) == PST_M_STR && !memcmp(pst_mdoc_str(d, k, &len), key, kl) &&
        len == kl)
      found = pst_mdoc_item(d, dict, i + 1);
  }
  return found;
}

/* ------------------------------------------------------------ meta */

static int meta_read(void **data, const pst_mdoc *d, uint32_t node, pst_stats *s,
                     pst_error *why) {
  (void)s;
  if (pst_mdoc_type(d, node) != PST_M_DICT)
    return pst_fail(why, "not a dict");
  uint32_t runs = doc_get(d, node, "runs");
  if (runs == PST_NONE || pst_mdoc_type(d, runs) != PST_M_TUPLE)
    return pst_fail(why, "no tuple of runs");
  for (uint32_t i = 0; i < pst_mdoc_len(d, runs); i++)
    if (pst_mdoc_type(d, pst_mdoc_item(d, runs, i)) != PST_M_DICT)
      return pst_fail(why, "run %u is not a dict", i);
  pst_meta *m = calloc(1, sizeof *m);
  if (!m || val_from_doc(&m->runs, d, runs) != 0) {
    if (m)
      pst_val_free(&m->runs);
    free(m);
    return -2;
  }
  *data = m;
  return 0;
}

static void meta_free(void *data) {
  pst_meta *m = data;
  if (!m)
    return;
  pst_val_free(&m->runs);
  free(m);
}

/* The runs of `from` after those of `into`, in the order of the report's
 * header lines. */
static int meta_merge(void **into, const void *from, pst_stats *s) {
  (void)s;
  const pst_meta *f = from;
  pst_meta *m = *into;
  if (!m) {
    m = calloc(1, sizeof *m);
    if (!m)
      return -1;
    m->runs.type = PST_M_TUPLE;
    *into = m;
  }
  uint32_t n = m->runs.n + f->runs.n;
  pst_val *items = realloc(m->runs.u.items, (n ? n : 1) * sizeof *items);
  if (!items)
    return -1;
  m->runs.u.items = items;
  for (uint32_t i = 0; i < f->runs.n; i++) {
    if (val_copy(&items[m->runs.n], &f->runs.u.items[i]) != 0) {
      m->runs.n++;
      return -1;
    }
    m->runs.n++;
  }
  return 0;
}

static int no_strip(void *data, pst_stats *s) {
  (void)data, (void)s;
  return 0;
}

/* ------------------------------------------------------------ tree */

static uint64_t tree_slot(uint32_t parent, pst_key key) {
  return ((uint64_t)(uint32_t)(parent + 1) << 32) | key;
}

/* The node (parent, key), added with zero counts if new; PST_NONE: out of
 * memory. */
static uint32_t tree_node(pst_tree *t, uint32_t parent, pst_key key) {
  uint32_t at = pst_keymap_get(&t->index, tree_slot(parent, key));
  if (at != PST_NONE)
    return at;
  if (t->n >= UINT32_MAX - 2)
    return PST_NONE;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    pst_tree_node *nn = realloc(t->nodes, cap * sizeof *nn);
    if (!nn)
      return PST_NONE;
    t->nodes = nn;
    t->cap = cap;
  }
  at = (uint32_t)t->n;
  if (pst_keymap_put(&t->index, tree_slot(parent, key), at) != 0)
    return PST_NONE;
  pst_tree_node *n = &t->nodes[t->n++];
  memset(n, 0, sizeof *n);
  n->parent = parent;
  n->key = key;
  return at;
}

static void tree_free(void *data) {
  pst_tree *t = data;
  if (!t)
    return;
  free(t->nodes);
  pst_keymap_free(&t->index);
  free(t);
}

/* Add src's nodes (keys mapped by `map_key` when not NULL) into t. */
static int tree_add(pst_tree *t, const pst_tree_node *src, size_t n, pst_names *names,
                    pst_key (*map_key)(pst_names *, pst_key)) {
  uint32_t *map = malloc((n ? n : 1) * sizeof *map);
  if (!map)
    return -1;
  for (size_t i = 0; i < n; i++) {
    const pst_tree_node *o = &src[i];
    pst_key k = map_key ? map_key(names, o->key) : o->key;
    uint32_t parent = o->parent == PST_TREE_TOP ? PST_TREE_TOP : map[o->parent];
    uint32_t at = k == PST_NONE ? PST_NONE : tree_node(t, parent, k);
    if (at == PST_NONE) {
      free(map);
      return -1;
    }
    pst_tree_node *x = &t->nodes[at];
    x->nc += o->nc;
    x->cc += o->cc;
    x->tt += o->tt;
    x->ct += o->ct;
    map[i] = at;
  }
  free(map);
  return 0;
}

/* {"keys": ((file, line, name), ...),
 *  "nodes": ((parent, key, ncalls, pcalls, tottime, cumtime), ...)} */
static int tree_read(void **data, const pst_mdoc *d, uint32_t node, pst_stats *s,
                     pst_error *why) {
  if (pst_mdoc_type(d, node) != PST_M_DICT)
    return pst_fail(why, "not a dict");
  uint32_t keys = doc_get(d, node, "keys"), nodes = doc_get(d, node, "nodes");
  if (keys == PST_NONE || pst_mdoc_type(d, keys) != PST_M_TUPLE)
    return pst_fail(why, "no tuple of keys");
  if (nodes == PST_NONE || pst_mdoc_type(d, nodes) != PST_M_TUPLE)
    return pst_fail(why, "no tuple of nodes");
  uint32_t nk = pst_mdoc_len(d, keys), nn = pst_mdoc_len(d, nodes);
  pst_key *kmap = malloc((nk ? nk : 1) * sizeof *kmap);
  pst_tree_node *raw = malloc((nn ? nn : 1) * sizeof *raw);
  pst_tree *t = calloc(1, sizeof *t);
  int rc = 0;
  if (!kmap || !raw || !t) {
    rc = -2;
    goto out;
  }
  for (uint32_t i = 0; i < nk && rc == 0; i++) {
    uint32_t k = pst_mdoc_item(d, keys, i);
    if (pst_mdoc_type(d, k) != PST_M_TUPLE || pst_mdoc_len(d, k) != 3 ||
        pst_mdoc_type(d, pst_mdoc_item(d, k, 0)) != PST_M_STR ||
        pst_mdoc_type(d, pst_mdoc_item(d, k, 1)) != PST_M_INT ||
        pst_mdoc_type(d, pst_mdoc_item(d, k, 2)) != PST_M_STR) {
      rc = pst_fail(why, "key %u is not a (str, int, str) tuple", i);
      break;
    }
    size_t fl, nl;
    const char *f = pst_mdoc_str(d, pst_mdoc_item(d, k, 0), &fl);
    const char *nm = pst_mdoc_str(d, pst_mdoc_item(d, k, 2), &nl);
    pst_str fs = pst_intern_str(s->names, f, fl), ns = pst_intern_str(s->names, nm, nl);
    kmap[i] = fs == PST_NONE || ns == PST_NONE
                  ? PST_NONE
                  : pst_intern_key(s->names, fs, pst_mdoc_int(d, pst_mdoc_item(d, k, 1)), ns);
    if (kmap[i] == PST_NONE)
      rc = -2;
  }
  for (uint32_t i = 0; i < nn && rc == 0; i++) {
    uint32_t v = pst_mdoc_item(d, nodes, i);
    if (pst_mdoc_type(d, v) != PST_M_TUPLE || pst_mdoc_len(d, v) != 6) {
      rc = pst_fail(why, "node %u is not a 6-tuple", i);
      break;
    }
    uint32_t it[6];
    for (int j = 0; j < 6; j++) {
      it[j] = pst_mdoc_item(d, v, j);
      int ty = pst_mdoc_type(d, it[j]);
      if (j < 4 ? ty != PST_M_INT : ty != PST_M_INT && ty != PST_M_FLOAT) {
        rc = pst_fail(why, "node %u: item %d is not a number", i, j);
        break;
      }
    }
    if (rc)
      break;
    int64_t parent = pst_mdoc_int(d, it[0]), key = pst_mdoc_int(d, it[1]);
    int64_t nc = pst_mdoc_int(d, it[2]), cc = pst_mdoc_int(d, it[3]);
    if (parent < -1 || parent >= (int64_t)i) {
      rc = pst_fail(why, "node %u: parent %lld does not come before it", i, (long long)parent);
      break;
    }
    if (key < 0 || key >= (int64_t)nk) {
      rc = pst_fail(why, "node %u: key %lld out of range", i, (long long)key);
      break;
    }
    if (nc < 0 || cc < 0 || cc > nc) {
      rc = pst_fail(why, "node %u: call counts %lld/%lld", i, (long long)nc, (long long)cc);
      break;
    }
    raw[i].parent = parent < 0 ? PST_TREE_TOP : (uint32_t)parent;
    raw[i].key = kmap[key];
    raw[i].nc = nc;
    raw[i].cc = cc;
    raw[i].tt = pst_mdoc_float(d, it[4]);
    raw[i].ct = pst_mdoc_float(d, it[5]);
  }
  /* equal (parent, key) pairs in the file are summed */
  if (rc == 0 && tree_add(t, raw, nn, NULL, NULL) != 0)
    rc = -2;
out:
  free(kmap);
  free(raw);
  if (rc == 0)
    *data = t;
  else
    tree_free(t);
  return rc;
}

static int tree_merge(void **into, const void *from, pst_stats *s) {
  const pst_tree *f = from;
  pst_tree *t = *into;
  if (!t && !(t = *into = calloc(1, sizeof *t)))
    return -1;
  return tree_add(t, f->nodes, f->n, s->names, NULL);
}

/* strip_dirs: keys lose their directories; paths that become equal merge */
static int tree_strip(void *data, pst_stats *s) {
  pst_tree *t = data, nt = {0};
  if (tree_add(&nt, t->nodes, t->n, s->names, pst_strip_key) != 0) {
    free(nt.nodes);
    pst_keymap_free(&nt.index);
    return -1;
  }
  free(t->nodes);
  pst_keymap_free(&t->index);
  *t = nt;
  return 0;
}

const pst_tree_node *pst_ext_tree(const pst_stats *s, size_t *n) {
  const pst_tree *t = s->ext ? s->ext->data[PST_EXT_TREE] : NULL;
  *n = t ? t->n : 0;
  return t && t->n ? t->nodes : NULL;
}

/* ------------------------------------------------------------ the sections */

typedef struct section_ops {
  const char *name;
  /* meaningful only if every merged dump has it (else left out) */
  int needs_all;
  /* 0; -1: malformed (why says how); -2: out of memory */
  int (*read)(void **data, const pst_mdoc *d, uint32_t node, pst_stats *s, pst_error *why);
  /* add `from` into *into (NULL: a copy of from); 0 or -1 (out of memory) */
  int (*merge)(void **into, const void *from, pst_stats *s);
  int (*strip)(void *data, pst_stats *s); /* 0 or -1 (out of memory) */
  void (*free)(void *data);
} section_ops;

static const section_ops sections[PST_EXT_N] = {
    [PST_EXT_META] = {"meta", 0, meta_read, meta_merge, no_strip, meta_free},
    [PST_EXT_TREE] = {"tree", 1, tree_read, tree_merge, tree_strip, tree_free},
};

/* ------------------------------------------------------------ the extension */

void pst_ext_free(struct pst_ext *x) {
  if (!x)
    return;
  for (int i = 0; i < PST_EXT_N; i++)
    if (x->data[i])
      sections[i].free(x->data[i]);
  for (size_t i = 0; i < x->n_unknown; i++) {
    free(x->unknown[i].name);
    pst_val_free(&x->unknown[i].value);
  }
  free(x->unknown);
  for (size_t i = 0; i < x->n_damaged; i++)
    free(x->damaged[i]);
  for (size_t i = 0; i < x->n_dropped; i++)
    free(x->dropped[i]);
  free(x->damaged);
  free(x->dropped);
  free(x);
}

static int note(char ***list, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int note(char ***list, size_t *n, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (size_t i = 0; i < *n; i++)
    if (!strcmp((*list)[i], buf))
      return 0; /* once is enough */
  char **nl = realloc(*list, (*n + 1) * sizeof *nl);
  if (!nl)
    return -1;
  *list = nl;
  if (!(nl[*n] = strdup(buf)))
    return -1;
  (*n)++;
  return 0;
}

/* Read the extension object at rest[0..len) into x (one dump's). -1 only
 * when out of memory. */
static int read_ext(struct pst_ext *x, pst_stats *s, const unsigned char *rest, size_t len,
                    const char *what) {
  if ((rest[0] & 0x7f) != '{')
    return 0; /* not even a dict: bytes after the dict, ignored as Python does */
  pst_error perr;
  size_t used;
  pst_mdoc *d = pst_mdoc_parse(rest, len, "", &used, &perr);
  int rc = 0;
  if (!d) {
    /* perr.msg is ": reason" (no source name given) */
    return note(&x->damaged, &x->n_damaged,
                "%s: the dict after the statistics is not a valid cprof extension (%s); "
                "ignored", what, perr.msg + 2);
  }
  uint32_t top = pst_mdoc_top(d);
  uint32_t ver = pst_mdoc_type(d, top) == PST_M_DICT ? doc_get(d, top, "cprof") : PST_NONE;
  if (ver == PST_NONE || pst_mdoc_type(d, ver) != PST_M_INT) {
    rc = note(&x->damaged, &x->n_damaged,
              "%s: the object after the statistics is not a cprof extension (no \"cprof\" "
              "version); ignored", what);
    goto out;
  }
  int64_t v = pst_mdoc_int(d, ver);
  if (v != PST_EXT_VERSION) {
    rc = note(&x->damaged, &x->n_damaged,
              "%s: cprof extension format %lld %s (this pstats reads format %d); ignored",
              what, (long long)v, v > PST_EXT_VERSION ? "is newer" : "is unknown",
              PST_EXT_VERSION);
    goto out;
  }
  uint32_t n = pst_mdoc_len(d, top);
  for (uint32_t i = 0; i + 1 < n && rc == 0; i += 2) {
    uint32_t k = pst_mdoc_item(d, top, i), val = pst_mdoc_item(d, top, i + 1);
    if (pst_mdoc_type(d, k) != PST_M_STR) {
      rc = note(&x->damaged, &x->n_damaged,
                "%s: cprof extension: a section name is not a str; that section is ignored",
                what);
      continue;
    }
    size_t kl;
    const char *name = pst_mdoc_str(d, k, &kl);
    if (kl == 5 && !memcmp(name, "cprof", 5))
      continue;
    int known = -1;
    for (int j = 0; j < PST_EXT_N; j++)
      if (strlen(sections[j].name) == kl && !memcmp(sections[j].name, name, kl))
        known = j;
    if (known >= 0) {
      void *data = NULL;
      pst_error why;
      int r = sections[known].read(&data, d, val, s, &why);
      if (r == -2) {
        rc = -1;
      } else if (r != 0) {
        rc = note(&x->damaged, &x->n_damaged,
                  "%s: cprof extension: section '%s' is damaged (%s); ignored", what,
                  sections[known].name, why.msg);
      } else {
        if (x->data[known]) /* a repeated key: the last one, as Python */
          sections[known].free(x->data[known]);
        x->data[known] = data;
        x->have[known] = 1;
      }
      continue;
    }
    pst_unknown_section *nu = realloc(x->unknown, (x->n_unknown + 1) * sizeof *nu);
    if (!nu) {
      rc = -1;
      break;
    }
    x->unknown = nu;
    pst_unknown_section *u = &nu[x->n_unknown++];
    memset(u, 0, sizeof *u);
    u->name = strndup(name, kl);
    if (!u->name || val_from_doc(&u->value, d, val) != 0)
      rc = -1;
  }
out:
  pst_mdoc_free(d);
  return rc;
}

static int take_notes(char ***list, size_t *n, char **from, size_t nfrom) {
  for (size_t i = 0; i < nfrom; i++)
    if (note(list, n, "%s", from[i]) != 0)
      return -1;
  return 0;
}

static void drop_unknown(struct pst_ext *x, const char *why) {
  for (size_t i = 0; i < x->n_unknown; i++) {
    note(&x->dropped, &x->n_dropped,
         "cprof extension: section '%s' is unknown to this pstats and is left out %s",
         x->unknown[i].name, why);
    free(x->unknown[i].name);
    pst_val_free(&x->unknown[i].value);
  }
  x->n_unknown = 0;
}

/* The sections that need every dump and are missing from some: left out. */
static void drop_incomplete(struct pst_ext *x) {
  for (int i = 0; i < PST_EXT_N; i++) {
    if (!sections[i].needs_all || !x->have[i] || x->have[i] == x->n_dumps)
      continue;
    note(&x->dropped, &x->n_dropped,
         "cprof extension: section '%s' is in %zu of the %zu dumps merged and is left out",
         sections[i].name, x->have[i], x->n_dumps);
    if (x->data[i])
      sections[i].free(x->data[i]);
    x->data[i] = NULL;
  }
}

/* Merge `from` (another Stats' or one dump's) into s's extension. */
static int merge_ext(pst_stats *s, const struct pst_ext *from) {
  struct pst_ext *x = s->ext;
  if (!x && !(x = s->ext = calloc(1, sizeof *x)))
    return -1;
  int first = x->n_dumps == 0;
  for (int i = 0; i < PST_EXT_N; i++) {
    if (!from->data[i])
      continue;
    if (x->data[i] || !sections[i].needs_all || first) {
      if (sections[i].merge(&x->data[i], from->data[i], s) != 0)
        return -1;
    }
  }
  for (int i = 0; i < PST_EXT_N; i++)
    x->have[i] += from->have[i];
  x->n_dumps += from->n_dumps;
  x->stripped |= from->stripped;
  if (take_notes(&x->damaged, &x->n_damaged, from->damaged, from->n_damaged) ||
      take_notes(&x->dropped, &x->n_dropped, from->dropped, from->n_dropped))
    return -1;
  if (first && x->n_dumps == 1 && !x->stripped) {
    /* one dump so far: its unknown sections are kept as they are */
    for (size_t i = 0; i < from->n_unknown; i++) {
      pst_unknown_section *nu = realloc(x->unknown, (x->n_unknown + 1) * sizeof *nu);
      if (!nu)
        return -1;
      x->unknown = nu;
      pst_unknown_section *u = &nu[x->n_unknown++];
      memset(u, 0, sizeof *u);
      if (!(u->name = strdup(from->unknown[i].name)) ||
          val_copy(&u->value, &from->unknown[i].value) != 0)
        return -1;
    }
  } else {
    for (size_t i = 0; i < from->n_unknown; i++)
      note(&x->dropped, &x->n_dropped,
           "cprof extension: section '%s' is unknown to this pstats and is left out of "
           "the merge", from->unknown[i].name);
    if (x->n_dumps > 1)
      drop_unknown(x, "of the merge");
  }
  drop_incomplete(x);
  return 0;
}

int pst_ext_after_dump(pst_stats *s, const unsigned char *rest, size_t len, const char *what,
                       pst_error *err) {
  struct pst_ext *one = calloc(1, sizeof *one);
  if (!one)
    return pst_fail(err, "%s: out of memory", what);
  one->n_dumps = 1;
  int rc = len ? read_ext(one, s, rest, len, what) : 0;
  if (rc == 0)
    rc = merge_ext(s, one);
  pst_ext_free(one);
  return rc == 0 ? 0 : pst_fail(err, "%s: out of memory", what);
}

int pst_ext_add(pst_stats *s, const pst_stats *other, pst_error *err) {
  if (!other->ext)
    return 0; /* statistics built in memory, or by the dump reader's own path */
  return merge_ext(s, other->ext) == 0 ? 0 : pst_fail(err, "out of memory");
}

int pst_ext_strip_dirs(pst_stats *s, pst_error *err) {
  struct pst_ext *x = s->ext;
  if (!x)
    return 0;
  x->stripped = 1;
  drop_unknown(x, "by strip_dirs (it may name the old keys)");
  for (int i = 0; i < PST_EXT_N; i++)
    if (x->data[i] && sections[i].strip(x->data[i], s) != 0)
      return pst_fail(err, "out of memory");
  return 0;
}

size_t pst_ext_warnings(const pst_stats *s, int damaged, const char *const **lines) {
  const struct pst_ext *x = s->ext;
  if (!x) {
    *lines = NULL;
    return 0;
  }
  *lines = (const char *const *)(damaged ? x->damaged : x->dropped);
  return damaged ? x->n_damaged : x->n_dropped;
}

/* ------------------------------------------------------------ runs */

static const pst_val *run_at(const pst_stats *s, size_t run) {
  const pst_meta *m = s->ext ? s->ext->data[PST_EXT_META] : NULL;
  return m && run < m->runs.n ? &m->runs.u.items[run] : NULL;
}

size_t pst_ext_runs(const pst_stats *s) {
  const pst_meta *m = s->ext ? s->ext->data[PST_EXT_META] : NULL;
  return m ? m->runs.n : 0;
}

const char *pst_ext_run_str(const pst_stats *s, size_t run, const char *field) {
  const pst_val *v = pst_val_get(run_at(s, run), field);
  return v && v->type == PST_M_STR ? v->u.s : NULL;
}

int pst_ext_run_num(const pst_stats *s, size_t run, const char *field, double *out) {
  const pst_val *v = pst_val_get(run_at(s, run), field);
  if (!v || (v->type != PST_M_INT && v->type != PST_M_FLOAT))
    return 0;
  *out = v->type == PST_M_INT ? (double)v->u.i : v->u.f;
  return 1;
}

char *pst_ext_run_argv(const pst_stats *s, size_t run) {
  const pst_val *v = pst_val_get(run_at(s, run), "argv");
  pst_buf b = {0};
  if (v && v->type == PST_M_TUPLE)
    for (uint32_t i = 0; i < v->n; i++)
      if (v->u.items[i].type == PST_M_STR &&
          ((i && pst_buf_put(&b, " ", 1)) || pst_buf_put(&b, v->u.items[i].u.s, v->u.items[i].n)))
        break;
  if (pst_buf_put(&b, "", 0) != 0) { /* NUL-terminated, even when empty */
    pst_buf_free(&b);
    return NULL;
  }
  return b.p;
}
