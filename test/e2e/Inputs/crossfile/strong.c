/* The strong definition of other.c's weak weak_fn (instrumented, or not:
 * compiled with plain clang). */
__attribute__((noinline)) int weak_fn(int x) { return x + 100; }
