/* An instrumented shared library: a plain export, and lib_ver in two
 * symbol versions (libshared.map): programs linked now bind lib_ver@@VER_2. */
#define NOINLINE __attribute__((noinline))
NOINLINE int lib_shared(int x) { return x + 7; }
NOINLINE int lib_ver_v1(int x) { return x - 7; }
NOINLINE int lib_ver_v2(int x) { return x * 7; }
__asm__(".symver lib_ver_v1, lib_ver@VER_1");
__asm__(".symver lib_ver_v2, lib_ver@@VER_2");
