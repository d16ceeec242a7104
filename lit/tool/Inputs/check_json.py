"""Checks clang-escape --format=json output (docs/output-formats.md) and
prints one line per record for FileCheck:
    FILE <path>
    <line>:<start>-<end> <code> <placement|-> <reason|-> <message> [notes=N]
    NOTE <uri-path>:<line>:<start>-<end> <message>
Usage: check_json.py <output> [--m2]"""
import json
import sys
import urllib.parse

path, m2 = sys.argv[1], "--m2" in sys.argv[2:]
CODES = {"escape", "leak"}


def fail(msg):
    sys.exit("check_json: " + msg)


def check_range(r, where):
    if set(r) != {"start", "end"}:
        fail(f"{where}: range keys {sorted(r)}")
    for k in ("start", "end"):
        p = r[k]
        if set(p) != {"line", "character"} or not all(
                isinstance(p[x], int) and p[x] >= 0 for x in p):
            fail(f"{where}: bad position {p}")
    if (r["end"]["line"], r["end"]["character"]) < (
            r["start"]["line"], r["start"]["character"]):
        fail(f"{where}: range ends before it starts")


def source_text(file, r):
    """The UTF-16 slice of the source that the range covers (one line)."""
    with open(file, encoding="utf-8") as f:
        line = f.read().split("\n")[r["start"]["line"]]
    units = line.encode("utf-16-le")
    s, e = r["start"]["character"], r["end"]["character"]
    return units[2 * s:2 * e].decode("utf-16-le")


header = None
last = None
files = []
with open(path, encoding="utf-8") as f:
    lines = f.read().splitlines()
if not lines:
    fail("no output")
for n, text in enumerate(lines, 1):
    rec = json.loads(text)  # every line is one JSON value
    where = f"line {n}"
    if "version" in rec:
        if set(rec) - {"path"} != {"version", "tool", "tool_version", "file",
                                    "uri"}:
            fail(f"{where}: header keys {sorted(rec)}")
        if rec["version"] != 0 or rec["tool"] != "clang-escape":
            fail(f"{where}: bad header {rec}")
        if rec["uri"] != "file://" + urllib.parse.quote(rec["file"]):
            fail(f"{where}: uri {rec['uri']} does not match {rec['file']}")
        # "path" (files under the source root) is relative, in '/' form.
        if "path" in rec and not rec["file"].endswith("/" + rec["path"]) or \
                rec["path"].startswith("/"):
            fail(f"{where}: path {rec['path']} is not {rec['file']} "
                 "relative to a root")
        if files and rec["file"] <= files[-1]:
            fail(f"{where}: files not sorted / repeated")
        files.append(rec["file"])
        header, last = rec, None
        print("FILE", rec["file"])
        continue
    if header is None:
        fail(f"{where}: diagnostic before any header")
    allowed = {"range", "severity", "code", "source", "message", "data",
               "relatedInformation"}
    if not set(rec) <= allowed or not {"range", "severity", "code", "source",
                                       "message"} <= set(rec):
        fail(f"{where}: diagnostic keys {sorted(rec)}")
    check_range(rec["range"], where)
    if rec["severity"] != 3 or rec["source"] != "clang-escape":
        fail(f"{where}: severity/source {rec['severity']} {rec['source']}")
    if rec["code"] not in CODES:
        fail(f"{where}: code {rec['code']}")
    key = (rec["range"]["start"]["line"], rec["range"]["start"]["character"])
    if last is not None and key < last:
        fail(f"{where}: diagnostics not sorted by position")
    last = key
    # The range covers the token the remark is about.
    tok = source_text(header["file"], rec["range"])
    msg = rec["message"]
    data = rec["data"]
    if rec["code"] == "escape":
        if not (tok in ("new", "malloc") or tok.startswith("make_")
                or msg.startswith(tok)):
            fail(f"{where}: range covers {tok!r} for {msg!r}")
        if data["placement"] not in ("heap", "stack", "arena"):
            fail(f"{where}: placement {data}")
        if data["escapes"] != (data["placement"] == "heap"):
            fail(f"{where}: escapes/placement disagree {data}")
    else:
        name = msg.split(": ")[1].split(" ")[0] if msg.startswith(
            "leaking") else msg.split(" ")[0]
        if tok != name:
            fail(f"{where}: range covers {tok!r}, parameter is {name!r}")
        if "placement" in data:
            fail(f"{where}: a parameter has a placement")
    if data["escapes"] != ("reason" in data):
        fail(f"{where}: reason iff escapes {data}")
    related = rec.get("relatedInformation", [])
    if m2 and data["escapes"] and rec["code"] == "escape" and not related:
        fail(f"{where}: -m=2 escaping site without its flow")
    if not m2 and related:
        fail(f"{where}: notes without -m=2")
    print(f"{key[0]}:{key[1]}-{rec['range']['end']['character']} "
          f"{rec['code']} {data.get('placement', '-')} "
          f"{data.get('reason', '-')} {msg}"
          + (f" notes={len(related)}" if related else ""))
    for r in related:
        if set(r) != {"location", "message"} or set(r["location"]) != {
                "uri", "range"}:
            fail(f"{where}: relatedInformation {r}")
        check_range(r["location"]["range"], where)
        uri = r["location"]["uri"]
        if not uri.startswith("file:///"):
            fail(f"{where}: related uri {uri}")
        p = r["location"]["range"]["start"]
        print(f"NOTE {urllib.parse.unquote(uri[7:])}:{p['line']}:"
              f"{p['character']}-{r['location']['range']['end']['character']}"
              f" {r['message']}")
print("OK", len(files), "files")
