#!/usr/bin/env python3
"""Python's pstats as the oracle for our `pstats` on dumps Python writes.

  pstats_oracle.py make DIR
      write the test dumps (below) into DIR, mtime 1000000000
  pstats_oracle.py compare PSTATS ARG... [:: ARG...]...
      run `PSTATS ARG...` and the equivalent Python calls (§9 of the
      reference: Stats(files) -> strip_dirs -> sort_stats -> reverse_order ->
      print_stats/print_callers/print_callees(amounts)); print
      "same N bytes" or a diff and exit 1
  pstats_oracle.py sortwords PSTATS DUMP
      every sort word Python's table accepts (66 of them, from
      Stats.get_sort_arg_defs) and the legacy -1 0 1 2 give Python's output;
      the words it rejects (c, cum, n, t, bogus) give a one-line error
  pstats_oracle.py malformed DIR
      write hand-made dumps, valid and invalid, into DIR (see MALFORMED)
  pstats_oracle.py truncate PSTATS DUMP...
      every proper prefix of each dump: exit 1, one line on stderr naming
      the file, never a signal
  pstats_oracle.py roundtrip PSTATS [--strip-dirs] FILE...
      `PSTATS -o OUT FILE...`, then check marshal.load(OUT) against Python's
      own Stats(FILE...).stats: same keys in the same order, same counts,
      same times (1e-12 relative; nan matches nan), same caller tables
"""
import cProfile
import difflib
import io
import marshal
import math
import os
import profile
import pstats
import subprocess
import sys
import tempfile


def write(path, obj, version=4):
    with open(path, "wb") as f:
        marshal.dump(obj, f, version)


def workload():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def is_even(n):
        return True if n == 0 else is_odd(n - 1)

    def is_odd(n):
        return False if n == 0 else is_even(n - 1)

    def main():
        fib(8)
        is_even(7)
        sorted(["bb", "a", "ccc"], key=len)
        return [x * 2 for x in range(5)]

    return main


