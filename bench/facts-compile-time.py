#!/usr/bin/env python3
"""Compile time of the front end's facts for the IR pass (docs/cross-tu.md):
clang++-22 -O2 -c plain, with -fplugin (facts on, the default) and with
-fplugin-arg-escape-no-ir-facts, alternating, REPS times (default 5); prints
the sums over the files of the least user+system time of each.

  bench/facts-compile-time.py FILE.cpp...   (run from the repository root)
"""
import os
import resource
import subprocess
import sys

plugin = os.path.abspath("build/lib/ClangEscape.so")
cfgs = {"plain": [],
        "no-ir-facts": ["-fplugin=" + plugin, "-fplugin-arg-escape-no-ir-facts"],
        "facts": ["-fplugin=" + plugin]}
files = sys.argv[1:]
if not files:
    sys.exit(__doc__)
best = {k: [float("inf")] * len(files) for k in cfgs}
for _ in range(int(os.environ.get("REPS", "5"))):
    for k, extra in cfgs.items():
        for i, f in enumerate(files):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(["clang++-22", "-O2", "-c", f, "-o", os.devnull] + extra,
                           check=True)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            best[k][i] = min(best[k][i], t)
for k in cfgs:
    print("%-12s %.3f s" % (k, sum(best[k])))
print("facts / no-ir-facts: %.3f" % (sum(best["facts"]) / sum(best["no-ir-facts"])))
