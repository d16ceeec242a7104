"""Counts the allocation sites on which the AST analysis (-m) and the IR
pass (-Rpass=escape) agree, in one compile per program:

  agreement.py [--extra FLAG]... -- <clang++> <plugin> <source>...

A site is an allocation the IR pass reports (moved to the stack or the
frame arena, or stays on the heap) or the analysis reports ("X escapes to
heap", "X does not escape..."), matched by file, line and column (by line
when the columns differ and the line has one site on each side). Prints the
totals and every disagreement with both sides' words."""
import os
import re
import subprocess
import sys

args = sys.argv[1:]
extra = []
while args and args[0] == "--extra":
    extra.append(args[1])
    args = args[2:]
assert args and args[0] == "--"
cxx, plugin, sources = args[1], args[2], args[3:]

remark = re.compile(r"^(.*?):(\d+):(\d+): remark: (.*?)(?: \[-Rpass(?:-missed)?=escape\])?$")
alloc_words = re.compile(r"\bnew\b|make_unique|make_shared|malloc|calloc|aligned_alloc")

totals = {"agree-stack": 0, "agree-heap": 0, "agree-elided": 0,
          "ast-local-ir-heap": 0, "ir-local-ast-heap": 0,
          "ast-heap-ir-elided": 0, "ir-only-user": 0, "ir-only-library": 0}
lines = []
for src in sources:
    cmd = [cxx, "-std=c++20", "-O2", "-c", src, "-o", os.devnull,
           "-fno-caret-diagnostics", "-fplugin=" + plugin,
           "-fplugin-arg-escape-m", "-Rpass=escape", "-Rpass-missed=escape"]
    cmd += extra
    out = subprocess.run(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         text=True)
    if out.returncode != 0:
        sys.exit("compile failed: " + " ".join(cmd) + "\n" + out.stderr)
    ast, ir = {}, {}
    for line in out.stderr.splitlines():
        m = remark.match(line)
        if not m:
            continue
        f, l, c, msg = os.path.basename(m[1]), int(m[2]), int(m[3]), m[4]
        if msg.startswith("'"):  # the IR pass: 'new' of 8 bytes ...
            if os.path.isabs(m[1]) and m[1].startswith("/usr/"):
                totals["ir-only-library"] += 1  # out-of-line library code
                continue
            local = " moved to the " in msg
            ir[(f, l, c)] = (local, msg)
        else:
            am = re.match(r"^(.*) (escapes to heap|does not escape)", msg)
            if am and alloc_words.search(am[1]):
                ast[(f, l, c)] = (am[2] == "does not escape", msg)
    # Pair columns that differ on a line with one site on each side.
    for key in list(ast):
        if key in ir:
            continue
        same_line_ir = [k for k in ir if k[:2] == key[:2] and k not in ast]
        same_line_ast = [k for k in ast if k[:2] == key[:2]]
        if len(same_line_ir) == 1 and len(same_line_ast) == 1:
            ir[key] = ir.pop(same_line_ir[0])
    for key in sorted(set(ast) | set(ir)):
        where = "%s:%d:%d" % key
        if key not in ir:
            # LLVM deleted the allocation before the pass saw it.
            if ast[key][0]:
                totals["agree-elided"] += 1
            else:
                totals["ast-heap-ir-elided"] += 1
                lines.append("%s: AST heap, IR elided: %s" % (where, ast[key][1]))
            continue
        if key not in ast:
            totals["ir-only-user"] += 1
            lines.append("%s: IR only (no -m site here): %s" % (where, ir[key][1]))
            continue
        (a, amsg), (i, imsg) = ast[key], ir[key]
        if a and i:
            totals["agree-stack"] += 1
        elif not a and not i:
            totals["agree-heap"] += 1
        elif a:
            totals["ast-local-ir-heap"] += 1
            lines.append("%s: AST frame-local, IR heap: %s | %s" % (where, amsg, imsg))
        else:
            totals["ir-local-ast-heap"] += 1
            lines.append("%s: IR frame-local, AST heap: %s | %s" % (where, imsg, amsg))

for line in lines:
    print(line)
agree = totals["agree-stack"] + totals["agree-heap"] + totals["agree-elided"]
sites = agree + totals["ast-local-ir-heap"] + totals["ir-local-ast-heap"] + \
    totals["ast-heap-ir-elided"]
for k, v in totals.items():
    print("%s: %d" % (k, v))
print("agreement: %d of %d -m sites" % (agree, sites))
