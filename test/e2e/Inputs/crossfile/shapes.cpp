// Instrumented in a translation unit of its own (cross-file-calls-cxx.cpp).
#include "shapes.h"

namespace shapes {
__attribute__((noinline)) int Counter::add(int x) { return total += bump(x); }
__attribute__((noinline)) int Counter::scaled(int x) { return 2 * x; }
__attribute__((noinline)) int Counter::twice(int x) { return x + x; }
__attribute__((noinline)) int check(int x) {
  if (x % 7 == 0)
    throw std::runtime_error("seven");
  return x;
}
} // namespace shapes

template int shapes::square<int>(int);
