#!/usr/bin/env python3
"""tree_paths.py DUMP: the number of runs in the dump's meta section, then
the paths of its calling-context tree (function names joined by ';',
sorted) with their calls, and whether the calls of each function's nodes add
up to its flat ncalls (Python's marshal and pstats as the oracle)."""
import io
import marshal
import pstats
import sys

data = open(sys.argv[1], "rb").read()
f = io.BytesIO(data)
stats = marshal.load(f)
assert pstats.Stats(sys.argv[1]).stats == stats
ext = marshal.load(f)
print("runs", len(ext["meta"]["runs"]))
if "tree" not in ext:
    print("no tree")
    sys.exit(0)
keys, nodes = ext["tree"]["keys"], ext["tree"]["nodes"]


def name(k):
    file, line, n = keys[k]
    return "{%s}" % n[1:-1] if file == "~" else n


rows, sums = [], {}
for i, (parent, key, nc, cc, tt, ct) in enumerate(nodes):
    assert -1 <= parent < i
    sums[keys[key]] = sums.get(keys[key], 0) + nc
    p, a = [], i
    while a != -1:
        p.append(name(nodes[a][1]))
        a = nodes[a][0]
    rows.append((";".join(reversed(p)), nc))
for p, nc in sorted(rows):
    print("path %s calls=%d" % (p, nc))
flat = {k: v[1] for k, v in stats.items()}
print("tree sums to the flat counts" if sums == flat else "TREE %s FLAT %s" % (sums, flat))