def make(d):
    os.makedirs(d, exist_ok=True)
    # A real cProfile dump: back-references to shared small ints, filenames
    # and caller key tuples, exactly as Python writes them.
    p = cProfile.Profile()
    p.runcall(workload())
    p.dump_stats(os.path.join(d, "cprofile.prof"))
    # A real profile.py dump: int caller counts, ('', 0, name) builtins, the
    # 0-call profiler entry.
    p = profile.Profile()
    p.runcall(workload())
    p.dump_stats(os.path.join(d, "profilepy.prof"))
    # One value tuple and one callers dict shared by several keys (marshal
    # writes them once and references them), to check copy-before-merge.
    callers = {("lib/a.py", 1, "f"): (2, 1, 0.5, 0.75)}
    shared = (1, 3, 0.5, 1.5, callers)
    write(os.path.join(d, "shared.prof"), {
        ("lib/a.py", 1, "f"): shared,
        ("lib/b/a.py", 1, "f"): shared,
        ("lib/a.py", 2, "g"): (1, 1, 0.25, 0.25, callers),
    })
    # Unicode: names and files in several scripts, combining marks, a wide
    # (4-byte UTF-8) character, a non-ASCII name of 300 characters ('u' with
    # a 4-byte length), and a 300-character ASCII name ('a').
    write(os.path.join(d, "unicode.prof"), {
        ("src/ünïcode.c", 5, "größe_計算"): (4, 5, 0.002, 0.004, {("src/main.c", 1, "main"): (5, 4, 0.002, 0.004)}),
        ("src/main.c", 1, "main"): (1, 1, 0.001, 0.01, {}),
        ("😀/emoji.c", 7, "e\u0301t\u00e9_😀"): (1, 1, 0.001, 0.002, {("src/main.c", 1, "main"): (1, 1, 0.001, 0.002)}),
        ("long.c", 9, "ж" * 300): (2, 2, 0.003, 0.003, {("src/ünïcode.c", 5, "größe_計算"): (2, 2, 0.003, 0.003)}),
        ("long.c", 10, "x" * 300): (1, 1, 0.0, 0.0, {}),
        ("~", 0, "<built-in method naïve>"): (3, 3, 0.0, 0.0, {("src/main.c", 1, "main"): (3, 3, 0.0, 0.0)}),
    })
    # Counts above 2^31 ('l' longs), 2^53 + 1 (not exact in a double), near
    # 2^63, and line numbers that are large or negative.
    big = 2**53 + 1
    write(os.path.join(d, "bigcounts.prof"), {
        ("big.c", 2**31, "over_int32"): (2**31, 2**31 + 1, 1.5, 3.0, {("big.c", -7, "neg_line"): (2**31 + 1, 2**31, 1.5, 3.0)}),
        ("big.c", -7, "neg_line"): (big, big, 2.0, 4.0, {}),
        ("big.c", 3, "huge"): (2**62, 2**63 - 1, 9.0, 9.5, {("big.c", -7, "neg_line"): (2**63 - 1, 2**62, 9.0, 9.5)}),
        ("big.c", 4, "small"): (1, 1, 0.001, 0.001, {}),
    })
    # Floats of every magnitude, negative and signed zero, infinities, NaN,
    # and int times.
    write(os.path.join(d, "floats.prof"), {
        ("f.c", 1, "tiny"): (1, 1, 5e-324, 2.2250738585072014e-308, {}),
        ("f.c", 2, "huge"): (3, 3, 1e300, 1.7976931348623157e308, {}),
        ("f.c", 3, "negative"): (2, 2, -0.0005, -1234.5675, {}),
        ("f.c", 4, "negzero"): (1, 1, -0.0, -0.0, {}),
        ("f.c", 5, "inf"): (1, 1, float("inf"), float("-inf"), {}),
        ("f.c", 7, "ints"): (7, 7, 3, 12345678901, {("f.c", 1, "tiny"): (7, 7, 3, 12345678901)}),
        ("f.c", 8, "halves"): (4, 4, 0.0005, 0.0015, {}),
    })
    # NaN times print as nan (never -nan). Sorting on a NaN column depends
    # on the sort algorithm's comparisons (Python's timsort), so only the
    # unsorted and name-sorted reports are compared on this one.
    write(os.path.join(d, "nan.prof"), {
        ("n.c", 1, "nan"): (1, 1, float("nan"), -float("nan"), {("n.c", 2, "caller"): (1, 1, float("nan"), -float("nan"))}),
        ("n.c", 2, "caller"): (1, 1, 0.5, float("nan"), {}),
    })
    # Old marshal versions: '(' tuples, 'u' strings (0-3) and 'f' text
    # floats (0-1).
    data = {("old.py", 1, "f"): (2, 3, 0.125, 0.5, {("old.py", 9, "main"): (3, 2, 0.125, 0.5)}),
            ("old.py", 9, "main"): (1, 1, 0.1, 0.6, {})}
    for v in range(4):
        write(os.path.join(d, "version%d.prof" % v), data, v)
    # Merge inputs: the same keys in another order plus new ones, one with
    # profile.py-style entries disjoint from the cProfile ones.
    write(os.path.join(d, "merge_a.prof"), {
        ("m.py", 1, "a"): (1, 1, 0.1, 0.3, {}),
        ("m.py", 2, "b"): (2, 3, 0.2, 0.2, {("m.py", 1, "a"): (3, 2, 0.2, 0.2)}),
    })
    write(os.path.join(d, "merge_b.prof"), {
        ("m.py", 3, "c"): (1, 1, 0.05, 0.05, {("m.py", 2, "b"): (1, 1, 0.05, 0.05)}),
        ("m.py", 2, "b"): (1, 1, 0.1, 0.1, {("m.py", 3, "c"): (1, 1, 0.1, 0.1), ("m.py", 1, "a"): (1, 1, 0.1, 0.1)}),
        ("m.py", 1, "a"): (1, 1, -0.0, 0.15, {}),
    })
    for f in os.listdir(d):
        os.utime(os.path.join(d, f), (1000000000, 1000000000))


