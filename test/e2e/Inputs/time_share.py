"""Reads check_dump.py --times lines on stdin; prints whether function
argv[1]'s tottime is at least 80% of main's cumtime (and main's is > 0)."""
import re
import sys

tt = {}
ct = {}
for line in sys.stdin:
    m = re.match(r"FUNC .*\((\w+)\) .* tottime=([\d.]+) cumtime=([\d.]+)", line)
    if m:
        tt[m.group(1)] = float(m.group(2))
        ct[m.group(1)] = float(m.group(3))
main = ct.get("main", 0.0)
ok = main > 0 and tt.get(sys.argv[1], 0.0) >= 0.8 * main
print("%s holds most of main's time: %s" % (sys.argv[1], "yes" if ok else "no"))
