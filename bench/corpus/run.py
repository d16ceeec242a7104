#!/usr/bin/env python3
"""Compile-time and robustness harness for clang-escape on real code.

For every project of bench/corpus/packages.txt unpacked under corpus/ (see
fetch.sh), configures it once with CMake (-DCMAKE_EXPORT_COMPILE_COMMANDS=ON,
nothing is built), then compiles every C++ translation unit of its
compile_commands.json, in ONE run, interleaved per TU:

  plain   clang++-22 -O2 -c
  plugin  clang++-22 -O2 -c -fplugin=<plugin> -fplugin-arg-escape-m
  gcc     g++ -O2 -c
  plugin-b  (with --plugin-b B) the same as plugin with another build of
          the plugin, e.g. an older commit's: a side-by-side A/B of the
          compile-time cost of a change, B/A reported per project

each --repeat times (default 3; the order of the three rotates every repeat),
and once more with -fplugin-arg-escape-m=2 (robustness, escape reasons).
Medians of wall time and of CPU time (user+sys of the compiler process
tree, via wait4) per TU; overhead = sum of per-TU medians (plugin) / sum
(plain).  A crash is a non-zero exit or signal with the plugin when plain
clang++ succeeded on the same TU; a hang is a plugin run exceeding
--timeout.  Markdown goes to stdout (and with --docs into
docs/benchmarks.md), JSON to bench/results/corpus-<stamp>.json.

Python 3 standard library only.
"""
import argparse
import collections
import datetime
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402  (shared with validate.py)
from common import ROOT, log  # noqa: E402

CLANG = "clang++-22"
GCC = "g++"

# Per-project CMake options: tests/samples only when they need no extra
# packages; no shared+static duplicates.  Unknown options are harmless.
CMAKE_OPTS = {
    "tinyxml2": ["-Dtinyxml2_BUILD_TESTING=ON", "-DBUILD_TESTING=ON"],
    "pugixml": ["-DPUGIXML_BUILD_TESTS=ON"],
    "libjsoncpp": ["-DJSONCPP_WITH_TESTS=ON", "-DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF",
                   "-DBUILD_STATIC_LIBS=OFF", "-DBUILD_OBJECT_LIBS=OFF",
                   "-DBUILD_SHARED_LIBS=ON"],
    "yaml-cpp": ["-DYAML_CPP_BUILD_TESTS=OFF", "-DYAML_CPP_BUILD_TOOLS=ON",
                 "-DYAML_CPP_BUILD_CONTRIB=ON"],
    "muparser": ["-DENABLE_SAMPLES=ON", "-DENABLE_OPENMP=OFF", "-DENABLE_WIDE_CHAR=OFF"],
    "re2": ["-DRE2_BUILD_TESTING=OFF"],
    "double-conversion": ["-DBUILD_TESTING=ON"],
    "leveldb": ["-DLEVELDB_BUILD_TESTS=OFF", "-DLEVELDB_BUILD_BENCHMARKS=OFF"],
    "googletest": ["-Dgtest_build_samples=ON", "-DINSTALL_GTEST=OFF"],
}
# Commands run in the source tree before configuring (generated sources that
# Debian's +dfsg tarballs strip; fetch.sh installs what they need).
PREPARE = {
    "re2": ["make", "REBUILD_TABLES=1", "re2/perl_groups.cc",
            "re2/unicode_casefold.cc", "re2/unicode_groups.cc"],
}
CXX_EXT = (".cpp", ".cc", ".cxx", ".C")

REMARK_RE = re.compile(r"^(.*?):(\d+):(\d+): remark: (.*)$")
NOTE_RE = re.compile(r"^(.*?):(\d+):(\d+): note: (.*)$")
IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")
FROM_RE = re.compile(r"^from .*\(([^()]*)\)$|^from \(([^()]*)\)$")


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kw).stdout.strip()


# --------------------------------------------------------------------------
# Projects and compile commands

def projects(corpus, only):
    lst = os.path.join(ROOT, "bench", "corpus", "packages.txt")
    names = []
    for line in open(lst):
        line = line.split("#")[0].split()
        if line:
            names.append(line[0])
    out = []
    for n in names:
        if only and n not in only:
            continue
        d = os.path.join(corpus, n)
        subs = sorted(x for x in os.listdir(d) if os.path.isdir(os.path.join(d, x))) \
            if os.path.isdir(d) else []
        if not subs:
            log(f"run: {n}: not in {corpus} (run bench/corpus/fetch.sh)")
            continue
        out.append((n, os.path.join(d, subs[0])))
    return out


