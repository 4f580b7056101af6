/*
 * Streaming encoder for Python's marshal format, version 4 (see
 * marshal_write.h and pstats-format.md section 4). No allocation, only
 * write(2): usable from the runtime's exit path and from signal handlers.
 */
#include "marshal_write.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

enum {
  FLAG_REF = 0x80,
  T_DICT = '{',
  T_NULL = '0',
  T_SMALL_TUPLE = ')',
  T_TUPLE = '(',
  T_INT = 'i',
  T_LONG = 'l',
  T_FLOAT = 'g',
  T_SHORT_ASCII = 'z',
  T_ASCII = 'a',
  T_UNICODE = 'u',
  T_REF = 'r',
};

void cprof_mw_init(cprof_marshal_writer *w, int fd) {
  w->fd = fd;
  w->error = 0;
  w->next_slot = 0;
  w->len = 0;
}

static void flush(cprof_marshal_writer *w) {
  size_t off = 0;
  while (off < w->len && !w->error) {
    ssize_t n = write(w->fd, w->buf + off, w->len - off);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      w->error = errno ? errno : EIO;
    } else if (n == 0) {
      w->error = EIO;
    } else {
      off += (size_t)n;
    }
  }
  w->len = 0;
}

static void put(cprof_marshal_writer *w, const void *p, size_t n) {
  const unsigned char *s = p;
  while (n) {
    if (w->len == sizeof w->buf)
      flush(w);
    size_t room = sizeof w->buf - w->len;
    size_t k = n < room ? n : room;
    memcpy(w->buf + w->len, s, k);
    w->len += k;
    s += k;
    n -= k;
  }
}

static void put_byte(cprof_marshal_writer *w, unsigned char b) {
  if (w->len == sizeof w->buf)
    flush(w);
  w->buf[w->len++] = b;
}

static void put_u32(cprof_marshal_writer *w, uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                        (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  put(w, b, 4);
}

void cprof_mw_dict_begin(cprof_marshal_writer *w) { put_byte(w, T_DICT); }

void cprof_mw_dict_end(cprof_marshal_writer *w) { put_byte(w, T_NULL); }

static void tuple_header(cprof_marshal_writer *w, unsigned n, unsigned flag) {
  if (n < 256) {
    put_byte(w, (unsigned char)(T_SMALL_TUPLE | flag));
    put_byte(w, (unsigned char)n);
  } else {
    put_byte(w, (unsigned char)(T_TUPLE | flag));
    put_u32(w, n);
  }
}

void cprof_mw_tuple(cprof_marshal_writer *w, unsigned n) { tuple_header(w, n, 0); }

uint32_t cprof_mw_tuple_ref(cprof_marshal_writer *w, unsigned n) {
  tuple_header(w, n, FLAG_REF);
  return w->next_slot++;
}

void cprof_mw_int(cprof_marshal_writer *w, int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    put_byte(w, T_INT);
    put_u32(w, (uint32_t)(int32_t)v);
    return;
  }
  /* 'l': digit count (negative for negative numbers), then 15-bit digits,
   * least significant first. */
  uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  unsigned char digits[10][2];
  int32_t nd = 0;
  while (mag) {
    unsigned d = (unsigned)(mag & 0x7fff);
    digits[nd][0] = (unsigned char)d;
    digits[nd][1] = (unsigned char)(d >> 8);
    nd++;
    mag >>= 15;
  }
  put_byte(w, T_LONG);
  put_u32(w, (uint32_t)(v < 0 ? -nd : nd));
  put(w, digits, (size_t)nd * 2);
}

void cprof_mw_float(cprof_marshal_writer *w, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  unsigned char b[9];
  b[0] = T_FLOAT;
  for (int i = 0; i < 8; i++)
    b[1 + i] = (unsigned char)(bits >> (8 * i));
  put(w, b, sizeof b);
}

/* Length of the valid UTF-8 sequence starting at s[0] (1..4), or 0 when
 * the bytes there do not form one (overlong forms, surrogates, > U+10FFFF
 * and truncated sequences are all invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0)
      lo = 0xa0;
    else if (c == 0xed)
      hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0)
      lo = 0x90;
    else if (c == 0xf4)
      hi = 0x8f;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xbf)
      return 0;
  return len;
}

static const unsigned char REPLACEMENT[3] = {0xef, 0xbf, 0xbd}; /* U+FFFD */

static void str_body(cprof_marshal_writer *w, const char *str, size_t n, unsigned flag) {
  const unsigned char *s = (const unsigned char *)str;
  int ascii = 1;
  size_t out = 0; /* UTF-8 length after replacing invalid bytes */
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(s + i, n - i);
    if (k == 1) {
      out += 1;
      i += 1;
    } else if (k == 0) {
      ascii = 0;
      out += sizeof REPLACEMENT;
      i += 1;
    } else {
      ascii = 0;
      out += k;
      i += k;
    }
  }
  if (ascii) {
    if (n < 256) {
      put_byte(w, (unsigned char)(T_SHORT_ASCII | flag));
      put_byte(w, (unsigned char)n);
    } else {
      put_byte(w, (unsigned char)(T_ASCII | flag));
      put_u32(w, (uint32_t)n);
    }
    put(w, s, n);
    return;
  }
  put_byte(w, (unsigned char)(T_UNICODE | flag));
  put_u32(w, (uint32_t)out);
  size_t run = 0; /* start of the pending run of valid bytes */
  for (size_t i = 0; i < n;) {
    size_t k = utf8_seq(s + i, n - i);
    if (k == 0) {
      put(w, s + run, i - run);
      put(w, REPLACEMENT, sizeof REPLACEMENT);
      i += 1;
      run = i;
    } else {
      i += k;
    }
  }
  put(w, s + run, n - run);
}

void cprof_mw_str(cprof_marshal_writer *w, const char *s, size_t n) { str_body(w, s, n, 0); }

uint32_t cprof_mw_str_ref(cprof_marshal_writer *w, const char *s, size_t n) {
  str_body(w, s, n, FLAG_REF);
  return w->next_slot++;
}

void cprof_mw_ref(cprof_marshal_writer *w, uint32_t slot) {
  put_byte(w, T_REF);
  put_u32(w, slot);
}

int cprof_mw_finish(cprof_marshal_writer *w) {
  flush(w);
  return w->error;
}
