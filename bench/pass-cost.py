#!/usr/bin/env python3
"""Compile-time cost of the heap-to-stack pass (or, --whole, of all of clang-escape), on real code.

For each C++ translation unit of the compile_commands.json files under
--cc-dir (bench/corpus/run.py configures them under bench/.cache/build), in
ONE run, interleaved per TU:

  plain   clang++-22 <the TU's flags> -O2 -c -o /dev/null          (R times)
  pass    the same + -fpass-plugin=<plugin>                        (R times)
  report  the same + -fpass-plugin=<plugin> -ftime-report          (once)

and prints two figures (sums over all TUs):

  attributed  time of escape::HeapToStackPass in -ftime-report's pass
              timing report (user+system; includes the SROA/GVN/InstCombine
              clean-up the pass runs on functions it changed, which it runs
              without a pass manager so that -ftime-report charges it to the
              pass) / CPU time of the compile with the pass without
              -ftime-report (whose own timers make the report's compile
              slower).  Precise, little disturbed by other load.
  delta       (min CPU of the R pass runs - min CPU of the R plain runs) /
              min CPU of the plain runs: everything the pass changes,
              including knock-on effects on later passes; noisy on a busy
              machine.

With --whole, "pass" is the one-flag use instead, `-fplugin=<plugin>` plus
--plugin-arg (e.g. -fplugin-arg-escape-m for remarks): the Clang plugin's
analysis (summaries, front-end facts, remarks: its "clang-escape analysis"
timer in -ftime-report), the facts pass and the heap-to-stack pass, and
"attributed" sums the three.

CPU time is user+system of the compiler process tree (os.wait4).
  bench/pass-cost.py [--cc-dir DIR] [--every K] [--repeat R] [--plugin SO]
                     [--whole [--plugin-arg ARG]...]
Python 3 standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shlex
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLANG = "clang++-22"
CXX_EXT = (".cc", ".cpp", ".cxx", ".C")


def tu_commands(cc_dir):
    """(project, directory, argv-without-compiler/output/-O, source) per TU."""
    tus = []
    for path in sorted(glob.glob(os.path.join(cc_dir, "*", "compile_commands.json"))):
        project = os.path.basename(os.path.dirname(path))
        with open(path) as f:
            entries = json.load(f)
        for e in entries:
            src = e["file"]
            if not src.endswith(CXX_EXT):
                continue
            argv = e["arguments"] if "arguments" in e else shlex.split(e["command"])
            args, skip = [], False
            for a in argv[1:]:
                if skip:
                    skip = False
                    continue
                if a == "-o":
                    skip = True
                    continue
                if a == "-c" or re.fullmatch(r"-O[0-9sz]?|-Ofast|-Werror(=.*)?", a):
                    continue
                args.append(a)
            tus.append((project, e["directory"], args, src))
    return tus


def run(cmd, cwd):
    """CPU seconds (user+sys) of cmd and its stderr; raises on failure."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {p.returncode}\n{err[-2000:]}")
    return ru.ru_utime + ru.ru_stime, err


TIMING_VALUE = re.compile(r"([\d.]+) \(\s*[\d.]+%\)")
PASS_NAMES = {"escape::HeapToStackPass"}
WHOLE_NAMES = PASS_NAMES | {"escape::FrontendFactsPass", "clang-escape analysis"}


