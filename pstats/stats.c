/* The statistics model: pstats.Stats's dictionary in order, with
 * add (§6.2: add_func_stats / add_callers), strip_dirs (§6.4) and the totals
 * of get_top_level_stats (§6.1). */
#define _GNU_SOURCE
#include "pstats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pst_fail(pst_error *err, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    for (char *p = err->msg; *p; p++) /* keep it one line */
      if (*p == '\n' || *p == '\r')
        *p = ' ';
  }
  return -1;
}

int pst_grow(void **p, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap)
    return 0;
  size_t c = *cap ? *cap : 64;
  while (c < need)
    c *= 2;
  void *np = realloc(*p, c * elem);
  if (!np)
    return -1;
  *p = np;
  *cap = c;
  return 0;
}

int pst_grow_ids(uint32_t **p, size_t *cap, size_t need, uint32_t fill) {
  size_t old = *cap;
  if (pst_grow((void **)p, cap, need, sizeof **p))
    return -1;
  for (size_t i = old; i < *cap; i++)
    (*p)[i] = fill;
  return 0;
}

/* ------------------------------------------------------------ numbers */

pst_num pst_num_int(int64_t v) {
  pst_num n = {1, v, 0.0};
  return n;
}

pst_num pst_num_float(double v) {
  pst_num n = {0, 0, v};
  return n;
}

double pst_num_as_double(pst_num n) { return n.is_int ? (double)n.i : n.f; }

int pst_num_add(pst_num a, pst_num b, pst_num *out) {
  if (a.is_int && b.is_int) {
    int64_t r;
    if (__builtin_add_overflow(a.i, b.i, &r))
      return -1;
    *out = pst_num_int(r);
    return 0;
  }
  *out = pst_num_float(pst_num_as_double(a) + pst_num_as_double(b));
  return 0;
}

int pst_num_cmp(pst_num a, pst_num b) {
  if (a.is_int && b.is_int)
    return (a.i > b.i) - (a.i < b.i);
  if (!a.is_int && !b.is_int)
    return (a.f > b.f) - (a.f < b.f);
  /* int vs float: exact comparison (long double holds every int64) */
  long double x = a.is_int ? (long double)a.i : (long double)a.f;
  long double y = b.is_int ? (long double)b.i : (long double)b.f;
  return (x > y) - (x < y);
}

/* ------------------------------------------------------------ hash map */

static uint64_t map_hash(uint64_t x) {
  x ^= x >> 31;
  x *= 0x9e3779b97f4a7c15ull;
  x ^= x >> 29;
  return x;
}

void pst_keymap_free(pst_keymap *m) {
  free(m->slots);
  memset(m, 0, sizeof *m);
}

static void slots_clear(pst_keymap_slot *slots, size_t n) {
  for (size_t i = 0; i < n; i++)
    slots[i].val = PST_NONE;
}

void pst_keymap_clear(pst_keymap *m) {
  if (m->slots)
    slots_clear(m->slots, m->cap);
  m->used = 0;
}

uint32_t pst_keymap_get(const pst_keymap *m, uint64_t k) {
  if (!m->cap)
    return PST_NONE;
  size_t mask = m->cap - 1, j = map_hash(k) & mask;
  while (m->slots[j].val != PST_NONE) {
    if (m->slots[j].key == k)
      return m->slots[j].val;
    j = (j + 1) & mask;
  }
  return PST_NONE;
}

static int keymap_grow(pst_keymap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  pst_keymap_slot *slots = malloc(cap * sizeof *slots);
  if (!slots)
    return -1;
  slots_clear(slots, cap);
  for (size_t i = 0; i < m->cap; i++) {
    if (m->slots[i].val == PST_NONE)
      continue;
    size_t j = map_hash(m->slots[i].key) & (cap - 1);
    while (slots[j].val != PST_NONE)
      j = (j + 1) & (cap - 1);
    slots[j] = m->slots[i];
  }
  free(m->slots);
  m->slots = slots;
  m->cap = cap;
  return 0;
}

