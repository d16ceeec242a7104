#!/usr/bin/env python3
"""Differential random-program check of clang-escape (programs: gen.py).

Generates --count programs from --seed, --per-tu programs per translation
unit (each in its own namespace, one main printing every checksum), and
compiles every TU four ways:

  plain        clang++-22 -O2
  plugin       clang++-22 -O2 -fplugin=P -fplugin-arg-escape-m -Rpass=escape
  asan         clang++-22 -O1 -fsanitize=address
  asan-plugin  clang++-22 -O1 -fsanitize=address -fplugin=P

(--opt changes -O2, --asan-opt -O1).  Runs them (ASan ones with
ASAN_OPTIONS=detect_stack_use_after_return=1, plain and plugin under the
allocation-counting preload) and fails when:
  - a build fails or a run exits non-zero (an ASan report is a non-zero exit),
  - any variant prints something else than plain,
  - the plugin says "does not escape" for an allocation on a line gen.py
    tagged `// site:escapes` (the object is stored where it outlives its
    function on every path).
Also reports how many sites the pass moved (-Rpass=escape), how many
site:local allocations the analysis proved, and heap calls plain vs plugin,
so that an empty transformation does not pass silently (--min-moved).

With --minimize, a failing TU is split into its programs and each failing
program is reduced line by line (keeping: plain builds and runs cleanly under
ASan, the failure persists) into --out (default bench/fuzz/repro/).

  bench/fuzz/fuzz.py --count 160 --per-tu 40  # the CI smoke (lit/fuzz)
  bench/fuzz/fuzz.py --seed 7 --count 5000 -j 2 --minimize
  bench/fuzz/fuzz.py --source <(bench/fuzz/gen.py --directed bits)   # one file
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen  # noqa: E402

REMARK_RE = re.compile(r"^(.*?):(\d+):(\d+): remark: (.*?)(?: \[-R[^\]]*\])?$")
SITE_RE = re.compile(r"// site:([\w-]+)$")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Ctx:
    def __init__(self, a, work):
        self.a = a
        self.work = work
        self.preload = os.path.join(work, "alloc_count.so")

    def variants(self):
        a = self.a
        p = [f"-fplugin={a.plugin}"]
        return {
            "plain": [a.opt],
            "plugin": [a.opt] + p + ["-fplugin-arg-escape-m", "-Rpass=escape"],
            "asan": [a.asan_opt, "-fsanitize=address", "-fno-omit-frame-pointer"],
            "asan-plugin": [a.asan_opt, "-fsanitize=address", "-fno-omit-frame-pointer"] + p,
        }


def run(cmd, env=None, timeout=120, cwd=None):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                           timeout=timeout, cwd=cwd)
        return r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", "timeout"


def check_tu(ctx, src, name, variants=None):
    """Builds and runs one TU all ways.  Returns a dict with 'problems' (list
    of strings), 'moved', 'proved', 'local_sites', 'allocs'."""
    a = ctx.a
    res = {"problems": [], "moved": 0, "arena": 0, "proved": 0, "local_sites": 0, "allocs": {}}
    lines = src.splitlines()
    path = os.path.join(ctx.work, name + ".cpp")
    open(path, "w").write(src)
    outs = {}
    for v, flags in (variants or ctx.variants()).items():
        exe = os.path.join(ctx.work, f"{name}.{v}")
        rc, _, err = run([a.clang, "-std=c++20", "-w"] + flags + [path, "-o", exe], timeout=600)
        if rc != 0:
            res["problems"].append(f"{v}: build failed ({rc}): {err[-1500:]}")
            if v == "plain":
                return res
            continue
        if v == "plugin":
            res.update(remark_stats(err, lines, os.path.basename(path)))
            res["problems"] += res.pop("violations")
        env = dict(os.environ)
        if v.startswith("asan"):
            env["ASAN_OPTIONS"] = "detect_stack_use_after_return=1:detect_leaks=0"
        else:
            cnt = exe + ".allocs"
            env["LD_PRELOAD"] = ctx.preload
            env["ALLOC_COUNT_OUT"] = cnt
        rc, out, err = run([exe], env=env)
        if not v.startswith("asan"):
            m = re.search(r"allocs=(\d+)", open(cnt).read() if os.path.exists(cnt) else "")
            res["allocs"][v] = int(m.group(1)) if m else 0
        if rc != 0:
            res["problems"].append(f"{v}: exit {rc}: {excerpt(err)}")
        outs[v] = out
        if v != "plain" and "plain" in outs and out != outs["plain"]:
            bad = [f"{x} | {y}" for x, y in zip(outs["plain"].splitlines(), out.splitlines()) if x != y]
            res["problems"].append(f"{v}: output differs from plain: {'; '.join(bad[:5])}")
        if not a.keep:
            for f in (exe, exe + ".allocs"):
                if os.path.exists(f):
                    os.remove(f)
    return res


def excerpt(err):
    """What to show of a failed run's stderr: an ASan report's header (the
    error line and the first frames, a deep recursion's report is thousands
    of identical frames) and its SUMMARY line; otherwise the tail."""
    lines = err.splitlines()
    head = next((i for i, x in enumerate(lines) if "ERROR: AddressSanitizer" in x), None)
    if head is None:
        return err[-1500:]
    summary = [x for x in lines[head:] if x.startswith("SUMMARY:")]
    return "\n".join(lines[head:head + 8] + ["..."] + summary)[:2500]


def remark_stats(err, lines, base):
    st = {"moved": 0, "arena": 0, "proved": 0, "local_sites": 0, "violations": []}
    proved = set()
    for line in err.splitlines():
        m = REMARK_RE.match(line)
        if not m or os.path.basename(m.group(1)) != base:
            continue
        ln, msg = int(m.group(2)), m.group(4)
        if " moved to the stack" in msg:
            st["moved"] += 1
        elif " moved to the frame arena" in msg:
            st["arena"] += 1
        elif re.search(r" does not escape( \(.*\))?$", msg) and not re.match(r"^[A-Za-z_]\w* does not", msg):
            tag = SITE_RE.search(lines[ln - 1]) if ln <= len(lines) else None
            if tag and tag.group(1) == "escapes":
                st["violations"].append(f"line {ln}: '{msg}' but the object escapes: {lines[ln - 1].strip()}")
            elif tag and tag.group(1) == "local":
                proved.add(ln)
    st["proved"] = len(proved)
    st["local_sites"] = sum(1 for x in lines if x.endswith("// site:local"))
    return st


def minimize(ctx, seed, index):
    """Reduces program `index` line by line while it still fails."""
    src = gen.batch(seed, [index], ctx.a.routes)
    counter = [0]

    def fails(text):
        counter[0] += 1
        name = f"min{index}_{counter[0]}"
        r = check_tu(ctx, text, name)
        ok_ref = not any(p.startswith(("plain:", "asan:")) for p in r["problems"])
        return ok_ref and bool(r["problems"]), r["problems"]

    bad, probs = fails(src)
    if not bad:
        return None, probs
    lines = src.splitlines(True)
    n = 2
    while len(lines) >= 2:
        chunk = max(1, len(lines) // n)
        reduced = False
        for i in range(0, len(lines), chunk):
            cand = lines[:i] + lines[i + chunk:]
            b, p = fails("".join(cand))
            if b:
                lines, probs, reduced = cand, p, True
                n = max(n - 1, 2)
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(lines), n * 2)
    return "".join(lines), probs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--first", type=int, default=0, help="index of the first program")
    ap.add_argument("--per-tu", type=int, default=25)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--plugin", default=os.path.join(ROOT, "build", "lib", "ClangEscape.so"))
    ap.add_argument("--clang", default=shutil.which("clang++-22") or "clang++")
    ap.add_argument("--opt", default="-O2")
    ap.add_argument("--asan-opt", default="-O1")
    ap.add_argument("--min-moved", type=int, default=1,
                    help="fail unless the pass moved at least this many sites in all")
    ap.add_argument("--routes", default=",".join(gen.ROUTES),
                    help="optional statement families to generate (comma-separated subset of "
                         f"{','.join(gen.ROUTES)}; empty: none); the default (all) is what seeds mean")
    ap.add_argument("--source", help="check this C++ file (a repro, gen.py --directed) instead of generating")
    ap.add_argument("--minimize", action="store_true")
    ap.add_argument("--out", default=os.path.join(HERE, "repro"))
    ap.add_argument("--keep", action="store_true", help="keep binaries (with --work)")
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    a.routes = tuple(x for x in a.routes.split(",") if x)
    if set(a.routes) - set(gen.ROUTES):
        ap.error(f"--routes: unknown {sorted(set(a.routes) - set(gen.ROUTES))}")
    if not os.path.exists(a.plugin):
        log(f"fuzz: no plugin at {a.plugin}")
        return 2
    work = a.work or tempfile.mkdtemp(prefix="escape-fuzz-")
    os.makedirs(work, exist_ok=True)
    ctx = Ctx(a, work)
    subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", ctx.preload,
                    os.path.join(ROOT, "bench", "alloc_count.c")], check=True)
    if a.source:
        r = check_tu(ctx, open(a.source).read(), os.path.splitext(os.path.basename(a.source))[0])
        for p in r["problems"]:
            log("     " + p.replace("\n", "\n     ")[:3000])
        print(f"fuzz: {a.source}: {'FAILURES' if r['problems'] else 'all identical'}; pass moved {r['moved']} "
              f"site(s) to the stack and {r['arena']} to the frame arena; analysis proved {r['proved']} of "
              f"{r['local_sites']} frame-local sites; heap calls {r['allocs'].get('plain')} plain -> "
              f"{r['allocs'].get('plugin')} with the plugin")
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
        return 1 if r["problems"] else 0
    idx = list(range(a.first, a.first + a.count))
    batches = [idx[i:i + a.per_tu] for i in range(0, len(idx), a.per_tu)]
    tot = {"moved": 0, "arena": 0, "proved": 0, "local_sites": 0, "plain": 0, "plugin": 0}
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = {ex.submit(check_tu, ctx, gen.batch(a.seed, b, a.routes), f"b{b[0]}"): b for b in batches}
        for fu in concurrent.futures.as_completed(futs):
            b, r = futs[fu], fu.result()
            for k in ("moved", "arena", "proved", "local_sites"):
                tot[k] += r[k]
            if r["allocs"].get("plain") is not None and r["allocs"].get("plugin") is not None:
                tot["plain"] += r["allocs"]["plain"]
                tot["plugin"] += r["allocs"]["plugin"]
            status = "FAIL" if r["problems"] else "ok  "
            log(f"{status} seed {a.seed} programs {b[0]}..{b[-1]}: moved {r['moved']}+{r['arena']} "
                f"proved {r['proved']}/{r['local_sites']} heap calls {r['allocs'].get('plain')} -> "
                f"{r['allocs'].get('plugin')}")
            for p in r["problems"]:
                log("     " + p.replace("\n", "\n     ")[:3000])
            if r["problems"]:
                failed.append(b)
    print(f"fuzz: seed {a.seed}, {len(idx)} programs in {len(batches)} TUs: "
          f"{'FAILURES in ' + str(len(failed)) + ' TU(s)' if failed else 'all identical'}; "
          f"pass moved {tot['moved']} site(s) to the stack and {tot['arena']} to the frame arena; "
          f"analysis proved {tot['proved']} of {tot['local_sites']} frame-local sites; "
          f"heap calls {tot['plain']} plain -> {tot['plugin']} with the plugin")
    if a.minimize and failed:
        os.makedirs(a.out, exist_ok=True)
        for b in failed:
            for i in b:
                text, probs = minimize(ctx, a.seed, i)
                if text is None:
                    continue
                out = os.path.join(a.out, f"seed{a.seed}-p{i}.cpp")
                rt = "" if a.routes == gen.ROUTES else f" --routes '{','.join(a.routes)}'"
                open(out, "w").write(f"// bench/fuzz/fuzz.py --seed {a.seed} --first {i} --count 1{rt}, minimised\n"
                                     + "".join(f"// {p.splitlines()[0]}\n" for p in probs) + text)
                print(f"fuzz: minimised program {i} -> {out}")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        return 1
    if tot["moved"] + tot["arena"] < a.min_moved:
        print(f"fuzz: the pass moved {tot['moved'] + tot['arena']} sites (< --min-moved {a.min_moved}): "
              "the differential check tested nothing")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
