#!/bin/sh
# The demo: compile the examples with cprof, run them, merge the dumps of
# two runs and print the report sorted by cumulative time.
# Usage: run-demo.sh BUILD_BIN_DIR SOURCE_DIR WORK_DIR
set -eu
bin=$1 src=$2 work=$3
mkdir -p "$work"
cd "$work"
rm -f wordfreq.*.prof shapes.prof merged.prof

echo "== cprof-cc -O2 wordfreq.c; cprof-c++ -O2 shapes.cpp"
"$bin/cprof-cc" -O2 -g -o wordfreq "$src/wordfreq.c"
"$bin/cprof-c++" -O2 -g -o shapes "$src/shapes.cpp"

echo "== two runs of wordfreq, one dump each (CPROF_FILE=wordfreq.%p.prof)"
CPROF_FILE='wordfreq.%p.prof' ./wordfreq
CPROF_FILE='wordfreq.%p.prof' ./wordfreq
echo "== pstats -o merged.prof wordfreq.*.prof"
"$bin/pstats" -o merged.prof wordfreq.*.prof
echo "== pstats -s cumulative -n 15 merged.prof"
"$bin/pstats" -s cumulative -n 15 merged.prof

echo "== shapes (C++: templates, virtual calls, exceptions)"
CPROF_FILE=shapes.prof ./shapes
"$bin/pstats" -s cumulative -n 12 shapes.prof
echo "== who calls the area() methods? (pstats --callers -n area)"
"$bin/pstats" -s cumulative --callers -n area shapes.prof
