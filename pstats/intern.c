/* Interning of strings and function keys (filename, lineno, funcname), and
 * the printed name std(key) of §7. Hash tables with open addressing; text is
 * kept in large chunks so millions of names cost few allocations. */
#define _POSIX_C_SOURCE 200809L
#include "pstats_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK_SIZE (1u << 20)

typedef struct str_rec {
  const char *p;
  uint32_t len;
  uint32_t cps; /* code points */
  uint64_t hash;
} str_rec;

struct pst_names {
  uint64_t seed; /* per-object hash seed: crafted names cannot force collisions */
  /* strings */
  str_rec *strs;
  size_t n_strs, cap_strs;
  uint32_t *str_slots; /* id + 1 */
  size_t str_slot_cap;
  /* text chunks */
  char **chunks;
  size_t n_chunks;
  size_t chunk_used, chunk_cap;
  /* keys */
  pst_keyinfo *keys;
  size_t n_keys, cap_keys;
  uint32_t *key_slots;
  size_t key_slot_cap;
};

static uint64_t hash_bytes(uint64_t seed, const char *s, size_t n) {
  /* FNV-1a, 64-bit, seeded, with a final mix */
  uint64_t h = 1469598103934665603ull ^ seed;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return pst_mix64(h ^ seed);
}

uint64_t pst_hash_seed(const void *object) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return pst_mix64((uint64_t)(uintptr_t)object ^ (uint64_t)ts.tv_nsec << 20 ^
                   (uint64_t)ts.tv_sec);
}

pst_names *pst_names_new(void) {
  pst_names *n = calloc(1, sizeof *n);
  if (n)
    n->seed = pst_hash_seed(n);
  return n;
}

void pst_names_free(pst_names *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->n_chunks; i++)
    free(n->chunks[i]);
  free(n->chunks);
  free(n->strs);
  free(n->str_slots);
  free(n->keys);
  free(n->key_slots);
  free(n);
}

static char *store_text(pst_names *n, const char *s, size_t len) {
  if (len > CHUNK_SIZE / 4) { /* big strings get their own chunk */
    char **nc = realloc(n->chunks, (n->n_chunks + 1) * sizeof *nc);
    if (!nc)
      return NULL;
    n->chunks = nc;
    char *p = malloc(len ? len : 1);
    if (!p)
      return NULL;
    memcpy(p, s, len);
    /* insert before the current chunk so chunk_used stays valid */
    if (n->n_chunks) {
      n->chunks[n->n_chunks] = n->chunks[n->n_chunks - 1];
      n->chunks[n->n_chunks - 1] = p;
    } else {
      n->chunks[0] = p;
      n->chunk_cap = 0;
      n->chunk_used = 0;
    }
    n->n_chunks++;
    return p;
  }
  if (n->n_chunks == 0 || n->chunk_cap - n->chunk_used < len) {
    char **nc = realloc(n->chunks, (n->n_chunks + 1) * sizeof *nc);
    if (!nc)
      return NULL;
    n->chunks = nc;
    char *p = malloc(CHUNK_SIZE);
    if (!p)
      return NULL;
    n->chunks[n->n_chunks++] = p;
    n->chunk_used = 0;
    n->chunk_cap = CHUNK_SIZE;
  }
  char *p = n->chunks[n->n_chunks - 1] + n->chunk_used;
  memcpy(p, s, len);
  n->chunk_used += len;
  return p;
}

