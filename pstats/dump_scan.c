/* The fast dump scanner (see dump_scan.h): one forward pass, no tree, no
 * recursion, the schema of a pstats dump (§4) spelled out as code:
 *
 *   { key: (cc, nc, tt, ct, { caller: (nc, cc, tt, ct) | count, ... }), ... }
 *
 * Strings and key tuples are interned in the scanner's own tables (a
 * scanner per thread, so threads never share a table); back-references
 * resolve through a per-dump table of what each flagged object was. On
 * anything it does not handle it returns 1 and the general reader takes
 * the dump, so its only duty is: when it accepts a dump, the result is the
 * one the general reader would give. */
#define _GNU_SOURCE
#include "dump_scan.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK_SIZE ((size_t)1 << 20)
#define CONSUMED_STEP ((size_t)16 << 20)

#define HEAD 24 /* bytes of text kept in the string's record */

/* A string: a lookup compares its record alone (most names are shorter
 * than HEAD), one cache line, not the record and then the text. */
typedef struct lstr {
  uint32_t len;
  uint32_t hash;
  char head[HEAD];
} lstr;

typedef struct lkey {
  uint32_t file, name;
  int64_t line;
} lkey;

typedef struct kslot {
  uint32_t id_plus1; /* 0: empty */
  uint32_t file, name;
  int32_t line;
} kslot;

/* A string met in the dump, its id not known yet: the hash tables are
 * bigger than the caches, so lookups are done in batches, each prefetching
 * the slots and records of the ones after it. */
typedef struct pstr {
  const unsigned char *p;
  uint32_t len;
  uint32_t hash;
} pstr;

/* A key met in the dump: indices into the dump's strings (pstr). */
typedef struct pkey {
  uint32_t file, name;
  int64_t line;
} pkey;

/* What a back-reference slot holds. */
enum { REF_OTHER = 0, REF_INT, REF_FLOAT, REF_STR, REF_KEY };

typedef struct ref {
  uint32_t kind;
  uint32_t id; /* REF_STR: a pstr index, REF_KEY: a pkey index */
  uint64_t v;  /* REF_INT, REF_FLOAT; REF_STR: the line of key_plus1 */
  /* REF_STR: the last key named by this string (pkey index + 1) and its
   * file (pstr index). Caller keys are fresh tuples whose name is a
   * back-reference: this finds their key without a hash lookup. */
  uint32_t key_plus1, key_file;
} ref;

struct pst_scanner {
  uint64_t seed;
  lstr *strs;
  size_t n_strs, cap_strs;
  const char **text; /* per string id: all of its text */
  size_t cap_text;
  uint32_t *sslots; /* string id + 1, 0 = empty */
  size_t sslot_cap;
  char **chunks;
  size_t n_chunks, chunk_used, chunk_cap;
  lkey *keys;
  size_t n_keys, cap_keys;
  kslot *kslots;
  size_t kslot_cap;
  /* per key id: the dump (epoch) and the callers table (serial) it was last
   * seen in, to catch repeated keys */
  uint32_t *seen, *cseen;
  size_t cap_seen, cap_cseen;
  uint32_t epoch, serial;
  uint32_t marker; /* ('jprofile', 0, 'profiler'), PST_NONE if not met */
  ref *refs;
  size_t n_refs, cap_refs;
  /* this dump's strings and keys as met (ids resolved in batches) */
  pstr *pstrs;
  size_t n_pstrs, cap_pstrs, resolved;
  uint32_t *pstr_id;
  size_t cap_pstr_id;
  pkey *pkeys;
  size_t n_pkeys, cap_pkeys;
  uint32_t *pkey_id;
  size_t cap_pkey_id;
};

/* Seeded, 8 bytes a step: names are short, the hash is on the hot path. */
static uint64_t hash_text(uint64_t seed, const unsigned char *s, size_t n) {
  uint64_t h = seed ^ ((uint64_t)n * 0x9e3779b97f4a7c15ull);
  while (n >= 8) {
    uint64_t v;
    memcpy(&v, s, 8);
    h = (h ^ v) * 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
    s += 8;
    n -= 8;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++)
    v |= (uint64_t)s[i] << (8 * i);
  return pst_mix64(h ^ v);
}

