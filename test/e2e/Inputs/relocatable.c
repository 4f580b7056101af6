#include <stdio.h>
static int add_up(int n) { return n == 0 ? 0 : n + add_up(n - 1); }
int main(void) {
  printf("sum=%d\n", add_up(10));
  return 0;
}
