#!/usr/bin/env python3
"""Compares pstats/pyregex.c (through pyregex-driver --stream) with Python's re.

usage: regex-oracle.py DRIVER corpus|fuzz [--count N] [--seed S]

corpus: hand-written patterns (what people pass to pstats restrictions, every
        kind of error Python reports, every construct of Python's syntax) and
        patterns built from them, against printed pstats names.
fuzz:   random patterns from a fixed seed.

For every pattern Python's re.compile decides: an re.error must be reported
as "invalid" with str(error) as the message; a valid pattern must be "ok" and
give re.search's answer on every subject, or be "unsupported". In corpus mode
every unsupported pattern must be one listed in EXPECTED_UNSUPPORTED. Prints
the coverage figures and every mismatch; exits 1 on any mismatch.
"""
import random
import re
import signal
import subprocess
import sys
import warnings

warnings.simplefilter("ignore")

SUBJECTS = [
    "examples/recursion.py:14(fib)",
    "examples/recursion.py:20(fact)",
    "recursion.py:14(fib)",
    "{built-in method builtins.len}",
    "{built-in method builtins.exec}",
    "{built-in method builtins.print}",
    "{method 'append' of 'list' objects}",
    "{method 'disable' of '_lsprof.Profiler' objects}",
    "{method 'sort' of 'list' objects}",
    "~:0(<built-in method builtins.exec>)",
    "<string>:1(<module>)",
    "builtins.py:26(<listcomp>)",
    "builtins.py:31(<lambda>)",
    "chain.py:11(level_02)",
    "chain.py:88(main)",
    "common/sink.py:4(sink)",
    "pkg_a/util.py:3(helper)",
    "pkg_b/util.py:7(helper)",
    "/usr/lib/python3.11/re/__init__.py:226(compile)",
    "edge.c:10(top)",
    "edge.c:20(never_called)",
    "wordfreq.c:42(count_words)",
    "src/main.c:5(main)",
    "main.c:5(main)",
    "shapes.cpp:30(Shape::area() const)",
    "shapes.cpp:44(Circle::Circle(double))",
    "shapes.cpp:12(std::vector<int, std::allocator<int> >::push_back(int const&))",
    "lib/foo_bar.cc:100(ns::Foo<T>::bar<(anonymous namespace)::X>())",
    "util.py:12(FOO)",
    "util.py:12(foo)",
    "Util.PY:7(Foo)",
    "größe.c:5(zähle_wörter)",
    "straße.c:1(STRASSE)",
    "日本語.py:3(関数)",
    "Σ.c:1(σς)",
    "kelvin.c:1(\u212a)",
    "long_s.c:1(\u017f)",
    "dotless.c:1(\u0131nt)",
    "İstanbul.c:2(İ)",
    "arabic.c:\u0663(\u0661\u0662)",
    "digits.c:1(x\uff11)",
    "micro.c:1(\u00b5s)",
    "theta.c:1(\u03b8\u03d1\u03f4)",
    "space.c:1(a\u00a0b\u3000c\u2028d)",
    "ctl.c:1(a\x1cb\x85c)",
    "tab.c:1(a\tb)",
    "emoji.c:1(\U0001f600)",
    "",
    "a",
    "abc",
    "abc\n",
    "ab\ncd",
    "ab\ncd\n",
    "\n",
    "aaa",
    "aaaaaaaab",
    "fibfib",
    "abab",
    "xyzzy",
    "a{1}",
    "{",
    "}",
    "a-b]c",
    "a\\b",
    "x_1 y-2",
    "s\u017f", "sS", "\u0131I", "i\u0130", "\u0130i", "aA", "bab", "ab\u212aK", "\u03c3\u03a3\u03c2",
    "FooFOO.foo", "\U00010400\U00010428",
]