pst_scanner *pst_scanner_new(void) {
  pst_scanner *sc = calloc(1, sizeof *sc);
  if (!sc)
    return NULL;
  sc->seed = pst_hash_seed(sc);
  sc->marker = PST_NONE;
  return sc;
}

void pst_scanner_free(pst_scanner *sc) {
  if (!sc)
    return;
  for (size_t i = 0; i < sc->n_chunks; i++)
    free(sc->chunks[i]);
  free(sc->chunks);
  free(sc->strs);
  free(sc->text);
  free(sc->sslots);
  free(sc->keys);
  free(sc->kslots);
  free(sc->seen);
  free(sc->cseen);
  free(sc->refs);
  free(sc->pstrs);
  free(sc->pstr_id);
  free(sc->pkeys);
  free(sc->pkey_id);
  free(sc);
}

void pst_scan_result_free(scan_result *r) {
  free(r->recs);
  free(r->nstr);
  free(r->nkey);
  memset(r, 0, sizeof *r);
}

/* Text lives in 1 MiB chunks that never move (scan_newstr points there). */
static char *store_text(pst_scanner *sc, const unsigned char *s, size_t len) {
  if (sc->n_chunks == 0 || sc->chunk_cap - sc->chunk_used < len) {
    size_t size = len > CHUNK_SIZE / 4 ? len : CHUNK_SIZE;
    char **nc = realloc(sc->chunks, (sc->n_chunks + 1) * sizeof *nc);
    if (!nc)
      return NULL;
    sc->chunks = nc;
    char *p = malloc(size ? size : 1);
    if (!p)
      return NULL;
    if (size == CHUNK_SIZE || sc->n_chunks == 0) {
      sc->chunks[sc->n_chunks++] = p;
      sc->chunk_used = 0;
      sc->chunk_cap = size;
    } else { /* a big string: its own chunk, the current one stays current */
      sc->chunks[sc->n_chunks] = sc->chunks[sc->n_chunks - 1];
      sc->chunks[sc->n_chunks - 1] = p;
      sc->n_chunks++;
      memcpy(p, s, len);
      return p;
    }
  }
  char *p = sc->chunks[sc->n_chunks - 1] + sc->chunk_used;
  memcpy(p, s, len);
  sc->chunk_used += len;
  return p;
}

static int grow_sslots(pst_scanner *sc) {
  size_t cap = sc->sslot_cap ? sc->sslot_cap * 2 : 4096;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t i = 0; i < sc->n_strs; i++) {
    size_t j = sc->strs[i].hash & (cap - 1);
    while (slots[j])
      j = (j + 1) & (cap - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(sc->sslots);
  sc->sslots = slots;
  sc->sslot_cap = cap;
  return 0;
}

/* Local id of the text (hash h; the slots have room), PST_NONE when out
 * of memory. */
static uint32_t intern_text(pst_scanner *sc, const unsigned char *s, size_t len,
                            uint32_t h, scan_result *out) {
  size_t mask = sc->sslot_cap - 1, j = h & mask;
  for (;;) {
    uint32_t id = sc->sslots[j];
    if (!id)
      break;
    const lstr *r = &sc->strs[id - 1];
    if (r->hash == h && r->len == len &&
        memcmp(r->head, s, len < HEAD ? len : HEAD) == 0 &&
        (len <= HEAD || memcmp(sc->text[id - 1] + HEAD, s + HEAD, len - HEAD) == 0))
      return id - 1;
    j = (j + 1) & mask;
  }
  if (sc->n_strs >= UINT32_MAX - 2 ||
      pst_grow((void **)&sc->strs, &sc->cap_strs, sc->n_strs + 1, sizeof *sc->strs) ||
      pst_grow((void **)&sc->text, &sc->cap_text, sc->n_strs + 1, sizeof *sc->text) ||
      pst_grow((void **)&out->nstr, &out->cap_nstr, out->n_nstr + 1, sizeof *out->nstr))
    return PST_NONE;
  char *p = store_text(sc, s, len);
  if (!p)
    return PST_NONE;
  lstr *r = &sc->strs[sc->n_strs];
  r->len = (uint32_t)len;
  r->hash = h;
  memcpy(r->head, s, len < HEAD ? len : HEAD);
  sc->text[sc->n_strs] = p;
  out->nstr[out->n_nstr].p = p;
  out->nstr[out->n_nstr].len = (uint32_t)len;
  out->n_nstr++;
  sc->sslots[j] = (uint32_t)sc->n_strs + 1;
  return (uint32_t)sc->n_strs++;
}

/* A key slot holds the key itself: a lookup is one cache line. A line
 * number outside 32 bits is checked in the key's record. */
#define LINE_FAR INT32_MIN

static int32_t slot_line(int64_t line) {
  return line > LINE_FAR && line <= INT32_MAX ? (int32_t)line : LINE_FAR;
}

static int grow_kslots(pst_scanner *sc) {
  size_t cap = sc->kslot_cap ? sc->kslot_cap * 2 : 4096;
  kslot *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t i = 0; i < sc->n_keys; i++) {
    const lkey *k = &sc->keys[i];
    size_t j = pst_key_hash(k->file, k->line, k->name) & (cap - 1);
    while (slots[j].id_plus1)
      j = (j + 1) & (cap - 1);
    slots[j].id_plus1 = (uint32_t)i + 1;
    slots[j].file = k->file;
    slots[j].name = k->name;
    slots[j].line = slot_line(k->line);
  }
  free(sc->kslots);
  sc->kslots = slots;
  sc->kslot_cap = cap;
  return 0;
}

