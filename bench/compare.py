#!/usr/bin/env python3
"""Side-by-side benchmark: clang++ -O2, clang++ -O2 + clang-escape, g++ -O2.

For every bench/programs/*.cpp (or --programs DIR) this compiles the program
three ways in one run, times compilation (median of N) and execution (median
of K), checks that all outputs are identical, counts heap allocations with an
LD_PRELOAD library (bench/alloc_count.c) and prints a Markdown table with
ratios against plain clang++. See bench/README.md.

Exit status: 0 all good; 1 an output mismatch, a failed compile or run, or a
failed preload self-check; 2 usage error (for example no programs).
Python 3 standard library only.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_PLUGIN = REPO_DIR / "build" / "lib" / "ClangEscape.so"
BASELINE = "clang"  # key of the configuration the ratios are relative to


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loud(msg):
    bar = "!" * 72
    log(f"{bar}\n!! {msg}\n{bar}")


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--programs", type=Path, default=BENCH_DIR / "programs",
                   help="directory of *.cpp benchmark programs "
                        "(default: bench/programs)")
    p.add_argument("--filter", default=None, metavar="REGEX",
                   help="only programs whose file name matches REGEX")
    p.add_argument("--plugin", type=Path, default=None,
                   help=f"ClangEscape.so (default: {DEFAULT_PLUGIN.relative_to(REPO_DIR)}"
                        " in the repository); if missing the clang++ +escape "
                        "column is skipped")
    p.add_argument("--clang", default="clang++-22", help="clang++ driver")
    p.add_argument("--gcc", default="g++", help="g++ driver")
    p.add_argument("--cc", default="cc",
                   help="C compiler for the alloc_count.so preload")
    p.add_argument("--opt", default="-O2",
                   help="optimisation flag for all three (default -O2)")
    p.add_argument("--extra-flags", default="",
                   help="extra flags for every compile (one shell-quoted string)")
    p.add_argument("-n", "--compile-runs", type=int, default=3, metavar="N",
                   help="compilations per program and compiler; median reported "
                        "(default 3)")
    p.add_argument("-k", "--runs", type=int, default=5, metavar="K",
                   help="timed runs per binary; median reported (default 5)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: N=1, K=1")
    p.add_argument("--timeout", type=float, default=300.0,
                   help="seconds per compile or run (default 300)")
    p.add_argument("--json", metavar="FILE", default=None,
                   help="also write the results as JSON to FILE ('-': JSON on "
                        "stdout instead of the Markdown table)")
    p.add_argument("--work-dir", type=Path, default=None,
                   help="where binaries go (default: a temporary directory, "
                        "removed at the end unless --keep)")
    p.add_argument("--keep", action="store_true",
                   help="keep the work directory")
    p.add_argument("--no-preload-check", action="store_true",
                   help="skip the alloc_count.so self-check")
    a = p.parse_args(argv)
    if a.quick:
        a.compile_runs, a.runs = 1, 1
    if a.compile_runs < 1 or a.runs < 1:
        p.error("-n and -k must be at least 1")
    return a


def configs(args, plugin):
    """The three columns, baseline first. Each: key, label, command prefix."""
    base = [args.opt] + shlex.split(args.extra_flags)
    out = [{"key": "clang", "label": "clang++ -O2",
            "cmd": [args.clang] + base}]
    if plugin is not None:
        out.append({"key": "clang+escape", "label": "clang++ -O2 +escape",
                    "cmd": [args.clang] + base + [f"-fplugin={plugin}"]})
    out.append({"key": "gcc", "label": "g++ -O2", "cmd": [args.gcc] + base})
    return out


HEADER_RE = re.compile(r"^\s*//\s*bench-(flags|args):(.*)$")


def program_options(path):
    """bench-flags / bench-args from the program's leading // comment lines."""
    flags, run_args = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip().startswith("//"):
                break
            m = HEADER_RE.match(line)
            if m:
                (flags if m.group(1) == "flags" else run_args).extend(
                    shlex.split(m.group(2)))
    return flags, run_args


# ---------------------------------------------------------------------------
# Environment description
# ---------------------------------------------------------------------------


