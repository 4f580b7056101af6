// Without CPROF_FILE the dump is cprof.<host>.<pid>.prof in the working
// directory the program started in, and it never replaces an existing file:
// a dump left by an earlier process with the same pid stays, the new one
// takes the first free cprof.<host>.<pid>.N.prof, N = 1, 2, .... CPROF_FILE patterns expand
// %p and %h (and %% to %).
// RUN: %clang -O2 -I%incdir %s -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: rm -rf %t.d && mkdir -p %t.d/elsewhere && cd %t.d
// RUN: %t > pid.txt
// RUN: %python -c "import os,socket,sys,pstats; pid=open('pid.txt').read().split()[0]; h=socket.gethostname(); base='cprof.%%s.%%s' %% (h, pid); print(open(base+'.prof').read()); print(open(base+'.1.prof').read()); print(sorted(k[2] for k in pstats.Stats(base+'.2.prof').stats))" | FileCheck %s
// CHECK: an earlier dump
// CHECK-NEXT: another earlier dump
// CHECK-NEXT: ['main']
// RUN: env CPROF_FILE=pat.%%p.%%h.%%%%.prof %t > pid2.txt
// RUN: %python -c "import os,socket; pid=open('pid2.txt').read().split()[0]; print(os.path.exists('pat.%%s.%%s.%%%%.prof' %% (pid, socket.gethostname())))" | FileCheck %s --check-prefix=PAT
// PAT: True
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "Inputs/handmade.h"

DESC(main, "d.c", 1);

int main(void) {
  ENTER(main);
  char host[256], path[600];
  gethostname(host, sizeof host);
  host[255] = 0;
  /* an earlier process with our pid left a dump, and another took .1 */
  snprintf(path, sizeof path, "cprof.%s.%d.prof", host, (int)getpid());
  FILE *f = fopen(path, "w");
  fputs("an earlier dump", f);
  fclose(f);
  snprintf(path, sizeof path, "cprof.%s.%d.1.prof", host, (int)getpid());
  f = fopen(path, "w");
  fputs("another earlier dump", f);
  fclose(f);
  printf("%d\n", (int)getpid());
  /* the dump goes to the start-up directory even after a chdir */
  if (chdir("elsewhere") != 0)
    return 1;
  EXIT(main);
  return 0;
}
