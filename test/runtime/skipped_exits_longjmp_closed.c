// longjmp skips exit hooks: the frames it jumps over are closed at the next
// event (counted once, no negative times, none left behind), and what the
// catching function calls next is charged to it, not to a dead frame. The
// program's own jumps are undisturbed.
// Sanitizer prologue code moves the entry hook past RT_ENTRY_HOOK_WINDOW (hooks.c),
// so the sibling left by longjmp is not recognized: see robust-to-runtime.md.
// UNSUPPORTED: sanitize-thread, sanitize-address
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -f %t.prof && env CPROF_FILE=%t.prof %t | FileCheck %s --check-prefix=OUT
// OUT: caught 1000
// RUN: %check_dump %t.prof | FileCheck %s
// CHECK: FUNC j.c:1(main) ncalls=1 pcalls=1
// CHECK-NEXT: FUNC j.c:2(catcher) ncalls=1000 pcalls=1000
// CHECK-NEXT: FUNC j.c:3(b) ncalls=1000 pcalls=1000
// CHECK-NEXT: FUNC j.c:4(c) ncalls=1000 pcalls=1000
// CHECK-NEXT: FUNC j.c:5(thrower) ncalls=1000 pcalls=1000
// CHECK-NEXT: FUNC j.c:6(after) ncalls=1000 pcalls=1000
// CHECK-NEXT: FUNC j.c:7(again) ncalls=2000 pcalls=1000
// CHECK-NEXT: EDGE j.c:1(main) -> j.c:2(catcher) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:1(main) -> j.c:7(again) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:2(catcher) -> j.c:3(b) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:2(catcher) -> j.c:6(after) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:3(b) -> j.c:4(c) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:4(c) -> j.c:5(thrower) ncalls=1000 pcalls=1000
// CHECK-NEXT: EDGE j.c:7(again) -> j.c:7(again) ncalls=1000 pcalls=1000
// CHECK-NEXT: INVARIANTS OK
#include <setjmp.h>
#include <stdio.h>

#include <cprof.h>
#include <cprof/abi.h>

#define NOINLINE __attribute__((noinline))
static jmp_buf env;
static volatile int sink;

NOINLINE int main(void);
NOINLINE static void catcher(void);
NOINLINE static void b(void);
NOINLINE static void c(void);
NOINLINE static void thrower(void);
NOINLINE static void after(void);
NOINLINE static void again(int);

/* descriptors carry the functions' addresses, as the plugin's do */
#define D(fn, line)                                                            \
  static struct cprof_func_desc D_##fn = {#fn, "j.c", (void *)&fn, line, 0, 0, CPROF_ABI_VERSION}
D(main, 1);
D(catcher, 2);
D(b, 3);
D(c, 4);
D(thrower, 5);
D(after, 6);
D(again, 7);

static void thrower(void) {
  __cprof_enter(&D_thrower);
  longjmp(env, 1);
}
static void c(void) {
  __cprof_enter(&D_c);
  thrower();
  __cprof_exit(&D_c);
}
static void b(void) {
  __cprof_enter(&D_b);
  c();
  __cprof_exit(&D_b);
}
static void after(void) {
  __cprof_enter(&D_after);
  sink++;
  __cprof_exit(&D_after);
}
static int caught;
static void catcher(void) {
  __cprof_enter(&D_catcher);
  if (!setjmp(env))
    b();
  else
    caught++;
  after();
  __cprof_exit(&D_catcher);
}
/* recursion left by longjmp from its depth, re-entered from the same place */
static jmp_buf env2;
static void again(int n) {
  __cprof_enter(&D_again);
  if (n)
    again(n - 1);
  else
    longjmp(env2, 1);
  __cprof_exit(&D_again);
}

int main(void) {
  __cprof_enter(&D_main);
  for (int i = 0; i < 1000; i++)
    catcher();
  for (volatile int i = 0; i < 1000; i++)
    if (!setjmp(env2))
      again(1);
  printf("caught %d\n", caught);
  __cprof_exit(&D_main);
  return 0;
}
