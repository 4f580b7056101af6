/* The dump reader (§4): Python marshal, read without recursion into a flat
 * node arena, then checked against the pstats schema and loaded into a
 * pst_stats.
 *
 * Safety: every declared size is checked against the bytes left before
 * anything is allocated (a container of n items needs at least n bytes, a
 * string of n bytes needs n bytes), so memory is O(file size); nesting is
 * limited to MAX_DEPTH levels; back-references share one table across all
 * types and may only name finished objects. */
#define _GNU_SOURCE
#include "pstats_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 64
#define MAX_PIPE_INPUT ((size_t)1 << 32) /* node ids are 32-bit */

enum { MN_INT, MN_FLOAT, MN_STR, MN_TUPLE, MN_DICT };

typedef struct mnode {
  uint8_t type;
  uint8_t owned; /* MN_STR: text lives in the side buffer */
  uint32_t n;    /* string length, tuple items, dict items (2 per pair) */
  uint64_t v;    /* int value, double bits, text offset, first kid */
} mnode;

typedef struct frame {
  uint32_t node;
  uint32_t ref_slot; /* PST_NONE if not flagged */
  uint32_t kid_start;
  int64_t remaining; /* tuple items still to read; -1 for a dict */
  size_t offset;     /* where the container started */
} frame;

typedef struct reader {
  const unsigned char *buf;
  size_t len, pos;
  const char *what;
  pst_error *err;
  mnode *nodes;
  size_t n_nodes, cap_nodes;
  uint32_t *kids; /* finished containers' children, contiguous per node */
  size_t n_kids, cap_kids;
  uint32_t *stack; /* children of open containers */
  size_t n_stack, cap_stack;
  uint32_t *refs;
  size_t n_refs, cap_refs;
  char *side; /* latin-1 strings converted to UTF-8 */
  size_t n_side, cap_side;
  /* interned id + 1 of each string node and key-tuple node (0: not yet);
   * back-referenced strings (file and function names) and key tuples
   * (caller keys) are interned once per dump */
  uint32_t *str_ids;
} reader;

#define UNFINISHED ((uint32_t)-2)

