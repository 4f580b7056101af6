#!/usr/bin/env python3
"""Rebuilds every conformance vector from programs/ (regen.sh runs this).

usage: gen.py [OUT_DIR]   (default: ../vectors, the committed vectors)

Each vector: a workload from programs/ profiled by cProfile (or profile.py)
under a deterministic integer timer, its dump, and Python's pstats output for
a list of calls.  Needs CPython 3.11 (the dumps record 3.11's profiler
events; see ../README.md).  Writes only under OUT_DIR, which it replaces.
"""
import cProfile
import hashlib
import io
import marshal
import os
import profile
import pstats
import shutil
import subprocess
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
MTIME = 1_000_000_000   # every dump gets this mtime; with TZ=UTC pstats prints
                        # "Sun Sep  9 01:46:40 2001    <file>" as its first line

os.environ["TZ"] = "UTC"
time.tzset()

if sys.version_info[:2] != (3, 11):
    sys.exit("gen.py: needs CPython 3.11 (found %s)" % sys.version.split()[0])


# --------------------------------------------------------------------------
# profiling with a fake clock

def make_timer():
    clock = [0]

    def timer():            # every read of the clock costs one tick
        clock[0] += 1
        return clock[0]
    return clock, timer


def load_program(modules, clock):
    """exec each (co_filename, source, alias) into a shared namespace, or
    into its own namespace exposed in the shared one under alias."""
    shared = {"__name__": "vector", "tick": clock}
    for co_filename, source, alias in modules:
        with open(os.path.join(PROGRAMS, source)) as f:
            code = compile(f.read(), co_filename, "exec")
        if alias:
            ns = dict(shared)
            exec(code, ns)
            shared[alias] = types.SimpleNamespace(**ns)
        else:
            exec(code, shared)
    return shared


def std(func):
    return pstats.func_std_string(func)


def scrambled(d):
    """_lsprof emits entries in an address-dependent order (it walks a tree
    keyed by code-object pointers), so a fresh run reorders the dump.  Fix
    an order that is deterministic but unrelated to any sort key."""
    return sorted(d, key=lambda k: hashlib.sha1(std(k).encode()).hexdigest())


def canonical(stats):
    out = {}
    for func in scrambled(stats):
        cc, nc, tt, ct, callers = stats[func]
        out[func] = (cc, nc, tt, ct, {c: callers[c] for c in scrambled(callers)})
    return out


def profile_run(v, args=()):
    clock, timer = make_timer()
    ns = load_program(v["modules"], clock)
    main = ns["main"]
    if v.get("engine") == "profile":
        pr = profile.Profile(timer)
        ns["__args"] = args
        pr.runctx("main(*__args)" if args else "main()", ns, ns)
        pr.create_stats()
        return pr.stats
    pr = cProfile.Profile(timer, v.get("timeunit", 0.001),
                          subcalls=v.get("subcalls", True),
                          builtins=v.get("builtins", True))
    ns["profiler"] = pr
    pr.enable()
    main(*args)
    pr.disable()
    pr.create_stats()
    return pr.stats


def write_dump(stats, path):
    with open(path, "wb") as f:
        marshal.dump(stats, f)
    os.utime(path, (MTIME, MTIME))


# --------------------------------------------------------------------------
# the hand-made vector

