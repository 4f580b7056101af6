// Calls into instrumented shared libraries, linked normally (a plain export
// and a versioned symbol) or from a dlopen'ed library, pay the builtin hooks
// on the first call through each image's descriptor only; the counts are
// exact. LD_PRELOAD of a replacement: an instrumented one is counted as
// itself, an uninstrumented one as a builtin on every call (the runtime only
// learns from the hooks of the function a call really lands in).
// RUN: rm -rf %t.d && mkdir %t.d && cd %t.d
// RUN: %clang -O2 -I%incdir -c %S/Inputs/crossfile/count-hooks.c -o count.o
// RUN: %clang -O2 -fPIC -I%incdir -DIMAGE='"plugin"' -c %S/Inputs/crossfile/count-hooks.c -o count-plugin.o
// RUN: %cprof_cc -O1 -g -fPIC -shared %S/Inputs/crossfile/libshared.c -Wl,--version-script=%S/Inputs/crossfile/libshared.map -o libshared.so
// RUN: %cprof_cc -O1 -g -fPIC -shared %S/Inputs/crossfile/plugin.c count-plugin.o -Wl,--wrap=__cprof_builtin_enter -L. -lshared -Wl,-rpath,%t.d -o libplugin.so
// RUN: %cprof_cc -O1 -g -fPIC -shared %S/Inputs/crossfile/preload.c -o libpreload-inst.so
// RUN: %clang -O1 -fPIC -shared %S/Inputs/crossfile/preload.c -o libpreload-plain.so
// RUN: %cprof_cc -O1 -g %s count.o -Wl,--wrap=__cprof_builtin_enter -L. -lshared -Wl,-rpath,%t.d -ldl -o prog
// RUN: env CPROF_FILE=prog.prof ./prog ./libplugin.so 2>prog.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS %s < prog.err
// RUN: %check_dump prog.prof | FileCheck %s
// RUN: env CPROF_FILE=inst.prof LD_PRELOAD=./libpreload-inst.so ./prog ./libplugin.so 2>inst.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS %s < inst.err
// RUN: %check_dump inst.prof | FileCheck --check-prefix=INST %s
// RUN: env CPROF_FILE=plain.prof LD_PRELOAD=./libpreload-plain.so ./prog ./libplugin.so 2>plain.err | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --check-prefix=HOOKS-PLAIN %s < plain.err
// RUN: %check_dump plain.prof | FileCheck --check-prefix=PLAIN %s
//
// OUT: sum 4003000 plugin 506500
// Per image: the first call of each instrumented callee (lib_shared,
// lib_ver) and the libc calls (dlopen, dlsym, printf, dlclose).
// HOOKS-DAG: plugin: builtin hook entries: 1
// HOOKS-DAG: program: builtin hook entries: 6
// HOOKS-PLAIN-DAG: plugin: builtin hook entries: 1000
// HOOKS-PLAIN-DAG: program: builtin hook entries: 1005
//
// CHECK-DAG: FUNC {{.*}}libshared.c:4(lib_shared) ncalls=2000 pcalls=2000
// CHECK-DAG: FUNC {{.*}}libshared.c:6(lib_ver_v2) ncalls=1000 pcalls=1000
// CHECK-DAG: FUNC {{.*}}plugin.c:3(plugin_calls) ncalls=1 pcalls=1
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}libshared.c:4(lib_shared) ncalls=1000 pcalls=1000
// CHECK-DAG: EDGE {{.*}}plugin.c:3(plugin_calls) -> {{.*}}libshared.c:4(lib_shared) ncalls=1000 pcalls=1000
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}libshared.c:6(lib_ver_v2) ncalls=1000 pcalls=1000
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}plugin.c:3(plugin_calls) ncalls=1 pcalls=1
// CHECK-NOT: built-in method lib_
// CHECK-NOT: (lib_ver_v1)
// CHECK: INVARIANTS OK
// INST-DAG: FUNC {{.*}}preload.c:3(lib_shared) ncalls=2000 pcalls=2000
// INST-DAG: EDGE {{.*}}(main) -> {{.*}}preload.c:3(lib_shared) ncalls=1000 pcalls=1000
// INST-DAG: EDGE {{.*}}plugin.c:3(plugin_calls) -> {{.*}}preload.c:3(lib_shared) ncalls=1000 pcalls=1000
// INST-NOT: libshared.c:4
// INST-NOT: built-in method lib_
// INST: INVARIANTS OK
// PLAIN-DAG: FUNC {built-in method lib_shared} ncalls=2000 pcalls=2000
// PLAIN-DAG: EDGE {{.*}}(main) -> {built-in method lib_shared} ncalls=1000 pcalls=1000
// PLAIN-DAG: EDGE {{.*}}plugin.c:3(plugin_calls) -> {built-in method lib_shared} ncalls=1000 pcalls=1000
// PLAIN-DAG: FUNC {{.*}}libshared.c:6(lib_ver_v2) ncalls=1000 pcalls=1000
// PLAIN-NOT: libshared.c:4
// PLAIN: INVARIANTS OK
#include <dlfcn.h>
#include <stdio.h>

int lib_shared(int x);
int lib_ver(int x);

int main(int argc, char **argv) {
  int s = 0;
  for (int i = 0; i < 1000; i++)
    s += lib_shared(i) + lib_ver(i);
  int p = -1;
  void *h = argc > 1 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : NULL;
  if (h) {
    int (*calls)(int) = (int (*)(int))dlsym(h, "plugin_calls");
    p = calls ? calls(1000) : -2;
    dlclose(h);
  }
  printf("sum %d plugin %d\n", s, p);
  return 0;
}
