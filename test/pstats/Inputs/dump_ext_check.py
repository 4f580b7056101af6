#!/usr/bin/env python3
"""The cprof extension of dumps (docs/dump-extension.md), checked with
Python's marshal and pstats as the oracle.

  dump_ext_check.py PSTATS DIR DUMP...
      DUMPs are cprof dumps of real runs (with a "meta" section). Each check
      prints "ok: NAME"; the first failure prints what differs and exits 1.
"""
import io
import marshal
import os
import pstats
import subprocess
import sys

PSTATS = None
DIR = None


def objects(path):
    """Every marshal object in the file, in order."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    bio = io.BytesIO(data)
    while bio.tell() < len(data):
        out.append(marshal.load(bio))
    return out


def run(*args, ok=True):
    p = subprocess.run([PSTATS, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        fail("pstats %s: status %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, name, detail=""):
    if not cond:
        fail("%s %s" % (name, detail))


def write(path, *objs):
    with open(path, "wb") as f:
        for o in objs:
            marshal.dump(o, f, 4)
    os.utime(path, (1000000000, 1000000000))
    return path


def py_report(path):
    out = io.StringIO()
    pstats.Stats(path, stream=out).print_stats()
    return out.getvalue()


def main(argv):
    global PSTATS, DIR
    PSTATS, DIR, dumps = argv[1], argv[2], argv[3:]
    os.makedirs(DIR, exist_ok=True)
    a = dumps[0]

    # 1. A cprof dump is a pstats dump followed by the extension, which
    #    Python's pstats never reads.
    objs = objects(a)
    check(len(objs) == 2, "two marshal objects", len(objs))
    stats, ext = objs
    check(ext.get("cprof") == 1, "format version 1", ext.get("cprof"))
    runs = ext["meta"]["runs"]
    check(len(runs) == 1, "one run", runs)
    for field, kind in (("timer", str), ("unit", float), ("argv", tuple), ("pid", int),
                        ("host", str), ("time", float), ("threads", int), ("lost", int)):
        check(isinstance(runs[0].get(field), kind), "meta field", (field, runs[0]))
    check(pstats.Stats(a).stats == stats, "Python's pstats reads the stats dict")
    print("ok: python reads a dump with the extension; meta", sorted(runs[0]))

    # 2. Our pstats reads it as Python does: the same report as the stats
    #    dict alone, and as Python's (same mtime: same header line).
    plain = write(os.path.join(DIR, "plain.prof"), stats)
    os.utime(a, (1000000000, 1000000000))
    ours = run(a)
    check(ours.stdout.replace(a, "X") == run(plain).stdout.replace(plain, "X"),
          "report with and without the extension")
    check(ours.stdout == py_report(a), "report as Python's", ours.stdout)
    check(ours.stderr == "", "no warning", ours.stderr)
    print("ok: pstats reports dumps with and without the extension alike")

    # 3. -o of a Python dump (no extension) adds none.
    out = os.path.join(DIR, "plain-out.prof")
    run("-o", out, plain)
    check(len(objects(out)) == 1, "no extension added to a Python dump")
    print("ok: -o of a dump without the extension writes none")

    # 4. -o merges: the stats dict as Python's Stats(a, b, c).stats, the runs
    #    in the order of the report's header lines (a, c, b).
    if len(dumps) >= 3:
        a, b, c = dumps[:3]
        out = os.path.join(DIR, "merged.prof")
        r = run("-o", out, a, b, c)
        check(r.stderr == "", "merge without warnings", r.stderr)
        mo = objects(out)
        check(len(mo) == 2, "merged dump has the extension")
        check(mo[0] == pstats.Stats(a, b, c).stats, "merged stats as Python's")
        want = [objects(p)[1]["meta"]["runs"][0] for p in (a, c, b)]
        check(list(mo[1]["meta"]["runs"]) == want, "runs in header order", mo[1]["meta"])
        # and merged again: the runs of a merged dump are kept
        out2 = os.path.join(DIR, "merged2.prof")
        run("-o", out2, out, a)
        runs2 = objects(out2)[1]["meta"]["runs"]
        check(list(runs2) == want + want[:1], "runs of a merged dump kept", runs2)
        check(pstats.Stats(out2).stats == pstats.Stats(out, a).stats, "re-merge as Python")
        print("ok: -o merges the runs (%d, then %d)" % (len(want), len(runs2)))

    # 5. Damaged extensions: the statistics are read as Python reads them,
    #    one warning line on stderr, exit status 0; -o drops what is damaged.
    good_meta = ext["meta"]
    cases = {
        "truncated": marshal.dumps(ext)[:-7],
        "not-a-dict-version": marshal.dumps({1: 2}),
        "no-version": marshal.dumps({"meta": good_meta}),
        "newer-version": marshal.dumps({"cprof": 2, "meta": good_meta}),
        "bad-meta": marshal.dumps({"cprof": 1, "meta": {"runs": 5}}),
        "bad-type": marshal.dumps({"cprof": 1, "meta": good_meta, "x": [1, 2]}),
    }
    want_report = run(plain).stdout.replace(plain, "X")
    # bytes that do not even start a dict are ignored silently, as Python does
    for name, tail in (("garbage", b"\x00\x01garbage"), ("tuple", marshal.dumps((1, 2)))):
        path = write(os.path.join(DIR, "after-%s.prof" % name), stats)
        with open(path, "ab") as f:
            f.write(tail)
        os.utime(path, (1000000000, 1000000000))
        r = run(path)
        check(r.stdout.replace(path, "X") == want_report and r.stderr == "", "ignored", name)
    print("ok: bytes after the statistics that are no dict are ignored silently")
    for name, tail in cases.items():
        path = os.path.join(DIR, "damaged-%s.prof" % name)
        with open(path, "wb") as f:
            f.write(marshal.dumps(stats) + tail)
        os.utime(path, (1000000000, 1000000000))
        check(pstats.Stats(path).stats == stats, "Python reads", name)
        r = run(path)
        check(r.stdout.replace(path, "X") == want_report, "report unchanged", name)
        lines = r.stderr.splitlines()
        check(len(lines) == 1 and lines[0].startswith("pstats: %s: " % path) and
              "ignored" in lines[0], "one warning line", (name, r.stderr))
        out = os.path.join(DIR, "damaged-%s-out.prof" % name)
        run("-o", out, path)
        mo = objects(out)
        check(mo[0] == stats, "-o keeps the stats", name)
        if name == "bad-meta":
            check(len(mo) == 1, "damaged section dropped", mo)
        print("ok: damaged extension (%s): %s" % (name, lines[0].split(": ", 2)[2]))

    # 6. Sections this pstats does not know: kept unchanged from one dump,
    #    left out of a merge and by --strip-dirs, with a warning.
    other = {"bins": (1, 2, 3), "by": {"k": 1.5}}
    unk = write(os.path.join(DIR, "unknown.prof"), stats,
                {"cprof": 1, "meta": good_meta, "zzz": other})
    out = os.path.join(DIR, "unknown-out.prof")
    r = run("-o", out, unk)
    check(r.stderr == "" and objects(out)[1].get("zzz") == other, "unknown kept", r.stderr)
    r = run("-o", out, unk, unk)
    check(r.stderr.strip() == "pstats: cprof extension: section 'zzz' is unknown to this "
          "pstats and is left out of the merge", "merge warning", r.stderr)
    check("zzz" not in objects(out)[1] and len(objects(out)[1]["meta"]["runs"]) == 2,
          "unknown dropped by merge")
    r = run("--strip-dirs", "-o", out, unk)
    check("left out by strip_dirs" in r.stderr and "zzz" not in objects(out)[1],
          "unknown dropped by strip", r.stderr)
    print("ok: unknown sections kept from one dump, left out of merges")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
