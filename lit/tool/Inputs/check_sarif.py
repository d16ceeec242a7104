"""Checks a SARIF 2.1.0 log against the parts of the OASIS schema
(sarif-schema-2.1.0.json) that clang-escape uses: required properties,
no properties the schema does not define (it says additionalProperties:
false), types, enums and minimums. Prints the results for FileCheck:
    RESULT <ruleId> <level> <path>:<startLine>:<startColumn> <message> [flow=N]
Usage: check_sarif.py <log.sarif>"""
import json
import sys
import urllib.parse

# type: (required, allowed) for the object types clang-escape writes; the
# allowed sets are those of the schema (abridged to what a tool writes).
SCHEMA = {
    "log": ({"version", "runs"}, {"$schema", "version", "runs",
                                  "inlineExternalProperties", "properties"}),
    "run": ({"tool"}, {"tool", "invocations", "conversion", "language",
                       "versionControlProvenance", "originalUriBaseIds",
                       "artifacts", "logicalLocations", "graphs", "results",
                       "automationDetails", "runAggregates",
                       "baselineGuid", "redactionTokens",
                       "defaultEncoding", "defaultSourceLanguage",
                       "newlineSequences", "columnKind",
                       "externalPropertyFileReferences", "threadFlowLocations",
                       "taxonomies", "addresses", "translations", "policies",
                       "webRequests", "webResponses", "specialLocations",
                       "properties"}),
    "tool": ({"driver"}, {"driver", "extensions", "properties"}),
    "toolComponent": ({"name"}, {
        "guid", "name", "organization", "product", "productSuite",
        "shortDescription", "fullDescription", "fullName", "version",
        "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc",
        "downloadUri", "informationUri", "globalMessageStrings",
        "notifications", "rules", "taxa", "locations", "language",
        "contents", "isComprehensive", "localizedDataSemanticVersion",
        "minimumRequiredLocalizedDataSemanticVersion",
        "associatedComponent", "translationMetadata",
        "supportedTaxonomies", "properties"}),
    "reportingDescriptor": ({"id"}, {
        "id", "deprecatedIds", "guid", "deprecatedGuids", "name",
        "deprecatedNames", "shortDescription", "fullDescription",
        "messageStrings", "defaultConfiguration", "helpUri", "help",
        "relationships", "properties"}),
    "reportingConfiguration": (set(), {"enabled", "level", "rank",
                                       "parameters", "properties"}),
    "multiformatMessageString": ({"text"}, {"text", "markdown",
                                            "properties"}),
    "message": (set(), {"text", "markdown", "id", "arguments",
                        "properties"}),
    "invocation": ({"executionSuccessful"}, {
        "commandLine", "arguments", "responseFiles", "startTimeUtc",
        "endTimeUtc", "exitCode", "ruleConfigurationOverrides",
        "notificationConfigurationOverrides",
        "toolExecutionNotifications", "toolConfigurationNotifications",
        "exitCodeDescription", "exitSignalName", "exitSignalNumber",
        "processStartFailureMessage", "executionSuccessful", "machine",
        "account", "processId", "executableLocation", "workingDirectory",
        "environmentVariables", "stdin", "stdout", "stderr",
        "stdoutStderr", "properties"}),
    "notification": ({"message"}, {"locations", "message", "level",
                                   "threadId", "timeUtc", "exception",
                                   "descriptor", "associatedRule",
                                   "properties"}),
    "result": ({"message"}, {
        "ruleId", "ruleIndex", "rule", "kind", "level", "message",
        "analysisTarget", "locations", "guid", "correlationGuid",
        "occurrenceCount", "partialFingerprints", "fingerprints", "stacks",
        "codeFlows", "graphs", "graphTraversals", "relatedLocations",
        "suppressions", "baselineState", "rank", "attachments",
        "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa",
        "webRequest", "webResponse", "properties"}),
    "location": (set(), {"id", "physicalLocation", "logicalLocations",
                         "message", "annotations", "relationships",
                         "properties"}),
    "physicalLocation": (set(), {"address", "artifactLocation", "region",
                                 "contextRegion", "properties"}),
    "artifactLocation": (set(), {"uri", "uriBaseId", "index",
                                 "description", "properties"}),
    "region": (set(), {"startLine", "startColumn", "endLine", "endColumn",
                       "charOffset", "charLength", "byteOffset",
                       "byteLength", "snippet", "message", "sourceLanguage",
                       "properties"}),
    "codeFlow": ({"threadFlows"}, {"message", "threadFlows", "properties"}),
    "threadFlow": ({"locations"}, {"id", "message", "initialState",
                                   "immutableState", "locations",
                                   "properties"}),
    "threadFlowLocation": (set(), {
        "index", "location", "stack", "kinds", "taxa", "module", "state",
        "nestingLevel", "executionOrder", "executionTimeUtc", "importance",
        "webRequest", "webResponse", "properties"}),
}


