#!/usr/bin/env python3
"""The escape profiler over the corpus projects' own test suites: how much of
the heap traffic of real code is frame-local (the limit of any heap-to-stack
transformation), how much of it the pass converts today, what keeps the rest
on the heap, and what profiling costs (docs/profile.md; issue 15 item 4).

For every project of bench/corpus/packages.txt unpacked under corpus/ (see
fetch.sh), builds the project WITH its test suite two ways, as
bench/corpus/validate.py does (CMake + Ninja, CMAKE_BUILD_TYPE=None, static
libraries, GoogleTest compiled from source for yaml-cpp and leveldb), into
bench/.cache/profile/<pkg>/<variant>:

  pass      clang++-22 -O2 -gline-tables-only -fplugin=<plugin>
            (the heap-to-stack pass, not profiled: the reference)
  profiled  the same + -fplugin-arg-escape-profile, every link + the
            runtime libclang_escape_profile.a (CMAKE_<LANG>_STANDARD_LIBRARIES)

With --summaries, both builds also use cross-TU summaries (docs/cross-tu.md)
in the pass: + -fplugin-arg-escape-summaries=<the variant's build
dir>/escape-summaries -fplugin-arg-escape-xtu-ir-facts, and each is built
in TWO passes: a full build from an empty summary directory, which writes
every unit's summaries, then a clean rebuild (ninja -t clean), which reads
them, so that each unit sees the summary of every function another unit
defines (callers one unit away from their callee: exact; the files the
rebuild rewrote, information a third pass could still use, are counted).
The builds then go into bench/.cache/profile-summaries/<pkg>/<variant> (the
default --cache), apart from the normal ones, and the report says so.

Then it runs every test CTest knows (validate.py's list, skips and
per-suite split of GoogleTest binaries) in both builds, each directly in a
fresh TEST_TMPDIR, the profiled one with
CLANG_ESCAPE_PROFILE=<cache>/<pkg>/profiles/<test#>-%p.json, and:

1. Same results: exit status and stdout+stderr (time figures and hex
   addresses masked) must be the same in both builds: the profiler must not
   change behaviour.  A difference is rerun (--reruns times in both builds):
   flaky when a rerun of each gives the same result, else a FAILURE (exit
   status 1).  A test whose profiled run writes no profile is listed.
2. The limit: `clang-escape profile --format json` on all the project's
   profiles: heap allocation calls, executions of moved sites, frame-local
   share (the limit), converted share, could-still-move share, untracked
   frees; and the top reasons of the missed opportunities (sites mostly
   frame-local that stay on the heap), by their allocations.
3. Overhead: the native tests, --runs times round-robin over pass/profiled
   (the profiled runs write their profiles to a scratch directory); median
   of the total user+sys CPU time, profiled / pass (issue 15 target: <= 3x).

  bench/corpus/profile.py [PROJECT...] [-k RUNS] [--build DIR] [--summaries] [--docs]
  bench/corpus/profile.py --from-json A.json [B.json...] [--docs] [--rereport]

Markdown on stdout (--docs: also into docs/benchmarks.md, subsection
"### Corpus test suites" of "## The escape profiler"), raw data in
bench/results/profile-<stamp>.json.  Python 3 standard library only; needs
clang++-22, cmake, ninja, ctest and a build of clang-escape (plugin, runtime,
tool).
"""
import argparse
import collections
import difflib
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as corpus  # noqa: E402
import validate  # noqa: E402
import common  # noqa: E402
from common import log  # noqa: E402

ROOT = corpus.ROOT
VARIANTS = ("pass", "profiled")
SECTION = "## The escape profiler"
SUBSECTION = "### Corpus test suites"


def flags(v, plugin, bdir=None):
    """The variant's compiler flags; with bdir (--summaries), also
    validate.summary_flags(bdir)."""
    f = ["-O2", "-gline-tables-only", f"-fplugin={plugin}"]
    f += ["-fplugin-arg-escape-profile"] if v == "profiled" else []
    return f + (validate.summary_flags(bdir) if bdir else [])


