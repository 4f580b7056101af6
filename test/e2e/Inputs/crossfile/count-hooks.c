/* Linked (uninstrumented) with -Wl,--wrap=__cprof_builtin_enter: counts the
 * builtin entries the program's call sites make (the runtime's calibration
 * aside) and prints them at exit, so tests see how many calls still pay the
 * builtin hooks. The hook must see its caller's stack pointer (the runtime
 * tells frames apart by it): the wrapper ends in a tail jump. */
#include <stdio.h>
#include <string.h>

#include <cprof/abi.h>

#ifndef IMAGE
#define IMAGE "program"
#endif

void __real___cprof_builtin_enter(struct cprof_func_desc *d);
static unsigned long builtin_enters;

__attribute__((visibility("hidden"))) void __wrap___cprof_builtin_enter(struct cprof_func_desc *d) {
  if (!strstr(d->name, "cprof calibration"))
    builtin_enters++;
  __attribute__((musttail)) return __real___cprof_builtin_enter(d);
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "%s: builtin hook entries: %lu\n", IMAGE, builtin_enters);
}
