#!/usr/bin/env python3
"""Check a dump's times against tolerances, through Python's pstats.

Usage: check_times.py DUMP [--var NAME=VALUE | --vars FILE]... EXPR...

Each EXPR is a Python expression over
    tt[name], ct[name], nc[name]  tottime, cumtime, ncalls of the functions
                                  named `name` (summed over files; a builtin
                                  is its bare name, e.g. 'nanosleep')
    total                         the sum of tottime
and the --var values (floats; --vars FILE reads the `NAME VALUE` lines of
FILE, e.g. what the program printed). Prints "TIMES OK", or each expression that
is false with the values it read (exit status 1). For the statistical
checks of sampled timers: tolerances wide enough for the sampling error.
"""
import pstats
import re
import sys
from collections import defaultdict


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    st = pstats.Stats(argv[1]).stats
    tt, ct, nc = defaultdict(float), defaultdict(float), defaultdict(int)
    for (file, line, name), (cc, n, t, c, callers) in st.items():
        m = re.match(r"<built-in method (.*)>$", name)
        key = m.group(1) if m and file == "~" else name
        tt[key] += t
        ct[key] += c
        nc[key] += n
    env = {"tt": tt, "ct": ct, "nc": nc, "total": sum(tt.values())}
    exprs, i = [], 2
    while i < len(argv):
        if argv[i] == "--var":
            k, v = argv[i + 1].split("=", 1)
            env[k] = float(v)
            i += 2
        elif argv[i] == "--vars":
            for line in open(argv[i + 1]):
                parts = line.split()
                if len(parts) == 2 and re.match(r"[A-Za-z_]\w*$", parts[0]):
                    try:
                        env[parts[0]] = float(parts[1])
                    except ValueError:
                        pass
            i += 2
        else:
            exprs.append(argv[i])
            i += 1
    bad = [e for e in exprs if not eval(e, {}, env)]
    for e in bad:
        names = sorted(set(re.findall(r"\[\s*'([^']*)'\s*\]", e)))
        vals = ", ".join("%s: tt=%.6f ct=%.6f nc=%d" % (n, tt[n], ct[n], nc[n]) for n in names)
        print("FAILED: %s  (%s; total=%.6f)" % (e, vals, env["total"]))
    if not bad:
        print("TIMES OK")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
