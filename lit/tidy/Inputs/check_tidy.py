#!/usr/bin/env python3
"""check_clang_tidy for the escape-* checks, plus a run of the fixed program.

  check_tidy.py [paths] SOURCE CHECK TMPDIR [clang-tidy args] -- [compile flags]

1. copies SOURCE to TMPDIR/test.cpp with every `// CHECK-...:` comment
   emptied (line numbers are kept),
2. runs clang-tidy --load=PLUGIN -checks=-*,CHECK --fix on it,
3. FileChecks clang-tidy's output against the CHECK-MESSAGES lines of
   SOURCE and the fixed file against its CHECK-FIXES lines,
4. unless --no-run: compiles the original and the fixed file, runs both and
   requires the same stdout and exit status (and a fixed file that differs
   from the original when SOURCE has CHECK-FIXES lines).

--copy-header H (repeatable) copies header H into TMPDIR/orig-inc and
TMPDIR/fixed-inc: clang-tidy and the fixed program see the fixed-inc copy
(-I), the original program the untouched one; the fixed header is checked
against the CHECK-HEADER-FIXES lines of SOURCE.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p


def fail(msg, p=None):
    sys.stderr.write("check_tidy: " + msg + "\n")
    if p is not None:
        sys.stderr.write(" ".join(p.args) + "\n" + p.stdout + p.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    for a in ("tidy", "plugin", "clangxx", "filecheck", "include"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--no-run", action="store_true")
    ap.add_argument("--copy-header", dest="header", action="append",
                    default=[])
    ap.add_argument("source")
    ap.add_argument("check")
    ap.add_argument("tmpdir")
    argv = sys.argv[1:]
    flags = []
    if "--" in argv:
        i = argv.index("--")
        argv, flags = argv[:i], argv[i + 1:]
    args, tidy_args = ap.parse_known_args(argv)
    os.makedirs(args.tmpdir, exist_ok=True)
    text = open(args.source).read()
    cleaned = re.sub(r"//\s*CHECK-(MESSAGES|FIXES|NOTES)[A-Z0-9-]*:[^\n]*",
                     "//", text)
    orig = os.path.join(args.tmpdir, "orig.cpp")
    fixed = os.path.join(args.tmpdir, "test.cpp")
    for f in (orig, fixed):
        open(f, "w").write(cleaned)
    flags = flags + ["-I" + args.include]
    inc = {}
    for kind in ("orig", "fixed"):
        inc[kind] = os.path.join(args.tmpdir, kind + "-inc")
        os.makedirs(inc[kind], exist_ok=True)
        for h in args.header:
            shutil.copy(h, inc[kind])
    fixed_flags = flags + ["-I" + inc["fixed"]]
    p = run([args.tidy, "--load=" + args.plugin, "-checks=-*," + args.check,
             "--fix", *tidy_args, fixed, "--", *fixed_flags])
    if p.returncode != 0:
        fail("clang-tidy failed", p)
    if "CHECK-MESSAGES" in text:
        fc = run([args.filecheck, args.source, "--check-prefix=CHECK-MESSAGES",
                  "--implicit-check-not=warning:"], input=p.stdout)
        if fc.returncode != 0:
            fail("warnings differ", fc)
    has_fixes = "CHECK-FIXES" in text
    if has_fixes:
        fc = run([args.filecheck, args.source, "--check-prefix=CHECK-FIXES",
                  "--input-file=" + fixed])
        if fc.returncode != 0:
            fail("fixed file differs", fc)
        if open(fixed).read() == cleaned:
            fail("no fix-it was applied")
    if "CHECK-HEADER-FIXES" in text:
        for h in args.header:
            fc = run([args.filecheck, args.source,
                      "--check-prefix=CHECK-HEADER-FIXES", "--input-file=" +
                      os.path.join(inc["fixed"], os.path.basename(h))])
            if fc.returncode != 0:
                fail("fixed header differs", fc)
    if args.no_run:
        return
    outs = []
    for src, kind in ((orig, "orig"), (fixed, "fixed")):
        exe = src[:-4]
        c = run([args.clangxx, *flags, "-I" + inc[kind], "-O1", src, "-o",
                 exe])
        if c.returncode != 0:
            fail("cannot compile " + src, c)
        r = run([exe])
        outs.append((r.stdout, r.returncode))
    if outs[0] != outs[1]:
        fail("the fixed program behaves differently:\n--- original\n%s(exit %d)"
             "\n--- fixed\n%s(exit %d)" % (outs[0][0], outs[0][1], outs[1][0],
                                          outs[1][1]))
    if not outs[0][0]:
        fail("the program prints nothing: nothing to compare")


if __name__ == "__main__":
    main()
