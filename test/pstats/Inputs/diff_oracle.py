#!/usr/bin/env python3
"""Hand-made dumps for `pstats --diff`, and Python's pstats as its oracle.

  diff_oracle.py make DIR
      write the dumps below into DIR (mtime 1000000000)
  diff_oracle.py check PSTATS [--strip-dirs] BASE... -- NEW...
      run `PSTATS --diff --format json` on the two sides and check every
      function's base/new values and changes against Python's own
      Stats(BASE...) and Stats(NEW...) (merged as Stats.add does; times to
      1e-12 relative), the status of each function and caller edge, and that
      every function of either side is listed exactly once
  diff_oracle.py listed PSTATS [-s KEY] [-n AMOUNT]... BASE NEW
      the rows of `PSTATS --diff` and its "List reduced" lines equal
      Python's eval_print_amount applied, restriction after restriction, to
      the union of both sides (NEW's order, then BASE's own functions)
      sorted stably by the size of the change in KEY (cumulative by default)
"""
import json
import marshal
import math
import os
import pstats
import subprocess
import sys

M = "main.c"


def write(d, name, stats):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        marshal.dump(stats, f)
    os.utime(path, (1000000000, 1000000000))


def make(d):
    os.makedirs(d, exist_ok=True)
    main = (M, 10, "main")
    work = ("src/work.c", 3, "work")
    leaf = ("src/work.c", 9, "leaf")
    old = ("src/old.c", 1, "old_helper")
    new = ("src/new.c", 1, "new_helper")
    rec = ("src/work.c", 20, "rec")
    top = {("~", 0, "<built-in method builtins.exec>"): (1, 1, 0.0, 1.0, {})}
    base = {
        main: (1, 1, 0.010, 1.000, {}),
        work: (100, 100, 0.200, 0.600, {main: (100, 100, 0.200, 0.600)}),
        leaf: (1000, 1000, 0.400, 0.400, {work: (1000, 1000, 0.400, 0.400)}),
        old: (5, 5, 0.050, 0.050, {main: (5, 5, 0.050, 0.050)}),
        rec: (3, 30, 0.300, 0.300, {main: (3, 3, 0.1, 0.3), rec: (27, 0, 0.2, 0.2)}),
    }
    # work is called twice as often; leaf likewise, and now also from main;
    # old_helper is gone, new_helper is new; rec unchanged in calls.
    head = {
        main: (1, 1, 0.011, 1.700, {}),
        work: (200, 200, 0.400, 1.200, {main: (200, 200, 0.400, 1.200)}),
        leaf: (2010, 2010, 0.804, 0.804, {work: (2000, 2000, 0.800, 0.800),
                                          main: (10, 10, 0.004, 0.004)}),
        rec: (3, 30, 0.290, 0.290, {main: (3, 3, 0.1, 0.29), rec: (27, 0, 0.19, 0.19)}),
        new: (7, 7, 0.0001, 0.0001, {main: (7, 7, 0.0001, 0.0001)}),
    }
    write(d, "base.prof", base)
    write(d, "new.prof", head)
    # the same program run twice: identical counts, other times
    same = {k: (v[0], v[1], v[2] * 1.02, v[3] * 1.02,
                {c: (e[0], e[1], e[2] * 1.02, e[3] * 1.02) for c, e in v[4].items()})
            for k, v in base.items()}
    write(d, "base2.prof", same)
    # a second NEW run, merged with the first one (Stats(new, new2))
    write(d, "new2.prof", {work: (200, 200, 0.41, 1.21, {main: (200, 200, 0.41, 1.21)}),
                           new: (7, 7, 0.0001, 0.0001, {main: (7, 7, 0.0001, 0.0001)}),
                           ("lib/x/work.c", 3, "work"): (1, 1, 0.001, 0.001, {})})
    # a tiny function that doubles its calls and its time (under 1 % of it)
    tiny = dict(base)
    tiny[("src/tiny.c", 1, "tiny")] = (1, 1, 0.0001, 0.0001, {main: (1, 1, 0.0001, 0.0001)})
    write(d, "tiny_base.prof", tiny)
    tiny2 = dict(base)
    tiny2[("src/tiny.c", 1, "tiny")] = (1, 1, 0.0005, 0.0005, {main: (1, 1, 0.0005, 0.0005)})
    write(d, "tiny_new.prof", tiny2)
    write(d, "toplevel.prof", top)