int pst_keymap_put(pst_keymap *m, uint64_t k, uint32_t v) {
  if ((m->used + 1) * 2 > m->cap && keymap_grow(m) != 0)
    return -1;
  size_t mask = m->cap - 1, j = map_hash(k) & mask;
  while (m->slots[j].val != PST_NONE) {
    if (m->slots[j].key == k) {
      m->slots[j].val = v;
      return 0;
    }
    j = (j + 1) & mask;
  }
  m->slots[j].key = k;
  m->slots[j].val = v;
  m->used++;
  return 0;
}

/* ------------------------------------------------------------ stats */

pst_stats *pst_stats_new(pst_names *names) {
  pst_stats *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->names = names;
  s->total_tt = pst_num_int(0);
  return s;
}

void pst_stats_forget_order(pst_stats *s) {
  free(s->order);
  s->order = NULL;
  s->n_order = 0;
  free(s->sort_type);
  s->sort_type = NULL;
  free(s->callee_start);
  free(s->callee_items);
  s->callee_start = NULL;
  s->callee_items = NULL;
  s->callees_valid = 0;
}

static void free_entries(pst_entry *e, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(e[i].edges);
  free(e);
}

void pst_stats_free(pst_stats *s) {
  if (!s)
    return;
  pst_stats_forget_order(s);
  free_entries(s->entries, s->n_entries);
  pst_keymap_free(&s->index);
  pst_keymap_free(&s->edge_index);
  for (size_t i = 0; i < s->n_files; i++)
    free(s->files[i]);
  free(s->files);
  free(s->top_level);
  pst_ext_free(s->ext);
  free(s);
}

int pst_stats_add_header(pst_stats *s, const char *line) {
  char **nf = realloc(s->files, (s->n_files + 1) * sizeof *nf);
  if (!nf)
    return -1;
  s->files = nf;
  char *copy = strdup(line);
  if (!copy)
    return -1;
  s->files[s->n_files++] = copy;
  return 0;
}

long pst_stats_find(const pst_stats *s, pst_key key) {
  uint32_t pos = pst_keymap_get(&s->index, key);
  return pos == PST_NONE ? -1 : (long)pos;
}

void pst_stats_clear(pst_stats *s) {
  pst_stats_forget_order(s);
  for (size_t i = 0; i < s->n_entries; i++)
    free(s->entries[i].edges);
  s->n_entries = 0;
  pst_keymap_clear(&s->index);
  pst_keymap_clear(&s->edge_index);
  for (size_t i = 0; i < s->n_files; i++)
    free(s->files[i]);
  s->n_files = 0;
  s->n_top_level = 0;
  s->total_calls = s->prim_calls = 0;
  s->total_tt = pst_num_int(0);
  pst_ext_free(s->ext);
  s->ext = NULL;
}

long pst_stats_entry(pst_stats *s, pst_key key) {
  long found = pst_stats_find(s, key);
  if (found >= 0)
    return found;
  if (s->n_entries >= UINT32_MAX - 1)
    return -1;
  if (s->n_entries == s->cap_entries) {
    size_t cap = s->cap_entries ? s->cap_entries * 2 : 64;
    pst_entry *ne = realloc(s->entries, cap * sizeof *ne);
    if (!ne)
      return -1;
    s->entries = ne;
    s->cap_entries = cap;
  }
  pst_entry *e = &s->entries[s->n_entries];
  memset(e, 0, sizeof *e);
  e->key = key;
  e->tt = e->ct = pst_num_int(0);
  s->callees_valid = 0;
  if (pst_keymap_put(&s->index, key, (uint32_t)s->n_entries) != 0)
    return -1;
  return (long)s->n_entries++;
}

static int add_count(int64_t a, int64_t b, int64_t *out, pst_error *err) {
  if (__builtin_add_overflow(a, b, out))
    return pst_fail(err, "call count overflows 64 bits while merging");
  return 0;
}

static int add_time(pst_num a, pst_num b, pst_num *out, pst_error *err) {
  if (pst_num_add(a, b, out) != 0)
    return pst_fail(err, "integer time overflows 64 bits while merging");
  return 0;
}