def default_cache(summaries):
    return os.path.join(ROOT, "bench", ".cache", "profile-summaries" if summaries else "profile")


def snapshot(build, cache):
    """Copies plugin, runtime and tool (validate.snapshot_plugin's
    directory for the plugin, the runtime and tool next to it) so that a
    rebuild of build/ during the run changes nothing; returns (plugin,
    runtime, tool, hash)."""
    plugin, h = validate.snapshot_plugin(os.path.join(build, "lib", "ClangEscape.so"), cache)
    d = os.path.dirname(plugin)
    out = []
    for src in (os.path.join(build, "lib", "libclang_escape_profile.a"),
                os.path.join(build, "bin", "clang-escape")):
        dst = os.path.join(d, os.path.basename(src))
        if not os.path.exists(dst):
            shutil.copy2(src, dst + ".tmp")
            os.rename(dst + ".tmp", dst)
        out.append(dst)
    return plugin, out[0], out[1], h


REASON_AT_RE = re.compile(r"\s*\(at [^()]*\)")


def cut_hint(r):
    """`r` up to its first ": " outside parentheses (the hint follows it; a
    ": " inside parentheses is part of the reason, e.g. "(no vtable pointer
    is stored into the object here: its dynamic type is not known ...),
    which may keep it")."""
    depth = 0
    for i, ch in enumerate(r):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0 and r.startswith(": ", i):
            return r[:i]
    return r


def reason_key(r):
    """A missed reason without positions, quoted names and the hint after
    the first ": " outside parentheses (as validate.py groups the pass's
    remarks)."""
    if not r:
        return "(no reason recorded)"
    r = cut_hint(REASON_AT_RE.sub("", r))
    r = re.sub(r"'[^']*'", "<name>", r)
    r = re.sub(r"#\d+", "#N", r)
    return re.sub(r"\s+", " ", r).strip(" ,:;") or "(no reason recorded)"


MISSED_KEYS = ("file", "line", "column", "function", "allocations", "frame_local", "reason")


FRAMEWORK_RE = re.compile(r"/(googletest|googlemock|gtest-1\.10\.0)/")


def own_totals(sites, src, totals):
    """Totals without the sites of GoogleTest and GoogleMock (their files,
    or functions in `testing::`), which the test binaries of yaml-cpp and
    leveldb compile too: allocations (heap + moved), the frame-local and
    converted counts.  Everything else counts: the project's files and the
    libstdc++ templates instantiated for it (named by the header's line
    when not inlined).  For googletest itself: every site.  The tool's
    `totals` less the excluded sites: a site's record mixes what it cannot
    tell apart (a frame-arena site counts every execution as converted and
    its heap fallbacks as allocations too; two sites of one line share a
    record), so only the excluded records are taken apart, as well as they
    can be."""
    gt = os.path.basename(src).startswith("googletest")
    heap = fl = conv = 0
    for x in sites:
        if gt or not (FRAMEWORK_RE.search(x["file"]) or "testing::" in x["function"]):
            continue
        heap += x["allocations"]
        fl += x["frame_local"]
        c = x["converted"]
        if x.get("moved") in ("arena", "arena-heap"):
            c = max(0, c - x["allocations"])  # (its heap fallbacks)
        conv += c
    # (The tool's frame-local count includes the converted executions.)
    local = max(0, totals["frame_local"] - fl - conv)
    heap = totals["heap"] - heap
    conv = max(0, totals["converted"] - conv)
    return {"allocations": heap + conv, "heap": heap, "frame_local": local, "converted": conv}