static int is_text(const pst_scanner *sc, uint32_t id, const char *t, size_t n) {
  return sc->strs[id].len == n && memcmp(sc->text[id], t, n) == 0;
}

/* Local id of the key (the slots have room), PST_NONE when out of memory. */
static uint32_t intern_key(pst_scanner *sc, uint32_t file, int64_t line, uint32_t name,
                           scan_result *out) {
  int32_t sline = slot_line(line);
  size_t mask = sc->kslot_cap - 1, j = pst_key_hash(file, line, name) & mask;
  for (;;) {
    const kslot *k = &sc->kslots[j];
    if (!k->id_plus1)
      break;
    if (k->file == file && k->name == name && k->line == sline &&
        (sline != LINE_FAR || sc->keys[k->id_plus1 - 1].line == line))
      return k->id_plus1 - 1;
    j = (j + 1) & mask;
  }
  if (sc->n_keys >= UINT32_MAX - 2 ||
      pst_grow((void **)&sc->keys, &sc->cap_keys, sc->n_keys + 1, sizeof *sc->keys) ||
      pst_grow_ids(&sc->seen, &sc->cap_seen, sc->n_keys + 1, 0) ||
      pst_grow_ids(&sc->cseen, &sc->cap_cseen, sc->n_keys + 1, 0) ||
      pst_grow((void **)&out->nkey, &out->cap_nkey, out->n_nkey + 1, sizeof *out->nkey))
    return PST_NONE;
  uint32_t id = (uint32_t)sc->n_keys++;
  sc->keys[id].file = file;
  sc->keys[id].name = name;
  sc->keys[id].line = line;
  out->nkey[out->n_nkey].file = file;
  out->nkey[out->n_nkey].name = name;
  out->nkey[out->n_nkey].line = line;
  out->n_nkey++;
  sc->kslots[j].id_plus1 = id + 1;
  sc->kslots[j].file = file;
  sc->kslots[j].name = name;
  sc->kslots[j].line = sline;
  if (line == 0 && is_text(sc, file, "jprofile", 8) && is_text(sc, name, "profiler", 8))
    sc->marker = id;
  return id;
}

#define AHEAD 8    /* lookups prefetched ahead */
#define BATCH 1024 /* strings resolved at a time */

/* Ids of the dump's strings met since the last batch. 0, or -1 when out of
 * memory. */
static int resolve_strings(pst_scanner *sc, scan_result *out) {
  size_t from = sc->resolved, n = sc->n_pstrs;
  if (from == n)
    return 0;
  while ((sc->n_strs + (n - from) + 1) * 2 > sc->sslot_cap)
    if (grow_sslots(sc))
      return -1;
  if (pst_grow_ids(&sc->pstr_id, &sc->cap_pstr_id, n, 0))
    return -1;
  const pstr *ps = sc->pstrs;
  size_t mask = sc->sslot_cap - 1;
  for (size_t i = from; i < n; i++) {
    if (i + 2 * AHEAD < n)
      __builtin_prefetch(&sc->sslots[ps[i + 2 * AHEAD].hash & mask]);
    if (i + AHEAD < n) {
      uint32_t id = sc->sslots[ps[i + AHEAD].hash & mask];
      if (id)
        __builtin_prefetch(&sc->strs[id - 1]);
    }
    uint32_t id = intern_text(sc, ps[i].p, ps[i].len, ps[i].hash, out);
    if (id == PST_NONE)
      return -1;
    sc->pstr_id[i] = id;
  }
  sc->resolved = n;
  return 0;
}

