"""Prints the fields of `clang-escape profile` output that
static-join.test checks, one site a line, for FileCheck.

  fields.py json:  basename:line function static_verdict | static_reason | flow steps
  fields.py sarif: checks the SARIF log's shape (it is JSON, one run, rule
                   escape-profile-missed), then one result a line.
"""
import json
import os
import sys

doc = json.load(sys.stdin)
if sys.argv[1] == "json":
    for s in doc["sites"]:
        if "static_verdict" not in s:
            print("{}:{} no static fields".format(os.path.basename(s["file"]), s["line"]))
            continue
        assert isinstance(s["static_flow"], list), s
        print("{}:{} {} | {} | {} | {} flow steps".format(
            os.path.basename(s["file"]), s["line"], s["function"],
            s["static_verdict"], s["static_reason"], len(s["static_flow"])))
else:
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["escape-profile-missed"], rules
    print("totals allocations={}".format(run["properties"]["totals"]["allocations"]))
    for r in run["results"]:
        assert r["ruleId"] == "escape-profile-missed" and r["level"] == "note", r
        loc = r["locations"][0]["physicalLocation"]
        p = r["properties"]
        print("{}:{}:{} {} allocations={} frame_local={} max_live={} | {}".format(
            os.path.basename(loc["artifactLocation"]["uri"]),
            loc["region"]["startLine"], loc["region"]["startColumn"],
            p["function"], p["allocations"], p["frame_local"], p["max_live"],
            r["message"]["text"]))
