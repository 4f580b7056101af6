// A CPROF_FILE that names something other than a regular file is written
// into, as Python's dump_stats does (open and write), never replaced: a
// FIFO stays a FIFO and its reader gets the dump, a symbolic link stays a
// link and its target gets the dump. (Replacing them would, as root, turn
// CPROF_FILE=/dev/null into a regular file.)
// RUN: %cprof_cc -O0 %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && mkfifo %t.d/fifo
// RUN: sh -c 'timeout 20 cat "$1/fifo" > "$1/from-fifo" & CPROF_FILE="$1/fifo" "$2"; wait' sh %t.d %t
// RUN: test -p %t.d/fifo
// RUN: %check_dump %t.d/from-fifo | FileCheck %s
// RUN: echo old > %t.d/target && ln -s target %t.d/link
// RUN: env CPROF_FILE=%t.d/link %t
// RUN: test -L %t.d/link
// RUN: %check_dump %t.d/target | FileCheck %s
// CHECK: FUNC {{.*}}(work) ncalls=3 pcalls=3
// CHECK: INVARIANTS OK
__attribute__((noinline)) static int work(int x) { return x * 2; }

int main(void) {
  int s = 0;
  for (int i = 0; i < 3; i++)
    s += work(i);
  return s == 6 ? 0 : 1;
}