# Patterns people use, plus one of every construct of Python's syntax.
CORPUS = r"""
fib
fib|fact
^examples/
^examples/recursion
\(main\)$
main
\(main
(main)
(?i)FOO
(?i)foo
(?i)util
util\.py:\d+
util\.py
\.py:\d+\(
:\d+\(
\d+
\d{2,}
\d{1,2}
{built-in
\{built-in
{method
builtins
builtins\.len
len}$
^{
^\{
}$
\}$
<listcomp>
<lambda>|<module>
^<string>
~
~:0
pkg_a/
pkg_[ab]/util
util
helper$
helper\)$
\w+\.py
\w+\.c:\d+\(\w+\)
\.cpp
Shape::
::
::area
std::vector<.*>
const\)$
\bmain\b
\Bain
\bain
\Amain
^main
main\Z
main$
\)\Z
\)$
^$
^
$
a|
|a
|
()
(?:)
.
.*
.+
.?
.*?
.+?
.??
a*?b
a+?b
a{2,3}?
a{2,3}+
a*+b
a++b
a?+
(?>a+)b
(?>a|ab)c
(a)\1
(a)(b)\2\1
(a)\1+
(?P<x>a)(?P=x)
(?P<first>\w+)\.(?P=first)
(?P<n>.)(?P=n)
(fib)(?=\))
fib(?!\))
(?<=\()fib
(?<!\()fib
(?<=py:)\d+
(?<=\.c:)\d+
(?<=ab|cd)x
(?<=(a))b
(?<=a{2})b
(?<!x{3})a
(a)(?<=\1)
(?<=\w\w\w)\(
(?=.*main)
(?!.*main)
^(?!.*builtins).*$
^(?=.*\.py).*fib
(?(1)a|b)
(a)?(?(1)b|c)
(a)?(?(1)b)
(?P<g>a)?(?(g)b|c)$
(?(2)x|y)(z)
(?i)straße
(?i)STRASSE
(?i)ſ
(?i)s
(?i)S
(?i)k
(?i)K
(?i)\u212a
(?i)ı
(?i)i
(?i)I
(?i)İ
(?i)σ
(?i)Σ
(?i)ς
(?i)µ
(?i)μ
(?i)θ
(?i)ϑ
(?i)ϴ
(?i)[a-z]+
(?i)[^a-z]
(?i)[A-Z]
(?i)[k]
(?i)[s-t]
(?i)[σ]
(?i)[\w]
(?i)\w
(?i)\W
(?i)(a)\1
(?i)(s)\1
(?i)(k)\1
(?i:FOO)
(?i:FOO)bar
(?-i:foo)
(?i)(?-i:F)oo
(?i)f(?-i:O)O
(?a)\w+
(?a)\d
(?a)\s
(?a)\W
(?a)\D
(?a)\S
(?a)[\W]
(?a)[\S\d]
(?a)\b\w+\b
(?a)\B
(?a:\w)\w
(?ai)k
(?ai)[a-z]
(?ai)[^a-z]
(?ai)s
(?ai)K
(?a)(?i)İ
(?u)\w
(?u:\w)
(?a)(?u:\w)
(?s).
(?s)a.b
a.b
(?m)^cd
(?m)cd$
(?m)^
(?m)$
(?m)ab$
(?m)^ab
^ab
ab$
(?s:.)
(?m:^c)
(?x) f i b
(?x)f\ i
(?x)fib # comment
(?x)[ ]
(?x)a{1, 2}
(?x)a {2}
(?x)(?# comment )fib
(?#comment)fib
fib(?#comment)
(?x: a b )c
(?-x:a b)
(?x)a(?-x: b)
(?imsx)A
(?im-sx:A)
(?i-s:a.)
\d
\D
\w
\W
\s
\S
[\d]
[\D]
[\w]
[\W]
[\s]
[\S]
[^\s]
[^\S]
[\S\d]
[^\S\d]
[\s\W]
[^\W\d]
[\d-]
[-\d]
[a-]
[-a]
[]]
[]a]
[^]]
[^]a]
[]-a]
[\]]
[\\]
[\[]
[\-]
[a\-z]
[.]
[*+?]
[{}]
[()]
[|]
[$^]
[\^]
[^^]
[\b]
[\n]
[\t]
[\a\f\v\r]
[\x41-\x5a]
[\u0041-\u005a]
[\U00000041]
[\101]
[\0]
[\7]
[\77]
[\377]
[a-z]
[A-Z]
[0-9]
[^0-9]
[^a-z0-9]
[α-ω]
[一-龥]
[\u00e0-\u00ff]+
[\ud800]
[\ud800-\udfff]
[\u0000-\uffff]
[^\ud800]
\ud800
[x\ud800]
\x41
\x7e
\u00e4
\U0001F600
\u212a
\0
\00
\000
\07
\012
\101
\1010
\177
\8a
\a
\f
\v
\r
\n
\t
\\
\.
\(
\{
\}
\[
\]
\-
\#
\ 
\'
\"
\/
\:
\<
\>
\=
\!
\@
\%
\&
\~
\`
\,
\;
\_
\ä
\é
\日
a{2}
a{2,}
a{,2}
a{,}
a{0}
a{0,0}
a{1,1}
a{}
a{
a{1
a{1,
a{1,2
a{1,2,3}
a{x}
a{ 1}
a{1 }
{1
{1,2
{
{}
{,
x{}y
x{
}
]
a{65535}
a{0,65535}
a{1000}b
(?:a|b)*
(?:ab)+
(?:)*
(?:)+
(?:a*)*
(?:a?)+b
(a|b)*c
(a*)*b
(a|)+b
(?=a)*
(?!a)?b
(?<=a)*
(?>a)*
(a)*\1
(a)|\1
(a)|b\1
((a)|b)+\2
(?:(a)|b)+\1
(a(b)?)+\2
((?:a|b)*)\1
(a+)+$
(x+x+)+y
(.*a){12}
a{2}{3}
(?:a{2}){3}
^*
$*
\b*
\A+
\Z?
^?
(?i)*
(?:^)*
a**
a*+*
a+*
a??*
a?+?
a{1}{2}
a*{1}
*
+
?
*a
+a
?a
(*)
(+a)
(|*)
a|*
(
)
(()
())
a)
(a
((a)
(?
(?:
(?:a
(?P
(?P<
(?P<>a)
(?P<a
(?P<a>
(?P<a>a
(?P<1>a)
(?P<a-b>a)
(?P<é>a)
(?P<日本>a)(?P=日本)
(?P<a>x)(?P<a>y)
(?P=
(?P=a
(?P=a)
(?P<a>(?P=a))
(?P<a>a)(?P=b)
(?P=1)
(?P<a>a)(?P=a
(?Px)
(?P!x)
(?<
(?<a>x)
(?<x
(?<=
(?<=a
(?<=a+)b
(?<=a*)b
(?<=a|bc)d
(?<=a?)b
(?<=a{1,2})b
(?<!a+)b
(?<=(?=aa)a)b
(?<=(a)\1)b
(?<=\1(a))b
(a)(?<=(?P=x))
(?P<x>a)(?<=(?P=x))b
(?<=(?P<x>a)(?P=x))b
(?<=(a)|b)c
(?<=\b)a
(?<=^)a
(?<=\Aab)c
(?=
(?=a
(?!
(?#
(?#abc
(?i
(?i)
(?i)(?m)a
a(?i)
a(?i)b
(a(?i)b)
x|(?i)y
(?i)x|(?m)y
(?x)a(?i)b
(?q)
(?-)
(?-i)
(?-i
(?-:a)
(?i-)
(?i-:a)
(?i-i:a)
(?L)a
(?L:a)
(?au)a
(?a)(?u)a
(?-a:a)
(?-u:a)
(?t)a
(?t:a)
(?-t:a)
(?ix:a)
(?i!a)
(?i1)
(?ié)
(?i-é:a)
(?i-!:a)
(?i-x
(?i-x!
(?=a)
(?!a)
(?>)
(?>a
(?(
(?()
(?(1
(?(1)
(?(1)a
(?(1)a|b
(?(1)a|b|c)
(?(0)a)
(?(-1)a)
(?(+1)a)(b)
(?( 1 )a)(b)
(?(1_0)a)
(?(01)a)(b)
(?(a)x)
(?(a-b)x)
(?(1)a)
(a)(?(1)b|c|d)
(?(99)a)
(?(1073741823)a)
(?(1073741822)a)
(?(99999999999999999999999)a)
\
a\
\q
\Q
\E
\e
\g<1>
\k<a>
\p{L}
\P{L}
\X
\R
\N{EM DASH}
\N{LATIN SMALL LETTER A}+
\N{NO SUCH NAME}
\N
\Nx
\N{
\N{}
\N{EM DASH
[\N{EM DASH}]
\x
\x4
\xg
\x4g
\u
\u12
\u123g
\U
\U0001F60
\U00110000
\U0010FFFF
\1
\2
(a)\2
(a)\10
\10
\99
(a\1)
\400
\777
\478
\48
\0400
[\8]
[\9]
[\400]
[\1]
[\12]
[\q]
[\A]
[\Z]
[\B]
[\x]
[\x4]
[\u12]
[\U00110000]
[
[a
[^
[^a
[]
[^]
[a-
[a-\
[z-a]
[\d-z]
[a-\d]
[\w-\d]
[a-\w]
[\s-]
[--a]
[a--]
[b-a]
[\x42-\x41]
[\ud800-\ud7ff]
[---]
[[a]]
[a&&b]
[a||b]
[a~~b]
[[:alpha:]]
(?P<a>a)|(?P<b>b)
(?P<a>a)(?(a)b|c)
(?P<a>a)(?(b)b|c)
(?P<a>(?(a)b|c))
\w+(?=\()
[^/]+$
[^:]+:
^[^{]
\.(py|c|cpp)\b
(?:\.py|\.c):\d
[0-9]+\(
(?i)^[a-z_]+\.py
(?i)builtins\.LEN
(?s)fib.*fact
(?m)^fib
(?x)
  ^ \w+ \. py   # file
  : \d+         # line
"""

