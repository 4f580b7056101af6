/* Recursive Fibonacci: the call-heavy micro benchmark with an exact call count.
 *
 *   fib N     prints fib(N) and the number of calls of fib(): 2*fib(N+1) - 1
 *
 * fib() is kept out of line and its two recursive calls are followed by a store to a
 * volatile sink, so no compiler turns the recursion into a loop or inlines it:
 * every tool sees exactly the counted calls. */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) unsigned long fib(unsigned n) {
  if (n < 2)
    return n;
  unsigned long a = fib(n - 1);
  unsigned long b = fib(n - 2);
  sink = b; /* a side effect after the calls: neither is a tail call */
  return a + b;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: fib N\n");
    return 2;
  }
  char *end;
  unsigned long n = strtoul(argv[1], &end, 10);
  if (*end || n < 1 || n > 45) {
    fprintf(stderr, "fib: N must be an integer in 1..45, got '%s'\n", argv[1]);
    return 2;
  }
  /* Expected values by iteration, independent of the recursion under test. */
  unsigned long f0 = 0, f1 = 1;
  for (unsigned long i = 0; i < n; i++) {
    unsigned long t = f0 + f1;
    f0 = f1;
    f1 = t;
  }
  /* Now f0 = fib(n), f1 = fib(n+1). */
  unsigned long got = fib((unsigned)n);
  if (got != f0) {
    fprintf(stderr, "fib: self-check failed: fib(%lu) = %lu, expected %lu\n", n, got, f0);
    return 1;
  }
  printf("fib(%lu) = %lu\ncalls fib %lu\n", n, got, 2 * f1 - 1);
  return 0;
}