def report(tool, files, src=None):
    """clang-escape profile --format json over `files`: (totals, the missed
    sites (the fields of MISSED_KEYS), the text report's first lines) or
    raises."""
    j = json.loads(subprocess.run([tool, "profile", "--format=json"] + files, check=True,
                                  stdout=subprocess.PIPE, text=True).stdout)
    missed = [{k: s.get(k) for k in MISSED_KEYS} for s in j["missed"]]
    own = own_totals(j["sites"], src, j["totals"]) if src else None
    text = subprocess.run([tool, "profile"] + files, check=True, stdout=subprocess.PIPE,
                          text=True).stdout.splitlines()
    top = text[:6] + [line for line in text if line.startswith("total:")]
    return j["totals"], missed, top, own


def reasons(r):
    """The project's missed sites summed per reason_key(): [reason,
    allocations, frame-local, sites, the site with most allocations],
    most allocations first."""
    by = {}
    for s in r.get("missed") or []:
        x = by.setdefault(reason_key(s.get("reason")), [0, 0, 0, None])
        x[0] += s["allocations"]
        x[1] += s["frame_local"]
        x[2] += 1
        if x[3] is None or s["allocations"] > x[3]["allocations"]:
            x[3] = s
    return sorted(([k] + v for k, v in by.items()), key=lambda x: (-x[1], x[0]))


def rereport(res, cache, tool, corpus_dir):
    """Re-reads a previous run's profiles (<cache>/<pkg>/profiles) into res."""
    files = sorted(glob.glob(os.path.join(cache, res["name"], "profiles", "*.json")))
    if files:
        res["totals"], res["missed"], res["report_head"], res["own"] = report(
            tool, files, os.path.join(corpus_dir, res["name"], res["version"]))


def run_tests(name, tests, names, bdirs, profdir, a, res):
    """Runs every test in both builds; fills res["tests"], failures, flaky."""
    for i, n in enumerate(names):
        tr = {"name": n, "rc": {}, "out": {}, "native": True}
        seen = None
        envs = {"pass": {}, "profiled": {"CLANG_ESCAPE_PROFILE": os.path.join(profdir, f"{i:04d}-%p.json")}}
        for v in VARIANTS:
            t = tests[v].get(n)
            if t is None:
                tr["rc"][v] = "missing"
                tr["out"][v] = ""
                continue
            tr["native"] = tr["native"] and validate.native(t, bdirs[v])
            before = set(os.listdir(profdir))
            rc, _, out, _ = validate.run_test(t, bdirs[v], a.timeout, envs[v])
            tr["rc"][v], tr["out"][v] = rc, validate.ADDR_RE.sub("<addr>", out)
            if v == "profiled":
                tr["profiles"] = len(set(os.listdir(profdir)) - before)
        same = tr["rc"]["pass"] == tr["rc"]["profiled"] and tr["out"]["pass"] == tr["out"]["profiled"]
        if not same and "missing" not in tr["rc"].values():
            seen = {v: [(tr["rc"][v], tr["out"][v])] for v in VARIANTS}
            for _ in range(a.reruns):
                for v in VARIANTS:
                    scratch = tempfile.mkdtemp(prefix="prof-rerun-")
                    env = {"CLANG_ESCAPE_PROFILE": os.path.join(scratch, "p-%p.json")} if v == "profiled" else {}
                    rc, _, out, _ = validate.run_test(tests[v][n], bdirs[v], a.timeout, env)
                    shutil.rmtree(scratch, ignore_errors=True)
                    seen[v].append((rc, validate.ADDR_RE.sub("<addr>", out)))
                if set(seen["pass"]) & set(seen["profiled"]):
                    tr["flaky"] = {v: [x[0] for x in seen[v]] for v in VARIANTS}
                    break
                # Output that changes from run to run of the same build
                # (leveldb's db_test: google benchmark's date and load,
                # randomized compaction counts): only the exit statuses
                # can be compared.
                if len(set(x[1] for x in seen["pass"])) > 1 and \
                        set(x[0] for x in seen["pass"]) & set(x[0] for x in seen["profiled"]):
                    tr["flaky"] = {v: [x[0] for x in seen[v]] for v in VARIANTS}
                    tr["nondeterministic_output"] = True
                    break
                if len(set(seen["pass"])) == 1 and len(set(seen["profiled"])) == 1:
                    break
        tr["same"] = same
        if not same and seen:
            tr["rerun_rc"] = {v: [x[0] for x in seen[v]] for v in VARIANTS}
        if not same:
            d = "".join(list(difflib.unified_diff(tr["out"]["pass"].splitlines(True),
                                                  tr["out"]["profiled"].splitlines(True),
                                                  "pass", "profiled", n=1))[:40])
            msg = (f"test {n}: profiled (rc={tr['rc']['profiled']}) differs from pass "
                   f"(rc={tr['rc']['pass']}); exit statuses of all runs: {tr.get('rerun_rc')}\n{d}")
            if tr.get("flaky"):
                res["flaky"].append(msg.replace("\n", f"; the same in a rerun (exit statuses "
                                                f"{tr['flaky']})\n", 1))
                log("  ** FLAKY " + res["flaky"][-1])
            else:
                res["failures"].append(msg)
                log("  ** DIFFERS " + msg)
        if tr["rc"].get("profiled") not in ("missing",) and not tr.get("profiles"):
            res["no_profile"].append(n)
        log(f"  [{name}] test {n}: pass={tr['rc']['pass']} profiled={tr['rc']['profiled']}"
            f" profiles={tr.get('profiles', 0)}" + ("" if tr["native"] else " (script)"))
        for v in VARIANTS:
            tr["out"][v] = tr["out"][v][-4000:]
        res["tests"].append(tr)


