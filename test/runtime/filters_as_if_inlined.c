// Run-time filters: a function that CPROF_EXCLUDE (or a CPROF_INCLUDE that
// does not name it) drops, and every frame deeper than CPROF_MAX_DEPTH, is
// recorded as if its body had been inlined into its caller: the dump of the
// filtered run equals, bit for bit on the fake clock, the dump of the same
// workload whose dropped functions make no hook call at all (read back and
// compared with Python's pstats). A builtin is dropped by name.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: env CPROF_START=0 CPROF_EXCLUDE=helper %t - 0 %t.ex.prof
// RUN: env CPROF_START=0 %t helper 0 %t.ex-hand.prof
// RUN: %python %S/Inputs/compare_dump.py %t.ex.prof %t.ex-hand.prof | FileCheck --check-prefix=EX %s
// EX: MATCH 5 entries
// RUN: %check_dump %t.ex.prof | FileCheck --check-prefix=EXCOUNTS %s
// EXCOUNTS: FUNC f.c:1(main) ncalls=1 pcalls=1
// EXCOUNTS-NEXT: FUNC f.c:2(work) ncalls=3 pcalls=2
// EXCOUNTS-NEXT: FUNC f.c:4(leaf) ncalls=6 pcalls=6
// EXCOUNTS-NEXT: FUNC {built-in method len} ncalls=3 pcalls=3
// EXCOUNTS-NEXT: FUNC {built-in method memo} ncalls=1 pcalls=1
// EXCOUNTS-NEXT: EDGE f.c:1(main) -> f.c:2(work) ncalls=2 pcalls=2
// EXCOUNTS-NEXT: EDGE f.c:2(work) -> f.c:2(work) ncalls=1 pcalls=1
// EXCOUNTS-NEXT: EDGE f.c:2(work) -> f.c:4(leaf) ncalls=6 pcalls=6
// EXCOUNTS-NEXT: EDGE f.c:2(work) -> {built-in method len} ncalls=3 pcalls=3
// EXCOUNTS-NEXT: EDGE f.c:4(leaf) -> {built-in method memo} ncalls=1 pcalls=1
// EXCOUNTS-NEXT: INVARIANTS OK
// An include list drops everything it does not name (builtins excepted);
// globs, several patterns, an escaped comma.
// RUN: env CPROF_START=0 'CPROF_INCLUDE=ma?n,w*,[kl]eaf,no\,such' %t - 0 %t.in.prof
// RUN: %python %S/Inputs/compare_dump.py %t.in.prof %t.ex-hand.prof | FileCheck --check-prefix=EX %s
// Excluding two functions and a builtin by name.
// RUN: env CPROF_START=0 CPROF_EXCLUDE='helper,leaf,l[a-z]n' %t - 0 %t.ex2.prof
// RUN: env CPROF_START=0 %t helper,leaf,len 0 %t.ex2-hand.prof
// RUN: %python %S/Inputs/compare_dump.py %t.ex2.prof %t.ex2-hand.prof | FileCheck --check-prefix=EX2 %s
// EX2: MATCH 3 entries
// RUN: %check_dump %t.ex2.prof | FileCheck --check-prefix=EX2COUNTS %s
// EX2COUNTS: FUNC f.c:1(main) ncalls=1 pcalls=1
// EX2COUNTS-NEXT: FUNC f.c:2(work) ncalls=3 pcalls=2
// EX2COUNTS-NEXT: FUNC {built-in method memo} ncalls=1 pcalls=1
// EX2COUNTS-NEXT: EDGE f.c:1(main) -> f.c:2(work) ncalls=2 pcalls=2
// EX2COUNTS-NEXT: EDGE f.c:2(work) -> f.c:2(work) ncalls=1 pcalls=1
// EX2COUNTS-NEXT: EDGE f.c:2(work) -> {built-in method memo} ncalls=1 pcalls=1
// Depth limits: nothing below depth N is recorded.
// RUN: env CPROF_START=0 CPROF_MAX_DEPTH=2 %t - 0 %t.d2.prof
// RUN: env CPROF_START=0 %t - 2 %t.d2-hand.prof
// RUN: %python %S/Inputs/compare_dump.py %t.d2.prof %t.d2-hand.prof | FileCheck --check-prefix=D2 %s
// D2: MATCH 2 entries
// RUN: env CPROF_START=0 CPROF_MAX_DEPTH=4 CPROF_EXCLUDE=helper %t - 0 %t.d4.prof
// RUN: env CPROF_START=0 %t helper 4 %t.d4-hand.prof
// RUN: %python %S/Inputs/compare_dump.py %t.d4.prof %t.d4-hand.prof | FileCheck --check-prefix=D4 %s
// D4: MATCH 5 entries
// The hand-made oracle itself differs from the unfiltered run (so the
// comparisons above can fail).
// RUN: env CPROF_START=0 %t - 0 %t.all.prof
// RUN: not %python %S/Inputs/compare_dump.py %t.all.prof %t.ex-hand.prof
// RUN: %check_dump %t.all.prof | FileCheck --check-prefix=ALL %s
// ALL: FUNC f.c:3(helper) ncalls=3 pcalls=2
#include <string.h>

