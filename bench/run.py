#!/usr/bin/env python3
"""cprof performance benchmark: cprof side by side with the other profilers.

    bench/setup.sh                       # once: Debian packages + SQLite amalgamation
    python3 bench/run.py [options]       # builds, runs, writes bench/results/

One script, one run. For every workload it builds one binary per
configuration (cached in bench/.out), then runs all configurations
round-robin, pinned to one CPU (taskset -c 1), --reps times, and reports per
configuration the median wall time and its spread (min-max), the slowdown
against the uninstrumented baseline, and the overhead per instrumented call:

    ns/call = (median(config) - median(baseline)) / calls the tool recorded

Each tool's profile is read back with the tool's own reader and its call
count is the denominator; for the micro benchmarks the count of the hot
function is also checked against the exact figure the program prints.
The hook microbenchmark (bench/hooks) and the dump-cost and memory
benchmark (bench/dump) run in the same invocation.

Outputs: bench/results/perf.md (tables), bench/results/overhead.svg (bar
chart), bench/results/raw.json (every timing), and with --readme the section
of bench/README.md between <!-- bench:perf:begin --> and <!-- bench:perf:end -->
is replaced by perf.md, and the one of the top-level README.md between
<!-- bench:summary:begin --> and <!-- bench:summary:end --> by the chart and
the summary table (nothing else in either file is touched).

Python 3 standard library only.
"""
import argparse
import csv
import hashlib
import json
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, ".out")
CACHE = os.path.join(HERE, ".cache")
RESULTS = os.path.join(HERE, "results")
WL = os.path.join(HERE, "workloads")
BEGIN, END = "<!-- bench:perf:begin -->", "<!-- bench:perf:end -->"
SUMMARY_BEGIN, SUMMARY_END = "<!-- bench:summary:begin -->", "<!-- bench:summary:end -->"

CC, CXX = "clang-14", "clang++-14"
OPT = ["-O2", "-g"]
XRAY = ["-fxray-instrument", "-fxray-instruction-threshold=1"]
SQLITE_DEFS = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_DQS=0"]


class BenchError(Exception):
    pass


