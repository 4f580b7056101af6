"""Checks pstats exports against Python's pstats.

  export_check.py json JSONFILE DUMP...      the JSON document equals
      pstats.Stats(*DUMPS): same keys in the same order, counts, times
      (exactly), caller tables in order, totals and header count
  export_check.py callgrind CGFILE DUMP...   the callgrind file is
      structurally valid (header, name compression, cost lines, calls=
      lines followed by a cost line) and carries every function's tottime
      and every edge's calls and cumtime (in ns, rounded)
  export_check.py dot DOTFILE DUMP...        one node per function above the
      threshold given by --node-thres (default 0.5 %), edges labelled with
      their call counts
  export_check.py all PSTATS VECTORS_DIR WORKDIR   all three on every
      conformance dump and merge (with --strip-dirs too), and, when
      installed, callgrind_annotate on each callgrind file, and Graphviz's
      dot on each graph and --format svg
"""
import json
import os
import pstats
import re
import shutil
import subprocess
import sys


def load(dumps):
    s = pstats.Stats(*dumps)
    return s


def check_json(path, dumps):
    doc = json.load(open(path, encoding="utf-8"))
    s = load(dumps)
    assert doc["schema"] == "cprof-pstats-json" and doc["version"] == 1
    assert doc["files"] == ["x"] or len(doc["files"]) == len(s.files), (doc["files"], s.files)
    assert doc["total_calls"] == s.total_calls and doc["primitive_calls"] == s.prim_calls
    if doc["files"] == ["x"]:  # strip_dirs: Python re-summed a re-dumped dict
        assert abs(doc["total_time"] - s.total_tt) <= 1e-9 * max(1, abs(s.total_tt))
    else:  # the same additions in the same order: the same bits
        assert doc["total_time"] == s.total_tt, (doc["total_time"], s.total_tt)
    keys = list(s.stats)
    assert [(f["file"], f["line"], f["name"]) for f in doc["functions"]] == keys
    edges = 0
    for i, f in enumerate(doc["functions"]):
        assert f["id"] == i
        cc, nc, tt, ct, callers = s.stats[keys[i]]
        assert (f["primitive_calls"], f["calls"], f["tottime"], f["cumtime"]) == (cc, nc, tt, ct), f
        assert type(f["tottime"]) is type(tt) and type(f["cumtime"]) is type(ct)
        assert [(c["file"], c["line"], c["name"]) for c in f["callers"]] == list(callers)
        for c in f["callers"]:
            ck = (c["file"], c["line"], c["name"])
            v = callers[ck]
            if isinstance(v, tuple):
                assert (c["calls"], c["primitive_calls"], c["tottime"], c["cumtime"]) == v, (c, v)
            else:
                assert c["calls"] == v and "tottime" not in c
            assert c["id"] == (keys.index(ck) if ck in s.stats else None)
            edges += 1
    print("json ok: %d functions, %d edges" % (len(keys), edges))


def ns(t):
    v = t * 1e9
    return 0 if not v > 0 else int(round(v))


def check_callgrind(path, dumps):
    lines = open(path, encoding="utf-8").read().split("\n")
    assert lines[0] == "# callgrind format", lines[0]
    hdr = {}
    i = 1
    while lines[i] and not lines[i].startswith("fl="):
        if not lines[i].startswith("#"):
            k, _, v = lines[i].partition(": ")
            hdr[k] = v
        i += 1
    assert hdr["version"] == "1" and hdr["events"] == "ns" and hdr["positions"] == "line", hdr
    names = {"fl": {}, "fn": {}}
    cur = {}
    self_cost, calls = {}, {}

    def name(tag, text):
        kind = "fl" if tag in ("fl", "cfl") else "fn"
        m = re.fullmatch(r"\((\d+)\)(?: (.*))?", text)
        assert m, (tag, text)
        n, label = int(m.group(1)), m.group(2)
        if label is not None:
            assert n not in names[kind], "id %d defined twice" % n
            names[kind][n] = label
        assert n in names[kind], "id %d used before its definition" % n
        return names[kind][n]

    pending = None
    for ln in lines[i:]:
        if not ln or ln.startswith("#"):
            continue
        tag, eq, rest = ln.partition("=")
        if eq and tag in ("fl", "fn", "cfl", "cfn"):
            cur[tag] = name(tag, rest)
            continue
        if eq and tag == "calls":
            cnt, target = rest.split()
            pending = (int(cnt), int(target))
            continue
        if ln.startswith("totals: "):
            assert int(ln[8:]) == int(hdr["summary"])
            continue
        pos, cost = ln.split()
        int(pos)
        if pending:
            calls[(cur["fl"], cur["fn"], cur["cfl"], cur["cfn"])] = (pending[0], int(cost))
            pending = None
        else:
            self_cost[(cur["fl"], cur["fn"])] = int(cost)
    assert pending is None
    s = load(dumps)

    def label(k):
        if k[0] == "~" and k[1] == 0:
            return (k[0], pstats.func_std_string(k))
        return (k[0], "%s:%d" % (k[2], k[1]))

    assert len(self_cost) == len(s.stats), (len(self_cost), len(s.stats))
    n_edges = 0
    for k, (cc, nc, tt, ct, callers) in s.stats.items():
        assert self_cost[label(k)] == ns(tt), (k, self_cost[label(k)], tt)
        for ck, v in callers.items():
            if ck not in s.stats:
                continue
            got = calls[label(ck) + label(k)]
            if isinstance(v, tuple):
                assert got == (max(v[0], 0), ns(v[3])), (ck, k, got, v)
            else:
                assert got[0] == v
            n_edges += 1
    assert len(calls) == n_edges
    assert int(hdr["summary"]) == sum(ns(v[2]) for v in s.stats.values())
    print("callgrind ok: %d functions, %d calls" % (len(self_cost), n_edges))