static int rfail(reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int rfail(reader *r, const char *fmt, ...) {
  char tmp[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  return pst_fail(r->err, "%s: %s", r->what, tmp);
}

static int truncated(reader *r, size_t at) {
  return rfail(r, "truncated dump (EOF read where not expected at offset %zu)", at);
}

static int need(reader *r, size_t n) {
  if (r->len - r->pos < n)
    return truncated(r, r->pos);
  return 0;
}

static uint32_t rd32(reader *r) {
  const unsigned char *p = r->buf + r->pos;
  r->pos += 4;
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint64_t rd64(reader *r) {
  uint64_t lo = rd32(r);
  uint64_t hi = rd32(r);
  return lo | hi << 32;
}

static inline long new_node(reader *r, int type, uint32_t n, uint64_t v) {
  if (__builtin_expect(r->n_nodes >= r->cap_nodes, 0) &&
      (r->n_nodes >= UINT32_MAX - 2 ||
       pst_grow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof(mnode))))
    return rfail(r, "out of memory"), -1;
  mnode *m = &r->nodes[r->n_nodes];
  m->type = (uint8_t)type;
  m->owned = 0;
  m->n = n;
  m->v = v;
  return (long)r->n_nodes++;
}

static int push_ref(reader *r, uint32_t node) {
  if (pst_grow((void **)&r->refs, &r->cap_refs, r->n_refs + 1, sizeof(uint32_t)))
    return rfail(r, "out of memory");
  r->refs[r->n_refs++] = node;
  return 0;
}

static const char *type_name(int code) {
  switch (code) {
  case 'N': return "None";
  case 'T': return "True";
  case 'F': return "False";
  case 'S': return "StopIteration";
  case '.': return "Ellipsis";
  case 's': return "bytes";
  case '[': return "list";
  case '<': return "set";
  case '>': return "frozenset";
  case 'c': return "code object";
  case 'x': case 'y': return "complex";
  case '?': return "unknown";
  default: return NULL;
  }
}

/* Read a 'l' long: n 15-bit digits, sign in n. Values beyond int64 are
 * refused (§4.4 allows it). */
static int read_long(reader *r, int64_t *out) {
  size_t at = r->pos - 1;
  if (need(r, 4))
    return -1;
  int32_t n = (int32_t)rd32(r);
  if (n == INT32_MIN)
    return rfail(r, "bad marshal data (long size out of range at offset %zu)", at);
  int neg = n < 0;
  uint32_t nd = (uint32_t)(neg ? -n : n);
  if ((size_t)nd * 2 > r->len - r->pos)
    return truncated(r, r->pos);
  uint64_t mag = 0;
  int overflow = 0;
  for (uint32_t i = 0; i < nd; i++) {
    const unsigned char *p = r->buf + r->pos;
    unsigned d = (unsigned)p[0] | (unsigned)p[1] << 8;
    r->pos += 2;
    if (d > 0x7fff)
      return rfail(r, "bad marshal data (digit out of range in long at offset %zu)", at);
    if (i == nd - 1 && d == 0)
      return rfail(r, "bad marshal data (unnormalized long data at offset %zu)", at);
    if (d) {
      if (15 * i >= 64 || (15 * i > 49 && (uint64_t)d >> (64 - 15 * i)))
        overflow = 1;
      else
        mag |= (uint64_t)d << (15 * i);
    }
  }
  if (overflow || mag > (uint64_t)INT64_MAX + (uint64_t)neg)
    return rfail(r, "integer at offset %zu does not fit in 64 bits", at);
  *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
  return 0;
}

static int store_latin1(reader *r, const unsigned char *p, size_t n, long node) {
  size_t i = 0;
  while (i < n && p[i] < 0x80)
    i++;
  if (i == n) {
    r->nodes[node].v = (uint64_t)(p - r->buf);
    return 0;
  }
  /* bytes >= 0x80 in an ASCII-typed string decode as latin-1 in Python */
  size_t out = n * 2;
  if (pst_grow((void **)&r->side, &r->cap_side, r->n_side + out, 1))
    return rfail(r, "out of memory");
  char *d = r->side + r->n_side;
  size_t k = 0;
  for (i = 0; i < n; i++) {
    if (p[i] < 0x80) {
      d[k++] = (char)p[i];
    } else {
      d[k++] = (char)(0xc0 | p[i] >> 6);
      d[k++] = (char)(0x80 | (p[i] & 0x3f));
    }
  }
  r->nodes[node].owned = 1;
  r->nodes[node].v = r->n_side;
  r->nodes[node].n = (uint32_t)k;
  r->n_side += k;
  return 0;
}

/* Parse one object; on success *top is its node. */
static int parse(reader *r, uint32_t *top) {
  frame stack[MAX_DEPTH];
  int depth = 0;
  if (r->len == 0)
    return rfail(r, "empty file (EOF read where object expected)");
  for (;;) {
    uint32_t done; /* a finished object to hand to the open container */
    if (r->pos >= r->len)
      return truncated(r, r->pos);
    size_t at = r->pos;
    unsigned char b = r->buf[r->pos++];
    int code = b & 0x7f, flag = b & 0x80;
    long node = -1;
    switch (code) {
    case '0': {
      frame *f = depth ? &stack[depth - 1] : NULL;
      if (!f || f->remaining != -1)
        return rfail(r, "bad marshal data (NULL object at offset %zu)", at);
      /* ends the dict; a NULL in value position drops the pending key */
      if ((r->n_stack - f->kid_start) % 2)
        r->n_stack--;
      goto close;
    }
    case 'i':
      if (need(r, 4))
        return -1;
      node = new_node(r, MN_INT, 0, (uint64_t)(int64_t)(int32_t)rd32(r));
      break;
    case 'I':
      if (need(r, 8))
        return -1;
      node = new_node(r, MN_INT, 0, rd64(r));
      break;
    case 'l': {
      int64_t v = 0;
      if (read_long(r, &v))
        return -1;
      node = new_node(r, MN_INT, 0, (uint64_t)v);
      break;
    }
    case 'g': {
      if (need(r, 8))
        return -1;
      node = new_node(r, MN_FLOAT, 0, rd64(r));
      break;
    }
    case 'f': {
      if (need(r, 1))
        return -1;
      size_t n = r->buf[r->pos++];
      if (need(r, n))
        return -1;
      char text[256];
      memcpy(text, r->buf + r->pos, n);
      text[n] = 0;
      r->pos += n;
      char *end;
      double d = strtod(text, &end);
      if (n == 0 || *end || memchr(text, 0, n))
        return rfail(r, "bad marshal data (invalid float text at offset %zu)", at);
      uint64_t bits;
      memcpy(&bits, &d, 8);
      node = new_node(r, MN_FLOAT, 0, bits);
      break;
    }
    case 'z':
    case 'Z':
    case 'a':
    case 'A':
    case 'u':
    case 't': {
      size_t n;
      if (code == 'z' || code == 'Z') {
        if (need(r, 1))
          return -1;
        n = r->buf[r->pos++];
      } else {
        if (need(r, 4))
          return -1;
        int32_t sn = (int32_t)rd32(r);
        if (sn < 0)
          return rfail(r, "bad marshal data (string size out of range at offset %zu)", at);
        n = (size_t)sn;
      }
      if (r->len - r->pos < n)
        return rfail(r, "truncated dump (string of %zu bytes at offset %zu, "
                        "only %zu bytes left)", n, at, r->len - r->pos);
      const unsigned char *p = r->buf + r->pos;
      r->pos += n;
      node = new_node(r, MN_STR, (uint32_t)n, 0);
      if (node < 0)
        return -1;
      if (code == 'u' || code == 't') {
        if (!pst_utf8_valid(p, n))
          return rfail(r, "bad marshal data (invalid UTF-8 in string at offset %zu)", at);
        r->nodes[node].v = (uint64_t)(p - r->buf);
      } else if (store_latin1(r, p, n, node)) {
        return -1;
      }
      break;
    }
    case ')':
    case '(':
    case '{': {
      int64_t n = -1;
      if (code == ')') {
        if (need(r, 1))
          return -1;
        n = r->buf[r->pos++];
      } else if (code == '(') {
        if (need(r, 4))
          return -1;
        int32_t sn = (int32_t)rd32(r);
        if (sn < 0)
          return rfail(r, "bad marshal data (tuple size out of range at offset %zu)", at);
        n = sn;
        if ((uint64_t)n > r->len - r->pos)
          return rfail(r, "truncated dump (tuple of %lld items at offset %zu, "
                          "only %zu bytes left)", (long long)n, at, r->len - r->pos);
      }
      if (depth == MAX_DEPTH)
        return rfail(r, "nesting deeper than %d levels at offset %zu "
                        "(a pstats dump needs 4)", MAX_DEPTH, at);
      node = new_node(r, code == '{' ? MN_DICT : MN_TUPLE, 0, 0);
      if (node < 0)
        return -1;
      frame *f = &stack[depth++];
      f->node = (uint32_t)node;
      f->ref_slot = PST_NONE;
      f->kid_start = (uint32_t)r->n_stack;
      f->remaining = n;
      f->offset = at;
      if (flag) {
        f->ref_slot = (uint32_t)r->n_refs;
        if (push_ref(r, UNFINISHED))
          return -1;
      }
      if (n != 0)
        continue;
      goto close;
    }
    case 'r': {
      if (need(r, 4))
        return -1;
      int32_t k = (int32_t)rd32(r);
      if (k < 0 || (size_t)k >= r->n_refs || r->refs[k] == UNFINISHED)
        return rfail(r, "bad marshal data (invalid reference %d at offset %zu)", k, at);
      done = r->refs[k];
      goto deliver;
    }
    default: {
      const char *tn = type_name(code);
      if (tn)
        return rfail(r, "not a pstats dump (unexpected %s object, type code '%c', "
                        "at offset %zu)", tn, code, at);
      return rfail(r, "bad marshal data (unknown type code 0x%02x at offset %zu)",
                   (unsigned)b, at);
    }
    }
    if (node < 0)
      return -1;
    if (flag && push_ref(r, (uint32_t)node))
      return -1;
    done = (uint32_t)node;
  deliver:
    for (;;) {
      if (depth == 0) {
        *top = done;
        return 0;
      }
      if (pst_grow((void **)&r->stack, &r->cap_stack, r->n_stack + 1, sizeof(uint32_t)))
        return rfail(r, "out of memory");
      r->stack[r->n_stack++] = done;
      frame *f = &stack[depth - 1];
      if (f->remaining < 0 || --f->remaining > 0)
        break;
    close:;
      f = &stack[depth - 1];
      size_t nk = r->n_stack - f->kid_start;
      if (pst_grow((void **)&r->kids, &r->cap_kids, r->n_kids + nk, sizeof(uint32_t)))
        return rfail(r, "out of memory");
      if (nk)
        memcpy(r->kids + r->n_kids, r->stack + f->kid_start, nk * sizeof(uint32_t));
      mnode *m = &r->nodes[f->node];
      m->v = r->n_kids;
      m->n = (uint32_t)nk;
      r->n_kids += nk;
      r->n_stack = f->kid_start;
      if (f->ref_slot != PST_NONE)
        r->refs[f->ref_slot] = f->node;
      done = f->node;
      depth--;
    }
  }
}

/* ------------------------------------------------------------ schema */

static const char *node_kind(const mnode *m) {
  switch (m->type) {
  case MN_INT: return "int";
  case MN_FLOAT: return "float";
  case MN_STR: return "str";
  case MN_TUPLE: return "tuple";
  default: return "dict";
  }
}

static const char *str_of(reader *r, const mnode *m) {
  return m->owned ? r->side + m->v : (const char *)r->buf + m->v;
}

static pst_str intern_node(reader *r, pst_stats *s, uint32_t node) {
  if (r->str_ids && r->str_ids[node])
    return r->str_ids[node] - 1;
  const mnode *m = &r->nodes[node];
  pst_str id = pst_intern_str(s->names, str_of(r, m), m->n);
  if (r->str_ids && id != PST_NONE)
    r->str_ids[node] = id + 1;
  return id;
}

static int get_key(reader *r, pst_stats *s, uint32_t node, pst_key *out,
                   const char *where, size_t idx) {
  const mnode *m = &r->nodes[node];
  const mnode *a, *b, *c;
  if (m->type == MN_TUPLE && r->str_ids && r->str_ids[node]) { /* a key seen before */
    *out = r->str_ids[node] - 1;
    return 0;
  }
  if (m->type != MN_TUPLE || m->n != 3)
    goto bad;
  a = &r->nodes[r->kids[m->v]];
  b = &r->nodes[r->kids[m->v + 1]];
  c = &r->nodes[r->kids[m->v + 2]];
  if (a->type != MN_STR || b->type != MN_INT || c->type != MN_STR)
    goto bad;
  pst_str f = intern_node(r, s, r->kids[m->v]);
  pst_str n = intern_node(r, s, r->kids[m->v + 2]);
  if (f == PST_NONE || n == PST_NONE)
    return rfail(r, "out of memory");
  *out = pst_intern_key(s->names, f, (int64_t)b->v, n);
  if (*out == PST_NONE)
    return rfail(r, "out of memory");
  if (r->str_ids)
    r->str_ids[node] = *out + 1;
  return 0;
bad:
  if (m->type == MN_TUPLE)
    return rfail(r, "not a pstats dump (%s %zu: key is a tuple of %u items, "
                    "expected (str, int, str))", where, idx, m->n);
  return rfail(r, "not a pstats dump (%s %zu: key is a %s, expected a "
                  "(str, int, str) tuple)", where, idx, node_kind(m));
}

static int get_count(reader *r, uint32_t node, int64_t *out, const char *what,
                     size_t idx) {
  const mnode *m = &r->nodes[node];
  if (m->type != MN_INT)
    return rfail(r, "not a pstats dump (entry %zu: %s is a %s, expected an int)",
                 idx, what, node_kind(m));
  *out = (int64_t)m->v;
  return 0;
}

static int get_num(reader *r, uint32_t node, pst_num *out, const char *what,
                   size_t idx) {
  const mnode *m = &r->nodes[node];
  if (m->type == MN_INT) {
    *out = pst_num_int((int64_t)m->v);
    return 0;
  }
  if (m->type == MN_FLOAT) {
    double d;
    memcpy(&d, &m->v, 8);
    *out = pst_num_float(d);
    return 0;
  }
  return rfail(r, "not a pstats dump (entry %zu: %s is a %s, expected a number)",
               idx, what, node_kind(m));
}

/* The schema walk runs in one of three modes:
 *   WALK_LOAD   Stats(file): fill the empty s (a repeated key replaces)
 *   WALK_CHECK  validate and intern only; note repeated keys / caller keys
 *               and the ('jprofile', 0, 'profiler') marker, which need the
 *               general path (load into a scratch Stats, then add)
 *   WALK_ADD    Stats.add(file) straight into s (after a clean WALK_CHECK):
 *               add_func_stats per entry, the file's own totals summed in
 *               its order as get_top_level_stats does */
enum walk_mode { WALK_LOAD, WALK_CHECK, WALK_ADD };

typedef struct bitset {
  uint8_t *bits;
  size_t nbytes;
} bitset;

/* Sets bit k; returns 1 if it was set already, -1 on out-of-memory. */
static int bitset_test_set(bitset *b, uint32_t k) {
  if ((size_t)k / 8 >= b->nbytes) {
    size_t n = b->nbytes ? b->nbytes : 1024;
    while ((size_t)k / 8 >= n)
      n *= 2;
    uint8_t *nb = realloc(b->bits, n);
    if (!nb)
      return -1;
    memset(nb + b->nbytes, 0, n - b->nbytes);
    b->bits = nb;
    b->nbytes = n;
  }
  int was = (b->bits[k / 8] >> (k % 8)) & 1;
  b->bits[k / 8] |= (uint8_t)(1u << (k % 8));
  return was;
}

static void bitset_clear(bitset *b, uint32_t k) {
  b->bits[k / 8] &= (uint8_t)~(1u << (k % 8));
}

typedef struct walk {
  enum walk_mode mode;
  bitset keys, callers; /* WALK_CHECK */
  pst_key jkey;
  int needs_general;    /* WALK_CHECK found repeats or the marker */
  __int128 calls, prims;/* WALK_ADD: this file's totals */
  pst_num tt;
} walk;

static int read_edge(reader *r, pst_stats *s, uint32_t knode, uint32_t vnode,
                     size_t idx, pst_edge *e) {
  memset(e, 0, sizeof *e);
  if (get_key(r, s, knode, &e->caller, "caller of entry", idx))
    return -1;
  const mnode *m = &r->nodes[vnode];
  if (m->type == MN_INT) {
    e->is_tuple = 0;
    e->nc = e->cc = (int64_t)m->v;
    e->tt = e->ct = pst_num_int(0);
  } else if (m->type == MN_TUPLE && m->n == 4) {
    const uint32_t *k = r->kids + m->v;
    e->is_tuple = 1;
    if (get_count(r, k[0], &e->nc, "caller call count", idx) ||
        get_count(r, k[1], &e->cc, "caller primitive call count", idx) ||
        get_num(r, k[2], &e->tt, "caller tottime", idx) ||
        get_num(r, k[3], &e->ct, "caller cumtime", idx))
      return -1;
  } else if (m->type == MN_TUPLE) {
    return rfail(r, "not a pstats dump (entry %zu: a caller's value is a tuple "
                    "of %u items, expected 4)", idx, m->n);
  } else {
    return rfail(r, "not a pstats dump (entry %zu: a caller's value is a %s, "
                    "expected a 4-tuple or an int)", idx, node_kind(m));
  }
  return 0;
}

/* One callers table, in the walk's mode. */
static int walk_callers(reader *r, pst_stats *s, walk *w, long pos, const mnode *cal,
                        size_t idx) {
  for (uint32_t j = 0; j + 1 < cal->n; j += 2) {
    pst_edge e;
    if (read_edge(r, s, r->kids[cal->v + j], r->kids[cal->v + j + 1], idx, &e))
      return -1;
    int rc = 0;
    if (w->mode == WALK_LOAD) {
      rc = pst_stats_set_edge_replace(s, (size_t)pos, &e, r->err);
    } else if (w->mode == WALK_ADD) {
      rc = pst_stats_edge(s, (size_t)pos, &e, r->err);
    } else {
      int was = bitset_test_set(&w->callers, e.caller);
      if (was < 0)
        return rfail(r, "out of memory");
      if (was || e.caller == w->jkey)
        w->needs_general = 1;
    }
    if (rc)
      return rfail(r, "%s", r->err->msg);
  }
  if (w->mode == WALK_CHECK) /* reset the per-table set */
    for (uint32_t j = 0; j + 1 < cal->n; j += 2) {
      pst_key c;
      if (get_key(r, s, r->kids[cal->v + j], &c, "caller of entry", idx) == 0)
        bitset_clear(&w->callers, c);
    }
  return 0;
}

static int walk_schema(reader *r, pst_stats *s, uint32_t top, walk *w) {
  const mnode *t = &r->nodes[top];
  if (t->type != MN_DICT)
    return rfail(r, "not a pstats dump (the top-level object is a %s, expected a dict)",
                 node_kind(t));
  if (t->n == 0)
    return rfail(r, "no profile data (the statistics dict is empty)");
  size_t pairs = t->n / 2, edges_loaded = 0;
  for (size_t i = 0; i < pairs; i++) {
    uint32_t kn = r->kids[t->v + 2 * i], vn = r->kids[t->v + 2 * i + 1];
    pst_key key;
    if (get_key(r, s, kn, &key, "entry", i))
      return -1;
    const mnode *v = &r->nodes[vn];
    if (v->type != MN_TUPLE || v->n != 5) {
      if (v->type == MN_TUPLE)
        return rfail(r, "not a pstats dump (entry %zu: value is a tuple of %u "
                        "items, expected 5)", i, v->n);
      return rfail(r, "not a pstats dump (entry %zu: value is a %s, expected a "
                      "5-tuple)", i, node_kind(v));
    }
    const uint32_t *k = r->kids + v->v;
    int64_t cc = 0, nc = 0;
    pst_num tt, ct;
    if (get_count(r, k[0], &cc, "primitive call count", i) ||
        get_count(r, k[1], &nc, "call count", i) ||
        get_num(r, k[2], &tt, "tottime", i) || get_num(r, k[3], &ct, "cumtime", i))
      return -1;
    const mnode *cal = &r->nodes[k[4]];
    if (cal->type != MN_DICT)
      return rfail(r, "not a pstats dump (entry %zu: callers is a %s, expected a dict)",
                   i, node_kind(cal));
    /* A callers dict referenced by many entries is copied into each: bound
     * that expansion (Python's own dumps never share a callers dict). An
     * edge written out takes at least 10 bytes, so len / 8 is never hit by
     * a dump without such sharing. */
    edges_loaded += cal->n / 2;
    if (edges_loaded > r->len / 8 + 65536)
      return rfail(r, "not a pstats dump (back-references expand it to more than "
                      "%zu caller entries)", r->len / 8 + 65536);
    long pos = -1;
    if (w->mode == WALK_CHECK) {
      int was = bitset_test_set(&w->keys, key);
      if (was < 0)
        return rfail(r, "out of memory");
      w->needs_general |= was;
    } else {
      pos = pst_stats_entry(s, key);
      if (pos < 0)
        return rfail(r, "out of memory");
    }
    if (w->mode == WALK_LOAD) {
      pst_entry *e = &s->entries[pos];
      /* a repeated key replaces the value, keeping its first position */
      e->cc = cc;
      e->nc = nc;
      e->tt = tt;
      e->ct = ct;
      e->n_edges = 0;
    } else if (w->mode == WALK_ADD) {
      w->calls += nc;
      w->prims += cc;
      if (pst_num_add(w->tt, tt, &w->tt) != 0)
        return rfail(r, "total integer time overflows 64 bits");
      if (pst_stats_merge_values(s, (size_t)pos, cc, nc, tt, ct, r->err))
        return rfail(r, "%s", r->err->msg);
    }
    if (walk_callers(r, s, w, pos, cal, i))
      return -1;
  }
  return 0;
}

static void reader_init(reader *r, const unsigned char *buf, size_t len,
                        const char *what, pst_error *err) {
  memset(r, 0, sizeof *r);
  r->buf = buf;
  r->len = len;
  r->what = what;
  r->err = err;
  /* Every node takes at least 2 bytes of the file: reserving for len/4
   * nodes and children up front saves the repeated doubling (and copying)
   * of these arrays for every dump; they still grow if needed. */
  size_t guess = len / 4 + 64;
  if (guess < UINT32_MAX / 2) {
    pst_grow((void **)&r->nodes, &r->cap_nodes, guess, sizeof(mnode));
    pst_grow((void **)&r->kids, &r->cap_kids, guess, sizeof(uint32_t));
    pst_grow((void **)&r->refs, &r->cap_refs, len / 32 + 64, sizeof(uint32_t));
  }
}

static void reader_free(reader *r) {
  free(r->nodes);
  free(r->kids);
  free(r->stack);
  free(r->refs);
  free(r->side);
  free(r->str_ids);
}

/* Stats.add(dump) for one dump whose header is `header` (§6.2). */
static int add_dump(pst_stats *s, const unsigned char *buf, size_t len,
                    const char *what, const char *header, pst_error *err) {
  reader r;
  reader_init(&r, buf, len, what, err);
  uint32_t top;
  walk w;
  memset(&w, 0, sizeof w);
  w.mode = WALK_CHECK;
  int rc = parse(&r, &top);
  if (rc == 0) {
    r.str_ids = calloc(r.n_nodes ? r.n_nodes : 1, sizeof *r.str_ids);
    pst_str jf = pst_intern_str(s->names, "jprofile", 8);
    pst_str jn = pst_intern_str(s->names, "profiler", 8);
    w.jkey = (jf == PST_NONE || jn == PST_NONE) ? PST_NONE
                                                : pst_intern_key(s->names, jf, 0, jn);
    rc = w.jkey == PST_NONE ? rfail(&r, "out of memory") : walk_schema(&r, s, top, &w);
  }
  free(w.keys.bits);
  free(w.callers.bits);
  if (rc == 0 && w.needs_general) {
    /* repeated keys or the top-level marker: Stats(file), then add it */
    pst_stats *o = pst_stats_new(s->names);
    if (!o)
      rc = rfail(&r, "out of memory");
    else {
      w.mode = WALK_LOAD;
      rc = walk_schema(&r, o, top, &w);
      if (rc == 0 && pst_stats_compute_totals(o, err) != 0)
        rc = rfail(&r, "%s", err->msg);
      if (rc == 0 && pst_stats_add_header(o, header) != 0)
        rc = rfail(&r, "out of memory");
      if (rc == 0 && pst_stats_add(s, o, err) != 0)
        rc = rfail(&r, "%s", err->msg);
      pst_stats_free(o);
    }
  } else if (rc == 0) {
    if (pst_stats_add_header(s, header) != 0) {
      rc = rfail(&r, "out of memory");
    } else {
      pst_stats_forget_order(s);
      w.mode = WALK_ADD;
      w.tt = pst_num_int(0);
      rc = walk_schema(&r, s, top, &w);
      if (rc == 0) {
        s->total_calls += w.calls;
        s->prim_calls += w.prims;
        if (pst_num_add(s->total_tt, w.tt, &s->total_tt) != 0)
          rc = rfail(&r, "total integer time overflows 64 bits");
      }
    }
  }
  if (rc == 0)
    rc = pst_ext_after_dump(s, buf + r.pos, len - r.pos, what, err);
  reader_free(&r);
  return rc;
}

int pst_read_dump(pst_stats *s, const unsigned char *buf, size_t len,
                  const char *what, pst_error *err) {
  reader r;
  reader_init(&r, buf, len, what, err);
  uint32_t top;
  walk w;
  memset(&w, 0, sizeof w);
  w.mode = WALK_LOAD;
  int rc = parse(&r, &top);
  if (rc == 0) {
    r.str_ids = calloc(r.n_nodes ? r.n_nodes : 1, sizeof *r.str_ids);
    rc = walk_schema(&r, s, top, &w); /* (without the cache if that failed) */
  }
  if (rc == 0 && pst_stats_compute_totals(s, err) != 0)
    rc = rfail(&r, "%s", err->msg);
  if (rc == 0)
    rc = pst_ext_after_dump(s, buf + r.pos, len - r.pos, what, err);
  reader_free(&r);
  return rc;
}

/* time.ctime(): "Sun Sep  9 01:46:40 2001" in local time. */
static void format_ctime(time_t t, char *out, size_t size) {
  static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  struct tm tm;
  if (!localtime_r(&t, &tm)) {
    snprintf(out, size, "%lld", (long long)t);
    return;
  }
  snprintf(out, size, "%s %s%3d %.2d:%.2d:%.2d %d", days[tm.tm_wday % 7],
           months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           tm.tm_year + 1900);
}

void pst_dump_file_release(pst_dump_file *f) {
  if (f->mapped)
    munmap(f->buf, f->len);
  else
    free(f->buf);
  free(f->header);
  memset(f, 0, sizeof *f);
}

int pst_dump_file_read(const char *path, pst_dump_file *f, pst_error *err) {
  memset(f, 0, sizeof *f);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return pst_fail(err, "%s: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return pst_fail(err, "%s: %s", path, strerror(e));
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    return pst_fail(err, "%s: %s", path, strerror(EISDIR));
  }
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) { /* /dev/zero never ends */
    close(fd);
    return pst_fail(err, "%s: not a regular file or a pipe", path);
  }
  unsigned char *buf = NULL;
  size_t len = 0;
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    len = (size_t)st.st_size;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      buf = p;
      f->mapped = 1;
      madvise(p, len, MADV_SEQUENTIAL);
    }
  }
  if (!f->mapped) { /* pipes, empty files, or mmap refused: read it all */
    size_t cap = 0;
    len = 0;
    for (;;) {
      if (len == cap) {
        if (cap >= MAX_PIPE_INPUT) {
          free(buf);
          close(fd);
          return pst_fail(err, "%s: more than %llu bytes from a pipe; give a file",
                          path, (unsigned long long)MAX_PIPE_INPUT);
        }
        size_t nc = cap ? cap * 2 : 65536;
        unsigned char *nb = realloc(buf, nc);
        if (!nb) {
          free(buf);
          close(fd);
          return pst_fail(err, "%s: out of memory", path);
        }
        buf = nb;
        cap = nc;
      }
      ssize_t got = read(fd, buf + len, cap - len);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0) {
        int e = errno;
        free(buf);
        close(fd);
        return pst_fail(err, "%s: %s", path, strerror(e));
      }
      if (got == 0)
        break;
      len += (size_t)got;
    }
  }
  close(fd);
  f->buf = buf;
  f->len = len;
  char when[64];
  format_ctime(st.st_mtime, when, sizeof when);
  size_t hl = strlen(when) + 4 + strlen(path) + 1;
  f->header = malloc(hl);
  if (!f->header) {
    pst_dump_file_release(f);
    return pst_fail(err, "%s: out of memory", path);
  }
  snprintf(f->header, hl, "%s    %s", when, path);
  return 0;
}

