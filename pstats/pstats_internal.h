/* Private helpers shared by the pstats library's files. */
#ifndef CPROF_PSTATS_INTERNAL_H
#define CPROF_PSTATS_INTERNAL_H

#include "pstats.h"

#include <stdarg.h>

#define PST_NONE ((uint32_t)-1)

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

/* Reader entry point (marshal_read.c): parse buf into the empty s. */
int pst_read_dump(pst_stats *s, const unsigned char *buf, size_t len,
                  const char *what, pst_error *err);

#endif