/* Ids of the dump's keys (its strings resolved). 0, or -1. */
static int resolve_keys(pst_scanner *sc, scan_result *out) {
  size_t n = sc->n_pkeys;
  while ((sc->n_keys + n + 1) * 2 > sc->kslot_cap)
    if (grow_kslots(sc))
      return -1;
  if (pst_grow_ids(&sc->pkey_id, &sc->cap_pkey_id, n, 0))
    return -1;
  const pkey *pk = sc->pkeys;
  const uint32_t *sid = sc->pstr_id;
  size_t mask = sc->kslot_cap - 1;
  for (size_t i = 0; i < n; i++) {
    if (i + AHEAD < n) {
      const pkey *a = &pk[i + AHEAD];
      __builtin_prefetch(&sc->kslots[pst_key_hash(sid[a->file], a->line, sid[a->name]) & mask]);
    }
    uint32_t id = intern_key(sc, sid[pk[i].file], pk[i].line, sid[pk[i].name], out);
    if (id == PST_NONE)
      return -1;
    sc->pkey_id[i] = id;
  }
  return 0;
}

/* Records get their keys' ids; a key repeated in the dict or in a callers
 * table, or the marker as a caller, is for the general reader. 0, or 1. */
static int check_keys(pst_scanner *sc, scan_result *out) {
  const uint32_t *kid = sc->pkey_id;
  for (size_t i = 0; i < out->n_recs; i++) {
    scan_rec *r = &out->recs[i];
    uint32_t k = kid[r->key];
    r->key = k;
    if (r->flags & REC_ENTRY) {
      if (sc->seen[k] == sc->epoch) /* Stats(file) replaces a repeated key */
        return 1;
      sc->seen[k] = sc->epoch;
      if (++sc->serial == 0) { /* wrapped: forget the old marks */
        memset(sc->cseen, 0, sc->cap_cseen * sizeof *sc->cseen);
        sc->serial = 1;
      }
    } else {
      if (k == sc->marker || sc->cseen[k] == sc->serial)
        return 1; /* the marker makes a top-level entry; repeats replace */
      sc->cseen[k] = sc->serial;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ the pass */

typedef struct cursor {
  const unsigned char *p, *end;
  pst_scanner *sc;
  scan_result *out;
} cursor;

#define NEED(c, n) ((size_t)((c)->end - (c)->p) >= (size_t)(n))

static uint32_t ld32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return le32toh(v);
}

static uint64_t ld64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return le64toh(v);
}

/* A new back-reference slot; its index, or -1 when out of memory. */
static long new_ref(pst_scanner *sc, uint32_t kind, uint32_t id, uint64_t v) {
  if (sc->n_refs == sc->cap_refs &&
      pst_grow((void **)&sc->refs, &sc->cap_refs, sc->n_refs + 1, sizeof *sc->refs))
    return -1;
  ref *r = &sc->refs[sc->n_refs];
  r->kind = kind;
  r->id = id;
  r->v = v;
  r->key_plus1 = 0;
  return (long)sc->n_refs++;
}

/* The slot an 'r' names, if it is finished and of the kind wanted. */
static const ref *get_ref(cursor *c, uint32_t kind) {
  if (!NEED(c, 4))
    return NULL;
  uint32_t k = ld32(c->p);
  c->p += 4;
  if (k >= c->sc->n_refs || c->sc->refs[k].kind != kind)
    return NULL;
  return &c->sc->refs[k];
}

/* 'l': 15-bit digits, as marshal_read.c's read_long (which says what is
 * wrong when this refuses). */
static int long_body(cursor *c, int64_t *out) {
  if (!NEED(c, 4))
    return -1;
  int32_t n = (int32_t)ld32(c->p);
  c->p += 4;
  if (n == INT32_MIN)
    return -1;
  int neg = n < 0;
  uint32_t nd = (uint32_t)(neg ? -n : n);
  if (nd > 5 || !NEED(c, (size_t)nd * 2)) /* 5 digits: 75 bits, enough */
    return -1;
  uint64_t mag = 0;
  for (uint32_t i = 0; i < nd; i++) {
    unsigned d = (unsigned)c->p[2 * i] | (unsigned)c->p[2 * i + 1] << 8;
    if (d > 0x7fff || (i == nd - 1 && d == 0))
      return -1;
    if (15 * i > 49 && (uint64_t)d >> (64 - 15 * i))
      return -1;
    mag |= (uint64_t)d << (15 * i);
  }
  c->p += (size_t)nd * 2;
  if (mag > (uint64_t)INT64_MAX + (uint64_t)neg)
    return -1;
  *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
  return 0;
}

/* An int or a float; *is_int tells which. 0, or -1 to give up. */
static int scan_number(cursor *c, uint64_t *v, int *is_int, int allow_float) {
  if (!NEED(c, 1))
    return -1;
  unsigned char b = *c->p++;
  int code = b & 0x7f, flag = b & 0x80;
  switch (code) {
  case 'i':
    if (!NEED(c, 4))
      return -1;
    *v = (uint64_t)(int64_t)(int32_t)ld32(c->p);
    c->p += 4;
    *is_int = 1;
    break;
  case 'g':
    if (!allow_float || !NEED(c, 8))
      return -1;
    *v = ld64(c->p);
    c->p += 8;
    *is_int = 0;
    break;
  case 'r': { /* marshal writes shared ints (small ones) once, then refers */
    if (!NEED(c, 4))
      return -1;
    uint32_t k = ld32(c->p);
    c->p += 4;
    if (k >= c->sc->n_refs)
      return -1;
    const ref *r = &c->sc->refs[k];
    if (r->kind == REF_INT)
      *is_int = 1;
    else if (r->kind == REF_FLOAT && allow_float)
      *is_int = 0;
    else
      return -1;
    *v = r->v;
    return 0;
  }
  case 'I':
    if (!NEED(c, 8))
      return -1;
    *v = ld64(c->p);
    c->p += 8;
    *is_int = 1;
    break;
  case 'l': {
    int64_t x;
    if (long_body(c, &x))
      return -1;
    *v = (uint64_t)x;
    *is_int = 1;
    break;
  }
  default:
    return -1;
  }
  if (flag && new_ref(c->sc, *is_int ? REF_INT : REF_FLOAT, 0, *v) < 0)
    return -1;
  return 0;
}

static int scan_int(cursor *c, int64_t *out) {
  uint64_t v;
  int is_int;
  if (scan_number(c, &v, &is_int, 0))
    return -1;
  *out = (int64_t)v;
  return 0;
}

static int all_ascii(const unsigned char *s, size_t n) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, s + i, 8);
    acc |= v;
  }
  for (; i < n; i++)
    acc |= s[i];
  return (acc & 0x8080808080808080ull) == 0;
}

