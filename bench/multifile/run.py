#!/usr/bin/env python3
"""Multi-file workload: pigz with zlib, both built from their sources.

    python3 bench/multifile/run.py [--cprof-build DIR] [--pigz DIR] [--zlib DIR]
                                   [--reps N] [--size BYTES] [--level L]

Real programs are many files and most of their calls cross them (issue 19).
This builds pigz (pigz.c, yarn.c, try.c and its copy of zopfli, 11 files)
and zlib (15 files, linked as a static library libz.a) in three
configurations with the same clang and -O2 -g:

    plain        no instrumentation
    cprof        cprof-cc (ABI 3: a call into another instrumented file pays
                 one pair of hooks, docs/cross-file-calls.md)
    cprof abi2   cprof-cc -cprof-callee-flag=false (call sites as before ABI
                 3: builtin hooks around every call into another file, the
                 runtime absorbing them)

and runs `pigz -p 1 -L -c` on SIZE bytes of zlib's own sources (default
200,000; level 11, zopfli) for every configuration and, for the cprof ones,
each timer (CPROF_TIMER=wall: the TSC; monotonic: clock_gettime), round robin
pinned to CPU 1 (`taskset -c 1`), REPS times (default 3). Each output is
checked against the input with `gzip -dc`. Per configuration: the median CPU
time (user + system) of the process, the slowdown against plain, the calls
the dump recorded (Python's pstats), ns per recorded call = (CPU - plain CPU)
/ calls, and the dump's total time (sum of tottime, what pstats prints as
"in N seconds") against plain's CPU time.

Sources are never committed: --pigz/--zlib (or PIGZ_SRC/ZLIB_SRC) name
checkouts; by default bench/.cache/pigz and bench/.cache/zlib (git ignored),
filled by hand, e.g. `git -C <clone> archive HEAD | tar -x -C bench/.cache/zlib`.
Results go to bench/multifile/results.md (and raw.json beside it).
"""
import argparse
import json
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(BENCH, ".out", "multifile")

ZLIB_FILES = ["adler32", "compress", "crc32", "deflate", "gzclose", "gzlib", "gzread",
              "gzwrite", "infback", "inffast", "inflate", "inftrees", "trees", "uncompr",
              "zutil"]
PIGZ_FILES = ["pigz", "yarn", "try"] + ["zopfli/src/zopfli/" + f for f in (
    "deflate", "blocksplitter", "tree", "lz77", "cache", "hash", "util", "squeeze",
    "katajainen", "symbols")]
OPT = ["-O2", "-g"]
ZLIB_DEFS = ["-DHAVE_UNISTD_H", "-DHAVE_STDARG_H"]  # what zlib's configure finds here
CONFIGS = {
    "plain": None,
    "cprof": [],
    "cprof abi2": ["-Xclang", "-mllvm", "-Xclang", "-cprof-callee-flag=false"],
}
TIMERS = ["wall", "monotonic"]


def die(msg):
    print(f"multifile: {msg}", file=sys.stderr)
    sys.exit(1)


