/* shared() is cheap when cheap() calls it (its own loop) and costly when
 * costly() calls it (it calls work()): the case where flame graphs built
 * from caller->callee edges lie (views-*.c tests). */
#include <stdio.h>

volatile long sink;

__attribute__((noinline)) void work(long n) {
  for (long i = 0; i < n; i++)
    sink += i;
}

__attribute__((noinline)) void shared(int heavy) {
  if (heavy)
    work(200000);
  else
    for (long i = 0; i < 100000; i++)
      sink += i;
}

__attribute__((noinline)) void cheap(void) { shared(0); }
__attribute__((noinline)) void costly(void) { shared(1); }

int main(void) {
  for (int i = 0; i < 10; i++) {
    cheap();
    costly();
  }
  printf("done\n");
  return 0;
}
