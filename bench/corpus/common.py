"""Helpers shared by bench/corpus/run.py, validate.py and profile.py: the
repository root, logging, timed runs of a command, the command-line
arguments they take, their per-project driver loop, and the replacement of their generated section in
docs/benchmarks.md.

Python 3 standard library only.
"""
import datetime
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def timed(cmd, cwd, timeout, env=None, out=subprocess.DEVNULL, err=subprocess.STDOUT):
    """(returncode | 'timeout', wall s, cpu s of every waited-for
    descendant).  The command runs in its own process group, which a
    timeout kills whole; stdout goes to `out`, stderr to `err` (default:
    with stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        rc = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        rc = "timeout"
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return rc, wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def add_project_args(ap):
    """The projects to run and the plugin to run them with."""
    ap.add_argument("projects", nargs="*", help="subset of packages.txt (default: all fetched)")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    ap.add_argument("--plugin", default=os.path.join(ROOT, "build", "lib", "ClangEscape.so"))


def add_output_args(ap, stem):
    """Where the results go: docs/benchmarks.md, JSON, re-rendering."""
    ap.add_argument("--docs", action="store_true", help="write the section into docs/benchmarks.md")
    ap.add_argument("--json", default=None,
                    help=f"JSON output (default bench/results/{stem}-<stamp>.json)")
    ap.add_argument("--from-json", nargs="+", default=None, metavar="JSON",
                    help="re-render previous runs' JSON (several: merged, per project the last wins)")


def replace_section(path, section, body, keep=None):
    """Writes `section` (a `## ` heading line) followed by `body` into the
    Markdown file `path`: in place of the current section of that heading
    (up to the next `## ` heading), or appended at the end. With `keep` (a
    subsection heading such as "### Notes"), that hand-written subsection
    of the current section, up to the section's end, is kept after `body`.
    A missing file starts as "# Benchmarks"."""
    text = section + "\n\n" + body + "\n"
    old = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if section in old:
        head, rest = old.split(section, 1)
        nxt = re.search(r"^## ", rest, re.M)
        cur, tail = (rest[:nxt.start()], rest[nxt.start():]) if nxt else (rest, "")
        if keep and keep in cur:
            text += "\n" + keep + cur.split(keep, 1)[1].rstrip("\n") + "\n"
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    open(path, "w").write(new)


def run_projects(tool, stem, plist, run_one, mach, argv, a, markdown, write_docs,
                 failed=lambda r: r["failures"]):
    """The driver loop of run.py, validate.py and profile.py: run_one(name,
    src) for each project, the JSON (machine, command, arguments, results)
    rewritten after each one so that an interrupted run keeps what it
    measured, then the Markdown, printed and (with --docs) written. Returns
    the exit status: 1 when failed(result) holds for a project."""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    jpath = a.json or os.path.join(ROOT, "bench", "results", f"{stem}-{stamp}.json")
    results = []
    for name, src in plist:
        log(f"{tool}: {name} ({src})")
        results.append(run_one(name, src))
        os.makedirs(os.path.dirname(os.path.abspath(jpath)), exist_ok=True)
        json.dump({"machine": mach, "argv": argv, "args": vars(a), "results": results},
                  open(jpath, "w"), indent=1)
    md = markdown(results, mach, argv, a)
    print(md)
    log(f"{tool}: JSON in {jpath}")
    if a.docs:
        write_docs(md, os.path.join(ROOT, "docs", "benchmarks.md"))
    return 1 if any(failed(r) for r in results) else 0
