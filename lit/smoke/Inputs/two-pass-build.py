"""validate.build_two_pass (bench/corpus/profile.py and validate.py
--summaries) on Inputs/two-pass: argv = bench/corpus, the plugin, the
source, the build directory.  Prints what each pass said of main.cpp's
allocation."""
import os
import re
import sys

sys.path.insert(0, sys.argv[1])
import validate  # noqa: E402

plugin, src, bdir = sys.argv[2:5]


def verdict(log):
    m = re.search(r"main\.cpp:4:\d+: remark: (.*?) \[", open(log).read())
    return m.group(1) if m else "(no remark)"


ok = validate.configure("two-pass", src, bdir, "plugin", plugin,
                        flags=validate.variant_flags("plugin", plugin) + validate.summary_flags(bdir))
b = validate.build_two_pass(bdir, 1, 600, clean=True)
print("configured:", ok, "rc:", b["rc"], "first rc:", b["first"]["rc"])
print("summaries:", b["summaries"], "rewritten by the second pass:", b["rewritten"])
print("files:", sorted(os.listdir(os.path.join(bdir, validate.SUMMARIES_DIR))))
print("first pass:", verdict(b["first"]["log"]))
print("second pass:", verdict(b["log"]))
again = validate.build_two_pass(bdir, 1, 600, clean=False)
print("again: rc:", again["rc"], "noop:", again["noop"], "second pass:", again["first"] is not None)
