/* Python's text formatting as pstats output needs it: repr(str) (with the
 * printable-character rules of Unicode 14, as Python 3.11), repr(float)
 * (shortest round trip), "%8.3f" (nan/inf as Python prints them), and UTF-8
 * helpers. */
#include "pstats_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pst_buf_put(pst_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *np = realloc(b->p, cap);
    if (!np)
      return -1;
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
  return 0;
}

int pst_buf_printf(pst_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0)
    return -1;
  if ((size_t)n < sizeof tmp)
    return pst_buf_put(b, tmp, (size_t)n);
  char *big = malloc((size_t)n + 1);
  if (!big)
    return -1;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int rc = pst_buf_put(b, big, (size_t)n);
  free(big);
  return rc;
}

void pst_buf_free(pst_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

size_t pst_utf8_codepoints(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += ((unsigned char)s[i] & 0xc0) != 0x80;
  return c;
}

int pst_utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2; cp = c & 0x1f; min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3; cp = c & 0x0f; min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4; cp = c & 0x07; min = 0x10000;
    } else {
      return 0;
    }
    if (n - i < len)
      return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xc0) != 0x80)
        return 0;
      cp = cp << 6 | (s[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff) /* surrogates pass (surrogatepass) */
      return 0;
    i += len;
  }
  return 1;
}

/* Decode one code point of valid UTF-8 at s[*i]. */
static uint32_t next_cp(const unsigned char *s, size_t n, size_t *i) {
  unsigned char c = s[*i];
  if (c < 0x80) {
    (*i)++;
    return c;
  }
  size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
  if (*i + len > n) { /* not valid UTF-8: take the byte */
    (*i)++;
    return 0xfffd;
  }
  uint32_t cp = c & (0x3f >> (len - 1));
  for (size_t k = 1; k < len; k++)
    cp = cp << 6 | (s[*i + k] & 0x3f);
  *i += len;
  return cp;
}

static const uint32_t nonprintable[][2] = {
#include "unicode_printable.inc"
};

static int is_printable(uint32_t cp) {
  size_t lo = 0, hi = sizeof nonprintable / sizeof nonprintable[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < nonprintable[mid][0])
      hi = mid;
    else if (cp > nonprintable[mid][1])
      lo = mid + 1;
    else
      return 0;
  }
  return 1;
}

int pst_repr_str(pst_buf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  int has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
  char quote = (has_sq && !has_dq) ? '"' : '\'';
  if (pst_buf_put(b, &quote, 1))
    return -1;
  size_t i = 0;
  while (i < n) {
    size_t start = i;
    uint32_t cp = next_cp(s, n, &i);
    int rc;
    if (cp == (uint32_t)quote || cp == '\\') {
      char esc[2] = {'\\', (char)cp};
      rc = pst_buf_put(b, esc, 2);
    } else if (cp == '\t') {
      rc = pst_buf_put(b, "\\t", 2);
    } else if (cp == '\n') {
      rc = pst_buf_put(b, "\\n", 2);
    } else if (cp == '\r') {
      rc = pst_buf_put(b, "\\r", 2);
    } else if (cp < 0x80 && cp >= 0x20 && cp != 0x7f) {
      rc = pst_buf_put(b, str + start, 1);
    } else if (is_printable(cp)) {
      rc = pst_buf_put(b, str + start, i - start);
    } else if (cp <= 0xff) {
      rc = pst_buf_printf(b, "\\x%02x", cp);
    } else if (cp <= 0xffff) {
      rc = pst_buf_printf(b, "\\u%04x", cp);
    } else {
      rc = pst_buf_printf(b, "\\U%08x", cp);
    }
    if (rc)
      return -1;
  }
  return pst_buf_put(b, &quote, 1);
}

int pst_repr_float(pst_buf *b, double v) {
  if (isnan(v))
    return pst_buf_put(b, "nan", 3);
  if (isinf(v))
    return v < 0 ? pst_buf_put(b, "-inf", 4) : pst_buf_put(b, "inf", 3);
  /* shortest %.{p}e that round-trips, then Python's repr layout */
  char digits[40];
  int p;
  for (p = 1; p <= 17; p++) {
    snprintf(digits, sizeof digits, "%.*e", p - 1, v);
    if (strtod(digits, NULL) == v)
      break;
  }
  /* digits: [-]d[.ddd]e[+-]XX */
  const char *q = digits;
  int neg = 0;
  if (*q == '-') {
    neg = 1;
    q++;
  }
  char mant[24];
  size_t nm = 0;
  while (*q && *q != 'e') {
    if (*q != '.')
      mant[nm++] = *q;
    q++;
  }
  while (nm > 1 && mant[nm - 1] == '0')
    nm--;
  int exp = atoi(q + 1); /* value = 0.mant * 10^(exp+1) */
  pst_buf out = {0};
  if (neg)
    pst_buf_put(&out, "-", 1);
  if (exp < -4 || exp >= 16) {
    pst_buf_put(&out, mant, 1);
    if (nm > 1) {
      pst_buf_put(&out, ".", 1);
      pst_buf_put(&out, mant + 1, nm - 1);
    }
    pst_buf_printf(&out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  } else if (exp < 0) {
    pst_buf_put(&out, "0.", 2);
    for (int k = 0; k < -exp - 1; k++)
      pst_buf_put(&out, "0", 1);
    pst_buf_put(&out, mant, nm);
  } else {
    size_t intd = (size_t)exp + 1;
    for (size_t k = 0; k < intd; k++)
      pst_buf_put(&out, k < nm ? &mant[k] : "0", 1);
    pst_buf_put(&out, ".", 1);
    if (nm > intd)
      pst_buf_put(&out, mant + intd, nm - intd);
    else
      pst_buf_put(&out, "0", 1);
  }
  int rc = out.p ? pst_buf_put(b, out.p, out.len) : -1;
  pst_buf_free(&out);
  return rc;
}

int pst_format_f(pst_buf *b, double v, int width) {
  if (isnan(v))
    return pst_buf_printf(b, "%*s", width, "nan");
  return pst_buf_printf(b, "%*.3f", width, v);
}
