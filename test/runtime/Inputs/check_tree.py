#!/usr/bin/env python3
"""check_tree.py FLAT TREE: the two dumps of one workload, profiled without
and with the calling-context tree. Their stats dicts must be identical;
the tree must sum to the flat statistics; prints the tree's paths (names
joined by ';', sorted) with their calls."""
import io
import marshal
import math
import sys


def objects(path):
    data = open(path, "rb").read()
    f = io.BytesIO(data)
    out = []
    while f.tell() < len(data):
        out.append(marshal.load(f))
    return out


def main(flat_path, tree_path):
    flat, tree = objects(flat_path), objects(tree_path)
    if flat[0] != tree[0]:
        for k in set(flat[0]) | set(tree[0]):
            if flat[0].get(k) != tree[0].get(k):
                print("DIFFERS", k, flat[0].get(k), tree[0].get(k))
        return 1
    nedges = sum(len(v[4]) for v in flat[0].values())
    print("flat tables identical: %d functions, %d edges" % (len(flat[0]), nedges))
    if "tree" in flat[1]:
        print("UNEXPECTED tree in the flat dump")
        return 1
    print("no tree in the flat dump")
    t = tree[1]["tree"]
    keys, nodes = t["keys"], t["nodes"]
    sums = {}
    for i, (parent, key, nc, cc, tt, ct) in enumerate(nodes):
        if not -1 <= parent < i or not 0 <= cc <= nc:
            print("BAD NODE", i, nodes[i])
            return 1
        s = sums.setdefault(keys[key], [0, 0.0])
        s[0] += nc
        s[1] += tt
    for k, (cc, nc, tt, ct, callers) in flat[0].items():
        got = sums.get(k, [0, 0.0])
        if got[0] != nc or not math.isclose(got[1], tt, rel_tol=1e-9, abs_tol=1e-12):
            print("TREE SUM DIFFERS", k, got, (nc, tt))
            return 1
    print("tree sums to the flat counts and times")

    def name(k):
        f, line, n = keys[k]
        return "{%s}" % n[1:-1] if f == "~" else n

    paths = []
    for i, (parent, key, nc, cc, tt, ct) in enumerate(nodes):
        p, a = [], i
        while a != -1:
            p.append(name(nodes[a][1]))
            a = nodes[a][0]
        paths.append((";".join(reversed(p)), nc, cc))
    for p, nc, cc in sorted(paths):
        print("path %s calls=%d pcalls=%d" % (p, nc, cc))
    print("%d nodes" % len(nodes))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
