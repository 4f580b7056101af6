// C++ functions: demangled names (CPROF_DESC_CXX), constructors and
// destructors, templates and inline functions with linkonce_odr linkage
// (descriptor in the function's comdat: one function, one descriptor),
// exceptions leaving a function through its cleanup, virtual calls.
// RUN: %clangxx -O0 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefixes=CHECK,O0 %s
// RUN: %clangxx -O2 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | FileCheck --check-prefixes=CHECK %s
// Every resume (exception leaving the function) follows an exit hook.
// RUN: %clangxx -O0 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | grep -B1 '^  resume' | FileCheck --check-prefix=RESUME %s
// RUN: %clangxx -O2 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | grep -B1 '^  resume' | FileCheck --check-prefix=RESUME %s
// RESUME: call void @__cprof_exit({{.*}}@__cprof_desc._Z7throweri
// RESUME-NEXT: resume
// RESUME: call void @__cprof_exit({{.*}}@__cprof_desc.main
// RESUME-NEXT: resume
// RUN: %clangxx -O0 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | grep -B1 '^  resume' | not grep -v -e '^--$' -e '^  resume' -e '__cprof_exit'
// RUN: %clangxx -O2 -S -emit-llvm -fpass-plugin=%plugin %unguarded %s -o - | grep -B1 '^  resume' | not grep -v -e '^--$' -e '^  resume' -e '__cprof_exit'
#include <cstdio>
#include <stdexcept>

struct Noisy {
  int id;
  Noisy(int i) : id(i) { std::printf("+%d\n", id); }
  ~Noisy() { std::printf("-%d\n", id); }
};

struct Shape {
  virtual ~Shape() {}
  virtual double area() const = 0;
};
struct Square : Shape {
  double s;
  explicit Square(double s) : s(s) {}
  double area() const override { return s * s; }
};

template <class T> __attribute__((noinline)) T twice(T x) { return x + x; }
inline __attribute__((noinline)) int answer() { return 42; }

__attribute__((noinline)) int thrower(int n) {
  Noisy guard(n);
  if (n == 0)
    throw std::runtime_error("zero");
  return thrower(n - 1) + 1;
}

__attribute__((noinline)) double measure(const Shape &s) { return s.area(); }

int main(int argc, char **) {
  Square sq(argc);
  try {
    thrower(2);
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
  }
  std::printf("%d %f %d %g\n", twice(argc), twice(1.5), answer(), measure(sq));
  return 0;
}

// CHECK-DAG: c"thrower(int)\00"
// CHECK-DAG: @__cprof_desc._Z7throweri = private global {{.*}} i32 0, i32 4, i32 0, i32 3 }
// CHECK-DAG: c"int twice<int>(int)\00"
// CHECK-DAG: @__cprof_desc._Z5twiceIiET_S0_ = private global {{.*}} i32 0, i32 4, i32 0, i32 3 }, comdat($_Z5twiceIiET_S0_)
// CHECK-DAG: @__cprof_desc._Z5twiceIdET_S0_ = private global {{.*}}, comdat($_Z5twiceIdET_S0_)
// CHECK-DAG: @__cprof_desc._Z6answerv = private global {{.*}}, comdat($_Z6answerv)
// O0-DAG: c"Noisy::Noisy(int)\00"
// O0-DAG: c"Noisy::~Noisy()\00"
// CHECK-DAG: c"Square::area() const\00"
// CHECK-DAG: @__cprof_desc._ZNK6Square4areaEv = private global {{.*}}, comdat($_ZNK6Square4areaEv)
// CHECK-DAG: @__cprof_desc.main = private global {{.*}} i32 0, i32 0, i32 0, i32 3 }
// Builtins: the runtime_error constructor from libstdc++, printf.
// CHECK-DAG: c"<built-in method std::runtime_error::runtime_error(char const*)>\00"
// CHECK-DAG: @__cprof_builtin.printf = linkonce_odr hidden global

// The exception leaves thrower() through a cleanup that calls the exit hook
// (after ~Noisy ran) and resumes unwinding.
// CHECK-LABEL: define {{.*}}i32 @_Z7throweri(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc._Z7throweri
// O0: call void @__cprof_exit({{.*}}@__cprof_desc._Z7throweri
// O0-NEXT: ret i32
// CHECK: landingpad
// O0-LABEL: define linkonce_odr {{.*}}@_ZN5NoisyC2Ei(
// O0: call void @__cprof_enter({{.*}}@__cprof_desc._ZN5NoisyC2Ei
// O0-LABEL: define linkonce_odr {{.*}}@_ZN5NoisyD2Ev(
// O0: call void @__cprof_enter({{.*}}@__cprof_desc._ZN5NoisyD2Ev

// The virtual call goes through a pointer: not wrapped.
// CHECK-LABEL: define {{.*}}double @_Z7measureRK5Shape(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc._Z7measureRK5Shape
// CHECK-NOT: __cprof_builtin_enter
// CHECK: call void @__cprof_exit({{.*}}@__cprof_desc._Z7measureRK5Shape

// CHECK-LABEL: define {{.*}}i32 @main(
// CHECK: call void @__cprof_enter({{.*}}@__cprof_desc.main