def python_report(argv):
    files, keys, amounts, strip, reverse, mode = [], [], [], False, False, "stats"
    it = iter(argv)
    for a in it:
        if a == "-s":
            keys.append(next(it))
        elif a == "-n":
            w = next(it)
            try:
                amounts.append(int(w))
                continue
            except ValueError:
                pass
            try:
                amounts.append(float(w))
                continue
            except ValueError:
                pass
            amounts.append(w)
        elif a == "--strip-dirs":
            strip = True
        elif a == "--reverse":
            reverse = True
        elif a in ("--callers", "--callees"):
            mode = a[2:]
        else:
            files.append(a)
    out = io.StringIO()
    st = pstats.Stats(*files, stream=out)
    if strip:
        st.strip_dirs()
    if keys:
        if len(keys) == 1 and keys[0].lstrip("-").isdigit():
            st.sort_stats(int(keys[0]))
        else:
            st.sort_stats(*keys)
    if reverse:
        st.reverse_order()
    getattr(st, "print_" + mode)(*amounts)
    return out.getvalue().encode("utf-8", "surrogatepass")


def compare(binary, argv):
    want = python_report(argv)
    p = subprocess.run([binary] + argv, capture_output=True)
    if p.returncode != 0 or p.stderr:
        print("pstats %s: exit %d, stderr %r" % (" ".join(argv), p.returncode, p.stderr))
        return 1
    if p.stdout != want:
        print("pstats %s: output differs from Python's" % " ".join(argv))
        sys.stdout.writelines(difflib.unified_diff(
            want.decode(errors="replace").splitlines(True),
            p.stdout.decode(errors="replace").splitlines(True), "python", "ours"))
        return 1
    print("same %d bytes: pstats %s" % (len(want), " ".join(argv)))
    return 0


def same_num(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and (math.isnan(a) or math.isnan(b)):
        return math.isnan(a) and math.isnan(b)
    if isinstance(a, float) and a != b:
        return abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    return a == b and (not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b))


def same_stats(ours, theirs):
    if list(ours) != list(theirs):
        return "keys differ: %r != %r" % (list(ours), list(theirs))
    for k, b in theirs.items():
        a = ours[k]
        if not all(same_num(x, y) for x, y in zip(a[:4], b[:4])):
            return "%r: %r != %r" % (k, a[:4], b[:4])
        if list(a[4]) != list(b[4]):
            return "%r: callers %r != %r" % (k, list(a[4]), list(b[4]))
        for c, e in b[4].items():
            o = a[4][c]
            if isinstance(e, tuple):
                ok = isinstance(o, tuple) and len(o) == 4 and all(same_num(x, y) for x, y in zip(o, e))
            else:
                ok = same_num(o, e)
            if not ok:
                return "%r: caller %r: %r != %r" % (k, c, o, e)
    return ""


def roundtrip(binary, files):
    strip = files[:1] == ["--strip-dirs"]
    files = files[strip:]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.prof")
        p = subprocess.run([binary, "-o", out] + ["--strip-dirs"] * strip + files,
                           capture_output=True)
        if p.returncode != 0 or p.stderr:
            print("pstats -o: exit %d, stderr %r" % (p.returncode, p.stderr))
            return 1
        with open(out, "rb") as f:
            ours = marshal.load(f)
        st = pstats.Stats(*files)
        theirs = (st.strip_dirs() if strip else st).stats
        diff = same_stats(ours, theirs)
        if diff:
            print("pstats -o %s: %s" % (" ".join(files), diff))
            return 1
        left = os.listdir(tmp)
        if left != ["out.prof"]:
            print("pstats -o left files behind: %r" % left)
            return 1
    print("round trip ok: %s (%d entries)" % (" ".join(files), len(theirs)))
    return 0


def sortwords(binary, dump):
    words = sorted(pstats.Stats(dump).get_sort_arg_defs())
    assert len(words) == 66, words
    bad = 0
    for w in words + ["-1", "0", "1", "2"]:
        bad += compare(binary, ["-s", w, dump])
    for w in ["c", "cum", "n", "t", "bogus", "3", "Calls"]:
        p = subprocess.run([binary, "-s", w, dump], capture_output=True)
        lines = p.stderr.decode().splitlines()
        if p.returncode != 1 or len(lines) != 1 or p.stdout:
            print("-s %s: exit %d, stderr %r" % (w, p.returncode, p.stderr))
            bad += 1
        else:
            print(lines[0])
    return 1 if bad else 0


