/* Recursion: naive Fibonacci (tiny frames, direct recursion), mutual
 * recursion with a little work per frame, and Ackermann's deep stacks. */
#include "common.h"

N static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
N static unsigned is_odd(unsigned n, unsigned h);
N static unsigned is_even(unsigned n, unsigned h) {
  for (int i = 0; i < 20; i++)
    h = h * 33u + (unsigned)i;
  return n == 0 ? h : is_odd(n - 1, h);
}
N static unsigned is_odd(unsigned n, unsigned h) {
  for (int i = 0; i < 10; i++)
    h = h * 31u + (unsigned)i;
  return n == 0 ? ~h : is_even(n - 1, h);
}
N static unsigned ack(unsigned m, unsigned n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

N static void work(long scale) {
  unsigned long long s = 0;
  for (long r = 0; r < scale; r++) {
    s += fib(24);
    for (unsigned k = 0; k < 400; k++)
      s += is_even(200 + (k & 7), k);
    s += ack(2, 600);
  }
  sink = s;
}
