#!/usr/bin/env python3
"""Regenerates the conformance vectors with generator/regen.sh into a scratch
folder and compares the result with the committed test/conformance/vectors,
file by file and byte for byte.

Everything in them is reproducible: the workloads run on a fake integer clock
(gen.py's make_timer), entry order is fixed by gen.py, and each dump's mtime
(which git does not keep, and which pstats prints in report headers) is set
explicitly and only ever used through TZ=UTC. So any difference means the
generator, its programs or the vectors were changed without the others.

Exit 77 (ctest: skipped, with the reason) when the Python is not 3.11: the
dumps record 3.11's profiler events (3.12 has no <listcomp> frame).

usage: check_reproducible.py PYTHON SCRATCH_DIR
"""
import filecmp
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def tree(root):
    out = set()
    for d, _, files in os.walk(root):
        for f in files:
            out.add(os.path.relpath(os.path.join(d, f), root))
    return out


def main():
    python, scratch = sys.argv[1:3]
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    if version != "3.11":
        print("check_reproducible: Python %s, the vectors need 3.11: not checked" % version)
        return 77
    out = os.path.join(scratch, "vectors")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["bash", os.path.join(HERE, "generator", "regen.sh"), out],
                   env=dict(os.environ, PYTHON=python), check=True)
    committed = os.path.join(HERE, "vectors")
    want, got = tree(committed), tree(out)
    problems = ["missing from a regeneration: " + f for f in sorted(want - got)]
    problems += ["made by the generator, not committed: " + f for f in sorted(got - want)]
    for f in sorted(want & got):
        if not filecmp.cmp(os.path.join(committed, f), os.path.join(out, f), shallow=False):
            problems.append("differs: %s (diff %s %s)" % (f, os.path.join(committed, f),
                                                          os.path.join(out, f)))
    for p in problems:
        print("check_reproducible: " + p)
    print("check_reproducible: %d files compared, %d problems" % (len(want | got), len(problems)))
    if problems:
        print("check_reproducible: if the change is intended, run "
              "test/conformance/generator/regen.sh and commit the vectors with it")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
