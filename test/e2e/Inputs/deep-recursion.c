/* Recursion 1,000,000 frames deep (on a thread with a big enough stack). */
#include <pthread.h>
#include <stdio.h>

unsigned down(unsigned n) { return n ? down(n - 1) + 1 : 0; }
void *run(void *arg) {
  *(unsigned *)arg = down(999999) + 1;
  return NULL;
}
int main(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setstacksize(&a, (size_t)512 << 20);
  pthread_t t;
  unsigned depth = 0;
  if (pthread_create(&t, &a, run, &depth) != 0)
    return 1;
  pthread_join(t, NULL);
  printf("depth %u\n", depth);
  return 0;
}
