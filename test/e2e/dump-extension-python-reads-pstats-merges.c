// A dump is Python's pstats dump followed by the cprof extension
// (docs/dump-extension.md): Python's pstats reads it unchanged, our pstats
// reports it as Python does, -o merges the runs' facts (meta), and a
// damaged or unknown extension never costs the statistics.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_FILE=%t.d/a.prof %t one
// RUN: env CPROF_FILE=%t.d/b.prof %t two words
// RUN: env CPROF_FILE=%t.d/c.prof CPROF_TIMER=monotonic %t
// RUN: %python -c "import marshal,sys; f=open(sys.argv[1],'rb'); marshal.load(f); m=marshal.load(f)['meta']['runs'][0]; print(m['argv'][1:], m['timer'], m['threads'])" %t.d/b.prof | FileCheck --check-prefix=META %s
// META: ('two', 'words') {{tsc|monotonic}} 1
// RUN: %python -c "import marshal,sys; f=open(sys.argv[1],'rb'); marshal.load(f); m=marshal.load(f)['meta']['runs'][0]; print(m['timer'], m['unit'])" %t.d/c.prof | FileCheck --check-prefix=MONO %s
// MONO: monotonic 1e-09
// RUN: %python %srcroot/test/pstats/Inputs/dump_ext_check.py %pstats %t.d/work %t.d/a.prof %t.d/b.prof %t.d/c.prof | FileCheck %s
// REQUIRES: default-timer
// CHECK: ok: python reads a dump with the extension
// CHECK: ok: pstats reports dumps with and without the extension alike
// CHECK: ok: -o of a dump without the extension writes none
// CHECK: ok: -o merges the runs (3, then 4)
// CHECK: ok: bytes after the statistics that are no dict are ignored silently
// CHECK-COUNT-6: ok: damaged extension
// CHECK: ok: unknown sections kept from one dump, left out of merges
#include <stdio.h>

static int leaf(int x) { return x * 2; }

static int mid(int x) {
  int s = 0;
  for (int i = 0; i < 10; i++)
    s += leaf(x + i);
  return s;
}

int main(int argc, char **argv) {
  int s = 0;
  for (int i = 0; i < 100 + argc; i++)
    s += mid(i);
  printf("%d\n", s > 0);
  return 0;
}