int pst_stats_merge_values(pst_stats *s, size_t pos, int64_t cc, int64_t nc,
                           pst_num tt, pst_num ct, pst_error *err) {
  pst_entry *e = &s->entries[pos];
  /* add_func_stats: incoming + stored */
  if (add_count(cc, e->cc, &e->cc, err) || add_count(nc, e->nc, &e->nc, err) ||
      add_time(tt, e->tt, &e->tt, err) || add_time(ct, e->ct, &e->ct, err))
    return -1;
  return 0;
}

static uint64_t edge_map_key(size_t pos, pst_key caller) {
  return (uint64_t)pos << 32 | caller;
}

/* Index of caller's edge in entry pos, or PST_NONE. Stale map entries
 * (from a table that was replaced) are recognised by checking the edge. */
static uint32_t find_edge(const pst_stats *s, size_t pos, pst_key caller) {
  const pst_entry *e = &s->entries[pos];
  if (e->n_edges <= 8) {
    for (uint32_t i = 0; i < e->n_edges; i++)
      if (e->edges[i].caller == caller)
        return i;
    return PST_NONE;
  }
  uint32_t i = pst_keymap_get(&s->edge_index, edge_map_key(pos, caller));
  if (i != PST_NONE && i < e->n_edges && e->edges[i].caller == caller)
    return i;
  return PST_NONE;
}

long pst_stats_find_edge(const pst_stats *s, size_t pos, pst_key caller) {
  uint32_t i = find_edge(s, pos, caller);
  return i == PST_NONE ? -1 : (long)i;
}

int pst_stats_append_edge(pst_stats *s, size_t pos, const pst_edge *edge) {
  pst_entry *e = &s->entries[pos];
  if (e->n_edges == e->cap_edges) {
    uint32_t cap = e->cap_edges ? e->cap_edges * 2 : 4;
    pst_edge *ne = realloc(e->edges, cap * sizeof *ne);
    if (!ne)
      return -1;
    e->edges = ne;
    e->cap_edges = cap;
  }
  e->edges[e->n_edges] = *edge;
  uint32_t idx = e->n_edges++;
  if (e->n_edges == 9) { /* switching to hashed lookup: index the table */
    for (uint32_t i = 0; i < e->n_edges; i++)
      if (pst_keymap_put(&s->edge_index, edge_map_key(pos, e->edges[i].caller), i))
        return -1;
  } else if (e->n_edges > 9) {
    if (pst_keymap_put(&s->edge_index, edge_map_key(pos, edge->caller), idx))
      return -1;
  }
  return 0;
}

enum edge_mode { EDGE_SUM, EDGE_REPLACE };

static int set_edge(pst_stats *s, size_t pos, const pst_edge *in,
                    enum edge_mode mode, pst_error *err) {
  uint32_t i = find_edge(s, pos, in->caller);
  if (i == PST_NONE) {
    if (pst_stats_append_edge(s, pos, in) != 0)
      return pst_fail(err, "out of memory");
    return 0;
  }
  pst_edge *old = &s->entries[pos].edges[i];
  if (mode == EDGE_REPLACE) {
    *old = *in;
    return 0;
  }
  if (old->is_tuple != in->is_tuple)
    return pst_fail(err, "cannot merge a profile.py caller count with a "
                         "cProfile caller tuple (Python's pstats fails too)");
  /* add_callers: incoming + stored, element-wise */
  if (add_count(in->nc, old->nc, &old->nc, err))
    return -1;
  if (in->is_tuple) {
    if (add_count(in->cc, old->cc, &old->cc, err) ||
        add_time(in->tt, old->tt, &old->tt, err) ||
        add_time(in->ct, old->ct, &old->ct, err))
      return -1;
  } else {
    old->cc = old->nc;
  }
  return 0;
}

int pst_stats_edge(pst_stats *s, size_t pos, const pst_edge *e, pst_error *err) {
  s->callees_valid = 0;
  return set_edge(s, pos, e, EDGE_SUM, err);
}

