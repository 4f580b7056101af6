/* Test driver for pstats/pyregex.c.
 *
 *   pyregex-driver PATTERN [SUBJECT...]
 *       prints "ok", "invalid: MSG" or "unsupported: MSG", then for each
 *       subject "match", "nomatch" or "error".
 *   pyregex-driver --stream
 *       reads commands from stdin, one a line, arguments hex-encoded UTF-8:
 *         P<hex>  compile a pattern: "C ok" | "C invalid MSG" | "C unsupported MSG"
 *         S<hex>  search the last pattern in a subject: "S 1" | "S 0" | "S -1" | "S -"
 *         L<hex>  set a list of candidate characters (each code point alone)
 *         E       search the last pattern in each candidate alone: "E <0/1 per candidate>"
 */
#include "pyregex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(enum pyre_status st) {
  return st == PYRE_INVALID ? "invalid" : st == PYRE_UNSUPPORTED ? "unsupported" : "ok";
}

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes hex in place; returns the byte count or -1. */
static long unhex(char *s, size_t n) {
  if (n % 2)
    return -1;
  for (size_t i = 0; i < n / 2; i++) {
    int a = hexval((unsigned char)s[2 * i]), b = hexval((unsigned char)s[2 * i + 1]);
    if (a < 0 || b < 0)
      return -1;
    s[i] = (char)(a * 16 + b);
  }
  return (long)(n / 2);
}

static size_t utf8_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int stream(void) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  pyre *re = NULL;
  char *cands = NULL;
  size_t ncands = 0;
  unsigned long lineno = 0;
  char msg[1024];
  while ((n = getline(&line, &cap, stdin)) >= 0) {
    lineno++;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = 0;
    if (n == 0)
      continue;
    long len = unhex(line + 1, (size_t)n - 1);
    if (len < 0) {
      fprintf(stderr, "pyregex-driver: line %lu: bad hex argument\n", lineno);
      return 2;
    }
    switch (line[0]) {
    case 'P': {
      enum pyre_status st;
      pyre_free(re);
      re = pyre_compile(line + 1, (size_t)len, &st, msg, sizeof msg);
      if (re)
        printf("C ok\n");
      else
        printf("C %s %s\n", status_name(st), msg);
      break;
    }
    case 'S':
      if (!re)
        printf("S -\n");
      else
        printf("S %d\n", pyre_search(re, line + 1, (size_t)len));
      break;
    case 'L':
      free(cands);
      cands = malloc((size_t)len + 1);
      if (!cands) {
        fprintf(stderr, "pyregex-driver: out of memory\n");
        return 2;
      }
      memcpy(cands, line + 1, (size_t)len);
      ncands = (size_t)len;
      break;
    case 'E':
      if (!re) {
        printf("E -\n");
        break;
      }
      fputs("E ", stdout);
      for (size_t i = 0; i < ncands;) {
        size_t k = utf8_len((unsigned char)cands[i]);
        int r = pyre_search(re, cands + i, k);
        putchar(r < 0 ? 'x' : '0' + r);
        i += k;
      }
      putchar('\n');
      break;
    default:
      fprintf(stderr, "pyregex-driver: line %lu: unknown command '%c'\n", lineno, line[0]);
      return 2;
    }
  }
  pyre_free(re);
  free(cands);
  free(line);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[1], "--stream"))
    return stream();
  if (argc < 2) {
    fprintf(stderr, "usage: pyregex-driver PATTERN [SUBJECT...] | --stream\n");
    return 2;
  }
  enum pyre_status st;
  char msg[1024];
  pyre *re = pyre_compile(argv[1], strlen(argv[1]), &st, msg, sizeof msg);
  if (!re) {
    printf("%s: %s\n", status_name(st), msg);
    return 0;
  }
  printf("ok\n");
  for (int i = 2; i < argc; i++) {
    int r = pyre_search(re, argv[i], strlen(argv[i]));
    printf("%s\n", r > 0 ? "match" : r == 0 ? "nomatch" : "error");
  }
  pyre_free(re);
  return 0;
}
