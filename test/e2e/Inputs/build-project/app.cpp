// Part of the build-system test project (C++).
#include "counter.h"
#include <cstdio>
int main() {
  for (int i = 1; i <= 5; i++)
    counter_add(i);
  std::printf("total %d\n", counter_total());
  return 0;
}
