// Instrumented shared libraries, linked normally or loaded with dlopen,
// show all their functions with their names; the statistics of a library
// that was dlclose'd (and unmapped) survive to the dump, and a library
// loaded twice sums into the same entries.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: %cprof_cc -O0 -g -fPIC -shared %S/Inputs/dl-plugin.c -o %t.d/libplugin.so
// RUN: %cprof_cc -O0 -g -fPIC -shared %S/Inputs/linked-lib.c -o %t.d/liblinked.so
// RUN: %cprof_cc -O0 -g %s -o %t -L%t.d -llinked -Wl,-rpath,%t.d -ldl
// RUN: env CPROF_FILE=%t.prof %t %t.d/libplugin.so | FileCheck --check-prefix=OUT %s
// OUT: plugin 6 6 linked 8 unloaded 1
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK-DAG: FUNC {{.*}}dl-plugin.c:3(plugin_entry) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}dl-plugin.c:2(plugin_helper) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}dl-plugin.c:3(plugin_entry) -> {{.*}}dl-plugin.c:2(plugin_helper) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}linked-lib.c:3(linked_entry) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}linked-lib.c:2(linked_helper) ncalls=2 pcalls=2
// CHECK-DAG: EDGE {{.*}}(call_plugin) -> {{.*}}dl-plugin.c:3(plugin_entry) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}(call_plugin) ncalls=2 pcalls=2
// CHECK-DAG: FUNC {{.*}}(main) ncalls=1 pcalls=1
// CHECK: INVARIANTS OK
#include <dlfcn.h>
#include <stdio.h>

int linked_entry(int x);

int call_plugin(const char *path) {
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return -1;
  int (*entry)(int) = (int (*)(int))dlsym(h, "plugin_entry");
  int r = entry ? entry(2) : -1;
  dlclose(h);
  return r;
}

int main(int argc, char **argv) {
  int a = call_plugin(argv[1]);
  int b = call_plugin(argv[1]);
  /* unloaded for good: the names must come from the runtime's copies */
  int unloaded = dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD) == NULL;
  printf("plugin %d %d linked %d unloaded %d\n", a, b, linked_entry(5), unloaded);
  return 0;
}
