#!/usr/bin/env python3
"""Print a pstats dump's counts through Python's own pstats, the oracle.

Usage: check_dump.py DUMP [--times] [--strip]

Reads DUMP with pstats.Stats (so a dump Python cannot read fails here) and
prints, sorted so FileCheck can match them:

    FUNC <std name> ncalls=<nc> pcalls=<cc>
    EDGE <caller std name> -> <callee std name> ncalls=<nc> pcalls=<cc>

then checks cProfile's invariants on times (all >= 0; an entry's edge
tottimes never exceed its tottime; cumtime >= tottime up to rounding) and
prints "INVARIANTS OK" or the violations (exit status 1).
With --times, also prints tottime/cumtime per function (%.6f).
"""
import pstats
import sys


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    st = pstats.Stats(args[0])
    if "--strip" in argv:
        st.strip_dirs()
    std = pstats.func_std_string
    bad = []
    funcs, edges = [], []
    for key, (cc, nc, tt, ct, callers) in st.stats.items():
        line = "FUNC %s ncalls=%d pcalls=%d" % (std(key), nc, cc)
        if "--times" in argv:
            line += " tottime=%.6f cumtime=%.6f" % (tt, ct)
        funcs.append(line)
        if tt < 0 or ct < 0:
            bad.append("negative time in %s: tt=%r ct=%r" % (std(key), tt, ct))
        if cc > 0 and ct + 1e-9 < tt:
            bad.append("cumtime < tottime in %s: tt=%r ct=%r" % (std(key), tt, ct))
        edge_nc = edge_tt = 0
        for ckey, edge in callers.items():
            if isinstance(edge, tuple):
                enc, ecc, ett, ect = edge
                edge_nc += enc
                edge_tt += ett
                if ett < 0 or ect < 0:
                    bad.append("negative edge time %s -> %s" % (std(ckey), std(key)))
                if ecc < 1 or ecc > enc:
                    bad.append("edge pcalls out of range %s -> %s" % (std(ckey), std(key)))
            else:
                enc, ecc = edge, edge
                edge_nc += enc
            edges.append("EDGE %s -> %s ncalls=%d pcalls=%d" % (std(ckey), std(key), enc, ecc))
        if edge_nc > nc:
            bad.append("edges of %s sum to %d calls > %d" % (std(key), edge_nc, nc))
        if edge_tt > tt * (1 + 1e-9) + 1e-9:
            bad.append("edges of %s sum to tottime %r > %r" % (std(key), edge_tt, tt))
    for line in sorted(funcs) + sorted(edges):
        print(line)
    for b in bad:
        print("INVARIANT VIOLATED:", b)
    if not bad:
        print("INVARIANTS OK")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
