#!/usr/bin/env python3
"""views_report_check.py REPORT.html DUMP SCREENSHOT.png [--estimated]

Opens the HTML report of DUMP (the two-paths program of
views-two-paths-tree-vs-edges.c) in headless Chromium and checks what a
person sees: the table's rows and numbers (Python's print_stats as the
oracle), a click on a function shows its callers and callees, the call paths
of work() (only through costly() with the tree; also through cheap() when
estimated from edges, with the banner saying so), search, zoom, and no
console error. Prints one "ok: ..." line per check."""
import io
import os
import pstats
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
from chromium import Browser  # noqa: E402


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def python_rows(dump):
    """print_stats rows of Python's pstats: name -> the five number columns."""
    out = io.StringIO()
    pstats.Stats(dump, stream=out).print_stats()
    rows = {}
    for line in out.getvalue().splitlines():
        m = re.match(r"^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*\S)$", line)
        if m and m.group(1)[0].isdigit() and re.fullmatch(r"\d+\.\d{3}", m.group(2)):
            rows[m.group(6)] = list(m.group(1, 2, 3, 4, 5))
    return rows


def main(report, dump, shot, estimated=False):
    with Browser() as b:
        b.open("file://" + os.path.abspath(report))
        if b.eval("document.body.dataset.ready") != "1":
            fail("the page's script did not finish: %s" % b.errors)
        print("ok: the report loads")

        # the flame graph: boxes for the path functions; work() under costly
        # only, unless estimated
        work_paths = b.eval("""[...document.querySelectorAll('#flame .fr')]
            .filter(d => d.dataset.name === 'work').length""")
        want = 2 if estimated else 1
        if work_paths != want:
            fail("flame graph: %s boxes for work, expected %d" % (work_paths, want))
        banner = b.eval("getComputedStyle(document.getElementById('banner')).display")
        if (banner != "none") != estimated:
            fail("estimate banner shown: %s" % banner)
        print("ok: flame graph has %d box(es) for work; estimate banner %s" %
              (work_paths, "shown" if estimated else "absent"))
        b.screenshot(shot)

        # the table: every function of print_stats with the same numbers
        b.click("#tab-table")
        rows = b.eval("""[...document.querySelectorAll('#stats tbody tr')].map(tr =>
            [...tr.children].map(td => td.textContent))""")
        got = {r[5]: r[:5] for r in rows}
        want_rows = python_rows(dump)
        if got != want_rows:
            fail("table rows differ from print_stats:\n%s\n%s" % (got, want_rows))
        print("ok: table has the %d rows of print_stats with the same numbers" % len(rows))

        # sorting by a column header
        b.click('#stats th[data-key="nc"]')
        calls = b.eval("""[...document.querySelectorAll('#stats tbody tr')]
            .map(tr => parseInt(tr.children[0].textContent))""")
        if calls != sorted(calls, reverse=True):
            fail("not sorted by ncalls: %s" % calls)
        print("ok: sorted by ncalls")

        # a click on shared(): its callers and callees
        b.click("#stats tbody tr[data-fn='%s']" % b.eval(
            "[...document.querySelectorAll('#stats tbody tr')].find(tr => "
            "tr.lastChild.textContent.endsWith('(shared)')).dataset.fn"))
        name = b.eval("document.getElementById('detail-name').textContent")
        callers = b.eval("[...document.querySelectorAll('#callers td.fn')].map(t => t.textContent)")
        callees = b.eval("[...document.querySelectorAll('#callees td.fn')].map(t => t.textContent)")
        if not name.endswith("(shared)") or sorted(c.split("(")[1] for c in callers) != \
                ["cheap)", "costly)"] or [c.split("(")[1] for c in callees] != ["work)"]:
            fail("detail of shared: %r callers %r callees %r" % (name, callers, callees))
        print("ok: clicking shared shows callers %s and callees %s" %
              (sorted(c.split(":")[-1] for c in callers), [c.split(":")[-1] for c in callees]))

        # the call paths of work(), through the link in the callees table
        b.click("#callees .link")
        paths = b.eval("[...document.querySelectorAll('#paths td.fn')].map(t => t.textContent)")
        want_paths = ["main \u2192 costly \u2192 shared \u2192 work"]
        if estimated:
            want_paths.append("main \u2192 cheap \u2192 shared \u2192 work")
        paths.sort()  # shown most costly first: the order depends on the run
        want_paths.sort()
        if paths != want_paths:
            fail("paths of work: %r" % paths)
        print("ok: paths of work: %s" % " | ".join(p.replace("\u2192", "->") for p in paths))

        # search: a match count, and the matching boxes highlighted
        b.click("#tab-flame")
        b.type("#search", "shared")
        info = b.eval("document.getElementById('searchinfo').textContent")
        hits = b.eval("document.querySelectorAll('#flame .fr.hit').length")
        if info != "1 match" or hits != 2:
            fail("search: %r, %d highlighted" % (info, hits))
        print("ok: search finds %s, %d boxes highlighted" % (info, hits))

        # zoom: a click on costly's box gives it the whole width
        b.click("#flame .fr[data-frame='%s']" % b.eval(
            "[...document.querySelectorAll('#flame .fr')].find(d => "
            "d.dataset.name === 'costly').dataset.frame"))
        w = b.eval("""(() => { const f = document.getElementById('flame');
            const d = [...f.querySelectorAll('.fr')].find(d => d.dataset.name === 'costly');
            return d.getBoundingClientRect().width / f.clientWidth; })()""")
        if not w > 0.98 or b.eval("document.getElementById('unzoom').disabled"):
            fail("zoom: costly spans %.2f of the width" % w)
        print("ok: zoom on costly spans the width")

        if b.errors:
            fail("console errors: %s" % b.errors)
        print("ok: no console errors")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], "--estimated" in sys.argv[4:]))
