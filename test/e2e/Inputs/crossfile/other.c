/* Instrumented in a translation unit of its own (cross-file-calls-*.c). */
#define NOINLINE __attribute__((noinline))
NOINLINE int other_file(int x) { return 3 * x; }
NOINLINE int other_cmp(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}
/* Overridden by strong.c's definition when that is linked (the one-file
 * build has only strong.c's). */
#ifndef ONE_FILE
NOINLINE __attribute__((weak)) int weak_fn(int x) { return x - 1; }
#endif