#include "Inputs/handmade.h"

DESC(main, "f.c", 1);
DESC(work, "f.c", 2);
DESC(helper, "f.c", 3);
DESC(leaf, "f.c", 4);
BUILTIN(B_len, "len", 1);
BUILTIN(B_memo, "memo", 2);

/* argv[1]: names whose hooks are left out ("-": none); argv[2]: a depth
 * beyond which no hook is called (0: none). The hand-made oracle. */
static const char *unhooked;
static int cut, depth;

static int hooked(const struct cprof_func_desc *d) {
  const char *name = d->name;
  if (d->flags & CPROF_DESC_BUILTIN)
    name += strlen("<built-in method ");
  size_t n = strcspn(name, ">");
  for (const char *p = unhooked; *p;) {
    size_t k = strcspn(p, ",");
    if (k == n && !memcmp(p, name, n))
      return 0;
    p += k + (p[k] == ',');
  }
  return !cut || depth < cut;
}

#define IN(d)                                                                  \
  int on_##d = hooked(&D_##d);                                                 \
  if (on_##d) {                                                                \
    depth++;                                                                   \
    ((D_##d.flags & CPROF_DESC_BUILTIN) ? __cprof_builtin_enter : __cprof_enter)(&D_##d); \
  }
#define OUT(d)                                                                 \
  if (on_##d) {                                                                \
    ((D_##d.flags & CPROF_DESC_BUILTIN) ? __cprof_builtin_exit : __cprof_exit)(&D_##d); \
    depth--;                                                                   \
  }
#define D_B_len B_len
#define D_B_memo B_memo

NOINLINE static void builtin(struct cprof_func_desc *b, int64_t work) {
  (void)b;
  WORK(work);
}

NOINLINE static void leaf(int memo) {
  IN(leaf);
  WORK(2);
  if (memo) {
    IN(B_memo);
    WORK(5);
    OUT(B_memo);
  }
  OUT(leaf);
}

NOINLINE static void work(int n);

NOINLINE static void helper(int n) {
  IN(helper);
  WORK(3);
  leaf(n == 1);
  IN(B_len);
  WORK(1);
  OUT(B_len);
  leaf(0);
  if (n)
    work(n - 1);
  OUT(helper);
}

NOINLINE static void work(int n) {
  IN(work);
  WORK(1);
  helper(n);
  WORK(1);
  OUT(work);
}

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  unhooked = strcmp(argv[1], "-") ? argv[1] : "";
  cut = atoi(argv[2]);
  cprof_profile *p = fake_profiler(0.001, 1, 1);
  cprof_enable(p);
  IN(main);
  work(1);
  work(0);
  OUT(main);
  cprof_disable(p);
  (void)builtin;
  return cprof_dump_stats(p, argv[3]) != 0;
}