/* Used by the reader: a key seen again in one dict replaces the value. */
int pst_stats_set_edge_replace(pst_stats *s, size_t pos, const pst_edge *e,
                               pst_error *err) {
  return set_edge(s, pos, e, EDGE_REPLACE, err);
}

static int add_top_level(pst_stats *s, pst_key k) {
  for (size_t i = 0; i < s->n_top_level; i++)
    if (s->top_level[i] == k)
      return 0;
  pst_key *nt = realloc(s->top_level, (s->n_top_level + 1) * sizeof *nt);
  if (!nt)
    return -1;
  s->top_level = nt;
  s->top_level[s->n_top_level++] = k;
  return 0;
}

int pst_stats_compute_totals(pst_stats *s, pst_error *err) {
  pst_names *n = s->names;
  pst_str jf = pst_intern_str(n, "jprofile", 8);
  pst_str jn = pst_intern_str(n, "profiler", 8);
  if (jf == PST_NONE || jn == PST_NONE)
    return pst_fail(err, "out of memory");
  pst_key jkey = pst_intern_key(n, jf, 0, jn);
  if (jkey == PST_NONE)
    return pst_fail(err, "out of memory");
  s->total_calls = 0;
  s->prim_calls = 0;
  s->total_tt = pst_num_int(0);
  s->n_top_level = 0;
  for (size_t i = 0; i < s->n_entries; i++) {
    const pst_entry *e = &s->entries[i];
    if (__builtin_add_overflow(s->total_calls, e->nc, &s->total_calls) ||
        __builtin_add_overflow(s->prim_calls, e->cc, &s->prim_calls))
      return pst_fail(err, "total call count overflows 64 bits");
    if (pst_num_add(s->total_tt, e->tt, &s->total_tt) != 0)
      return pst_fail(err, "total integer time overflows 64 bits");
    if (find_edge(s, i, jkey) != PST_NONE && add_top_level(s, e->key) != 0)
      return pst_fail(err, "out of memory");
  }
  return 0;
}

static int merge_entry(pst_stats *s, size_t pos, const pst_entry *in,
                       pst_error *err) {
  if (pst_stats_merge_values(s, pos, in->cc, in->nc, in->tt, in->ct, err))
    return -1;
  for (uint32_t j = 0; j < in->n_edges; j++)
    if (set_edge(s, pos, &in->edges[j], EDGE_SUM, err) != 0)
      return -1;
  return 0;
}

int pst_stats_add(pst_stats *s, const pst_stats *o, pst_error *err) {
  if (s == o)
    return pst_fail(err, "cannot add statistics to themselves");
  if (s->names != o->names)
    return pst_fail(err, "statistics to add use different name tables");
  for (size_t i = 0; i < o->n_files; i++)
    if (pst_stats_add_header(s, o->files[i]) != 0)
      return pst_fail(err, "out of memory");
  if (__builtin_add_overflow(s->total_calls, o->total_calls, &s->total_calls) ||
      __builtin_add_overflow(s->prim_calls, o->prim_calls, &s->prim_calls))
    return pst_fail(err, "total call count overflows 64 bits");
  if (pst_num_add(s->total_tt, o->total_tt, &s->total_tt) != 0)
    return pst_fail(err, "total integer time overflows 64 bits");
  for (size_t i = 0; i < o->n_top_level; i++)
    if (add_top_level(s, o->top_level[i]) != 0)
      return pst_fail(err, "out of memory");
  pst_stats_forget_order(s);
  for (size_t i = 0; i < o->n_entries; i++) {
    long pos = pst_stats_entry(s, o->entries[i].key);
    if (pos < 0)
      return pst_fail(err, "out of memory");
    if (merge_entry(s, (size_t)pos, &o->entries[i], err) != 0)
      return -1;
  }
  return pst_ext_add(s, o, err);
}