def fail(msg):
    sys.exit("check_sarif: " + msg)


def obj(value, kind, where):
    if not isinstance(value, dict):
        fail(f"{where}: {kind} is not an object")
    required, allowed = SCHEMA[kind]
    if not required <= set(value):
        fail(f"{where}: {kind} lacks {sorted(required - set(value))}")
    if not set(value) <= allowed:
        fail(f"{where}: {kind} has {sorted(set(value) - allowed)}")
    if "properties" in value and not isinstance(value["properties"], dict):
        fail(f"{where}: properties is not a property bag")
    return value


def array(value, where, min_items=0):
    if not isinstance(value, list) or len(value) < min_items:
        fail(f"{where}: not an array of at least {min_items} items")
    return value


def integer(value, where, minimum):
    if not isinstance(value, int) or isinstance(value, bool) or \
            value < minimum:
        fail(f"{where}: {value!r} is not an integer >= {minimum}")


def message(value, where):
    obj(value, "message", where)
    if "text" not in value and "id" not in value:
        fail(f"{where}: message without text or id")


def physical(value, where):
    obj(value, "physicalLocation", where)
    if "artifactLocation" not in value and "address" not in value:
        fail(f"{where}: physicalLocation without artifactLocation/address")
    art = obj(value["artifactLocation"], "artifactLocation", where)
    if "uriBaseId" in art:
        if art["uriBaseId"] not in BASES:
            fail(f"{where}: uriBaseId {art['uriBaseId']} is not in "
                 "originalUriBaseIds")
        if art["uri"].startswith("/") or ":" in art["uri"].split("/")[0]:
            fail(f"{where}: uri {art['uri']} is not a relative reference")
    elif not art["uri"].startswith("file:///"):
        fail(f"{where}: uri {art['uri']}")
    if "region" in value:
        reg = obj(value["region"], "region", where)
        integer(reg["startLine"], where + ".startLine", 1)
        integer(reg["startColumn"], where + ".startColumn", 1)
        if "endColumn" in reg:
            integer(reg["endColumn"], where + ".endColumn", 1)
            if reg["endColumn"] < reg["startColumn"]:
                fail(f"{where}: endColumn before startColumn")


def location(value, where):
    obj(value, "location", where)
    if "physicalLocation" in value:
        physical(value["physicalLocation"], where)
    if "message" in value:
        message(value["message"], where)


# originalUriBaseIds of the run being checked: id -> absolute file:// URI.
BASES = {}


def resolve(art):
    """The absolute path of an artifactLocation."""
    uri = art["uri"]
    if "uriBaseId" in art:
        uri = urllib.parse.urljoin(BASES[art["uriBaseId"]], uri)
    return urllib.parse.unquote(uri[7:])


def where_of(loc):
    p = loc["physicalLocation"]
    path = resolve(p["artifactLocation"])
    r = p.get("region", {})
    return f"{path}:{r.get('startLine', 0)}:{r.get('startColumn', 0)}"


with open(sys.argv[1], encoding="utf-8") as f:
    log = obj(json.load(f), "log", "log")
if log["version"] != "2.1.0":
    fail("version is not 2.1.0")
