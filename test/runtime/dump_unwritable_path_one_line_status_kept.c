// A dump that cannot be written (missing directory, a directory in the way)
// prints exactly one line on stderr and changes neither the program's exit
// status nor its output; no temporary file is left behind.
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d/taken.prof && cd %t.d
// RUN: env CPROF_FILE=%t.d/no/such/dir/x.prof not %t > out.txt 2> err.txt
// RUN: FileCheck %s --check-prefix=OUT < out.txt
// RUN: FileCheck %s --check-prefix=ERR < err.txt
// RUN: count 1 < err.txt
// RUN: env CPROF_FILE=taken.prof not %t > out2.txt 2> err2.txt
// RUN: FileCheck %s --check-prefix=OUT < out2.txt
// RUN: FileCheck %s --check-prefix=ERR2 < err2.txt
// RUN: count 1 < err2.txt
// RUN: ls -A %t.d | FileCheck %s --check-prefix=LS --implicit-check-not=tmp
// OUT: program output
// ERR: cprof: cannot write profile '{{.*}}/no/such/dir/x.prof': No such file or directory
// ERR2: cprof: cannot write profile '{{.*}}/taken.prof': Is a directory
// LS: err.txt
#include <stdio.h>

#include "Inputs/handmade.h"

DESC(main, "u.c", 1);

int main(void) {
  ENTER(main);
  printf("program output\n");
  EXIT(main);
  return 7;
}