/* basename as os.path.basename: the text after the last '/'. */
pst_key pst_strip_key(pst_names *n, pst_key k) {
  const pst_keyinfo *ki = pst_key_info(n, k);
  size_t len;
  const char *f = pst_str_text(n, ki->file, &len);
  const char *slash = NULL;
  for (size_t i = 0; i < len; i++)
    if (f[i] == '/')
      slash = f + i;
  if (!slash)
    return k;
  int64_t line = ki->line;
  pst_str name = ki->name;
  pst_str nf = pst_intern_str(n, slash + 1, len - (size_t)(slash + 1 - f));
  if (nf == PST_NONE)
    return PST_NONE;
  return pst_intern_key(n, nf, line, name);
}

int pst_stats_strip_dirs(pst_stats *s, pst_error *err) {
  pst_stats *ns = pst_stats_new(s->names);
  if (!ns)
    return pst_fail(err, "out of memory");
  for (size_t i = 0; i < s->n_entries; i++) {
    pst_entry *old = &s->entries[i];
    pst_key nk = pst_strip_key(s->names, old->key);
    if (nk == PST_NONE)
      goto oom;
    /* the new callers table: colliding caller keys overwrite */
    long existing = pst_stats_find(ns, nk);
    if (existing < 0) {
      long pos = pst_stats_entry(ns, nk);
      if (pos < 0)
        goto oom;
      pst_entry *e = &ns->entries[pos];
      e->cc = old->cc;
      e->nc = old->nc;
      e->tt = old->tt;
      e->ct = old->ct;
      for (uint32_t j = 0; j < old->n_edges; j++) {
        pst_edge ed = old->edges[j];
        ed.caller = pst_strip_key(s->names, ed.caller);
        if (ed.caller == PST_NONE)
          goto oom;
        if (set_edge(ns, (size_t)pos, &ed, EDGE_REPLACE, err) != 0)
          goto fail;
      }
    } else {
      /* Build the stripped table in a scratch stats slot, then merge it
       * with add_func_stats (stored first, incoming summed). */
      pst_stats *scratch = pst_stats_new(s->names);
      if (!scratch)
        goto oom;
      long pos = pst_stats_entry(scratch, nk);
      if (pos < 0) {
        pst_stats_free(scratch);
        goto oom;
      }
      for (uint32_t j = 0; j < old->n_edges; j++) {
        pst_edge ed = old->edges[j];
        ed.caller = pst_strip_key(s->names, ed.caller);
        if (ed.caller == PST_NONE ||
            set_edge(scratch, (size_t)pos, &ed, EDGE_REPLACE, err) != 0) {
          pst_stats_free(scratch);
          if (ed.caller == PST_NONE)
            goto oom;
          goto fail;
        }
      }
      pst_entry *se = &scratch->entries[pos];
      se->cc = old->cc;
      se->nc = old->nc;
      se->tt = old->tt;
      se->ct = old->ct;
      int rc = merge_entry(ns, (size_t)existing, se, err);
      pst_stats_free(scratch);
      if (rc != 0)
        goto fail;
    }
  }
  for (size_t i = 0; i < s->n_top_level; i++) {
    pst_key k = pst_strip_key(s->names, s->top_level[i]);
    if (k == PST_NONE || add_top_level(ns, k) != 0)
      goto oom;
  }
  /* move the new dictionary into s; files and totals stay */
  pst_stats_forget_order(s);
  free_entries(s->entries, s->n_entries);
  pst_keymap_free(&s->index);
  pst_keymap_free(&s->edge_index);
  free(s->top_level);
  s->entries = ns->entries;
  s->n_entries = ns->n_entries;
  s->cap_entries = ns->cap_entries;
  s->index = ns->index;
  s->edge_index = ns->edge_index;
  s->top_level = ns->top_level;
  s->n_top_level = ns->n_top_level;
  ns->entries = NULL;
  ns->n_entries = 0;
  memset(&ns->index, 0, sizeof ns->index);
  memset(&ns->edge_index, 0, sizeof ns->edge_index);
  ns->top_level = NULL;
  ns->n_top_level = 0;
  pst_stats_free(ns);
  return pst_ext_strip_dirs(s, err);
oom:
  pst_fail(err, "out of memory");
fail:
  pst_stats_free(ns);
  return -1;
}
