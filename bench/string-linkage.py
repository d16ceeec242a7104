#!/usr/bin/env python3
"""Checks which functions the plugin compiles available_externally.

Under C++17 and earlier the plugin instantiates std::string's members in the
unit, then gives the members libstdc++'s `extern template class` would have
covered the linkage Clang gives the members of an explicit instantiation
declaration (plugin/clang/StringBodies.h): available_externally, so that the
object holds no copy and calls that are not inlined go to libstdc++.so. A
wrong choice is a link error (a symbol libstdc++.so does not export) or an
ODR problem. For each unit this compiles, before any LLVM pass
(-emit-llvm -Xclang -disable-llvm-passes), with --old (a plugin that
leaves the members linkonce_odr, e.g. main before the change) and --new,
and checks:

  * the same functions are defined either way (only the linkage changed);
  * every function that is linkonce_odr with --old and available_externally
    with --new (the plugin's choice) is defined in the dynamic symbol table
    of libstdc++.so.6 (nm -D --defined-only), or is always_inline (GCC
    exports no always_inline member, e.g. _M_use_local_data; clang without
    the plugin makes it available_externally too, wherever an inline member
    calls it, and inlines every call);
  * every basic_string function clang itself makes available_externally
    without the plugin (its own extern template handling, for the members
    the unit uses) is available_externally with --new too;
  * with -O2 -c and --new, the object defines none of the chosen symbols.

It prints per unit the number of chosen functions and of basic_string
functions left linkonce_odr (member templates), and every violation.

    bench/string-linkage.py --old /tmp/plugold/ClangEscape.so \\
        --new build/lib/ClangEscape.so UNITS

UNITS has one unit a line: the source file, then its compiler arguments
(bench/corpus/compare-verdicts.sh writes such a list).
"""
import argparse
import re
import subprocess
import sys
import tempfile

CLANG = "clang++-22"
LIBSTDCXX = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"
DEFINE = re.compile(r'^define (\S+) .*?@("[^"]+"|[\w.$]+)\((.*)$', re.M)
GROUP = re.compile(r'\)\s(?:[a-z_]+\s)*(#\d+)')
ATTRS = re.compile(r'^attributes (#\d+) = \{(.*)\}', re.M)


def defined(ir):
    """{symbol: (linkage, always_inline)} of the functions defined in
    textual IR."""
    always = {g for g, a in ATTRS.findall(ir) if "alwaysinline" in a.split()}
    out = {}
    for linkage, name, rest in DEFINE.findall(ir):
        group = GROUP.search(rest)
        out[name.strip('"')] = (linkage, bool(group) and group[1] in always)
    return out


def emit(src, args, plugin):
    cmd = [CLANG, "-w", "-O2", "-S", "-emit-llvm", "-Xclang",
           "-disable-llvm-passes", src, "-o", "-"] + args
    if plugin:
        cmd.append(f"-fplugin={plugin}")
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return defined(r.stdout)


def linkages(functions):
    return {f: link for f, (link, _) in functions.items()}


def demangle(names):
    r = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True,
                       text=True, check=True)
    return dict(zip(names, r.stdout.splitlines()))


def exported():
    r = subprocess.run(["nm", "-D", "--defined-only", LIBSTDCXX],
                       capture_output=True, text=True, check=True)
    return {line.split()[-1].split("@")[0] for line in r.stdout.splitlines()
            if line.strip()}


def object_defines(src, args, plugin, tmp):
    obj = f"{tmp}/unit.o"
    subprocess.run([CLANG, "-w", "-O2", "-c", src, "-o", obj] + args +
                   [f"-fplugin={plugin}"], check=True)
    r = subprocess.run(["nm", "--defined-only", obj], capture_output=True,
                       text=True, check=True)
    return {line.split()[-1] for line in r.stdout.splitlines() if line.strip()}


def is_string(demangled):
    return "basic_string<" in demangled.split("(")[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True, help="ClangEscape.so with linkonce_odr members")
    ap.add_argument("--new", required=True, help="ClangEscape.so to check")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list the basic_string functions left linkonce_odr")
    ap.add_argument("units", help="file: a source file and its arguments per line")
    opts = ap.parse_args()
    so = exported()
    bad = 0
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for line in open(opts.units):
            if not line.strip():
                continue
            src, *args = line.split()
            plain = linkages(emit(src, args, None))
            old = linkages(emit(src, args, opts.old))
            full = emit(src, args, opts.new)
            new = linkages(full)
            problems = []
            inlined = []
            if set(old) != set(new):
                problems.append(f"defined functions differ: only old "
                                f"{sorted(set(old) - set(new))[:5]}, only new "
                                f"{sorted(set(new) - set(old))[:5]}")
            chosen = sorted(f for f in new if new[f] == "available_externally"
                            and old.get(f) == "linkonce_odr")
            for f in chosen:
                if f in so:
                    continue
                # GCC does not emit an always_inline member for an explicit
                # instantiation; clang makes it available_externally itself
                # wherever an inline member uses it, and inlines every call.
                if full[f][1]:
                    inlined.append(f)
                else:
                    problems.append(f"not exported by libstdc++.so: {f}")
            names = demangle(sorted(set(plain) | set(new)))
            for f, linkage in plain.items():
                if (linkage == "available_externally" and is_string(names[f])
                        and new.get(f) != "available_externally"):
                    problems.append(f"clang's own available_externally, "
                                    f"{new.get(f)} with --new: {names[f]}")
            left = sorted(f for f in new if new[f] == "linkonce_odr"
                          and is_string(names[f]))
            if chosen and "-std=c++2" not in line:
                objdefs = object_defines(src, args, opts.new, tmp)
                for f in chosen:
                    if f in objdefs:
                        problems.append(f"defined in the object: {f}")
            total += len(chosen)
            print(f"{' '.join([src] + args)}: {len(chosen)} chosen "
                  f"({len(inlined)} always_inline, not exported), {len(left)} basic_string functions left "
                  f"linkonce_odr"
                  + (f", {len(problems)} PROBLEMS" if problems else ""))
            for p in problems:
                print(f"  {p}")
            if opts.verbose:
                for f in left:
                    print(f"  left linkonce_odr: {names[f]}")
            bad += len(problems)
    print(f"{total} chosen functions in all; {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
