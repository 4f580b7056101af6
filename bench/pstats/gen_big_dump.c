/* Writes ONE big cProfile-format dump (say 1 GiB) for the pstats scale
 * benchmark, streaming, as Python's marshal (version 4) lays out a cProfile
 * dump: file and function names written once with FLAG_REF and referred to
 * afterwards, CPython's shared small ints flagged once then referred to,
 * fresh key tuples for entries and callers, float times. (Python itself
 * would need the whole dictionary in memory, and minutes.)
 *
 *   cc -O2 -o gen_big_dump bench/pstats/gen_big_dump.c
 *   ./gen_big_dump OUT [MIB]        # default 1024 MiB, about 5,800 functions per MiB
 *
 * Deterministic: the same arguments give the same bytes. Python's
 * marshal.load and pstats read the result. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFILES 5000
#define WINDOW 5000 /* callers are among the previous WINDOW functions */

static FILE *out;
static uint64_t written, rng = 88172645463325252ull;
static uint32_t nslots;
static uint32_t *fn_slot;  /* per function: its name's slot + 1 */
static uint32_t file_slot[NFILES], small_slot[262];

static uint64_t next(void) { /* xorshift64 */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static double uniform(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static void put(const void *p, size_t n) {
  fwrite(p, 1, n, out);
  written += n;
}

static void byte(int b) {
  unsigned char c = (unsigned char)b;
  put(&c, 1);
}

static void u32(uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  put(b, 4);
}

static void ref(uint32_t slot) {
  byte('r');
  u32(slot);
}

/* A string written once (FLAG_REF), referred to afterwards. */
static void str(uint32_t *slot_plus1, const char *s) {
  if (*slot_plus1) {
    ref(*slot_plus1 - 1);
    return;
  }
  *slot_plus1 = ++nslots;
  byte('z' | 0x80);
  byte((int)strlen(s));
  put(s, strlen(s));
}

static void integer(int32_t v) {
  if (v >= -5 && v <= 256) { /* CPython's shared small ints */
    uint32_t *slot = &small_slot[v + 5];
    if (*slot) {
      ref(*slot - 1);
      return;
    }
    *slot = ++nslots;
    byte('i' | 0x80);
  } else {
    byte('i');
  }
  u32((uint32_t)v);
}

static void real(double d) {
  uint64_t bits;
  memcpy(&bits, &d, 8);
  byte('g');
  for (int i = 0; i < 8; i++)
    byte((int)(bits >> (8 * i)) & 0xff);
}

static void key(uint64_t fn) {
  char text[64];
  byte(')');
  byte(3);
  snprintf(text, sizeof text, "src/pkg%d/mod%d.py", (int)(fn % NFILES % 40), (int)(fn % NFILES));
  str(&file_slot[fn % NFILES], text);
  integer((int32_t)(1 + fn % 9973));
  snprintf(text, sizeof text, "fn_%llu", (unsigned long long)fn);
  str(&fn_slot[fn], text);
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: gen_big_dump OUT [MIB]\n");
    return 2;
  }
  uint64_t target = (uint64_t)(argc == 3 ? atoi(argv[2]) : 1024) << 20;
  out = fopen(argv[1], "wb");
  size_t cap = (size_t)(target / 100 + 16);
  fn_slot = calloc(cap, sizeof *fn_slot);
  if (!out || !fn_slot) {
    perror(argv[1]);
    return 1;
  }
  byte('{');
  uint64_t n = 0;
  while (written < target && n < cap) {
    key(n);
    int32_t nc = (int32_t)(1 / (1 - uniform() * 0.999)); /* heavy tail */
    double tt = 0.0005 * nc * uniform(), ct = tt * (1 + 2 * uniform());
    byte(')');
    byte(5);
    integer(nc);
    integer(nc);
    real(tt);
    real(ct);
    byte('{');
    uint64_t callers = n ? 1 + next() % 3 : 0, seen[3];
    for (uint64_t c = 0; c < callers; c++) {
      uint64_t from = n - 1 - next() % (n < WINDOW ? n : WINDOW);
      seen[c] = from;
      if ((c > 0 && seen[0] == from) || (c > 1 && seen[1] == from))
        continue; /* a caller appears once in a callers dict */
      key(from);
      byte(')');
      byte(4);
      integer(1);
      integer(1);
      real(tt / 2);
      real(ct / 2);
    }
    byte('0');
    n++;
  }
  byte('0');
  if (fclose(out) != 0) {
    perror(argv[1]);
    return 1;
  }
  printf("%s: %llu functions, %llu bytes\n", argv[1], (unsigned long long)n,
         (unsigned long long)written);
  return 0;
}
