/* Compiled twice, with RT_LINK_SHARED 1 into libcprof.so and 0 into
 * libcprof.a: process.c asks which copy of the runtime it is (the shared
 * library stays idle when the executable carries the runtime itself). */
#include "rt.h"

int rt_is_shared_library(void) { return RT_LINK_SHARED; }
