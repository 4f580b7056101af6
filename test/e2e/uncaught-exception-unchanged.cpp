// An uncaught exception ends the profiled program exactly as the unprofiled
// one: same output, same message from std::terminate, same signal status
// (the cleanups added for the exit hooks do not change the search for a
// handler).
// RUN: %clangxx -O1 %s -o %t.plain
// RUN: %cprof_cxx -O1 %s -o %t.cprof
// RUN: sh -c '%t.plain > %t.plain.out 2> %t.plain.err; echo "status=$?" >> %t.plain.out'
// RUN: sh -c 'CPROF_FILE=%t.prof %t.cprof > %t.cprof.out 2> %t.cprof.err; echo "status=$?" >> %t.cprof.out'
// RUN: cmp %t.plain.out %t.cprof.out
// RUN: cmp %t.plain.err %t.cprof.err
// RUN: FileCheck --check-prefix=OUT %s < %t.cprof.out
// RUN: FileCheck --check-prefix=ERR %s < %t.cprof.err
// OUT: before
// OUT-NEXT: status=134
// ERR: terminate called after throwing an instance of 'std::logic_error'
#include <cstdio>
#include <stdexcept>

__attribute__((noinline)) void fail(int depth) {
  if (depth == 0)
    throw std::logic_error("nobody catches this");
  fail(depth - 1);
}

int main() {
  std::printf("before\n");
  std::fflush(stdout);
  fail(3);
  std::printf("after\n");
  return 0;
}
