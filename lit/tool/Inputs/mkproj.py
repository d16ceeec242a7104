"""Copies the test project into a directory and writes its
compile_commands.json there: mkproj.py <dest> [source ...] (default a b c)."""
import json
import os
import shutil
import sys

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "proj")
dest = os.path.abspath(sys.argv[1])
files = sys.argv[2:] or ["a.cpp", "b.cpp", "c.cpp"]
shutil.rmtree(dest, ignore_errors=True)
shutil.copytree(src, dest)
db = [{"directory": dest,
       "file": f,
       "arguments": ["clang++", "-std=c++17", "-Iinc", "-c", f, "-o",
                     f + ".o"]}
      for f in files]
with open(os.path.join(dest, "compile_commands.json"), "w") as out:
    json.dump(db, out, indent=1)