def check_dot(path, dumps, thres):
    text = open(path, encoding="utf-8").read()
    assert text.startswith("digraph {") and text.rstrip().endswith("}")
    s = load(dumps)
    keys = list(s.stats)
    total = sum(float(v[2]) for v in s.stats.values())
    want = {i for i, k in enumerate(keys) if total > 0 and float(s.stats[k][3]) / total >= thres / 100}
    nodes = {int(m.group(1)) for m in re.finditer(r"^  (\d+) \[", text, re.M)}
    assert nodes == want, (sorted(nodes), sorted(want))
    for m in re.finditer(r'^  (\d+) -> (\d+) \[.*label="[-0-9.]+%\\n(\d+)(?:/(\d+))?\u00d7"', text, re.M):
        a, b = int(m.group(1)), int(m.group(2))
        assert a in nodes and b in nodes
        v = s.stats[keys[b]][4][keys[a]]
        nc = v[0] if isinstance(v, tuple) else v
        assert int(m.group(3)) == nc, (keys[a], keys[b], m.group(0))
    print("dot ok: %d nodes, %d edges" % (len(nodes), text.count(" -> ")))


def check_all(pstats_bin, vectors, work):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(vectors, work)
    annotate = shutil.which("callgrind_annotate")
    dot = shutil.which("dot")
    runs = 0
    for vec in sorted(os.listdir(work)):
        d = os.path.join(work, vec)
        if not os.path.isdir(d):
            continue
        profs = sorted(f for f in os.listdir(d) if f.endswith(".prof"))
        runs_ = [f for f in profs if f.startswith("run")]
        sets = [runs_] if runs_ else [[f] for f in profs]
        for dumps in sets:
            for strip in ([], ["--strip-dirs"]):
                for kind in ("json", "callgrind", "dot"):
                    out = os.path.join(d, "out." + kind)
                    with open(out, "wb") as fh:
                        subprocess.run([pstats_bin] + strip + ["--format", kind] + dumps,
                                       cwd=d, stdout=fh, check=True)
                    if strip:
                        # Python's view of the stripped data: dump it first
                        stripped = os.path.join(d, "stripped.pyprof")
                        st = pstats.Stats(*[os.path.join(d, x) for x in dumps])
                        st.strip_dirs().dump_stats(stripped)
                        args = [stripped]
                    else:
                        args = [os.path.join(d, x) for x in dumps]
                    if kind == "json" and strip:
                        # header lines name the original files: compare the rest
                        doc = json.load(open(out, encoding="utf-8"))
                        doc["files"] = ["x"]
                        json.dump(doc, open(out, "w", encoding="utf-8"))
                    {"json": check_json, "callgrind": check_callgrind,
                     "dot": lambda o, a: check_dot(o, a, 0.5)}[kind](out, args)
                    if kind == "callgrind" and annotate:
                        r = subprocess.run([annotate, out], stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, text=True)
                        assert r.returncode == 0 and "PROGRAM TOTALS" in r.stdout, r.stdout
                    if kind == "dot" and dot:
                        subprocess.run([dot, "-Tsvg", "-o", os.devnull, out], check=True)
                        svg = subprocess.run([pstats_bin] + strip + ["--format", "svg"] + dumps,
                                             cwd=d, stdout=subprocess.PIPE, check=True).stdout
                        assert svg.startswith(b"<?xml") and b"<svg" in svg, svg[:200]
                    runs += 1
    print("all ok: %d exports checked (callgrind_annotate: %s, dot: %s)"
          % (runs, "yes" if annotate else "not installed", "yes" if dot else "not installed"))


def main():
    if sys.argv[1] == "all":
        return check_all(*sys.argv[2:5])
    kind, path = sys.argv[1], sys.argv[2]
    rest = sys.argv[3:]
    thres = 0.5
    if rest and rest[0].startswith("--node-thres="):
        thres = float(rest.pop(0).split("=", 1)[1])
    {"json": lambda: check_json(path, rest), "callgrind": lambda: check_callgrind(path, rest),
     "dot": lambda: check_dot(path, rest, thres)}[kind]()


if __name__ == "__main__":
    main()
