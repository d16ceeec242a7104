#!/usr/bin/env python3
"""Soundness, allocations, speed and build time of clang-escape on real code.

For every project of bench/corpus/packages.txt unpacked under corpus/ (see
fetch.sh), builds the project WITH its test suite five ways, each a whole
CMake + Ninja build from clean into bench/.cache/validate/<pkg>/<variant>:

  plain        clang++-22 -O2
  plugin       clang++-22 -O2 -fplugin=<plugin> -Rpass=escape -Rpass-missed=escape
  gcc          g++ -O2
  asan         clang++-22 -O2 -fsanitize=address
  asan-plugin  clang++-22 -O2 -fsanitize=address -fplugin=<plugin>

(CMAKE_BUILD_TYPE=None: no -O3/-DNDEBUG from the projects, asserts stay on;
static libraries, so the test binaries run the code compiled here.)

With --summaries, plugin and asan-plugin also use cross-TU summaries
(docs/cross-tu.md) in the pass: + -fplugin-arg-escape-summaries=<the
variant's build dir>/escape-summaries -fplugin-arg-escape-xtu-ir-facts,
each built in TWO passes (build_two_pass): a full build from an empty
summary directory, which writes every unit's summaries, then a clean rebuild
(ninja -t clean), which reads them; its build time is the second pass's.
The builds then go into bench/.cache/validate-summaries (the default
--cache), apart from the normal ones, and the report says so.  Then it
runs the tests that CTest knows (ctest --show-only=json-v1, minus the
project's SKIP regex), each command directly, in a fresh TEST_TMPDIR, and:

1. Soundness: every test's exit status and its stdout+stderr (numbers next to
   time units masked) must be the same with the plugin as without, and with
   asan-plugin as with asan (ASAN_OPTIONS=detect_stack_use_after_return=1).
   A difference is a FAILURE (exit status 1) and is printed with a diff.  g++
   is compared too, but only reported.
2. Allocations: every native test binary once more under LD_PRELOAD of
   bench/alloc_count.c, plain / plugin / g++: heap calls and bytes.
3. Speed: the native tests run --runs times round-robin over plain / plugin /
   g++; the median of each variant's total wall time (and CPU time).
4. Build time: wall and CPU (user+sys of every process of the build) of the
   plain / plugin / g++ builds (ninja -j --jobs; --build-repeat interleaved
   clean rebuilds, medians).
5. Static: the heap-to-stack pass's remarks in the plugin build (project
   files only): moved to the stack / frame arena, stays on the heap by reason.

Markdown on stdout (--docs: also into docs/benchmarks.md), raw data in
bench/results/validate-<stamp>.json.  Python 3 standard library only.
"""
import argparse
import collections
import difflib
import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as corpus  # noqa: E402  (compile-time harness: shared helpers)
import common  # noqa: E402
from common import log  # noqa: E402

ROOT = corpus.ROOT
CLANG, GCC = corpus.CLANG, corpus.GCC
CC = {"clang++-22": "clang-22", "g++": "gcc"}

# Per-project CMake options: the test suite on, static libraries.
CMAKE_OPTS = {
    "tinyxml2": ["-Dtinyxml2_BUILD_TESTING=ON", "-DBUILD_TESTING=ON", "-DBUILD_SHARED_LIBS=OFF"],
    "pugixml": ["-DPUGIXML_BUILD_TESTS=ON", "-DBUILD_SHARED_LIBS=OFF"],
    "libjsoncpp": ["-DJSONCPP_WITH_TESTS=ON", "-DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF",
                   "-DBUILD_STATIC_LIBS=ON", "-DBUILD_SHARED_LIBS=OFF", "-DBUILD_OBJECT_LIBS=OFF"],
    "yaml-cpp": ["-DYAML_CPP_BUILD_TESTS=ON", "-DYAML_CPP_BUILD_TOOLS=OFF",
                 "-DYAML_BUILD_SHARED_LIBS=OFF", "-DINSTALL_GTEST=OFF"],
    "muparser": ["-DENABLE_SAMPLES=ON", "-DENABLE_OPENMP=OFF", "-DENABLE_WIDE_CHAR=OFF",
                 "-DBUILD_SHARED_LIBS=OFF", "-DBUILD_TESTING=ON"],
    "re2": ["-DRE2_BUILD_TESTING=ON", "-DBUILD_SHARED_LIBS=OFF"],
    "double-conversion": ["-DBUILD_TESTING=ON", "-DBUILD_SHARED_LIBS=OFF"],
    "leveldb": ["-DLEVELDB_BUILD_TESTS=ON", "-DLEVELDB_BUILD_BENCHMARKS=OFF",
                "-DBUILD_SHARED_LIBS=OFF"],
    # its samples (not CTest tests: EXTRA_TESTS) and googletest's own tests
    # (gmock's own tests too with --cmake googletest=-Dgmock_build_tests=ON)
    "googletest": ["-Dgtest_build_samples=ON", "-Dgtest_build_tests=ON",
                   "-Dgmock_build_tests=OFF", "-DINSTALL_GTEST=OFF", "-DBUILD_GMOCK=ON"],
}
# GoogleTest compiled from source, with each variant's compiler and flags, for
# every project whose tests use it (only these two of the corpus do; the
# others have their own test drivers).  The source is Debian's `googletest`
# source package (corpus/googletest/, fetched by fetch.sh), else
# /usr/src/googletest (libgtest-dev/googletest binary packages).  How, per
# project:
#   yaml-cpp  its test/CMakeLists.txt add_subdirectory()s /usr/src/googletest
#             when find_package(GTest) succeeds and its bundled
#             test/gtest-1.10.0 (stripped from Debian's +dfsg tarball)
#             otherwise: test/gtest-1.10.0 is made a symbolic link to the
#             source and find_package(GTest) disabled.
#   leveldb   Debian's patch links the prebuilt libgtest/libgmock by target
#             name: gtest-from-source.cmake, included after project(leveldb),
#             add_subdirectory()s the source so that `gtest`/`gmock` are
#             targets of the build.  (Google benchmark, linked by db_test,
#             stays Debian's prebuilt library: it is not a test framework.)
GTEST_USERS = ("yaml-cpp", "leveldb")
GTEST_CMAKE = os.path.join(ROOT, "bench", "corpus", "gtest-from-source.cmake")
# GoogleTest binaries of these projects run one process per test suite
# (--gtest_filter=Suite.*, suites from the plain build's --gtest_list_tests):
# an abort in one suite does not hide the others, and a difference names
# the suite.  googletest's own tests are not split (some check whole-program
# behaviour: listeners, environments, test counts).
GTEST_SPLIT = ("yaml-cpp", "leveldb")
# Tests not run (regex on the CTest name), and why.
SKIP = {
    # minutes each even without ASan; the other 17 re2 tests cover the same code
    "re2": (r"^(exhaustive\d?_test|random_test|dfa_test|search_test)$",
            "exhaustive*/random/dfa/search tests: minutes each, more under ASan"),
}
VARIANTS = ("plain", "plugin", "gcc", "asan", "asan-plugin")
# (reference, other, a difference is a failure)
PAIRS = (("plain", "plugin", True), ("asan", "asan-plugin", True), ("plain", "gcc", False))
ASAN_ENV = "detect_stack_use_after_return=1:detect_leaks=0:abort_on_error=0"
# Numbers next to a time unit (gtest "(12 ms)", "took 0.3s") vary between runs.
TIME_RE = re.compile(r"\d+(\.\d+)?(e[-+]?\d+)? ?(ms|us|µs|ns|s|sec|secs|seconds|milli-seconds|micros/op)\b")


