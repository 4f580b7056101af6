#!/usr/bin/env python3
"""Python's Profile.print_stats(sort) for a dump: Stats(DUMP).strip_dirs()
.sort_stats(*SORT).print_stats(), without the file header lines (a Stats
made from a Profile object has none). Usage: DUMP [SORT...]"""
import io
import pstats
import sys

out = io.StringIO()
sort = sys.argv[2:] or [-1]
pstats.Stats(sys.argv[1], stream=out).strip_dirs().sort_stats(*sort).print_stats()
lines = out.getvalue().split("\n")
# drop "<ctime>    <path>" and the empty line after it
assert lines[1] == "", lines[:2]
sys.stdout.write("\n".join(lines[2:]))
