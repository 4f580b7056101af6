/* Python `re` (3.11) patterns on PCRE2.
 *
 * The parser below follows the decisions of CPython's Lib/re/_parser.py (and
 * the one check of Lib/re/_compiler.py that can fail, the fixed-width
 * look-behind): a pattern Python rejects is PYRE_INVALID with Python's
 * message, including its "at position N" suffix counted in code points.
 * While parsing, a valid pattern is rewritten into an equivalent PCRE2
 * pattern compiled with PCRE2_UTF | PCRE2_UCP. Every Python flag is applied by
 * the translator itself (PCRE2 never sees a bare inline option), so scoped
 * flags, ASCII mode and verbose mode need no PCRE2 counterpart; IGNORECASE
 * is rendered as explicit sets from Python's own case data
 * (pyregex_case.inc), caseless backreferences by a callout. A construct that
 * cannot be rendered exactly makes the pattern PYRE_UNSUPPORTED:
 *   - \N{NAME} escapes (no Unicode name table here);
 *   - repeat counts above 65535, and patterns PCRE2 finds too large;
 *   - groups nested more than 250 deep;
 *   - patterns on which Python itself dies instead of raising re.error
 *     (OverflowError for counts >= 2**32 - 1, ValueError for (?a)...(?u));
 *   - two CPython quirks: a cased non-BMP uppercase character in an
 *     alternation under IGNORECASE, and a category at the very start of the
 *     pattern in a group that changes the ASCII/UNICODE flag;
 *   - anything PCRE2 refuses to compile (e.g. a capturing group repeated
 *     optionally inside a look-behind: not fixed-length for PCRE2). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pyregex.h"

#include <pcre2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pyre {
  pcre2_code *code;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit_stack; /* NULL when the pattern runs interpreted */
  int callouts; /* backreferences under IGNORECASE are checked by callouts */
};

/* Limits that make a pathological search give up instead of hanging. */
#define PYRE_MATCH_LIMIT 20000000u
#define PYRE_DEPTH_LIMIT 1000000u
#define PYRE_HEAP_LIMIT (64u * 1024u) /* KiB */
#define PYRE_MAX_NESTING 250
/* PCRE2's largest repeat count; Python's limit is 2**32 - 2. */
#define PCRE2_MAX_REPEAT 65535u

/* Python's sre constants (Modules/_sre/sre_constants.h, 4-byte code). */
#define MAXREPEAT 4294967295ull
#define MAXGROUPS 1073741823ull

/* Python's flags (re.I etc.), as in Lib/re/_constants.py. */
enum {
  F_TEMPLATE = 1,
  F_IGNORECASE = 2,
  F_LOCALE = 4,
  F_MULTILINE = 8,
  F_DOTALL = 16,
  F_UNICODE = 32,
  F_VERBOSE = 64,
  F_ASCII = 256,
};
#define TYPE_FLAGS (F_ASCII | F_LOCALE | F_UNICODE)
#define GLOBAL_FLAGS F_TEMPLATE

/* ------------------------------------------------------------------ */
/* Output buffer. */

typedef struct {
  char *p;
  size_t len, cap;
} strbuf;

struct parser;
static void fail_oom(struct parser *P);

/* Makes room for one more element in a growing array. */
static void *grow(struct parser *P, void *arr, size_t n, size_t *cap, size_t elsize) {
  if (n < *cap)
    return arr;
  size_t ncap = *cap ? *cap * 2 : 8;
  void *na = realloc(arr, ncap * elsize);
  if (!na)
    fail_oom(P);
  *cap = ncap;
  return na;
}

static void sb_reserve(struct parser *P, strbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    cap *= 2;
  char *np = realloc(b->p, cap);
  if (!np)
    fail_oom(P);
  b->p = np;
  b->cap = cap;
}

