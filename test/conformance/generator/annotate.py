#!/usr/bin/env python3
"""annotate.py DUMP [--summary]: walks a pstats dump (Python marshal) byte by
byte, independently of the marshal module, and prints one line per token:
offset, raw bytes, type code, FLAG_REF/ref slot, decoded value.  With
--summary prints only how many times each type code occurs.  It is a
debugging aid for writers and readers of the format described in
../../../docs/pstats-format.md; it validates as it goes and stops at the
first error with a message naming the offset."""
import struct
import sys
from collections import Counter

NAMES = {
    "0": "NULL (ends a dict)", "N": "None", "F": "False", "T": "True",
    "i": "int32", "I": "int64 (legacy)", "l": "long (15-bit digits)",
    "f": "float as text (legacy)", "g": "float binary64",
    "z": "short ascii", "Z": "short ascii interned", "a": "ascii", "A": "ascii interned",
    "u": "utf-8 str", "t": "utf-8 str interned", ")": "small tuple", "(": "tuple",
    "{": "dict", "r": "back-reference",
}


class Bad(Exception):
    pass


class Walker:
    def __init__(self, data, quiet):
        self.d = data
        self.p = 0
        self.refs = []
        self.depth = 0
        self.quiet = quiet
        self.count = Counter()

    def take(self, n):
        if n < 0 or self.p + n > len(self.d):
            raise Bad("offset %d: need %d bytes, %d left" % (self.p, n, len(self.d) - self.p))
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def u8(self):
        return self.take(1)[0]

    def i32(self):
        return struct.unpack("<i", self.take(4))[0]

    def say(self, start, code, flag, slot, text):
        self.count[code + ("+REF" if flag else "")] += 1
        if self.quiet:
            return
        raw = self.d[start:self.p]
        hx = raw[:12].hex(" ") + (" .." if len(raw) > 12 else "")
        tag = "%s%s" % (repr(code)[1:-1], "|80" if flag else "")
        ref = ("ref#%d" % slot) if flag else ""
        print("%06x  %-40s %-6s %-7s %s%s" % (start, hx, tag, ref, "  " * self.depth, text))

    def obj(self):
        start = self.p
        b = self.u8()
        flag, code = b & 0x80, chr(b & 0x7F)
        slot = None
        if flag:
            slot = len(self.refs)
            self.refs.append(None)           # filled in once the object is known
        self.depth += 1
        if self.depth > 2000:
            raise Bad("offset %d: nesting deeper than 2000" % start)
        try:
            v = self.body(start, code, flag, slot)
        finally:
            self.depth -= 1
        if flag:
            self.refs[slot] = v
        return v

    def body(self, start, code, flag, slot):
        if code == "0":
            self.say(start, code, flag, slot, "<end of dict>")
            return StopIteration
        if code in "NFT":
            v = {"N": None, "F": False, "T": True}[code]
            self.say(start, code, flag, slot, repr(v))
            return v
        if code == "i":
            v = self.i32()
        elif code == "I":
            v = struct.unpack("<q", self.take(8))[0]
        elif code == "l":
            n = self.i32()
            if abs(n) > 0x7FFFFFFF:
                raise Bad("offset %d: long size out of range" % start)
            v = 0
            for k in range(abs(n)):
                digit = struct.unpack("<h", self.take(2))[0]
                if digit < 0 or (digit == 0 and k == abs(n) - 1):
                    raise Bad("offset %d: bad long digit" % start)
                v |= digit << (15 * k)
            v = -v if n < 0 else v
        elif code == "g":
            v = struct.unpack("<d", self.take(8))[0]
        elif code == "f":
            v = float(self.take(self.u8()).decode("ascii"))
        elif code in "zZ":
            v = self.take(self.u8()).decode("latin-1")
        elif code in "aA":
            v = self.take(self.i32()).decode("latin-1")
        elif code in "ut":
            try:
                v = self.take(self.i32()).decode("utf-8", "surrogatepass")
            except UnicodeDecodeError as e:
                raise Bad("offset %d: string is not UTF-8 (%s)" % (start, e.reason))
        elif code == "r":
            n = self.i32()
            if not 0 <= n < len(self.refs) or self.refs[n] is None:
                raise Bad("offset %d: invalid back-reference %d (table has %d)" % (start, n, len(self.refs)))
            v = self.refs[n]
            self.say(start, code, flag, slot, "-> ref#%d = %s" % (n, short(v)))
            return v
        elif code in ")(":
            n = self.u8() if code == ")" else self.i32()
            if n < 0 or n > len(self.d) - self.p:
                raise Bad("offset %d: tuple size %d impossible" % (start, n))
            self.say(start, code, flag, slot, "tuple of %d" % n)
            items = []
            placeholder = ("<tuple under construction>",)
            if flag:
                self.refs[slot] = placeholder
            for _ in range(n):
                x = self.obj()
                if x is StopIteration:
                    raise Bad("offset %d: NULL inside a tuple" % start)
                items.append(x)
            return tuple(items)
        elif code == "{":
            self.say(start, code, flag, slot, "dict")
            d = {}
            if flag:
                self.refs[slot] = d
            while True:
                k = self.obj()
                if k is StopIteration:
                    return d
                v = self.obj()
                if v is StopIteration:
                    raise Bad("offset %d: dict key without value" % self.p)
                d[k] = v
        else:
            raise Bad("offset %d: unknown type code 0x%02x" % (start, ord(code) | flag))
        self.say(start, code, flag, slot, short(v))
        return v


def short(v):
    s = repr(v)
    return s if len(s) < 70 else s[:66] + "...'"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    sys.setrecursionlimit(20000)
    data = open(args[0], "rb").read()
    w = Walker(data, "--summary" in sys.argv)
    try:
        top = w.obj()
    except Bad as e:
        sys.exit("annotate: %s: %s" % (args[0], e))
    if not isinstance(top, dict):
        sys.exit("annotate: %s: top-level object is not a dict" % args[0])
    if w.p != len(data):
        print("(%d trailing bytes after the dict are ignored)" % (len(data) - w.p))
    if "--summary" in sys.argv:
        for k, n in sorted(w.count.items()):
            print("%-6s %-28s %d" % (k, NAMES.get(k[0], "?"), n))
    print("%d entries, %d back-reference slots" % (len(top), len(w.refs)))


if __name__ == "__main__":
    main()