# Addresses some tests print (re2_test: "Memory at 0x7f...").
ADDR_RE = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
# The build ID of the binary in a sanitizer's stack trace differs between
# any two builds (googletest-death-test-test's deliberate SIGSEGV under ASan).
BUILDID_RE = re.compile(r"\(BuildId: [0-9a-fA-F]+\)")
# ... and the process ID that prefixes its lines ("==23120==ABORTING"), and
# a frame's offset in the binary ("(<build>/x+0x691b0)"), which moves with
# the code before it.
SANITIZER_PID_RE = re.compile(r"^==\d+==", re.M)
FRAME_OFFSET_RE = re.compile(r"\+0x[0-9a-fA-F]+\)")


def variant_flags(v, plugin):
    f = ["-O2"]
    if v.startswith("asan"):
        f += ["-fsanitize=address", "-fno-omit-frame-pointer"]
    if v.endswith("plugin"):
        f += [f"-fplugin={plugin}"]
        if v == "plugin":
            f += ["-Rpass=escape", "-Rpass-missed=escape"]
    return f


def gtest_source(corpus_dir):
    """GoogleTest's source tree: Debian's source package under corpus/, else
    the copy libgtest-dev installs; None without either."""
    hits = sorted(glob.glob(os.path.join(corpus_dir, "googletest", "googletest-*", "CMakeLists.txt")))
    if hits:
        return os.path.dirname(hits[0])
    return "/usr/src/googletest" if os.path.exists("/usr/src/googletest/CMakeLists.txt") else None


def gtest_opts(name, src, gsrc):
    """CMake options (and source-tree preparation) that make `name`'s tests
    compile GoogleTest from `gsrc`; see GTEST_USERS."""
    if name == "yaml-cpp":
        link = os.path.join(src, "test", "gtest-1.10.0")
        if os.path.islink(link) and os.readlink(link) != gsrc:
            os.unlink(link)
        if not os.path.lexists(link):
            os.symlink(gsrc, link)
        return ["-DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON"]
    if name == "leveldb":
        return [f"-DCMAKE_PROJECT_leveldb_INCLUDE={GTEST_CMAKE}", f"-DESCAPE_GTEST_SOURCE={gsrc}"]
    return []