def i32(v):
    return v.to_bytes(4, "little", signed=True)


def key(f, line, name):
    return b")\x03" + b"z" + bytes([len(f)]) + f + b"i" + i32(line) + b"z" + bytes([len(name)]) + name


ZERO = b"g" + bytes(8)
VALUE = b")\x05i" + i32(1) + b"i" + i32(1) + ZERO + ZERO
GOOD_ENTRY = key(b"m.py", 1, b"f") + VALUE + b"{0"

def shared_callers_bomb(edges=2000, entries=50000):
    """One flagged callers dict of `edges` edges, referenced by `entries`
    entries: 1.4 MB that would expand to 10^8 edges if copied blindly."""
    def entry(i, callers):
        return key(b"a", i, b"f") + b")\x05i" + i32(1) + b"i" + i32(1) + b"i" + i32(0) + b"i" + i32(0) + callers
    table = b"\xfb" + b"".join(key(b"c", j, b"g") + b"i" + i32(1) for j in range(edges)) + b"0"
    return b"{" + entry(0, table) + b"".join(entry(i, b"r" + i32(0)) for i in range(1, entries)) + b"0"


# name -> bytes. Names ending in _ok load; the others fail with one line.
MALFORMED = {
    "top-not-dict": b")\x00",
    "empty-dict": b"{0",
    "unknown-code": b"{" + key(b"m.py", 1, b"f") + b"\x01",
    "none-object": b"{" + key(b"m.py", 1, b"f") + b"N0",
    "list-object": b"[" + i32(0),
    "huge-string": b"{)\x03a" + i32(2**31 - 1) + b"abc",
    "negative-string": b"{)\x03a" + i32(-1),
    "huge-tuple": b"{(" + i32(2**31 - 1) + b"i" + i32(1),
    "huge-long": b"{)\x03z\x01ml" + i32(2**31 - 1) + b"\x01\x00",
    "long-digit-range": b"{)\x03z\x01ml" + i32(1) + b"\x00\x80",
    "long-unnormalized": b"{)\x03z\x01ml" + i32(2) + b"\x01\x00\x00\x00",
    "long-2-to-64": b"{)\x03z\x01ml" + i32(5) + b"\x00\x00" * 4 + b"\x10\x00",
    "deep-nesting": b")\x01" * 100000,
    "ref-out-of-range": b"{" + b"r" + i32(5),
    "ref-negative": b"\xfb" + b"r" + i32(-1),
    "ref-unfinished": b"\xfb" + b"r" + i32(0) + VALUE + b"{00",
    # a back-reference to an already interned string where a key is expected
    "string-ref-as-key": b"{)\x03\xfa\x04m.pyi" + i32(1) + b"z\x01f" + VALUE + b"{0" + b"r" + i32(0) + VALUE + b"{00",
    "shared-callers-bomb": shared_callers_bomb(),
    "null-in-tuple": b"{)\x030",
    "key-2-tuple": b"{)\x02z\x01mi" + i32(1) + VALUE + b"{00",
    "key-types": b"{)\x03i" + i32(1) + b"i" + i32(1) + b"z\x01f" + VALUE + b"{00",
    "value-4-tuple": b"{" + key(b"m.py", 1, b"f") + b")\x04i" + i32(1) + b"i" + i32(1) + ZERO + ZERO + b"0",
    "count-float": b"{" + key(b"m.py", 1, b"f") + b")\x05" + ZERO + b"i" + i32(1) + ZERO + ZERO + b"{00",
    "time-str": b"{" + key(b"m.py", 1, b"f") + b")\x05i" + i32(1) + b"i" + i32(1) + b"z\x01x" + ZERO + b"{00",
    "callers-not-dict": b"{" + key(b"m.py", 1, b"f") + VALUE + b")\x000",
    "edge-3-tuple": b"{" + key(b"m.py", 1, b"f") + VALUE + b"{" + key(b"m.py", 2, b"g") + b")\x03i" + i32(1) + b"i" + i32(1) + ZERO + b"00",
    "edge-float": b"{" + key(b"m.py", 1, b"f") + VALUE + b"{" + key(b"m.py", 2, b"g") + ZERO + b"00",
    "invalid-utf8": b"{)\x03u" + i32(2) + b"\xc3\x28" + b"i" + i32(1) + b"z\x01f" + VALUE + b"{00",
    "overlong-utf8": b"{)\x03u" + i32(2) + b"\xc0\xaf" + b"i" + i32(1) + b"z\x01f" + VALUE + b"{00",
    "float-text-bad": b"{" + key(b"m.py", 1, b"f") + b")\x05i" + i32(1) + b"i" + i32(1) + b"f\x031.x" + ZERO + b"{00",
    # these load, exactly as Python loads them
    "trailing-garbage_ok": b"{" + GOOD_ENTRY + b"0" + b"\xff garbage",
    "duplicate-keys_ok": b"{" + GOOD_ENTRY + key(b"m.py", 2, b"g") + VALUE + b"{0"
                         + key(b"m.py", 1, b"f") + b")\x05i" + i32(2) + b"i" + i32(3) + ZERO + ZERO + b"{0" + b"0",
    "latin1-ascii-string_ok": b"{" + key(b"caf\xe9.py", 1, b"f") + VALUE + b"{00",
    "surrogate-utf8_ok": b"{)\x03u" + i32(3) + b"\xed\xa0\x80" + b"i" + i32(1) + b"z\x01f" + VALUE + b"{00",
    "null-ends-dict-value_ok": b"{" + GOOD_ENTRY + key(b"m.py", 2, b"g") + b"0",
    "int64-type-I_ok": b"{" + key(b"m.py", 1, b"f") + b")\x05I" + (5).to_bytes(8, "little") + b"I" + (7).to_bytes(8, "little") + ZERO + ZERO + b"{00",
}


