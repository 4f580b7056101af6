// Declarations shared by cross-file-calls-cxx.cpp and shapes.cpp.
#pragma once
#include <stdexcept>

namespace shapes {
struct Counter {
  int total = 0;
  int add(int x);             // shapes.cpp
  virtual int scaled(int x);  // shapes.cpp, called virtually
  virtual ~Counter() = default;
  static int twice(int x);    // shapes.cpp
};
template <typename T> __attribute__((noinline)) T square(T x) { return x * x; }
// An inline function used by both files: one body kept (comdat), its calls
// are calls within each file.
inline __attribute__((noinline)) int bump(int x) { return x + 1; }
int check(int x); // shapes.cpp; throws for multiples of 7
} // namespace shapes

#ifndef ONE_FILE
// Instantiated in shapes.cpp only: here a declaration, a builtin call site.
extern template int shapes::square<int>(int);
#endif
