/* Uses the API only: a profiler of its own around one call, printed. */
#include <cprof.h>
#include <stdio.h>

#include "work.h"

int main(void) {
  cprof_options o;
  cprof_options_init(&o);
  cprof_profile *p = cprof_profile_new(&o);
  if (!p)
    return 1;
  cprof_enable(p);
  long v = work_step(3);
  cprof_disable(p);
  printf("value %ld\n", v);
  cprof_print_stats(p, stdout, "name");
  cprof_profile_free(p);
  return 0;
}
