// C++20 coroutines: the ramp function and the parts CoroSplit makes
// (.resume, .destroy) are the functions that exist; each is counted, in
// both placements (early placement instruments them after CoroSplit too).
// GCC makes an actor (.resume) and a destroyer (.destroy) too, but the ramp
// and the destroyer call the actor: 2 calls more.
// RUN: %cprof_cxx -std=c++20 -O0 -g %s -o %t
// RUN: env CPROF_FILE=%t.prof %t | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.prof | FileCheck --check-prefixes=CHECK,%cc_kind %s
// RUN: %cprof_cxx -std=c++20 -O0 -g --cprof-placement=early %s -o %t.early
// RUN: env CPROF_FILE=%t.early.prof %t.early | FileCheck --check-prefix=OUT %s
// RUN: %check_dump %t.early.prof | FileCheck --check-prefixes=CHECK,%cc_kind %s
// OUT: sum 6
#include <coroutine>
#include <cstdio>

struct Gen {
  struct promise_type {
    int value = 0;
    Gen get_return_object() {
      return Gen{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int x) {
      value = x;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
  std::coroutine_handle<promise_type> handle;
  ~Gen() { handle.destroy(); }
};

// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+4]](upto(int)) ncalls=1 pcalls=1
// CLANG-DAG: FUNC {{.*}}.cpp:[[@LINE+3]](upto(int) (.resume)) ncalls=5 pcalls=5
// GCC-DAG: FUNC {{.*}}.cpp:[[@LINE+2]](upto(int) (.resume)) ncalls=7 pcalls=7
// CHECK-DAG: FUNC {{.*}}.cpp:[[@LINE+1]](upto(int) (.destroy)) ncalls=1 pcalls=1
Gen upto(int n) {
  for (int i = 0; i < n; i++)
    co_yield i;
}

int main() {
  Gen g = upto(4);
  int sum = 0;
  for (;;) {
    g.handle.resume();
    if (g.handle.done())
      break;
    sum += g.handle.promise().value;
  }
  std::printf("sum %d\n", sum);
  return 0;
}
// CHECK-DAG: EDGE {{.*}}(main) -> {{.*}}(upto(int)) ncalls=1 pcalls=1
// CHECK-DAG: FUNC {{.*}}(Gen::promise_type::yield_value(int)) ncalls=4 pcalls=4
// CHECK: INVARIANTS OK
