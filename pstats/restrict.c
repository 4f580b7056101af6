/* Restriction arguments (§6.5, §8): an int is a count, a float in [0, 1] a
 * fraction, anything else a Python regular expression run by pyregex. */
#include "pstats_internal.h"
#include "pyregex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Digits with single underscores between them (Python's literal rule):
 * copies the digits to out, returns the count consumed or 0. */
static size_t digit_run(const char *s, pst_buf *out) {
  size_t i = 0;
  if (!is_digit(s[0]))
    return 0;
  while (is_digit(s[i]) || (s[i] == '_' && is_digit(s[i + 1]) && i > 0)) {
    if (s[i] != '_')
      pst_buf_put(out, s + i, 1);
    i++;
  }
  return i;
}

/* Python's int(word) for ASCII decimal text. */
static int parse_int(const char *w, int64_t *out) {
  while (is_space(*w))
    w++;
  int neg = 0;
  if (*w == '+' || *w == '-')
    neg = *w++ == '-';
  pst_buf d = {0};
  size_t n = digit_run(w, &d);
  if (!n) {
    pst_buf_free(&d);
    return 0;
  }
  w += n;
  while (is_space(*w))
    w++;
  if (*w) {
    pst_buf_free(&d);
    return 0;
  }
  /* Python rejects leading zeros only in literals, not in int(): fine */
  uint64_t v = 0;
  int big = 0;
  for (size_t i = 0; i < d.len; i++) {
    if (v > (UINT64_MAX - 9) / 10)
      big = 1;
    else
      v = v * 10 + (uint64_t)(d.p[i] - '0');
  }
  pst_buf_free(&d);
  if (big || v > (uint64_t)INT64_MAX)
    *out = neg ? INT64_MIN : INT64_MAX; /* never cuts a list: same effect */
  else
    *out = neg ? -(int64_t)v : (int64_t)v;
  return 1;
}

static int ieq(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != b[i])
      return 0;
  }
  return 1;
}

/* Python's float(word) for ASCII text. */
static int parse_float(const char *w, double *out) {
  while (is_space(*w))
    w++;
  const char *end = w + strlen(w);
  while (end > w && is_space(end[-1]))
    end--;
  size_t len = (size_t)(end - w);
  pst_buf t = {0};
  const char *p = w;
  if (*p == '+' || *p == '-')
    pst_buf_put(&t, p++, 1);
  size_t rest = (size_t)(end - p);
  int ok = 0;
  if ((rest == 3 && (ieq(p, "inf", 3) || ieq(p, "nan", 3))) ||
      (rest == 8 && ieq(p, "infinity", 8))) {
    pst_buf_put(&t, p, rest);
    ok = 1;
  } else {
    size_t a = digit_run(p, &t);
    p += a;
    size_t b = 0;
    if (*p == '.') {
      pst_buf_put(&t, ".", 1);
      p++;
      b = digit_run(p, &t);
      p += b;
    }
    if (a || b) {
      ok = 1;
      if (*p == 'e' || *p == 'E') {
        pst_buf_put(&t, "e", 1);
        p++;
        if (*p == '+' || *p == '-')
          pst_buf_put(&t, p++, 1);
        size_t c = digit_run(p, &t);
        p += c;
        if (!c)
          ok = 0;
      }
      if (p != end)
        ok = 0;
    }
  }
  (void)len;
  if (ok && t.p) {
    errno = 0;
    *out = strtod(t.p, NULL);
  }
  pst_buf_free(&t);
  return ok;
}

static int match_pyre(void *ctx, const char *subject, size_t len) {
  return pyre_search((const pyre *)ctx, subject, len);
}

int pst_amount_parse(const char *arg, pst_amount *out, pst_error *err) {
  memset(out, 0, sizeof *out);
  out->text = arg;
  out->text_len = strlen(arg);
  int64_t n;
  double f = 0;
  if (parse_int(arg, &n)) {
    out->kind = PST_AMOUNT_COUNT;
    out->count = n;
    return 0;
  }
  if (parse_float(arg, &f)) {
    if (f > 1 || f < 0) { /* NaN passes, as in Python */
      pst_fail(err, "Fraction argument must be in [0, 1]");
      return -2;
    }
    out->kind = PST_AMOUNT_FRACTION;
    out->fraction = f;
    return 0;
  }
  if (!pst_utf8_valid((const unsigned char *)arg, out->text_len))
    return pst_fail(err, "regular expression is not valid UTF-8");
  enum pyre_status st = PYRE_OK;
  char msg[256] = "";
  pyre *re = pyre_compile(arg, out->text_len, &st, msg, sizeof msg);
  if (re) {
    out->kind = PST_AMOUNT_REGEX;
    out->match = match_pyre;
    out->match_ctx = re;
    return 0;
  }
  if (st == PYRE_INVALID) {
    out->kind = PST_AMOUNT_BADREGEX;
    return 0;
  }
  pst_buf r = {0};
  pst_repr_str(&r, arg, out->text_len);
  pst_fail(err, "regular expression %s is valid in Python but cprof's engine "
                "cannot run it: %s", r.p ? r.p : arg, msg[0] ? msg : "unsupported");
  pst_buf_free(&r);
  return -1;
}

void pst_amount_release(pst_amount *a) {
  if (a->kind == PST_AMOUNT_REGEX && a->match == match_pyre)
    pyre_free((pyre *)a->match_ctx);
  a->match_ctx = NULL;
  a->match = NULL;
}
