// The "edge graph lies" case: shared() is cheap when cheap() calls it (its
// own loop) and costly when costly() calls it (it calls work()). With the
// calling-context tree (CPROF_TREE=1) the folded stacks and the HTML report
// put work() under costly() only; from caller->callee edges alone they put
// part of it under cheap() as well, and say that they are estimated. The
// tree dump stays a pstats dump for Python. The browser's `paths` command
// lists the paths into a function. (The HTML report of the same program:
// views-html-report-in-chromium.test.)
// RUN: %cprof_cc -O1 -g %S/Inputs/two-paths.c -o %t
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: env CPROF_TREE=1 CPROF_FILE=%t.d/tree.prof %t
// RUN: env CPROF_FILE=%t.d/flat.prof %t
// RUN: %check_dump %t.d/tree.prof | FileCheck --check-prefix=PY %s
// PY-DAG: FUNC {{.*}}(work) ncalls=10 pcalls=10
// PY-DAG: FUNC {{.*}}(shared) ncalls=20 pcalls=20
// PY: INVARIANTS OK
//
// RUN: %pstats --format folded %t.d/tree.prof 2> %t.d/tree.err | sed 's/ [0-9]*$//' | sort > %t.d/tree.folded
// RUN: grep -v ';cheap (' %t.d/tree.folded | FileCheck --check-prefix=TREE --implicit-check-not=estimated %s
// TREE: main (
// TREE-NEXT: main ({{.*}});costly (
// TREE-NEXT: main ({{.*}});costly ({{.*}});shared (
// TREE-NEXT: main ({{.*}});costly ({{.*}});shared ({{.*}});work (
// TREE-NEXT: main ({{.*}});{built-in method puts}
// RUN: count 0 < %t.d/tree.err
// RUN: grep -c '^main ([^;]*;cheap ([^;]*;shared ([^;]*$' %t.d/tree.folded | FileCheck --check-prefix=ONE %s
// ONE: 1
// RUN: not grep 'cheap.*;work' %t.d/tree.folded
//
// Without the tree: estimated, marked so, and work() shows up under cheap():
// RUN: %pstats --format folded %t.d/flat.prof 2> %t.d/flat.err | sed 's/ [0-9]*$//' | sort | FileCheck --check-prefix=EDGES %s
// EDGES: [estimated from caller-callee edges];main ({{.*}});cheap ({{.*}});shared ({{.*}});work (
// EDGES: [estimated from caller-callee edges];main ({{.*}});costly ({{.*}});shared ({{.*}});work (
// RUN: FileCheck --check-prefix=NOTE %s < %t.d/flat.err
// NOTE: pstats: no calling-context tree in the dumps: folded stacks estimated from caller-callee edges (profile with CPROF_TREE=1 for exact paths)
//
// speedscope: the same paths, named for what they are
// RUN: %pstats --format speedscope %t.d/tree.prof > %t.d/tree.speedscope.json
// RUN: %python %S/Inputs/speedscope_paths.py %t.d/tree.speedscope.json | FileCheck --check-prefix=SPEED --implicit-check-not='cheap;shared;work' %s
// UNSUPPORTED: cprof-gcc
// REQUIRES: default-timer
// SPEED: profile {{.*}}tree.prof (calling-context tree) unit seconds
// SPEED-DAG: main;costly;shared;work
// SPEED-DAG: main;cheap;shared
// RUN: %pstats --format speedscope %t.d/flat.prof 2>/dev/null > %t.d/flat.speedscope.json
// RUN: %python %S/Inputs/speedscope_paths.py %t.d/flat.speedscope.json | FileCheck --check-prefix=SPEEDE %s
// SPEEDE: profile {{.*}}flat.prof (estimated from caller-callee edges: no calling-context tree in the dumps) unit seconds
// SPEEDE-DAG: main;cheap;shared;work
//
// The browser: the paths into work(), then into shared()
// RUN: printf 'paths work\npaths shared\nhelp paths\n' | %pstats -i %t.d/tree.prof | FileCheck --check-prefix=BROWSE %s
// BROWSE: ncalls  tottime  cumtime  calling-context path
// BROWSE-NEXT: {{^ +10 +[0-9.]+ +[0-9.]+  .*\(main\) -> .*\(costly\) -> .*\(shared\) -> .*\(work\)$}}
// BROWSE-NEXT: ncalls  tottime  cumtime  calling-context path
// BROWSE-DAG: {{^ +10 +[0-9.]+ +[0-9.]+  .*\(main\) -> .*\(costly\) -> .*\(shared\)$}}
// BROWSE-DAG: {{^ +10 +[0-9.]+ +[0-9.]+  .*\(main\) -> .*\(cheap\) -> .*\(shared\)$}}
// BROWSE: Print the calling-context paths (CPROF_TREE=1) ending in the functions
// RUN: printf 'paths work\n' | %pstats -i %t.d/flat.prof | FileCheck --check-prefix=NOTREE %s
// NOTREE: No calling-context tree in these statistics (profile with CPROF_TREE=1, or