# Valid Python patterns that pyregex.c reports as unsupported, on purpose.
EXPECTED_UNSUPPORTED = {
    r"\N{EM DASH}", r"\N{LATIN SMALL LETTER A}+", r"\N{NO SUCH NAME}",
    r"[\N{EM DASH}]", "a{65535}", "a{0,65535}", "a{65536}", "a{0,100000}", r"(?i)(a)(?<=\1)", r"(?a)(?u:\w)",
    r"(?a)((?u:x|[\w]))", r"(?a)(?u:\s)", r"(?a:\W)x", r"(?a)(?u:[^\W])",
    r"(?a:[^\w])", r"(?i)\U00010400|x", r"(?i)y|\U00010400",
    r"(?i)(?:\U00010400)|x", "(" * 300 + "a" + ")" * 300, r"(?<=(?=(a))?a)b",
    "(x)(?(\u0661)a|b)",
}
EXTRA = ["(x)(?(\u0661)a|b)", "(x)(?(\u3000)a|b)", "(x)(?(\u00e9)a|b)", "(x)(?(1-)a|b)",
         "(x)(?( 1\t)a|b)", "(x)(?(-0)a|b)", "(x)(?(+0)a|b)", "(x)(?(0_1)a|b)", "(x)(?(1__0)a|b)",
         "(x)(?(_1)a|b)", "(x)(?(a'b)a|b)", r"(?<=a(?=b)?)b", r"(?<=a(?!x)*)b", r"(?<=(?=(a))?a)b", r"(?=a)+b", r"(?:(?=a)){2,}a",
         r"(?<=\b{2}a)b", r"(?<=(?:(?<=a))+?b)c", r"(?<=(?:)*a)b", r"(?:(?=(a)))?\1", r"(?=a)?+a",
         r"(?:^|\b)*x", "(" * 300 + "a" + ")" * 300, "(" * 2000 + "a" + ")" * 2000, "(" * 2000,
         "(" * 200 + "a" + ")" * 200, r"(?i)\U00010400|x", r"(?i)y|\U00010400", r"(?i)[\U00010400x]", r"(?i)[\U00010400]",
         r"(?i)\U00010400", r"(?i)[^\U00010400]", r"(?i)\U00010428|x", r"(?i)[\U00010428x]",
         r"(?i)[\U00010400\U00010400]", r"(?i)(?:\U00010400)|x", r"(?a)x(?u:\w)", r"(?u:\W)x", r"(?a)((?u:x|[\w]))", r"(?a)(?u:\s)",
         r"(?a)(?=x)(?u:\w)", r"(?a:\w)(?u:\w)", r"(?a:\W)x", r"(?a)(?u:[^\w])", r"(?a)(?u:[^\W])", r"(?a:[^\w])", "a{65536}", "a{0,100000}", "a{4294967295}", "a{0,4294967295}",
         "a{99999999999999999999}", "(?ai)(a)\\1", "(?i)(s)\\1", "(?i)(.)\\1",
         "(?i)(.)(.)\\2\\1", "(?i)(ſ)\\1", "(?i)(ı)\\1", "(?i)(İ)\\1", "(?i)(\\w+)\\1",
         "(?i)(a)?b\\1", "(?i)(?:(a)|b)\\1", "(?ai)(k)\\1", "(?i)(σ)\\1", "a\x00b", "[\x00-\x1f]", "\x00",
         "(?x)a\n#c\nb", "x\ny", "x\n(", "\n)", "ab\n\ncd(", "(?i)a\nb\\q",
         "(?x)a b # c\n d", "(?x)[a b]", "(?x)a\\ b", "(?x)(?i)a b|c d",
         "(?i)(?x)  A B", "a|(?x) b"]


