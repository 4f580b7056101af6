// cprof run [-o FILE] [-s SORT] -- PROGRAM ARGS: python -m cProfile for
// native programs. The program and its children are profiled and merged;
// the report is Stats(...).strip_dirs().sort_stats(SORT).print_stats()
// (default sort: cumulative, as cProfile's -s default 2); the program's exit
// status (or the signal that killed it) is passed through; the temporary
// dumps are removed; the cprof command writes no dump of its own.
// RUN: %cprof_cc -O0 -g %s -o %t
// RUN: rm -rf %t.tmp && mkdir %t.tmp
// RUN: env TMPDIR=%t.tmp sh -c '%cprof_run run "$0" 3 > "$0.out"; echo status $?' %t | FileCheck --check-prefix=STATUS %s
// STATUS: status 3
// RUN: FileCheck --check-prefix=PRINT %s < %t.out
// PRINT: fib(10) = 55
// PRINT-NEXT: {{^         [0-9]+ function calls \([0-9]+ primitive calls\) in [0-9.]+ seconds$}}
// PRINT-EMPTY:
// PRINT-NEXT: Ordered by: cumulative time
// PRINT-EMPTY:
// PRINT-NEXT: ncalls  tottime  percall  cumtime  percall filename:lineno(function)
// PRINT-NEXT: {{^        2 .* cprof-run-like-python-cprofile.c:[0-9]+\(main\)$}}
// PRINT-DAG: {{^    354/2 .* cprof-run-like-python-cprofile.c:[0-9]+\(fib\)$}}
// PRINT-DAG: {{^        1 .* cprof-run-like-python-cprofile.c:[0-9]+\(in_child\)$}}
// No dump left behind, none of cprof itself:
// RUN: ls -A %t.tmp | count 0
// RUN: env TMPDIR=%t.tmp %cprof_run run -s tottime -o %t.prof -- %t
// RUN: %check_dump %t.prof | FileCheck --check-prefix=DUMP %s
// DUMP-DAG: FUNC {{.*}}(main) ncalls=2 pcalls=2
// DUMP-DAG: FUNC {{.*}}(fib) ncalls=354 pcalls=2
// DUMP-DAG: FUNC {{.*}}(in_child) ncalls=1 pcalls=1
// DUMP-DAG: EDGE {{.*}}(in_child) -> {{.*}}(fib) ncalls=1 pcalls=1
// DUMP: INVARIANTS OK
// RUN: ls -A %t.tmp | count 0
// A signal that kills the program kills cprof run the same way (after the
// report):
// RUN: env TMPDIR=%t.tmp sh -c '%cprof_run run "$0" term > /dev/null; echo status $?' %t | FileCheck --check-prefix=SIG %s
// SIG: status 143
// Errors: one line, status 2 (sort keys are python -m cProfile's choices).
// RUN: not %cprof_run run -s cum %t 2>&1 | FileCheck --check-prefix=BADSORT %s
// BADSORT: cprof run: error: option -s: invalid choice: 'cum' (choose from 'calls', 'cumtime', 'cumulative', 'filename', 'line', 'module', 'name', 'ncalls', 'nfl', 'pcalls', 'stdname', 'time', 'tottime')
// RUN: not %cprof_run run 2>&1 | FileCheck --check-prefix=USAGE %s
// USAGE: usage: cprof run [-o FILE] [-s SORT] [--timer TIMER] [--hz N] [-n RUNS] [--tree] [--] PROGRAM [ARGS...]
// RUN: env TMPDIR=%t.tmp sh -c '%cprof_run run /nonexistent/prog; echo status $?' 2>&1 | FileCheck --check-prefix=NOPROG %s
// NOPROG: cprof run: cannot run '/nonexistent/prog': No such file or directory
// NOPROG-NEXT: status 127
// RUN: env TMPDIR=%t.tmp sh -c '%cprof_run run true; echo status $?' 2>&1 | FileCheck --check-prefix=NOTINST %s
// NOTINST: cprof run: the program wrote no profile
// NOTINST-NEXT: status 1
// The cprof command itself (linked with the runtime) writes no dump:
// RUN: cd %t.tmp && %cprof_run --help > /dev/null && ls -A %t.tmp | count 0
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
void in_child(void) { fib(10); }

int main(int argc, char **argv) {
  printf("fib(10) = %d\n", fib(10));
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    in_child();
    return 0;
  }
  waitpid(pid, NULL, 0);
  if (argc > 1 && !strcmp(argv[1], "term"))
    kill(getpid(), SIGTERM);
  return argc > 1 ? atoi(argv[1]) : 0;
}
