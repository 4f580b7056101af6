/* libFuzzer target for the pstats dump reader: any byte sequence must load
 * or fail with a one-line error, never crash, hang or allocate without
 * bound. Inputs that load are also stripped, sorted and printed (callers and
 * callees too), so the model and the printer see every accepted shape.
 *
 * Build and run: see ../README.md (ctest -R pstats-fuzz runs it for 60 s). */
#include "pstats.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *sink;
  if (!sink)
    sink = fopen("/dev/null", "w");
  pst_names *names = pst_names_new();
  pst_stats *s = pst_stats_new(names);
  pst_error err;
  if (pst_stats_load_buffer(s, data, size, "fuzz", &err) == 0) {
    /* a loaded model is non-empty and prints */
    if (s->n_entries == 0)
      abort();
    pst_stats *copy = pst_stats_new(names);
    pst_stats_load_buffer(copy, data, size, "fuzz", &err);
    pst_stats_add(s, copy, &err); /* merging a dump with itself */
    pst_stats_free(copy);
    /* the direct add path (may fail on overflowing sums, one line) */
    if (pst_stats_add_buffer(s, data, size, "fuzz", &err) != 0 &&
        (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz: ", 6) != 0))
      abort();
    const char *keys[] = {"cumulative", "name"};
    pst_sort_by_words(s, keys, 2, &err);
    pst_amount amt;
    memset(&amt, 0, sizeof amt);
    amt.kind = PST_AMOUNT_FRACTION;
    amt.fraction = 0.5;
    pst_print_stats(s, sink, &amt, 1, &err);
    pst_print_callers(s, sink, NULL, 0, &err);
    pst_stats_strip_dirs(s, &err);
    pst_sort_by_words(s, (const char *[]){"stdname"}, 1, &err);
    pst_print_callees(s, sink, NULL, 0, &err);
  } else if (strchr(err.msg, '\n') || strncmp(err.msg, "fuzz: ", 6) != 0) {
    abort(); /* errors are one line and name the source */
  }
  pst_stats_free(s);
  pst_names_free(names);
  return 0;
}
