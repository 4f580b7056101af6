/* Example: count word frequencies in a generated text, then sort them.
 * Exercises recursion (quicksort), a hash table, and libc calls
 * (malloc, strcmp, qsort, printf) that cprof times as builtins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word { char text[16]; unsigned count; struct word *next; };

#define NBUCKETS 1024
static struct word *buckets[NBUCKETS];

static unsigned hash(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h % NBUCKETS;
}

static void add_word(const char *s) {
  unsigned h = hash(s);
  for (struct word *w = buckets[h]; w; w = w->next)
    if (strcmp(w->text, s) == 0) { w->count++; return; }
  struct word *w = calloc(1, sizeof *w);
  snprintf(w->text, sizeof w->text, "%s", s);
  w->count = 1;
  w->next = buckets[h];
  buckets[h] = w;
}

static void make_word(unsigned seed, char *out) {
  static const char *syll[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi"};
  unsigned n = 1 + seed % 3;
  out[0] = '\0';
  for (unsigned i = 0; i < n; i++) {
    strcat(out, syll[seed % 8]);
    seed /= 8;
  }
}

static int by_count(const void *a, const void *b) {
  const struct word *x = *(struct word *const *)a, *y = *(struct word *const *)b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->text, y->text);
}

static unsigned long long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  char buf[16];
  unsigned seed = 12345;
  for (int i = 0; i < 200000; i++) {
    seed = seed * 1103515245u + 12345u;
    make_word((seed >> 8) % 4096, buf);
    add_word(buf);
  }
  struct word *all[4096];
  size_t n = 0;
  for (int b = 0; b < NBUCKETS; b++)
    for (struct word *w = buckets[b]; w; w = w->next) all[n++] = w;
  qsort(all, n, sizeof all[0], by_count);
  printf("%zu distinct words; most frequent: %s (%u)\n", n, all[0]->text, all[0]->count);
  printf("fib(24) = %llu\n", fib(24));
  return 0;
}
