#!/usr/bin/env python3
"""Compare a cprof dump with a Python-made dump through Python's pstats.

Usage: compare_dump.py OURS THEIRS [--skip SUBSTRING]...

Entries (and caller edges) whose printed name contains a SUBSTRING are
dropped from THEIRS before comparing (e.g. the `disable` builtin a cProfile
dump always has). Counts must be equal; times must be equal floats, bit for
bit. Prints "MATCH" or each difference (exit status 1).
"""
import pstats
import sys


def load(path, skip):
    st = pstats.Stats(path).stats
    std = pstats.func_std_string
    keep = lambda k: not any(s in std(k) for s in skip)
    out = {}
    for key, (cc, nc, tt, ct, callers) in st.items():
        if keep(key):
            out[key] = (cc, nc, tt, ct, {c: e for c, e in callers.items() if keep(c)})
    return out


def main(argv):
    skip, args, i = [], [], 1
    while i < len(argv):
        if argv[i] == "--skip":
            skip.append(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    ours, theirs = load(args[0], skip), load(args[1], skip)
    std = pstats.func_std_string
    bad = []
    for k in sorted(set(ours) | set(theirs)):
        if k not in ours:
            bad.append("missing entry %s" % std(k))
        elif k not in theirs:
            bad.append("extra entry %s" % std(k))
        elif ours[k][:4] != theirs[k][:4]:
            bad.append("entry %s: %r != %r" % (std(k), ours[k][:4], theirs[k][:4]))
        else:
            oc, tc = ours[k][4], theirs[k][4]
            for c in sorted(set(oc) | set(tc)):
                if oc.get(c) != tc.get(c):
                    bad.append("edge %s -> %s: %r != %r" % (std(c), std(k), oc.get(c), tc.get(c)))
    for b in bad:
        print(b)
    if not bad:
        print("MATCH %d entries" % len(ours))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
