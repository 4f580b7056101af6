"""Side-by-side benchmark: merge N dumps, sort by cumulative time, print the
top 30 -- cprof's `pstats` against Python's pstats, in the same run.

    pstats -s cumulative -n 30 DUMPS...
    python3 -c 'import pstats, sys; pstats.Stats(*sys.argv[1:])
                .sort_stats("cumulative").print_stats(30)' DUMPS...

Both are pinned to one CPU (taskset -c CPU) and, with --unpinned, also run
free on every CPU (where cprof's pstats reads the dumps on one thread per
CPU), all interleaved (cprof, Python, cprof, Python, ...) REPS times;
reported per configuration: median wall time, median CPU time (user +
system, from the child's rusage), peak RSS, the total size of the dumps, and
the ratios. The outputs must be byte-identical (the run fails otherwise).
With --output, `pstats -o` of the merge is timed too (against Python's
Stats(...).dump_stats), and the two merged dumps must load to the same
statistics.

usage: run_bench.py PSTATS DUMPDIR [--reps R] [--cpu C] [--limit N]
                    [--unpinned] [--output]
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

PY = ("import pstats, sys; "
      "pstats.Stats(*sys.argv[1:]).sort_stats('cumulative').print_stats(30)")
PY_OUT = ("import pstats, sys; "
          "pstats.Stats(*sys.argv[2:]).dump_stats(sys.argv[1])")
CHECK_OUT = ("import marshal, sys; a, b = (marshal.load(open(f, 'rb')) for f in sys.argv[1:]); "
             "sys.exit(0 if list(a.items()) == list(b.items()) else 1)")


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
    ap.add_argument("--unpinned", action="store_true", help="also run on every CPU")
    ap.add_argument("--output", action="store_true", help="also time -o / dump_stats")
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.dumpdir, "*.prof")))
    if a.limit:
        files = files[:a.limit]
    if not files:
        sys.exit("no *.prof in " + a.dumpdir)
    total = sum(os.path.getsize(f) for f in files)
    tmp = tempfile.mkdtemp()
    ours_out, theirs_out = os.path.join(tmp, "ours.prof"), os.path.join(tmp, "python.prof")
    jobs = [("print", [a.pstats, "-s", "cumulative", "-n", "30"] + files,
             [sys.executable, "-c", PY] + files)]
    if a.output:
        jobs.append(("-o", [a.pstats, "-o", ours_out] + files,
                     [sys.executable, "-c", PY_OUT, theirs_out] + files))
    cpus = [a.cpu] + ([None] if a.unpinned else [])
    res = {}
    for rep in range(a.reps):
        for cpu in cpus:
            where = "pinned" if cpu is not None else "unpinned"
            for job, ours, theirs in jobs:
                outs = {}
                for name, cmd in (("cprof", ours), ("python", theirs)):
                    r = run(cmd, cpu)
                    res.setdefault((job, where, name), []).append(r)
                    outs[name] = r[3]
                    print("rep %d %-8s %-5s %-6s wall %8.3f s  cpu %8.3f s  rss %7.1f MiB"
                          % (rep + 1, where, job, name, r[0], r[1], r[2] / 2**20), flush=True)
                if job == "print" and outs["cprof"] != outs["python"]:
                    sys.exit("outputs differ")
                if job == "-o" and subprocess.run([sys.executable, "-c", CHECK_OUT, ours_out,
                                                   theirs_out]).returncode != 0:
                    sys.exit("merged dumps differ")
    print()
    print("dumps: %d files, %.1f MiB" % (len(files), total / 2**20))
    for job, _, _ in jobs:
        for cpu in cpus:
            where = "pinned" if cpu is not None else "unpinned"
            med = {}
            for name in ("cprof", "python"):
                v = res[(job, where, name)]
                med[name] = (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v),
                             max(x[2] for x in v))
                m = med[name]
                print("%-5s %-8s %-7s median wall %8.3f s  median cpu %8.3f s  peak RSS %7.1f MiB "
                      "(%.2f x dump bytes)" % (job, where, name, m[0], m[1], m[2] / 2**20,
                                               m[2] / total))
            c, p = med["cprof"], med["python"]
            print("%-5s %-8s speed-up: %.1fx wall, %.1fx cpu%s" % (
                job, where, p[0] / c[0], p[1] / c[1],
                "; outputs identical" if job == "print" else "; merged dumps equal"))
    for f in (ours_out, theirs_out):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
