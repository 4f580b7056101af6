/* The user's program of installed-*.test: a profiled library function and
 * a main that calls it. */
#include <stdio.h>

#include "work.h"

int main(void) {
  long sum = 0;
  for (int i = 0; i < 5; i++)
    sum += work_step(i);
  printf("sum %ld\n", sum);
  return 0;
}