def malformed(d):
    os.makedirs(d, exist_ok=True)
    for name, data in MALFORMED.items():
        with open(os.path.join(d, name + ".prof"), "wb") as f:
            f.write(data)
        if name.endswith("_ok"):  # these must load in Python too
            pstats.Stats(os.path.join(d, name + ".prof"), stream=io.StringIO())
        os.utime(os.path.join(d, name + ".prof"), (1000000000, 1000000000))


def truncate(binary, dumps):
    bad = 0
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for dump in dumps:
            data = open(dump, "rb").read()
            path = os.path.join(tmp, "cut.prof")
            for i in range(len(data)):
                with open(path, "wb") as f:
                    f.write(data[:i])
                p = subprocess.run([binary, path], capture_output=True)
                lines = p.stderr.decode(errors="replace").splitlines()
                n += 1
                if (p.returncode != 1 or len(lines) != 1 or p.stdout
                        or not lines[0].startswith("pstats: %s: " % path)):
                    print("%s cut at %d: exit %d, stderr %r" % (dump, i, p.returncode, p.stderr))
                    bad += 1
    print("%d truncations, %d bad" % (n, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
    elif cmd == "compare":
        # several command lines at once, separated by "::" (one Python start)
        runs, cur = [], []
        for a in sys.argv[3:] + ["::"]:
            if a == "::":
                runs.append(cur)
                cur = []
            else:
                cur.append(a)
        sys.exit(max(compare(sys.argv[2], r) for r in runs if r))
    elif cmd == "sortwords":
        sys.exit(sortwords(sys.argv[2], sys.argv[3]))
    elif cmd == "malformed":
        malformed(sys.argv[2])
    elif cmd == "truncate":
        sys.exit(truncate(sys.argv[2], sys.argv[3:]))
    elif cmd == "roundtrip":
        sys.exit(roundtrip(sys.argv[2], sys.argv[3:]))
    else:
        sys.exit("unknown command " + cmd)
