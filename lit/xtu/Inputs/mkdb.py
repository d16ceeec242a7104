"""Copies files into a directory and writes its compile_commands.json:
mkdb.py <dest> <source>... (sources relative to this Inputs directory)."""
import json
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
dest = os.path.abspath(sys.argv[1])
shutil.rmtree(dest, ignore_errors=True)
os.makedirs(dest)
files = []
for f in sys.argv[2:]:
    shutil.copy(os.path.join(here, f), dest)
    files.append(os.path.basename(f))
db = [{"directory": dest, "file": f,
       "arguments": ["clang++", "-std=c++17", "-c", f, "-o", f + ".o"]}
      for f in files]
with open(os.path.join(dest, "compile_commands.json"), "w") as out:
    json.dump(db, out, indent=1)