def run_project(name, src, a, cache, plugin, runtime, tool):
    res = {"name": name, "version": os.path.basename(src), "builds": {}, "tests": [],
           "failures": [], "flaky": [], "no_profile": [], "summaries": a.summaries,
           "skipped": validate.SKIP.get(name, (None, None))[1]}
    extra = list(a.cmake_opts.get(name, []))
    if name in validate.GTEST_USERS:
        gsrc = validate.gtest_source(a.corpus)
        if gsrc is None:
            res["failures"].append("GoogleTest source missing: bench/corpus/fetch.sh googletest")
            return res
        res["gtest"] = gsrc
        extra += validate.gtest_opts(name, src, gsrc)
    if name in corpus.PREPARE and not os.path.exists(os.path.join(cache, f"prepared-{name}")):
        r = subprocess.run(corpus.PREPARE[name], cwd=src, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            res["failures"].append(f"prepare failed: {r.stdout[-2000:]}")
            return res
        open(os.path.join(cache, f"prepared-{name}"), "w").close()
    bdirs = {v: os.path.join(cache, name, v) for v in VARIANTS}
    for v in VARIANTS:
        if not validate.configure(name, src, bdirs[v], v, plugin, extra,
                                  flags=flags(v, plugin, bdirs[v] if a.summaries else None),
                                  libs=runtime if v == "profiled" else None):
            res["failures"].append(f"[{v}] cmake failed: {bdirs[v]}/configure.log")
            return res
        if a.summaries:
            b = validate.build_two_pass(bdirs[v], a.jobs, a.timeout * 4, clean=not a.reuse)
            if b["first"]:
                log(f"  [{name}] build {v}, first pass (writes the summaries): rc={b['first']['rc']} "
                    f"wall {b['first']['wall']:.1f}s cpu {b['first']['cpu']:.1f}s")
            log(f"  [{name}] build {v}" + (", second pass (reads them)" if b["first"] else "") +
                f": rc={b['rc']} wall {b['wall']:.1f}s cpu {b['cpu']:.1f}s; {b['summaries']} summaries"
                + (f", {b['rewritten']} rewritten by the second pass" if b["first"] else ""))
        else:
            b = validate.build(bdirs[v], a.jobs, a.timeout * 4, clean=not a.reuse)
            log(f"  [{name}] build {v}: rc={b['rc']} wall {b['wall']:.1f}s cpu {b['cpu']:.1f}s")
        res["builds"][v] = b
        if b["rc"] != 0:
            tail = open(b["log"], errors="replace").read()[-3000:]
            res["failures"].append(f"[{v}] build failed (rc={b['rc']}), {b['log']}:\n{tail}")
            return res
        if name in validate.GTEST_USERS and not validate.gtest_compiled(bdirs[v]):
            res["failures"].append(f"[{v}] GoogleTest not compiled from source ({bdirs[v]})")
            return res
    skip = validate.SKIP.get(name, (None,))[0]
    tests = {v: {t["name"]: t for t in validate.ctest_list(bdirs[v]) + validate.extra_tests(name, bdirs[v])}
             for v in VARIANTS}
    if name in validate.GTEST_SPLIT:  # suites listed by the reference build
        suites = {n: validate.gtest_suites(t) for n, t in tests["pass"].items()
                  if validate.native(t, bdirs["pass"])}
        res["gtest_split"] = {n: len(x) for n, x in suites.items() if x}
        tests = {v: validate.split_gtest(tests[v], suites) for v in VARIANTS}
    names = [n for n in tests["pass"] if not (skip and re.search(skip, n))]
    if not names:
        res["failures"].append("no tests found (ctest --show-only)")
        return res
    profdir = os.path.join(cache, name, "profiles")
    shutil.rmtree(profdir, ignore_errors=True)
    os.makedirs(profdir)
    run_tests(name, tests, names, bdirs, profdir, a, res)
    files = sorted(glob.glob(os.path.join(profdir, "*.json")))
    res["profiles"] = len(files)
    if files:
        try:
            res["totals"], res["missed"], res["report_head"], res["own"] = report(tool, files, src)
        except (subprocess.CalledProcessError, ValueError, KeyError) as e:
            res["failures"].append(f"clang-escape profile failed on {profdir}: {e}")
    # Overhead: the native tests that exit alike, round-robin, --runs times.
    work = [tr for tr in res["tests"] if tr["native"] and tr["rc"]["pass"] == tr["rc"]["profiled"]
            and tr["rc"]["pass"] != "timeout"]
    res["workload"] = [tr["name"] for tr in work]
    res["cpu"] = {v: [] for v in VARIANTS}
    res["wall"] = {v: [] for v in VARIANTS}
    for rep in range(a.runs):
        for v in (VARIANTS if rep % 2 == 0 else VARIANTS[::-1]):
            scratch = tempfile.mkdtemp(prefix="prof-speed-")
            env = {"CLANG_ESCAPE_PROFILE": os.path.join(scratch, "p-%p.json")} if v == "profiled" else {}
            wall = cpu = 0.0
            for tr in work:
                r = validate.run_test(tests[v][tr["name"]], bdirs[v], a.timeout, env)
                wall, cpu = wall + r[1], cpu + r[3]
            shutil.rmtree(scratch, ignore_errors=True)
            res["cpu"][v].append(cpu)
            res["wall"][v].append(wall)
        log(f"  [{name}] speed run {rep + 1}: cpu pass {res['cpu']['pass'][-1]:.2f}s "
            f"profiled {res['cpu']['profiled'][-1]:.2f}s")
    return res


# --------------------------------------------------------------------------
# Report

def own_cells(r):
    o = r.get("own")
    if not o:
        return "– | – | –"
    n = o["allocations"]
    return (f"{n:,} | {100 * o['frame_local'] / n if n else 0:.1f}% "
            f"| {100 * o['converted'] / n if n else 0:.1f}%")


def pct(x):
    return f"{x:.1f}%"


def summaries_note(results):
    """The sentence of the report's header on --summaries (a run's results
    carry "summaries"; several merged runs may differ: those rows are
    marked)."""
    on = [r for r in results if r.get("summaries")]
    if not on:
        return ""
    b = [r["builds"].get("pass", {}) for r in on]
    files = ", ".join(f"{r['name']} {x.get('summaries', '?')}" + (
        f" ({x['rewritten']} rewritten by the second pass)" if x.get("rewritten") else "")
        for r, x in zip(on, b))
    which = "both builds" if len(on) == len(results) else \
        "both builds of the projects marked (summaries)"
    return (f"**cross-TU summaries on** in {which}: `+ -fplugin-arg-escape-summaries=<build "
            "dir>/escape-summaries -fplugin-arg-escape-xtu-ir-facts`, each **built in two passes** "
            "(a full build from an empty summary directory writes every unit's summaries, a clean "
            "rebuild reads them; summary files of the pass build: " + files + "); ")


def label(r, results):
    """The project's name, marked when merged runs differ in --summaries."""
    mixed = len(set(bool(x.get("summaries")) for x in results)) > 1
    return r["name"] + (" (summaries)" if mixed and r.get("summaries") else "")


def markdown(results, mach, argv, a):
    med = validate.med
    L = [f"Measured {mach['date']} on {mach['nproc']} × {mach['cpu']} ({mach['os']}; load "
         f"average at start {' '.join(mach['loadavg'])}, machine shared with other builds).  ",
         f"Compiler `{mach['clang']}`; plugin at `{mach['plugin_commit']}` (plugin files sha256 "
         f"{mach.get('plugin_hash', '?')}), repository at `{mach.get('head', '?')}`.  ",
         (f"Command: `{argv}`" if isinstance(argv, str) else
          "Commands (merged with `bench/corpus/profile.py --from-json A.json B.json ... --docs`, "
          "per project the last run wins): " + ", ".join(f"`{x}`" for x in argv)), "",
         "Each project's test suite (the tests of `validate.py`, GoogleTest binaries one run per "
         "suite) built with the pass (`-O2 -gline-tables-only -fplugin=ClangEscape.so`) and the "
         "same profiled (`+ -fplugin-arg-escape-profile`, every link + `libclang_escape_profile.a`); "
         + summaries_note(results) +
         "the profiles of one run of every test merged by `clang-escape profile --format json`.  "
         "Heap calls: allocation calls left on the heap; moved: executions of the sites the pass "
         "moved; frame-local: share of all allocations (heap + moved) freed before their frame "
         "returned (the limit); converted: moved share; could still move: frame-local heap "
         "objects; untracked frees: frees of blocks allocated outside instrumented code "
         "(libstdc++.so); overhead: median over k round-robin runs (`-k`) of the native "
         "tests' total user+sys CPU time, profiled / pass; without GoogleTest: the same "
         "without the sites of GoogleTest/GoogleMock (their files or `testing::` functions), which the "
         "test binaries of yaml-cpp and leveldb compile too (the project's code and the libstdc++ "
         "templates it instantiates); same: tests with the same exit status and output "
         "profiled as with the pass.", "",
         "| project | tests same | heap calls | moved | frame-local (limit) | converted "
         "| could still move | untracked frees | without GoogleTest: allocations | frame-local | converted "
         "| CPU pass (s) | k | overhead |",
         "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        t = r.get("totals")
        same = sum(1 for tr in r["tests"] if tr["same"])
        cpu = {v: med(r.get("cpu", {}).get(v, [])) for v in VARIANTS}
        over = f"{cpu['profiled'] / cpu['pass']:.2f}x" if r.get("cpu", {}).get("pass") and cpu["pass"] else "–"
        if t:
            L.append(f"| {label(r, results)} | {same}/{len(r['tests'])} | {t['heap']:,} | {t['converted']:,} "
                     f"| {pct(t['frame_local_share'])} | {pct(t['converted_share'])} "
                     f"| {pct(t['could_still_move_share'])} | {t['untracked_frees']:,} | {own_cells(r)} "
                     f"| {cpu['pass']:.2f} | {len(r.get('cpu', {}).get('pass', []))} | {over} |")
        else:
            L.append(f"| {label(r, results)} | {same}/{len(r['tests'])} | – | – | – | – | – | – | – | – | – | – | – | – |")
    L += ["", "Top 3 reasons of the missed opportunities (heap sites whose objects are mostly "
          "frame-local, the `missed` list of `clang-escape profile`), summed per reason (positions "
          "and names elided) and ranked by allocations; share = of the project's heap calls:", "",
          "| project | reason | missed sites | allocations | share | frame-local | largest site |",
          "|---|---|--:|--:|--:|--:|---|"]
    for r in results:
        t = r.get("totals")
        rs = reasons(r)
        for why, allocs, fl, sites, top in rs[:3]:
            where = (f"`{os.path.basename(top['file'])}:{top['line']}` in `{top['function'][:60]}` "
                     f"({top['allocations']:,})")
            L.append(f"| {r['name']} | {why} | {sites} | {allocs:,} "
                     f"| {100 * allocs / t['heap'] if t and t['heap'] else 0:.1f}% | {fl:,} | {where} |")
        if t and not rs:
            L.append(f"| {r['name']} | (no missed opportunity) | 0 | 0 | – | – | – |")
    L.append("")
    fails = [(r["name"], f) for r in results for f in r["failures"]]
    L.append("**Failures** (profiled differs from the pass build, or a build failed): " +
             ("none." if not fails else ""))
    for n, f in fails:
        L.append(f"- {n}: " + f.splitlines()[0])
    fl = [(r["name"], f) for r in results for f in r.get("flaky", [])]
    if fl:
        L += ["", "**Flaky** (differed, then the same in a rerun; not failures):"]
        L += [f"- {n}: " + f.splitlines()[0] for n, f in fl]
    np_ = [(r["name"], x) for r in results for x in r.get("no_profile", [])]
    if np_:
        L += ["", "Tests whose profiled run wrote no profile (`_exit`, `abort`, a fatal signal, "
              "or not an instrumented binary): " + ", ".join(f"{n} `{x}`" for n, x in np_) + "."]
    skipped = [(r["name"], r["skipped"]) for r in results if r.get("skipped")]
    if skipped:
        L += ["", "Not run: " + "; ".join(f"{n}: {w}" for n, w in skipped) + "."]
    L.append("")
    return "\n".join(L)


def write_docs(md, path):
    """Writes `### Corpus test suites` into `## The escape profiler` of
    docs/benchmarks.md: in place of the current subsection (up to the next
    `##`/`###` heading), or at the end of the section.  A hand-written
    `#### Notes` paragraph at the subsection's end is kept."""
    body = (SUBSECTION + "\n\nGenerated by `bench/corpus/profile.py --docs` (see "
            "`bench/corpus/README.md`).\n\n" + md)
    text = open(path).read()
    head, sec = text.split(SECTION, 1)
    nxt = re.search(r"^## ", sec, re.M)
    sec, tail = (sec[:nxt.start()], sec[nxt.start():]) if nxt else (sec, "")
    if SUBSECTION in sec:
        before, cur = sec.split(SUBSECTION, 1)
        m = re.search(r"^###? ", cur, re.M)
        after = cur[m.start():] if m else ""
        if "#### Notes" in cur[:m.start() if m else len(cur)]:
            body += "\n#### Notes" + cur[:m.start() if m else len(cur)].split("#### Notes", 1)[1].rstrip("\n") + "\n"
        sec = before + body + ("\n" + after if after else "\n")
    else:
        sec = sec.rstrip("\n") + "\n\n" + body + "\n"
    open(path, "w").write(head + SECTION + sec + tail)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_project_args(ap)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="clang-escape build (lib/ClangEscape.so, lib/libclang_escape_profile.a, "
                    "bin/clang-escape); --plugin is ignored")
    ap.add_argument("--cache", default=None,
                    help="build directories and profiles (default bench/.cache/profile; with "
                    "--summaries bench/.cache/profile-summaries)")
    ap.add_argument("--summaries", action="store_true",
                    help="cross-TU summaries in both builds, used by the pass "
                    "(-fplugin-arg-escape-summaries=<build dir>/escape-summaries "
                    "-fplugin-arg-escape-xtu-ir-facts), each built in two passes: a full build "
                    "that writes every unit's summaries, then a clean rebuild that reads them")
    ap.add_argument("-k", "--runs", type=int, default=3, help="timed runs of the tests per build")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=900, help="per test run (s); builds: 4x")
    ap.add_argument("--reuse", action="store_true", help="no clean rebuild when a build exists")
    ap.add_argument("--reruns", type=int, default=3, help="reruns of a test that differs")
    ap.add_argument("--cmake", action="append", default=[], metavar="PROJECT=OPTION")
    ap.add_argument("--rereport", action="store_true",
                    help="with --from-json: re-read the run's profiles (still in --cache) with "
                    "--build's clang-escape profile (a single JSON is rewritten)")
    common.add_output_args(ap, "profile")
    a = ap.parse_args()
    a.cmake_opts = {}
    for x in a.cmake:
        n, _, o = x.partition("=")
        a.cmake_opts.setdefault(n, []).append(o)
    argv = "bench/corpus/profile.py " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "bench/corpus/profile.py"
    if a.from_json:
        ds = [json.load(open(f)) for f in a.from_json]
        d = ds[0]
        a.runs = d["args"]["runs"]
        if a.cache is None:
            a.cache = default_cache(d["args"].get("summaries"))
        merged = {}
        for x in ds:
            for r in x["results"]:
                merged[r["name"]] = r
        order = [n for n, _ in corpus.projects(a.corpus, set()) if n in merged]
        order += [n for n in merged if n not in order]
        if len(ds) > 1:
            for k in ("date", "plugin_hash", "head"):
                d["machine"][k] = " / ".join(dict.fromkeys(str(x["machine"].get(k)) for x in ds))
            d["machine"]["loadavg"] = ["/".join(x["machine"]["loadavg"][0] for x in ds)]
            d["argv"] = list(dict.fromkeys(x["argv"] for x in ds))
        if a.rereport:
            tool = os.path.join(os.path.abspath(a.build), "bin", "clang-escape")
            for r in merged.values():
                rereport(r, os.path.abspath(a.cache), tool, a.corpus)
            if len(ds) == 1:
                json.dump(d, open(a.from_json[0], "w"), indent=1)
        md = markdown([merged[n] for n in order], d["machine"], d["argv"], a)
        print(md)
        if a.docs:
            write_docs(md, os.path.join(ROOT, "docs", "benchmarks.md"))
        return 0
    build = os.path.abspath(a.build)
    for f in ("lib/ClangEscape.so", "lib/libclang_escape_profile.a", "bin/clang-escape"):
        if not os.path.exists(os.path.join(build, f)):
            log(f"profile: {build}/{f} missing; BUILD_DIR=build scripts/build.sh")
            return 2
    for t in (corpus.CLANG, "cmake", "ninja", "ctest"):
        if not shutil.which(t):
            log(f"profile: {t} not on PATH")
            return 2
    cache = os.path.abspath(a.cache or default_cache(a.summaries))
    os.makedirs(cache, exist_ok=True)
    plugin, runtime, tool, phash = snapshot(build, cache)
    plist = corpus.projects(a.corpus, set(a.projects))
    if not plist:
        log("profile: no project found; run bench/corpus/fetch.sh first")
        return 2
    mach = corpus.machine()
    mach["plugin_hash"] = phash
    mach["head"] = corpus.sh(["git", "-C", ROOT, "log", "-1", "--format=%h %cs"])
    return common.run_projects("profile", "profile", plist, lambda name, src: run_project(name, src, a, cache, plugin, runtime, tool),
                               mach, argv, a, markdown, write_docs)


if __name__ == "__main__":
    sys.exit(main())
