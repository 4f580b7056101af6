/* The functions the filter tests select from (../filter-*.c). */
#include <string.h>

int tiny_add(int x) { return x + 1; }

int count_loop(const char *s) {
  int n = 0;
  while (*s++)
    n++;
  return n;
}

size_t helper(const char *s) { return strlen(s) + (size_t)tiny_add(2); }

size_t keep(const char *s) { return helper(s) + (size_t)count_loop(s); }
