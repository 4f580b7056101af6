#!/usr/bin/env python3
"""Runs every case of test/conformance/vectors/*/CASES.tsv through our
`pstats` and compares stdout with Python's expected output byte for byte.

Each vector is copied to a scratch folder, its dumps get mtime 1000000000 and
TZ=UTC (the README's header-line rule), and the command line of CASES.tsv's
third column runs there with `pstats` resolved to the binary under test.
Also checks `-o`: every vector's dump written back (Stats(f).dump_stats) and
the merge vectors' merged dump must load in Python's marshal with the same
keys in the same order, equal counts and caller tables, and times equal to
1e-12 relative (merged.prof is Python's own dump_stats of the merge).

usage: run_conformance.py PSTATS VECTORS_DIR SCRATCH_DIR [VECTOR...]
"""
import marshal
import math
import os
import shutil
import subprocess
import sys


def same_num(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if a == b:
        return True
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def same_value(a, b):
    if isinstance(a, tuple) != isinstance(b, tuple):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(
            same_num(x, y) if i >= 2 else (x == y and type(x) is type(y))
            for i, (x, y) in enumerate(zip(a, b)))
    return a == b and type(a) is type(b)


def compare_dumps(ours, theirs):
    """'' if equal, else a description of the first difference."""
    if list(ours) != list(theirs):
        return "keys differ or are in another order:\n  ours   %r\n  python %r" % (
            list(ours), list(theirs))
    for k in theirs:
        a, b = ours[k], theirs[k]
        if a[0] != b[0] or a[1] != b[1] or not same_num(a[2], b[2]) or not same_num(a[3], b[3]):
            return "%r: values %r != %r" % (k, a[:4], b[:4])
        if list(a[4]) != list(b[4]):
            return "%r: caller keys %r != %r" % (k, list(a[4]), list(b[4]))
        for c in b[4]:
            if not same_value(a[4][c], b[4][c]):
                return "%r: caller %r: %r != %r" % (k, c, a[4][c], b[4][c])
    return ""


def run(pstats, args, cwd, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True,
                          shell=isinstance(args, str))


def main():
    pstats, vectors, scratch = sys.argv[1:4]
    only = set(sys.argv[4:])
    pstats = os.path.abspath(pstats)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    env["PATH"] = os.path.dirname(pstats) + os.pathsep + env.get("PATH", "")
    failures = []
    details = []
    cases = 0
    for name in sorted(os.listdir(vectors)):
        src = os.path.join(vectors, name)
        if not os.path.isfile(os.path.join(src, "CASES.tsv")) or (only and name not in only):
            continue
        work = os.path.join(scratch, name)
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(src, work)
        dumps = sorted(f for f in os.listdir(work) if f.endswith(".prof"))
        for f in dumps:
            os.utime(os.path.join(work, f), (1000000000, 1000000000))
        with open(os.path.join(work, "CASES.tsv"), encoding="utf-8") as tsv:
            rows = [l.rstrip("\n").split("\t") for l in tsv if l.strip() and not l.startswith("#")]
        for expected, call, cmdline in rows:
            cases += 1
            assert cmdline.startswith("pstats "), cmdline
            cmd = "'%s' %s" % (pstats, cmdline[len("pstats "):])
            p = run(pstats, cmd, work, env)
            want = open(os.path.join(work, expected), "rb").read()
            if p.returncode != 0 or p.stderr or p.stdout != want:
                failures.append("%s/%s: `%s`: exit %d, stderr %r%s" % (
                    name, expected, cmdline, p.returncode, p.stderr.decode(errors="replace"),
                    "" if p.stdout == want else ", stdout differs"))
                if p.stdout != want:
                    with open(os.path.join(work, expected + ".ours"), "wb") as o:
                        o.write(p.stdout)
                    d = subprocess.run(["diff", os.path.join(work, expected),
                                        os.path.join(work, expected + ".ours")],
                                       capture_output=True, text=True, errors="replace")
                    details.append("\n".join(d.stdout.splitlines()[:20]))
        # -o round trips
        runs = [f for f in dumps if f.startswith("run")]
        checks = []
        if runs and "merged.prof" in dumps:
            checks.append((runs, "merged.prof"))
        for f in dumps:
            checks.append(([f], f))
        for inputs, reference in checks:
            cases += 1
            out = os.path.join(work, "ours-" + "-".join(inputs))
            if os.path.exists(out):
                os.unlink(out)
            p = run(pstats, [pstats, "-o", out] + inputs, work, env)
            what = "%s: pstats -o OUT %s" % (name, " ".join(inputs))
            if p.returncode != 0 or p.stderr:
                failures.append("%s: exit %d, stderr %r" % (what, p.returncode, p.stderr))
                continue
            with open(out, "rb") as f1, open(os.path.join(work, reference), "rb") as f2:
                diff = compare_dumps(marshal.load(f1), marshal.load(f2))
            if diff:
                failures.append("%s vs %s: %s" % (what, reference, diff))
            leftovers = [f for f in os.listdir(work) if ".tmp" in f]
            if leftovers:
                failures.append("%s: temporary files left: %r" % (what, leftovers))
    for f in failures + details:
        print(f)
    print("%d cases, %d failures" % (cases, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