int pst_general_load(pst_stats *s, const pst_dump_file *f, const char *what,
                     pst_error *err) {
  if (pst_read_dump(s, f->buf, f->len, what, err) != 0)
    return -1;
  if (f->header && pst_stats_add_header(s, f->header) != 0)
    return pst_fail(err, "%s: out of memory", what);
  return 0;
}

int pst_general_add(pst_stats *s, const pst_dump_file *f, const char *what,
                    pst_error *err) {
  return add_dump(s, f->buf, f->len, what, f->header ? f->header : what, err);
}

/* ------------------------------------------------------------ any object */

/* The parser for other marshal objects of a dump (the cprof extension,
 * ext.c): the same reader, the same limits, read through accessors. */
struct pst_mdoc {
  reader r;
  uint32_t top;
};

pst_mdoc *pst_mdoc_parse(const unsigned char *buf, size_t len, const char *what,
                         size_t *used, pst_error *err) {
  pst_mdoc *d = malloc(sizeof *d);
  if (!d) {
    pst_fail(err, "%s: out of memory", what);
    return NULL;
  }
  reader_init(&d->r, buf, len, what, err);
  if (parse(&d->r, &d->top) != 0) {
    reader_free(&d->r);
    free(d);
    return NULL;
  }
  *used = d->r.pos;
  return d;
}