def first_line(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).splitlines()[0].strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unavailable"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_state():
    try:
        head = subprocess.run(["git", "-C", str(REPO_DIR), "rev-parse", "--short",
                               "HEAD"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO_DIR), "status",
                                "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True,
                               timeout=30).stdout.strip()
        branch = subprocess.run(["git", "-C", str(REPO_DIR), "rev-parse",
                                 "--abbrev-ref", "HEAD"], capture_output=True,
                                text=True, timeout=30).stdout.strip()
        return f"{branch}@{head}" + (" (uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


def describe(args, cfgs, plugin, plugin_note):
    u = platform.uname()
    meta = {
        "date": datetime.datetime.now(datetime.timezone.utc)
                .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": shlex.join([sys.argv[0]] + sys.argv[1:]),
        "cwd": os.getcwd(),
        "machine": f"{u.system} {u.release} {u.machine}",
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "repo": git_state(),
        "compilers": {
            "clang": first_line([args.clang, "--version"]),
            "gcc": first_line([args.gcc, "--version"]),
        },
        "plugin": str(plugin) if plugin else None,
        "plugin_note": plugin_note,
        "configs": {c["key"]: shlex.join(c["cmd"]) for c in cfgs},
        "compile_runs": args.compile_runs,
        "runs": args.runs,
        "opt": args.opt,
    }
    if plugin:
        st = plugin.stat()
        meta["plugin_sha256"] = file_digest(plugin)
        meta["plugin_mtime"] = datetime.datetime.fromtimestamp(
            st.st_mtime, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return meta


# ---------------------------------------------------------------------------
# Compiling and running
# ---------------------------------------------------------------------------


def timed(cmd, timeout, cwd=None, env=None):
    """Runs cmd; returns (seconds, CompletedProcess or None on timeout)."""
    t0 = time.perf_counter()
    try:
        r = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, None
    return time.perf_counter() - t0, r


def build_preload(args, work):
    so = work / "alloc_count.so"
    cmd = [args.cc, "-O2", "-shared", "-fPIC", "-o", str(so),
           str(BENCH_DIR / "alloc_count.c")]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        loud("could not build alloc_count.so: allocation counts unavailable\n"
             + shlex.join(cmd) + "\n" + r.stderr)
        return None
    return so


def count_allocs(binary, run_args, preload, work, timeout):
    """One run under the preload; returns (allocs, bytes, stdout, rc) or None."""
    out = work / (binary.name + ".allocs")
    if out.exists():
        out.unlink()
    env = dict(os.environ)
    env["LD_PRELOAD"] = str(preload)
    env["ALLOC_COUNT_OUT"] = str(out)
    _, r = timed([str(binary)] + run_args, timeout, cwd=work, env=env)
    if r is None or not out.exists():
        return None
    calls = nbytes = 0
    for line in out.read_text().splitlines():  # one line per process
        m = re.fullmatch(r"allocs=(\d+) bytes=(\d+)", line.strip())
        if m:
            calls += int(m.group(1))
            nbytes += int(m.group(2))
    return calls, nbytes, r.stdout, r.returncode


def check_preload(args, cfgs, preload, work):
    """Verifies the preload counts every allocation kind exactly, with every
    compiler in use (C++ operator new variants included). Returns a note."""
    probe = BENCH_DIR / "preload_probe.cpp"
    seen = set()
    notes = []
    ok = True
    for c in cfgs:
        driver = c["cmd"][0]
        if driver in seen:
            continue
        seen.add(driver)
        exe = work / f"preload_probe.{len(seen)}"
        r = subprocess.run([driver, "-O2", "-std=c++17", "-o", str(exe),
                            str(probe)], capture_output=True, text=True)
        if r.returncode != 0:
            notes.append(f"{driver}: probe did not compile")
            ok = False
            continue
        zero = count_allocs(exe, ["0"], preload, work, args.timeout)
        many = count_allocs(exe, ["1000"], preload, work, args.timeout)
        if not zero or not many:
            notes.append(f"{driver}: probe produced no count")
            ok = False
            continue
        m = re.search(rb"calls_per_iter=(\d+) bytes_per_iter=(\d+)", many[2])
        want = (1000 * int(m.group(1)), 1000 * int(m.group(2))) if m else None
        got = (many[0] - zero[0], many[1] - zero[1])
        if got != want:
            notes.append(f"{driver}: counted {got}, expected {want}")
            ok = False
        else:
            notes.append(f"{driver}: exact")
    return ok, "; ".join(notes)


def median(xs):
    return statistics.median(xs) if xs else None


def bench_program(src, args, cfgs, preload, work):
    flags, run_args = program_options(src)
    res = {"program": src.name, "flags": flags, "args": run_args,
           "configs": {}, "problems": []}
    bins = {}
    for c in cfgs:
        exe = work / f"{src.stem}.{c['key'].replace('+', '_')}"
        cmd = c["cmd"] + flags + ["-o", str(exe), str(src)]
        times, err = [], None
        for _ in range(args.compile_runs):
            t, r = timed(cmd, args.timeout, cwd=work)
            if r is None:
                err = f"compile timed out after {args.timeout}s"
                break
            if r.returncode != 0:
                err = "compile failed:\n" + r.stderr.decode(errors="replace")[-4000:]
                break
            times.append(t)
        entry = {"compile_cmd": shlex.join(cmd), "compile_s": median(times),
                 "compile_samples": times}
        res["configs"][c["key"]] = entry
        if err:
            entry["error"] = err
            res["problems"].append(f"{c['label']}: {err}")
            continue
        entry["binary_bytes"] = exe.stat().st_size
        entry["binary_sha256"] = file_digest(exe)
        bins[c["key"]] = exe

    # Allocation counts: one extra run each under the preload (doubles as a
    # warm-up run, so page cache and CPU frequency settle before timing).
    outputs = {k: [] for k in bins}
    for key, exe in bins.items():
        e = res["configs"][key]
        if preload:
            cnt = count_allocs(exe, run_args, preload, work, args.timeout)
            if cnt is None:
                e["allocs"] = e["alloc_bytes"] = None
                res["problems"].append(f"{key}: counting run failed or timed out")
            else:
                e["allocs"], e["alloc_bytes"] = cnt[0], cnt[1]
                outputs[key].append((cnt[3], cnt[2]))
        elif not args.quick:
            timed([str(exe)] + run_args, args.timeout, cwd=work)

    # Timed runs, round-robin across compilers so drift hits all alike.
    samples = {k: [] for k in bins}
    for _ in range(args.runs):
        for key, exe in bins.items():
            t, r = timed([str(exe)] + run_args, args.timeout, cwd=work)
            if r is None:
                res["problems"].append(f"{key}: run timed out after {args.timeout}s")
                outputs[key].append((None, b""))
                continue
            samples[key].append(t)
            outputs[key].append((r.returncode, r.stdout))
    for key in bins:
        e = res["configs"][key]
        e["run_s"] = median(samples[key])
        e["run_samples"] = samples[key]

    # Output check: every run of every binary against plain clang++'s first.
    ref_key = BASELINE if BASELINE in bins else next(iter(bins), None)
    if ref_key is not None and outputs[ref_key]:
        ref = outputs[ref_key][0]
        res["reference_output"] = ref[1].decode(errors="replace")[-2000:]
        for key in bins:
            e = res["configs"][key]
            bad = [o for o in outputs[key] if o != ref]
            e["exit_status"] = outputs[key][0][0] if outputs[key] else None
            e["output_ok"] = not bad
            if bad:
                res["problems"].append(
                    f"OUTPUT MISMATCH: {key} vs {ref_key}: "
                    + describe_diff(ref, bad[0]))
            if any(o[0] != 0 for o in outputs[key]):
                res["problems"].append(
                    f"{key}: non-zero exit status "
                    f"{sorted({o[0] for o in outputs[key] if o[0] != 0}, key=str)}")
    return res


def describe_diff(ref, got):
    if ref[0] != got[0]:
        return f"exit status {got[0]} instead of {ref[0]}"
    a = ref[1].decode(errors="replace").splitlines()
    b = got[1].decode(errors="replace").splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: {y!r} instead of {x!r}"
    return f"{len(b)} lines instead of {len(a)}"


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def fmt_s(x):
    return "—" if x is None else f"{x:.3f}"


def fmt_run(e):
    """Median run time, with the half-range of the samples as a noise hint."""
    xs, med = e.get("run_samples") or [], e.get("run_s")
    if len(xs) < 2 or not med:
        return fmt_s(med)
    return f"{med:.3f} ±{50 * (max(xs) - min(xs)) / med:.0f}%"


def fmt_ratio(x, base):
    if x is None or base is None or base == 0:
        return "—"
    return f"{x / base:.2f}×"


def fmt_int(x):
    return "—" if x is None else f"{x:,}"


def markdown(meta, results, cfgs):
    L = []
    L.append("# clang-escape benchmark: clang++ vs clang++ +escape vs g++")
    L.append("")
    L.append(f"- date: {meta['date']}")
    L.append(f"- command: `{meta['command']}` (in `{meta['cwd']}`)")
    L.append(f"- machine: {meta['machine']}, {meta['cpu']}, {meta['cpus']} CPUs")
    L.append(f"- clang: {meta['compilers']['clang']}")
    L.append(f"- gcc: {meta['compilers']['gcc']}")
    if meta["plugin"]:
        L.append(f"- plugin: `{meta['plugin']}` (sha256 {meta['plugin_sha256']}, "
                 f"built {meta['plugin_mtime']})")
    else:
        L.append(f"- plugin: {meta['plugin_note']}")
    L.append(f"- repository: {meta['repo']}")
    L.append(f"- compile: median of {meta['compile_runs']}; run: median of "
             f"{meta['runs']} wall-clock runs (round-robin; ±: half the "
             f"range of the runs); allocations: "
             f"one extra run under LD_PRELOAD=alloc_count.so "
             f"(preload self-check: {meta.get('preload_check', 'not run')})")
    for c in cfgs:
        L.append(f"- {c['label']}: `{meta['configs'][c['key']]} <bench-flags>`")
    L.append("")
    L.append("| program | compiler | run (s) | run / clang++ | allocs "
             "| allocs / clang++ | heap bytes | compile (s) | compile / clang++ "
             "| output |")
    L.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|")
    for r in results:
        base = r["configs"].get(BASELINE, {})
        for c in cfgs:
            e = r["configs"].get(c["key"])
            if e is None:
                continue
            if "error" in e:
                L.append(f"| {r['program']} | {c['label']} | **FAILED** | | | | | "
                         f"| | {e['error'].splitlines()[0]} |")
                continue
            out = ("ok" if e.get("output_ok") else "**MISMATCH**")
            if (c["key"] != BASELINE and e.get("binary_sha256")
                    and e["binary_sha256"] == base.get("binary_sha256")):
                out += " (binary identical to clang++)"
            if e.get("exit_status") not in (0, None):
                out += f", exit {e['exit_status']}"
            L.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                r["program"], c["label"], fmt_run(e),
                fmt_ratio(e.get("run_s"), base.get("run_s")),
                fmt_int(e.get("allocs")),
                fmt_ratio(e.get("allocs"), base.get("allocs")),
                fmt_int(e.get("alloc_bytes")), fmt_s(e.get("compile_s")),
                fmt_ratio(e.get("compile_s"), base.get("compile_s")), out))
    L.append("")
    L.append("Ratios are against `clang++ -O2` (lower is better). Allocation "
             "counts are whole-process and include start-up allocations of the "
             "runtime (libstdc++ 12's 71 KiB emergency exception pool when "
             "libstdc++ is loaded, stdout's 4 KiB buffer). Wall times of one "
             "machine under whatever else it runs: compare ratios, not "
             "absolute numbers, and prefer the default -k 5 over --quick.")
    problems = [(r["program"], p) for r in results for p in r["problems"]]
    if meta["plugin_note"] and not meta["plugin"]:
        L.append("")
        L.append(f"**Note:** {meta['plugin_note']}")
    if problems:
        L.append("")
        L.append("## Problems")
        L.append("")
        for prog, p in problems:
            head, _, rest = p.strip().partition("\n")
            L.append(f"- **{prog}**: {head}")
            if rest:
                L.append("")
                L.append("  ```")
                L.extend("  " + x for x in rest.splitlines())
                L.append("  ```")
    return "\n".join(L) + "\n"


