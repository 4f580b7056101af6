/* Part of the build-system test project (C). */
#include "counter.h"
static int total;
void counter_add(int n) { total += n; }
int counter_total(void) { return total; }