void pst_mdoc_free(pst_mdoc *d) {
  if (!d)
    return;
  reader_free(&d->r);
  free(d);
}

uint32_t pst_mdoc_top(const pst_mdoc *d) { return d->top; }

int pst_mdoc_type(const pst_mdoc *d, uint32_t node) { return d->r.nodes[node].type; }

uint32_t pst_mdoc_len(const pst_mdoc *d, uint32_t node) { return d->r.nodes[node].n; }

uint32_t pst_mdoc_item(const pst_mdoc *d, uint32_t node, uint32_t i) {
  return d->r.kids[d->r.nodes[node].v + i];
}

int64_t pst_mdoc_int(const pst_mdoc *d, uint32_t node) { return (int64_t)d->r.nodes[node].v; }

double pst_mdoc_float(const pst_mdoc *d, uint32_t node) {
  const mnode *m = &d->r.nodes[node];
  if (m->type == MN_INT)
    return (double)(int64_t)m->v;
  double v;
  memcpy(&v, &m->v, 8);
  return v;
}

const char *pst_mdoc_str(const pst_mdoc *d, uint32_t node, size_t *len) {
  const mnode *m = &d->r.nodes[node];
  *len = m->n;
  return m->owned ? d->r.side + m->v : (const char *)d->r.buf + m->v;
}
