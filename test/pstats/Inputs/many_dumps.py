#!/usr/bin/env python3
"""Many dumps merged at once: our parallel loader against Python's pstats.

  many_dumps.py make DIR N
      write N dumps into DIR: random subsets of one program's functions in
      random dictionary order, times chosen so that float sums depend on
      their order (1e16, -1e16, 0.1, -0.0, ...), int times in some, profile.py
      counts for some callees, marshal versions 2 and 4 (with and without
      back-references), and a few dumps only the general reader takes: a
      repeated key, the profiler's top-level marker, a callers dict shared
      by two entries (a back-reference to a container)
  many_dumps.py check PSTATS DIR
      for 1, 2 and 5 threads: `PSTATS -o` equals Python's Stats(*files).stats
      exactly (order of keys and callers, types, every float bit for bit),
      and the printed reports (stats, callers) equal Python's byte for byte
  many_dumps.py errors PSTATS DIR
      with two broken dumps among the good ones, the error names the one
      Python reads first (Stats(a, b, c) reads a, c, b), whatever the threads
"""
import io
import marshal
import os
import pstats
import random
import subprocess
import sys
import tempfile

FLOATS = (0.1, 0.2, 0.3, 1e16, -1e16, 1e-300, -0.0, 0.0, 3.0, 1.0 / 3.0, 2.5e-7)


def universe():
    files = ["/src/dir%d/mod%d.py" % (i % 3, i) for i in range(12)]
    names = ["f%d" % i for i in range(40)] + ["__init__", "<lambda>", "r\u00e9sum\u00e9"]
    keys = [(files[i % 12], 10 + i, names[i % len(names)]) for i in range(160)]
    keys += [("~", 0, "<built-in method builtins.len>"), ("~", 0, "<method 'append' of 'list' objects>")]
    return keys


def time_value(rng, ints):
    if ints:
        return rng.randrange(0, 1000)
    return rng.choice(FLOATS) if rng.random() < 0.5 else rng.random() * 10


def make_stats(rng, keys, ints):
    chosen = rng.sample(keys, rng.randrange(30, 120))
    stats = {}
    for k in chosen:
        nc = rng.randrange(1, 50)
        cc = nc if rng.random() < 0.9 else max(1, nc - 3)
        callers = {}
        profilepy = keys.index(k) >= 150  # these callees get profile.py counts
        for c in rng.sample(chosen, rng.randrange(0, 4)):
            if profilepy:
                callers[c] = rng.randrange(1, 9)
            else:
                callers[c] = (rng.randrange(1, 9), rng.randrange(1, 9),
                              time_value(rng, ints), time_value(rng, ints))
        stats[k] = (cc, nc, time_value(rng, ints), time_value(rng, ints), callers)
    return stats


def plain(obj):
    return marshal.dumps(obj, 2)  # no back-references: pieces can be joined


def make(d, n):
    os.makedirs(d, exist_ok=True)
    rng = random.Random(20)
    keys = universe()
    for i in range(n):
        path = os.path.join(d, "dump%03d.prof" % i)
        stats = make_stats(rng, keys, ints=(i % 7 == 3))
        kind = i % 10
        if kind == 4:  # a repeated key: the later value, the first position
            items = list(stats.items())
            k, v = items[0]
            body = b"".join(plain(a) + plain(b) for a, b in items)
            data = b"{" + body + plain(k) + plain((v[0] + 1,) + v[1:]) + b"0"
        elif kind == 6:  # the marker: a top-level entry (always the same
            # one: Python prints its set of top-level entries in hash order)
            k = keys[0]
            if k not in stats:
                stats[k] = (1, 1, 0.5, 0.5, {})
            stats[k][4][("jprofile", 0, "profiler")] = (1, 1, 0.0, 0.0)
            data = marshal.dumps(stats, 4)
        elif kind == 8:  # one callers dict shared by two entries (refs to it)
            a, b = [k for k in stats if keys.index(k) < 150][:2]
            stats[b] = stats[b][:4] + (stats[a][4],)
            data = marshal.dumps(stats, 4)
        else:
            data = marshal.dumps(stats, 2 if i % 3 == 0 else 4)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (1000000000 + 3600 * i, 1000000000 + 3600 * i))


def same(a, b):
    """Exactly equal: types, float bits (repr), order of every dict."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


def python_report(files, callers):
    out = io.StringIO()
    st = pstats.Stats(*files, stream=out).sort_stats("cumulative")
    if callers:
        st.print_callers(40)
    else:
        st.print_stats(40)
    return out.getvalue().encode()


def check(binary, d):
    files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".prof"))
    theirs = pstats.Stats(*files).stats
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for threads in ("1", "2", "5"):
            out = os.path.join(tmp, "out%s.prof" % threads)
            subprocess.run([binary, "--threads", threads, "-o", out] + files, check=True)
            with open(out, "rb") as f:
                ours = marshal.load(f)
            if not same(ours, theirs):
                print("threads %s: -o differs from Python's Stats(...).stats" % threads)
                bad += 1
            for callers in (False, True):
                args = [binary, "--threads", threads, "-s", "cumulative", "-n", "40"]
                args += ["--callers"] * callers + files
                p = subprocess.run(args, capture_output=True, check=True)
                if p.stdout != python_report(files, callers):
                    print("threads %s: %s differs from Python's" % (threads, " ".join(args[3:7])))
                    bad += 1
    print("%d dumps, %d entries: %s" % (len(files), len(theirs), "differ" if bad else "identical"))
    return 1 if bad else 0


def errors(binary, d):
    files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".prof"))
    with tempfile.TemporaryDirectory() as tmp:
        cut = os.path.join(tmp, "cut.prof")
        with open(files[5], "rb") as f:
            data = f.read()
        with open(cut, "wb") as f:
            f.write(data[: len(data) // 2])
        notdict = os.path.join(tmp, "list.prof")
        with open(notdict, "wb") as f:
            f.write(marshal.dumps([1, 2, 3]))
        bad = 0
        for order in ((cut, notdict), (notdict, cut)):
            lst = files[:10] + [order[0]] + files[10:20] + [order[1]] + files[20:]
            # Python: Stats(a, *rest) reads a, then rest last to first
            first = next(f for f in [lst[0]] + lst[:0:-1] if f in order)
            for threads in ("1", "2", "5"):
                p = subprocess.run([binary, "--threads", threads] + lst, capture_output=True)
                lines = p.stderr.decode().splitlines()
                if p.returncode != 1 or p.stdout or len(lines) != 1 or \
                        not lines[0].startswith("pstats: %s: " % first):
                    print("threads %s: exit %d, stderr %r, expected an error naming %s"
                          % (threads, p.returncode, p.stderr, first))
                    bad += 1
    print("errors: %s" % ("wrong" if bad else "the first broken dump in Python's order"))
    return 1 if bad else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2], int(sys.argv[3]))
    elif cmd == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    elif cmd == "errors":
        sys.exit(errors(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("unknown command " + cmd)
