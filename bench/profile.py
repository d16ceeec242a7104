#!/usr/bin/env python3
"""The escape profiler over bench/programs (docs/profile.md).

For each program (the hand-written *_stack.cpp companions excepted) builds

  h2s         clang++-22 -O2 -g -fplugin=ClangEscape.so
  profiled    the same + -fplugin-arg-escape-profile + the runtime
  plain       clang++-22 -O2 -g -fplugin=ClangEscape.so
              -fplugin-arg-escape-no-transform (nothing moves)
  plain-prof  the same + -fplugin-arg-escape-profile + the runtime

checks that all print the same, runs `clang-escape profile --format json`
on the profiles, and prints a Markdown table: heap allocation calls left,
executions of the sites the pass moved, the frame-local share of all
allocations (the limit), the share the pass converted, the share that could
still move, the frees of blocks allocated outside the instrumented code
(libstdc++.so), and the profiler's overhead (best-of-K CPU time,
profiled/h2s); then, without the pass, the heap calls, their frame-local
share and the overhead when every allocation is a heap site
(plain-prof/plain).

  bench/profile.py [-k RUNS] [--build DIR] [PROGRAM.cpp...]

Python 3 standard library only; needs clang++-22. Exit status 1 when a
build or run fails or the outputs differ.
"""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))


def cpu_seconds(cmd, env):
    """Runs cmd; returns (stdout, user+sys CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-k", "--runs", type=int, default=3)
    ap.add_argument("--build", default=os.path.join(here, "..", "build"))
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    plugin = os.path.join(build, "lib", "ClangEscape.so")
    runtime = os.path.join(build, "lib", "libclang_escape_profile.a")
    tool = os.path.join(build, "bin", "clang-escape")
    progs = args.programs or sorted(
        p for p in glob.glob(os.path.join(here, "programs", "*.cpp"))
        if not p.endswith("_stack.cpp"))
    failed = False
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for prog in progs:
            name = os.path.splitext(os.path.basename(prog))[0]
            base = ["clang++-22", "-O2", "-g", f"-fplugin={plugin}", prog]
            prof_args = ["-fplugin-arg-escape-profile", runtime]
            plain_args = ["-fplugin-arg-escape-no-transform"]
            variants = {"h2s": [], "prof": prof_args, "plain": plain_args,
                        "plain-prof": plain_args + prof_args}
            best = {}
            reports = {}
            try:
                for v, extra in variants.items():
                    subprocess.run(base + extra + ["-o", os.path.join(
                        work, f"{name}.{v}")], check=True)
                outputs = set()
                for _ in range(args.runs):
                    for v in variants:
                        env = dict(os.environ, CLANG_ESCAPE_PROFILE=os.path.join(
                            work, f"{name}.{v}.json"))
                        out, t = cpu_seconds([os.path.join(work, f"{name}.{v}")],
                                             env)
                        outputs.add(out)
                        best[v] = min(best.get(v, t), t)
                if len(outputs) != 1:
                    print(f"{name}: outputs differ", file=sys.stderr)
                    failed = True
                for v in ("prof", "plain-prof"):
                    reports[v] = json.loads(subprocess.run(
                        [tool, "profile", "--format=json",
                         os.path.join(work, f"{name}.{v}.json")], check=True,
                        stdout=subprocess.PIPE).stdout)["totals"]
            except subprocess.CalledProcessError as e:
                print(f"{name}: {e}", file=sys.stderr)
                failed = True
                continue
            rows.append((name, reports, best))
    print("| program | heap calls | moved by the pass | frame-local (limit) "
          "| converted | could still move | untracked frees | overhead "
          "| without the pass: heap calls | frame-local | overhead |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r, best in rows:
        t, u = r["prof"], r["plain-prof"]
        over = best["prof"] / best["h2s"] if best["h2s"] else 0
        over_plain = best["plain-prof"] / best["plain"] if best["plain"] else 0
        print(f"| {name} | {t['heap']:,} | {t['converted']:,} "
              f"| {t['frame_local_share']:.1f}% | {t['converted_share']:.1f}% "
              f"| {t['could_still_move_share']:.1f}% "
              f"| {t['untracked_frees']:,} | {over:.2f}x "
              f"| {u['heap']:,} | {u['frame_local_share']:.1f}% "
              f"| {over_plain:.2f}x |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
