"""Prints an escape profile (runtime/Profile.cpp) one site a line, sorted by
file, line and column, for FileCheck:

  basic.cpp:12:14 local alloc=10 local=10 later=0 thread=0 never=0 bytes=40 converted=0 moved= reason=...

Also checks the invariant allocations = frame_local + outlived and
outlived = freed_later + other_thread + never_freed.
"""
import json
import os
import sys

with open(sys.argv[1]) as f:
    profile = json.load(f)
assert profile["version"] == 1, profile.get("version")
sites = sorted(profile["sites"],
               key=lambda s: (s["file"], s["line"], s["column"], s["function"]))
for s in sites:
    assert s["allocations"] == s["frame_local"] + s["outlived"], s
    assert s["outlived"] == s["freed_later"] + s["other_thread"] + s["never_freed"], s
    print("{}:{}:{} {} alloc={} local={} later={} thread={} never={} bytes={} "
          "converted={} moved={} reason={}".format(
              os.path.basename(s["file"]), s["line"], s["column"], s["function"],
              s["allocations"], s["frame_local"], s["freed_later"],
              s["other_thread"], s["never_freed"], s["bytes"], s["converted"],
              s["moved"], s["reason"]))
