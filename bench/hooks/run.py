"""Hook microbenchmark driver (called by bench/run.py): builds hookbench with
the benchmark's Builder and runs it pinned, in both link modes of cprof-cc
(libcprof.a in the executable, the default, and libcprof.so with
--cprof-shared-runtime)."""
import os
import re
import shutil
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), ".out", "hooks")


def build(cb, b, shared_runtime):
    src = os.path.join(HERE, "callee.c")
    plain = b.compile("plain", "c", [], src, os.path.join(OUT, "plain.o"), ["-DPLAIN"])
    instr = b.compile("cprof", "c", [], src, os.path.join(OUT, "cprof.o"))
    # the cross-file callers: ABI 3 (callee flag) and ABI 2 (always bracketed)
    csrc = os.path.join(HERE, "cross.c")
    cross = b.compile("cprof", "c", [], csrc, os.path.join(OUT, "cross.o"))
    cross2 = b.compile("cprof", "c", ["-Xclang", "-mllvm", "-Xclang", "-cprof-callee-flag=false"],
                       csrc, os.path.join(OUT, "cross-abi2.o"), ["-DABI2"])
    main = b.compile("plain", "c", [], os.path.join(HERE, "hookbench.c"),
                     os.path.join(OUT, "main.o"), ["-I" + os.path.join(cb, "include")])
    name = "hookbench-shared" if shared_runtime else "hookbench"
    return b.link("cprof", "c", ["--cprof-shared-runtime"] if shared_runtime else [],
                  [main, plain, instr, cross, cross2],
                  os.path.join(OUT, name))


def parse(text):
    raw, cost = {}, {}
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == "raw":
            raw[f[1]] = tuple(float(x) for x in f[2:5])
        elif f and f[0] == "cost":
            cost[f[1]] = float(f[2])
    m = re.search(r"^ratio subcalls-on/floor ([\d.]+)", text, re.M)
    if not m or "floor" not in cost:
        raise RuntimeError("hookbench printed no result:\n" + text)
    return dict(raw=raw, cost=cost, ratio=float(m.group(1)))


def cross_ratios(r):
    """Cross-file against same-file calls: hook cost, and whole call."""
    return dict(cost=r["cost"]["cross-file"] / r["cost"]["subcalls-on"],
                total=r["raw"]["cross-file"][0] / r["raw"]["subcalls-on"][0])


def syscalls(exe, arg):
    """System calls made by one profiled run of `exe arg` (strace -f -c)."""
    out = os.path.join(OUT, "strace.txt")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPROF_")}
    env["CPROF_FILE"] = os.path.join(OUT, "strace.prof")
    subprocess.run(["strace", "-f", "-c", "-o", out, exe, arg], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    with open(out) as fh:
        m = re.search(r"^\S+\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total$", fh.read(), re.M)
    if not m:
        raise RuntimeError(f"no strace summary in {out}")
    return int(m.group(1))


def median_of(runs):
    """One result from several runs of hookbench: per case, the median of the
    runs' medians (and the ratio recomputed from them)."""
    cost = {k: statistics.median(r["cost"][k] for r in runs) for k in runs[0]["cost"]}
    raw = {k: statistics.median(r["raw"][k][0] for r in runs) for k in runs[0]["raw"]}
    cross = {k: statistics.median(cross_ratios(r)[k] for r in runs) for k in ("cost", "total")}
    return dict(cost=cost, raw=raw, ratio=cost["subcalls-on"] / cost["floor"], cross=cross,
                runs=runs)


def run(cb, b, rounds=61, calls=200000, tiny=None, processes=3):
    # The two links run in alternation, `processes` times each: a burst of
    # load from elsewhere then hits both, not one.
    exes = {mode: build(cb, b, mode == "shared") for mode in ("static", "shared")}
    env = {k: v for k, v in os.environ.items() if not k.startswith("CPROF_")}
    env["CPROF_FILE"] = os.path.join(OUT, "hookbench.prof")
    runs = {mode: [] for mode in exes}
    for _ in range(processes):
        for mode, exe in exes.items():
            r = subprocess.run(["taskset", "-c", "1", exe, str(rounds), str(calls)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               check=True)
            runs[mode].append(parse(r.stdout))
    res = {mode: median_of(rs) for mode, rs in runs.items()}
    md = ["**Hook cost** (`bench/hooks`: entry + exit of one call, in ns; each process "
          f"runs {rounds} interleaved rounds of {calls} calls and takes medians, the two "
          f"links run in alternation, {processes} processes each, and the table gives the "
          "median process; the floor is two back-to-back `rdtsc` as the runtime reads the "
          "TSC, measured in the same process)\n",
          "| case | libcprof.a (default) | libcprof.so (`--cprof-shared-runtime`) | target |",
          "|---|---:|---:|---|"]
    targets = {"floor": "", "subcalls-on": "≤ 1.3 × floor", "subcalls-off": "< subcalls on",
               "builtin": "≈ subcalls on", "disabled": "≤ 2 ns",
               "excluded": "≈ disabled (CPROF_EXCLUDE)",
               "excluded-builtin": "a call and a return per hook",
               "cross-file": "≤ 1.1 × subcalls on", "cross-abi2": "(before: ABI 2)"}
    for k in ["floor", "subcalls-on", "subcalls-off", "builtin", "disabled", "excluded",
              "excluded-builtin", "cross-file", "cross-abi2"]:
        md.append(f"| {k} | {res['static']['cost'][k]:.1f} | {res['shared']['cost'][k]:.1f} | "
                  f"{targets[k]} |")
    md.append(f"| subcalls-on / floor | {res['static']['ratio']:.2f} | "
              f"{res['shared']['ratio']:.2f} | ≤ 1.3 |")
    md.append(f"| cross-file / subcalls-on, hooks | {res['static']['cross']['cost']:.2f} | "
              f"{res['shared']['cross']['cost']:.2f} | ≤ 1.1 |")
    md.append(f"| cross-file / subcalls-on, whole call | {res['static']['cross']['total']:.2f} | "
              f"{res['shared']['cross']['total']:.2f} | ≤ 1.1 |")
    md.append("")
    if tiny and shutil.which("strace"):
        # No system call on the hot path: the profiled run makes as many
        # system calls with 10x the calls.
        small, large = syscalls(tiny, "100000"), syscalls(tiny, "1000000")
        res["syscalls"] = dict(calls_900k=small, calls_9m=large)
        md.append(f"System calls of a whole profiled run of `tiny` (cprof, strace -f -c): "
                  f"{small} with 900,003 instrumented calls, {large} with 9,000,003"
                  f"{' (the same: none on the hot path)' if small == large else ''}.\n")
    res["md"] = "\n".join(md)
    return res


if __name__ == "__main__":
    # Alone: python3 bench/hooks/run.py [CPROF_BUILD [PROCESSES]]
    import sys
    sys.path.insert(0, os.path.dirname(HERE))
    import run as bench
    cb = bench.find_cprof_build(sys.argv[1] if len(sys.argv) > 1 else "")
    res = run(cb, bench.Builder(cb, 2), processes=int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    print(res["md"])
