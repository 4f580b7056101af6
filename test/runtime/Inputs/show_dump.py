#!/usr/bin/env python3
"""Print a dump's entries with exact float reprs, sorted by name:
   NAME cc nc repr(tt) repr(ct) [caller:nc/cc/repr(tt)/repr(ct) ...]"""
import pstats
import sys

st = pstats.Stats(sys.argv[1]).stats
for key in sorted(st, key=lambda k: (k[2], k[0], k[1])):
    cc, nc, tt, ct, callers = st[key]
    edges = " ".join("%s:%d/%d/%r/%r" % (c[2], *e) for c, e in sorted(callers.items()))
    print("%s %d %d %r %r %s" % (key[2], cc, nc, tt, ct, edges))
