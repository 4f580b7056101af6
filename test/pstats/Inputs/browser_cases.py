"""Runs every conformance case (vectors/*/CASES.tsv) through `pstats -i`.

Each case's command line (third column) becomes browser commands:
    pstats [-s K]... [-n A]... [--strip-dirs] [--reverse] [--callers|--callees] F1 F2 ... Fn
 -> read F1, add Fn, ..., add F2      (Stats(F1, ..., Fn) adds the last first)
    strip, sort K..., reverse, stats|callers|callees A..., quit
and the whole transcript must equal the prompts plus the expected file,
byte for byte. Cases the browser cannot express (an argument with blanks:
the browser splits arguments on whitespace) are counted as skipped.

usage: browser_cases.py VECTORS_DIR PSTATS WORKDIR
"""
import os
import shlex
import shutil
import subprocess
import sys


def translate(argv):
    keys, amounts, files = [], [], []
    strip = reverse = False
    mode = "stats"
    it = iter(argv[1:])
    for a in it:
        if a == "-s":
            keys.append(next(it))
        elif a == "-n":
            amounts.append(next(it))
        elif a == "--strip-dirs":
            strip = True
        elif a == "--reverse":
            reverse = True
        elif a == "--callers":
            mode = "callers"
        elif a == "--callees":
            mode = "callees"
        elif a.startswith("-"):
            raise ValueError("unexpected option " + a)
        else:
            files.append(a)
    if any(len(w.split()) != 1 for w in keys + amounts + files):
        return None
    cmds = ["read " + files[0]] + ["add " + f for f in reversed(files[1:])]
    if strip:
        cmds.append("strip")
    if keys:
        cmds.append("sort " + " ".join(keys))
    if reverse:
        cmds.append("reverse")
    cmds.append((mode + " " + " ".join(amounts)).rstrip())
    return files[0], cmds


def main():
    vectors, pstats, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(vectors, work)
    for root, _, names in os.walk(work):
        for n in names:
            if n.endswith(".prof"):
                os.utime(os.path.join(root, n), (1000000000, 1000000000))
    env = dict(os.environ, TZ="UTC", TERM="dumb")
    ran = skipped = failed = 0
    for vec in sorted(os.listdir(work)):
        d = os.path.join(work, vec)
        cases = os.path.join(d, "CASES.tsv")
        if not os.path.isfile(cases):
            continue
        for row in open(cases, encoding="utf-8"):
            if row.startswith("#") or not row.strip():
                continue
            expected_file, _, cmdline = row.rstrip("\n").split("\t")
            t = translate(shlex.split(cmdline))
            if t is None:
                skipped += 1
                continue
            first, cmds = t
            prompt = first + "% "
            script = "".join(c + "\n" for c in cmds + ["quit"])
            with open(os.path.join(d, expected_file), "rb") as f:
                expected = f.read()
            # "% " before read, then one prompt before each later command
            want = (b"Welcome to the profile statistics browser.\n% "
                    + prompt.encode() * (len(cmds) - 1) + expected
                    + prompt.encode() + b"Goodbye.\n")
            got = subprocess.run([pstats, "-i"], input=script.encode(), cwd=d,
                                 env=env, stdout=subprocess.PIPE).stdout
            ran += 1
            if got != want:
                failed += 1
                print("MISMATCH %s/%s: %s" % (vec, expected_file, " | ".join(cmds)))
                sys.stdout.write(got.decode("utf-8", "replace")[-2000:])
    print("browser cases: %d ran, %d matched, %d skipped (arguments with blanks)"
          % (ran, ran - failed, skipped))
    return 1 if failed or not ran else 0


if __name__ == "__main__":
    sys.exit(main())
