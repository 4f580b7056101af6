#!/usr/bin/env python3
"""What instrumenting costs at build time: compile time (CPU time of the
compiler process) and object size of SQLite's amalgamation (C, -O2) and of
a C++ file heavy in templates (bench/buildcost/templates.cpp, -O2), built by
plain clang and by cprof-cc in its configurations, pinned to one CPU and
interleaved, as ratios to plain clang in the same run. Then one
-ftime-report compile of each, plain and cprof, says where the time goes:
cprof's own passes, and the passes whose time grew most.

usage: bench/buildcost/run.py [--build DIR] [--rounds N] [--inputs A,B] [--readme]
  --build DIR   the cprof build to use (default: build/demo, else build/test)
  --inputs      a subset of sqlite3.c, templates.cpp (default: both)
  --readme      write each input's tables into its section of
                bench/buildcost/README.md
Needs bench/setup.sh (SQLite into bench/.cache).
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

INPUTS = {
    "sqlite3.c": (os.path.join(ROOT, "bench", ".cache", "sqlite", "sqlite3.c"), "c",
                  ["-O2", "-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION"]),
    "templates.cpp": (os.path.join(HERE, "templates.cpp"), "c++", ["-O2", "-std=c++17"]),
}


def configs(bindir, clang, clangxx):
    """name -> (C compiler argv prefix, C++ prefix, what it is)"""
    cc, cxx = os.path.join(bindir, "cprof-cc"), os.path.join(bindir, "cprof-c++")
    return {
        "clang": ([clang], [clangxx], "plain clang"),
        "cprof": ([cc], [cxx], "cprof-cc (hooks after inlining, the default)"),
        "cprof no builtins": ([cc, "--cprof-no-builtins"], [cxx, "--cprof-no-builtins"],
                              "cprof-cc --cprof-no-builtins (calls into uninstrumented code "
                              "not wrapped)"),
        "cprof early": ([cc, "--cprof-placement=early"], [cxx, "--cprof-placement=early"],
                        "cprof-cc --cprof-placement=early (before inlining)"),
        "cprof no guard": ([cc, "-mllvm", "-cprof-guard=false"],
                           [cxx, "-mllvm", "-cprof-guard=false"],
                           "cprof-cc without the enabled-test before each hook call"),
        "clang -finstrument-functions": ([clang, "-finstrument-functions"],
                                         [clangxx, "-finstrument-functions"],
                                         "clang's own __cyg_profile_func_enter/exit calls"),
    }


def compile_once(argv, out):
    """CPU seconds (user + system) of one compile, pinned to CPU 1."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(["taskset", "-c", "1"] + argv + ["-c", "-o", out], check=True)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def sizes(obj):
    """(text, data + bss, file bytes) of an object, from `size`."""
    out = subprocess.run(["size", obj], capture_output=True, text=True, check=True).stdout
    text, data, bss = (int(x) for x in out.splitlines()[1].split()[:3])
    return text, data + bss, os.path.getsize(obj)


