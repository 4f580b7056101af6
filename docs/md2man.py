#!/usr/bin/env python3
"""Turns one of docs/*.md into a man page, so that the manual and the docs
are one text (the build runs this; nothing is kept twice).

usage: md2man.py [--version V] IN.md OUT

The page's name and section come from the document's title,
`# NAME(SECTION) — summary`, which becomes .TH and the NAME section. The
rest is the markdown the docs use: `##` headings (.SH), `###` (.SS),
paragraphs, bullet lists, indented or fenced code blocks, tables (each row
becomes a tagged paragraph: a man page has no room for wide tables),
`code`, **bold**, *italic* and [links](...) (their text). Lines between
`<!-- man: skip -->` and `<!-- man: end -->` are left out (e.g. a picture).
"""
import os
import re
import sys

TITLE = re.compile(r"^# ([A-Za-z0-9_.+-]+)\((\d)\)\s+(?:—|--|-)\s+(.*)$")


def escape(text):
    """roff-escape plain text: backslashes; dashes, which must stay dashes
    (options), as \\-; characters beyond ASCII as \\[uXXXX]."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # ASCII only, whatever the reader's locale: other characters by name
    return "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)


def inline(text):
    """Markdown inline markup to roff fonts."""
    out = []
    pos = 0
    # `code`, **bold**, *italic* / _italic_, [text](url), ![alt](img)
    pattern = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"
                         r"|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)|!\[([^\]]*)\]\([^)]*\)|\[([^\]]+)\]\([^)]*\)")
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        code, bold, ital, ital2, _img, link = m.groups()
        if code is not None:
            out.append("\\fB" + escape(code) + "\\fR")
        elif bold is not None:
            out.append("\\fB" + inline(bold) + "\\fR")
        elif ital is not None or ital2 is not None:
            out.append("\\fI" + inline(ital if ital is not None else ital2) + "\\fR")
        elif link is not None:
            out.append(inline(link))
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def line(text):
    """One output text line; a leading . or ' would be read as a request."""
    text = text.strip()
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def cells(row):
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    # a | inside `code` written as \| stays in its cell
    parts = re.split(r"(?<!\\)\|", row)
    return [p.strip().replace("\\|", "|") for p in parts]


def convert(src, version):
    lines = src.split("\n")
    out = []
    m = TITLE.match(lines[0]) if lines else None
    if not m:
        raise SystemExit("md2man.py: the first line must be '# NAME(SECTION) — summary'")
    name, section, summary = m.groups()
    out.append('.TH "%s" "%s" "" "cprof %s" "cprof manual"' % (name.upper(), section, version))
    out.append(".SH NAME")
    out.append(line(escape(name) + " \\- " + inline(summary)))
    i = 1
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(line(inline(" ".join(p.strip() for p in para))))
            para.clear()

    skipping = False
    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        if s == "<!-- man: skip -->":
            flush()
            skipping = True
            i += 1
            continue
        if s == "<!-- man: end -->":
            skipping = False
            i += 1
            continue
        if skipping or (s.startswith("<!--") and s.endswith("-->")):
            i += 1
            continue
        if not s:
            flush()
            i += 1
            continue
        if s.startswith("### "):
            flush()
            out.append(".SS " + line(inline(s[4:])))
            i += 1
            continue
        if s.startswith("## "):
            flush()
            out.append(".SH " + line(inline(s[3:]).upper()))
            i += 1
            continue
        if s.startswith("```"):
            flush()
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                block.append(lines[i])
                i += 1
            i += 1
            emit_code(out, block)
            continue
        if raw.startswith("    ") and not para:
            block = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                block.append(lines[i][4:])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            emit_code(out, block)
            continue
        if s.startswith("|") and i + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[i + 1]):
            flush()
            header = cells(s)
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                row = cells(lines[i])
                out.append(".TP")
                out.append(line(inline(row[0])))
                if len(row) == 2:
                    out.append(line(inline(row[1])))
                else:
                    first = True
                    for h, c in zip(header[1:], row[1:]):
                        if not c:
                            continue
                        if not first:
                            out.append(".br")
                        out.append(line(inline(h) + ": " + inline(c)))
                        first = False
                i += 1
            continue
        if re.match(r"^[*-] ", s) and not para:
            out.append(".RS 2")
            while i < len(lines) and re.match(r"^\s*[*-] ", lines[i]):
                item = [lines[i].strip()[2:]]
                i += 1
                while i < len(lines) and lines[i].startswith("  ") and lines[i].strip() \
                        and not re.match(r"^\s*[*-] ", lines[i]):
                    item.append(lines[i].strip())
                    i += 1
                out.append(".IP \\(bu 2")
                out.append(line(inline(" ".join(item))))
            out.append(".RE")
            continue
        para.append(s)
        i += 1
    flush()
    return "\n".join(out) + "\n"


def emit_code(out, block):
    out.append(".PP")
    out.append(".RS 4")
    out.append(".nf")
    for b in block:
        out.append("\\&" + escape(b.rstrip()) if b.strip() else "")
    out.append(".fi")
    out.append(".RE")


def main(argv):
    args = argv[1:]
    version = "?"
    if len(args) >= 2 and args[0] == "--version":
        version = args[1]
        args = args[2:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        src = f.read()
    m = TITLE.match(src.split("\n", 1)[0])
    want = "%s.%s" % (m.group(1), m.group(2)) if m else None
    if want and os.path.basename(args[1]) != want:
        print("md2man.py: %s is page %s, not %s" % (args[0], want, os.path.basename(args[1])),
              file=sys.stderr)
        return 1
    page = convert(src, version)
    os.makedirs(os.path.dirname(os.path.abspath(args[1])), exist_ok=True)
    with open(args[1], "w", encoding="utf-8") as f:
        f.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
