/* The fast dump scanner (dump_scan.c), private to the loader (load.c).
 *
 * One forward pass over a dump of the usual shape turns it into a flat
 * table of records with keys interned in a scanner of its own (one per
 * thread, kept across files). Anything unusual -- a malformed or truncated
 * dump, a repeated key, the profiler marker, latin-1 text, a back-reference
 * to a container -- makes it give up, and the general reader
 * (marshal_read.c) takes the file: it says what is wrong, or loads the odd
 * shape. The scanner never reports an error itself, so what is accepted or
 * refused, and every message, stays the general reader's. */
#ifndef CPROF_PSTATS_DUMP_SCAN_H
#define CPROF_PSTATS_DUMP_SCAN_H

#include "pstats_internal.h"

/* One record: an entry (REC_ENTRY) followed by its caller edges. */
enum {
  REC_ENTRY = 1,  /* else a caller edge of the last entry */
  REC_TT_INT = 2, /* tt holds an int64, else double bits */
  REC_CT_INT = 4,
  REC_TUPLE = 8   /* edge: a cProfile 4-tuple, else a profile.py count */
};

typedef struct scan_rec {
  uint32_t key;   /* scanner-local key id: the entry's, or the caller's */
  uint32_t flags;
  int64_t a, b;   /* entry: cc, nc; edge: nc, cc */
  uint64_t tt, ct;
} scan_rec;

/* Strings and keys the scanner met for the first time in this dump, in
 * creation order: the loader maps them to the shared pst_names. Text
 * pointers stay valid as long as the scanner lives. */
typedef struct scan_newstr {
  const char *p;
  uint32_t len;
} scan_newstr;

typedef struct scan_newkey {
  uint32_t file, name; /* scanner-local string ids */
  int64_t line;
} scan_newkey;

typedef struct scan_result {
  scan_rec *recs;
  size_t n_recs, cap_recs;
  scan_newstr *nstr; /* local string ids first_str, first_str + 1, ... */
  size_t n_nstr, cap_nstr;
  uint32_t first_str;
  scan_newkey *nkey; /* local key ids first_key, first_key + 1, ... */
  size_t n_nkey, cap_nkey;
  uint32_t first_key;
  size_t n_entries;
  /* the dump's own totals, as get_top_level_stats sums them (dict order) */
  __int128 calls, prims;
  pst_num tt;
  size_t end; /* offset just after the statistics dict */
} scan_result;

typedef struct pst_scanner pst_scanner;

pst_scanner *pst_scanner_new(void);
void pst_scanner_free(pst_scanner *sc);

/* Scan buf into *out (emptied first). 0: done; 1: not for the scanner, the
 * general reader must take it (out's new strings and keys are still valid
 * and must be mapped, the records are not). `consumed`, if not NULL, is
 * called now and then with the offset below which the scanner will not
 * read buf again. */
int pst_scan(pst_scanner *sc, const unsigned char *buf, size_t len, scan_result *out,
             void (*consumed)(void *ctx, size_t offset), void *ctx);

void pst_scan_result_free(scan_result *r);

#endif