static int grow_str_slots(pst_names *n) {
  size_t cap = n->str_slot_cap ? n->str_slot_cap * 2 : 1024;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t i = 0; i < n->n_strs; i++) {
    size_t j = n->strs[i].hash & (cap - 1);
    while (slots[j])
      j = (j + 1) & (cap - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(n->str_slots);
  n->str_slots = slots;
  n->str_slot_cap = cap;
  return 0;
}

pst_str pst_intern_str(pst_names *n, const char *s, size_t len) {
  if (len > UINT32_MAX)
    return PST_NONE;
  uint64_t h = hash_bytes(n->seed, s, len);
  if ((n->n_strs + 1) * 2 > n->str_slot_cap && grow_str_slots(n) != 0)
    return PST_NONE;
  size_t mask = n->str_slot_cap - 1;
  size_t j = h & mask;
  for (;;) {
    uint32_t id = n->str_slots[j];
    if (!id)
      break;
    const str_rec *r = &n->strs[id - 1];
    if (r->hash == h && r->len == len && memcmp(r->p, s, len) == 0)
      return id - 1;
    j = (j + 1) & mask;
  }
  if (n->n_strs == n->cap_strs) {
    size_t cap = n->cap_strs ? n->cap_strs * 2 : 256;
    str_rec *ns = realloc(n->strs, cap * sizeof *ns);
    if (!ns)
      return PST_NONE;
    n->strs = ns;
    n->cap_strs = cap;
  }
  char *p = store_text(n, s, len);
  if (!p)
    return PST_NONE;
  str_rec *r = &n->strs[n->n_strs];
  r->p = p;
  r->len = (uint32_t)len;
  r->cps = (uint32_t)pst_utf8_codepoints(s, len);
  r->hash = h;
  n->str_slots[j] = (uint32_t)n->n_strs + 1;
  return (pst_str)n->n_strs++;
}

static int grow_key_slots(pst_names *n) {
  size_t cap = n->key_slot_cap ? n->key_slot_cap * 2 : 1024;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t i = 0; i < n->n_keys; i++) {
    const pst_keyinfo *k = &n->keys[i];
    size_t j = pst_key_hash(k->file, k->line, k->name) & (cap - 1);
    while (slots[j])
      j = (j + 1) & (cap - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(n->key_slots);
  n->key_slots = slots;
  n->key_slot_cap = cap;
  return 0;
}

pst_key pst_intern_key(pst_names *n, pst_str file, int64_t line, pst_str name) {
  if ((n->n_keys + 1) * 2 > n->key_slot_cap && grow_key_slots(n) != 0)
    return PST_NONE;
  size_t mask = n->key_slot_cap - 1;
  size_t j = pst_key_hash(file, line, name) & mask;
  for (;;) {
    uint32_t id = n->key_slots[j];
    if (!id)
      break;
    const pst_keyinfo *k = &n->keys[id - 1];
    if (k->file == file && k->name == name && k->line == line)
      return id - 1;
    j = (j + 1) & mask;
  }
  if (n->n_keys == n->cap_keys) {
    size_t cap = n->cap_keys ? n->cap_keys * 2 : 256;
    pst_keyinfo *nk = realloc(n->keys, cap * sizeof *nk);
    if (!nk)
      return PST_NONE;
    n->keys = nk;
    n->cap_keys = cap;
  }
  n->keys[n->n_keys].file = file;
  n->keys[n->n_keys].name = name;
  n->keys[n->n_keys].line = line;
  n->key_slots[j] = (uint32_t)n->n_keys + 1;
  return (pst_key)n->n_keys++;
}

const char *pst_str_text(const pst_names *n, pst_str s, size_t *len) {
  if (len)
    *len = n->strs[s].len;
  return n->strs[s].p;
}

size_t pst_str_codepoints(const pst_names *n, pst_str s) {
  return n->strs[s].cps;
}

const pst_keyinfo *pst_key_info(const pst_names *n, pst_key k) {
  return &n->keys[k];
}

size_t pst_key_count(const pst_names *n) { return n->n_keys; }

/* ('~', 0, '<x>') prints as {x}; ('~', 0, 'x') as x (§7). */
static int is_builtin(const pst_names *n, const pst_keyinfo *k) {
  const str_rec *f = &n->strs[k->file];
  return k->line == 0 && f->len == 1 && f->p[0] == '~';
}

size_t pst_std_width(const pst_names *n, pst_key key) {
  const pst_keyinfo *k = &n->keys[key];
  if (is_builtin(n, k))
    return n->strs[k->name].cps;
  char digits[24];
  int nd = snprintf(digits, sizeof digits, "%lld", (long long)k->line);
  return n->strs[k->file].cps + (size_t)nd + 2 + n->strs[k->name].cps + 1;
}

long pst_std_string(const pst_names *n, pst_key key, char **buf, size_t *cap) {
  const pst_keyinfo *k = &n->keys[key];
  const str_rec *f = &n->strs[k->file], *nm = &n->strs[k->name];
  size_t need = (size_t)f->len + nm->len + 32;
  if (need > *cap) {
    char *nb = realloc(*buf, need);
    if (!nb)
      return -1;
    *buf = nb;
    *cap = need;
  }
  char *p = *buf;
  if (is_builtin(n, k)) {
    memcpy(p, nm->p, nm->len);
    if (nm->len >= 2 && nm->p[0] == '<' && nm->p[nm->len - 1] == '>') {
      p[0] = '{';
      p[nm->len - 1] = '}';
    }
    return (long)nm->len;
  }
  size_t o = 0;
  memcpy(p, f->p, f->len);
  o += f->len;
  o += (size_t)snprintf(p + o, 24, ":%lld(", (long long)k->line);
  memcpy(p + o, nm->p, nm->len);
  o += nm->len;
  p[o++] = ')';
  return (long)o;
}
