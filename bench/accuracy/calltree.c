/* A deep call tree of tiny functions: every call does a few ns of work,
 * far less than the hooks cost (the call-heavy worst case). */
#include "common.h"

N static unsigned leaf(unsigned x) { return (x * 2654435761u) ^ (x >> 7); }
N static unsigned n1(unsigned x) { return leaf(x) + leaf(x + 1); }
N static unsigned n2(unsigned x) { return n1(x) ^ n1(x * 3u); }
N static unsigned n3(unsigned x) { return n2(x) + (n2(x + 7u) >> 1); }
N static unsigned n4(unsigned x) { return n3(x) ^ n3(x + 11u); }
N static unsigned n5(unsigned x) { return n4(x) + n4(x ^ 0x55u); }
N static unsigned n6(unsigned x) { return n5(x) ^ (n5(x + 3u) << 1); }

N static void work(long scale) {
  unsigned long long s = 0;
  for (long i = 0; i < 40000 * scale; i++)
    s += n6((unsigned)i);
  sink = s;
}
