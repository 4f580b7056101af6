/* A loop over tiny functions: the other call-heavy micro benchmark.
 *
 *   tiny N    runs N rounds; each round calls the 8 tiny functions once
 *             through step(), so it makes exactly 9*N instrumented calls
 *
 * Every function is kept out of line so all tools see the same calls. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TINY __attribute__((noinline))

TINY uint64_t t_add(uint64_t x) { return x + 0x9e3779b97f4a7c15ull; }
TINY uint64_t t_xor(uint64_t x) { return x ^ (x >> 31); }
TINY uint64_t t_mul(uint64_t x) { return x * 0xbf58476d1ce4e5b9ull; }
TINY uint64_t t_rot(uint64_t x) { return (x << 17) | (x >> 47); }
TINY uint64_t t_sub(uint64_t x) { return x - 0x94d049bb133111ebull; }
TINY uint64_t t_shr(uint64_t x) { return x ^ (x >> 27); }
TINY uint64_t t_inc(uint64_t x) { return x + 1; }
TINY uint64_t t_neg(uint64_t x) { return ~x; }

TINY uint64_t step(uint64_t x) {
  x = t_add(x);
  x = t_xor(x);
  x = t_mul(x);
  x = t_rot(x);
  x = t_sub(x);
  x = t_shr(x);
  x = t_inc(x);
  return t_neg(x);
}

/* The same round without calls, for the self-check. */
static uint64_t step_ref(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  x = (x << 17) | (x >> 47);
  x -= 0x94d049bb133111ebull;
  x ^= x >> 27;
  x += 1;
  return ~x;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: tiny N\n");
    return 2;
  }
  char *end;
  unsigned long n = strtoul(argv[1], &end, 10);
  if (*end || n < 1) {
    fprintf(stderr, "tiny: N must be a positive integer, got '%s'\n", argv[1]);
    return 2;
  }
  uint64_t x = 1, y = 1;
  for (unsigned long i = 0; i < n; i++)
    x = step(x);
  for (unsigned long i = 0; i < n; i++)
    y = step_ref(y);
  if (x != y) {
    fprintf(stderr, "tiny: self-check failed: %llx != %llx\n", (unsigned long long)x,
            (unsigned long long)y);
    return 1;
  }
  printf("tiny %lu rounds = %016llx\ncalls step %lu\ncalls t_* %lu\n", n, (unsigned long long)x, n,
         8 * n);
  return 0;
}