def pass_times(argv, out):
    """{pass name: user+system seconds} summed over -ftime-report's
    pass-execution tables of one compile; " total": the tables' totals."""
    r = subprocess.run(["taskset", "-c", "1"] + argv + ["-c", "-o", out, "-ftime-report"],
                       capture_output=True, text=True, check=True)
    times = {}
    in_pass_table = False
    after_rule = False
    for line in r.stderr.splitlines():
        if line.startswith("===-"):
            after_rule = not after_rule
            continue
        if after_rule:   # a table's title, between two rules
            in_pass_table = "Pass execution timing report" in line
            continue
        total = re.match(r"^\s+Total Execution Time: ([\d.]+) seconds", line)
        if in_pass_table and total:
            # the tables' totals, not the sum of rows (passes nest)
            times[" total"] = times.get(" total", 0.0) + float(total.group(1))
            continue
        if not in_pass_table:
            continue
        m = re.match(r"^\s+(?:[\d.]+ \(\s*[\d.]+%\)\s+){2}([\d.]+) \(\s*[\d.]+%\)\s+"
                     r"[\d.]+ \(\s*[\d.]+%\)\s+(.+)$", line)
        if m and m.group(2) != "Total":
            times[m.group(2)] = times.get(m.group(2), 0.0) + float(m.group(1))
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--inputs", default=",".join(INPUTS))
    ap.add_argument("--configs", default="",
                    help="a subset of the builds (plain clang is always built)")
    ap.add_argument("--pass-report", default="clang,cprof",
                    help="the builds compiled once more with -ftime-report")
    ap.add_argument("--readme", action="store_true")
    args = ap.parse_args()
    for name in list(INPUTS):
        if name not in args.inputs.split(","):
            del INPUTS[name]
    build = args.build or next((os.path.join(ROOT, "build", b) for b in ("demo", "test")
                                if os.path.exists(os.path.join(ROOT, "build", b, "bin", "cprof-cc"))),
                               None)
    if not build:
        sys.exit("run.py: no cprof build (cmake --workflow --preset demo, or --build DIR)")
    bindir = os.path.join(build, "bin")
    cache = open(os.path.join(build, "CMakeCache.txt")).read()
    clang = re.search(r"^CPROF_CLANG:\w+=(.*)$", cache, re.M).group(1)
    clangxx = re.search(r"^CPROF_CLANGXX:\w+=(.*)$", cache, re.M).group(1)
    for name, (path, _, _) in INPUTS.items():
        if not os.path.exists(path):
            sys.exit("run.py: %s missing (run bench/setup.sh)" % path)
    cfgs = configs(bindir, clang, clangxx)
    if args.configs:
        keep = set(args.configs.split(",")) | {"clang"}
        cfgs = {k: v for k, v in cfgs.items() if k in keep}
    report_cfgs = [c for c in args.pass_report.split(",") if c in cfgs]
    tmp = tempfile.mkdtemp(prefix="cprof-buildcost.")
    results = {}   # (input, config) -> {"cpu": [...], "wall": [...], "size": (...)}
    for rnd in range(args.rounds):
        for iname, (path, lang, flags) in INPUTS.items():
            for cname, (c_argv, cxx_argv, _) in cfgs.items():
                argv = (c_argv if lang == "c" else cxx_argv) + flags + [path]
                obj = os.path.join(tmp, "%s.%s.o" % (iname, cname.replace(" ", "_")))
                cpu, wall = compile_once(argv, obj)
                r = results.setdefault((iname, cname), {"cpu": [], "wall": []})
                r["cpu"].append(cpu)
                r["wall"].append(wall)
                r["size"] = sizes(obj)
                print("round %d %-14s %-30s cpu %7.2f s  wall %7.2f s" % (rnd + 1, iname, cname, cpu, wall),
                      file=sys.stderr)
    reports = {}
    for iname, (path, lang, flags) in INPUTS.items():
        for cname in report_cfgs:
            c_argv, cxx_argv, _ = cfgs[cname]
            argv = (c_argv if lang == "c" else cxx_argv) + flags + [path]
            reports[(iname, cname)] = pass_times(argv, os.path.join(tmp, "report.o"))

    sections = {}
    meta = "%s, %d rounds interleaved, pinned with `taskset -c 1`, %s" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), args.rounds,
        subprocess.run([clang, "--version"], capture_output=True, text=True).stdout.splitlines()[0])
    for iname, (path, lang, flags) in INPUTS.items():
        md = sections.setdefault(iname, [])
        base = results[(iname, "clang")]
        bcpu = statistics.median(base["cpu"])
        md.append("**%s** (`%s`): measured by `python3 bench/buildcost/run.py --inputs %s "
                  "--readme` on %s. Compile time is the CPU time (user + system) of the "
                  "compiler process, median of the rounds, and its ratio to plain clang's "
                  "median in the same run; sizes from `size` on the object (`-c`)."
                  % (iname, " ".join(flags), iname, meta))
        md.append("")
        md.append("| build | CPU s (median) | spread | × clang | text bytes | × clang | "
                  "data+bss bytes | object file bytes | × clang |")
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for cname in cfgs:
            r = results[(iname, cname)]
            cpu = statistics.median(r["cpu"])
            text, data, fsize = r["size"]
            md.append("| %s | %.2f | %.2f–%.2f | %.2f | %d | %.2f | %d | %d | %.2f |" % (
                cname, cpu, min(r["cpu"]), max(r["cpu"]), cpu / bcpu, text,
                text / base["size"][0], data, fsize, fsize / base["size"][2]))
        md.append("")
        if (iname, "cprof") not in reports:
            continue
        plain, ours = reports.get((iname, "clang"), {}), dict(reports[(iname, "cprof")])
        total_plain, total_ours = plain.pop(" total", 0.0), ours.pop(" total", 0.0)
        own = {k: v for k, v in ours.items() if k.startswith("{anonymous}::") and
               k.split("::")[-1] in ("PreparePass", "InstrumentPass")}
        md.append("Where the time goes (`-ftime-report`, one compile each, the passes' "
                  "user+system time; -ftime-report slows a compile, so read these as "
                  "shares): all passes %s%.2f s with cprof; "
                  "cprof's own passes %s." % (
                      "%.2f s plain, " % total_plain if plain else "", total_ours,
                      ", ".join("%s %.3f s" % (k.split("::")[-1], v) for k, v in sorted(own.items()))
                      or "not found in the report"))
        if not plain:
            continue
        deltas = sorted(((ours.get(k, 0.0) - plain.get(k, 0.0), k) for k in set(plain) | set(ours)),
                        reverse=True)[:6]
        md.append("The passes that grew most: " + "; ".join(
            "%s +%.3f s (%.3f → %.3f)" % (k, d, plain.get(k, 0.0), ours.get(k, 0.0))
            for d, k in deltas) + ".")
        md.append("")
    for iname, md in sections.items():
        text = "\n".join(md).rstrip()
        print(text + "\n")
        if args.readme:
            readme = os.path.join(HERE, "README.md")
            old = open(readme).read() if os.path.exists(readme) else ""
            start, end = "<!-- results:%s:start -->" % iname, "<!-- results:%s:end -->" % iname
            if start in old and end in old:
                new = old[:old.index(start) + len(start)] + "\n" + text + "\n" + old[old.index(end):]
            else:
                new = old.rstrip() + "\n\n" + start + "\n" + text + "\n" + end + "\n"
            with open(readme, "w") as f:
                f.write(new)


if __name__ == "__main__":
    main()
