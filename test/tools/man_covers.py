#!/usr/bin/env python3
"""Checks that a rendered man page mentions every option a command's --help
prints, or every CPROF_* variable the sources read, so that the manual (made
from docs/*.md) cannot drift from the code.

usage: man_covers.py options PAGE_TEXT HELP_TEXT
       man_covers.py variables PAGE_TEXT SOURCE...
"""
import re
import sys


def main(argv):
    if len(argv) < 4 or argv[1] not in ("options", "variables"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, page_file, inputs = argv[1], argv[2], argv[3:]
    # man renders with hyphenation and hyphen characters; compare on words
    page = open(page_file, encoding="utf-8").read().replace("\u2010", "-")
    page = re.sub(r"-\n\s*", "-", page)
    wanted = set()
    for path in inputs:
        text = open(path, encoding="utf-8", errors="replace").read()
        if kind == "options":
            wanted |= set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*[a-z0-9](?:=[a-z]+)?", text))
        else:
            wanted |= set(re.findall(r'"(CPROF_[A-Z_]+)"', text))
    missing = sorted(w for w in wanted if not re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", page))
    for w in missing:
        print("man_covers: %s is not in the man page %s" % (w, page_file))
    print("man_covers: %d %s, %d missing" % (len(wanted), kind, len(missing)))
    return 1 if missing or not wanted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