for ri, run in enumerate(array(log["runs"], "runs", 1)):
    w = f"runs[{ri}]"
    obj(run, "run", w)
    obj(run["tool"], "tool", w + ".tool")
    BASES.clear()
    for base, art in run.get("originalUriBaseIds", {}).items():
        obj(art, "artifactLocation", f"{w}.originalUriBaseIds")
        # SARIF 3.14.14: an absolute URI ending in a slash.
        if not art["uri"].startswith("file:///") or \
                not art["uri"].endswith("/"):
            fail(f"{w}: originalUriBaseIds {base}: uri {art['uri']}")
        BASES[base] = art["uri"]
        print("BASE", base, resolve(art))
    driver = obj(run["tool"]["driver"], "toolComponent", w + ".driver")
    rules = array(driver.get("rules", []), w + ".rules")
    for i, rule in enumerate(rules):
        obj(rule, "reportingDescriptor", f"{w}.rules[{i}]")
        if "shortDescription" in rule:
            obj(rule["shortDescription"], "multiformatMessageString",
                f"{w}.rules[{i}]")
        if "defaultConfiguration" in rule:
            obj(rule["defaultConfiguration"], "reportingConfiguration",
                f"{w}.rules[{i}]")
    if run.get("columnKind", "utf16CodeUnits") not in ("utf16CodeUnits",
                                                       "unicodeCodePoints"):
        fail(f"{w}: columnKind")
    for ii, inv in enumerate(array(run.get("invocations", []), w)):
        obj(inv, "invocation", f"{w}.invocations[{ii}]")
        if not isinstance(inv["executionSuccessful"], bool):
            fail(f"{w}: executionSuccessful is not a boolean")
        for ni, note in enumerate(
                array(inv.get("toolExecutionNotifications", []), w)):
            obj(note, "notification", f"{w}.notifications[{ni}]")
            message(note["message"], f"{w}.notifications[{ni}]")
            if note.get("level") not in (None, "none", "note", "warning",
                                         "error"):
                fail(f"{w}: notification level {note['level']}")
            for loc in note.get("locations", []):
                location(loc, f"{w}.notifications[{ni}]")
            print("NOTIFICATION", note.get("level"),
                  where_of(note["locations"][0]), note["message"]["text"])
        print("INVOCATION executionSuccessful="
              f"{str(inv['executionSuccessful']).lower()} "
              f"exitCode={inv.get('exitCode')}")
    for i, res in enumerate(array(run.get("results", []), w + ".results")):
        rw = f"{w}.results[{i}]"
        obj(res, "result", rw)
        message(res["message"], rw)
        if res.get("level", "warning") not in ("none", "note", "warning",
                                               "error"):
            fail(f"{rw}: level {res['level']}")
        if "ruleIndex" in res:
            integer(res["ruleIndex"], rw + ".ruleIndex", -1)
            if rules[res["ruleIndex"]]["id"] != res.get("ruleId"):
                fail(f"{rw}: ruleIndex does not match ruleId")
        for loc in array(res.get("locations", []), rw + ".locations", 1):
            location(loc, rw)
        flow = 0
        for cf in array(res.get("codeFlows", []), rw + ".codeFlows"):
            obj(cf, "codeFlow", rw)
            for tf in array(cf["threadFlows"], rw + ".threadFlows", 1):
                obj(tf, "threadFlow", rw)
                for tl in array(tf["locations"], rw + ".locations", 1):
                    obj(tl, "threadFlowLocation", rw)
                    if "nestingLevel" in tl:
                        integer(tl["nestingLevel"], rw + ".nestingLevel", 0)
                    location(tl["location"], rw)
                    flow += 1
        print(f"RESULT {res.get('ruleId')} {res.get('level')} "
              f"{where_of(res['locations'][0])} {res['message']['text']}"
              + (f" flow={flow}" if flow else ""))
        if flow:
            for cf in res["codeFlows"]:
                for tf in cf["threadFlows"]:
                    for tl in tf["locations"]:
                        print(f"  STEP {tl.get('nestingLevel', 0)} "
                              f"{where_of(tl['location'])} "
                              f"{tl['location']['message']['text']}")
print("OK")
