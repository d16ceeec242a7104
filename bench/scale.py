#!/usr/bin/env python3
"""Analysis cost on large functions (issue 18): a benchmark, not a test.

Generates one large function: ALLOCS objects from `new`, linked by N pointer
statements (`p12->a = p40;`, `p7 = p3->b ? p3->b : p7;`, `p9->b = p2->a;`),
a few `if (n > k) sink(p5);` calls to an extern function, loops and lambdas,
plus a small cluster of objects that never leave the function (`q0...`) and
an escaping twin (`r`). Then times, for each size, the compilations

  plain    clang++ -fsyntax-only
  m        clang++ -fsyntax-only -fplugin=... -fplugin-arg-escape-m
  m2       clang++ -fsyntax-only -fplugin=... -fplugin-arg-escape-m=2
  O2       clang++ -O2 -c
  O2+plug  clang++ -O2 -c -fplugin=...

(median wall-clock of --repeat runs, or with --clock cpu the median CPU
time, user + system, which other jobs on a shared machine disturb less;
and the peak resident memory of the compiler process; both from
os.wait4's rusage), and counts the verdicts of the -m
run: sites reported escaping, not escaping, and "too complex".

  bench/scale.py                           # sizes 1k 2.5k 5k 10k 20k 40k 80k
  bench/scale.py --sizes 1000,20000 --repeat 1 --modes plain,m
  bench/scale.py --clock cpu               # CPU time instead of wall clock
  bench/scale.py --emit 20000 > big.cpp    # just the generated source
  bench/scale.py --json out.json           # Markdown on stdout + JSON

Python 3 standard library only. Progress goes to stderr, the table to stdout.
A compilation that fails (error, crash, killed) is shown as "failed (exit N)"
in its cell, the other sizes and modes still run, and the exit status is 1.
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(stmts, allocs=300, calls=8, loops=0, lambdas=0, seed=18):
    """The source of one translation unit with function `big` of about
    `stmts` pointer statements."""
    rnd = random.Random(seed)
    out = [
        "struct Node { Node *a = nullptr; Node *b = nullptr; int v = 0; };",
        "void sink(Node *);",
        "int big(int n) {",
    ]
    for i in range(allocs):
        out.append(f"  Node *p{i} = new Node;")
    # A cluster that stays in the frame, and its escaping twin.
    for i in range(4):
        out.append(f"  Node *q{i} = new Node;")
    out.append("  Node *r = new Node;")
    call_every = max(1, stmts // max(1, calls)) if calls else 0
    loop_every = max(1, stmts // (loops + 1)) if loops else 0
    lambda_every = max(1, stmts // (lambdas + 1)) if lambdas else 0
    k = 0
    for s in range(stmts):
        x, y, z = (rnd.randrange(allocs) for _ in range(3))
        form = rnd.randrange(3)
        if form == 0:
            line = f"p{x}->{'ab'[s % 2]} = p{y};"
        elif form == 1:
            f = "ab"[s % 2]
            line = f"p{x} = p{y}->{f} ? p{y}->{f} : p{x};"
        else:
            line = f"p{x}->{'ab'[s % 2]} = p{y}->{'ba'[s % 2]};"
        if s % 97 == 0:
            line += f" q{s % 4}->a = q{(s + 1) % 4};"
        out.append("  " + line)
        if call_every and s % call_every == call_every - 1:
            k += 1
            out.append(f"  if (n > {k}) sink(p{z});")
        if loop_every and s % loop_every == loop_every - 1:
            out.append(f"  for (int i = 0; i < n; ++i) p{x}->a = p{z};")
        if lambda_every and s % lambda_every == lambda_every - 1:
            out.append(f"  [&] {{ p{z}->b = p{y}; }}();")
    out.append("  r->v = q0->v;")  # reads an int: q0 stays
    out.append("  sink(r);")
    out.append("  int v = q0->v + q1->v + q2->v + q3->v;")
    out.append("  return v;")
    out.append("}")
    return "\n".join(out) + "\n"


def run(cmd, cpu=False):
    """(seconds, peak RSS in MiB, stderr, exit status) of one compiler run:
    wall-clock seconds, or with cpu its user + system time."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    dt = time.perf_counter() - t0
    if cpu:
        dt = ru.ru_utime + ru.ru_stime
    if p.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        sys.stderr.write(f"failed ({p.returncode}): {' '.join(cmd)}\n")
    return dt, ru.ru_maxrss / 1024.0, err.decode(errors="replace"), p.returncode