def edge_stats():
    F = "examples/edge.c"
    top = (F, 10, "top")
    jp = ("jprofile", 0, "profiler")
    longname = ("include/very/long/path/to/templates.hpp", 1234,
                "ns::detail::Matrix<" + ", ".join(["std::vector<double>"] * 12)
                + ">::operator()(unsigned long, unsigned long) const")
    assert len(longname[2]) > 255
    stats = {
        top: (1, 1, 0.0125, 1.0, {jp: (1, 1, 0.0125, 1.0)}),
        (F, 20, "never_called"): (0, 0, 0.0, 0.0, {}),
        (F, 30, "overcalibrated"): (3, 3, -0.0004, -0.0015,
                                    {top: (3, 3, -0.0004, -0.0015)}),
        (F, 40, "flushed_recursion"): (0, 2, 0.004, 0.009,
                                       {top: (2, 0, 0.004, 0.009)}),
        longname: (7, 7, 0.0045, 0.0105, {top: (7, 7, 0.0045, 0.0105)}),
        ("~", 0, "plain_builtin_name"): (2, 2, 0.0005, 0.0005,
                                         {top: (2, 2, 0.0005, 0.0005)}),
        ("~", 0, "<built-in method memcpy>"): (1000000, 1000000, 0.25, 0.25,
                                               {top: (1000000, 1000000, 0.25, 0.25)}),
        ("~", 7, "<not a builtin>"): (1, 1, 0.001, 0.001, {top: (1, 1, 0.001, 0.001)}),
        ("src/ünïcode.c", 5, "größe_計算"): (
            4, 5, 0.002, 0.0035,
            {top: (1, 1, 0.0005, 0.0035), ("src/ünïcode.c", 5, "größe_計算"): (4, 3, 0.0015, 0.0025)}),
        (F, 50, "int_times"): (2, 2, 3, 5, {top: (2, 2, 3, 5)}),
        (F, 60, "slow"): (1, 1, 12345.6789, 98765.4321, {top: (1, 1, 12345.6789, 98765.4321)}),
    }
    return stats


# --------------------------------------------------------------------------
# the vectors

def mod(name, source=None, alias=None):
    return (name, source or os.path.basename(name), alias)


SINGLE = [
    dict(name="recursion", modules=[mod("examples/recursion.py")], regex="fib|fact",
         covers="direct recursion (linear, tree), a/b ncalls, per-edge recursion counts"),
    dict(name="mutual", modules=[mod("examples/mutual.py")], regex="p.ng",
         covers="mutual recursion: 2-cycle entered from both ends, 3-cycle entered in the middle"),
    dict(name="chain", modules=[mod("examples/chain.py")], timeunit=0.0001,
         regex="level_0[2-5]|fail",
         covers="12-deep chain of distinct functions, frames left by an exception, timeunit 1e-4"),
    dict(name="builtins", modules=[mod("examples/builtins.py")], regex=r"\{built-in|<",
         covers="C functions: {built-in method ...}, {method ... objects}, builtin calling Python (sorted key), <listcomp>, <lambda>"),
    dict(name="fanin", modules=[mod("lib/hub.py", "lib/hub.py"), mod("lib/helpers.py", "lib/helpers.py"),
                                mod("examples/fanin.py")], regex="hub|helper",
         covers="one function with 14 callers in two files, caller lists sorted by (file, line, name)"),
    dict(name="stripdirs", modules=[mod("common/sink.py", "common/sink.py"),
                                    mod("src/pkg_a/util.py", "pkg_a/util.py", "pkg_a"),
                                    mod("src/pkg_b/util.py", "pkg_b/util.py", "pkg_b"),
                                    mod("examples/stripdirs.py")], regex="util",
         covers="strip_dirs: colliding keys merge, caller keys collapse (last one wins)"),
    dict(name="openframes", modules=[mod("examples/openframes.py")], regex="dive",
         covers="disable() with frames open: flush closes them (recursive ones included)"),
    dict(name="nosubcalls", modules=[mod("examples/options.py")], subcalls=False, regex="step|work",
         covers="cProfile.Profile(subcalls=False): empty callers, no callers sub-header"),
    dict(name="nobuiltins", modules=[mod("examples/options.py")], builtins=False, regex="step|work",
         covers="cProfile.Profile(builtins=False): no '~' entries, C time stays in the caller"),
    dict(name="profilepy", modules=[mod("examples/profilepy.py")], engine="profile", regex="walk|:0",
         covers="profile.py dump: int callers, int times, ('', 0, name) builtins, 0-call entry"),
    dict(name="edge", crafted=edge_stats, regex="never|größe|~",
         covers="hand-made: 'jprofile' top-level line, 0 calls, cc=0<nc, negative times, "
                ">255-char name ('a' string), unicode names, '~' keys that are not builtins, int times, wide numbers"),
]

