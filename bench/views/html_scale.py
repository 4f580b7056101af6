#!/usr/bin/env python3
"""The HTML report at scale: a synthetic dump of N functions (default
100,000), 3 caller edges each, and a calling-context tree of 2 nodes per
function, written with marshal as the runtime writes them; then
`pstats --format html` (time, size) and headless Chromium: time until the
page is ready, a click on a table row, a search.

    python3 bench/views/html_scale.py BUILD_DIR [N]
"""
import marshal
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "test", "tools"))
from chromium import Browser  # noqa: E402


def make_dump(path, n):
    rnd = random.Random(1)
    keys = [("src/mod%03d.c" % (i % 997), i + 1, "fn_%d" % i) for i in range(n)]
    stats = {}
    for i, k in enumerate(keys):
        callers = {}
        if i:
            for c in {rnd.randrange(i) for _ in range(3)}:
                callers[keys[c]] = (2, 2, 1e-6, 2e-6)
        stats[k] = (5, 5, 1e-5 * rnd.random(), 1e-4 * rnd.random(), callers)
    nodes = [(-1, 0, 5, 5, 1e-5, 1.0)]
    for i in range(1, n):
        for _ in range(2):
            nodes.append((rnd.randrange(len(nodes)), i, 2, 2, 1e-5 * rnd.random(), 1e-4))
    ext = {"cprof": 1, "meta": {"runs": ({"timer": "tsc", "unit": 3e-10, "argv": ("synthetic",),
                                         "pid": 1, "host": "bench", "time": 0.0},)},
           "tree": {"keys": tuple(keys), "nodes": tuple(nodes)}}
    with open(path, "wb") as f:
        marshal.dump(stats, f, 4)
        marshal.dump(ext, f, 4)
    return len(nodes)


def main(build, n=100000):
    d = tempfile.mkdtemp(prefix="html-scale-")
    dump, html = os.path.join(d, "big.prof"), os.path.join(d, "big.html")
    nn = make_dump(dump, n)
    t = time.time()
    with open(html, "wb") as out:
        subprocess.run([os.path.join(build, "bin", "pstats"), "--format", "html", dump],
                       stdout=out, check=True)
    gen = time.time() - t
    print("functions %d, edges ~%d, tree nodes %d" % (n, 3 * n, nn))
    print("pstats --format html: %.2f s, %.1f MB" % (gen, os.path.getsize(html) / 1e6))
    with Browser(timeout=300) as b:
        t = time.time()
        b.open("file://" + html)
        ready = b.eval("document.body.dataset.ready")
        load = time.time() - t
        t = time.time()
        b.click("#tab-table")
        b.click("#stats tbody tr")
        name = b.eval("document.getElementById('detail-name').textContent")
        click = time.time() - t
        t = time.time()
        b.type("#search", "fn_4242")
        info = b.eval("document.getElementById('searchinfo').textContent")
        search = time.time() - t
        print("chromium: ready=%s after %.2f s; table + click on a row %.2f s (%s); "
              "search %.2f s (%s); errors %s" % (ready, load, click, name, search, info, b.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(int(a) for a in sys.argv[2:])))
