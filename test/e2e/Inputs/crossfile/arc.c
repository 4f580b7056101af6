/* Instrumented, linked from a static library; calls into other.c. */
int other_file(int x);
__attribute__((noinline)) int in_archive(int x) { return other_file(x) + 1; }
