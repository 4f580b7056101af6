/* Tiny and heavy leaves mixed: most calls are tiny, most time is in a few
 * heavy leaves; a mid-level function does work of its own too. */
#include "common.h"

N static unsigned tiny(unsigned x) { return x * 2654435761u + 1; }
N static unsigned small(unsigned x) {
  unsigned h = x;
  for (int i = 0; i < 8; i++)
    h = h * 31u + (unsigned)i;
  return h;
}
N static unsigned heavy(unsigned x) {
  unsigned h = x;
  for (int i = 0; i < 4000; i++)
    h = (h ^ (unsigned)i) * 16777619u;
  return h;
}
N static unsigned medium(unsigned x) {
  unsigned h = x;
  for (int i = 0; i < 300; i++)
    h = (h + (unsigned)i) * 2246822519u;
  return h;
}
N static unsigned mid(unsigned x) {
  unsigned h = 0;
  for (unsigned k = 0; k < 64; k++) {
    h += tiny(x + k);
    h ^= small(h);
  }
  for (unsigned k = 0; k < 40; k++)
    h = h * 7u + k; /* own work */
  return h + medium(h);
}

N static void work(long scale) {
  unsigned long long s = 0;
  for (long i = 0; i < 1500 * scale; i++) {
    for (int j = 0; j < 20; j++)
      s += mid((unsigned)(i * 20 + j));
    s += heavy((unsigned)i);
  }
  sink = s;
}
