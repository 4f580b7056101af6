#!/usr/bin/env python3
"""speedscope_paths.py FILE: a speedscope file (pstats --format speedscope)
checked against the file format (frames, one sampled profile, samples and
weights of equal length, weights adding up to endValue), then its profile's
name and unit and each sample's stack as function names joined by ';'."""
import json
import math
import sys

d = json.load(open(sys.argv[1]))
assert d["$schema"] == "https://www.speedscope.app/file-format-schema.json"
assert isinstance(d["version"], str)
frames = d["shared"]["frames"]
assert all(isinstance(f["name"], str) for f in frames)
(p,) = d["profiles"]
assert p["type"] == "sampled" and len(p["samples"]) == len(p["weights"])
assert all(0 <= i < len(frames) for s in p["samples"] for i in s)
assert math.isclose(sum(p["weights"]), p["endValue"] - p["startValue"], rel_tol=1e-9)
print("profile %s unit %s" % (p["name"], p["unit"]))
for s in p["samples"]:
    print(";".join(frames[i]["name"].split(" (")[0] for i in s))
