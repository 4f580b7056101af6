// A bad CPROF_INCLUDE, CPROF_EXCLUDE or CPROF_MAX_DEPTH prints one line on
// stderr naming the variable and the pattern, and is ignored: the dump is
// the unfiltered one, the program's output and status unchanged.
// RUN: %clang -O2 -I%incdir %S/filters_as_if_inlined.c -L%libdir -lcprof -Wl,-rpath,%libdir -o %t
// RUN: env CPROF_START=0 %t - 0 %t.all.prof
// RUN: env CPROF_START=0 'CPROF_EXCLUDE=helper,[ab' CPROF_INCLUDE= CPROF_MAX_DEPTH=0 %t - 0 %t.bad.prof 2> %t.err
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// RUN: count 3 < %t.err
// RUN: %python %S/Inputs/compare_dump.py %t.bad.prof %t.all.prof | FileCheck --check-prefix=SAME %s
// ERR-DAG: cprof: CPROF_EXCLUDE=helper,[ab ignored: pattern 2 ("[ab") is an unterminated '[' or a reversed range
// ERR-DAG: cprof: CPROF_INCLUDE= ignored: pattern 1 ("") is an empty pattern
// ERR-DAG: cprof: CPROF_MAX_DEPTH=0 is not a positive integer; no depth limit
// SAME: MATCH 6 entries
// RUN: env CPROF_START=0 'CPROF_EXCLUDE=a\' 'CPROF_INCLUDE=*,,x' CPROF_MAX_DEPTH=2x %t - 0 %t.bad2.prof 2> %t.err2
// RUN: FileCheck --check-prefix=ERR2 %s < %t.err2
// RUN: %python %S/Inputs/compare_dump.py %t.bad2.prof %t.all.prof | FileCheck --check-prefix=SAME %s
// ERR2-DAG: cprof: CPROF_EXCLUDE=a\ ignored: pattern 1 ("a\") is a trailing '\'
// ERR2-DAG: cprof: CPROF_INCLUDE=*,,x ignored: pattern 2 ("") is an empty pattern
// ERR2-DAG: cprof: CPROF_MAX_DEPTH=2x is not a positive integer; no depth limit
// RUN: env CPROF_START=0 'CPROF_EXCLUDE=[z-a]' CPROF_MAX_DEPTH=-1 %t - 0 %t.bad3.prof 2> %t.err3
// RUN: FileCheck --check-prefix=ERR3 %s < %t.err3
// ERR3-DAG: cprof: CPROF_EXCLUDE=[z-a] ignored: pattern 1 ("[z-a]") is an unterminated '[' or a reversed range
// ERR3-DAG: cprof: CPROF_MAX_DEPTH=-1 is not a positive integer; no depth limit