def build_corpus():
    base = [l for l in CORPUS.split("\n") if l != ""]
    # the last verbose block as one pattern
    i = base.index("(?x)")
    pats = base[:i] + ["\n".join(base[i:])]
    pats += EXTRA
    # Derived patterns: each simple pattern in context.
    derived = []
    simple = [p for p in pats[:160]]
    for p in simple:
        derived += ["(?i)" + p, "(?:" + p + ")+", "x|" + p, "^(" + p + ")", p + "$",
                    "(?a)" + p, "(?s)" + p, "(?m)" + p]
    seen, out = set(), []
    for p in pats + derived:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


ATOMS = ["a", "b", "x", "fib", "main", ".", "\\d", "\\w", "\\s", "\\W", "\\D", "\\S",
         "\\b", "\\B", "\\A", "\\Z", "^", "$", "[ab]", "[^a]", "[a-z]", "[\\d_]", "[^\\s]",
         "\\(", "\\)", "\\.", ":", "/", "{", "}", "<", ">", "\\1", "(?P=g)", "\\x61",
         "\\u00e4", "ä", "σ", "ſ", "K", "k", "İ", "ı", "\\n", "[", "]", "(", ")", "|",
         "\\", "\\q", "-", ",", "\\8", " ", "#c\n", "\\ ", "\\#", "[ #]", "\t", "#"]
