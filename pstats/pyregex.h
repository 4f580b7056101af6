/* Python `re` (3.11) patterns for pstats restrictions, run on PCRE2.
 *
 * A pattern is parsed with Python's grammar: patterns Python rejects are
 * PYRE_INVALID with Python's own error message; valid patterns are
 * translated to PCRE2 (UTF + UCP) and searched like re.search. A valid
 * Python construct that cannot be translated faithfully is PYRE_UNSUPPORTED,
 * never a silently different match. */
#ifndef CPROF_PSTATS_PYREGEX_H
#define CPROF_PSTATS_PYREGEX_H

#include <stddef.h>

typedef struct pyre pyre;

enum pyre_status { PYRE_OK = 0, PYRE_INVALID = 1, PYRE_UNSUPPORTED = 2 };

/* On failure returns NULL, sets *status and writes a NUL-terminated message
 * into msg (Python's own message text for PYRE_INVALID). */
pyre *pyre_compile(const char *pattern, size_t len, enum pyre_status *status,
                   char *msg, size_t msgsize);

/* 1 = match found, 0 = no match, -1 = the engine gave up (match limit etc.). */
int pyre_search(const pyre *re, const char *subject, size_t len);

void pyre_free(pyre *re);

#endif