def configure(name, src, cache):
    bdir = os.path.join(cache, "build", name)
    cc = os.path.join(bdir, "compile_commands.json")
    if not os.path.exists(cc):
        os.makedirs(bdir, exist_ok=True)
        if name in PREPARE:
            r = subprocess.run(PREPARE[name], cwd=src, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            open(os.path.join(bdir, "prepare.log"), "w").write(r.stdout)
            if r.returncode != 0:
                log(f"run: {name}: {shlex.join(PREPARE[name])} failed, see {bdir}/prepare.log")
                return None, bdir
        cmd = ["cmake", "-S", src, "-B", bdir, "-G", "Ninja",
               f"-DCMAKE_CXX_COMPILER={CLANG}", "-DCMAKE_C_COMPILER=clang-22",
               "-DCMAKE_BUILD_TYPE=", "-DCMAKE_CXX_FLAGS=", "-DCMAKE_C_FLAGS=",
               "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", "-Wno-dev"] + CMAKE_OPTS.get(name, [])
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        open(os.path.join(bdir, "configure.log"), "w").write(shlex.join(cmd) + "\n" + r.stdout)
        if r.returncode != 0 or not os.path.exists(cc):
            log(f"run: {name}: cmake failed, see {bdir}/configure.log")
            return None, bdir
    return json.load(open(cc)), bdir


def tu_args(entry):
    """Compiler arguments of a compile_commands entry, without compiler,
    -o, -O*, -g*, -Werror, -c and the source file itself."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    src = entry["file"]
    for i, a in enumerate(args[1:], 1):
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD", "-g") or a.startswith(("-O", "-Werror", "-g")):
            continue
        if a == src or os.path.normpath(os.path.join(entry["directory"], a)) == \
                os.path.normpath(os.path.join(entry["directory"], src)):
            continue
        out.append(a)
    return out


def tus(name, db, exclude, src=None):
    """The C++ TUs of a compile database; `exclude` is matched against the
    path below the project's source tree (with a leading "/"; so that
    googletest's own sources are not excluded as vendored googletest)."""
    seen, out = set(), []
    for e in db:
        f = os.path.normpath(os.path.join(e["directory"], e["file"]))
        if not f.endswith(CXX_EXT) or f in seen:
            continue
        rel = f
        for base in (src, os.path.realpath(src)) if src else ():
            if f.startswith(base + os.sep):
                rel = os.sep + os.path.relpath(f, base)
                break
        if exclude and re.search(exclude, rel):
            continue
        seen.add(f)
        out.append({"file": f, "dir": e["directory"], "args": tu_args(e)})
    return out


# --------------------------------------------------------------------------
# Running one compile

def run_timed(cmd, cwd, timeout):
    """(returncode or 'timeout', wall s, cpu s, stderr): common.timed with
    the compiler's stderr kept."""
    with tempfile.TemporaryFile() as err:
        rc, wall, cpu = common.timed(cmd, cwd, timeout, err=err)
        err.seek(0)
        text = err.read().decode(errors="replace")
    return rc, wall, cpu, text


def variant_cmds(tu, plugin, obj, rpass=False, plugin_b=None, b_args=(), m=True):
    """The compile commands of each variant; m=False: the plugin variants
    without -fplugin-arg-escape-m (the plain -fplugin build)."""
    base = tu["args"] + ["-O2", "-c", tu["file"], "-o", obj]
    mflag = ["-fplugin-arg-escape-m"] if m else []
    extra = {"plugin-b": [CLANG] + base + [f"-fplugin={plugin_b}"] + mflag
             + list(b_args)} if plugin_b else {}
    return extra | {
        "plain": [CLANG] + base,
        "plugin": [CLANG] + base + [f"-fplugin={plugin}"] + mflag,
        # warnings do not change code; g++ rejects clang-only ones (-Wthread-safety)
        "gcc": [GCC] + [x for x in base if not x.startswith("-W") or x[:4] in ("-Wl,", "-Wa,", "-Wp,")],
        "m2": [CLANG] + base + [f"-fplugin={plugin}", "-fplugin-arg-escape-m=2"]
        + (["-Rpass=escape", "-Rpass-missed=escape"] if rpass else []),
    }


# --------------------------------------------------------------------------
# Remarks

def classify(msg):
    # heap-to-stack IR pass (docs/heap-to-stack.md)
    if re.search(r" moved to the stack\b", msg):
        return "IR: stack"
    if re.search(r" moved to the frame arena\b", msg):
        return "IR: frame arena"
    if re.search(r" stays on the heap\b", msg):
        return "IR: stays on heap"
    if msg.startswith("leaking param"):
        return "leaking param"
    if msg.endswith("escapes to heap"):
        return "escapes to heap"
    if re.search(r"does not escape \(.*: frame arena\)$", msg):
        return "frame arena"
    if msg.endswith(" does not escape"):
        subj = msg[: -len(" does not escape")]
        return "param does not escape" if IDENT_RE.match(subj) else "does not escape"
    return "other"


def parse_remarks(text):
    """[(key, kind, message, notes)] from a compiler's stderr."""
    out, cur = [], None
    for line in text.splitlines():
        m = REMARK_RE.match(line)
        if m:
            f, l, c, msg = m.groups()
            msg = re.sub(r" \[-R[^\]]*\]$", "", msg)
            cur = [(os.path.normpath(f), int(l), int(c), msg), classify(msg), msg, []]
            out.append(cur)
            continue
        m = NOTE_RE.match(line)
        if m and cur is not None:
            cur[3].append(re.sub(r" \[-R[^\]]*\]$", "", m.group(4)))
        elif not line.startswith(" ") and ": " in line and cur is not None:
            cur = None  # a warning/error ends the remark's note list
    return out


def escape_reason(notes):
    """The last `from ... (<reason>)` note, else a bare reason note."""
    reason = None
    for n in notes:
        m = FROM_RE.match(n)
        if m:
            reason = m.group(1) or m.group(2)
    if reason is None:
        for n in notes:
            if not n.startswith("hint:") and not n.endswith(":"):
                reason = n
    return reason or "(no note)"


# --------------------------------------------------------------------------

def median(xs):
    return statistics.median(xs) if xs else float("nan")


def machine():
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "os": sh(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "clang": sh([CLANG, "--version"]).splitlines()[0],
        "gcc": sh([GCC, "--version"]).splitlines()[0],
        "loadavg": open("/proc/loadavg").read().split()[:3],
        "plugin_commit": sh(["git", "-C", ROOT, "log", "-1", "--format=%h %cs %s", "--", "plugin"])[:100],
    }


def run_project(name, src, a, cache, tmp):
    db, bdir = configure(name, src, cache)
    res = {"name": name, "version": os.path.basename(src), "tus": [], "configure_failed": db is None}
    if db is None:
        return res
    units = tus(name, db, a.exclude, src)
    if a.max_tus:
        units = units[: a.max_tus]
    variants = ["plain", "plugin", "gcc"] if a.gcc else ["plain", "plugin"]
    if getattr(a, "plugin_b", None):
        variants.append("plugin-b")
    for i, tu in enumerate(units):
        obj = os.path.join(tmp, "tu.o")
        cmds = variant_cmds(tu, a.plugin, obj, a.rpass, getattr(a, "plugin_b", None))
        rel = os.path.relpath(tu["file"], src)
        r = {"file": rel, "cmd": {k: shlex.join(v) for k, v in cmds.items()},
             "wall": {v: [] for v in ("plain", "plugin", "gcc", "plugin-b")},
             "cpu": {v: [] for v in ("plain", "plugin", "gcc", "plugin-b")},
             "rc": {}, "remarks": [], "m2": None}
        for rep in range(a.repeat):
            k = (rep + i) % len(variants)
            for v in variants[k:] + variants[:k]:
                rc, wall, cpu, err = run_timed(cmds[v], tu["dir"], a.timeout)
                r["wall"][v].append(wall)
                r["cpu"][v].append(cpu)
                if rc != 0 or v not in r["rc"]:
                    r["rc"][v] = rc
                    if rc != 0:
                        r.setdefault("stderr", {})[v] = err[-20000:]
                if v == "plugin" and rep == 0:
                    r["remarks"] = [(list(k_), kind, msg) for k_, kind, msg, _ in parse_remarks(err)]
                if rc == "timeout" and v != "gcc":
                    break  # one hang per TU is enough
        if a.repeat == 0:
            r["rc"]["plain"] = run_timed(cmds["plain"], tu["dir"], a.timeout)[0]
        if a.m2:
            rc, wall, cpu, err = run_timed(cmds["m2"], tu["dir"], a.timeout)
            r["rc"]["m2"] = rc
            r["m2"] = [(list(k_), kind, msg, escape_reason(notes), next(
                (n for n in notes if n.startswith("hint:")), None))
                for k_, kind, msg, notes in parse_remarks(err) if kind in
                ("escapes to heap", "leaking param") or kind.startswith("IR:")]
            if rc != 0:
                r.setdefault("stderr", {})["m2"] = err[-20000:]
        res["tus"].append(r)
        pw = median(r["wall"]["plain"]) if r["wall"]["plain"] else 0
        pp = median(r["wall"]["plugin"]) if r["wall"]["plugin"] else 0
        flag = ""
        if r["rc"].get("plain") == 0 and any(r["rc"].get(v) not in (0, None) for v in ("plugin", "m2")):
            flag = "  ** PLUGIN FAILURE " + str({v: r["rc"].get(v) for v in ("plugin", "m2")})
        elif r["rc"].get("plain") != 0:
            flag = f"  (plain clang++ rc={r['rc'].get('plain')})"
        log(f"  [{name} {i + 1}/{len(units)}] {rel}: plain {pw:.2f}s plugin {pp:.2f}s "
            f"({pp / pw if pw else 0:.3f}) remarks {len(r['remarks'])}{flag}")
    return res


def summarize(res, plugin_tag="plugin"):
    """Totals of one project (or, with res=None-merged lists, overall)."""
    s = collections.Counter()
    kinds = collections.Counter()
    ukinds = collections.Counter()
    reasons = collections.Counter()
    preasons = collections.Counter()
    hints = collections.Counter()
    crashes, hangs, plain_fail, gcc_fail = [], [], [], []
    seen, seen2 = set(), set()
    for r in res["tus"]:
        ok_plain = r["rc"].get("plain") == 0
        if not ok_plain:
            plain_fail.append(r["file"])
            continue
        if r["rc"].get("gcc") not in (0, None):
            gcc_fail.append(r["file"])
        for v in ("plugin", "m2"):
            rc = r["rc"].get(v)
            if rc == "timeout":
                hangs.append((r["file"], v))
            elif rc not in (0, None):
                crashes.append((r["file"], v, rc))
        s["tus"] += 1
        if r["wall"]["plain"] and len(r["wall"]["plugin"]) == len(r["wall"]["plain"]) and all(
                r["rc"].get(v) == 0 for v in ("plain", "plugin")):
            s["timed"] += 1
            for v in ("plain", "plugin", "gcc", "plugin-b"):
                if r["rc"].get(v) == 0 and r["wall"].get(v):
                    s["wall_" + v] += median(r["wall"][v])
                    s["cpu_" + v] += median(r["cpu"][v])
            if r["rc"].get("gcc") == 0:
                s["wall_plain_g"] += median(r["wall"]["plain"])
                s["cpu_plain_g"] += median(r["cpu"]["plain"])
        for key, kind, msg in r["remarks"]:
            kinds[kind] += 1
            t = tuple(key)
            if t not in seen:
                seen.add(t)
                ukinds[kind] += 1
        for key, kind, msg, reason, hint in r["m2"] or []:
            t = tuple(key)
            if t in seen2:
                continue
            seen2.add(t)
            if kind.startswith("IR:"):
                if not key[0].startswith("/usr/"):
                    ukinds[kind] += 1
                continue
            if kind == "escapes to heap":
                reasons[reason] += 1
                if hint:
                    hints[hint] += 1
            elif kind == "leaking param":
                preasons[reason] += 1
    return {"s": s, "kinds": kinds, "ukinds": ukinds, "reasons": reasons, "hints": hints,
            "preasons": preasons,
            "crashes": crashes, "hangs": hangs, "plain_fail": plain_fail, "gcc_fail": gcc_fail}


def ratio(a, b):
    return f"{a / b:.3f}" if b else "–"


def frac_local(k):
    local = k["does not escape"] + k["frame arena"]
    tot = local + k["escapes to heap"]
    return f"{100 * local / tot:.0f}% ({local}/{tot})" if tot else "–"


def markdown(results, mach, argv, a):
    L = []
    L.append(f"Measured {mach['date']} on {mach['nproc']} × {mach['cpu']} ({mach['os']}; "
             f"load average at start {' '.join(mach['loadavg'])}, machine shared with other builds).  ")
    L.append(f"Compilers: `{mach['clang']}`, `{mach['gcc']}`; plugin at `{mach['plugin_commit']}`.  ")
    if isinstance(argv, list) and len(argv) > 1:
        L.append("Commands (run concurrently, each niced, then merged with `bench/corpus/run.py "
                 "--from-json A.json B.json --docs`): " + ", ".join(f"`{x}`" for x in argv) + "  ")
    else:
        L.append(f"Command: `{argv[0] if isinstance(argv, list) else argv}`  ")
    L.append(f"Each TU compiled `-O2 -c` {a.repeat}× per variant, variants interleaved per TU "
             "(order rotated every repeat); per-TU medians summed. Overhead = plugin / plain clang++ "
             "(`-fplugin=… -fplugin-arg-escape-m`, remarks printed); CPU = user+sys of the compiler.")
    L.append("")
    L.append("| project | TUs | clang++ -O2 (s) | + plugin -m (s) | overhead wall | overhead CPU | g++ -O2 (s) | g++ / clang++ | crashes | hangs | -m=2 failures |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    tot = {"tus": []}
    sums = []
    for res in results:
        sm = summarize(res)
        sums.append((res, sm))
        tot["tus"] += res["tus"]
        s = sm["s"]
        m1c = sum(1 for c in sm["crashes"] if c[1] == "plugin")
        m2f = sum(1 for c in sm["crashes"] if c[1] == "m2") + sum(1 for h in sm["hangs"] if h[1] == "m2")
        m1h = sum(1 for h in sm["hangs"] if h[1] == "plugin")
        name = f"{res['name']} {res['version'].split('-')[-1] if False else res['version'].replace(res['name'] + '-', '')}"
        if res.get("configure_failed"):
            L.append(f"| {name} | cmake failed | | | | | | | | | |")
            continue
        L.append(f"| {name} | {s['tus']}{' (' + str(len(sm['plain_fail'])) + ' plain fail)' if sm['plain_fail'] else ''} "
                 f"| {s['wall_plain']:.1f} | {s['wall_plugin']:.1f} | {ratio(s['wall_plugin'], s['wall_plain'])} "
                 f"| {ratio(s['cpu_plugin'], s['cpu_plain'])} | {(format(s['wall_gcc'], '.1f') if s['wall_plain_g'] else '–')} | {ratio(s['wall_gcc'], s['wall_plain_g'])} "
                 f"| {m1c} | {m1h} | {m2f} |")
    T = summarize(tot)
    s = T["s"]
    L.append(f"| **all** | {s['tus']} | {s['wall_plain']:.1f} | {s['wall_plugin']:.1f} | "
             f"**{ratio(s['wall_plugin'], s['wall_plain'])}** | **{ratio(s['cpu_plugin'], s['cpu_plain'])}** | "
             f"{(format(s['wall_gcc'], '.1f') if s['wall_plain_g'] else '–')} | {ratio(s['wall_gcc'], s['wall_plain_g'])} | "
             f"{sum(1 for c in T['crashes'] if c[1] == 'plugin')} | {sum(1 for h in T['hangs'] if h[1] == 'plugin')} | "
             f"{sum(1 for c in T['crashes'] if c[1] == 'm2') + sum(1 for h in T['hangs'] if h[1] == 'm2')} |")
    L.append("")
    if T["s"]["cpu_plugin-b"]:
        L.append(f"A/B (`--plugin-b`): plugin A = `{a.plugin}`, plugin B = `{a.plugin_b or 'see the JSON'}`, "
                 "both `-m`, interleaved with the other variants; CPU seconds, sums of per-TU medians.")
        L.append("")
        L.append("| project | clang++ -O2 | + plugin A | + plugin B | B / A | A / plain | B / plain |")
        L.append("|---|--:|--:|--:|--:|--:|--:|")
        for res, sm in sums + [({"name": "**all**"}, T)]:
            s = sm["s"]
            L.append(f"| {res['name']} | {s['cpu_plain']:.1f} | {s['cpu_plugin']:.1f} | "
                     f"{s['cpu_plugin-b']:.1f} | {ratio(s['cpu_plugin-b'], s['cpu_plugin'])} | "
                     f"{ratio(s['cpu_plugin'], s['cpu_plain'])} | {ratio(s['cpu_plugin-b'], s['cpu_plain'])} |")
        L.append("")
    worst = []
    for res in results:
        for r in res["tus"]:
            if all(r["rc"].get(v) == 0 for v in ("plain", "plugin")) and r["cpu"]["plain"]:
                pc, qc = median(r["cpu"]["plain"]), median(r["cpu"]["plugin"])
                if pc >= 1.0:
                    worst.append((qc / pc, qc - pc, res["name"], r["file"], pc))
    if worst:
        worst.sort(reverse=True)
        rs = sorted(w[0] for w in worst)
        L.append(f"Per-TU CPU overhead over the {len(worst)} TUs with ≥ 1 s of plain CPU time: median "
                 f"{median(rs):.3f}, highest " + ", ".join(
                     f"`{n}/{f}` {q:.2f} (+{d:.2f} s of {pc:.1f} s)" for q, d, n, f, pc in worst[:3]) + ".")
        L.append("")
    L.append("Remarks (`-m`), unique source positions (a header's remark counted once per project); "
             "frame-local = (does not escape + frame arena) / (those + escapes to heap), allocation sites only:")
    L.append("")
    ir = ("IR: stack", "IR: frame arena", "IR: stays on heap")
    L.append("| project | escapes to heap | does not escape | frame arena | frame-local (static) | leaking param | param does not escape | IR pass: to stack / to arena / stays on heap | other |")
    L.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    allk = collections.Counter()
    for res, sm in sums:
        k = sm["ukinds"]
        allk.update(k)
        L.append(f"| {res['name']} | {k['escapes to heap']} | {k['does not escape']} | {k['frame arena']} | "
                 f"{frac_local(k)} | {k['leaking param']} | {k['param does not escape']} | "
                 f"{' / '.join(str(k[x]) for x in ir)} | {k['other']} |")
    k = allk
    L.append(f"| **all** | {k['escapes to heap']} | {k['does not escape']} | {k['frame arena']} | "
             f"**{frac_local(k)}** | {k['leaking param']} | {k['param does not escape']} | "
             f"{' / '.join(str(k[x]) for x in ir)} | {k['other']} |")
    L.append("")
    reasons = collections.Counter()
    preasons = collections.Counter()
    hints = collections.Counter()
    for _, sm in sums:
        reasons.update(sm["reasons"])
        preasons.update(sm["preasons"])
        hints.update(sm["hints"])
    if reasons:
        n = sum(reasons.values())
        pn = sum(preasons.values())
        L.append(f"Top reasons for `escapes to heap` (`-m=2`: the last `from … (<reason>)` note of each of "
                 f"{n} unique escaping allocation sites; for comparison the same for the {pn} unique "
                 "`leaking param` remarks):")
        L.append("")
        L.append("| reason | allocation sites | share | leaking params | share |")
        L.append("|---|--:|--:|--:|--:|")
        top = [r for r, _ in reasons.most_common(10)]
        top += [r for r, _ in preasons.most_common(5) if r not in top]
        for r in top:
            c, pc = reasons[r], preasons[r]
            L.append(f"| {r} | {c} | {100 * c / n:.0f}% | {pc} | {100 * pc / pn if pn else 0:.0f}% |")
        L.append("")
        if hints:
            L.append("Hints attached: " + "; ".join(f"{c}× “{h[6:60]}…”" if len(h) > 66 else f"{c}× “{h[6:]}”"
                                                   for h, c in hints.most_common(5)) + ".")
            L.append("")
    bad = [(res["name"], c) for res, sm in sums for c in sm["crashes"]] + \
          [(res["name"], h) for res, sm in sums for h in sm["hangs"]]
    if bad:
        L.append("Plugin failures (plain clang++ succeeded):")
        L.append("")
        for name, c in bad:
            L.append(f"- {name}: `{c[0]}` with {'-m' if c[1] == 'plugin' else '-m=2'}: "
                     f"{'hang (timeout ' + str(a.timeout) + ' s)' if len(c) == 2 else 'exit ' + str(c[2])}")
        L.append("")
    pf = [(res["name"], f) for res, sm in sums for f in sm["plain_fail"]]
    gf = [(res["name"], f) for res, sm in sums for f in sm["gcc_fail"]]
    if pf or gf:
        L.append("Not counted: " + ", ".join(f"`{n}/{f}` (plain clang++ failed)" for n, f in pf) +
                 (", " if pf and gf else "") + ", ".join(f"`{n}/{f}` (g++ failed)" for n, f in gf) + ".")
        L.append("")
    return "\n".join(L)


SECTION = "## Compile time and robustness on real code"


def write_docs(md, path):
    common.replace_section(path, SECTION, "Generated by `bench/corpus/run.py --docs` "
                           "(see `bench/corpus/README.md`).\n\n" + md)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_project_args(ap)
    ap.add_argument("-N", "--repeat", type=int, default=3,
                    help="timed repeats (0: no timing, plain clang++ once for its exit status)")
    ap.add_argument("--timeout", type=float, default=300, help="per-compile timeout in s (hang)")
    ap.add_argument("--max-tus", type=int, default=0, help="at most this many TUs per project")
    ap.add_argument("--exclude", default=r"/third_party/|/googletest/|/benchmark/",
                    help="regex of TU paths to skip")
    ap.add_argument("--rpass", action="store_true",
                    help="add -Rpass=escape -Rpass-missed=escape to the -m=2 run (IR pass remarks)")
    ap.add_argument("--no-gcc", dest="gcc", action="store_false", help="skip g++")
    ap.add_argument("--no-m2", dest="m2", action="store_false", help="skip the -m=2 run")
    ap.add_argument("--quick", action="store_true", help="tinyxml2 only, N=1 (smoke)")
    ap.add_argument("--plugin-b", default=None, metavar="SO",
                    help="another build of the plugin, timed as a fourth variant (A/B of a change)")
    common.add_output_args(ap, "corpus")
    a = ap.parse_args()
    if a.quick:
        a.repeat = 1
        a.projects = a.projects or ["tinyxml2"]
    argv = "bench/corpus/run.py " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "bench/corpus/run.py"
    if a.from_json:
        ds = [json.load(open(f)) for f in a.from_json]
        d = ds[0]
        for k in ("repeat", "timeout"):
            setattr(a, k, d["args"][k])
        merged = {}
        for x in ds:
            for r in x["results"]:
                merged[r["name"]] = r
        order = [r["name"] for x in ds for r in x["results"]]
        results = [merged[n] for n in dict.fromkeys(order)]
        cmd = list(dict.fromkeys(x["argv"] for x in ds))
        if len(ds) > 1:
            d["machine"]["date"] = " / ".join(dict.fromkeys(x["machine"]["date"] for x in ds))
        md = markdown(results, d["machine"], cmd, a)
        print(md)
        if a.docs:
            write_docs(md, os.path.join(ROOT, "docs", "benchmarks.md"))
        return 0
    if not os.path.exists(a.plugin):
        log(f"run: plugin {a.plugin} missing; BUILD_DIR=build scripts/build.sh")
        return 2
    for tool in (CLANG, GCC, "cmake", "ninja"):
        if not shutil.which(tool):
            log(f"run: {tool} not on PATH")
            return 2
    cache = os.path.join(ROOT, "bench", ".cache")
    plist = projects(a.corpus, set(a.projects))
    if not plist:
        log("run: no project found; run bench/corpus/fetch.sh first")
        return 2
    mach = machine()
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        return common.run_projects(
            "run", "corpus", plist, lambda name, src: run_project(name, src, a, cache, tmp),
            mach, argv, a, markdown, write_docs,
            failed=lambda r: summarize(r)["crashes"] or summarize(r)["hangs"])


if __name__ == "__main__":
    sys.exit(main())
