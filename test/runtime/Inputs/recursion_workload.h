/*
 * The workload of conformance/programs/recursion.py, hand-instrumented:
 * factorial, fib, countdown -> leaf, and main (as workload()), advancing the
 * fake clock of handmade.h as the Python program advances its tick.
 */
#ifndef RECURSION_WORKLOAD_H
#define RECURSION_WORKLOAD_H

#include "handmade.h"

#define F "examples/recursion.py"
DESC(factorial, F, 7);
DESC(fib, F, 14);
DESC(countdown, F, 21);
DESC(leaf, F, 29);
DESC(main, F, 33);

NOINLINE static long factorial(int n) {
  ENTER(factorial);
  WORK(2);
  long r = n <= 1 ? 1 : n * factorial(n - 1);
  EXIT(factorial);
  return r;
}

NOINLINE static long fib(int n) {
  ENTER(fib);
  WORK(1);
  long r = n < 2 ? n : fib(n - 1) + fib(n - 2);
  EXIT(fib);
  return r;
}

NOINLINE static void leaf(void) {
  ENTER(leaf);
  WORK(5);
  EXIT(leaf);
}

NOINLINE static void countdown(int n) {
  ENTER(countdown);
  WORK(3);
  if (n > 0)
    countdown(n - 1);
  else
    leaf();
  EXIT(countdown);
}

NOINLINE static void workload(void) {
  ENTER(main);
  factorial(6);
  fib(6);
  countdown(4);
  leaf();
  EXIT(main);
}

#endif
