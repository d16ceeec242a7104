"""Damages every summary file of a directory: corrupt.py <dir> <mode>."""
import glob
import os
import sys

d, mode = sys.argv[1], sys.argv[2]
files = sorted(glob.glob(os.path.join(d, "*.esum")))
assert files, "no summary files in " + d
for f in files:
    text = open(f).read()
    if mode == "garbage":
        text = "\x00\xff not a summary\n"
    elif mode == "empty":
        text = ""
    elif mode == "truncated":
        text = text[: len(text) // 2]
    elif mode == "badsum":
        text = text.replace("\nsum ", "\nsum zz;").replace("sum -", "sum q9")
    elif mode == "version":
        text = text.replace("clang-escape-summary 4", "clang-escape-summary 99")
    elif mode == "older":
        text = text.replace("clang-escape-summary 4", "clang-escape-summary 3")
    elif mode == "huge":
        text = text + "x" * (2 << 20)
    open(f, "w").write(text)