/* A str: its index among the dump's strings, PST_NONE to give up; *slot:
 * its back-reference slot (-1 if it has none). */
static uint32_t scan_str(cursor *c, long *slot) {
  *slot = -1;
  if (!NEED(c, 1))
    return PST_NONE;
  unsigned char b = *c->p++;
  int code = b & 0x7f, flag = b & 0x80;
  size_t n;
  switch (code) {
  case 'r': {
    const ref *r = get_ref(c, REF_STR);
    if (!r)
      return PST_NONE;
    *slot = r - c->sc->refs;
    return r->id;
  }
  case 'z':
  case 'Z':
    if (!NEED(c, 1))
      return PST_NONE;
    n = *c->p++;
    break;
  case 'a':
  case 'A':
  case 'u':
  case 't': {
    if (!NEED(c, 4))
      return PST_NONE;
    int32_t sn = (int32_t)ld32(c->p);
    c->p += 4;
    if (sn < 0)
      return PST_NONE;
    n = (size_t)sn;
    break;
  }
  default:
    return PST_NONE;
  }
  if (!NEED(c, n))
    return PST_NONE;
  const unsigned char *s = c->p;
  c->p += n;
  /* ASCII-typed text with high bytes is latin-1: the general reader
   * converts it */
  if (!all_ascii(s, n) && (code == 'z' || code == 'Z' || code == 'a' || code == 'A' ||
                           !pst_utf8_valid(s, n)))
    return PST_NONE;
  pst_scanner *sc = c->sc;
  if (sc->n_pstrs >= UINT32_MAX - 2 ||
      pst_grow((void **)&sc->pstrs, &sc->cap_pstrs, sc->n_pstrs + 1, sizeof *sc->pstrs))
    return PST_NONE;
  uint32_t id = (uint32_t)sc->n_pstrs++;
  sc->pstrs[id].p = s;
  sc->pstrs[id].len = (uint32_t)n;
  sc->pstrs[id].hash = (uint32_t)hash_text(sc->seed, s, n);
  if (flag && (*slot = new_ref(sc, REF_STR, id, 0)) < 0)
    return PST_NONE;
  return id;
}