def pass_seconds(report, names=PASS_NAMES):
    """User+system seconds of the named timers in -ftime-report. Each table
    prints only the columns it has data for (no "System Time" when every
    timer of the group took none), so the header line says which is which."""
    total = 0.0
    cols = []
    for line in report.splitlines():
        if "--- Name ---" in line:
            cols = re.findall(r"User\+System|User Time|System Time|Wall Time", line)
            continue
        values = TIMING_VALUE.findall(line)
        if not values or "User+System" not in cols:
            continue
        name = line[line.rfind(")") + 1:].strip()
        if name in names:
            total += float(values[cols.index("User+System")])
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cc-dir", default=os.path.join(ROOT, "bench", ".cache", "build"),
                    help="directory of <project>/compile_commands.json")
    ap.add_argument("--plugin", default=os.path.join(ROOT, "build", "lib", "ClangEscape.so"))
    ap.add_argument("--every", type=int, default=1, metavar="K",
                    help="only every K-th TU (deterministic sample)")
    ap.add_argument("--repeat", type=int, default=3, metavar="R")
    ap.add_argument("--opt", default="-O2")
    ap.add_argument("--whole", action="store_true",
                    help="-fplugin= (analysis + facts + pass), not -fpass-plugin=")
    ap.add_argument("--plugin-arg", action="append", default=[], metavar="ARG",
                    help="with --whole: a -fplugin-arg-escape-... flag (repeatable)")
    a = ap.parse_args()
    if not os.path.exists(a.plugin):
        sys.exit(f"pass-cost.py: no plugin at {a.plugin}")
    tus = tu_commands(a.cc_dir)[:: a.every]
    if not tus:
        sys.exit(f"pass-cost.py: no compile_commands.json under {a.cc_dir} "
                 "(run bench/corpus/run.py once, or pass --cc-dir)")
    what = ("clang-escape (-fplugin=" + " ".join([os.path.basename(a.plugin)] + a.plugin_arg)
            + ")" if a.whole else "heap-to-stack pass")
    print(f"# {what} cost, {datetime.datetime.now():%Y-%m-%d %H:%M}")
    print(f"# command: {' '.join(shlex.quote(x) for x in sys.argv)}")
    print(f"# machine: {platform.node()} {platform.machine()} "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"# {len(tus)} TUs, {a.repeat} runs each (plain, pass), {a.opt}")
    print(f"{'TU':48} {'plain s':>8} {'pass s':>8} {'delta':>7} {'report s':>8} "
          f"{'in pass':>8} {'share':>6}")
    sum_plain = sum_pass = sum_report = sum_in_pass = 0.0
    failed = done = 0

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        for tu in tus:
            r = measure_tu(a, *tu)
            if r is None:
                failed += 1
                continue
            tp, tq, cpu, in_pass = r
            sum_plain += tp
            sum_pass += tq
            sum_report += cpu
            sum_in_pass += in_pass
            done += 1
    except KeyboardInterrupt:
        print(f"# stopped after {done} of {len(tus)} TUs; totals cover those")
    if not done:
        return 1
    print(f"{'TOTAL':48} {sum_plain:8.2f} {sum_pass:8.2f} "
          f"{100 * (sum_pass - sum_plain) / sum_plain:+6.1f}% {sum_report:8.2f} "
          f"{sum_in_pass:8.3f} {100 * sum_in_pass / sum_pass:5.2f}%")
    print(f"# attributed: {'analysis + facts + ' if a.whole else ''}"
          f"escape::HeapToStackPass (with its clean-up) = "
          f"{100 * sum_in_pass / sum_pass:.2f}% of the -O2 compile CPU time")
    print(f"# delta: compile CPU time with the pass / without = "
          f"{sum_pass / sum_plain:.3f} (min of {a.repeat}; noisy on a busy machine)")
    if failed:
        print(f"# {failed} TU(s) failed to compile", file=sys.stderr)
    return 1 if failed else 0


def measure_tu(a, project, cwd, args, src):
    """Prints one TU's line; (plain, pass, report CPU, in-pass) or None."""
    base = [CLANG] + args + [a.opt, "-c", "-o", "/dev/null"]
    if a.whole:
        with_pass = base + [f"-fplugin={a.plugin}"] + a.plugin_arg
    else:
        with_pass = base + [f"-fpass-plugin={a.plugin}"]
    try:
        plain, passed = [], []
        for _ in range(a.repeat):
            plain.append(run(base, cwd)[0])
            passed.append(run(with_pass, cwd)[0])
        cpu, report = run(with_pass + ["-ftime-report"], cwd)
    except RuntimeError as e:
        print(f"# FAILED {src}: {e}", file=sys.stderr)
        return None
    in_pass = pass_seconds(report, WHOLE_NAMES if a.whole else PASS_NAMES)
    tp, tq = min(plain), min(passed)
    name = f"{project}/{os.path.basename(src)}"
    print(f"{name[:48]:48} {tp:8.2f} {tq:8.2f} {100 * (tq - tp) / tp:+6.1f}% "
          f"{cpu:8.2f} {in_pass:8.4f} {100 * in_pass / tq:5.2f}%", flush=True)
    return tp, tq, cpu, in_pass


if __name__ == "__main__":
    sys.exit(main())