def verdicts(err):
    too = len(re.findall(r"note: function too complex to analyse", err))
    esc = len(re.findall(r"remark: new Node escapes to heap", err))
    stay = len(re.findall(r"remark: new Node does not escape", err))
    return esc, stay, too


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,2500,5000,10000,20000,40000,80000")
    ap.add_argument("--allocs", type=int, default=300)
    ap.add_argument("--calls", type=int, default=8)
    ap.add_argument("--loops", type=int, default=0)
    ap.add_argument("--lambdas", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="time to report: wall clock, or CPU (user + system)")
    ap.add_argument("--modes", default="plain,m,m2,O2,O2+plug")
    ap.add_argument("--clang", default="clang++-22")
    ap.add_argument("--plugin",
                    default=os.path.join(ROOT, "build", "lib", "ClangEscape.so"))
    ap.add_argument("--emit", type=int, metavar="N",
                    help="print the generated source for N statements, exit")
    ap.add_argument("--json", metavar="FILE")
    a = ap.parse_args()

    gen = dict(allocs=a.allocs, calls=a.calls, loops=a.loops, lambdas=a.lambdas)
    if a.emit is not None:
        sys.stdout.write(generate(a.emit, **gen))
        return
    plug = [f"-fplugin={a.plugin}"]
    modes = {
        "plain": ["-fsyntax-only"],
        "m": ["-fsyntax-only"] + plug + ["-fplugin-arg-escape-m"],
        "m2": ["-fsyntax-only"] + plug + ["-fplugin-arg-escape-m=2"],
        "O2": ["-O2", "-c", "-o", os.devnull],
        "O2+plug": ["-O2", "-c", "-o", os.devnull] + plug,
    }
    wanted = a.modes.split(",")
    for m in wanted:
        if m not in modes:
            raise SystemExit(f"unknown mode {m}; known: {', '.join(modes)}")
    results, failed = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in a.sizes.split(",")):
            src = os.path.join(tmp, f"big{n}.cpp")
            with open(src, "w") as f:
                f.write(generate(n, **gen))
            row = {"stmts": n, **gen}
            for m in wanted:
                cmd = [a.clang, "-std=c++20", "-w"] + modes[m] + [src]
                times, mems, err, rc = [], [], "", 0
                for _ in range(a.repeat):
                    dt, mem, err, rc = run(cmd, a.clock == "cpu")
                    times.append(dt)
                    mems.append(mem)
                    if rc != 0:  # a crash or error: one run says enough
                        break
                row[m] = {"s": statistics.median(times), "mib": max(mems),
                          "rc": rc}
                failed += rc != 0
                if m == "m":
                    row["escapes"], row["stays"], row["too_complex"] = \
                        verdicts(err)
                sys.stderr.write(f"{n} {m}: {row[m]['s']:.2f} s, "
                                 f"{row[m]['mib']:.0f} MiB\n")
            results.append(row)

    def cell(row, m, base=None):
        if m not in row:
            return "-"
        if row[m].get("rc"):
            return f"failed (exit {row[m]['rc']})"
        s = f"{row[m]['s']:.2f} s"
        if base and base in row:
            s += f" ({100 * (row[m]['s'] / row[base]['s'] - 1):+.0f} %)"
        return s + f", {row[m]['mib']:.0f} MiB"

    head = ["N statements"] + wanted
    if "m" in wanted:
        head += ["-m verdicts (escape / stay / too complex)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("--:" for _ in head) + "|")
    base = {"m": "plain", "m2": "plain", "O2+plug": "O2"}
    for row in results:
        cells = [f"{row['stmts']:,}"] + [cell(row, m, base.get(m))
                                           for m in wanted]
        if "m" in wanted:
            cells.append("-" if row["m"].get("rc") else
                         f"{row['escapes']} / {row['stays']} / "
                         f"{row['too_complex']}")
        print("| " + " | ".join(cells) + " |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)
    if failed:
        raise SystemExit(f"{failed} compilation(s) failed; see stderr")


if __name__ == "__main__":
    main()