def gtest_compiled(bdir):
    """Whether the build compiles GoogleTest's gtest-all.cc itself."""
    r = subprocess.run(["ninja", "-C", bdir, "-t", "commands"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    return "gtest-all.cc" in r.stdout


def configure(name, src, bdir, v, plugin, extra=(), flags=None, libs=None):
    """CMake for variant `v` (flags=...: these compiler flags instead of
    variant_flags(); libs=...: appended to every link, as
    CMAKE_<LANG>_STANDARD_LIBRARIES; both for bench/corpus/profile.py)."""
    cxx = GCC if v == "gcc" else CLANG
    flags = " ".join(variant_flags(v, plugin) if flags is None else flags)
    link = "-fsanitize=address" if v.startswith("asan") else ""
    cmd = ["cmake", "-S", src, "-B", bdir, "-G", "Ninja", "-Wno-dev",
           f"-DCMAKE_CXX_COMPILER={cxx}", f"-DCMAKE_C_COMPILER={CC[cxx]}",
           "-DCMAKE_BUILD_TYPE=None", f"-DCMAKE_CXX_FLAGS={flags}", f"-DCMAKE_C_FLAGS={flags}",
           f"-DCMAKE_EXE_LINKER_FLAGS={link}", f"-DCMAKE_SHARED_LINKER_FLAGS={link}",
           f"-DCMAKE_MODULE_LINKER_FLAGS={link}", "-DCMAKE_CXX_COMPILER_LAUNCHER=",
           "-DCMAKE_C_COMPILER_LAUNCHER="] + CMAKE_OPTS.get(name, []) + list(extra)
    if libs:
        cmd += [f"-DCMAKE_CXX_STANDARD_LIBRARIES={libs}", f"-DCMAKE_C_STANDARD_LIBRARIES={libs}"]
    stamp = os.path.join(bdir, ".validate-configure")
    key = shlex.join(cmd)
    if os.path.exists(stamp) and open(stamp).read() == key:
        return True
    os.makedirs(bdir, exist_ok=True)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    open(os.path.join(bdir, "configure.log"), "w").write(key + "\n" + r.stdout)
    if r.returncode != 0:
        log(f"validate: {name} [{v}]: cmake failed, see {bdir}/configure.log")
        return False
    open(stamp, "w").write(key)
    return True


def build(bdir, jobs, timeout, clean):
    if clean:
        subprocess.run(["ninja", "-C", bdir, "-t", "clean"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    logf = os.path.join(bdir, "build.log")
    env = dict(os.environ, CCACHE_DISABLE="1")  # jsoncpp picks ccache up by itself
    with open(logf, "w") as out:
        rc, wall, cpu = common.timed(["ninja", "-C", bdir, "-j", str(jobs)], bdir, timeout, env=env, out=out)
    noop = "ninja: no work to do" in open(logf, errors="replace").read()
    return {"rc": rc, "wall": wall, "cpu": cpu, "log": logf, "noop": noop}


SUMMARIES_DIR = "escape-summaries"


def summary_flags(bdir):
    """The compiler flags of a build with cross-TU summaries
    (docs/cross-tu.md) in <bdir>/escape-summaries that the heap-to-stack
    pass uses too (xtu-ir-facts: sound for a clean build whose every unit
    read the summaries of the bodies it is linked with, which
    build_two_pass() gives)."""
    return [f"-fplugin-arg-escape-summaries={os.path.join(bdir, SUMMARIES_DIR)}",
            "-fplugin-arg-escape-xtu-ir-facts"]


def read_summaries(sdir):
    return {f: open(os.path.join(sdir, f), errors="replace").read()
            for f in os.listdir(sdir) if f.endswith(".esum")} if os.path.isdir(sdir) else {}


def build_two_pass(bdir, jobs, timeout, clean):
    """build() of a configuration with summary_flags(), twice: a full build
    from an empty summary directory (clean: the directory is removed too)
    that writes every unit's summaries, then a clean rebuild (ninja -t clean)
    that reads them, so that each unit sees the summary of every function
    another unit defines.  The second build's figures, with "first" (the
    first build's), "summaries" (files after the second) and "rewritten"
    (files the second build added or changed: information that moved one
    more call level up; a third build could still use it).  A first build
    with no work to do (--reuse) is not rebuilt."""
    sdir = os.path.join(bdir, SUMMARIES_DIR)
    if clean:
        shutil.rmtree(sdir, ignore_errors=True)
    first = build(bdir, jobs, timeout, clean)
    if first["rc"] != 0 or first["noop"]:
        return dict(first, first=None, summaries=len(read_summaries(sdir)), rewritten=None)
    os.rename(first["log"], first["log"] + ".1")
    first["log"] += ".1"
    before = read_summaries(sdir)
    second = build(bdir, jobs, timeout, clean=True)
    after = read_summaries(sdir)
    return dict(second, first=first, summaries=len(after),
                rewritten=sum(1 for f, t in after.items() if before.get(f) != t))


def ctest_list(bdir):
    r = subprocess.run(["ctest", "--test-dir", bdir, "--show-only=json-v1"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    tests = []
    for t in json.loads(r.stdout or "{}").get("tests", []):
        if not t.get("command"):
            continue
        cwd = bdir
        env = {}
        for p in t.get("properties", []):
            if p["name"] == "WORKING_DIRECTORY":
                cwd = p["value"]
            elif p["name"] == "ENVIRONMENT":
                env.update(x.split("=", 1) for x in p["value"] if "=" in x)
        tests.append({"name": t["name"], "cmd": t["command"], "cwd": cwd, "env": env})
    return tests


def extra_tests(name, bdir):
    """Tests CTest does not know: googletest's samples (built by
    gtest_build_samples, never add_test()ed)."""
    out = []
    if name == "googletest":
        for f in sorted(glob.glob(os.path.join(bdir, "googletest", "sample*_unittest")),
                        key=lambda f: int(re.sub(r"\D", "", os.path.basename(f)) or 0)):
            out.append({"name": os.path.basename(f), "cmd": [f], "cwd": bdir, "env": {}})
    return out


def gtest_suites(t, timeout=300):
    """The test suites of a GoogleTest binary (its --gtest_list_tests), or
    None for a binary that is not one (or cannot list)."""
    exe = os.path.realpath(t["cmd"][0])
    try:
        if b"gtest_list_tests" not in open(exe, "rb").read():
            return None
    except OSError:
        return None
    env = dict(os.environ, **t["env"])
    with tempfile.TemporaryDirectory(prefix="validate-l-") as tmp:
        env["TEST_TMPDIR"] = env["TMPDIR"] = tmp
        try:
            r = subprocess.run(t["cmd"] + ["--gtest_list_tests"], cwd=t["cwd"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
    if r.returncode != 0:
        return None
    suites = []
    for line in r.stdout.splitlines():
        # "Suite." / "Prefix/Suite." / "Suite/0.  # TypeParam = int"; tests are indented
        m = re.match(r"^(\S+)\.(\s+#.*)?$", line)
        if m and m.group(1) not in suites:
            suites.append(m.group(1))
    return suites or None


def split_gtest(tests, suites):
    """One test per suite: `ctest-name:Suite` running `cmd --gtest_filter=Suite.*`."""
    out = {}
    for n, t in tests.items():
        for s in suites.get(n) or []:
            out[f"{n}:{s}"] = dict(t, name=f"{n}:{s}", cmd=t["cmd"] + [f"--gtest_filter={s}.*"])
        if not suites.get(n):
            out[n] = t
    return out


def native(test, bdir):
    """A test whose command is a binary of this build (not a script)."""
    return os.path.realpath(test["cmd"][0]).startswith(os.path.realpath(bdir) + os.sep)


def normalize(text, bdir, tmpdir):
    text = text.replace(os.path.realpath(bdir), "<build>").replace(bdir, "<build>")
    text = text.replace(tmpdir, "<tmp>")
    text = BUILDID_RE.sub("(BuildId: <id>)", text)
    text = SANITIZER_PID_RE.sub("==<pid>==", text)
    text = FRAME_OFFSET_RE.sub("+<offset>)", text)
    return TIME_RE.sub("<time>", text)


def compare(res, tr, log_it=False):
    """Sets tr["same"] and adds to res's failures (plugin vs plain, asan-plugin
    vs asan) and gcc_diffs (g++ vs plain) for one test's results."""
    for ref, other, hard in PAIRS:
        if ref not in tr["rc"] or other not in tr["rc"]:
            continue
        a, b = ADDR_RE.sub("<addr>", tr["out"][ref]), ADDR_RE.sub("<addr>", tr["out"][other])
        same = tr["rc"][ref] == tr["rc"][other] and a == b
        tr.setdefault("same", {})[other] = same
        if same:
            continue
        d = "".join(list(difflib.unified_diff(a.splitlines(True), b.splitlines(True),
                                              ref, other, n=1))[:40])
        fl = tr.get("flaky", {}).get(other)
        if fl:
            # a rerun of each gave the same result: not a difference of the
            # builds but of the runs; reported by name, not a failure
            msg = (f"test {tr['name']}: {other} vs {ref}: differed, then the same in a rerun "
                   f"(exit statuses over {fl['runs']} runs each: {ref} {fl['rc'][ref]}, "
                   f"{other} {fl['rc'][other]})\n{d}")
            res.setdefault("flaky", []).append(msg)
            if log_it:
                log("  ** FLAKY " + msg)
            continue
        msg = f"test {tr['name']}: {other} (rc={tr['rc'][other]}) differs from {ref} (rc={tr['rc'][ref]})\n{d}"
        if tr.get("reruns", {}).get(other):
            msg = msg.replace("\n", f"; still different in {tr['reruns'][other]} rerun(s) of each\n", 1)
        if hard:
            res["failures"].append(msg)
            if log_it:
                log("  ** SOUNDNESS " + msg)
        else:
            res.setdefault("gcc_diffs", []).append(msg)


def recompare(res):
    """Re-runs compare() on stored outputs (after a change of the masking),
    for the tests whose stored outputs are complete (not cut to their last
    4000 characters)."""
    for tr in res["tests"]:
        if not all(len(o) < 4000 for o in tr["out"].values()):
            continue
        head = f"test {tr['name']}: "
        res["failures"] = [f for f in res["failures"] if not f.startswith(head)]
        res["gcc_diffs"] = [f for f in res.get("gcc_diffs", []) if not f.startswith(head)]
        res["flaky"] = [f for f in res.get("flaky", []) if not f.startswith(head)]
        compare(res, tr)


def run_test(t, bdir, timeout, extra_env=None):
    """(exit status, wall s, normalized output, CPU s)."""
    env = dict(os.environ)
    env.update(t["env"])
    env.update(extra_env or {})
    with tempfile.TemporaryDirectory(prefix="validate-t-") as tmp, \
            tempfile.TemporaryFile() as out:
        env["TEST_TMPDIR"] = tmp
        env["TMPDIR"] = tmp
        rc, wall, cpu = common.timed(t["cmd"], t["cwd"], timeout, env=env, out=out)
        out.seek(0)
        text = out.read().decode(errors="replace")
    return rc, wall, normalize(text, bdir, tmp), cpu


def variant_env(v):
    return {"ASAN_OPTIONS": ASAN_ENV} if v.startswith("asan") else {}


def outcome(rc, out):
    return rc, ADDR_RE.sub("<addr>", out)


def rerun_differing(tr, tests, bdirs, a):
    """Flaky or not: a test whose result differs between the two builds of a
    compared pair (plugin/plain, asan-plugin/asan) is rerun up to --reruns
    times in both, alternately.  When a run of one build gives a result that
    a run of the other gave, the difference came from the runs, not the
    builds: tr["flaky"][other] (reported by name, not a failure).  Otherwise
    it stays a failure (tr["reruns"][other]: how many reruns); reruns stop
    after the first when each build repeated its own first result."""
    for ref, other, hard in PAIRS:
        if not hard or a.reruns <= 0 or any(tr["rc"].get(v) in (None, "missing") for v in (ref, other)):
            continue
        seen = {v: [outcome(tr["rc"][v], tr["out"][v])] for v in (ref, other)}
        if seen[ref][0] == seen[other][0]:
            continue
        matched = False
        for _ in range(a.reruns):
            for v in (other, ref):
                rc, _, out, _ = run_test(tests[v][tr["name"]], bdirs[v], a.timeout, variant_env(v))
                seen[v].append(outcome(rc, out))
            if set(seen[ref]) & set(seen[other]):
                matched = True
                break
            if len(set(seen[ref])) == 1 and len(set(seen[other])) == 1:
                break  # each build repeated its own result: a deterministic difference
        rcs = {v: [o[0] for o in seen[v]] for v in (ref, other)}
        if matched:
            tr.setdefault("flaky", {})[other] = {"runs": len(rcs[ref]), "rc": rcs}
        else:
            tr.setdefault("reruns", {})[other] = len(rcs[ref]) - 1
            tr.setdefault("rerun_rc", {})[other] = rcs


def alloc_counts(t, bdir, timeout, preload):
    with tempfile.TemporaryDirectory(prefix="validate-a-") as tmp:
        f = os.path.join(tmp, "counts")
        rc = run_test(t, bdir, timeout, {"LD_PRELOAD": preload, "ALLOC_COUNT_OUT": f})[0]
        calls = byts = 0
        for line in open(f) if os.path.exists(f) else []:
            m = re.match(r"allocs=(\d+) bytes=(\d+)", line)
            if m:
                calls += int(m.group(1))
                byts += int(m.group(2))
    return rc, calls, byts


IR_REASON_RE = re.compile(r"stays on the heap: (.*?)(?: \(at [^()]*\))?$")


def ir_reason(msg):
    m = IR_REASON_RE.search(msg)
    if not m:
        return None
    r = m.group(1).split(": ")[0]  # without the hint
    r = re.sub(r"'[^']*'", "<name>", r)  # names of globals, callees
    r = re.sub(r"#\d+", "#N", r)
    return re.sub(r"\s+", " ", r).strip(" ,:")


def ir_remarks(logf, src):
    """Unique positions in the project's own files: kind counts, reasons."""
    text = open(logf, errors="replace").read()
    kinds, reasons, seen = collections.Counter(), collections.Counter(), set()
    srcr = os.path.realpath(src)
    for key, kind, msg, _ in corpus.parse_remarks(text):
        if not kind.startswith("IR:") or key in seen:
            continue
        seen.add(key)
        if not os.path.realpath(key[0]).startswith(srcr + os.sep):
            continue
        kinds[kind] += 1
        if kind == "IR: stays on heap":
            reasons[ir_reason(msg) or "(no reason)"] += 1
    return kinds, reasons


def snapshot_plugin(path, cache):
    """Copies the plugin (and its front end) so that a rebuild of build/ during
    the run does not change what is measured; returns the copy's path.  The
    directory is named by the files' hash and filled by rename, never
    rewritten in place: a concurrent run may be executing those files."""
    d = os.path.dirname(os.path.abspath(path))
    if os.path.dirname(d) == os.path.abspath(cache) and os.path.basename(d).startswith("plugin-"):
        return os.path.abspath(path), os.path.basename(d)[7:]  # already a snapshot
    files = sorted(f for f in os.listdir(d) if f.startswith("ClangEscape") and f.endswith(".so"))
    h = hashlib.sha256()
    for f in files:
        h.update(open(os.path.join(d, f), "rb").read())
    h = h.hexdigest()[:12]
    dst = os.path.join(cache, "plugin-" + h)
    if not os.path.isdir(dst):
        tmp = tempfile.mkdtemp(prefix="plugin-tmp-", dir=cache)
        for f in files:
            shutil.copy2(os.path.join(d, f), tmp)
        try:
            os.rename(tmp, dst)
        except OSError:  # another run made it first
            shutil.rmtree(tmp, ignore_errors=True)
    return os.path.join(dst, os.path.basename(path)), h


def run_project(name, src, a, cache, plugin):
    res = {"name": name, "version": os.path.basename(src), "builds": {}, "tests": [], "reused": a.reuse,
           "summaries": a.summaries,
           "failures": [], "flaky": [], "skipped": SKIP.get(name, (None, None))[1]}
    extra = list(a.cmake_opts.get(name, []))
    if name in GTEST_USERS:
        gsrc = gtest_source(a.corpus)
        if gsrc is None:
            res["failures"].append("GoogleTest source missing: bench/corpus/fetch.sh googletest")
            return res
        res["gtest"] = gsrc
        extra += gtest_opts(name, src, gsrc)
    if name in corpus.PREPARE and not os.path.exists(os.path.join(cache, f"prepared-{name}")):
        r = subprocess.run(corpus.PREPARE[name], cwd=src, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            res["failures"].append(f"prepare failed: {r.stdout[-2000:]}")
            return res
        open(os.path.join(cache, f"prepared-{name}"), "w").close()
    bdirs = {v: os.path.join(cache, name, v) for v in a.variants}
    two_pass = {v: a.summaries and v.endswith("plugin") for v in a.variants}
    for v in a.variants:
        f = variant_flags(v, plugin) + (summary_flags(bdirs[v]) if two_pass[v] else [])
        if not configure(name, src, bdirs[v], v, plugin, extra, flags=f):
            res["failures"].append(f"[{v}] cmake failed: {bdirs[v]}/configure.log")
            return res
    # Builds: timed ones (plain/plugin/gcc) interleaved, order rotated per repeat.
    timed_v = [v for v in ("plain", "plugin", "gcc") if v in a.variants]
    for rep in range(max(1, a.build_repeat)):
        order = timed_v[rep % len(timed_v):] + timed_v[:rep % len(timed_v)] if timed_v else []
        for v in order + ([x for x in a.variants if x not in timed_v] if rep == 0 else []):
            b = (build_two_pass if two_pass[v] else build)(bdirs[v], a.jobs, a.timeout * 4,
                                                           clean=not a.reuse or rep > 0)
            log(f"  [{name}] build {v}: rc={b['rc']} wall {b['wall']:.1f}s cpu {b['cpu']:.1f}s" +
                (f" (second pass; {b['summaries']} summaries, {b['rewritten']} rewritten by it)"
                 if b.get("first") else ""))
            res["builds"].setdefault(v, []).append(b)
            if b["rc"] != 0:
                tail = open(b["log"], errors="replace").read()[-3000:]
                res["failures"].append(f"[{v}] build failed (rc={b['rc']}), {b['log']}:\n{tail}")
                return res
    if name in GTEST_USERS:
        for v in a.variants:
            if not gtest_compiled(bdirs[v]):
                res["failures"].append(f"[{v}] GoogleTest not compiled from source ({bdirs[v]})")
                return res
    if "plugin" in a.variants:
        k, r = ir_remarks(res["builds"]["plugin"][0]["log"], src)
        res["ir"] = {"kinds": dict(k), "reasons": dict(r)}
    # Tests.
    skip = SKIP.get(name, (None,))[0]
    tests = {v: {t["name"]: t for t in ctest_list(bdirs[v]) + extra_tests(name, bdirs[v])}
             for v in a.variants}
    if name in GTEST_SPLIT:  # suites listed by the plain build, run in every build
        suites = {n: gtest_suites(t) for n, t in tests["plain"].items() if native(t, bdirs["plain"])}
        res["gtest_split"] = {n: len(x) for n, x in suites.items() if x}
        tests = {v: split_gtest(tests[v], suites) for v in a.variants}
    names = [n for n in tests[a.variants[0]] if not (skip and re.search(skip, n))]
    if not names:
        res["failures"].append("no tests found (ctest --show-only)")
    preload = os.path.join(cache, "alloc_count.so")
    for n in names:
        tr = {"name": n, "rc": {}, "out": {}, "wall": {}, "allocs": {}, "native": True}
        for v in a.variants:
            t = tests[v].get(n)
            if t is None:
                tr["rc"][v] = "missing"
                continue
            tr["native"] = tr["native"] and native(t, bdirs[v])
            rc, wall, out, _ = run_test(t, bdirs[v], a.timeout, variant_env(v))
            tr["rc"][v], tr["wall"][v], tr["out"][v] = rc, [wall], out
        rerun_differing(tr, tests, bdirs, a)
        compare(res, tr, log_it=True)
        if tr["native"]:
            for v in ("plain", "plugin", "gcc"):
                if v in a.variants:
                    tr["allocs"][v] = alloc_counts(tests[v][n], bdirs[v], a.timeout, preload)
        log(f"  [{name}] test {n}: " + " ".join(f"{v}={tr['rc'][v]}" for v in a.variants) +
            ("" if tr["native"] else " (script)") +
            (f" allocs plain {tr['allocs']['plain'][1]} plugin {tr['allocs'].get('plugin', (0, 0))[1]}"
             if tr["allocs"].get("plain") else ""))
        for v in a.variants:
            tr["out"][v] = tr["out"][v][-4000:]
        res["tests"].append(tr)
    # Speed: the native tests, round-robin, --runs times.
    work = [tr for tr in res["tests"] if tr["native"] and all(
        tr["rc"].get(v) == tr["rc"].get("plain") for v in timed_v)]
    res["workload"] = [tr["name"] for tr in work]
    res["speed"] = {v: [] for v in timed_v}
    res["speed_cpu"] = {v: [] for v in timed_v}
    for rep in range(a.runs):
        order = timed_v[rep % len(timed_v):] + timed_v[:rep % len(timed_v)]
        for v in order:
            wall = cpu = 0.0
            for tr in work:
                r = run_test(tests[v][tr["name"]], bdirs[v], a.timeout)
                wall, cpu = wall + r[1], cpu + r[3]
            res["speed"][v].append(wall)
            res["speed_cpu"][v].append(cpu)
    return res


# --------------------------------------------------------------------------
# Report

def med(xs):
    return corpus.median(xs) if xs else float("nan")


def fmt_ratio(a, b):
    return f"{a / b:.3f}" if b else "–"


def human(n):
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= div:
            return f"{n / div:.1f}{unit}"
    return str(n)


def summary(res):
    s = {"tests": len(res["tests"]), "pass": {}, "same": {}}
    for v in VARIANTS:
        got = [tr for tr in res["tests"] if v in tr["rc"]]
        if got:
            s["pass"][v] = sum(1 for tr in got if tr["rc"][v] == 0)
    for v in ("plugin", "asan-plugin", "gcc"):
        got = [tr for tr in res["tests"] if v in tr.get("same", {})]
        if got:
            s["same"][v] = (sum(1 for tr in got if tr["same"][v]), len(got))
    s["flaky"] = {v: sum(1 for tr in res["tests"] if tr.get("flaky", {}).get(v))
                  for v in ("plugin", "asan-plugin")}
    al = {v: [0, 0] for v in ("plain", "plugin", "gcc")}
    for tr in res["tests"]:
        # a run that crashed counted nothing: only tests that exit alike
        if all(v in tr["allocs"] for v in ("plain", "plugin")) and \
                tr["allocs"]["plain"][0] == tr["allocs"]["plugin"][0]:
            for v, (rc, c, b) in tr["allocs"].items():
                al[v][0] += c
                al[v][1] += b
    s["allocs"] = al
    s["build"] = {v: (med([b["wall"] for b in bs]), med([b["cpu"] for b in bs]))
                  for v, bs in res["builds"].items() if not all(b.get("noop") for b in bs)}
    s["speed"] = {v: med(xs) for v, xs in res.get("speed", {}).items()}
    s["speed_cpu"] = {v: med(xs) for v, xs in res.get("speed_cpu", {}).items()}
    return s


def markdown(results, mach, argv, a):
    L = [f"Measured {mach['date']} on {mach['nproc']} × {mach['cpu']} ({mach['os']}; load "
         f"average at start {' '.join(mach['loadavg'])}, machine shared with other builds).  ",
         f"Compilers: `{mach['clang']}`, `{mach['gcc']}`; plugin at `{mach['plugin_commit']}` "
         f"(plugin files sha256 {mach.get('plugin_hash', '?')}).  ",
         (f"Command: `{argv}`" if isinstance(argv, str) else
          "Commands (partly concurrent; merged with `bench/corpus/validate.py --from-json A.json B.json "
          "... --docs`, per project the last run wins): " + ", ".join(f"`{x}`" for x in argv)), ""]
    on = [r["name"] for r in results if r.get("summaries")]
    if on:
        L += ["**Cross-TU summaries on** in the plugin and asan-plugin builds"
              + ("" if len(on) == len(results) else " of " + ", ".join(on)) +
              ": `+ -fplugin-arg-escape-summaries=<build dir>/escape-summaries "
              "-fplugin-arg-escape-xtu-ir-facts`, each **built in two passes** (a full build from an "
              "empty summary directory writes every unit's summaries, a clean rebuild reads them); "
              "their build times are the second pass's.", ""]
    L += ["**Soundness**: each test of the project's CTest suite, run directly; same = same exit "
          "status and same output (time figures and hex addresses masked) as the reference (plugin vs plain, "
          "asan-plugin vs asan, `ASAN_OPTIONS=" + ASAN_ENV + "`; g++ vs plain for information).  "
          "A test that differs is rerun (up to " + str(a.reruns) + " times in both builds): *flaky* when "
          "a rerun of each build gives the same result (listed by name, not a failure), else a failure.  "
          "GoogleTest binaries of " + ", ".join(GTEST_SPLIT) + " count one test per test suite "
          "(`--gtest_filter=Suite.*`); GoogleTest itself is compiled from source in every build "
          "(`googletest` row: its samples and own tests).", "",
          "| project | tests | pass plain / plugin / g++ | plugin same as plain | pass asan / asan+plugin "
          "| asan+plugin same as asan | g++ same as plain | flaky plugin / asan+plugin |",
          "|---|--:|--:|--:|--:|--:|--:|--:|"]
    sums = [(r, summary(r)) for r in results]

    def same(s, v):
        x = s["same"].get(v)
        return f"{x[0]}/{x[1]}" if x else "–"

    for r, s in sums:
        p = s["pass"]
        L.append(f"| {r['version']} | {s['tests']} | {' / '.join(str(p.get(v, '–')) for v in ('plain', 'plugin', 'gcc'))} "
                 f"| {same(s, 'plugin')} | {p.get('asan', '–')} / {p.get('asan-plugin', '–')} "
                 f"| {same(s, 'asan-plugin')} | {same(s, 'gcc')} "
                 f"| {s['flaky'].get('plugin', 0)} / {s['flaky'].get('asan-plugin', 0)} |")
    L.append("")
    skipped = [(r["name"], r["skipped"]) for r in results if r.get("skipped")]
    if skipped:
        L.append("Not run: " + "; ".join(f"{n}: {w}" for n, w in skipped) + ".")
        L.append("")
    L += ["**Allocations** (the native test binaries under `LD_PRELOAD=alloc_count.so`, summed; "
          "calls and requested bytes) and **speed** (the same binaries, total wall time and total CPU "
          f"time (user+sys), median of {a.runs} round-robin runs):", "",
          "| project | heap calls plain | plugin | removed | heap bytes plain | plugin | g++ calls "
          "| run time plain (s) | plugin / plain | g++ / plain | CPU: plugin / plain | g++ / plain |",
          "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    tot = collections.Counter()
    for r, s in sums:
        al, sp, sc = s["allocs"], s["speed"], s["speed_cpu"]
        pc, qc = al["plain"][0], al["plugin"][0]
        for k, x in (("pc", pc), ("qc", qc), ("pb", al["plain"][1]), ("qb", al["plugin"][1]),
                     ("gc", al["gcc"][0])):
            tot[k] += x
        L.append(f"| {r['name']} | {pc} | {qc} | {pc - qc} ({100 * (pc - qc) / pc if pc else 0:.2f}%) "
                 f"| {human(al['plain'][1])} | {human(al['plugin'][1])} | {al['gcc'][0]} "
                 f"| {sp.get('plain', float('nan')):.2f} | {fmt_ratio(sp.get('plugin', 0), sp.get('plain', 0))} "
                 f"| {fmt_ratio(sp.get('gcc', 0), sp.get('plain', 0))} "
                 f"| {fmt_ratio(sc.get('plugin', 0), sc.get('plain', 0))} | {fmt_ratio(sc.get('gcc', 0), sc.get('plain', 0))} |")
    pc, qc = tot["pc"], tot["qc"]
    L.append(f"| **all** | {pc} | {qc} | **{pc - qc} ({100 * (pc - qc) / pc if pc else 0:.2f}%)** "
             f"| {human(tot['pb'])} | {human(tot['qb'])} | {tot['gc']} | | | | | |")
    L.append("")
    L += [f"**Build time** (whole CMake/Ninja build of library + tests, `ninja -j{a.jobs}`, "
          f"median of {max(1, a.build_repeat)}; CPU = user+sys of all compiler and linker processes; "
          "the plugin build also prints `-Rpass=escape -Rpass-missed=escape` remarks) and the "
          "heap-to-stack pass's **static** result in the projects' own files (unique positions):", "",
          "| project | build plain (s) | plugin (s) | wall ratio | CPU ratio | g++ (s) "
          "| moved to stack | to frame arena | stays on heap |",
          "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    bt = collections.Counter()
    reasons = collections.Counter()
    for r, s in sums:
        b = s["build"]
        k = collections.Counter(r.get("ir", {}).get("kinds", {}))
        reasons.update(r.get("ir", {}).get("reasons", {}))
        for v in ("plain", "plugin", "gcc"):
            if v in b:
                bt["w" + v] += b[v][0]
                bt["c" + v] += b[v][1]
        bt.update({x: k[x] for x in ("IR: stack", "IR: frame arena", "IR: stays on heap")})
        g = lambda v, i: b[v][i] if v in b else 0  # noqa: E731
        L.append(f"| {r['name']} | {g('plain', 0):.1f} | {g('plugin', 0):.1f} | "
                 f"{fmt_ratio(g('plugin', 0), g('plain', 0))} | {fmt_ratio(g('plugin', 1), g('plain', 1))} "
                 f"| {g('gcc', 0):.1f} | {k['IR: stack']} | {k['IR: frame arena']} | {k['IR: stays on heap']} |")
    L.append(f"| **all** | {bt['wplain']:.1f} | {bt['wplugin']:.1f} | **{fmt_ratio(bt['wplugin'], bt['wplain'])}** "
             f"| **{fmt_ratio(bt['cplugin'], bt['cplain'])}** | {bt['wgcc']:.1f} | {bt['IR: stack']} "
             f"| {bt['IR: frame arena']} | {bt['IR: stays on heap']} |")
    L.append("")
    if reasons:
        n = sum(reasons.values())
        L += ["Why the pass leaves allocations on the heap (its `-Rpass-missed=escape` reason, "
              "names elided):", "", "| reason | sites | share |", "|---|--:|--:|"]
        for why, c in reasons.most_common(10):
            L.append(f"| {why} | {c} | {100 * c / n:.0f}% |")
        L.append("")
    fails = [(r["name"], f) for r in results for f in r["failures"]]
    L.append("**Failures**: " + ("none." if not fails else ""))
    for n, f in fails:
        L.append(f"- {n}: " + f.splitlines()[0])
    fl = [(r["name"], f) for r in results for f in r.get("flaky", [])]
    if fl:
        L.append("")
        L.append("**Flaky** (differed, then the same in a rerun; not failures):")
        for n, f in fl:
            L.append(f"- {n}: " + f.splitlines()[0])
    gs = [(r["name"], r["gtest"]) for r in results if r.get("gtest")]
    if gs:
        L.append("")
        L.append("GoogleTest compiled from source: " + "; ".join(
            f"{n} from `{g.replace(ROOT + os.sep, '')}`" for n, g in gs) + ".")
    gd = [(r["name"], f) for r in results for f in r.get("gcc_diffs", [])]
    if gd:
        L.append("")
        L.append("g++ differs from clang++ (not a plugin matter): " +
                 "; ".join(f"{n} {f.splitlines()[0]}" for n, f in gd))
    L.append("")
    return "\n".join(L)


SECTION = "## Soundness, allocations, speed and build time on real code"


NOTES = "### Notes"


def write_docs(md, path):
    """Replaces the section; a hand-written `### Notes` subsection at its end
    is kept."""
    common.replace_section(path, SECTION, "Generated by `bench/corpus/validate.py --docs` "
                           "(see `bench/corpus/README.md`).\n\n" + md, keep=NOTES)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_project_args(ap)
    ap.add_argument("--cache", default=None,
                    help="build directories (default bench/.cache/validate; with --summaries "
                    "bench/.cache/validate-summaries)")
    ap.add_argument("--summaries", action="store_true",
                    help="cross-TU summaries in the plugin and asan-plugin builds, used by the pass "
                    "(-fplugin-arg-escape-summaries=<build dir>/escape-summaries "
                    "-fplugin-arg-escape-xtu-ir-facts), each built in two passes: a full build that "
                    "writes every unit's summaries, then a clean rebuild that reads them")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("-k", "--runs", type=int, default=3, help="timed runs of the tests per variant")
    ap.add_argument("-N", "--build-repeat", type=int, default=1, help="timed builds per variant")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=900, help="per test run (s); builds: 4x")
    ap.add_argument("--reuse", action="store_true",
                    help="no clean rebuild when a build exists (to re-run tests or speed; with "
                    "--from-json, such a result keeps an earlier run's build times)")
    ap.add_argument("--quick", action="store_true", help="tinyxml2 only, 1 timed run (smoke)")
    ap.add_argument("--reruns", type=int, default=3,
                    help="reruns of a test that differs, in both builds, before it is a failure "
                    "(0: none); a rerun that agrees makes it flaky")
    ap.add_argument("--cmake", action="append", default=[], metavar="PROJECT=OPTION",
                    help="an extra CMake option for a project (repeatable), e.g. "
                    "googletest=-Dgtest_build_tests=OFF")
    ap.add_argument("--source", action="append", default=[], metavar="PROJECT=DIR",
                    help="a project's source tree instead of corpus/<project>/*/, e.g. "
                    "googletest=/usr/src/googletest")
    common.add_output_args(ap, "validate")
    a = ap.parse_args()
    a.variants = [v for v in a.variants.split(",") if v]
    a.cmake_opts = {}
    for x in a.cmake:
        n, _, o = x.partition("=")
        a.cmake_opts.setdefault(n, []).append(o)
    a.sources = dict(x.partition("=")[::2] for x in a.source)
    if any(v not in VARIANTS for v in a.variants) or "plain" not in a.variants:
        log(f"validate: --variants: a subset of {','.join(VARIANTS)} with plain")
        return 2
    if a.quick:
        a.runs = 1
        a.projects = a.projects or ["tinyxml2"]
    argv = "bench/corpus/validate.py " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "bench/corpus/validate.py"
    if a.from_json:
        ds = [json.load(open(f)) for f in a.from_json]
        d = ds[0]
        for k in ("runs", "build_repeat", "jobs"):
            setattr(a, k, d["args"][k])
        merged = {}
        for x in ds:
            for r in x["results"]:
                old = merged.get(r["name"])
                if r.get("reused") and old:  # builds that were no-ops: keep the earlier ones
                    for v, bs in list(r["builds"].items()):
                        if all(b.get("noop", True) for b in bs) and v in old["builds"]:
                            r["builds"][v] = old["builds"][v]
                            if v == "plugin":
                                r["ir"] = old.get("ir")
                    for v, bs in old["builds"].items():
                        r["builds"].setdefault(v, bs)
                merged[r["name"]] = r
        for r in merged.values():
            recompare(r)
        order = [n for n, _ in corpus.projects(a.corpus, set()) if n in merged]
        order += [n for n in merged if n not in order]
        if len(ds) > 1:
            d["machine"]["date"] = " / ".join(dict.fromkeys(x["machine"]["date"] for x in ds))
            d["machine"]["loadavg"] = ["/".join(x["machine"]["loadavg"][0] for x in ds)]
            d["machine"]["plugin_hash"] = " / ".join(dict.fromkeys(x["machine"]["plugin_hash"] for x in ds))
            d["argv"] = list(dict.fromkeys(x["argv"] for x in ds))
        md = markdown([merged[n] for n in order], d["machine"], d["argv"], a)
        print(md)
        if a.docs:
            write_docs(md, os.path.join(ROOT, "docs", "benchmarks.md"))
        return 0
    if not os.path.exists(a.plugin):
        log(f"validate: plugin {a.plugin} missing; BUILD_DIR=build scripts/build.sh")
        return 2
    for tool in (CLANG, GCC, "cmake", "ninja", "ctest", "cc"):
        if not shutil.which(tool):
            log(f"validate: {tool} not on PATH")
            return 2
    cache = os.path.abspath(a.cache or os.path.join(
        ROOT, "bench", ".cache", "validate-summaries" if a.summaries else "validate"))
    os.makedirs(cache, exist_ok=True)
    preload = os.path.join(cache, "alloc_count.so")
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", preload,
                    os.path.join(ROOT, "bench", "alloc_count.c")], check=True)
    plugin, phash = snapshot_plugin(a.plugin, cache)
    want = set(a.projects)
    plist = [] if want and want <= set(a.sources) else \
        [(n, s) for n, s in corpus.projects(a.corpus, want - set(a.sources)) if n not in a.sources]
    plist += [(n, os.path.abspath(d)) for n, d in a.sources.items()
              if not a.projects or n in a.projects]
    if not plist:
        log("validate: no project found; run bench/corpus/fetch.sh first")
        return 2
    mach = corpus.machine()
    mach["plugin_hash"] = phash
    return common.run_projects("validate", "validate", plist, lambda name, src: run_project(name, src, a, cache, plugin),
                               mach, argv, a, markdown, write_docs)


if __name__ == "__main__":
    sys.exit(main())
