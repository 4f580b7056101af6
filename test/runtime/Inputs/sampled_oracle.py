#!/usr/bin/env python3
"""Python's cProfile on the workload of sampled-accounting-matches-cprofile.c.

The timer is a sample counter that only the workload advances, as cprof's
sampled clocks are advanced only by samples landing outside the hooks: a
timer reading costs nothing. work(n) is `ext(rng(n))`, list.extend of a
range, which adds n to the counter (len of the list); with builtins=False
those C calls are not recorded and their time is the caller's, as a
cprof_sample() call is. The functions are compiled as "sampled.py" with
the lines the C program's descriptors give.

Usage: sampled_oracle.py OUT.prof
"""
import cProfile
import sys

SOURCE = """\
def b():
    ext(rng(4))
def a():
    ext(rng(5)); b(); b(); ext(rng(3))
def r(n):
    ext(rng(1))
    if n: r(n - 1)
    ext(rng(1))
def m(k):
    ext(rng(2)); a(); ext(rng(1)); r(2); ext(rng(1))
    if k: m(k - 1)
    ext(rng(k))
"""

ticks = []
space = {"ext": ticks.extend, "rng": range}
exec(compile(SOURCE, "sampled.py", "exec"), space)
prof = cProfile.Profile(ticks.__len__, 1e-9, subcalls=True, builtins=False)
prof.enable()
space["m"](1)
prof.disable()
prof.dump_stats(sys.argv[1])
