#!/usr/bin/env python3
"""Exhaustive Unicode checks of pstats/pyregex.c against Python's re.

usage: regex-unicode.py DRIVER classes|case|backref|names

classes: \\d \\w \\s \\D \\W \\S . and a few sets, Unicode and ASCII mode, on
         every code point (surrogates excepted).
case:    (?i) and (?ai) single characters, sets and ranges against every
         cased character (and their neighbours).
backref: (?i)(c)\\1 for pairs of cased characters (sre compares lowercase
         mappings character by character).
names:   group names with non-ASCII characters (str.isidentifier, repr).

Every pattern must be supported here; prints one line per pattern family and
every difference; exits 1 on any difference."""
import re
import subprocess
import sys
import _sre


def all_chars():
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def cased_chars():
    cs = set()
    for c in range(0x110000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        if _sre.unicode_iscased(c):
            cs.add(c)
            cs.add(_sre.unicode_tolower(c))
            for x in chr(c).upper() + chr(c).lower() + chr(c).casefold():
                cs.add(ord(x))
    for c in list(cs):
        for d in (c - 1, c + 1):
            if 0 <= d < 0x110000 and not 0xD800 <= d <= 0xDFFF:
                cs.add(d)
    return "".join(chr(c) for c in sorted(cs))


def hexs(s):
    return s.encode("utf-8").hex()


def expected_bits(pattern, cands):
    """1 for every candidate the single-character pattern matches alone."""
    rx = re.compile(pattern)
    bits = bytearray(b"0" * len(cands))
    # every pattern here matches exactly one character, so the matches of a
    # scan over all candidates are the candidates it accepts
    for m in rx.finditer(cands):
        assert m.end() - m.start() == 1, pattern
        bits[m.start()] = ord("1")
    return bits.decode()


def run_driver(driver, script):
    res = subprocess.run([driver, "--stream"], input=script, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("driver failed: " + res.stderr)
    return res.stdout.split("\n")


def check_bits(driver, families, cands):
    lines = ["L" + hexs(cands)]
    order = []
    for name, pats in families:
        for p in pats:
            lines.append("P" + hexs(p))
            lines.append("E")
            order.append((name, p))
    out = run_driver(driver, "\n".join(lines) + "\n")
    bad = 0
    counts = {}
    for i, (name, p) in enumerate(order):
        verdict, bits = out[2 * i], out[2 * i + 1]
        counts.setdefault(name, [0, 0])
        counts[name][0] += 1
        if verdict != "C ok":
            print("DIFF %r: %s" % (p, verdict))
            bad += 1
            continue
        want = expected_bits(p, cands)
        got = bits[2:]
        if got != want:
            diffs = [cands[j] for j in range(len(cands)) if got[j] != want[j]]
            print("DIFF %r: %d characters differ, e.g. %s" %
                  (p, len(diffs), ", ".join("U+%04X (Python %s)" % (ord(c), want[cands.index(c)])
                                            for c in diffs[:5])))
            bad += 1
            continue
        counts[name][1] += 1
    for name, (n, ok) in counts.items():
        print("%s: %d of %d patterns agree on %d characters" % (name, ok, n, len(cands)))
    return bad


def classes(driver):
    cats = [r"\d", r"\w", r"\s", r"\D", r"\W", r"\S", r".", r"(?s).", r"[\S]", r"[^\s]",
            r"[\s\d]", r"[^\W\d]", r"[\W\d]", r"[\S\W]", r"[^\S\W]", r"[\x00-\x7f]",
            r"[^a-z\d]"]
    fams = [("unicode categories", cats), ("ascii categories", ["(?a)" + p for p in cats])]
    return check_bits(driver, fams, all_chars())


def case(driver):
    cands = cased_chars()
    singles = ["(?i)" + re.escape(c) for c in cands]
    asingles = ["(?ai)" + re.escape(c) for c in cands if ord(c) < 0x250]
    negs = ["(?i)[^" + re.escape(c) + "]" for c in cands if ord(c) < 0x600]
    sets = [r"(?i)[a-z]", r"(?i)[A-Z]", r"(?i)[^a-z]", r"(?i)[a-zA-Z]", r"(?i)[k-s]",
            r"(?i)[\u00c0-\u00ff]", r"(?i)[\u0100-\u017f]", r"(?i)[\u0370-\u03ff]",
            r"(?i)[\u0400-\u04ff]", r"(?i)[\u1e00-\u1fff]", r"(?i)[\u2100-\u214f]",
            r"(?i)[\u0130\u0131]", r"(?i)[i]x?", r"(?i)[\u03c3x]", r"(?i)[\u00b5\u00e0]",
            r"(?i)[\ua640-\ua69f]", r"(?i)[\u10a0-\u10ff]", r"(?i)[\u13a0-\u13ff]",
            r"(?i)[\uab70-\uabbf]", r"(?i)[\uff21-\uff3a]", r"(?i)[\w]", r"(?i)[^\w]",
            r"(?i)[a-z\d]", r"(?i)[^\W\d]", r"(?i)[\x00-\uffff]", r"(?i)[\x00-\U0010ffff]",
            r"(?i)[\U00010000-\U0010ffff]", r"(?i)[^\U00010400-\U0001044f]",
            r"(?i)[\U00010400-\U00010427]", r"(?i)[\U00010428-\U0001044f]x?",
            r"(?ai)[a-z]", r"(?ai)[^a-z]", r"(?ai)[k]", r"(?ai)[\u0100-\u017f]",
            r"(?ai)[\U00010000-\U0010ffff]", r"(?i)k|s", r"(?i)[k]|\u017f"]
    fams = [("(?i) literals", singles), ("(?ai) literals", asingles),
            ("(?i) negated literals", negs), ("(?i) sets", sets)]
    return check_bits(driver, fams, cands)


def backref(driver):
    cands = "".join(c for c in cased_chars()
                    if ord(c) < 0x250 or 0x370 <= ord(c) < 0x400 or
                    ord(c) in (0x1E9E, 0x1FBE, 0x2126, 0x212A, 0x212B, 0x10400, 0x10428))
    pats = [r"(?i)^(.)\1$", r"(?ai)^(.)\1$", r"(?i)^(?P<x>.)(?P=x)$"]
    lines = []
    for p in pats:
        lines.append("P" + hexs(p))
        for c in cands:
            for d in cands:
                lines.append("S" + hexs(c + d))
    out = run_driver(driver, "\n".join(lines) + "\n")
    pos = 0
    bad = 0
    for p in pats:
        rx = re.compile(p)
        verdict = out[pos]
        pos += 1
        if verdict != "C ok":
            print("DIFF %r: %s" % (p, verdict))
            bad += 1
            pos += len(cands) ** 2
            continue
        ndiff = 0
        for c in cands:
            for d in cands:
                want = "S 1" if rx.search(c + d) else "S 0"
                if out[pos] != want:
                    if ndiff < 5:
                        print("DIFF %r on U+%04X U+%04X: Python %s, ours %s" %
                              (p, ord(c), ord(d), want[2:], out[pos][2:]))
                    ndiff += 1
                pos += 1
        print("%s: %d of %d pairs agree" % (p, len(cands) ** 2 - ndiff, len(cands) ** 2))
        bad += ndiff
    return bad


def names(driver):
    """(?P<c>x) and (?P<ac>x) for every non-ASCII BMP character and every
    16th beyond: str.isidentifier() decides, and an invalid name's message
    shows repr(name) (printable characters as they are, others escaped)."""
    cps = [c for c in range(0x80, 0x110000)
           if not 0xD800 <= c <= 0xDFFF and (c < 0x10000 or c % 16 == 0)]
    pats = []
    for c in cps:
        pats.append("(?P<%s>x)" % chr(c))
        pats.append("(?P<a%s>x)" % chr(c))
    out = run_driver(driver, "\n".join("P" + hexs(p) for p in pats) + "\n")
    bad = 0
    for p, got in zip(pats, out):
        try:
            re.compile(p)
            want = "C ok"
        except re.error as e:
            want = "C invalid " + str(e)
        if got != want:
            if bad < 10:
                print("DIFF %a: Python %s, ours %s" % (p, want, got))
            bad += 1
    print("group names: %d of %d patterns agree" % (len(pats) - bad, len(pats)))
    return bad


def main():
    driver, mode = sys.argv[1], sys.argv[2]
    bad = {"classes": classes, "case": case, "backref": backref,
           "names": names}[mode](driver)
    print("differences: %d" % bad)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
