/* An instrumented shared library (built with cprof-cc -fPIC -shared). */
static int helper(int x) { return x * 10; }
int lib_entry(int x) { return helper(x) + 1; }
