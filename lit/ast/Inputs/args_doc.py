"""Checks README.md's plugin-argument table against the plugin's help.

Usage: clang ... -fplugin-arg-escape-help 2>&1 | args_doc.py README.md
Prints "documented: N arguments" when every argument the help lists is in
the table (a `Wno-x` is covered by its `Wx` row) and every argument of the
table is one the plugin accepts; otherwise prints the differences and fails.
"""
import re
import sys


def name(spelling):
    return re.split(r"[=\[]", spelling, 1)[0]


readme = open(sys.argv[1], encoding="utf-8").read()
table = readme.split("Plugin arguments (`-fplugin-arg-escape-<arg>`):", 1)[1]
documented = set()
for line in table.splitlines()[1:]:
    if line.strip() == "":
        if documented:
            break
        continue
    if not line.startswith("|") or line.startswith("|---"):
        continue
    first = line.split("|")[1]
    if first.strip() == "argument":
        continue
    documented |= {name(s) for s in re.findall(r"`([^`]+)`", first)}

helped = set()
for line in sys.stdin:
    m = re.match(r"^  (\S+)\s", line)
    if m:
        helped.add(name(m.group(1)))

covered = {h for h in helped
           if h in documented or h.replace("Wno-", "W") in documented}
missing = sorted(helped - covered)
unknown = sorted(documented - helped)
if not helped:
    sys.exit("no arguments in the help output")
for m in missing:
    print(f"not in README.md: {m}")
for u in unknown:
    print(f"in README.md but not accepted by the plugin: {u}")
if missing or unknown:
    sys.exit(1)
print(f"documented: {len(helped)} arguments")