QUANTS = ["", "", "", "*", "+", "?", "*?", "+?", "??", "*+", "++", "{2}", "{1,3}", "{,2}",
          "{2,}", "{", "{1", "{2,1}", "{}", "{3}?", "{0}"]
WRAPS = ["(%s)", "(?:%s)", "(?P<g>%s)", "(?=%s)", "(?!%s)", "(?<=%s)", "(?<!%s)",
         "(?>%s)", "(?i:%s)", "(?-i:%s)", "(?a:%s)", "(?s:%s)", "(?m:%s)", "(?x:%s)",
         "(?(1)%s|b)", "(?(g)%s)", "%s|b", "[%s]", "(?#c)%s", "(%s", "%s)"]
PREFIXES = ["", "", "", "", "(?i)", "(?a)", "(?m)", "(?s)", "(?x)", "(?ai)", "(?is)"]


SAFE_ATOMS = ATOMS[:ATOMS.index("\\1")] + ["\\x61", "\\u00e4", "ä", "σ", "ſ", "K", "k",
                                              "İ", "ı", "\\n"]
SAFE_QUANTS = [q for q in QUANTS if q not in ("{2,1}",)]


def random_pattern(rng, depth=0, safe=False):
    n = rng.randint(1, 4)
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.25 and depth < 3:
            inner = random_pattern(rng, depth + 1, safe)
            wraps = WRAPS[:-2] if safe else WRAPS
            parts.append(rng.choice(wraps) % inner)
        else:
            parts.append(rng.choice(SAFE_ATOMS if safe else ATOMS))
        # a quantifier on an assertion-like atom is an error; let Python decide
        parts[-1] += rng.choice(SAFE_QUANTS if safe else QUANTS) if rng.random() < 0.5 else ""
    return "".join(parts)


