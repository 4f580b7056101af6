"""Generates N cProfile-format dumps of F functions each, as Python's
marshal writes them, for the pstats merge benchmark.

Realistic shape: one program profiled N times. A universe of U function
keys in ~U/50 files; function names come from a vocabulary in which a few
hundred common names (__init__, get, run, ...) recur across files, so keys
share names but not files. Every dump holds a hot core of functions present
in all runs plus a run-specific sample of the rest (so merging both sums
existing entries and appends new ones). Caller edges have power-law fan-in
(most functions have 1-3 callers, a few have hundreds), callers prefer
functions "above" the callee in a layered order, ~2% of functions recurse.
Counts and times are consistent: the callers' counts sum to the callee's,
cumtime >= tottime.

usage: gen_dumps.py OUTDIR [--dumps N] [--functions F] [--universe U] [--seed S]
                         [--jobs J]
Dumps already in OUTDIR are kept (the generation can be resumed); the same
arguments always give the same bytes.
"""
import argparse
import marshal
import multiprocessing
import os
import random


COMMON = ("__init__ get set run call update close open read write parse load save "
          "process handle apply visit emit flush reset start stop next send recv "
          "encode decode validate render compute build make create delete insert "
          "remove find search match sort merge split join append extend copy clear "
          "init setup teardown main wrapper inner helper callback dispatch execute "
          "__call__ __getitem__ __setitem__ __iter__ __next__ __enter__ __exit__ "
          "__eq__ __hash__ __repr__ __str__ __len__ <lambda> <listcomp> <genexpr> "
          "<dictcomp> <module>").split()


def build_universe(rng, n):
    common = COMMON + ["%s_%d" % (rng.choice(COMMON).strip("_<>"), i) for i in range(300 - len(COMMON))]
    files = ["src/%s/%s_%d.py" % (rng.choice(("core", "net", "db", "ui", "util", "io")),
                                  rng.choice(("mod", "lib", "impl", "api")), i)
             for i in range(max(1, n // 50))]
    keys = []
    for i in range(n):
        f = files[i % len(files)]
        if rng.random() < 0.45:
            name = rng.choice(common)
        else:
            name = "fn_%d_%s" % (i, rng.choice(COMMON).strip("_<>"))
        keys.append((f, 10 + (i * 37) % 4000, name))
    builtins = [("~", 0, "<built-in method %s>" % b) for b in
                ("builtins.len", "builtins.isinstance", "builtins.getattr", "math.sqrt",
                 "time.time", "posix.stat", "_io.open", "builtins.sorted")]
    builtins += [("~", 0, "<method '%s' of '%s' objects>" % (m, t))
                 for m in ("append", "get", "items", "join", "split", "encode")
                 for t in ("list", "dict", "str")]
    return builtins + keys


def fanin(rng):
    # Pareto: P(k > x) ~ x^-1.5, 1..400 (mean about 3)
    k = int(rng.paretovariate(1.5))
    return max(1, min(k, 400))


def one_dump(d):
    a, universe, potential, core = WORK
    path = os.path.join(a.outdir, "run%04d.prof" % d)
    if not os.path.exists(path):  # resumable: finished dumps are kept
        drng = random.Random(a.seed * 1000003 + d)
        ids = set(range(core))
        while len(ids) < a.functions:
            ids.add(min(len(universe) - 1, core + int(drng.paretovariate(0.6) * 400) - 400
                        + drng.randrange(len(universe) - core)))
        stats = make_dump_ids(drng, universe, potential, core, sorted(ids))
        with open(path + ".tmp", "wb") as fh:
            marshal.dump(stats, fh)
        os.replace(path + ".tmp", path)
    return os.path.getsize(path)


def main():
    global WORK
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--dumps", type=int, default=1000)
    ap.add_argument("--functions", type=int, default=10000)
    ap.add_argument("--universe", type=int, default=30000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    rng = random.Random(a.seed)
    universe = build_universe(rng, a.universe)
    core = a.functions // 5  # the hot core: in every dump
    # the program's call graph: each function's potential callers, power-law
    # fan-in, callers above the callee (lower universe index)
    potential = []
    for u in range(len(universe)):
        k = min(fanin(rng), u)
        potential.append(sorted({int(u * rng.random() ** 0.5) for _ in range(k)}))
    WORK = (a, universe, potential, core)
    if a.jobs > 1:
        with multiprocessing.Pool(a.jobs) as pool:  # fork: workers share WORK
            total = sum(pool.imap(one_dump, range(a.dumps), chunksize=4))
    else:
        total = sum(map(one_dump, range(a.dumps)))
    print("%d dumps, %d functions each, %d bytes in total" % (a.dumps, a.functions, total))


def make_dump_ids(rng, universe, potential, core, ids):
    """ids: sorted universe indices of this dump's functions (position =
    layer: lower positions are nearer the top of the call graph)."""
    n = len(ids)
    pos_of = {u: i for i, u in enumerate(ids)}
    positions = list(range(n))
    rng.shuffle(positions)  # dictionary order unrelated to the graph
    stats = {}
    for p in positions:
        key = universe[ids[p]]
        nc = max(1, int(rng.paretovariate(1.1)))
        recursive = p > 0 and rng.random() < 0.02
        cc = max(1, nc // 3) if recursive and nc > 1 else nc
        tt = round(rng.expovariate(2000.0) * nc, 9)
        ct = round(tt * (1 + rng.expovariate(0.5)), 9)
        callers = {}
        # the function's callers in this run: those of its fixed potential
        # callers (the program's call graph) that ran, else its fixed
        # dispatcher among the hot core functions
        u = ids[p]
        cpos = [pos_of[c] for c in potential[u] if c in pos_of]
        if not cpos and u > 0:
            cpos = [pos_of[(u * 2654435761) % min(u, core)]]
        if cpos:
            nc = max(nc, len(cpos))  # every caller calls at least once
            cc = nc if not recursive else max(len(cpos), cc)
            weights = [rng.random() for _ in cpos]
            wsum = sum(weights) or 1.0
            extra = nc - len(cpos)
            shares = [1 + int(extra * w / wsum) for w in weights]
            shares[0] += nc - sum(shares)
            left_cc = cc
            for c, share in zip(cpos, shares):
                cshare = min(left_cc, share)
                left_cc -= cshare
                frac = share / nc
                ck = universe[ids[c]]
                # a fresh tuple, as cProfile's label(code) makes for every
                # caller: marshal writes it out (its strings by reference)
                callers[(ck[0], ck[1], ck[2])] = (share, cshare, round(tt * frac, 9),
                                                  round(ct * frac, 9))
        if recursive:
            callers[key] = (max(1, nc - cc), max(1, cc // 2), round(tt / 2, 9), round(ct / 2, 9))
        stats[(key[0], key[1], key[2])] = (cc, nc, tt, ct, callers)
    return stats


if __name__ == "__main__":
    main()