def die(msg):
    print(f"run.py: {msg}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------
# Workloads. `hot` names a function whose exact call count the program prints
# as "calls NAME COUNT" (a prefix ending in '*' matches a family).


WORKLOADS = {
    "fib": dict(title="fib (recursive)", lang="c", srcs=["fib.c"], args=["32"], small=["28"],
                hot=("fib", "fib")),
    "tiny": dict(title="tiny functions loop", lang="c", srcs=["tiny.c"], args=["1000000"],
                 small=["300000"], hot=("step", "step")),
    "sqlite": dict(title="SQLite", lang="c", srcs=["sqlite_driver.c"], sqlite=True,
                   args=["100000"], small=["20000"], hot=None),
    "cxx": dict(title="C++ STL words", lang="cxx", srcs=["cxx_words.cpp"], args=["500000"],
                small=["50000"], hot=None),
}

# Per-function inclusive / exclusive time, as each tool reports it.
CAPS = {
    "cprof": ("yes", "yes"),
    "cprof-sampled": ("sampled, hooks left out", "sampled, hooks left out"),
    "uftrace": ("yes", "yes"),
    "gprof": ("estimated from samples", "sampled (100 Hz)"),
    "xray": ("yes (latency sums)", "no"),
    "callgrind": ("instructions, not time", "instructions, not time"),
}

# name: (family, compiler kind, compile flags, runner, input size)
CONFIGS = {
    "baseline": ("base", "plain", [], "plain", "full"),
    "cprof": ("cprof", "cprof", [], "cprof", "full"),
    "cprof no-subcalls": ("cprof", "cprof", ["--cprof-no-subcalls"], "cprof", "full"),
    "cprof no-builtins": ("cprof", "cprof", ["--cprof-no-builtins"], "cprof", "full"),
    "cprof early": ("cprof", "cprof", ["--cprof-placement=early"], "cprof", "full"),
    "cprof small": ("cprof", "cprof", [], "cprof", "small"),
    "cprof sampled": ("cprof-sampled", "cprof", [], "cprof-sampled", "full"),
    "gprof": ("gprof", "plain", ["-pg"], "gprof", "full"),
    "uftrace": ("uftrace", "plain", ["-finstrument-functions"], "uftrace", "small"),
    "xray basic": ("xray", "plain", XRAY, "xray-basic", "small"),
    "xray fdr": ("xray", "plain", XRAY, "xray-fdr", "small"),
    # valgrind 3.19 cannot read clang 14's default DWARF 5
    "callgrind": ("callgrind", "plain", ["-gdwarf-4"], "callgrind", "small"),
    "baseline small": ("base", "plain", [], "plain", "small"),
    # GCC rows, each compared with GCC's own baseline: the GCC plugin
    # (cprof-gcc), and plain -finstrument-functions linked as cprof-gcc links
    "gcc baseline": ("base", "gcc", [], "plain", "full"),
    "cprof-gcc": ("cprof", "cprof-gcc", [], "cprof", "full"),
    "gcc -finstrument-functions": ("cprof", "gcc-cyg", ["-finstrument-functions"], "cprof", "full"),
}
# The compiler under each kind of build (gcc, or clang for the others).
GCC_KINDS = {"gcc", "cprof-gcc", "gcc-cyg"}
GCC, GXX = "gcc", "g++"
BINARY_OF = {  # configurations that share a binary
    "baseline small": "baseline", "cprof small": "cprof", "cprof sampled": "cprof",
}


def sh(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        raise BenchError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()[-800:]}")
    return r.stdout


def find_cprof_build(arg):
    cands = [arg] if arg else [os.environ.get("CPROF_BUILD", "")] + \
        [os.path.join(ROOT, d) for d in ["build"] + sorted(os.listdir(ROOT))
         if d.startswith("build")]
    for c in cands:
        if c and os.path.exists(os.path.join(c, "bin", "cprof-cc")):
            return os.path.abspath(c)
    die("no cprof build found (build the project, then pass --cprof-build DIR)")


# --------------------------------------------------------------------------
# Building


class Builder:
    def __init__(self, cprof_build, jobs):
        self.cb = cprof_build
        self.jobs = jobs
        clang = sh([CC, "--version"]).encode()
        # What a cached output depends on besides its command and inputs:
        # plain builds on clang only; cprof compiles also on the wrappers and
        # the pass plugin; cprof links also on the runtime.
        self.stamp = {
            ("plain", "c"): self._digest([], clang), ("plain", "l"): self._digest([], clang),
            ("cprof", "c"): self._digest(["bin/cprof-cc", "bin/cprof-c++",
                                          "lib/cprof/cprof-llvm.so"], clang),
            ("cprof", "l"): self._digest(["bin/cprof-cc", "bin/cprof-c++", "lib/libcprof.so",
                                          "lib/libcprof.a", "lib/libcprof_exec.a",
                                          "lib/cprof/cprof.dynlist"], clang),
        }
        if shutil.which(GCC) and os.path.exists(os.path.join(cprof_build, "bin", "cprof-gcc")):
            gcc = sh([GCC, "--version"]).encode()
            runtime = ["lib/libcprof.a", "lib/libcprof_exec.a", "lib/cprof/cprof.dynlist"]
            wrappers = ["bin/cprof-gcc", "bin/cprof-g++"]
            self.stamp.update({
                ("gcc", "c"): self._digest([], gcc), ("gcc", "l"): self._digest([], gcc),
                ("cprof-gcc", "c"): self._digest(wrappers + ["lib/cprof/cprof-gcc.so"], gcc),
                ("cprof-gcc", "l"): self._digest(wrappers + runtime, gcc),
                ("gcc-cyg", "c"): self._digest([], gcc),
                ("gcc-cyg", "l"): self._digest(wrappers + runtime, gcc),
            })

    def _digest(self, files, extra):
        h = hashlib.sha256(extra)
        for p in files:
            f = os.path.join(self.cb, p)
            if os.path.exists(f):
                with open(f, "rb") as fh:
                    h.update(hashlib.sha256(fh.read()).digest())
        return h.hexdigest()

    def compiler(self, kind, lang, linking=False):
        if kind == "cprof":
            return os.path.join(self.cb, "bin", "cprof-c++" if lang == "cxx" else "cprof-cc")
        # -finstrument-functions objects link with the runtime as cprof-gcc links it
        if kind == "cprof-gcc" or (kind == "gcc-cyg" and linking):
            return os.path.join(self.cb, "bin", "cprof-g++" if lang == "cxx" else "cprof-gcc")
        if kind in GCC_KINDS:
            return GXX if lang == "cxx" else GCC
        return CXX if lang == "cxx" else CC

    def cached(self, out, cmd, inputs, fn, stamp):
        """Run fn() unless `out` was made by the same command from the same inputs."""
        h = hashlib.sha256(json.dumps(cmd).encode() + stamp.encode())
        for i in inputs:
            with open(i, "rb") as fh:
                h.update(hashlib.sha256(fh.read()).digest())
        stampf = out + ".stamp"
        key = h.hexdigest()
        if os.path.exists(out) and os.path.exists(stampf) and open(stampf).read() == key:
            return
        fn()
        with open(stampf, "w") as fh:
            fh.write(key)

    def compile(self, kind, lang, flags, src, obj, extra=()):
        cmd = [self.compiler(kind, lang)] + flags + OPT + list(extra) + ["-c", src, "-o", obj]
        os.makedirs(os.path.dirname(obj), exist_ok=True)
        self.cached(obj, cmd, [src], lambda: sh(cmd), self.stamp[(kind, "c")])
        return obj

    def link(self, kind, lang, flags, objs, exe, libs=()):
        cmd = [self.compiler(kind, lang, linking=True)] + flags + OPT + objs + ["-o", exe] + list(libs)
        self.cached(exe, cmd, objs, lambda: sh(cmd), self.stamp[(kind, "l")])
        return exe

    def build_all(self, workloads):
        """One binary per (workload, configuration); returns {(wl, cfg): exe}."""
        jobs = []
        for wl in workloads:
            w = WORKLOADS[wl]
            for cfg, (fam, kind, flags, runner, size) in CONFIGS.items():
                if cfg in BINARY_OF and BINARY_OF[cfg] != cfg:
                    continue
                jobs.append((wl, cfg))
        # The SQLite amalgamation dominates: compile those objects in parallel first.
        sq = os.path.join(CACHE, "sqlite", "sqlite3.c")

        def sqlite_obj(cfg):
            fam, kind, flags, runner, size = CONFIGS[cfg]
            key = hashlib.sha256(json.dumps([kind, flags]).encode()).hexdigest()[:12]
            obj = os.path.join(OUT, "build", "sqlite3", key, "sqlite3.o")
            return self.compile(kind, "c", flags, sq, obj, SQLITE_DEFS + ["-I" + os.path.dirname(sq)])

        if "sqlite" in workloads:
            distinct = {}  # one compile per distinct (compiler, flags)
            for w, c in jobs:
                if w == "sqlite":
                    distinct.setdefault(json.dumps(CONFIGS[c][1:3]), c)
            with ThreadPoolExecutor(self.jobs) as ex:
                list(ex.map(sqlite_obj, distinct.values()))

        def one(job):
            wl, cfg = job
            w = WORKLOADS[wl]
            fam, kind, flags, runner, size = CONFIGS[cfg]
            d = os.path.join(OUT, "build", wl, slug(cfg))
            objs = []
            inc = ["-I" + os.path.join(CACHE, "sqlite")] if w.get("sqlite") else []
            for s in w["srcs"]:
                objs.append(self.compile(kind, w["lang"], flags, os.path.join(WL, s),
                                         os.path.join(d, os.path.splitext(s)[0] + ".o"), inc))
            if w.get("sqlite"):
                objs.append(sqlite_obj(cfg))
            if runner == "xray-fdr":
                objs.append(self.compile("plain", "c", [], os.path.join(WL, "xray_fdr.c"),
                                         os.path.join(d, "xray_fdr.o")))
            return job, self.link(kind, w["lang"], flags, objs, os.path.join(d, wl), ["-lm"])

        with ThreadPoolExecutor(self.jobs) as ex:
            built = dict(ex.map(one, jobs))
        for wl in workloads:
            for cfg in CONFIGS:
                if cfg in BINARY_OF:
                    built[(wl, cfg)] = built[(wl, BINARY_OF[cfg])]
        return built


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


# --------------------------------------------------------------------------
# Running one configuration, and reading its profile back


def run_dir(wl, cfg):
    return os.path.join(OUT, "run", wl, slug(cfg))


def command(wl, cfg, exe):
    """(argv, env, cwd) of one timed run; the profile lands in run_dir."""
    w = WORKLOADS[wl]
    fam, kind, flags, runner, size = CONFIGS[cfg]
    args = w["args"] if size == "full" else w["small"]
    d = run_dir(wl, cfg)
    env = dict(os.environ)
    for k in list(env):
        if k.startswith(("CPROF_", "XRAY_", "GMON_")):
            del env[k]
    pin = ["taskset", "-c", "1"]
    if runner in ("cprof", "cprof-sampled"):
        env["CPROF_FILE"] = os.path.join(d, "out.prof")
        if runner == "cprof-sampled":
            env["CPROF_TIMER"] = "sampled"  # at the default rate, 1000 Hz
        return pin + [exe] + args, env, d
    if runner == "gprof":
        return pin + [exe] + args, env, d  # writes gmon.out into cwd
    if runner == "uftrace":
        return pin + ["uftrace", "record", "-d", os.path.join(d, "uftrace.data"), exe] + args, env, d
    if runner == "xray-basic":
        env["XRAY_OPTIONS"] = f"patch_premain=true xray_mode=xray-basic verbosity=0 xray_logfile_base={d}/xray-log."
        env["XRAY_BASIC_OPTIONS"] = "func_duration_threshold_us=0"
        return pin + [exe] + args, env, d
    if runner == "xray-fdr":
        env["XRAY_OPTIONS"] = f"patch_premain=false xray_mode=xray-fdr verbosity=0 xray_logfile_base={d}/xray-log."
        # one large buffer: FDR drops records once its buffers are full
        env["XRAY_FDR_OPTIONS"] = "func_duration_threshold_us=0 buffer_size=1073741824 buffer_max=2"
        return pin + [exe] + args, env, d
    if runner == "callgrind":
        return pin + ["valgrind", "--tool=callgrind", "-q",
                      f"--callgrind-out-file={d}/callgrind.out", exe] + args, env, d
    return pin + [exe] + args, env, d


def cpu_of_children():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed_run(wl, cfg, exe):
    """(wall s, CPU s, stdout) of one run. CPU time (user + system of the
    process and the children it waited for) leaves out the time other work
    held the pinned CPU, which wall time on a shared machine does not."""
    argv, env, d = command(wl, cfg, exe)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    c0 = cpu_of_children()
    t0 = time.perf_counter()
    r = subprocess.run(argv, env=env, cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    t = time.perf_counter() - t0
    c = cpu_of_children() - c0
    if r.returncode != 0:
        raise BenchError(f"{wl}/{cfg}: exit {r.returncode}: {r.stderr.strip()[-500:]}")
    return t, c, r.stdout


def exact_calls(stdout, name):
    m = re.search(r"^calls %s (\d+)$" % re.escape(name), stdout, re.M)
    return int(m.group(1)) if m else None


def read_profile(wl, cfg, exe):
    """(total calls recorded, {function: calls}) from the tool's own output."""
    fam, kind, flags, runner, size = CONFIGS[cfg]
    d = run_dir(wl, cfg)
    per = {}
    if runner in ("cprof", "cprof-sampled"):
        import pstats  # the reference reader of the format cprof writes
        st = pstats.Stats(os.path.join(d, "out.prof"))
        for (fname, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
            per[func] = per.get(func, 0) + nc
    elif runner == "gprof":
        out = sh(["gprof", "-b", "-q", exe, os.path.join(d, "gmon.out")])
        # primary lines of the call graph: "[i] %time self children called name [i]"
        for m in re.finditer(r"^\[\d+\]\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)(?:\+(\d+))?\s+(\S.*?)\s+\[\d+\]$",
                             out, re.M):
            per[m.group(3)] = int(m.group(1)) + int(m.group(2) or 0)
    elif runner == "uftrace":
        out = sh(["uftrace", "report", "-d", os.path.join(d, "uftrace.data"), "-f", "call"])
        for line in out.splitlines():
            m = re.match(r"^\s*(\d+)\s+(\S.*)$", line)
            if m and not m.group(2).startswith("linux:"):
                per[m.group(2)] = per.get(m.group(2), 0) + int(m.group(1))
    elif runner.startswith("xray"):
        logs = [f for f in os.listdir(d) if f.startswith("xray-log.")]
        if len(logs) != 1:
            raise BenchError(f"{wl}/{cfg}: expected one XRay log, found {logs}")
        out = sh(["llvm-xray-14", "account", "-k", "-instr_map=" + exe, "-format=csv",
                  os.path.join(d, logs[0])])
        for row in list(csv.reader(out.splitlines()))[1:]:
            if len(row) == 10:
                per[row[9]] = per.get(row[9], 0) + int(row[1])
    elif runner == "callgrind":
        # "calls=N target" lines follow "cfn=" lines; sum them per callee
        fn_names, cur = {}, None
        with open(os.path.join(d, "callgrind.out")) as fh:
            for line in fh:
                if line.startswith("cfn="):
                    m = re.match(r"cfn=\((\d+)\)(?: (.*))?", line.strip())
                    if m.group(2):
                        fn_names[m.group(1)] = m.group(2)
                    cur = fn_names.get(m.group(1), m.group(1))
                elif line.startswith("fn="):
                    m = re.match(r"fn=\((\d+)\)(?: (.*))?", line.strip())
                    if m and m.group(2):
                        fn_names[m.group(1)] = m.group(2)
                elif line.startswith("calls=") and cur is not None:
                    name = re.sub(r"'\d+$", "", cur)  # fib'2: a recursion level of fib
                    per[name] = per.get(name, 0) + int(line[6:].split()[0])
    else:
        return None, {}
    total = sum(per.values())
    if total == 0:
        raise BenchError(f"{wl}/{cfg}: the tool recorded no call")
    return total, per


# --------------------------------------------------------------------------
# Reporting


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_ns(x):
    if x is None:
        return "–"
    return f"{x:.1f}" if abs(x) < 100 else f"{x:.0f}"


def summarize(times):
    return dict(median=statistics.median(times), lo=min(times), hi=max(times), n=len(times))


def chart_svg(rows, workloads):
    """Grouped horizontal bars: slowdown (log scale) per workload and configuration."""
    cfgs = [c for c in CONFIGS if not c.startswith("baseline")]
    colors = {"cprof": "#1b7f3b", "cprof no-subcalls": "#37a35a", "cprof no-builtins": "#6cc08a",
              "cprof early": "#a3d9b1", "cprof small": "#0d4d22", "cprof sampled": "#2e8b8b", "gprof": "#8c6d31", "uftrace": "#3b6fb6",
              "xray basic": "#b6543b", "xray fdr": "#d98b6c", "callgrind": "#777777",
              "cprof-gcc": "#7b3fa0", "gcc -finstrument-functions": "#b48ad0"}
    bar, gap, left, width = 14, 18, 170, 560
    maxv = max([r["slowdown"] for r in rows if r.get("slowdown")] + [10])
    top = 10 ** math.ceil(math.log10(maxv))

    def x(v):
        return left + width * math.log10(max(v, 1.0)) / math.log10(top)

    h = 40 + sum(len([r for r in rows if r["wl"] == wl and r.get("slowdown") is not None]) * bar
                 + gap + 18 for wl in workloads) + 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{h}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="18" font-size="13" font-weight="bold">Slowdown against the '
           'uninstrumented build (log scale, median; lower is better)</text>']
    y = 40
    for wl in workloads:
        out.append(f'<text x="4" y="{y + 12}" font-weight="bold">{WORKLOADS[wl]["title"]}</text>')
        y += 18
        for cfg in cfgs:
            r = next((r for r in rows if r["wl"] == wl and r["cfg"] == cfg), None)
            if r is None or r.get("slowdown") is None:
                continue
            v = r["slowdown"]
            label = cfg + (" (small input)" if CONFIGS[cfg][4] == "small" and
                           not cfg.endswith("small") else "")
            out.append(f'<text x="{left - 6}" y="{y + bar - 3}" text-anchor="end">{label}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{max(x(v) - left, 1):.1f}" '
                       f'height="{bar - 2}" fill="{colors[cfg]}"/>')
            out.append(f'<text x="{x(v) + 4:.1f}" y="{y + bar - 3}">{v:.2f}×</text>')
            y += bar
        y += gap
    dec = 1
    while dec <= top:
        out.append(f'<line x1="{x(dec):.1f}" y1="34" x2="{x(dec):.1f}" y2="{y}" stroke="#ccc"/>')
        out.append(f'<text x="{x(dec):.1f}" y="{y + 14}" text-anchor="middle">{dec}×</text>')
        dec *= 10
    out.append("</svg>")
    return "\n".join(out) + "\n"


def table_md(rows, workloads):
    lines = []
    for wl in workloads:
        w = WORKLOADS[wl]
        lines.append(f"**{w['title']}** (`{wl} {' '.join(w['args'])}`; "
                     f"small input `{' '.join(w['small'])}`)\n")
        lines.append("| configuration | input | CPU s, median | CPU s, min–max | wall s, median "
                     "| slowdown | calls recorded | ns/call | incl. time | excl. time |")
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|---|")
        for r in (r for r in rows if r["wl"] == wl):
            fam = CONFIGS[r["cfg"]][0]
            inc, exc = CAPS.get(fam, ("–", "–"))
            lines.append(
                f"| {r['cfg']} | {CONFIGS[r['cfg']][4]} | {fmt_s(r['median'])} | "
                f"{fmt_s(r['lo'])}–{fmt_s(r['hi'])} | "
                f"{fmt_s(r['wall_median']) if r.get('wall_median') is not None else '–'} | "
                f"{'–' if r.get('slowdown') is None else format(r['slowdown'], '.2f') + '×'} | "
                f"{r.get('calls') or '–'} | {fmt_ns(r.get('ns_call'))} | {inc} | {exc} |")
        lines.append("")
    return "\n".join(lines)


def update_readme(path, text, begin=BEGIN, end=END):
    with open(path) as fh:
        s = fh.read()
    b, e = s.find(begin), s.find(end)
    if b < 0 or e < b:
        die(f"{path}: markers {begin} ... {end} not found")
    new = s[:b + len(begin)] + "\n" + text.rstrip() + "\n" + s[e:]
    with open(path, "w") as fh:
        fh.write(new)


# --------------------------------------------------------------------------


def summary_md(rows, workloads):
    """Per workload: cprof (default) against the cheapest other tool per call, and
    against the cheapest one that times every call (gprof only samples)."""
    out = ["| workload | cprof ns/call (slowdown) | cheapest other tool | ns/call (slowdown) "
           "| cprof ahead | cheapest tool timing every call | ns/call (slowdown) | cprof ahead |",
           "|---|---:|---|---:|---|---|---:|---|"]
    for wl in workloads:
        mine = next((r for r in rows if r["wl"] == wl and r["cfg"] == "cprof"), None)
        others = [r for r in rows if r["wl"] == wl and CONFIGS.get(r["cfg"], ("base",))[0]
                  not in ("base", "cprof", "cprof-sampled") and r.get("ns_call") is not None]
        timing = [r for r in others if CONFIGS[r["cfg"]][0] in ("uftrace", "xray")]
        if not mine or not others or not timing:
            continue
        cells = [WORKLOADS[wl]["title"], f"{fmt_ns(mine['ns_call'])} ({mine['slowdown']:.2f}×)"]
        for group in (others, timing):
            best = min(group, key=lambda r: r["ns_call"])
            cells += [best["cfg"], f"{fmt_ns(best['ns_call'])} ({best['slowdown']:.2f}×)",
                      "yes" if mine["ns_call"] < best["ns_call"] else "no"]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def sampled_md(rows, workloads):
    """Per workload: the sampled timer's cost per call against the default
    timer's and gprof's (the cheapest tool, which samples its times too)."""
    out = ["| workload | cprof sampled ns/call (slowdown) | cprof (TSC) ns/call (slowdown) "
           "| gprof ns/call (slowdown) | sampled below gprof |", "|---|---:|---:|---:|---|"]
    for wl in workloads:
        get = lambda cfg: next((r for r in rows if r["wl"] == wl and r["cfg"] == cfg
                                and r.get("ns_call") is not None), None)
        sm, ts, gp = get("cprof sampled"), get("cprof"), get("gprof")
        if not sm:
            continue
        cell = lambda r: f"{fmt_ns(r['ns_call'])} ({r['slowdown']:.2f}×)" if r else "–"
        below = "yes" if gp and sm["ns_call"] < gp["ns_call"] else ("no" if gp else "–")
        out.append(f"| {WORKLOADS[wl]['title']} | {cell(sm)} | {cell(ts)} | {cell(gp)} | {below} |")
    return "\n".join(out) + "\n"


def report(raw, readme):
    """perf.md, overhead.svg and (with readme) the README section, from raw results."""
    meta, rows = raw["meta"], raw["rows"]
    workloads = meta["workloads"]
    with open(os.path.join(RESULTS, "overhead.svg"), "w") as fh:
        fh.write(chart_svg(rows, workloads))
    head = (f"Measured by `python3 bench/run.py --readme` on {meta['date']} "
            f"({meta['cpu']}, {meta['ncpu']} vCPUs shared with other work, pinned with "
            f"`taskset -c 1`; {meta['reps']} interleaved runs per configuration; CPU time "
            f"(user + system) of the whole process, writing the profile included, which leaves "
            f"out the time other work held the CPU (the wall-time median is shown beside it); "
            f"{CC} -O2 for every build but the GCC rows, gcc -O2 against a gcc -O2 baseline). "
            f"Slowdown = CPU median / baseline CPU median; "
            f"ns/call = (CPU median − baseline CPU median) / calls the tool itself recorded; rows with "
            f"input *small* ran on the small input and are compared with the baseline on that "
            f"input. gprof's times are sampled, not measured per call; XRay's account gives "
            f"no exclusive time; callgrind counts instructions.\n")
    parts = [head, "![slowdown per tool](bench/results/overhead.svg)\n",
             summary_md(rows, workloads),
             "**Sampled timer** (`CPROF_TIMER=sampled`, 1000 Hz): its cost per call "
             "against the default timer's and gprof's\n", sampled_md(rows, workloads),
             table_md(rows, workloads)]
    if raw.get("hooks"):
        parts.append(raw["hooks"]["md"])
    if raw.get("dump"):
        parts.append(raw["dump"]["md"])
    md = "\n".join(parts)
    with open(os.path.join(RESULTS, "perf.md"), "w") as fh:  # links relative to results/
        fh.write(md.replace("](bench/results/", "]("))
    if readme:
        # bench/README.md: everything, links relative to bench/
        update_readme(os.path.join(HERE, "README.md"), md.replace("](bench/", "]("))
        update_readme(os.path.join(ROOT, "README.md"),
                      "\n".join([f"`bench/run.py` on {meta['date']} ({meta['cpu']}): "
                                  f"nanoseconds per recorded call and slowdown against the "
                                  f"plain build, from CPU time, pinned and interleaved.\n",
                                  "![slowdown per tool](bench/results/overhead.svg)\n",
                                  summary_md(rows, workloads)]),
                      SUMMARY_BEGIN, SUMMARY_END)
    return md


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=3, help="runs per configuration (default 3)")
    ap.add_argument("--workloads", default=",".join(WORKLOADS),
                    help="comma-separated subset of: " + ", ".join(WORKLOADS))
    ap.add_argument("--configs", default="", help="comma-separated subset of the configurations")
    ap.add_argument("--cprof-build", default="", help="cprof build or install tree (has bin/cprof-cc)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel compile jobs (default 2)")
    ap.add_argument("--skip-hooks", action="store_true", help="skip the hook microbenchmark")
    ap.add_argument("--skip-dump", action="store_true", help="skip the dump-cost benchmark")
    ap.add_argument("--readme", action="store_true",
                    help="replace the marked sections of bench/README.md (all tables) and "
                         "README.md (the summary)")
    ap.add_argument("--report-only", action="store_true",
                    help="measure nothing: rewrite the reports (and README with --readme) "
                         "from bench/results/raw.json")
    a = ap.parse_args()
    if a.report_only:
        with open(os.path.join(RESULTS, "raw.json")) as fh:
            print(report(json.load(fh), a.readme))
        return
    if a.reps < 1:
        die("--reps must be at least 1")
    workloads = [w for w in a.workloads.split(",") if w]
    for w in workloads:
        if w not in WORKLOADS:
            die(f"unknown workload '{w}' (known: {', '.join(WORKLOADS)})")
    if a.configs:
        keep = set(a.configs.split(",")) | {"baseline", "baseline small"}
        if keep & {"cprof-gcc", "gcc -finstrument-functions"}:
            keep.add("gcc baseline")
        for c in keep:
            if c not in CONFIGS:
                die(f"unknown configuration '{c}' (known: {', '.join(CONFIGS)})")
        for c in list(CONFIGS):
            if c not in keep:
                del CONFIGS[c]
    if "sqlite" in workloads and not os.path.exists(os.path.join(CACHE, "sqlite", "sqlite3.c")):
        die("SQLite amalgamation missing: run bench/setup.sh first")
    for tool in ["taskset", CC, CXX] + (["uftrace"] if "uftrace" in CONFIGS else []) + \
            (["valgrind"] if "callgrind" in CONFIGS else []) + \
            (["gprof"] if "gprof" in CONFIGS else []) + \
            (["llvm-xray-14"] if any(c.startswith("xray") for c in CONFIGS) else []):
        if not shutil.which(tool):
            die(f"{tool} not found: run bench/setup.sh first")
    cb = find_cprof_build(a.cprof_build)
    if not (shutil.which(GCC) and os.path.exists(os.path.join(cb, "bin", "cprof-gcc"))):
        print("run.py: no gcc or no cprof-gcc in this build: GCC rows skipped", flush=True)
        for c in ["gcc baseline", "cprof-gcc", "gcc -finstrument-functions"]:
            CONFIGS.pop(c, None)
    t_start = time.time()
    print(f"run.py: cprof from {cb}", flush=True)

    b = Builder(cb, a.jobs)
    built = b.build_all(workloads)
    print(f"run.py: built {len(set(built.values()))} binaries in {time.time() - t_start:.0f} s",
          flush=True)

    # Round-robin: every repetition runs every configuration of every workload once.
    times = {k: [] for k in built}
    walls = {k: [] for k in built}
    outs = {}
    for rep in range(a.reps):
        for wl in workloads:
            for cfg in CONFIGS:
                t, c, out = timed_run(wl, cfg, built[(wl, cfg)])
                walls[(wl, cfg)].append(t)
                times[(wl, cfg)].append(c)
                outs[(wl, cfg)] = out
        print(f"run.py: repetition {rep + 1}/{a.reps} done ({time.time() - t_start:.0f} s)",
              flush=True)

    rows = []
    for wl in workloads:
        base = {(k in GCC_KINDS, size): statistics.median(times[(wl, c)])
                for c, (f, k, fl, r, size) in CONFIGS.items() if f == "base"}
        hot = WORKLOADS[wl]["hot"]
        for cfg, (fam, kind, flags, runner, size) in CONFIGS.items():
            s = summarize(times[(wl, cfg)])
            row = dict(wl=wl, cfg=cfg, wall_median=statistics.median(walls[(wl, cfg)]), **s)
            if fam != "base":
                total, per = read_profile(wl, cfg, built[(wl, cfg)])
                row["calls"] = total
                b0 = base[(kind in GCC_KINDS, size)]
                row["slowdown"] = s["median"] / b0
                row["ns_call"] = (s["median"] - b0) / total * 1e9
                if hot:
                    want = exact_calls(outs[(wl, cfg)], hot[1])
                    got = per.get(hot[0])
                    if got != want:
                        raise BenchError(f"{wl}/{cfg}: {hot[0]} recorded {got} calls, "
                                         f"the program made {want}")
            rows.append(row)
    os.makedirs(RESULTS, exist_ok=True)
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as fh:
        m = re.search(r"^model name\s*:\s*(.*)$", fh.read(), re.M)
        if m:
            cpu = m.group(1)
    raw = dict(rows=rows, times={f"{w}/{c}": v for (w, c), v in times.items()},
               walls={f"{w}/{c}": v for (w, c), v in walls.items()},
               meta=dict(date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), cpu=cpu,
                         ncpu=os.cpu_count(), reps=a.reps, workloads=workloads))
    with open(os.path.join(RESULTS, "raw.json"), "w") as fh:  # kept if a later step fails
        json.dump(raw, fh, indent=1)

    parts = []
    hooks = dump = None
    if not a.skip_hooks:
        sys.path.insert(0, HERE)
        import hooks.run as hr
        hooks = hr.run(cb, b, tiny=built.get(("tiny", "cprof")))
    if not a.skip_dump:
        sys.path.insert(0, HERE)
        import dump.run as dr
        dump = dr.run(cb, b)

    raw = dict(raw, hooks=hooks, dump=dump)
    with open(os.path.join(RESULTS, "raw.json"), "w") as fh:
        json.dump(raw, fh, indent=1)
    print(report(raw, a.readme))
    print(f"run.py: done in {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        die(str(e))
