"""Dump-cost and memory driver (called by bench/run.py): a process with
100,000 functions and 1,000,000 edges, built on the hook ABI directly."""
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), ".out", "dump")


def run(cb, b, nfunc=100000, nedge=1000000, reps=3):
    obj = b.compile("plain", "c", [], os.path.join(HERE, "dumpbench.c"),
                    os.path.join(OUT, "dumpbench.o"), ["-I" + os.path.join(cb, "include")])
    exe = b.link("cprof", "c", [], [obj], os.path.join(OUT, "dumpbench"))
    api, exit_ns, perf, pere, sizes = [], [], [], [], []
    for _ in range(reps):
        env = {k: v for k, v in os.environ.items() if not k.startswith("CPROF_")}
        atexit_file = os.path.join(OUT, "atexit.prof")
        api_file = os.path.join(OUT, "api.prof")
        for f in (atexit_file, api_file):
            if os.path.exists(f):
                os.unlink(f)
        env["CPROF_FILE"] = atexit_file
        r = subprocess.run(["taskset", "-c", "1", exe, str(nfunc), str(nedge), api_file],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           check=True)
        end = time.monotonic_ns()  # CLOCK_MONOTONIC, as the program's own clock
        v = dict(line.split() for line in r.stdout.splitlines() if len(line.split()) == 2)
        api.append(int(v["dump_stats_ns"]) / 1e9)
        exit_ns.append((end - int(v["end_of_main_ns"])) / 1e9)
        perf.append(float(v["bytes_per_function"]))
        pere.append(float(v["bytes_per_edge"]))
        sizes.append(os.path.getsize(atexit_file))
    # The dump must hold what was recorded: read it back with Python's pstats.
    import pstats
    st = pstats.Stats(api_file)
    funcs = sum(1 for k in st.stats if k[2].startswith("fn_"))
    edges = sum(len(v[4]) for k, v in st.stats.items() if k[2].startswith("fn_"))
    if funcs != nfunc or edges != nedge:
        raise RuntimeError(f"dump holds {funcs} functions and {edges} edges, "
                           f"expected {nfunc} and {nedge}")
    res = dict(api_s=api, exit_s=exit_ns, bytes_per_function=perf, bytes_per_edge=pere,
               dump_bytes=sizes[-1])
    md = ["**End-of-run cost and memory** (`bench/dump`: one thread calls "
          f"{nfunc:,} functions along {nedge:,} distinct edges through the hook ABI; "
          f"median (min–max) of {reps} runs; the dump is read back with Python's pstats)\n",
          "| measure | value |", "|---|---:|",
          f"| `cprof_dump_stats()` of the {sizes[-1] / 1e6:.1f} MB dump | "
          f"{statistics.median(api):.3f} s ({min(api):.3f}–{max(api):.3f}) |",
          f"| end of `main` to process exit (at-exit dump to `CPROF_FILE`) | "
          f"{statistics.median(exit_ns):.3f} s ({min(exit_ns):.3f}–{max(exit_ns):.3f}) |",
          f"| resident memory per function touched (per thread) | "
          f"{statistics.median(perf):.0f} bytes |",
          f"| resident memory per edge (per thread) | {statistics.median(pere):.0f} bytes |", ""]
    res["md"] = "\n".join(md)
    return res
