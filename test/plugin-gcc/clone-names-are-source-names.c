// GCC's clones (here IPA-CP's work.constprop.0) are instrumented as the
// functions of the optimized binary, under their source function's name,
// file and line: a user recognises them, and their counts add up with the
// function's own.
// RUN: %gnu_cc %cprof_gcc_plugin -O2 -S %s -o - | FileCheck %s
// The strings come first: the name is the source function's.
// CHECK-NOT: .string "work.constprop
// CHECK: .string "work"
// CHECK-NOT: .string "work.constprop
// CHECK: __cprof_desc.work.constprop.0:
// CHECK-NEXT: .quad .LC{{[0-9]+}}
// CHECK-NEXT: .quad .LC{{[0-9]+}}
// CHECK-NEXT: .quad work.constprop.0
// CHECK-NEXT: .long 17
int printf(const char *, ...);

static __attribute__((noinline)) int work(int x, int k) { return x * k + (x >> 3); }

int main(int argc, char **argv) {
  int s = 0;
  for (int i = 0; i < 10; i++)
    s += work(i + argc, 5);
  printf("%d\n", s);
  return 0;
}
