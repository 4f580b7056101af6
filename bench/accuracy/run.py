#!/usr/bin/env python3
"""Accuracy benchmark of cprof's timers: calibrated, uncalibrated and sampled.

For each program of known structure, compares what cprof reports with the
truth measured without instrumentation:

  * truth per function: the uninstrumented build's self time, from `perf
    record -e cpu-clock` samples (samples x sampling period);
  * truth total: the uninstrumented run time of work() (wall or CPU time,
    as the profiler's clock);
  * reported: tottime per function and their sum, from cprof dumps made with
    calibration (default) and without (CPROF_CALIBRATE=0), side by side;
  * the sampled timer (CPROF_TIMER=sampled, docs/timers.md) at a scale where
    each run lasts long enough for about a thousand samples, against the
    plain build's CPU time at that scale: one run (median) and all runs
    merged, with the sampling error expected from the number of samples.

Each table ends with the top-10 mean absolute share error: the mean, over
the ten functions with the largest true self time, of |reported share of
the summed tottime - true share|, in percentage points.

Runs are pinned (taskset -c CPU), SCHED_FIFO (chrt -f 50, where allowed:
other processes then cannot take the CPU from a run; the kernel still keeps
5% for them) and interleaved (plain, calibrated, raw in turn), REPS times;
medians are reported. Without SCHED_FIFO, wall-clock profiles include the
time other processes took from the CPU while the run was on it (reported
as wall/CPU): the truth is the plain run's CPU time, and each instrumented
run's raw intervals are shrunk by its CPU/wall ratio before the figures
calibration removed are taken off again (tottime' = (tottime + removed) *
cpu/wall - removed, where removed = calls * inner + calls made * outer,
from the dump's call counts and the bias the run printed). This assumes
the stolen time is spread evenly; --no-dilation shows the figures as
measured. --clock cpu profiles with the process CPU clock instead.

  bench/accuracy/run.py --cprof-build build [--reps 7] [--cpu 1] [--clock wall|cpu]
                        [--only calltree,mixed,recursion,sqlite] [--hz 1000]
                        [--no-sampled] [--out results.md]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
CACHE = os.path.join(BENCH, ".cache")
OUT = os.path.join(HERE, ".out")
SQLITE_DEFS = ["-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION", "-DSQLITE_DQS=0"]
FLAGS = ["-O2"]
PERIOD_NS = 20000  # perf cpu-clock sampling period

PROGRAMS = {
    # name: (sources, scale, description, perf runs' scale factor: the
    # synthetic programs' shares do not depend on the scale, so their truth
    # comes from longer runs, with more samples)
    "calltree": (["calltree.c"], 4, "deep call tree of tiny functions (127 calls per iteration)", 10),
    "mixed": (["mixed.c"], 4, "tiny and heavy leaves mixed", 10),
    "recursion": (["recursion.c"], 20, "fib, mutual recursion, Ackermann", 10),
    "sqlite": (["sqlite_work.c"], 6, "SQLite amalgamation, in-memory database", 1),
}
TIMING_BUILTINS = {"clock_gettime", "fprintf"}  # main's, outside work()


def run(cmd, env=None, **kw):
    return subprocess.run(cmd, env=env, check=True, **kw)


def build(name, cprof_build):
    srcs = PROGRAMS[name][0]
    os.makedirs(OUT, exist_ok=True)
    cc_plain = ["clang"]
    cc_cprof = [os.path.join(cprof_build, "bin", "cprof-cc")]
    exes = {}
    for kind, cc in (("plain", cc_plain), ("cprof", cc_cprof)):
        exe = os.path.join(OUT, f"{name}.{kind}")
        objs = []
        inc = []
        if name == "sqlite":
            sq = os.path.join(CACHE, "sqlite", "sqlite3.c")
            if not os.path.exists(sq):
                run([os.path.join(BENCH, "setup.sh")])
            obj = os.path.join(OUT, f"sqlite3.{kind}.o")
            if not os.path.exists(obj) or os.path.getmtime(obj) < os.path.getmtime(sq):
                run(cc + FLAGS + SQLITE_DEFS + ["-c", sq, "-o", obj])
            objs.append(obj)
            inc = ["-I" + os.path.dirname(sq)]
        extra = ["-DACCURACY_PRINT_BIAS", "-I" + os.path.join(cprof_build, "include")] \
            if kind == "cprof" else []
        run(cc + FLAGS + inc + extra + SQLITE_DEFS + [os.path.join(HERE, s) for s in srcs] + objs
            + ["-o", exe, "-lm"])
        exes[kind] = exe
    return exes


def parse_work(stderr):
    m = re.search(r"work_ns (\d+) cpu_ns (\d+)", stderr)
    if not m:
        sys.exit("accuracy: a program printed no work_ns line:\n" + stderr)
    return int(m.group(1)) * 1e-9, int(m.group(2)) * 1e-9


RT = []  # ["chrt", "-f", "50"] when --rt works


def pinned(cpu, cmd):
    return RT + ["taskset", "-c", str(cpu)] + cmd


def perf_truth(exe, scale, cpu, reps, tmp):
    """Self-time shares of the uninstrumented build's functions (cpu-clock
    samples)."""
    counts = {}
    total = 0
    base = os.path.basename(exe)
    for r in range(reps):
        data = os.path.join(tmp, f"perf.{r}.data")
        run(["perf", "record", "-q", "-e", "cpu-clock", "-c", str(PERIOD_NS), "-o", data]
            + pinned(cpu, [exe, str(scale)]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rep = subprocess.run(["perf", "report", "-i", data, "--stdio", "-q", "--no-children",
                              "--sort", "dso,sym", "-F", "sample,dso,sym"],
                             capture_output=True, text=True, check=True).stdout
        for line in rep.splitlines():
            m = re.match(r"\s*(\d+)\s+(\S+)\s+\[(.)\]\s+(\S+)", line)
            if not m:
                continue
            n, dso, _, sym = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            if dso == base:
                key = sym.split(".")[0]
            elif dso.startswith("[kernel") or dso.startswith("ld-linux"):
                key = "(kernel)"
            else:
                key = "(outside the program)"
            counts[key] = counts.get(key, 0) + n
            total += n
    # shares of the samples in user code (the program and the libraries it
    # calls: libc, libm); the kernel's (exec, page faults, perf) are left out
    user = sum(v for k, v in counts.items() if k != "(kernel)")
    return {k: v / user for k, v in counts.items() if k != "(kernel)"}, total


def read_dump(path, bias, tick):
    """tottime per function, and the seconds calibration removed from it
    (inner per call, outer per direct call it made)."""
    import pstats
    st = pstats.Stats(path).stats
    tt, removed = {}, {}
    inner = {False: bias[0] * tick, True: bias[2] * tick}
    outer = {False: bias[1] * tick, True: bias[3] * tick}
    rem = {}
    for (file, line, name), (cc, nc, t, ct, callers) in st.items():
        b = file == "~"
        rem[(file, line, name)] = rem.get((file, line, name), 0.0) + nc * inner[b]
        for caller, (enc, ecc, ett, ect) in callers.items():
            rem[caller] = rem.get(caller, 0.0) + enc * outer[b]
    for (file, line, name), (cc, nc, t, ct, callers) in st.items():
        if file == "~":
            m = re.match(r"<built-in method (.*)>", name)
            bname = m.group(1) if m else name
            only_main = all(c[2] == "main" for c in callers)
            if bname in TIMING_BUILTINS and only_main:
                continue
            key = "(outside the program)"
        elif name == "main":
            continue
        else:
            key = name
        tt[key] = tt.get(key, 0.0) + t
        removed[key] = removed.get(key, 0.0) + rem.get((file, line, name), 0.0)
    return tt, removed


def pct(x, truth):
    return (x - truth) / truth * 100 if truth > 0 else float("nan")


def top10_share_error(self_s, tt):
    """Mean |share - true share| in points over the 10 truest-heaviest functions."""
    total = sum(tt.values())
    keys = [k for k in sorted(self_s, key=self_s.get, reverse=True)
            if k != "(outside the program)"][:10]
    if not keys or total <= 0:
        return float("nan")
    return statistics.mean(abs(tt.get(k, 0.0) / total - self_s[k]) * 100 for k in keys)


def merged(tts):
    out = {}
    for tt in tts:
        for k, v in tt.items():
            out[k] = out.get(k, 0.0) + v / len(tts)
    return out


def bench_sampled(name, exes, args, tmp, out, self_s):
    """The sampled timer against the plain build's CPU time, at a scale with
    enough samples per run."""
    srcs, scale, desc, perf_mult = PROGRAMS[name]
    scale = args.scale.get(name, scale) * perf_mult
    plain, runs = [], []
    env = dict(os.environ)
    for v in ("CPROF_BIAS", "CPROF_CALIBRATE"):
        env.pop(v, None)
    env["CPROF_TIMER"] = "sampled"
    env["CPROF_SAMPLE_HZ"] = str(args.hz)
    for r in range(args.reps):
        p = subprocess.run(pinned(args.cpu, [exes["plain"], str(scale)]), capture_output=True,
                           text=True, check=True)
        plain.append(parse_work(p.stderr))
        dump = os.path.join(tmp, f"{name}.sampled.{r}.prof")
        env["CPROF_FILE"] = dump
        q = subprocess.run(pinned(args.cpu, [exes["cprof"], str(scale)]), env=env,
                           capture_output=True, text=True, check=True)
        wall, cpu = parse_work(q.stderr)
        tt, _ = read_dump(dump, [0, 0, 0, 0], 1e-9)
        runs.append((wall, cpu, tt))
    med = statistics.median
    truth_total = med(c for w, c in plain)
    one = {k: med(tt.get(k, 0.0) for _, _, tt in runs) for k in set().union(*(tt for _, _, tt in runs))}
    all_runs = merged([tt for _, _, tt in runs])
    tot1 = med(sum(tt.values()) for _, _, tt in runs)
    totm = sum(all_runs.values())
    n1 = tot1 * args.hz  # samples per run
    slow = med(w for w, _, _ in runs) / med(w for w, _ in plain)
    print(f"\n#### {name}, sampled timer ({args.hz} Hz)\n", file=out)
    print(f"scale {scale}; {args.reps} interleaved runs of each build; about {n1:.0f} samples "
          f"per run, {n1 * args.reps:.0f} merged; instrumented/plain wall time x{slow:.2f}; truth: "
          f"the plain build's CPU time and the perf shares above\n", file=out)
    print("| | truth (s) | one run (s) | error | expected √n error | merged (s) | error |",
          file=out)
    print("|---|---:|---:|---:|---:|---:|---:|", file=out)
    print(f"| **sum of tottime** | {truth_total:.4f} | {tot1:.4f} | {pct(tot1, truth_total):+.1f}% "
          f"| | {totm:.4f} | {pct(totm, truth_total):+.1f}% |", file=out)
    worst1 = worstm = 0.0
    rows = []
    for k in set(self_s) | set(all_runs):
        truth = self_s.get(k, 0.0) * truth_total
        if truth < 0.01 * truth_total and all_runs.get(k, 0.0) < 0.01 * totm:
            continue
        rows.append((truth, k))
    for truth, k in sorted(rows, reverse=True):
        r1, rm = one.get(k, 0.0), all_runs.get(k, 0.0)
        share = truth / truth_total if truth_total else 0
        expect = 100 / (share * n1) ** 0.5 if share * n1 > 0 else float("inf")
        e1, em = pct(r1, truth), pct(rm, truth)
        if share >= 0.01 and k != "(outside the program)":
            worst1 = max(worst1, abs(e1))
            worstm = max(worstm, abs(em))
        print(f"| {k} ({share * 100:.1f}%) | {truth:.4f} | {r1:.4f} | {e1:+.1f}% | ±{expect:.1f}% "
              f"| {rm:.4f} | {em:+.1f}% |", file=out)
    e10_1 = med(top10_share_error(self_s, tt) for _, _, tt in runs)
    e10_m = top10_share_error(self_s, all_runs)
    ok = abs(pct(totm, truth_total)) <= 5 and worstm <= 10 and e10_m <= 1
    print(f"\nworst function error (>= 1% of the time): one run {worst1:.1f}%, merged "
          f"{worstm:.1f}%. Top-10 mean absolute share error: one run {e10_1:.2f} points, merged "
          f"{e10_m:.2f}. Targets (merged): total within 5%: "
          f"{'met' if abs(pct(totm, truth_total)) <= 5 else 'NOT met'}; every function within "
          f"10%: {'met' if worstm <= 10 else 'NOT met'}; top-10 share error at most 1 point: "
          f"{'met' if e10_m <= 1 else 'NOT met'}.", file=out)
    out.flush()
    return ok


def bench(name, exes, args, tmp, out):
    srcs, scale, desc, perf_mult = PROGRAMS[name]
    scale = args.scale.get(name, scale)
    self_s, nsamples = perf_truth(exes["plain"], scale * perf_mult, args.cpu, args.perf_reps, tmp)
    plain, cal, raw = [], [], []
    env_base = dict(os.environ)
    env_base.pop("CPROF_BIAS", None)
    env_base.pop("CPROF_CALIBRATE", None)
    if args.clock == "cpu":
        env_base["CPROF_TIMER"] = "cpu"
    tick = args.tick
    for r in range(args.reps):
        p = subprocess.run(pinned(args.cpu, [exes["plain"], str(scale)]), capture_output=True,
                           text=True, check=True)
        plain.append(parse_work(p.stderr))
        for kind, lst in (("cal", cal), ("raw", raw)):
            env = dict(env_base)
            dump = os.path.join(tmp, f"{name}.{kind}.{r}.prof")
            env["CPROF_FILE"] = dump
            if kind == "raw":
                env["CPROF_CALIBRATE"] = "0"
            q = subprocess.run(pinned(args.cpu, [exes["cprof"], str(scale)]), env=env,
                               capture_output=True, text=True, check=True)
            wall, cpu = parse_work(q.stderr)
            m = re.search(r"bias (\d+) (\d+) (\d+) (\d+)", q.stderr)
            bias = [int(x) for x in m.groups()] if m else [0, 0, 0, 0]
            tt, removed = read_dump(dump, bias, tick)
            if args.clock == "wall" and not args.no_dilation:
                # other processes' time on the CPU dilates every interval by
                # wall/cpu: undo it on the raw intervals (what calibration
                # removed was measured undisturbed)
                k = cpu / wall
                tt = {f: max(0.0, (v + removed[f]) * k - removed[f]) for f, v in tt.items()}
            lst.append((wall, cpu, tt))
    # the truth: the plain run's time on the profiler's clock
    truth_total = statistics.median(c for w, c in plain)
    med = lambda xs: statistics.median(xs)
    tot_cal = med(sum(tt.values()) for _, _, tt in cal)
    tot_raw = med(sum(tt.values()) for _, _, tt in raw)
    steal = med(w / c for w, c, _ in cal + raw)
    slow = med(w for w, _, _ in cal) / med(w for w, _ in plain)
    print(f"\n### {name}: {desc}\n", file=out)
    print(f"scale {scale}; {args.reps} interleaved runs of each build, medians; "
          f"{nsamples} perf samples ({args.perf_reps} runs at scale {scale * perf_mult}); instrumented/plain wall time "
          f"x{slow:.1f}; wall/CPU of instrumented runs x{steal:.2f}\n", file=out)
    print("| | truth (s) | uncalibrated (s) | error | calibrated (s) | error |", file=out)
    print("|---|---:|---:|---:|---:|---:|", file=out)
    print(f"| **sum of tottime** | {truth_total:.4f} | {tot_raw:.4f} | "
          f"{pct(tot_raw, truth_total):+.1f}% | {tot_cal:.4f} | "
          f"{pct(tot_cal, truth_total):+.1f}% |", file=out)
    worst_cal = worst_raw = 0.0
    rows = []
    keys = set(self_s) | set().union(*(tt.keys() for _, _, tt in cal))
    for k in keys:
        truth = self_s.get(k, 0.0) * truth_total
        rc = med(tt.get(k, 0.0) for _, _, tt in cal)
        rr = med(tt.get(k, 0.0) for _, _, tt in raw)
        if truth < 0.01 * truth_total and rc < 0.01 * tot_cal:
            continue
        rows.append((truth, k, rr, rc))
    for truth, k, rr, rc in sorted(rows, reverse=True):
        ec, er = pct(rc, truth), pct(rr, truth)
        held = truth >= 0.01 * truth_total
        if held and k != "(outside the program)":
            worst_cal = max(worst_cal, abs(ec))
            worst_raw = max(worst_raw, abs(er))
        print(f"| {k} ({truth / truth_total * 100:.1f}%) | {truth:.4f} | {rr:.4f} | {er:+.1f}% | "
              f"{rc:.4f} | {ec:+.1f}% |", file=out)
    ok_total = abs(pct(tot_cal, truth_total)) <= 5
    ok_funcs = worst_cal <= 10
    e10_cal = med(top10_share_error(self_s, tt) for _, _, tt in cal)
    e10_raw = med(top10_share_error(self_s, tt) for _, _, tt in raw)
    print(f"\nworst function error (>= 1% of the time): uncalibrated {worst_raw:.1f}%, "
          f"calibrated {worst_cal:.1f}%. Top-10 mean absolute share error: uncalibrated "
          f"{e10_raw:.2f} points, calibrated {e10_cal:.2f}. Targets: total within 5%: "
          f"{'met' if ok_total else 'NOT met'}; every function within 10%: "
          f"{'met' if ok_funcs else 'NOT met'}.", file=out)
    out.flush()
    if not args.no_sampled:
        bench_sampled(name, exes, args, tmp, out, self_s)
    return ok_total and ok_funcs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cprof-build", required=True, help="cprof build tree (has bin/cprof-cc)")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--perf-reps", type=int, default=3)
    ap.add_argument("--cpu", type=int, default=1)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    ap.add_argument("--only", default=",".join(PROGRAMS))
    ap.add_argument("--scale", default="", help="NAME=N,... overrides the default scales")
    ap.add_argument("--no-rt", action="store_true",
                    help="do not run the programs SCHED_FIFO (chrt -f 50)")
    ap.add_argument("--no-dilation", action="store_true",
                    help="wall clock: do not undo other processes' time (see above)")
    ap.add_argument("--hz", type=int, default=1000, help="sampled timer rate (CPROF_SAMPLE_HZ)")
    ap.add_argument("--no-sampled", action="store_true", help="leave the sampled timer out")
    ap.add_argument("--out", default="-", help="Markdown report (default: stdout)")
    args = ap.parse_args()
    args.scale = {k: int(v) for k, v in (kv.split("=") for kv in args.scale.split(",") if kv)}
    for tool in ("perf", "taskset", "clang"):
        if not shutil.which(tool):
            sys.exit(f"accuracy: '{tool}' is needed")
    names = [n for n in args.only.split(",") if n]
    for n in names:
        if n not in PROGRAMS:
            sys.exit(f"accuracy: unknown program '{n}' (have {', '.join(PROGRAMS)})")
    if not args.no_rt and subprocess.run(["chrt", "-f", "50", "true"]).returncode == 0:
        RT.extend(["chrt", "-f", "50"])
    out = sys.stdout if args.out == "-" else open(args.out, "w")
    cal = subprocess.run([os.path.join(args.cprof_build, "bin", "cprof"), "calibrate"]
                         + (["--clock", "cpu"] if args.clock == "cpu" else []),
                         capture_output=True, text=True)
    m = re.search(r"1 tick = (\S+) s", cal.stdout)
    args.tick = float(m.group(1)) if m else 1e-9
    print(f"## cprof accuracy ({args.clock} clock{', SCHED_FIFO' if RT else ''})\n\n```\n{cal.stdout.strip()}\n```", file=out)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for n in names:
            ok &= bench(n, build(n, args.cprof_build), args, tmp, out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
