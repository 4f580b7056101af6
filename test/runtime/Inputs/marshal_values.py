#!/usr/bin/env python3
"""Load FILE with marshal and print its values for the encoder test: the
scalars and small objects with ascii() (runs of one letter longer than 8
shown as 'x*N'), then the size, first and last item of the big tuples."""
import marshal
import sys

v = marshal.load(open(sys.argv[1], "rb"))


def short(x):
    if isinstance(x, str) and len(x) > 8 and x == x[0] * len(x):
        return "%s*%d" % (x[0], len(x))
    return x


print(ascii(tuple(short(x) for x in v[:-2])))
print(len(v[-2]), v[-2][0], v[-2][-1])
print(len(v[-1]), v[-1][-1])