def close(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def check(argv):
    pst, rest = argv[0], argv[1:]
    strip = "--strip-dirs" in rest
    rest = [a for a in rest if a != "--strip-dirs"]
    cut = rest.index("--")
    base_files, new_files = rest[:cut], rest[cut + 1:]
    cmd = [pst, "--diff", "--format", "json"] + (["--strip-dirs"] if strip else [])
    cmd += sum((["--base", f] for f in base_files), []) + new_files
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("pstats failed (%d): %s" % (out.returncode, out.stderr))
    doc = json.loads(out.stdout)
    sides = []
    for files in (base_files, new_files):
        s = pstats.Stats(*files, stream=open(os.devnull, "w"))
        if strip:
            s.strip_dirs()
        sides.append(s)
    b, n = sides
    bad = []
    for name, side, st in (("base", doc["base"], b), ("new", doc["new"], n)):
        if side["total_calls"] != st.total_calls or side["primitive_calls"] != st.prim_calls \
                or not close(side["total_time"], st.total_tt):
            bad.append("%s totals differ" % name)
    keys = set(b.stats) | set(n.stats)
    seen = set()
    for f in doc["functions"]:
        k = (f["file"], f["line"], f["name"])
        if k in seen:
            bad.append("%s listed twice" % (k,))
        seen.add(k)
        want_status = "new" if k not in b.stats else "gone" if k not in n.stats else None
        zero = (0, 0, 0, 0, {})
        bv, nv = b.stats.get(k, zero), n.stats.get(k, zero)
        if want_status is None:
            want_status = "same" if (bv[0], bv[1]) == (nv[0], nv[1]) else "changed"
        if f["status"] != want_status:
            bad.append("%s: status %s, Python says %s" % (k, f["status"], want_status))
        for label, vals, got in (("base", bv, f["base"]), ("new", nv, f["new"])):
            if got is None:
                if k in (b.stats if label == "base" else n.stats):
                    bad.append("%s: %s missing" % (k, label))
                continue
            want = {"primitive_calls": vals[0], "calls": vals[1], "tottime": vals[2], "cumtime": vals[3]}
            for field, w in want.items():
                if not close(got[field], w):
                    bad.append("%s: %s %s %r != Python's %r" % (k, label, field, got[field], w))
        ch = f["change"]
        for i, field in enumerate(("primitive_calls", "calls", "tottime", "cumtime")):
            if not close(ch[field], nv[i] - bv[i]):
                bad.append("%s: change of %s %r != %r" % (k, field, ch[field], nv[i] - bv[i]))
            rel = f["relative"]
            if k in b.stats:
                want = None if bv[i] == 0 else 100.0 * (nv[i] - bv[i]) / bv[i]
                if not close(rel[field], want):
                    bad.append("%s: relative %s %r != %r" % (k, field, rel[field], want))
        callers = set(bv[4]) | set(nv[4])
        got_callers = [(c["file"], c["line"], c["name"]) for c in f["callers"]]
        if sorted(got_callers) != sorted(callers) or len(set(got_callers)) != len(got_callers):
            bad.append("%s: callers %s, Python has %s" % (k, got_callers, sorted(callers)))
        for c in f["callers"]:
            ck = (c["file"], c["line"], c["name"])
            be, ne = bv[4].get(ck), nv[4].get(ck)
            for label, e, got in (("base", be, c["base"]), ("new", ne, c["new"])):
                if (e is None) != (got is None):
                    bad.append("%s <- %s: %s presence differs" % (k, ck, label))
                elif e is not None and not all(close(got[fl], e[i]) for i, fl in enumerate(
                        ("calls", "primitive_calls", "tottime", "cumtime"))):
                    bad.append("%s <- %s: %s %r != %r" % (k, ck, label, got, e))
            be, ne = be or (0, 0, 0, 0), ne or (0, 0, 0, 0)
            for i, fl in enumerate(("calls", "primitive_calls", "tottime", "cumtime")):
                if not close(c["change"][fl], ne[i] - be[i]):
                    bad.append("%s <- %s: change of %s" % (k, ck, fl))
    if seen != keys:
        bad.append("listed %d functions, Python's union has %d" % (len(seen), len(keys)))
    if doc["compared"] != len(keys):
        bad.append("compared %d != %d" % (doc["compared"], len(keys)))
    if bad:
        sys.exit("\n".join(bad))
    print("same %d functions" % len(keys))


FIELDS = {"cumulative": 3, "time": 2, "calls": 1, "pcalls": 0}


def listed(argv):
    pst, args = argv[0], argv[1:]
    key, amounts, files = "cumulative", [], []
    i = 0
    while i < len(args):
        if args[i] == "-s":
            key = args[i + 1]
            i += 2
        elif args[i] == "-n":
            amounts.append(args[i + 1])
            i += 2
        else:
            files.append(args[i])
            i += 1
    cmd = [pst, "--diff", "-s", key] + sum((["-n", a] for a in amounts), []) + files
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("pstats failed: " + out.stderr)
    lines = out.stdout.split("\n")
    head = [l for l in lines if l.startswith("   ncalls")]
    col = head[0].index("filename:lineno(function)") if head else 0
    rows = []
    if head:
        for l in lines[lines.index(head[0]) + 1:]:
            if not l:
                break
            rows.append(l[col:])
    reduced = [l for l in lines if l.startswith(("   List reduced", "   <Invalid"))]
    b, n = (pstats.Stats(f, stream=open(os.devnull, "w")) for f in files)
    union = list(n.stats) + [k for k in b.stats if k not in n.stats]
    zero = (0, 0, 0, 0, {})
    fld = FIELDS[key]
    change = {k: n.stats.get(k, zero)[fld] - b.stats.get(k, zero)[fld] for k in union}
    order = sorted(union, key=lambda k: -abs(change[k]))
    msg = ""
    for a in amounts:
        try:
            sel = int(a)
        except ValueError:
            try:
                sel = float(a)
            except ValueError:
                sel = a
        order, msg = n.eval_print_amount(sel, order, msg)
    want_rows = [pstats.func_std_string(k) for k in order]
    # get_print_list prints nothing for an empty list, not even the messages
    want_reduced = [l for l in msg.split("\n") if l] if order else []
    bad = []
    if rows != want_rows:
        bad.append("rows %s\nPython %s" % (rows, want_rows))
    if reduced != want_reduced:
        bad.append("messages %s\nPython %s" % (reduced, want_reduced))
    if bad:
        sys.exit("\n".join(bad))
    print("same %d rows" % len(rows))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "check":
        check(sys.argv[2:])
    elif sys.argv[1] == "listed":
        listed(sys.argv[2:])
    else:
        sys.exit(__doc__)
