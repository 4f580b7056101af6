#!/usr/bin/env python3
"""What filters save on a real workload: SQLite (bench/workloads/sqlite_driver.c
over the amalgamation bench/setup.sh fetches) with its hottest tiny helpers
excluded, at compile time and at run time, and with --cprof-min-size.

    python3 bench/filters/run.py [--cprof-build DIR] [--reps N] [--rows N] [--top]

Every configuration is built with bench/run.py's Builder (-O2 -g, the same
SQLite flags). Runs are pinned to CPU 1 and interleaved (one run of each
configuration per round, --reps rounds); the table gives per configuration
the median CPU time (user + system), the slowdown against the unprofiled
build of the same round set, the calls the dump records (read back with
Python's pstats) and the cost per recorded call, (CPU - baseline CPU) /
calls. --top prints the functions with the most calls of a full profile
(how EXCLUDED below was chosen) and exits.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import run as bench  # noqa: E402  (bench/run.py: Builder, flags, paths)

OUT = os.path.join(bench.OUT, "filters")

# The SQLite functions with the most calls in a full profile of the driver
# (`--top`, 100000 rows: 54.9% of all recorded calls), accessors and varint,
# cell, page-cache and comparison helpers a few to a few dozen instructions
# long, and the memcmp builtin their comparisons call.
EXCLUDED = [
    "sqlite3GetVarint", "getCellInfo", "memcmp", "vdbeSorterCompareInt", "sqlite3VdbeSerialGet",
    "sqlite3PcacheRelease", "pcache1Fetch", "getPageNormal", "btreeParseCellPtr",
    "sqlite3_value_numeric_type", "btreeParseCellPtrIndex",
]


def configs(excluded, min_size):
    flags = ["--cprof-exclude=" + f for f in excluded]
    env = {"CPROF_EXCLUDE": ",".join(excluded)}
    # name: (compiler kind, compile flags, run-time environment)
    return {
        "baseline": ("plain", [], None),
        "cprof": ("cprof", [], {}),
        f"cprof --cprof-exclude (top {len(excluded)})": ("cprof", flags, {}),
        f"cprof + CPROF_EXCLUDE (top {len(excluded)})": ("cprof", [], env),
        f"cprof --cprof-min-size={min_size}": ("cprof", [f"--cprof-min-size={min_size}"], {}),
    }


def build(b, name, kind, flags):
    sq = os.path.join(bench.CACHE, "sqlite", "sqlite3.c")
    d = os.path.join(OUT, bench.slug(name))
    inc = ["-I" + os.path.dirname(sq)]
    objs = [b.compile(kind, "c", flags, sq, os.path.join(d, "sqlite3.o"), bench.SQLITE_DEFS + inc),
            b.compile(kind, "c", flags, os.path.join(bench.WL, "sqlite_driver.c"),
                      os.path.join(d, "sqlite_driver.o"), inc)]
    return b.link(kind, "c", flags, objs, os.path.join(d, "sqlite_driver"), ["-lm"])


def run_once(exe, env_extra, rows, prof):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPROF_")}
    if env_extra is not None:
        env.update(env_extra)
        env["CPROF_FILE"] = prof
    c0 = bench.cpu_of_children()
    r = subprocess.run(["taskset", "-c", "1", exe, str(rows)], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    cpu = bench.cpu_of_children() - c0
    if r.returncode != 0 or r.stderr:
        raise bench.BenchError(f"{exe}: exit {r.returncode}: {r.stderr.strip()[-400:]}")
    return cpu, r.stdout


def calls_in(prof):
    import pstats
    st = pstats.Stats(prof).stats
    return sum(nc for (cc, nc, tt, ct, callers) in st.values()), st


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cprof-build", default="")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--min-size", type=int, default=20)
    ap.add_argument("--top", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(bench.CACHE, "sqlite", "sqlite3.c")):
        bench.die("SQLite is missing: run bench/setup.sh")
    cb = bench.find_cprof_build(a.cprof_build)
    b = bench.Builder(cb, 2)
    os.makedirs(OUT, exist_ok=True)
    cfgs = configs(EXCLUDED, a.min_size)
    if a.top:
        exes = {"cprof": build(b, "cprof", "cprof", [])}
    else:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(2) as ex:  # the amalgamation dominates: two at a time
            futs = {n: ex.submit(build, b, n, kind, flags) for n, (kind, flags, env) in cfgs.items()
                    if env is None or flags or n == "cprof"}
        exes = {n: f.result() for n, f in futs.items()}
        for n, (kind, flags, env) in cfgs.items():
            exes.setdefault(n, exes["cprof"])  # run-time filters: the full build
    if a.top:
        prof = os.path.join(OUT, "top.prof")
        run_once(exes["cprof"], {}, a.rows, prof)
        total, st = calls_in(prof)
        rows = sorted(((nc, k[2]) for k, (cc, nc, tt, ct, c) in st.items()), reverse=True)
        acc = 0
        for nc, name in rows[:20]:
            acc += nc
            print(f"{nc:12d} {100.0 * nc / total:5.1f}% {100.0 * acc / total:5.1f}%  {name}")
        return
    cpu = {n: [] for n in cfgs}
    outputs, calls = {}, {}
    for _ in range(a.reps):
        for n, (kind, flags, env) in cfgs.items():
            prof = os.path.join(OUT, bench.slug(n) + ".prof")
            t, out = run_once(exes[n], env, a.rows, prof)
            cpu[n].append(t)
            outputs.setdefault(n, out)
            if out != outputs["baseline"]:
                raise bench.BenchError(f"{n}: output differs from the unprofiled build")
            if env is not None:
                calls[n] = calls_in(prof)[0]
    base = statistics.median(cpu["baseline"])
    full_calls = calls["cprof"]
    print(f"**Filters on SQLite** (`bench/filters/run.py --rows {a.rows}`: {a.reps} interleaved "
          "rounds pinned to one CPU; CPU time median and min–max; ns per recorded call = "
          "(CPU − baseline CPU) / calls recorded; output identical to the unprofiled build in "
          "every run)\n")
    print("| configuration | CPU s, median | min–max | slowdown | calls recorded | "
          "calls vs full | ns/recorded call |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for n in cfgs:
        m = statistics.median(cpu[n])
        row = f"| {n} | {m:.3f} | {min(cpu[n]):.3f}–{max(cpu[n]):.3f} | "
        if n == "baseline":
            row += "– | – | – | – |"
        else:
            c = calls[n]
            row += (f"{m / base:.2f}× | {c} | {100.0 * c / full_calls:.1f}% | "
                    f"{(m - base) / c * 1e9:.1f} |")
        print(row)
    print(f"\nExcluded: {', '.join('`' + f + '`' for f in EXCLUDED)}.")


if __name__ == "__main__":
    try:
        main()
    except bench.BenchError as e:
        bench.die(str(e))