def main(argv):
    args = parse_args(argv)
    progs_dir = args.programs
    if not progs_dir.is_dir():
        log(f"error: no such directory: {progs_dir}")
        return 2
    progs = sorted(p for p in progs_dir.glob("*.cpp") if p.is_file())
    if args.filter:
        progs = [p for p in progs if re.search(args.filter, p.name)]
    if not progs:
        log(f"error: no *.cpp programs in {progs_dir}"
            + (f" matching {args.filter!r}" if args.filter else ""))
        return 2
    for tool in (args.clang, args.gcc):
        if shutil.which(tool) is None:
            log(f"error: compiler not found: {tool}")
            return 2

    plugin = args.plugin if args.plugin is not None else DEFAULT_PLUGIN
    plugin = plugin.resolve()
    plugin_note = None
    if not plugin.is_file():
        plugin_note = (f"clang++ +escape column SKIPPED: plugin not found at "
                       f"{plugin} (build it with `BUILD_DIR=build "
                       f"scripts/build.sh` or pass --plugin)")
        loud(plugin_note)
        plugin = None
    cfgs = configs(args, plugin)

    work = args.work_dir or Path(tempfile.mkdtemp(prefix="escape-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    work = work.resolve()
    meta = describe(args, cfgs, plugin, plugin_note)
    failed = False
    try:
        preload = build_preload(args, work)
        if preload is None:
            failed = True
        elif not args.no_preload_check:
            ok, note = check_preload(args, cfgs, preload, work)
            meta["preload_check"] = ("ok: " if ok else "FAILED: ") + note
            if not ok:
                loud("alloc_count.so self-check failed: " + note)
                failed = True
        results = []
        for i, src in enumerate(progs, 1):
            log(f"[{i}/{len(progs)}] {src.name}")
            r = bench_program(src, args, cfgs, preload, work)
            for p in r["problems"]:
                loud(f"{src.name}: {p}")
            failed |= bool(r["problems"])
            results.append(r)
    finally:
        if args.work_dir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"binaries kept in {work}")

    doc = {"meta": meta, "ok": not failed, "results": results}
    if args.json == "-":
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown(meta, results, cfgs))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
    if failed:
        loud("benchmark FAILED: see the problems above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
