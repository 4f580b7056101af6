"""Side-by-side benchmark: merge N dumps, sort by cumulative time, print the
top 30 -- cprof's `pstats` against Python's pstats, in the same run.

    pstats -s cumulative -n 30 DUMPS...
    python3 -c 'import pstats, sys; pstats.Stats(*sys.argv[1:])
                .sort_stats("cumulative").print_stats(30)' DUMPS...

Both are pinned to one CPU (taskset -c CPU), run interleaved (cprof,
Python, cprof, Python, ...) REPS times; reported: median wall time, median
CPU time (user + system, from the child's rusage), peak RSS, the total size
of the dumps, and the ratios. The two outputs must be byte-identical (the
run fails otherwise).

usage: run_bench.py PSTATS DUMPDIR [--reps R] [--cpu C] [--limit N]
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

PY = ("import pstats, sys; "
      "pstats.Stats(*sys.argv[1:]).sort_stats('cumulative').print_stats(30)")


def run(cmd, cpu):
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu)] + cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit("failed (status %d): %s" % (status, " ".join(cmd[:6])))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pstats")
    ap.add_argument("dumpdir")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--cpu", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use the first N dumps")
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.dumpdir, "*.prof")))
    if a.limit:
        files = files[:a.limit]
    if not files:
        sys.exit("no *.prof in " + a.dumpdir)
    total = sum(os.path.getsize(f) for f in files)
    ours = [a.pstats, "-s", "cumulative", "-n", "30"] + files
    theirs = [sys.executable, "-c", PY] + files
    res = {"cprof": [], "python": []}
    for rep in range(a.reps):
        for name, cmd in (("cprof", ours), ("python", theirs)):
            r = run(cmd, a.cpu)
            res[name].append(r)
            print("rep %d %-6s wall %8.3f s  cpu %8.3f s  rss %7.1f MiB"
                  % (rep + 1, name, r[0], r[1], r[2] / 2**20), flush=True)
        if res["cprof"][-1][3] != res["python"][-1][3]:
            sys.exit("outputs differ")
    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v),
               max(x[2] for x in v)) for k, v in res.items()}
    c, p = med["cprof"], med["python"]
    print()
    print("dumps: %d files, %.1f MiB" % (len(files), total / 2**20))
    print("%-7s median wall %8.3f s  median cpu %8.3f s  peak RSS %7.1f MiB (%.2f x dump bytes)"
          % ("cprof", c[0], c[1], c[2] / 2**20, c[2] / total))
    print("%-7s median wall %8.3f s  median cpu %8.3f s  peak RSS %7.1f MiB (%.2f x dump bytes)"
          % ("python", p[0], p[1], p[2] / 2**20, p[2] / total))
    print("speed-up: %.1fx wall, %.1fx cpu; outputs identical" % (p[0] / c[0], p[1] / c[1]))


if __name__ == "__main__":
    main()