MERGES = [
    dict(name="merge2", program=[mod("examples/merge.py")], variants=[1, 2],
         covers="Stats(a, b): add() sums stats and caller edges; merged dump_stats"),
    dict(name="merge3", program=[mod("examples/merge.py")], variants=[1, 2, 3],
         covers="Stats(a, b, c): files added in reverse order (a, c, b), key order follows"),
]

# (expected file, strip, sort keys, reverse, method, amounts)
def single_cases(regex):
    return [
        ("stats_nosort", False, [], False, "stats", []),
        ("stats_cumulative", False, ["cumulative"], False, "stats", []),
        ("stats_tottime", False, ["tottime"], False, "stats", []),
        ("stats_calls_name", False, ["calls", "name"], False, "stats", []),
        ("stats_pcalls", False, ["pcalls"], False, "stats", []),
        ("stats_stdname", False, ["stdname"], False, "stats", []),
        ("stats_nfl", False, ["nfl"], False, "stats", []),
        ("stats_filename_line", False, ["filename", "line"], False, "stats", []),
        ("stats_name", False, ["name"], False, "stats", []),
        ("stats_cumulative_reverse", False, ["cumulative"], True, "stats", []),
        ("stats_strip_cumulative", True, ["cumulative"], False, "stats", []),
        ("stats_strip_nosort", True, [], False, "stats", []),
        ("stats_cumulative_n5", False, ["cumulative"], False, "stats", [5]),
        ("stats_tottime_frac", False, ["tottime"], False, "stats", [0.4]),
        ("stats_cumulative_regex", False, ["cumulative"], False, "stats", [regex]),
        ("stats_calls_regex_n2", False, ["calls"], False, "stats", [regex, 2]),
        ("stats_time_n4_frac", False, ["time"], False, "stats", [4, 0.5]),
        ("stats_nomatch", False, ["cumulative"], False, "stats", ["no_such_function"]),
        ("stats_badregex", False, ["cumulative"], False, "stats", ["(unclosed"]),
        ("callers_cumulative", False, ["cumulative"], False, "callers", []),
        ("callees_cumulative", False, ["cumulative"], False, "callees", []),
        ("callers_strip_name", True, ["name"], False, "callers", []),
        ("callees_strip_name", True, ["name"], False, "callees", []),
        ("callers_tottime_regex", False, ["tottime"], False, "callers", [regex]),
        ("callees_calls_name_n3", False, ["calls", "name"], False, "callees", [3]),
    ]


MERGE_CASES = [
    ("stats_nosort", False, [], False, "stats", []),
    ("stats_cumulative", False, ["cumulative"], False, "stats", []),
    ("stats_calls_name", False, ["calls", "name"], False, "stats", []),
    ("stats_strip_time", True, ["time"], False, "stats", []),
    ("callers_cumulative", False, ["cumulative"], False, "callers", []),
    ("callees_cumulative", False, ["cumulative"], False, "callees", []),
]


def run_case(files, strip, keys, reverse, method, amounts):
    buf = io.StringIO()
    s = pstats.Stats(*files, stream=buf)
    if strip:
        s.strip_dirs()
    if keys:
        s.sort_stats(*keys)
    if reverse:
        s.reverse_order()
    getattr(s, "print_" + method)(*amounts)
    return buf.getvalue()


def py_call(files, strip, keys, reverse, method, amounts):
    c = "Stats(%s)" % ", ".join(repr(f) for f in files)
    if strip:
        c += ".strip_dirs()"
    if keys:
        c += ".sort_stats(%s)" % ", ".join(repr(k) for k in keys)
    if reverse:
        c += ".reverse_order()"
    c += ".print_%s(%s)" % (method, ", ".join(repr(a) for a in amounts))
    return c


def cli(files, strip, keys, reverse, method, amounts):
    a = ["pstats"]
    if strip:
        a.append("--strip-dirs")
    for k in keys:
        a += ["-s", k]
    if reverse:
        a.append("--reverse")
    for x in amounts:
        a += ["-n", shq(str(x))]
    if method != "stats":
        a.append("--" + method)
    return " ".join(a + list(files))


