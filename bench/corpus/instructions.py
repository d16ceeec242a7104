#!/usr/bin/env python3
"""Compile cost in instructions: an A/B of the plugin that load does not disturb.

Times on a shared 2-core machine swing by 30 % from one run of a TU to the
next (bench/corpus/run.py's per-TU ratios), which hides a change of a few
per cent. Instruction counts do not depend on the load. For a sample of the
corpus translation units (bench/corpus/run.py's projects and compile
commands), this counts the instructions the compiler executes (valgrind
--tool=callgrind, the driver and cc1 together) for

  plain     clang++-22 -O2 -c
  plugin    the same with -fplugin=<plugin> -fplugin-arg-escape-m
            (--no-m: without -fplugin-arg-escape-m, the plain -fplugin build)
  plugin-b  (with --plugin-b B) the same with another build of the plugin

and reports per project the sums and the ratios. The counts are exact and
repeatable, so compiles run in parallel (-j) and once each. valgrind 3.19
cannot read the DWARF 5 of a plugin built by clang-22, so the plugins are
run from copies without debug information (objcopy --strip-debug; the code
is the same).

    bench/corpus/instructions.py --per-project 2 -j 2 \\
        --plugin-b /work/wt-old/build/lib/ClangEscape.so
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import common
import run as corpus

log = common.log


def stripped_copy(plugin, into):
    """A copy of the plugin's directory's two .so files, without debug info."""
    os.makedirs(into, exist_ok=True)
    src = os.path.dirname(os.path.abspath(plugin))
    for name in ("ClangEscape.so", "ClangEscapeFrontend.so"):
        subprocess.run(["objcopy", "--strip-debug", os.path.join(src, name),
                        os.path.join(into, name)], check=True)
    return os.path.join(into, "ClangEscape.so")


def instructions(cmd, cwd, tmp):
    """Instructions executed by cmd and its children, or None on failure."""
    out = tempfile.mkdtemp(dir=tmp)
    r = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                        f"--callgrind-out-file={out}/%p.out"] + cmd,
                       cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, errors="replace")
    shutil.rmtree(out, ignore_errors=True)
    counts = [int(n) for n in re.findall(r"==\d+== Collected : (\d+)", r.stderr)]
    return sum(counts) if r.returncode == 0 and counts else None


def sample(items, k):
    """k items spread over the list (all when it has at most k)."""
    if len(items) <= k:
        return items
    return [items[(i * len(items)) // k] for i in range(k)]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_project_args(ap)
    ap.add_argument("--per-project", type=int, default=2, help="TUs per project (spread)")
    ap.add_argument("--exclude", default=r"/third_party/|/googletest/|/benchmark/",
                    help="regex of TU paths to skip")
    ap.add_argument("--plugin-b", default=None, metavar="SO", help="another build of the plugin")
    ap.add_argument("--b-args", default="", metavar="ARGS",
                    help="extra compiler arguments of plugin-b (space-separated), e.g. "
                    "--plugin-b <the same SO> --b-args=-fplugin-arg-escape-extern-strings")
    ap.add_argument("--no-m", action="store_true",
                    help="the plugin variants without -fplugin-arg-escape-m "
                    "(a plain -fplugin build: analysis and pass, no remarks)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--json", default=None, help="per-TU counts as JSON")
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        log("instructions: valgrind not on PATH (apt-get install valgrind)")
        return 2
    cache = os.path.join(common.ROOT, "bench", ".cache")
    tmp = tempfile.mkdtemp(prefix="escape-instr-")
    plugins = {"plugin": stripped_copy(a.plugin, os.path.join(tmp, "a"))}
    if a.plugin_b:
        plugins["plugin-b"] = stripped_copy(a.plugin_b, os.path.join(tmp, "b"))
    jobs = []
    for name, src in corpus.projects(a.corpus, set(a.projects)):
        db, _ = corpus.configure(name, src, cache)
        if db is None:
            continue
        for tu in sample(corpus.tus(name, db, a.exclude, src), a.per_project):
            # the commands of run.py's compile-time table, minus g++ and -m=2
            cmds = corpus.variant_cmds(tu, plugins["plugin"], "/dev/null",
                                       plugin_b=plugins.get("plugin-b"),
                                       b_args=a.b_args.split(), m=not a.no_m)
            for v in ["plain"] + list(plugins):
                cmd = cmds[v]
                jobs.append((name, tu["file"], v, cmd, tu["dir"]))
    results = {}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futs = {pool.submit(instructions, cmd, cwd, tmp): (p, f, v)
                for p, f, v, cmd, cwd in jobs}
        for fut in concurrent.futures.as_completed(futs):
            p, f, v = futs[fut]
            results.setdefault(p, {}).setdefault(f, {})[v] = fut.result()
            log(f"  [{p}] {os.path.basename(f)} {v}: {fut.result()}")
    shutil.rmtree(tmp, ignore_errors=True)
    variants = ["plain"] + list(plugins)
    rows, total = [], {v: 0 for v in variants}
    for p, files in results.items():
        sums = {v: 0 for v in variants}
        n = 0
        for f, counts in files.items():
            if any(counts.get(v) is None for v in variants):
                log(f"instructions: {f}: a compile failed, left out")
                continue
            n += 1
            for v in variants:
                sums[v] += counts[v]
        for v in variants:
            total[v] += sums[v]
        rows.append((p, n, sums))
    rows.append(("**all**", sum(r[1] for r in rows), total))

    def ratio(x, y):
        return f"{x / y:.3f}" if y else "-"
    m = "" if a.no_m else " -m"
    head = ["project", "TUs", "plain (G instr.)", f"+ plugin{m}"]
    if a.plugin_b:
        head += [f"+ plugin B{m}", "plugin / B"]
    head += ["plugin / plain"] + (["B / plain"] if a.plugin_b else [])
    md = ["| " + " | ".join(head) + " |", "|---|" + "--:|" * (len(head) - 1)]
    for p, n, s in rows:
        cells = [p, str(n), f"{s['plain'] / 1e9:.3f}", f"{s['plugin'] / 1e9:.3f}"]
        if a.plugin_b:
            cells += [f"{s['plugin-b'] / 1e9:.3f}", ratio(s["plugin"], s["plugin-b"])]
        cells += [ratio(s["plugin"], s["plain"])]
        if a.plugin_b:
            cells += [ratio(s["plugin-b"], s["plain"])]
        md.append("| " + " | ".join(cells) + " |")
    text = "\n".join(md)
    print(text)
    if a.json:
        json.dump({"argv": sys.argv, "results": results}, open(a.json, "w"), indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