def sh(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode:
        die(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()[-600:]}")
    return r.stdout


def find_cprof_build(arg):
    for c in [arg, os.environ.get("CPROF_BUILD", ""),
              os.path.join(ROOT, "build", "test"), os.path.join(ROOT, "build")]:
        if c and os.path.exists(os.path.join(c, "bin", "cprof-cc")):
            return os.path.abspath(c)
    die("no cprof build found (pass --cprof-build DIR)")


def plain_compiler(cc):
    """The clang cprof-cc wraps, so that plain and cprof builds differ only
    by the instrumentation."""
    if os.environ.get("CPROF_CLANG"):
        return os.environ["CPROF_CLANG"]
    m = re.search(r"^compiler=\$\{CPROF_CLANG:-([^}]+)\}", open(cc).read(), re.M)
    return m.group(1) if m else "clang"


def build(cfg, flags, cc, clang, pigz, zlib):
    d = os.path.join(OUT, cfg.replace(" ", "-"))
    os.makedirs(d, exist_ok=True)
    comp = [clang] if flags is None else [cc] + flags
    zobjs = []
    for f in ZLIB_FILES:
        o = os.path.join(d, "z-" + f + ".o")
        sh(comp + OPT + ZLIB_DEFS + ["-c", os.path.join(zlib, f + ".c"), "-o", o])
        zobjs.append(o)
    lib = os.path.join(d, "libz.a")
    if os.path.exists(lib):
        os.unlink(lib)
    sh(["ar", "rcs", lib] + zobjs)
    pobjs = []
    for f in PIGZ_FILES:
        o = os.path.join(d, "p-" + os.path.basename(f) + ".o")
        sh(comp + OPT + ["-I" + zlib, "-c", os.path.join(pigz, f + ".c"), "-o", o])
        pobjs.append(o)
    exe = os.path.join(d, "pigz")
    sh(comp + OPT + pobjs + [lib, "-lm", "-lpthread", "-o", exe])
    return exe


def make_input(zlib, size):
    data = b""
    while len(data) < size:
        for f in ZLIB_FILES:
            with open(os.path.join(zlib, f + ".c"), "rb") as fh:
                data += fh.read()
    path = os.path.join(OUT, f"input-{size}")
    with open(path, "wb") as fh:
        fh.write(data[:size])
    return path


def run_once(exe, inp, level, env):
    out = os.path.join(OUT, "out.gz")
    t0 = time.monotonic()
    with open(out, "wb") as fo:
        p = subprocess.Popen(["taskset", "-c", "1", exe, "-p", "1", f"-{level}", "-c", inp],
                             stdout=fo, env=env)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status:
        die(f"{exe}: exit status {status}")
    return ru.ru_utime + ru.ru_stime, wall, out


def dump_figures(path):
    st = pstats.Stats(path)
    return sum(v[1] for v in st.stats.values()), st.total_tt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cprof-build", default="")
    ap.add_argument("--pigz", default=os.environ.get("PIGZ_SRC", os.path.join(BENCH, ".cache", "pigz")))
    ap.add_argument("--zlib", default=os.environ.get("ZLIB_SRC", os.path.join(BENCH, ".cache", "zlib")))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--size", type=int, default=200000)
    ap.add_argument("--level", type=int, default=11)
    a = ap.parse_args()
    for d, f in ((a.pigz, "pigz.c"), (a.zlib, "deflate.c")):
        if not os.path.exists(os.path.join(d, f)):
            die(f"no {f} in {d} (see --help: sources are fetched by hand, never committed)")
    cb = find_cprof_build(a.cprof_build)
    cc = os.path.join(cb, "bin", "cprof-cc")
    clang = plain_compiler(cc)
    os.makedirs(OUT, exist_ok=True)
    exes = {cfg: build(cfg, flags, cc, clang, a.pigz, a.zlib) for cfg, flags in CONFIGS.items()}
    inp = make_input(a.zlib, a.size)
    runs = [("plain", None)] + [(c, t) for c in CONFIGS if c != "plain" for t in TIMERS]
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("CPROF_")}
    res = {f"{c}/{t}" if t else c: dict(cpu=[], wall=[], calls=[], total=[]) for c, t in runs}
    for rep in range(a.reps):
        for cfg, timer in runs:
            key = f"{cfg}/{timer}" if timer else cfg
            env = dict(base_env)
            prof = os.path.join(OUT, "run.prof")
            if timer:
                env.update(CPROF_FILE=prof, CPROF_TIMER=timer)
                if os.path.exists(prof):
                    os.unlink(prof)
            cpu, wall, out = run_once(exes[cfg], inp, a.level, env)
            r = res[key]
            r["cpu"].append(cpu)
            r["wall"].append(wall)
            if rep == 0:  # the output is the input, compressed
                with open(inp, "rb") as fh:
                    if subprocess.run(["gzip", "-dc", out], stdout=subprocess.PIPE,
                                      check=True).stdout != fh.read():
                        die(f"{key}: pigz output does not decompress to the input")
            if timer:
                calls, total = dump_figures(prof)
                r["calls"].append(calls)
                r["total"].append(total)
            print(f"rep {rep + 1}/{a.reps} {key}: cpu {cpu:.2f} s wall {wall:.2f} s", file=sys.stderr)
    base = statistics.median(res["plain"]["cpu"])
    rows = []
    for key, r in res.items():
        cpu = statistics.median(r["cpu"])
        row = dict(config=key, cpu=cpu, cpu_min=min(r["cpu"]), cpu_max=max(r["cpu"]),
                   wall=statistics.median(r["wall"]), slowdown=cpu / base)
        if r["calls"]:
            calls = statistics.median(r["calls"])
            row.update(calls=calls, ns_per_call=(cpu - base) / calls * 1e9,
                       total=statistics.median(r["total"]),
                       total_vs_plain=statistics.median(r["total"]) / base)
        rows.append(row)
    md = [f"pigz -p 1 -{a.level} -c on {a.size:,} bytes (zlib's sources), pigz and zlib built "
          f"from sources with {os.path.basename(clang)} -O2 -g ({len(PIGZ_FILES)} + "
          f"{len(ZLIB_FILES)} files, zlib as libz.a); {a.reps} interleaved runs per "
          "configuration pinned to CPU 1, medians of the process CPU time (user + system); "
          f"measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.\n",
          "| configuration / timer | CPU s, median | min–max | wall s | slowdown | calls recorded "
          "| ns/call | dump total s | dump total / plain |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "calls" in r:
            extra = (f"{r['calls']:,.0f} | {r['ns_per_call']:.1f} | {r['total']:.2f} | "
                     f"{r['total_vs_plain']:.2f} |")
        else:
            extra = "| | | |"
        md.append(f"| {r['config']} | {r['cpu']:.2f} | {r['cpu_min']:.2f}–{r['cpu_max']:.2f} | "
                  f"{r['wall']:.2f} | {r['slowdown']:.2f} | {extra}")
    text = "\n".join(md) + "\n"
    print(text)
    with open(os.path.join(HERE, "results.md"), "w") as fh:
        fh.write(text)
    with open(os.path.join(HERE, "raw.json"), "w") as fh:
        json.dump(dict(args=vars(a), clang=clang, rows=rows, runs=res), fh, indent=1)


if __name__ == "__main__":
    main()