static void sb_addn(struct parser *P, strbuf *b, const char *s, size_t n) {
  sb_reserve(P, b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

static void sb_add(struct parser *P, strbuf *b, const char *s) {
  sb_addn(P, b, s, strlen(s));
}

static void sb_printf(struct parser *P, strbuf *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_addn(P, b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void sb_insert(struct parser *P, strbuf *b, size_t at, const char *s) {
  size_t n = strlen(s);
  sb_reserve(P, b, n);
  memmove(b->p + at + n, b->p + at, b->len - at);
  memcpy(b->p + at, s, n);
  b->len += n;
  b->p[b->len] = 0;
}

/* ------------------------------------------------------------------ */
/* Parser state. */

enum tok_kind { T_END, T_CHAR, T_ESC };

typedef struct {
  uint64_t lo, hi;
} width;

typedef struct {
  int closed;
  width w;
  size_t name_at, name_len; /* name in the pattern's code points, 0 if none */
} groupinfo;

enum item_kind { I_AT, I_REPEAT, I_SUBPATTERN_PLAIN, I_OTHER };

struct parser {
  const uint32_t *cp; /* the pattern, decoded */
  size_t n;
  size_t index;     /* Tokenizer.index */
  enum tok_kind kind; /* Tokenizer.next */
  uint32_t ch;

  int flags; /* State.flags (global flags) */
  groupinfo *groups; /* groups[0] is group 0 */
  size_t ngroups, capgroups;
  long lookbehindgroups; /* -1 = None */
  /* grouprefpos: first position of each numeric conditional reference */
  struct {
    uint64_t group;
    size_t pos;
  } *refpos;
  size_t nrefpos, caprefpos;

  strbuf out;
  struct item *items; /* stack of the items of the sequences being parsed */
  size_t nitems, capitems;
  struct setitem *set; /* the character set being parsed */
  size_t nset, capset;
  int lookbehind_bad;     /* the compiler's fixed-width error is pending */
  int callouts;           /* the translation uses backref_callout() */
  int any_item;           /* an item has been parsed (the pattern's start is behind) */
  int depth;              /* parse_sub() nesting */
  int lead_typeflags;     /* inside a leading group that changes ASCII/UNICODE */
  char unsupported[256];  /* first construct we cannot translate */

  pcre2_code *printable_re; /* helpers built with PCRE2 for Unicode data */
  pcre2_code *ident_re;
  pcre2_code *numeric_re;
  pcre2_match_data *helper_md;

  jmp_buf jb;
  enum pyre_status status;
  char msg[512];
};

static void fail_oom(struct parser *P) {
  P->status = PYRE_UNSUPPORTED;
  snprintf(P->msg, sizeof P->msg, "out of memory");
  longjmp(P->jb, 1);
}

/* Python's re.error message: "msg at position N" plus line/column when the
 * pattern has a newline. */
static void vfail_at(struct parser *P, size_t pos, const char *fmt, va_list ap) {
  char m[400];
  vsnprintf(m, sizeof m, fmt, ap);
  int has_nl = 0;
  size_t line = 1, lastnl = (size_t)-1;
  for (size_t i = 0; i < P->n; i++) {
    if (P->cp[i] == '\n') {
      has_nl = 1;
      if (i < pos) {
        line++;
        lastnl = i;
      }
    }
  }
  if (has_nl)
    snprintf(P->msg, sizeof P->msg, "%s at position %zu (line %zu, column %zu)", m, pos, line,
             pos - lastnl);
  else
    snprintf(P->msg, sizeof P->msg, "%s at position %zu", m, pos);
  P->status = PYRE_INVALID;
  longjmp(P->jb, 1);
}

static void fail_at(struct parser *P, size_t pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail_at(P, pos, fmt, ap);
  va_end(ap);
}

static void fail_unsupported_now(struct parser *P, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(P->msg, sizeof P->msg, fmt, ap);
  va_end(ap);
  P->status = PYRE_UNSUPPORTED;
  longjmp(P->jb, 1);
}

/* A valid construct we cannot translate: remembered, parsing goes on so that
 * a later syntax error still makes the pattern invalid as in Python. */
static void note_unsupported(struct parser *P, const char *fmt, ...) {
  if (P->unsupported[0])
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(P->unsupported, sizeof P->unsupported, fmt, ap);
  va_end(ap);
}

/* ---- Tokenizer (Lib/re/_parser.py Tokenizer) ---- */

static void tk_next(struct parser *P) {
  size_t i = P->index;
  if (i >= P->n) {
    P->kind = T_END;
    return;
  }
  uint32_t c = P->cp[i];
  if (c == '\\') {
    i++;
    if (i >= P->n)
      fail_at(P, P->n - 1, "bad escape (end of pattern)");
    P->kind = T_ESC;
    P->ch = P->cp[i];
  } else {
    P->kind = T_CHAR;
    P->ch = c;
  }
  P->index = i + 1;
}

static size_t tk_tell(const struct parser *P) {
  return P->index - (P->kind == T_END ? 0 : P->kind == T_ESC ? 2 : 1);
}

static int is_char(const struct parser *P, uint32_t c) {
  return P->kind == T_CHAR && P->ch == c;
}

static int tk_match(struct parser *P, uint32_t c) {
  if (is_char(P, c)) {
    tk_next(P);
    return 1;
  }
  return 0;
}

static void tk_seek(struct parser *P, size_t index) {
  P->index = index;
  tk_next(P);
}

static void tk_error(struct parser *P, size_t offset, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail_at(P, tk_tell(P) - offset, fmt, ap);
  va_end(ap);
}

/* ---- UTF-8 ---- */

static size_t utf8_put(char *o, uint32_t c) {
  if (c < 0x80) {
    o[0] = (char)c;
    return 1;
  }
  if (c < 0x800) {
    o[0] = (char)(0xC0 | (c >> 6));
    o[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    o[0] = (char)(0xE0 | (c >> 12));
    o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  o[0] = (char)(0xF0 | (c >> 18));
  o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  o[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Decodes strict UTF-8 (no surrogates, no overlongs). Returns the number of
 * code points, or -1. */
static long utf8_decode(const char *s, size_t len, uint32_t *out) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0, n = 0;
  while (i < len) {
    uint32_t c = u[i];
    size_t k;
    uint32_t min;
    if (c < 0x80) {
      k = 0;
      min = 0;
    } else if ((c & 0xE0) == 0xC0) {
      k = 1;
      c &= 0x1F;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      k = 2;
      c &= 0x0F;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      k = 3;
      c &= 0x07;
      min = 0x10000;
    } else {
      return -1;
    }
    if (i + k >= len + (k == 0))
      return -1;
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= len || (u[i + j] & 0xC0) != 0x80)
        return -1;
      c = (c << 6) | (u[i + j] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      return -1;
    out[n++] = c;
    i += k + 1;
  }
  return (long)n;
}

/* ---- Unicode facts taken from PCRE2's own tables ---- */

static pcre2_code *helper_compile(struct parser *P, const char *pat) {
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                 &err, &off, NULL);
  if (!re) /* \p{XIDS} and friends need PCRE2 10.40 */
    fail_unsupported_now(P, "this PCRE2 cannot tell Unicode properties (PCRE2 10.40 or later needed)");
  if (!P->helper_md) {
    P->helper_md = pcre2_match_data_create(4, NULL);
    if (!P->helper_md)
      fail_oom(P);
  }
  return re;
}

static int helper_match(struct parser *P, pcre2_code *re, const uint32_t *cp, size_t n) {
  strbuf b = {0};
  char u[4];
  for (size_t i = 0; i < n; i++)
    sb_addn(P, &b, u, utf8_put(u, cp[i]));
  int rc = pcre2_match(re, (PCRE2_SPTR)(b.p ? b.p : ""), b.len, 0, 0, P->helper_md, NULL);
  free(b.p);
  return rc >= 0;
}

/* str.isidentifier(): XID_Start or '_', then XID_Continue (Unicode data of
 * PCRE2, the same Unicode version as Python 3.11). */
static int is_identifier(struct parser *P, const uint32_t *cp, size_t n) {
  if (n == 0)
    return 0;
  int ascii = 1;
  for (size_t i = 0; i < n; i++)
    ascii &= cp[i] < 0x80;
  if (ascii) {
    for (size_t i = 0; i < n; i++) {
      uint32_t c = cp[i];
      int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
        return 0;
    }
    return 1;
  }
  if (!P->ident_re)
    P->ident_re = helper_compile(P, "\\A[\\p{XIDS}_]\\p{XIDC}*\\z");
  return helper_match(P, P->ident_re, cp, n);
}

static int is_printable(struct parser *P, uint32_t c) {
  if (c < 0x80)
    return c >= 0x20 && c < 0x7F;
  if (!P->printable_re)
    P->printable_re = helper_compile(P, "\\A[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}\\p{Zs}]\\z");
  return !helper_match(P, P->printable_re, &c, 1);
}

/* Python's repr() of a str, UTF-8 into out (truncated to outsize). */
static void py_repr(struct parser *P, const uint32_t *cp, size_t n, char *out, size_t outsize) {
  strbuf b = {0};
  int sq = 0, dq = 0;
  for (size_t i = 0; i < n; i++) {
    sq |= cp[i] == '\'';
    dq |= cp[i] == '"';
  }
  char quote = (sq && !dq) ? '"' : '\'';
  sb_addn(P, &b, &quote, 1);
  for (size_t i = 0; i < n; i++) {
    uint32_t c = cp[i];
    char u[4];
    if (c == (uint32_t)quote || c == '\\') {
      char e[2] = {'\\', (char)c};
      sb_addn(P, &b, e, 2);
    } else if (c == '\t') {
      sb_add(P, &b, "\\t");
    } else if (c == '\n') {
      sb_add(P, &b, "\\n");
    } else if (c == '\r') {
      sb_add(P, &b, "\\r");
    } else if (is_printable(P, c)) {
      sb_addn(P, &b, u, utf8_put(u, c));
    } else if (c < 0x100) {
      sb_printf(P, &b, "\\x%02x", c);
    } else if (c < 0x10000) {
      sb_printf(P, &b, "\\u%04x", c);
    } else {
      sb_printf(P, &b, "\\U%08x", c);
    }
  }
  sb_addn(P, &b, &quote, 1);
  snprintf(out, outsize, "%s", b.p);
  free(b.p);
}

/* UTF-8 text of a slice of code points (for messages). */
static void cp_text(struct parser *P, const uint32_t *cp, size_t n, char *out, size_t outsize) {
  strbuf b = {0};
  char u[4];
  sb_add(P, &b, "");
  for (size_t i = 0; i < n; i++)
    sb_addn(P, &b, u, utf8_put(u, cp[i]));
  snprintf(out, outsize, "%s", b.p);
  free(b.p);
}

/* ------------------------------------------------------------------ */
/* Widths (SubPattern.getwidth). */

static uint64_t sat_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}
static uint64_t sat_mul(uint64_t a, uint64_t b) {
  if (a && b > UINT64_MAX / a)
    return UINT64_MAX;
  return a * b;
}
static width width_cap(width w) {
  if (w.lo > MAXREPEAT - 1)
    w.lo = MAXREPEAT - 1;
  if (w.hi > MAXREPEAT)
    w.hi = MAXREPEAT;
  return w;
}

/* ------------------------------------------------------------------ */
/* Emission helpers. */

static int is_ascii_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ascii_letter(uint32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_surrogate(uint32_t c) {
  return c >= 0xD800 && c <= 0xDFFF;
}

/* One code point as a PCRE2 literal (also valid inside a class). */
static void emit_cp(struct parser *P, uint32_t c) {
  if (is_ascii_alnum(c)) {
    char s[2] = {(char)c, 0};
    sb_add(P, &P->out, s);
  } else {
    sb_printf(P, &P->out, "\\x{%X}", c);
  }
}

static int unicode_mode(int flags) {
  return !(flags & F_ASCII);
}

/* ---- Python's IGNORECASE ----
 * sre compares lowercased characters: with re.IGNORECASE a literal c matches
 * ch iff lower(ch) is lower(c) or one of _EXTRA_CASES[lower(c)], and a set
 * matches ch iff lower(ch) is in the set of the lowercased members (plus
 * their _EXTRA_CASES). lower() is sre's simple lowercase mapping in Unicode
 * mode, ASCII-only in ASCII mode. The translator computes those sets itself
 * from Python's data (pyregex_case.inc) and gives PCRE2 explicit sets:
 * PCRE2's caseless matching folds differently (e.g. U+0130). */
#include "pyregex_case.inc"

struct setitem;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static long pair_find(const uint32_t (*t)[2], size_t n, uint32_t c) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t[mid][0] == c)
      return (long)mid;
    if (t[mid][0] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return -1;
}

static uint32_t case_lower(uint32_t c, int uni) {
  if (!uni)
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  long i = pair_find(pyre_lower, NELEM(pyre_lower), c);
  return i < 0 ? c : pyre_lower[i][1];
}

static int case_iscased(uint32_t c, int uni) {
  if (!uni)
    return is_ascii_letter(c);
  if (pair_find(pyre_lower, NELEM(pyre_lower), c) >= 0)
    return 1;
  size_t lo = 0, hi = NELEM(pyre_cased_self);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (pyre_cased_self[mid] == c)
      return 1;
    if (pyre_cased_self[mid] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

/* _EXTRA_CASES[c] (Unicode mode only); returns the count. */
static int case_fixes(uint32_t c, int uni, uint32_t out[2]) {
  if (!uni)
    return 0;
  for (size_t i = 0; i < NELEM(pyre_extra_cases); i++) {
    if (pyre_extra_cases[i][0] == c) {
      out[0] = pyre_extra_cases[i][2];
      out[1] = pyre_extra_cases[i][3];
      return (int)pyre_extra_cases[i][1];
    }
  }
  return 0;
}

/* The characters whose lowercase differs from them ("keys"). */
static size_t case_nkeys(int uni) {
  return uni ? NELEM(pyre_lower) : 26;
}
static uint32_t case_key(size_t i, int uni) {
  return uni ? pyre_lower[i][0] : (uint32_t)('A' + i);
}

/* Bit sets over all code points. */
#define CP_LIMIT 0x110000u
typedef uint64_t *cpset;

static cpset cpset_new(struct parser *P) {
  cpset s = calloc(CP_LIMIT / 64, sizeof(uint64_t));
  if (!s)
    fail_oom(P);
  return s;
}
static void cpset_add(cpset s, uint32_t c) {
  s[c / 64] |= 1ull << (c % 64);
}
static int cpset_has(const uint64_t *s, uint32_t c) {
  return (s[c / 64] >> (c % 64)) & 1;
}
static void cpset_add_range(cpset s, uint32_t lo, uint32_t hi) {
  for (uint32_t c = lo; c <= hi;) {
    if (c % 64 == 0 && hi - c >= 63) {
      s[c / 64] = ~0ull;
      c += 64;
    } else {
      cpset_add(s, c);
      c++;
    }
  }
}

/* Adds {ch : lower(ch) in X} to Y. */
static void cpset_preimage(cpset y, const uint64_t *x, int uni) {
  for (size_t w = 0; w < CP_LIMIT / 64; w++)
    y[w] |= x[w];
  size_t nk = case_nkeys(uni);
  for (size_t i = 0; i < nk; i++) {
    uint32_t k = case_key(i, uni);
    if (cpset_has(x, case_lower(k, uni)))
      cpset_add(y, k);
    else if (cpset_has(x, k))
      y[k / 64] &= ~(1ull << (k % 64)); /* lower(k) != k is not in X */
  }
}

static void emit_set(struct parser *P, const struct setitem *v, size_t n, int negate, int flags);

/* A set given as a bit set (plus categories) without IGNORECASE. */
static void emit_cpset(struct parser *P, const uint64_t *y, const struct setitem *cats, size_t ncats,
                       int negate, int flags);

/* sre's LITERAL and NOT_LITERAL (also a set of one literal): with
 * IGNORECASE, ch matches iff lower(ch) is lower(c) or in its _EXTRA_CASES. */
static void emit_literal_set(struct parser *P, uint32_t c, int negate, int flags) {
  if (is_surrogate(c)) {
    /* A str made from UTF-8 never holds a lone surrogate. */
    sb_add(P, &P->out, negate ? "(?s:.)" : "(?!)");
    return;
  }
  int uni = unicode_mode(flags);
  if ((flags & F_IGNORECASE) && case_iscased(c, uni)) {
    uint32_t t[3];
    t[0] = case_lower(c, uni);
    int nt = 1 + case_fixes(t[0], uni, t + 1);
    sb_add(P, &P->out, negate ? "[^" : "[");
    for (int i = 0; i < nt; i++)
      if (case_lower(t[i], uni) == t[i])
        emit_cp(P, t[i]);
    size_t nk = case_nkeys(uni);
    for (size_t i = 0; i < nk; i++) {
      uint32_t k = case_key(i, uni), l = case_lower(k, uni);
      for (int j = 0; j < nt; j++)
        if (l == t[j])
          emit_cp(P, k);
    }
    sb_add(P, &P->out, "]");
    return;
  }
  if (negate) {
    sb_add(P, &P->out, "[^");
    emit_cp(P, c);
    sb_add(P, &P->out, "]");
    return;
  }
  emit_cp(P, c);
}

static void emit_literal(struct parser *P, uint32_t c, int flags) {
  emit_literal_set(P, c, 0, flags);
}

/* In an alternation of single characters, sre builds a set in which a cased
 * non-BMP character is compared unlowered (see emit_set_ignorecase); the
 * literal path is exact. parse_sub() rejects the alternation case. */
static int astral_cased_literal(uint32_t c, int flags) {
  return (flags & F_IGNORECASE) && c > 0xFFFF && case_lower(c, unicode_mode(flags)) != c;
}

/* ---- character classes ---- */

enum setop { S_LIT, S_RANGE, S_CAT };
enum cat { C_DIGIT, C_NOT_DIGIT, C_SPACE, C_NOT_SPACE, C_WORD, C_NOT_WORD };

typedef struct setitem {
  enum setop op;
  uint32_t lo, hi; /* S_LIT: lo; S_RANGE: lo..hi; S_CAT: lo = enum cat */
} setitem;

static void set_push(struct parser *P, setitem it) {
  P->set = grow(P, P->set, P->nset, &P->capset, sizeof *P->set);
  P->set[P->nset++] = it;
}

static void emit_range(struct parser *P, strbuf *b, uint32_t lo, uint32_t hi) {
  /* Surrogates cannot occur in the subject; PCRE2 (UTF) rejects them. */
  if (lo >= 0xD800 && lo <= 0xDFFF)
    lo = 0xE000;
  if (hi >= 0xD800 && hi <= 0xDFFF)
    hi = 0xD7FF;
  if (lo > hi)
    return;
  if (lo == hi)
    sb_printf(P, b, "\\x{%X}", lo);
  else
    sb_printf(P, b, "\\x{%X}-\\x{%X}", lo, hi);
}


/* str.isspace() (Py_UNICODE_ISSPACE): PCRE2's UCP \s differs (U+001C..U+001F,
 * U+0085, U+180E). */
#define PY_UNICODE_SPACE \
  "\\t\\n\\x{B}\\f\\r\\x{1C}-\\x{20}\\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}" \
  "\\x{2029}\\x{202F}\\x{205F}\\x{3000}"
#define PY_ASCII_SPACE "\\t\\n\\x{B}\\f\\r\\x{20}"

/* Python's str-pattern categories. Unicode: \d = Nd and \w = L|N|_ as PCRE2's
 * UCP sets; \s is spelled out. A category
 * that is the complement of a set PCRE2 cannot name inside a class comes back
 * as a standalone single-character atom in *alt. */
static void class_cat(struct parser *P, strbuf *b, strbuf *alt, enum cat c, int flags) {
  int uni = unicode_mode(flags);
  const char *in = NULL, *atom = NULL;
  switch (c) {
  case C_DIGIT:
    in = uni ? "\\d" : "0-9";
    break;
  case C_NOT_DIGIT:
    if (uni)
      in = "\\D";
    else
      atom = "[^0-9]";
    break;
  case C_WORD:
    in = uni ? "\\w" : "a-zA-Z0-9_";
    break;
  case C_NOT_WORD:
    if (uni)
      in = "\\W";
    else
      atom = "[^a-zA-Z0-9_]";
    break;
  case C_SPACE:
    in = uni ? PY_UNICODE_SPACE : PY_ASCII_SPACE;
    break;
  case C_NOT_SPACE:
    atom = uni ? "[^" PY_UNICODE_SPACE "]" : "[^" PY_ASCII_SPACE "]";
    break;
  }
  if (in)
    sb_add(P, b, in);
  if (atom) {
    if (alt->len)
      sb_add(P, alt, "|");
    sb_add(P, alt, atom);
  }
}

/* A set under IGNORECASE, as sre's _optimize_charset and charset() see it:
 * BMP members go lowercased (with their _EXTRA_CASES) into a map; non-BMP
 * literals stay as they are and ranges reaching beyond U+FFFF are kept as
 * RANGE_UNI_IGNORE (x in range, or upper(x) in range); categories apply to
 * lower(ch) and are case-invariant. ch matches iff lower(ch) is in the set. */
static void emit_set_ignorecase(struct parser *P, const setitem *v, size_t n, int negate,
                                int flags) {
  int uni = unicode_mode(flags);
  int hascased = 0;
  for (size_t i = 0; i < n; i++) {
    const setitem *it = &v[i];
    if (it->op == S_LIT) {
      if (it->lo > 0xFFFF || case_iscased(it->lo, uni))
        hascased = 1;
    } else if (it->op == S_RANGE) {
      if (it->hi > 0xFFFF) {
        hascased = 1;
        if (it->lo > 0 && it->lo <= 0xFFFF)
          note_unsupported(P, "a set range from the BMP beyond U+FFFF under IGNORECASE");
      } else {
        for (uint32_t c = it->lo; c <= it->hi && !hascased; c++)
          hascased = case_iscased(c, uni);
      }
    }
  }
  if (!hascased) {
    emit_set(P, v, n, negate, flags & ~F_IGNORECASE);
    return;
  }
  cpset x = cpset_new(P), y = NULL;
  uint64_t bmp[0x10000 / 64] = {0}; /* the lowercased BMP map */
  size_t ncats = 0;
  for (size_t i = 0; i < n; i++) {
    const setitem *it = &v[i];
    if (it->op == S_CAT) {
      ncats++;
    } else if (it->op == S_LIT) {
      if (it->lo > 0xFFFF)
        cpset_add(x, it->lo);
      else
        cpset_add(bmp, case_lower(it->lo, uni));
    } else if (it->hi <= 0xFFFF) {
      /* lower() of every member: the range without its keys, then their
       * lowercase */
      uint32_t from = it->lo;
      size_t nk = case_nkeys(uni);
      for (size_t k = 0; k < nk; k++) {
        uint32_t key = case_key(k, uni);
        if (key < it->lo || key > it->hi)
          continue;
        if (key > from)
          cpset_add_range(bmp, from, key - 1);
        from = key + 1;
      }
      if (from <= it->hi)
        cpset_add_range(bmp, from, it->hi);
      for (size_t k = 0; k < nk; k++) {
        uint32_t key = case_key(k, uni);
        if (key >= it->lo && key <= it->hi)
          cpset_add(bmp, case_lower(key, uni));
      }
    } else {
      cpset_add_range(x, it->lo, it->hi);
      for (size_t k = 0; k < NELEM(pyre_upper_astral); k++) {
        uint32_t u = pyre_upper_astral[k][1];
        if (u >= it->lo && u <= it->hi)
          cpset_add(x, pyre_upper_astral[k][0]);
      }
    }
  }
  for (size_t i = 0; uni && i < NELEM(pyre_extra_cases); i++) {
    if (cpset_has(bmp, pyre_extra_cases[i][0]))
      for (uint32_t j = 0; j < pyre_extra_cases[i][1]; j++)
        cpset_add(bmp, pyre_extra_cases[i][2 + j]);
  }
  for (size_t w = 0; w < NELEM(bmp); w++)
    x[w] |= bmp[w];
  y = calloc(CP_LIMIT / 64, sizeof(uint64_t));
  setitem *cats = ncats ? malloc(ncats * sizeof *cats) : NULL;
  if (!y || (ncats && !cats)) {
    free(x);
    free(y);
    free(cats);
    fail_oom(P);
  }
  cpset_preimage(y, x, uni);
  free(x);
  size_t nc = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].op == S_CAT)
      cats[nc++] = v[i];
  emit_cpset(P, y, cats, ncats, negate, flags & ~F_IGNORECASE);
  free(y);
  free(cats);
}

static void emit_cpset(struct parser *P, const uint64_t *y, const setitem *cats, size_t ncats,
                       int negate, int flags) {
  /* the ranges of y, then the categories, as plain set items */
  size_t saved = P->nset;
  for (uint32_t c = 0; c < CP_LIMIT;) {
    uint64_t w = y[c / 64];
    if (c % 64 == 0 && w == 0) {
      c += 64;
      continue;
    }
    if (!cpset_has(y, c)) {
      c++;
      continue;
    }
    uint32_t e = c;
    while (e + 1 < CP_LIMIT && cpset_has(y, e + 1)) {
      if ((e + 1) % 64 == 0 && y[(e + 1) / 64] == ~0ull)
        e += 64;
      else
        e++;
    }
    set_push(P, (setitem){S_RANGE, c, e});
    c = e + 1;
  }
  for (size_t i = 0; i < ncats; i++)
    set_push(P, cats[i]);
  emit_set(P, P->set + saved, P->nset - saved, negate, flags);
  P->nset = saved;
}

static void emit_set(struct parser *P, const setitem *v, size_t n, int negate, int flags) {
  if (flags & F_IGNORECASE) {
    emit_set_ignorecase(P, v, n, negate, flags);
    return;
  }
  strbuf body = {0}, alt = {0};
  sb_add(P, &body, "");
  sb_add(P, &alt, "");
  for (size_t i = 0; i < n; i++) {
    const setitem *it = &v[i];
    if (it->op == S_CAT)
      class_cat(P, &body, &alt, (enum cat)it->lo, flags);
    else
      emit_range(P, &body, it->lo, it->op == S_RANGE ? it->hi : it->lo);
  }
  strbuf any = {0};
  sb_add(P, &any, "");
  if (body.len) {
    sb_add(P, &any, "[");
    sb_add(P, &any, body.p);
    sb_add(P, &any, "]");
  }
  if (alt.len) {
    if (any.len)
      sb_add(P, &any, "|");
    sb_add(P, &any, alt.p);
  }
  strbuf *o = &P->out;
  /* Atomic: the set is one character whichever alternative takes it, and a
   * repeated alternation of overlapping choices would backtrack
   * exponentially. */
  sb_add(P, o, "(?>");
  if (!any.len) {
    sb_add(P, o, negate ? "(?s:.)" : "(?!)");
  } else if (!negate) {
    sb_add(P, o, any.p);
  } else if (!alt.len) {
    sb_add(P, o, "[^");
    sb_add(P, o, body.p);
    sb_add(P, o, "]");
  } else {
    sb_add(P, o, "(?!");
    sb_add(P, o, any.p);
    sb_add(P, o, ")(?s:.)");
  }
  sb_add(P, o, ")");
  free(body.p);
  free(alt.p);
  free(any.p);
}

/* A category outside a class. */
static void emit_category(struct parser *P, enum cat c, int flags) {
  setitem it = {S_CAT, (uint32_t)c, 0};
  /* Categories are not case dependent. */
  emit_set(P, &it, 1, 0, flags & ~F_IGNORECASE);
}

/* ------------------------------------------------------------------ */
/* Escapes (Lib/re/_parser.py _class_escape and _escape). */

enum esc_kind { E_LITERAL, E_CAT, E_AT, E_GROUPREF };
enum at { AT_BEGIN_STRING, AT_BOUNDARY, AT_NON_BOUNDARY, AT_END_STRING };

typedef struct {
  enum esc_kind kind;
  uint32_t value;
  int named; /* \N{...}: value unknown to us */
} escape;

static int is_hex(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static int is_oct(uint32_t c) {
  return c >= '0' && c <= '7';
}
static int is_digit(uint32_t c) {
  return c >= '0' && c <= '9';
}
static uint32_t hexval(uint32_t c) {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Message text "\\<c>[digits]" for an escape that began at the current
 * token's position minus n code points. */
static void escape_text(struct parser *P, size_t start, size_t len, char *out, size_t outsize) {
  cp_text(P, P->cp + start, len, out, outsize);
}

/* Gathers up to n more digits of a kind; returns how many were taken. */
static size_t getwhile(struct parser *P, size_t n, int (*pred)(uint32_t), uint64_t *value,
                       unsigned base) {
  size_t k = 0;
  for (; k < n; k++) {
    if (P->kind != T_CHAR || !pred(P->ch))
      break;
    *value = *value * base + (base == 16 ? hexval(P->ch) : P->ch - '0');
    tk_next(P);
  }
  return k;
}

static void getuntil(struct parser *P, uint32_t terminator, const char *name, size_t *at,
                     size_t *len);

/* Handles \x \u \U \N and the error paths shared by both escape functions.
 * start = position of the backslash. Returns 1 if it handled the escape. */
static int escape_common(struct parser *P, uint32_t c, size_t start, escape *e) {
  char t[64];
  uint64_t v = 0;
  size_t want;
  if (c == 'x')
    want = 2;
  else if (c == 'u')
    want = 4;
  else if (c == 'U')
    want = 8;
  else if (c == 'N') {
    if (!tk_match(P, '{'))
      tk_error(P, 0, "missing {");
    size_t at, len;
    getuntil(P, '}', "character name", &at, &len);
    /* Python resolves the name with unicodedata; we have no name table. */
    note_unsupported(P, "\\N{...} named escapes are not supported (position %zu)", start);
    e->kind = E_LITERAL;
    e->value = 0xD800; /* never emitted: the pattern is unsupported */
    e->named = 1;
    return 1;
  } else {
    return 0;
  }
  size_t got = getwhile(P, want, is_hex, &v, 16);
  size_t len = 2 + got;
  escape_text(P, start, len, t, sizeof t);
  if (got != want)
    tk_error(P, len, "incomplete escape %s", t);
  if (c == 'U' && v > 0x10FFFF)
    tk_error(P, len, "bad escape %s", t);
  e->kind = E_LITERAL;
  e->value = (uint32_t)v;
  e->named = 0;
  return 1;
}

static int simple_escape(uint32_t c, escape *e) {
  uint32_t v;
  switch (c) {
  case 'a': v = 7; break;
  case 'f': v = 12; break;
  case 'n': v = 10; break;
  case 'r': v = 13; break;
  case 't': v = 9; break;
  case 'v': v = 11; break;
  case '\\': v = '\\'; break;
  default: return 0;
  }
  e->kind = E_LITERAL;
  e->value = v;
  return 1;
}

static int category_escape(uint32_t c, escape *e) {
  switch (c) {
  case 'd': e->value = C_DIGIT; break;
  case 'D': e->value = C_NOT_DIGIT; break;
  case 's': e->value = C_SPACE; break;
  case 'S': e->value = C_NOT_SPACE; break;
  case 'w': e->value = C_WORD; break;
  case 'W': e->value = C_NOT_WORD; break;
  default: return 0;
  }
  e->kind = E_CAT;
  return 1;
}

/* The current token (an escape) has been consumed by the caller: P->ch of
 * the escape is c, it started at start. */
static escape class_escape(struct parser *P, uint32_t c, size_t start) {
  escape e = {0};
  char t[64];
  if (c == 'b') {
    e.kind = E_LITERAL;
    e.value = 8;
    return e;
  }
  if (simple_escape(c, &e) || category_escape(c, &e) || escape_common(P, c, start, &e))
    return e;
  if (is_oct(c)) {
    uint64_t v = c - '0';
    size_t got = getwhile(P, 2, is_oct, &v, 8);
    if (v > 0377) {
      escape_text(P, start, 2 + got, t, sizeof t);
      tk_error(P, 2 + got, "octal escape value %s outside of range 0-0o377", t);
    }
    e.kind = E_LITERAL;
    e.value = (uint32_t)v;
    return e;
  }
  escape_text(P, start, 2, t, sizeof t);
  if (is_digit(c) || is_ascii_letter(c))
    tk_error(P, 2, "bad escape %s", t);
  e.kind = E_LITERAL;
  e.value = c;
  return e;
}

/* One token inside [...]; the end of the pattern there is an error. */
typedef struct {
  enum tok_kind kind;
  uint32_t ch;
  size_t pos;
} class_tok;

static class_tok class_next(struct parser *P, size_t set_start) {
  class_tok t = {P->kind, P->ch, tk_tell(P)};
  tk_next(P);
  if (t.kind == T_END)
    tk_error(P, tk_tell(P) - set_start, "unterminated character set");
  return t;
}

static escape class_tok_value(struct parser *P, class_tok t) {
  if (t.kind == T_ESC)
    return class_escape(P, t.ch, t.pos);
  return (escape){E_LITERAL, t.ch, 0};
}

static setitem set_item_of(escape e) {
  return e.kind == E_CAT ? (setitem){S_CAT, e.value, 0} : (setitem){S_LIT, e.value, 0};
}

static int group_closed(struct parser *P, uint64_t gid) {
  return gid < P->ngroups && P->groups[gid].closed;
}

static void check_lookbehind_group(struct parser *P, uint64_t gid) {
  if (P->lookbehindgroups >= 0) {
    if (!group_closed(P, gid))
      tk_error(P, 0, "cannot refer to an open group");
    if (gid >= (uint64_t)P->lookbehindgroups)
      tk_error(P, 0, "cannot refer to group defined in the same lookbehind subpattern");
  }
}

static escape pattern_escape(struct parser *P, uint32_t c, size_t start) {
  escape e = {0};
  char t[64];
  switch (c) {
  case 'A': e.kind = E_AT; e.value = AT_BEGIN_STRING; return e;
  case 'b': e.kind = E_AT; e.value = AT_BOUNDARY; return e;
  case 'B': e.kind = E_AT; e.value = AT_NON_BOUNDARY; return e;
  case 'Z': e.kind = E_AT; e.value = AT_END_STRING; return e;
  default: break;
  }
  if (category_escape(c, &e) || simple_escape(c, &e) || escape_common(P, c, start, &e))
    return e;
  if (c == '0') {
    uint64_t v = 0;
    getwhile(P, 2, is_oct, &v, 8);
    e.kind = E_LITERAL;
    e.value = (uint32_t)v;
    return e;
  }
  if (is_digit(c)) {
    uint64_t group = c - '0';
    size_t len = 2;
    if (P->kind == T_CHAR && is_digit(P->ch)) {
      uint32_t d = P->ch;
      tk_next(P);
      len = 3;
      group = group * 10 + (d - '0');
      if (is_oct(c) && is_oct(d) && P->kind == T_CHAR && is_oct(P->ch)) {
        uint32_t d3 = P->ch;
        tk_next(P);
        uint64_t v = (c - '0') * 64 + (d - '0') * 8 + (d3 - '0');
        if (v > 0377) {
          escape_text(P, start, 4, t, sizeof t);
          tk_error(P, 4, "octal escape value %s outside of range 0-0o377", t);
        }
        e.kind = E_LITERAL;
        e.value = (uint32_t)v;
        return e;
      }
    }
    if (group < P->ngroups) {
      if (!group_closed(P, group))
        tk_error(P, len, "cannot refer to an open group");
      check_lookbehind_group(P, group);
      e.kind = E_GROUPREF;
      e.value = (uint32_t)group;
      return e;
    }
    tk_error(P, len - 1, "invalid group reference %llu", (unsigned long long)group);
  }
  escape_text(P, start, 2, t, sizeof t);
  if (is_ascii_letter(c))
    tk_error(P, 2, "bad escape %s", t);
  e.kind = E_LITERAL;
  e.value = c;
  return e;
}

/* ------------------------------------------------------------------ */
/* Groups. */

static uint64_t open_group(struct parser *P, size_t name_at, size_t name_len) {
  uint64_t gid = P->ngroups;
  if (name_len) {
    for (size_t g = 1; g < P->ngroups; g++) {
      groupinfo *o = &P->groups[g];
      if (o->name_len == name_len &&
          !memcmp(P->cp + o->name_at, P->cp + name_at, name_len * sizeof(uint32_t))) {
        char r[200];
        py_repr(P, P->cp + name_at, name_len, r, sizeof r);
        tk_error(P, name_len + 1, "redefinition of group name %s as group %llu; was group %zu", r,
                 (unsigned long long)gid, g);
      }
    }
  }
  P->groups = grow(P, P->groups, P->ngroups, &P->capgroups, sizeof *P->groups);
  P->groups[P->ngroups++] = (groupinfo){0, {0, 0}, name_at, name_len};
  return gid;
}

static long find_group_name(struct parser *P, size_t at, size_t len) {
  for (size_t g = 1; g < P->ngroups; g++) {
    groupinfo *o = &P->groups[g];
    if (o->name_len == len && !memcmp(P->cp + o->name_at, P->cp + at, len * sizeof(uint32_t)))
      return (long)g;
  }
  return -1;
}

/* Tokenizer.getuntil: returns the slice [*at, *at + *len) of raw pattern text
 * (tokens with their backslashes). */
static void getuntil(struct parser *P, uint32_t terminator, const char *name, size_t *at,
                     size_t *len) {
  size_t start = tk_tell(P);
  size_t n = 0;
  for (;;) {
    enum tok_kind k = P->kind;
    uint32_t c = P->ch;
    size_t toklen = k == T_ESC ? 2 : 1;
    tk_next(P);
    if (k == T_END) {
      if (!n)
        tk_error(P, 0, "missing %s", name);
      tk_error(P, n, "missing %c, unterminated name", (char)terminator);
    }
    if (k == T_CHAR && c == terminator) {
      if (!n)
        tk_error(P, 1, "missing %s", name);
      break;
    }
    n += toklen;
  }
  *at = start;
  *len = n;
}

static void check_group_name(struct parser *P, size_t at, size_t len, size_t offset) {
  if (!is_identifier(P, P->cp + at, len)) {
    char r[200];
    py_repr(P, P->cp + at, len, r, sizeof r);
    tk_error(P, len + offset, "bad character in group name %s", r);
  }
}

/* ------------------------------------------------------------------ */
/* The parser proper. */

typedef struct item {
  enum item_kind kind;
  size_t out_at; /* where the item's PCRE2 text starts */
  width w;
  size_t groups_at; /* P->ngroups before the item */
} item;

static void items_push(struct parser *P, item it) {
  P->any_item = 1;
  P->items = grow(P, P->items, P->nitems, &P->capitems, sizeof *P->items);
  P->items[P->nitems++] = it;
}

static width parse_sub(struct parser *P, int verbose, int nested, int flags, int *astral);

/* sre compares a backreference by lower(a) == lower(b) per character, without
 * _EXTRA_CASES; PCRE2 has no such comparison. */
static void emit_backref(struct parser *P, uint64_t gid, int flags) {
  if (!(flags & F_IGNORECASE)) {
    sb_printf(P, &P->out, "(?:\\g{%llu})", (unsigned long long)gid);
    return;
  }
  /* sre compares lower(a) == lower(b) character by character (no
   * _EXTRA_CASES), which PCRE2's caseless backreference does not do: take
   * characters lazily and let backref_callout() compare them with the group. */
  P->callouts = 1;
  sb_printf(P, &P->out, "(?>(?C\"s\")(?s:.)*?(?C\"%c%llu\"))", unicode_mode(flags) ? 'u' : 'a',
            (unsigned long long)gid);
}
static width parse_seq(struct parser *P, int verbose, int nested, int first, int flags,
                       int *astral);

/* In a group that starts the pattern and changes the ASCII/UNICODE flag,
 * CPython's search prefilter (_compile_info) reads a leading set's categories
 * with the global flag: harmless when that set contains the group's. */
static void check_lead_category(struct parser *P, enum cat c, int negated, int flags) {
  if (!P->lead_typeflags)
    return;
  int global_uni = unicode_mode(P->flags), uni = unicode_mode(flags);
  if (global_uni == uni)
    return;
  int positive = (c == C_DIGIT || c == C_SPACE || c == C_WORD) != negated;
  /* unicode \w etc. contain the ASCII ones; complements the other way */
  int contains = global_uni ? positive : !positive;
  if (!contains)
    note_unsupported(P, "a category at the start of the pattern in a group that changes the "
                        "ASCII/UNICODE flag (CPython's prefilter applies the global flag)");
}

static int combine_flags(int flags, int add, int del) {
  if (add & TYPE_FLAGS)
    flags &= ~TYPE_FLAGS;
  return (flags | add) & ~del;
}

static int flag_bit(uint32_t c) {
  switch (c) {
  case 'i': return F_IGNORECASE;
  case 'L': return F_LOCALE;
  case 'm': return F_MULTILINE;
  case 's': return F_DOTALL;
  case 'x': return F_VERBOSE;
  case 'a': return F_ASCII;
  case 't': return F_TEMPLATE;
  case 'u': return F_UNICODE;
  default: return 0;
  }
}

static int is_alpha_tok(struct parser *P, enum tok_kind k, uint32_t c) {
  /* char.isalpha() of a one-character token; an escape token is two
   * characters and never alphabetic as a whole. */
  if (k != T_CHAR)
    return 0;
  if (c < 0x80)
    return is_ascii_letter(c);
  pcre2_code *re = helper_compile(P, "\\A[\\p{Lu}\\p{Ll}\\p{Lt}\\p{Lm}\\p{Lo}]\\z");
  int r = helper_match(P, re, &c, 1);
  pcre2_code_free(re);
  return r;
}

/* _parse_flags: returns 1 for global flags (char was ')'), 0 for scoped. */
static int parse_flags(struct parser *P, uint32_t c, int *add_out, int *del_out) {
  int add = 0, del = 0;
  enum tok_kind k = T_CHAR;
  if (c != '-') {
    for (;;) {
      int flag = flag_bit(c);
      if (c == 'L')
        tk_error(P, 0, "bad inline flags: cannot use 'L' flag with a str pattern");
      add |= flag;
      if ((flag & TYPE_FLAGS) && (add & TYPE_FLAGS) != flag)
        tk_error(P, 0, "bad inline flags: flags 'a', 'u' and 'L' are incompatible");
      k = P->kind;
      c = P->ch;
      tk_next(P);
      if (k == T_END)
        tk_error(P, 0, "missing -, : or )");
      if (k == T_CHAR && (c == ')' || c == '-' || c == ':'))
        break;
      if (k != T_CHAR || !flag_bit(c))
        tk_error(P, k == T_ESC ? 2 : 1, is_alpha_tok(P, k, c) ? "unknown flag" : "missing -, : or )");
    }
  }
  if (c == ')') {
    P->flags |= add;
    return 1;
  }
  if (add & GLOBAL_FLAGS)
    tk_error(P, 1, "bad inline flags: cannot turn on global flag");
  if (c == '-') {
    k = P->kind;
    c = P->ch;
    tk_next(P);
    if (k == T_END)
      tk_error(P, 0, "missing flag");
    if (k != T_CHAR || !flag_bit(c))
      tk_error(P, k == T_ESC ? 2 : 1, is_alpha_tok(P, k, c) ? "unknown flag" : "missing flag");
    for (;;) {
      int flag = flag_bit(c);
      if (flag & TYPE_FLAGS)
        tk_error(P, 0, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
      del |= flag;
      k = P->kind;
      c = P->ch;
      tk_next(P);
      if (k == T_END)
        tk_error(P, 0, "missing :");
      if (k == T_CHAR && c == ':')
        break;
      if (k != T_CHAR || !flag_bit(c))
        tk_error(P, k == T_ESC ? 2 : 1, is_alpha_tok(P, k, c) ? "unknown flag" : "missing :");
    }
  }
  if (del & GLOBAL_FLAGS)
    tk_error(P, 1, "bad inline flags: cannot turn off global flag");
  if (add & del)
    tk_error(P, 1, "bad inline flags: flag turned on and off");
  *add_out = add;
  *del_out = del;
  return 0;
}

static void emit_at(struct parser *P, enum at a, int flags) {
  int uni = unicode_mode(flags);
  switch (a) {
  case AT_BEGIN_STRING:
    sb_add(P, &P->out, "\\A");
    break;
  case AT_END_STRING:
    sb_add(P, &P->out, "\\z");
    break;
  case AT_BOUNDARY:
    sb_add(P, &P->out, uni ? "\\b"
                           : "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))");
    break;
  case AT_NON_BOUNDARY:
    /* Python's \B never matches in an empty string. */
    sb_add(P, &P->out, uni ? "(?:(?!\\A\\z)\\B)"
                           : "(?:(?!\\A\\z)(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_])))");
    break;
  }
}

/* Python's int() of a conditional group reference that is not an
 * identifier. Returns 1 and the value (saturated) if it is a non-negative
 * int literal; digits is set to its normalized decimal text. */
static int parse_int_ref(struct parser *P, size_t at, size_t len, uint64_t *value, char *digits,
                         size_t dsize) {
  const uint32_t *s = P->cp + at;
  size_t i = 0, j = len;
  /* int() also takes Unicode decimal digits and white space, which we do
   * not evaluate: such a reference is unsupported; any other non-ASCII
   * character makes it no int, as in Python. */
  int other = 0, unicode = 0, digit = 0;
  for (size_t k = 0; k < len; k++) {
    uint32_t c = s[k];
    digit |= is_digit(c);
    if (c < 0x80)
      continue;
    unicode = 1;
    if (c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000)
      continue; /* str.isspace() */
    if (!P->numeric_re)
      P->numeric_re = helper_compile(P, "\\A\\p{Nd}\\z");
    if (helper_match(P, P->numeric_re, &c, 1))
      digit = 1;
    else
      other = 1;
  }
  if (other || !digit)
    return 0;
  if (unicode)
    fail_unsupported_now(P, "a conditional group reference with non-ASCII digits or spaces");
  while (i < j && (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13) || (s[i] >= 0x1C && s[i] <= 0x1F)))
    i++;
  while (j > i && (s[j - 1] == ' ' || (s[j - 1] >= 9 && s[j - 1] <= 13) ||
                   (s[j - 1] >= 0x1C && s[j - 1] <= 0x1F)))
    j--;
  int neg = 0;
  if (i < j && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    i++;
  }
  if (i == j || !is_digit(s[i]) || !is_digit(s[j - 1]))
    return 0;
  uint64_t v = 0;
  size_t nd = 0;
  int nonzero = 0;
  for (size_t k = i; k < j; k++) {
    if (s[k] == '_') {
      if (!is_digit(s[k + 1]))
        return 0;
      continue;
    }
    if (!is_digit(s[k]))
      return 0;
    nonzero |= s[k] != '0';
    if (nonzero && nd + 1 < dsize)
      digits[nd++] = (char)s[k];
    v = v > UINT64_MAX / 10 - 9 ? UINT64_MAX : v * 10 + (s[k] - '0');
  }
  if (!nonzero)
    digits[nd++] = '0';
  digits[nd] = 0;
  if (neg && v)
    return 0;
  *value = v;
  return 1;
}

/* *astral (if given) tells whether an item is a literal for which
 * astral_cased_literal() holds. */
static width parse_seq(struct parser *P, int verbose, int nested, int first, int flags,
                       int *astral) {
  int astral_item = 0;
  size_t base = P->nitems; /* this sequence's items are P->items[base..] */
  strbuf *o = &P->out;
  for (;;) {
    if (P->kind == T_END)
      break;
    if (is_char(P, '|') || is_char(P, ')'))
      break;
    enum tok_kind k = P->kind;
    uint32_t c = P->ch;
    size_t tokpos = tk_tell(P);
    tk_next(P);

    if (verbose && k == T_CHAR) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        continue;
      if (c == '#') {
        for (;;) {
          enum tok_kind kk = P->kind;
          uint32_t cc = P->ch;
          tk_next(P);
          if (kk == T_END || (kk == T_CHAR && cc == '\n'))
            break;
        }
        continue;
      }
    }

    item it = {I_OTHER, o->len, {1, 1}, P->ngroups};
    if (k == T_ESC) {
      escape e = pattern_escape(P, c, tokpos);
      switch (e.kind) {
      case E_LITERAL:
        emit_literal(P, e.value, flags);
        astral_item |= astral_cased_literal(e.value, flags);
        break;
      case E_CAT:
        check_lead_category(P, (enum cat)e.value, 0, flags);
        emit_category(P, (enum cat)e.value, flags);
        break;
      case E_AT:
        it.kind = I_AT;
        it.w = (width){0, 0};
        emit_at(P, (enum at)e.value, flags);
        break;
      case E_GROUPREF:
        it.w = P->groups[e.value].w;
        emit_backref(P, e.value, flags);
        break;
      }
      items_push(P, it);
      continue;
    }

    if (c == '[') {
      size_t here = tokpos;
      P->nset = 0;
      int negate = tk_match(P, '^');
      for (;;) {
        class_tok t1 = class_next(P, here);
        if (t1.kind == T_CHAR && t1.ch == ']' && P->nset)
          break;
        escape c1 = class_tok_value(P, t1);
        if (tk_match(P, '-')) {
          class_tok t2 = class_next(P, here);
          if (t2.kind == T_CHAR && t2.ch == ']') {
            set_push(P, set_item_of(c1));
            set_push(P, (setitem){S_LIT, '-', 0});
            break;
          }
          escape c2 = class_tok_value(P, t2);
          if (c1.kind != E_LITERAL || c2.kind != E_LITERAL ||
              (c2.value < c1.value && !c1.named && !c2.named)) {
            /* "bad character range %s-%s" % (this, that): the tokens */
            char a[16], b[16];
            size_t la = t1.kind == T_ESC ? 2 : 1, lb = t2.kind == T_ESC ? 2 : 1;
            cp_text(P, P->cp + t1.pos, la, a, sizeof a);
            cp_text(P, P->cp + t2.pos, lb, b, sizeof b);
            tk_error(P, la + 1 + lb, "bad character range %s-%s", a, b);
          }
          set_push(P, (setitem){S_RANGE, c1.value, c2.value});
        } else {
          set_push(P, set_item_of(c1));
        }
      }
      for (size_t i = 0; i < P->nset; i++)
        if (P->set[i].op == S_CAT)
          check_lead_category(P, (enum cat)P->set[i].lo, negate, flags);
      /* _uniq(), then a set of one literal is LITERAL or NOT_LITERAL */
      size_t nu = 0;
      for (size_t i = 0; i < P->nset; i++) {
        size_t j;
        for (j = 0; j < nu; j++)
          if (P->set[j].op == P->set[i].op && P->set[j].lo == P->set[i].lo &&
              (P->set[i].op != S_RANGE || P->set[j].hi == P->set[i].hi))
            break;
        if (j == nu)
          P->set[nu++] = P->set[i];
      }
      P->nset = nu;
      if (nu == 1 && P->set[0].op == S_LIT) {
        emit_literal_set(P, P->set[0].lo, negate, flags);
        if (!negate)
          astral_item |= astral_cased_literal(P->set[0].lo, flags);
      } else {
        emit_set(P, P->set, P->nset, negate, flags);
      }
      items_push(P, it);
      continue;
    }

    if (c == '*' || c == '+' || c == '?' || c == '{') {
      size_t here = tk_tell(P);
      uint64_t min, max;
      if (c == '?') {
        min = 0;
        max = 1;
      } else if (c == '*') {
        min = 0;
        max = MAXREPEAT;
      } else if (c == '+') {
        min = 1;
        max = MAXREPEAT;
      } else {
        if (is_char(P, '}')) {
          emit_literal(P, '{', flags);
          items_push(P, it);
          continue;
        }
        min = 0;
        max = MAXREPEAT;
        uint64_t lo = 0, hi = 0;
        size_t nlo = 0, nhi = 0;
        while (P->kind == T_CHAR && is_digit(P->ch)) {
          lo = lo > UINT64_MAX / 10 - 9 ? UINT64_MAX : lo * 10 + (P->ch - '0');
          nlo++;
          tk_next(P);
        }
        if (tk_match(P, ',')) {
          while (P->kind == T_CHAR && is_digit(P->ch)) {
            hi = hi > UINT64_MAX / 10 - 9 ? UINT64_MAX : hi * 10 + (P->ch - '0');
            nhi++;
            tk_next(P);
          }
        } else {
          hi = lo;
          nhi = nlo;
        }
        if (!tk_match(P, '}')) {
          emit_literal(P, '{', flags);
          items_push(P, it);
          tk_seek(P, here);
          continue;
        }
        if (nlo) {
          min = lo;
          if (min >= MAXREPEAT)
            fail_unsupported_now(P, "the repetition number is too large (Python raises OverflowError, not re.error)");
        }
        if (nhi) {
          max = hi;
          if (max >= MAXREPEAT)
            fail_unsupported_now(P, "the repetition number is too large (Python raises OverflowError, not re.error)");
          if (max < min)
            tk_error(P, tk_tell(P) - here, "min repeat greater than max repeat");
        }
      }
      if (P->nitems == base || P->items[P->nitems - 1].kind == I_AT)
        tk_error(P, tk_tell(P) - here + 1, "nothing to repeat");
      if (P->items[P->nitems - 1].kind == I_REPEAT)
        tk_error(P, tk_tell(P) - here + 1, "multiple repeat");
      item *last = &P->items[P->nitems - 1];
      const char *mode = "";
      if (tk_match(P, '?'))
        mode = "?";
      else if (tk_match(P, '+'))
        mode = "+";
      if ((min != MAXREPEAT && min > PCRE2_MAX_REPEAT) ||
          (max != MAXREPEAT && max > PCRE2_MAX_REPEAT))
        note_unsupported(P, "repeat counts above %u", PCRE2_MAX_REPEAT);
      if (last->w.hi == 0 && P->ngroups == last->groups_at) {
        /* An item that never consumes and captures nothing: repeating it
         * is matching it once, or with no minimum possibly not at all, which
         * always succeeds. Said so, PCRE2 also sees a fixed length inside
         * look-behinds. */
        if (min == 0) {
          o->len = last->out_at;
          o->p[o->len] = 0;
        }
      } else {
        sb_insert(P, o, last->out_at, "(?:");
        sb_add(P, o, ")");
        if (min == 0 && max == MAXREPEAT)
          sb_add(P, o, "*");
        else if (min == 1 && max == MAXREPEAT)
          sb_add(P, o, "+");
        else if (min == 0 && max == 1)
          sb_add(P, o, "?");
        else if (max == MAXREPEAT)
          sb_printf(P, o, "{%llu,}", (unsigned long long)min);
        else if (min == max)
          sb_printf(P, o, "{%llu}", (unsigned long long)min);
        else
          sb_printf(P, o, "{%llu,%llu}", (unsigned long long)min, (unsigned long long)max);
        sb_add(P, o, mode);
      }
      last->kind = I_REPEAT;
      last->w.lo = sat_mul(last->w.lo, min);
      last->w.hi = sat_mul(last->w.hi, max);
      continue;
    }

    if (c == '.') {
      sb_add(P, o, (flags & F_DOTALL) ? "(?s:.)" : "(?-s:.)");
      items_push(P, it);
      continue;
    }

    if (c == '^' || c == '$') {
      it.kind = I_AT;
      it.w = (width){0, 0};
      if (flags & F_MULTILINE)
        sb_add(P, o, c == '^' ? "(?m:^)" : "(?m:$)");
      else
        sb_add(P, o, c == '^' ? "(?-m:^)" : "(?-m:$)");
      items_push(P, it);
      continue;
    }

    if (c == '(') {
      size_t start = tokpos;
      int capture = 1, atomic = 0;
      size_t name_at = 0, name_len = 0;
      int add = 0, del = 0;
      if (tk_match(P, '?')) {
        enum tok_kind ck = P->kind;
        uint32_t cc = P->ch;
        tk_next(P);
        if (ck == T_END)
          tk_error(P, 0, "unexpected end of pattern");
        if (ck == T_CHAR && cc == 'P') {
          if (tk_match(P, '<')) {
            getuntil(P, '>', "group name", &name_at, &name_len);
            check_group_name(P, name_at, name_len, 1);
          } else if (tk_match(P, '=')) {
            size_t at, len;
            getuntil(P, ')', "group name", &at, &len);
            check_group_name(P, at, len, 1);
            long gid = find_group_name(P, at, len);
            if (gid < 0) {
              char r[200];
              py_repr(P, P->cp + at, len, r, sizeof r);
              tk_error(P, len + 1, "unknown group name %s", r);
            }
            if (!group_closed(P, (uint64_t)gid))
              tk_error(P, len + 1, "cannot refer to an open group");
            check_lookbehind_group(P, (uint64_t)gid);
            it.w = P->groups[gid].w;
            emit_backref(P, (uint64_t)gid, flags);
            items_push(P, it);
            continue;
          } else {
            enum tok_kind k2 = P->kind;
            uint32_t c2 = P->ch;
            size_t p2 = tk_tell(P);
            tk_next(P);
            if (k2 == T_END)
              tk_error(P, 0, "unexpected end of pattern");
            char t[16];
            cp_text(P, P->cp + p2, k2 == T_ESC ? 2 : 1, t, sizeof t);
            (void)c2;
            tk_error(P, (k2 == T_ESC ? 2 : 1) + 2, "unknown extension ?P%s", t);
          }
        } else if (ck == T_CHAR && cc == ':') {
          capture = 0;
        } else if (ck == T_CHAR && cc == '#') {
          for (;;) {
            if (P->kind == T_END)
              tk_error(P, tk_tell(P) - start, "missing ), unterminated comment");
            enum tok_kind kk = P->kind;
            uint32_t c3 = P->ch;
            tk_next(P);
            if (kk == T_CHAR && c3 == ')')
              break;
          }
          continue;
        } else if (ck == T_CHAR && (cc == '=' || cc == '!' || cc == '<')) {
          int dir = 1;
          uint32_t kind = cc;
          long saved_lbg = P->lookbehindgroups;
          if (cc == '<') {
            enum tok_kind k2 = P->kind;
            uint32_t c2 = P->ch;
            size_t p2 = tk_tell(P);
            tk_next(P);
            if (k2 == T_END)
              tk_error(P, 0, "unexpected end of pattern");
            if (!(k2 == T_CHAR && (c2 == '=' || c2 == '!'))) {
              char t[16];
              cp_text(P, P->cp + p2, k2 == T_ESC ? 2 : 1, t, sizeof t);
              tk_error(P, (k2 == T_ESC ? 2 : 1) + 2, "unknown extension ?<%s", t);
            }
            kind = c2;
            dir = -1;
            if (saved_lbg < 0)
              P->lookbehindgroups = (long)P->ngroups;
          }
          sb_add(P, o, dir > 0 ? (kind == '=' ? "(?=" : "(?!") : (kind == '=' ? "(?<=" : "(?<!"));
          width w = parse_sub(P, verbose, nested + 1, flags, NULL);
          if (dir < 0) {
            if (saved_lbg < 0)
              P->lookbehindgroups = -1;
            if (w.lo != w.hi)
              P->lookbehind_bad = 1;
          }
          if (!tk_match(P, ')'))
            tk_error(P, tk_tell(P) - start, "missing ), unterminated subpattern");
          sb_add(P, o, ")");
          it.w = (width){0, 0};
          items_push(P, it);
          continue;
        } else if (ck == T_CHAR && cc == '(') {
          size_t at, len;
          getuntil(P, ')', "group name", &at, &len);
          uint64_t condgroup;
          if (is_identifier(P, P->cp + at, len)) {
            long g = find_group_name(P, at, len);
            if (g < 0) {
              char r[200];
              py_repr(P, P->cp + at, len, r, sizeof r);
              tk_error(P, len + 1, "unknown group name %s", r);
            }
            condgroup = (uint64_t)g;
          } else {
            char digits[64];
            if (!parse_int_ref(P, at, len, &condgroup, digits, sizeof digits)) {
              char r[200];
              py_repr(P, P->cp + at, len, r, sizeof r);
              tk_error(P, len + 1, "bad character in group name %s", r);
            }
            if (!condgroup)
              tk_error(P, len + 1, "bad group number");
            if (condgroup >= MAXGROUPS)
              tk_error(P, len + 1, "invalid group reference %s", digits);
            size_t r;
            for (r = 0; r < P->nrefpos; r++)
              if (P->refpos[r].group == condgroup)
                break;
            if (r == P->nrefpos) {
              P->refpos = grow(P, P->refpos, P->nrefpos, &P->caprefpos, sizeof *P->refpos);
              P->refpos[P->nrefpos].group = condgroup;
              P->refpos[P->nrefpos].pos = tk_tell(P) - len - 1;
              P->nrefpos++;
            }
          }
          check_lookbehind_group(P, condgroup);
          sb_printf(P, o, "(?(%llu)", (unsigned long long)condgroup);
          width wy = parse_seq(P, verbose, nested + 1, 0, flags, NULL);
          width wn = {0, 0};
          int has_no = 0;
          if (tk_match(P, '|')) {
            sb_add(P, o, "|");
            wn = parse_seq(P, verbose, nested + 1, 0, flags, NULL);
            has_no = 1;
            if (is_char(P, '|'))
              tk_error(P, 0, "conditional backref with more than two branches");
          }
          if (!tk_match(P, ')'))
            tk_error(P, tk_tell(P) - start, "missing ), unterminated subpattern");
          sb_add(P, o, ")");
          if (has_no) {
            it.w.lo = wy.lo < wn.lo ? wy.lo : wn.lo;
            it.w.hi = wy.hi > wn.hi ? wy.hi : wn.hi;
          } else {
            it.w.lo = 0;
            it.w.hi = wy.hi;
          }
          items_push(P, it);
          continue;
        } else if (ck == T_CHAR && cc == '>') {
          capture = 0;
          atomic = 1;
        } else if (ck == T_CHAR && (flag_bit(cc) || cc == '-')) {
          if (parse_flags(P, cc, &add, &del)) {
            if (!first || P->nitems > base)
              tk_error(P, tk_tell(P) - start, "global flags not at the start of the expression");
            verbose = P->flags & F_VERBOSE;
            flags = combine_flags(flags, P->flags & ~F_VERBOSE, 0);
            continue;
          }
          capture = 0;
        } else {
          char t[16];
          size_t l = ck == T_ESC ? 2 : 1;
          cp_text(P, P->cp + tk_tell(P) - l, l, t, sizeof t);
          tk_error(P, l + 1, "unknown extension ?%s", t);
        }
      }
      uint64_t gid = 0;
      if (capture)
        gid = open_group(P, name_at, name_len);
      int sub_verbose = (verbose || (add & F_VERBOSE)) && !(del & F_VERBOSE);
      int sub_flags = combine_flags(flags, add, del);
      /* CPython quirk: the search prefilter built from a set at the very
       * start of the pattern (_compile_info) reads its categories with the
       * global ASCII/UNICODE flag, not the group's. */
      int quirk = !P->any_item && unicode_mode(sub_flags) != unicode_mode(P->flags);
      P->lead_typeflags += quirk;
      sb_add(P, o, capture ? "(" : atomic ? "(?>" : "(?:");
      int inner_astral = 0;
      width w = parse_sub(P, sub_verbose, nested + 1, sub_flags, &inner_astral);
      P->lead_typeflags -= quirk;
      if (!tk_match(P, ')'))
        tk_error(P, tk_tell(P) - start, "missing ), unterminated subpattern");
      sb_add(P, o, ")");
      if (capture) {
        P->groups[gid].closed = 1;
        P->groups[gid].w = w;
      }
      it.w = w;
      it.kind = (!capture && !atomic && !add && !del) ? I_SUBPATTERN_PLAIN : I_OTHER;
      if (it.kind == I_SUBPATTERN_PLAIN) /* sre unpacks it into this sequence */
        astral_item |= inner_astral;
      items_push(P, it);
      continue;
    }

    /* any other character is a literal */
    emit_literal(P, c, flags);
    astral_item |= astral_cased_literal(c, flags);
    items_push(P, it);
  }
  width w = {0, 0};
  for (size_t i = base; i < P->nitems; i++) {
    w.lo = sat_add(w.lo, P->items[i].w.lo);
    w.hi = sat_add(w.hi, P->items[i].w.hi);
  }
  P->nitems = base;
  if (astral)
    *astral = astral_item;
  return width_cap(w);
}

static width parse_sub(struct parser *P, int verbose, int nested, int flags, int *astral) {
  /* PCRE2's default nesting limit; Python itself dies (RecursionError) a
   * few hundred levels further. */
  if (++P->depth > PYRE_MAX_NESTING)
    fail_unsupported_now(P, "groups nested more than %d deep", PYRE_MAX_NESTING);
  width w = {MAXREPEAT - 1, 0};
  int n = 0, any_astral = 0;
  for (;;) {
    int astral = 0;
    width iw = parse_seq(P, verbose, nested + 1, !nested && !n, flags, &astral);
    any_astral |= astral;
    if (!nested && !n) {
      /* global flags seen at the start apply to the whole pattern */
      flags = combine_flags(flags, P->flags & ~F_VERBOSE, 0);
    }
    n++;
    if (iw.lo < w.lo)
      w.lo = iw.lo;
    if (iw.hi > w.hi)
      w.hi = iw.hi;
    if (!tk_match(P, '|'))
      break;
    sb_add(P, &P->out, "|");
    if (!nested)
      verbose = P->flags & F_VERBOSE;
  }
  P->depth--;
  if (astral)
    *astral = n == 1 && any_astral;
  if (n > 1 && any_astral)
    note_unsupported(P, "a non-BMP uppercase character in an alternation under IGNORECASE "
                        "(sre may compare it unlowered in a set)");
  if (n == 1)
    return w; /* a single item: its own (capped) width */
  return width_cap(w);
}

/* ------------------------------------------------------------------ */

static void parser_free(struct parser *P) {
  free(P->out.p);
  free(P->groups);
  free(P->refpos);
  free(P->items);
  free(P->set);
  pcre2_code_free(P->printable_re);
  pcre2_code_free(P->ident_re);
  pcre2_code_free(P->numeric_re);
  pcre2_match_data_free(P->helper_md);
}

/* Parses and translates; returns 0 with P->status and P->msg set on error. */
static int parse_pattern(struct parser *P) {
  if (setjmp(P->jb))
    return 0;
  open_group(P, 0, 0); /* group 0 */
  sb_add(P, &P->out, "");
  tk_next(P);
  (void)parse_sub(P, 0, 0, 0, NULL);
  if ((P->flags & F_ASCII) && (P->flags & F_UNICODE))
    fail_unsupported_now(P, "ASCII and UNICODE flags are incompatible (Python raises ValueError)");
  if (P->kind != T_END)
    tk_error(P, 0, "unbalanced parenthesis");
  for (size_t r = 0; r < P->nrefpos; r++) {
    if (P->refpos[r].group >= P->ngroups)
      fail_at(P, P->refpos[r].pos, "invalid group reference %llu",
              (unsigned long long)P->refpos[r].group);
  }
  return 1;
}

static void set_msg(char *msg, size_t msgsize, const char *text) {
  if (msg && msgsize)
    snprintf(msg, msgsize, "%s", text);
}

pyre *pyre_compile(const char *pattern, size_t len, enum pyre_status *status, char *msg,
                   size_t msgsize) {
  enum pyre_status dummy;
  if (!status)
    status = &dummy;
  uint32_t *cp = malloc((len + 1) * sizeof *cp);
  if (!cp) {
    *status = PYRE_UNSUPPORTED;
    set_msg(msg, msgsize, "out of memory");
    return NULL;
  }
  long n = utf8_decode(pattern, len, cp);
  if (n < 0) {
    free(cp);
    *status = PYRE_UNSUPPORTED;
    set_msg(msg, msgsize, "the pattern is not valid UTF-8");
    return NULL;
  }
  struct parser *P = calloc(1, sizeof *P);
  if (!P) {
    free(cp);
    *status = PYRE_UNSUPPORTED;
    set_msg(msg, msgsize, "out of memory");
    return NULL;
  }
  P->cp = cp;
  P->n = (size_t)n;
  P->lookbehindgroups = -1;
  pyre *re = NULL;
  if (!parse_pattern(P)) {
    *status = P->status;
    set_msg(msg, msgsize, P->msg);
    goto done;
  }
  if (P->lookbehind_bad) {
    *status = PYRE_INVALID;
    set_msg(msg, msgsize, "look-behind requires fixed-width pattern");
    goto done;
  }
  if (P->unsupported[0]) {
    *status = PYRE_UNSUPPORTED;
    set_msg(msg, msgsize, P->unsupported);
    goto done;
  }
  {
    int err;
    PCRE2_SIZE off;
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    if (!cctx) {
      *status = PYRE_UNSUPPORTED;
      set_msg(msg, msgsize, "out of memory");
      goto done;
    }
    pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
    pcre2_set_bsr(cctx, PCRE2_BSR_UNICODE);
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)P->out.p, P->out.len,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_ALT_CIRCUMFLEX, &err, &off, cctx);
    pcre2_compile_context_free(cctx);
    if (!code) {
      char e[256];
      pcre2_get_error_message(err, (PCRE2_UCHAR *)e, sizeof e);
      *status = PYRE_UNSUPPORTED;
      if (msg && msgsize)
        snprintf(msg, msgsize, "PCRE2 cannot run this pattern: %s", e);
      goto done;
    }
    re = calloc(1, sizeof *re);
    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    if (!re || !mctx) {
      free(re);
      re = NULL;
      pcre2_match_context_free(mctx);
      pcre2_code_free(code);
      *status = PYRE_UNSUPPORTED;
      set_msg(msg, msgsize, "out of memory");
      goto done;
    }
    pcre2_set_match_limit(mctx, PYRE_MATCH_LIMIT);
    pcre2_set_depth_limit(mctx, PYRE_DEPTH_LIMIT);
    pcre2_set_heap_limit(mctx, PYRE_HEAP_LIMIT);
    re->code = code;
    re->mctx = mctx;
    re->callouts = P->callouts;
    /* JIT when available, with a stack that grows to the same bound as the
     * interpreter's heap, so both give up alike. */
    if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
      re->jit_stack = pcre2_jit_stack_create(32 * 1024, PYRE_HEAP_LIMIT * 1024, NULL);
      if (re->jit_stack)
        pcre2_jit_stack_assign(mctx, NULL, re->jit_stack);
    }
    *status = PYRE_OK;
    set_msg(msg, msgsize, "");
  }
done:
  parser_free(P);
  free(P);
  free(cp);
  return re;
}

static uint32_t utf8_next(const unsigned char **p) {
  const unsigned char *u = *p;
  uint32_t c = u[0];
  size_t k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  if (k)
    c &= 0x3F >> k;
  for (size_t j = 1; j <= k; j++)
    c = (c << 6) | (u[j] & 0x3F);
  *p = u + k + 1;
  return c;
}

struct search_state {
  PCRE2_SIZE start; /* where the backreference being matched began */
};

/* (?C"s") marks the start of a backreference under IGNORECASE; (?C"uN") or
 * (?C"aN") accepts the characters taken since then iff they equal group N
 * after lowercasing each (Unicode or ASCII), as sre's GROUPREF_UNI_IGNORE
 * and GROUPREF_IGNORE do. An unset group fails, as in sre. */
static int backref_callout(pcre2_callout_block *cb, void *data) {
  struct search_state *st = data;
  const char *what = (const char *)cb->callout_string;
  if (!what)
    return 0;
  if (what[0] == 's') {
    st->start = cb->current_position;
    return 0;
  }
  int uni = what[0] == 'u';
  unsigned long gid = strtoul(what + 1, NULL, 10);
  if (gid >= cb->capture_top)
    return 1;
  PCRE2_SIZE gs = cb->offset_vector[2 * gid], ge = cb->offset_vector[2 * gid + 1];
  if (gs == PCRE2_UNSET || ge == PCRE2_UNSET)
    return 1;
  const unsigned char *a = cb->subject + st->start, *ae = cb->subject + cb->current_position;
  const unsigned char *b = cb->subject + gs, *be = cb->subject + ge;
  while (a < ae && b < be) {
    if (case_lower(utf8_next(&a), uni) != case_lower(utf8_next(&b), uni))
      return 1;
  }
  return (a == ae && b == be) ? 0 : 1;
}

int pyre_search(const pyre *re, const char *subject, size_t len) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
  if (!md)
    return -1;
  pcre2_match_context *mctx = re->mctx;
  struct search_state st = {0};
  if (re->callouts) {
    mctx = pcre2_match_context_copy(re->mctx);
    if (!mctx) {
      pcre2_match_data_free(md);
      return -1;
    }
    pcre2_set_callout(mctx, backref_callout, &st);
  }
  int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0, 0, md, mctx);
  if (mctx != re->mctx)
    pcre2_match_context_free(mctx);
  pcre2_match_data_free(md);
  if (rc >= 0)
    return 1;
  if (rc == PCRE2_ERROR_NOMATCH)
    return 0;
  return -1;
}

void pyre_free(pyre *re) {
  if (!re)
    return;
  pcre2_code_free(re->code);
  pcre2_match_context_free(re->mctx);
  pcre2_jit_stack_free(re->jit_stack);
  free(re);
}