def shq(s):
    if all(c.isalnum() or c in "._-/" for c in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


def write_cases(d, files, cases):
    os.makedirs(os.path.join(d, "expected"), exist_ok=True)
    rows = ["# expected file\tPython call (pstats.Stats, cwd = this folder)\tequivalent pstats command line"]
    cwd = os.getcwd()
    os.chdir(d)
    try:
        for name, *spec in cases:
            out = run_case(files, *spec)
            with open(os.path.join("expected", name + ".txt"), "w", encoding="utf-8") as f:
                f.write(out)
            rows.append("expected/%s.txt\t%s\t%s" % (name, py_call(files, *spec), cli(files, *spec)))
    finally:
        os.chdir(cwd)
    with open(os.path.join(d, "CASES.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


BROWSER_SCRIPT = """help
help sort
sort
sort cumulative
stats 5
callers fib
callees 0.3
sort calls name
reverse
stats
strip
stats 3

sort bogus
stats 2.5
read no_such_file.prof
read
add ../mutual/mutual.prof
sort time
stats fact 4
frobnicate
quit
"""


def browser(d, fname):
    with open(os.path.join(d, "browser.in"), "w") as f:
        f.write(BROWSER_SCRIPT)
    env = dict(os.environ, TZ="UTC", TERM="dumb")
    with open(os.path.join(d, "browser.in"), "rb") as fin:
        out = subprocess.run([sys.executable, "-m", "pstats", fname], stdin=fin,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=d,
                             env=env, check=True).stdout
    with open(os.path.join(d, "browser.out"), "wb") as f:
        f.write(out)


def minimal(root):
    """A real, untouched cProfile dump_stats file, for the hex dump in
    docs/pstats-format.md (builtins=False keeps it to two entries)."""
    d = os.path.join(root, "minimal")
    os.makedirs(d, exist_ok=True)
    clock, timer = make_timer()
    ns = {"tick": clock}
    exec(compile("def leaf():\n    tick[0] += 2\n\ndef main():\n    leaf()\n",
                 "m.py", "exec"), ns)
    pr = cProfile.Profile(timer, 0.001, builtins=False)
    pr.enable()
    ns["main"]()
    pr.disable()
    path = os.path.join(d, "minimal.prof")
    pr.dump_stats(path)
    os.utime(path, (MTIME, MTIME))
    write_cases(d, ["minimal.prof"], [("stats_nosort", False, [], False, "stats", []),
                                      ("callers_nosort", False, [], False, "callers", [])])


def main():
    vroot = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "vectors")
    shutil.rmtree(vroot, ignore_errors=True)
    for v in SINGLE:
        d = os.path.join(vroot, v["name"])
        os.makedirs(d)
        stats = v["crafted"]() if "crafted" in v else canonical(profile_run(v))
        fname = v["name"] + ".prof"
        write_dump(stats, os.path.join(d, fname))
        write_cases(d, [fname], single_cases(v["regex"]))
    for m in MERGES:
        d = os.path.join(vroot, m["name"])
        os.makedirs(d)
        files = []
        for i, var in enumerate(m["variants"], 1):
            fname = "run%d.prof" % i
            write_dump(canonical(profile_run(dict(modules=m["program"]), (var,))),
                       os.path.join(d, fname))
            files.append(fname)
        cwd = os.getcwd()
        os.chdir(d)
        try:
            pstats.Stats(*files).dump_stats("merged.prof")
            os.utime("merged.prof", (MTIME, MTIME))
        finally:
            os.chdir(cwd)
        write_cases(d, files, MERGE_CASES)
        # the merged dump read back on its own
        extra = [("merged_" + n, *spec) for n, *spec in MERGE_CASES[:2]]
        tmp = os.path.join(d, "CASES.tsv")
        rows = open(tmp, encoding="utf-8").read()
        write_cases(d, ["merged.prof"], extra)
        rows2 = open(tmp, encoding="utf-8").read().split("\n", 1)[1]
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(rows + rows2)
    browser(os.path.join(vroot, "recursion"), "recursion.prof")
    minimal(vroot)
    with open(os.path.join(vroot, "INDEX.tsv"), "w") as f:
        f.write("# vector\tcovers\n")
        for v in SINGLE + MERGES:
            f.write("%s\t%s\n" % (v["name"], v["covers"]))


if __name__ == "__main__":
    main()
