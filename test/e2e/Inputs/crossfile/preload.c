/* An LD_PRELOAD replacement of libshared.so's lib_shared, built with and
 * without cprof. */
__attribute__((noinline)) int lib_shared(int x) { return x + 7; }
