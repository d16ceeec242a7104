"""Prints an escape profile (runtime/Profile.cpp) one site a line, sorted by
file, line and column, for FileCheck:

  basic.cpp:12:14 local alloc=10 local=10 later=0 thread=0 never=0 bytes=40 converted=0 moved= reason=...

Also checks the invariants allocations = frame_local + outlived,
outlived = freed_later + other_thread + never_freed, max_live <= allocations
and that the lifetime histogram counts each object freed by its thread
once. With
--lifetimes, each line ends with max_live=N lifetimes=[b0,b1,...].
"""
import json
import os
import sys

args = [a for a in sys.argv[1:] if a != "--lifetimes"]
lifetimes = "--lifetimes" in sys.argv[1:]
with open(args[0]) as f:
    profile = json.load(f)
assert profile["version"] == 2, profile.get("version")
sites = sorted(profile["sites"],
               key=lambda s: (s["file"], s["line"], s["column"], s["function"]))
for s in sites:
    assert s["allocations"] == s["frame_local"] + s["outlived"], s
    assert s["outlived"] == s["freed_later"] + s["other_thread"] + s["never_freed"], s
    assert s["max_live"] <= s["allocations"], s
    assert sum(s["lifetime_histogram"]) == s["frame_local"] + s["freed_later"], s
    extra = ""
    if lifetimes:
        extra = " max_live={} lifetimes=[{}]".format(
            s["max_live"], ",".join(map(str, s["lifetime_histogram"])))
    print("{}:{}:{} {} alloc={} local={} later={} thread={} never={} bytes={} "
          "converted={} moved={} reason={}{}".format(
              os.path.basename(s["file"]), s["line"], s["column"], s["function"],
              s["allocations"], s["frame_local"], s["freed_later"],
              s["other_thread"], s["never_freed"], s["bytes"], s["converted"],
              s["moved"], s["reason"], extra))