/* A tuple header of n items ('(' or ')'); the slot it takes if flagged
 * (-2 if not), -1 to give up. */
static long tuple_of(cursor *c, uint32_t n) {
  if (!NEED(c, 2))
    return -1;
  unsigned char b = *c->p++;
  int code = b & 0x7f;
  if (code == ')') {
    if (*c->p++ != n)
      return -1;
  } else if (code == '(') {
    if (!NEED(c, 4) || ld32(c->p) != n)
      return -1;
    c->p += 4;
  } else {
    return -1;
  }
  if (b & 0x80)
    return new_ref(c->sc, REF_OTHER, 0, 0);
  return -2;
}

/* A (file, line, name) key: its index among the dump's keys, PST_NONE to
 * give up. */
static uint32_t scan_key(cursor *c) {
  if (!NEED(c, 1))
    return PST_NONE;
  if ((*c->p & 0x7f) == 'r') {
    c->p++;
    const ref *r = get_ref(c, REF_KEY);
    return r ? r->id : PST_NONE;
  }
  long slot = tuple_of(c, 3); /* REF_OTHER until finished */
  if (slot == -1)
    return PST_NONE;
  long fslot, nslot;
  uint32_t file = scan_str(c, &fslot);
  int64_t line;
  if (file == PST_NONE || scan_int(c, &line))
    return PST_NONE;
  uint32_t name = scan_str(c, &nslot);
  if (name == PST_NONE)
    return PST_NONE;
  pst_scanner *sc = c->sc;
  uint32_t id;
  ref *nr = nslot >= 0 ? &sc->refs[nslot] : NULL;
  if (nr && nr->key_plus1 && nr->key_file == file && (int64_t)nr->v == line) {
    id = nr->key_plus1 - 1;
  } else {
    if (sc->n_pkeys >= UINT32_MAX - 2 ||
        pst_grow((void **)&sc->pkeys, &sc->cap_pkeys, sc->n_pkeys + 1, sizeof *sc->pkeys))
      return PST_NONE;
    id = (uint32_t)sc->n_pkeys++;
    sc->pkeys[id].file = file;
    sc->pkeys[id].name = name;
    sc->pkeys[id].line = line;
    if (nr) {
      nr->key_plus1 = id + 1;
      nr->key_file = file;
      nr->v = (uint64_t)line;
    }
  }
  if (slot >= 0) {
    c->sc->refs[slot].kind = REF_KEY;
    c->sc->refs[slot].id = id;
  }
  return id;
}

static int dict_begin(cursor *c) {
  if (!NEED(c, 1) || (*c->p & 0x7f) != '{')
    return -1;
  if ((*c->p++ & 0x80) && new_ref(c->sc, REF_OTHER, 0, 0) < 0)
    return -1;
  return 0;
}

static scan_rec *new_rec(scan_result *out) {
  if (out->n_recs == out->cap_recs &&
      pst_grow((void **)&out->recs, &out->cap_recs, out->n_recs + 1, sizeof *out->recs))
    return NULL;
  return &out->recs[out->n_recs++];
}

