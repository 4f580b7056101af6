/* Private helpers shared by the pstats library's files. */
#ifndef CPROF_PSTATS_INTERNAL_H
#define CPROF_PSTATS_INTERNAL_H

#include "pstats.h"

#include <stdarg.h>

#define PST_NONE ((uint32_t)-1)

/* Grow *p (of *cap elements of elem bytes) to hold need, doubling; 0 or -1. */
int pst_grow(void **p, size_t *cap, size_t need, size_t elem);
/* The same for an array of ids, the new part filled with `fill`. */
int pst_grow_ids(uint32_t **p, size_t *cap, size_t need, uint32_t fill);

static inline uint64_t pst_mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

/* A hash seed from ASLR and the clock: unpredictable to a crafted dump,
 * and no output depends on it. */
uint64_t pst_hash_seed(const void *object);

/* The slot of key (file, line, name) in an interning table. */
static inline uint64_t pst_key_hash(uint32_t file, int64_t line, uint32_t name) {
  return pst_mix64(((uint64_t)file << 32 | name) ^ pst_mix64((uint64_t)line));
}

/* Write a one-line message into err (printf-style). Always returns -1. */
int pst_fail(pst_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* key -> value map (open addressing) used as the dictionary index. */
void pst_keymap_free(pst_keymap *m);
/* PST_NONE if absent. */
uint32_t pst_keymap_get(const pst_keymap *m, uint64_t k);
int pst_keymap_put(pst_keymap *m, uint64_t k, uint32_t v);
void pst_keymap_clear(pst_keymap *m);

/* Validate UTF-8 as Python's decoder with errors="surrogatepass" does
 * (encoded surrogates allowed). Returns 1 if valid. */
int pst_utf8_valid(const unsigned char *s, size_t n);

/* The reader's edge insertion: a caller key seen again replaces the value
 * and keeps its first position (Python dict semantics). */
int pst_stats_set_edge_replace(pst_stats *s, size_t pos, const pst_edge *e,
                               pst_error *err);

/* Forget the sort order and callee index (after any change). */
void pst_stats_forget_order(pst_stats *s);

/* get_print_list (report.c): s's ordered list (its sort, else dictionary
 * order) after the restrictions, with the "Ordered by"/"List reduced" lines
 * in msg; n == 0 means print nothing. Free with pst_free_print_list, also
 * after a failure. */
typedef struct pst_print_list {
  uint32_t *v;
  size_t n;
  size_t width; /* name column: max std width + 2 */
  pst_buf msg;  /* "Ordered by" and restriction lines */
} pst_print_list;
int pst_get_print_list(const pst_stats *s, const pst_amount *amounts, size_t na,
                       pst_print_list *pl, pst_error *err);
void pst_free_print_list(pst_print_list *pl);

/* A function or edge absent from one side of a diff: zero calls and times. */
extern const pst_entry pst_zero_entry;
extern const pst_edge pst_zero_edge;
/* The edge caller -> (entry at callee_pos) of one side, NULL if it has none
 * (callee_pos -1: the callee is absent there). */
const pst_edge *pst_side_edge(const pst_stats *s, long callee_pos, pst_key caller);

/* The general reader (marshal_read.c): any dump Python reads, every error
 * named. pst_read_dump parses buf into the empty s (Stats(buf)). */
int pst_read_dump(pst_stats *s, const unsigned char *buf, size_t len,
                  const char *what, pst_error *err);

/* A dump's bytes (mapped, or read from a pipe) and its header line
 * "ctime(mtime)    path" (NULL for a buffer). */
typedef struct pst_dump_file {
  unsigned char *buf;
  size_t len;
  int mapped;
  char *header;
} pst_dump_file;

int pst_dump_file_read(const char *path, pst_dump_file *f, pst_error *err);
void pst_dump_file_release(pst_dump_file *f);
/* Stats(f) into the empty s, with its header; and Stats.add(f). */
int pst_general_load(pst_stats *s, const pst_dump_file *f, const char *what,
                     pst_error *err);
int pst_general_add(pst_stats *s, const pst_dump_file *f, const char *what,
                    pst_error *err);

/* The model's caller-edge append (stats.c) for the loader (lookup:
 * pst_stats_find_edge). */
int pst_stats_append_edge(pst_stats *s, size_t pos, const pst_edge *e);
/* One marshal object of a dump other than the stats dict (the cprof
 * extension), parsed by the dump reader (marshal_read.c). Strings are
 * UTF-8; a dict's items are key, value, key, value... */
typedef struct pst_mdoc pst_mdoc;
enum { PST_M_INT, PST_M_FLOAT, PST_M_STR, PST_M_TUPLE, PST_M_DICT };
/* Parse the object at buf[0..len); *used: the bytes it took. NULL on
 * failure (err: "what: reason"). */
pst_mdoc *pst_mdoc_parse(const unsigned char *buf, size_t len, const char *what,
                         size_t *used, pst_error *err);
void pst_mdoc_free(pst_mdoc *d);
uint32_t pst_mdoc_top(const pst_mdoc *d);
int pst_mdoc_type(const pst_mdoc *d, uint32_t node);
uint32_t pst_mdoc_len(const pst_mdoc *d, uint32_t node); /* items (dict: 2 per pair), str bytes */
uint32_t pst_mdoc_item(const pst_mdoc *d, uint32_t node, uint32_t i);
int64_t pst_mdoc_int(const pst_mdoc *d, uint32_t node);
double pst_mdoc_float(const pst_mdoc *d, uint32_t node); /* an int converted */
const char *pst_mdoc_str(const pst_mdoc *d, uint32_t node, size_t *len);

/* The cprof extension (ext.c). After each dump read into s (Stats(file)
 * or add): `rest` is what follows the stats dict. A damaged extension is
 * a warning (pst_stats_warnings), never an error; -1 only when out of
 * memory. */
int pst_ext_after_dump(pst_stats *s, const unsigned char *rest, size_t len,
                       const char *what, pst_error *err);
/* Stats.add(other): merge other's extension into s's. */
int pst_ext_add(pst_stats *s, const pst_stats *other, pst_error *err);
/* strip_dirs(): keys in the extension stripped as in the dictionary. */
int pst_ext_strip_dirs(pst_stats *s, pst_error *err);
void pst_ext_free(struct pst_ext *x);
/* basename of a key's file (strip_dirs, stats.c); PST_NONE: out of memory */
pst_key pst_strip_key(pst_names *n, pst_key k);

#endif
