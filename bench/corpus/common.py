"""Helpers shared by bench/corpus/run.py and bench/corpus/validate.py: the
repository root, logging, the command-line arguments both take, and the
replacement of their generated section in docs/benchmarks.md.

Python 3 standard library only.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


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