/* The value of a caller edge. 0, or -1 to give up. */
static int scan_edge_value(cursor *c, scan_rec *e) {
  if (!NEED(c, 1))
    return -1;
  int code = *c->p & 0x7f;
  if (code == ')' || code == '(') {
    if (tuple_of(c, 4) == -1)
      return -1;
    int ti, ci;
    if (scan_int(c, &e->a) || scan_int(c, &e->b) || scan_number(c, &e->tt, &ti, 1) ||
        scan_number(c, &e->ct, &ci, 1))
      return -1;
    e->flags = REC_TUPLE | (ti ? REC_TT_INT : 0) | (ci ? REC_CT_INT : 0);
    return 0;
  }
  /* profile.py: a plain count (tt, ct unused, as the model keeps them) */
  if (scan_int(c, &e->a))
    return -1;
  e->b = e->a;
  e->tt = e->ct = 0;
  e->flags = REC_TT_INT | REC_CT_INT;
  return 0;
}

static int add_total(pst_num *t, uint64_t v, int is_int) {
  pst_num x = is_int ? pst_num_int((int64_t)v) : pst_num_float(0);
  if (!is_int)
    memcpy(&x.f, &v, 8);
  return pst_num_add(*t, x, t);
}

static int scan_dict(cursor *c, const unsigned char *buf,
                     void (*consumed)(void *, size_t), void *ctx) {
  pst_scanner *sc = c->sc;
  scan_result *out = c->out;
  size_t next_report = CONSUMED_STEP;
  if (dict_begin(c))
    return -1;
  for (;;) {
    if (!NEED(c, 1))
      return -1;
    if (*c->p == '0') {
      c->p++;
      return out->n_entries ? 0 : -1; /* empty: the general reader says so */
    }
    uint32_t key = scan_key(c);
    if (key == PST_NONE || tuple_of(c, 5) == -1)
      return -1;
    scan_rec *e = new_rec(out);
    if (!e)
      return -1;
    int ti, ci;
    e->key = key;
    if (scan_int(c, &e->a) || scan_int(c, &e->b) || scan_number(c, &e->tt, &ti, 1) ||
        scan_number(c, &e->ct, &ci, 1) || dict_begin(c))
      return -1;
    e->flags = REC_ENTRY | (ti ? REC_TT_INT : 0) | (ci ? REC_CT_INT : 0);
    out->calls += e->b;
    out->prims += e->a;
    if (add_total(&out->tt, e->tt, ti))
      return -1; /* integer times overflowing: the general reader says so */
    out->n_entries++;
    for (;;) {
      if (!NEED(c, 1))
        return -1;
      if (*c->p == '0') {
        c->p++;
        break;
      }
      uint32_t caller = scan_key(c);
      if (caller == PST_NONE)
        return -1;
      scan_rec *ed = new_rec(out);
      if (!ed)
        return -1;
      ed->key = caller;
      if (scan_edge_value(c, ed))
        return -1;
    }
    if (sc->n_pstrs - sc->resolved >= BATCH && resolve_strings(sc, out))
      return -1;
    /* the bytes before the first string not resolved are not read again */
    if (consumed && (size_t)(c->p - buf) >= next_report) {
      const unsigned char *upto = sc->resolved < sc->n_pstrs ? sc->pstrs[sc->resolved].p : c->p;
      consumed(ctx, (size_t)(upto - buf));
      next_report = (size_t)(c->p - buf) + CONSUMED_STEP;
    }
  }
}

int pst_scan(pst_scanner *sc, const unsigned char *buf, size_t len, scan_result *out,
             void (*consumed)(void *ctx, size_t offset), void *ctx) {
  out->n_recs = out->n_nstr = out->n_nkey = out->n_entries = 0;
  out->first_str = (uint32_t)sc->n_strs;
  out->first_key = (uint32_t)sc->n_keys;
  out->calls = out->prims = 0;
  out->tt = pst_num_int(0);
  out->end = 0;
  sc->n_refs = sc->n_pstrs = sc->n_pkeys = sc->resolved = 0;
  if (++sc->epoch == 0) {
    memset(sc->seen, 0, sc->cap_seen * sizeof *sc->seen);
    sc->epoch = 1;
  }
  cursor c = {buf, buf + len, sc, out};
  /* (strings and keys met are interned even when giving up: the loader
   * maps whatever the scanner created) */
  if (scan_dict(&c, buf, consumed, ctx) || resolve_strings(sc, out) ||
      resolve_keys(sc, out) || check_keys(sc, out))
    return 1;
  out->end = (size_t)(c.p - buf);
  return 0;
}