def fuzz_patterns(count, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        out.append(rng.choice(PREFIXES) + random_pattern(rng, safe=rng.random() < 0.6))
    return out


FUZZ_SUBJECTS = SUBJECTS + ["a", "ab", "ba", "aab", "abb", "fibmain", "main(fib)", "x.y",
                            "äσ", "ſK", "İı", "a\nb", "b\n", "a1_ b", "{}", "a{2}", "<>",
                            "abab ba", "xx", "K\u212ak"]


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def python_search(rx, s):
    """re.search, or None if Python backtracks for more than a second (sre
    checks for signals while matching)."""
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        return bool(rx.search(s))
    except Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def python_verdict(p):
    try:
        return ("ok", re.compile(p))
    except re.error as e:
        return ("invalid", str(e))
    except (OverflowError, ValueError, RecursionError) as e:
        # pstats itself dies with a traceback on these
        return ("overflow", "%s: %s" % (type(e).__name__, e))


def run(driver, patterns, subjects):
    lines = []
    for p in patterns:
        lines.append("P" + p.encode("utf-8", "surrogatepass").hex())
        for s in subjects:
            lines.append("S" + s.encode().hex())
    res = subprocess.run([driver, "--stream"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("driver failed (%d): %s" % (res.returncode, res.stderr))
    out = res.stdout.split("\n")
    pos = 0
    results = []
    for p in patterns:
        verdict = out[pos]
        pos += 1
        answers = out[pos:pos + len(subjects)]
        pos += len(subjects)
        results.append((verdict, answers))
    return results


def main():
    signal.signal(signal.SIGALRM, _alarm)
    driver, mode = sys.argv[1], sys.argv[2]
    count = 3000
    seed = 20240601
    args = sys.argv[3:]
    while args:
        if args[0] == "--count":
            count = int(args[1])
        elif args[0] == "--seed":
            seed = int(args[1])
        args = args[2:]
    if mode == "corpus":
        patterns, subjects = build_corpus(), SUBJECTS
    else:
        patterns, subjects = fuzz_patterns(count, seed), FUZZ_SUBJECTS
    results = run(driver, patterns, subjects)
    bad = []
    stats = {"valid": 0, "invalid": 0, "supported": 0, "unsupported": 0, "overflow": 0,
             "searches": 0, "python_timeouts": 0}
    unsupported = []
    for p, (verdict, answers) in zip(patterns, results):
        kind, val = python_verdict(p)
        ours = verdict[2:]
        if kind == "invalid":
            stats["invalid"] += 1
            if ours.startswith("unsupported ") and mode == "fuzz":
                unsupported.append((p, ours))
                continue
            if ours.startswith("unsupported ") and p in EXPECTED_UNSUPPORTED:
                unsupported.append((p, ours))
                continue
            if ours != "invalid " + val:
                bad.append("%r: Python: invalid %s; ours: %s" % (p, val, ours))
            continue
        if kind == "overflow":
            stats["overflow"] += 1
            if not ours.startswith("unsupported "):
                bad.append("%r: Python raises %s; ours: %s" % (p, val, ours))
            continue
        stats["valid"] += 1
        if ours.startswith("unsupported "):
            unsupported.append((p, ours))
            if mode == "corpus" and p not in EXPECTED_UNSUPPORTED:
                bad.append("%r: valid in Python, ours: %s" % (p, ours))
            continue
        if ours != "ok":
            bad.append("%r: valid in Python, ours: %s" % (p, ours))
            continue
        stats["supported"] += 1
        for s, a in zip(subjects, answers):
            found = python_search(val, s)
            if found is None:
                stats["python_timeouts"] += 1
                continue
            stats["searches"] += 1
            want = "S 1" if found else "S 0"
            if a != want:
                bad.append("%r on %r: Python %s, ours %s" % (p, s, want[2:], a[2:]))
    if mode == "corpus":
        got = {p for p, _ in unsupported}
        for p in sorted(EXPECTED_UNSUPPORTED - got):
            bad.append("%r: expected to be reported unsupported" % p)
    stats["unsupported"] = len(unsupported)
    print("patterns: %d (Python: %d valid, %d invalid, %d OverflowError/ValueError/RecursionError)" %
          (len(patterns), stats["valid"], stats["invalid"], stats["overflow"]))
    print("supported: %d of %d valid; unsupported: %d" %
          (stats["supported"], stats["valid"], stats["unsupported"]))
    print("searches compared: %d (Python gave up after 1s on %d)" %
          (stats["searches"], stats["python_timeouts"]))
    for p, why in unsupported:
        print("unsupported: %r: %s" % (p, why[len("unsupported "):]))
    for b in bad:
        print("MISMATCH: " + b)
    print("mismatches: %d" % len(bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
