/* Defined (and instrumented) in another translation unit than its caller. */
int scale(int x) { return 3 * x; }
