"""A scripted LSP client for `clang-escape --lsp` (docs/ide.md). It speaks
JSON-RPC with Content-Length framing over the server's stdin/stdout, plays
a session and prints what the server answers, one line per fact, for
FileCheck:

    INIT ...                      capabilities of the initialize result
    DIAGS <file> v<version> n=<count>
    DIAG <line>:<start>-<end> sev=<severity> <code> <message> related=<n>
    REL <file>:<line>:<start> <message>
    LOG <type> <first line>       window/logMessage
    RESULT/ERROR <id> ...         responses
    EXIT <status>
    STDERR <line>                 the server's stderr

Usage: lsp_client.py <scenario> <clang-escape> <project dir> [args]
Scenarios: session (the full session; args: server arguments), hover
(args: <file> <line:char>...: hover there, then the diagnostics toggle),
discover (no
-p, databases found per file; args: the files to open), eof (input closed
without shutdown), actions (args: <file> <compiler> [flags]: asks for the
code actions of the whole file, applies each one ON ITS OWN to the original
text, as an editor does, compiles and runs the result and compares its
output with the original program's: ACTION <title>: same output).
Every wait has a timeout: a server that hangs fails the test."""
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.parse

TIMEOUT = 60


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()
        self.next_id = 0

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                k, _, v = line.partition(":")
                headers[k.strip().lower()] = v.strip()
            if "content-length" not in headers:
                self.inbox.put(("bad", headers))
                continue
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def _read_err(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip("\n"))

    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        msg = dict(msg, jsonrpc="2.0")
        body = json.dumps(msg).encode("utf-8")
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send_many(self, msgs):
        data = b""
        for msg in msgs:
            body = json.dumps(dict(msg, jsonrpc="2.0")).encode("utf-8")
            data += b"Content-Length: %d\r\n\r\n" % len(body) + body
        self.raw(data)

    def notify(self, method, params=None):
        msg = {"method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    def recv(self):
        try:
            msg = self.inbox.get(timeout=TIMEOUT)
        except queue.Empty:
            fail("no message from the server in %d s" % TIMEOUT)
        if msg is None:
            fail("the server closed its output")
        if isinstance(msg, tuple):
            fail("message without Content-Length: %r" % (msg[1],))
        if msg.get("jsonrpc") != "2.0":
            fail("not JSON-RPC 2.0: %r" % msg)
        return msg

    def wait(self, pred, what):
        """Messages until pred(msg); logs and diagnostics on the way are
        printed."""
        while True:
            msg = self.recv()
            if pred(msg):
                return msg
            show(msg)

    def response(self, id):
        return self.wait(lambda m: "method" not in m and m.get("id") == id,
                         "response %r" % id)

    def diagnostics(self):
        msg = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics",
            "diagnostics")
        show(msg)
        return msg


def path_of(uri):
    assert uri.startswith("file://"), uri
    return os.path.basename(urllib.parse.unquote(uri[len("file://"):]))


def show(msg):
    method = msg.get("method")
    if method == "textDocument/publishDiagnostics":
        p = msg["params"]
        print("DIAGS %s v%s n=%d" % (path_of(p["uri"]), p.get("version"),
                                     len(p["diagnostics"])))
        for d in p["diagnostics"]:
            r = d["range"]
            assert r["start"]["line"] == r["end"]["line"], r
            rel = d.get("relatedInformation", [])
            print("DIAG %d:%d-%d sev=%d %s %s related=%d" % (
                r["start"]["line"] + 1, r["start"]["character"],
                r["end"]["character"], d["severity"], d["code"],
                d["message"], len(rel)))
            assert d["source"] == "clang-escape", d
            for ri in rel:
                loc = ri["location"]
                print("REL %s:%d:%d %s" % (
                    path_of(loc["uri"]), loc["range"]["start"]["line"] + 1,
                    loc["range"]["start"]["character"], ri["message"]))
    elif method == "window/logMessage":
        p = msg["params"]
        print("LOG %d %s" % (p["type"], p["message"].split("\n")[0]))
    elif "id" in msg and "method" not in msg:
        if "error" in msg:
            print("ERROR %s %d %s" % (msg["id"], msg["error"]["code"],
                                      msg["error"]["message"]))
        else:
            print("RESULT %s %s" % (msg["id"], json.dumps(
                msg["result"], sort_keys=True)))
    else:
        print("OTHER " + json.dumps(msg, sort_keys=True))


def finish(c, stdin_open=True):
    if stdin_open:
        c.proc.stdin.close()
    try:
        status = c.proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        c.proc.kill()
        fail("the server did not exit")
    print("EXIT %d" % status)
    for line in c.stderr:
        print("STDERR " + line)
    sys.stdout.flush()


def session(c, proj, _):
    uri = "file://" + urllib.parse.quote(os.path.join(proj, "c.cpp"))
    # Requests before initialize are refused.
    show(c.response(c.request("textDocument/hover", {})))
    # Every remark, parameters that do not escape included (by default the
    # server leaves those out: lsp-filters.test).
    init = c.response(c.request("initialize", {
        "processId": os.getpid(), "rootUri": "file://" + proj,
        "capabilities": {},
        "initializationOptions": {"parameters": "all"}}))["result"]
    caps = init["capabilities"]
    print("INIT server=%s sync=%s save=%s codeAction=%s encoding=%s "
          "hover=%s commands=%s" % (
              init["serverInfo"]["name"], caps["textDocumentSync"]["change"],
              json.dumps(caps["textDocumentSync"]["save"]),
              caps["codeActionProvider"]["codeActionKinds"],
              caps["positionEncoding"], caps["hoverProvider"],
              caps["executeCommandProvider"]["commands"]))
    c.notify("initialized", {})

    # The editor's text, not the file on disk: fresh() is on line 3 on disk;
    # this buffer adds a line above it and a function disk has not.
    text = open(os.path.join(proj, "c.cpp")).read()
    text = text.replace("int *fresh()", "// unsaved line\nint *fresh()")
    text += "int *more() { int *m = new int(8); return m; }\n"
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
    c.diagnostics()

    # Full-text change: more() no longer returns its allocation.
    text = text.replace("return m; }", "int v = *m; delete m; return v ? "
                        "nullptr : nullptr; }")
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": text}]})
    c.diagnostics()

    # Ranged changes, two in one write (one analysis, of the last version):
    # line 2 "{ last = p; }" -> "{ int *q = p; }" (p no longer leaks), then
    # line 1 "extern int *last;" -> "static int *last;".
    def ranged(version, line, start, end, new):
        return {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {
                "start": {"line": line, "character": start},
                "end": {"line": line, "character": end}}, "text": new}]}}
    c.send_many([ranged(3, 1, 24, 33, "int *q = p;"),
                 ranged(4, 0, 0, 6, "static")])
    c.diagnostics()

    # Code actions: the fix-its of the remarks on the lines asked.
    show(c.response(c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0},
                  "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": []}})))

    # A save re-analyses (headers may have changed on disk).
    c.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    c.diagnostics()

    # Code that does not compile: no remarks, and a log message why.
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5},
        "contentChanges": [{"text": text + "int broken( {\n"}]})
    c.diagnostics()

    # Unknown methods: an error for a request, nothing for notifications.
    c.notify("$/unknownNotification", {"x": 1})
    c.notify("workspace/didChangeConfiguration", {"settings": {}})
    show(c.response(c.request("textDocument/definition", {
        "textDocument": {"uri": uri},
        "position": {"line": 0, "character": 0}})))

    # Malformed input: errors, and the server keeps serving.
    body = b"{not json"
    c.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    show(c.recv())
    body = b"[1, 2]"
    c.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    show(c.recv())
    c.raw(b"Content-Type: text/plain\r\n\r\n")
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri}})
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:1",
                                                       "text": ""}})
    show(c.response(c.request("textDocument/codeAction", {
        "textDocument": {"uri": "file:///not/open.cpp"},
        "range": {}})))
    show(c.response(c.request("initialize", {})))

    c.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    c.diagnostics()
    show(c.response(c.request("shutdown")))
    show(c.response(c.request("textDocument/codeAction", {})))
    c.notify("exit")
    finish(c, stdin_open=False)


def discover(c, proj, files):
    """No -p: each file's compile_commands.json is found as clangd finds it
    (b.cpp needs its -Iinc); a file without one is analysed without flags,
    with a warning once."""
    c.response(c.request("initialize", {
        "capabilities": {}, "initializationOptions": {"parameters": "all"}}))
    c.notify("initialized", {})
    for name in files:
        path = os.path.join(proj, name)
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": "file://" + path, "languageId": "cpp", "version": 1,
            "text": open(path).read()}})
        c.diagnostics()
    show(c.response(c.request("shutdown")))
    c.notify("exit")
    finish(c, stdin_open=False)


def eof(c, proj, _):
    show(c.response(c.request("initialize", {"capabilities": {}})))
    body = b'{"jsonrpc":"2.0","method":"initialized","params":{}}'
    c.raw(b"Content-Length: %d\r\n\r\n" % (len(body) + 10) + body)
    finish(c)


def apply_edits(text, edits):
    """The text with LSP TextEdits applied (positions in UTF-16 code units;
    the inputs are ASCII)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos):
        return starts[pos["line"]] + pos["character"]
    for e in sorted(edits, key=lambda e: offset(e["range"]["start"]),
                    reverse=True):
        b, en = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:b] + e["newText"] + text[en:]
    return text


def build_and_run(src, out_dir, name, cxx):
    exe = os.path.join(out_dir, name)
    r = subprocess.run(cxx + [src, "-o", exe], capture_output=True, text=True)
    if r.returncode:
        fail("%s does not compile:\n%s" % (src, r.stderr))
    r = subprocess.run([exe], capture_output=True, text=True, timeout=TIMEOUT)
    if r.returncode:
        fail("%s exits with %d" % (exe, r.returncode))
    return r.stdout


def actions(c, proj, rest):
    path, cxx = os.path.join(proj, rest[0]), rest[1:]
    uri = "file://" + urllib.parse.quote(path)
    text = open(path).read()
    c.response(c.request("initialize", {"capabilities": {}}))
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
    c.diagnostics()
    result = c.response(c.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": 0, "character": 0},
                  "end": {"line": text.count("\n"), "character": 0}},
        "context": {"diagnostics": []}}))["result"]
    want = build_and_run(path, proj, "original", cxx)
    for k, action in enumerate(result):
        changes = action["edit"]["changes"]
        if list(changes) != [uri]:
            fail("action %d edits other files: %s" % (k, list(changes)))
        applied = os.path.join(proj, "action%d.cpp" % k)
        with open(applied, "w") as f:
            f.write(apply_edits(text, changes[uri]))
        got = build_and_run(applied, proj, "action%d" % k, cxx)
        print("ACTION %s: %s" % (action["title"],
                                 "same output" if got == want else
                                 "DIFFERENT OUTPUT %r, not %r" % (got, want)))
    print("ACTIONS %d" % len(result))
    show(c.response(c.request("shutdown")))
    c.notify("exit")
    finish(c, stdin_open=False)


def options(c, proj, rest):
    """initializationOptions (rest[0], JSON, or - for none) filter the
    remarks of the file rest[1]."""
    params = {"capabilities": {}}
    if rest[0] != "-":
        params["initializationOptions"] = json.loads(rest[0])
    c.response(c.request("initialize", params))
    c.notify("initialized", {})
    path = os.path.abspath(rest[1])
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": "file://" + path, "languageId": "cpp", "version": 1,
        "text": open(path).read()}})
    c.diagnostics()
    show(c.response(c.request("shutdown")))
    c.notify("exit")
    finish(c, stdin_open=False)


def hover(c, proj, rest):
    """Hover and the diagnostics toggle on the file rest[0]: hover at each
    position rest[1:] ("line:character", 1-based line, 0-based UTF-16
    character) prints HOVER <line>:<char> then the Markdown, one line per
    line; then the remarks are turned off by workspace/didChangeConfiguration
    (hover still answers), on and off again by the toggle command, and on
    by a setting nested under "clang-escape"."""
    path = os.path.abspath(rest[0])
    uri = "file://" + urllib.parse.quote(path)
    c.response(c.request("initialize", {"capabilities": {}}))
    c.notify("initialized", {})
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1,
        "text": open(path).read()}})
    c.diagnostics()

    def hover_at(spec):
        line, char = (int(x) for x in spec.split(":"))
        r = c.response(c.request("textDocument/hover", {
            "textDocument": {"uri": uri},
            "position": {"line": line - 1, "character": char}}))
        if "error" in r:
            show(r)
            return
        res = r["result"]
        if res is None:
            print("HOVER %s null" % spec)
            return
        rg = res["range"]
        print("HOVER %s range=%d:%d-%d kind=%s" % (
            spec, rg["start"]["line"] + 1, rg["start"]["character"],
            rg["end"]["character"], res["contents"]["kind"]))
        for text in res["contents"]["value"].split("\n"):
            print("| " + text)
    for spec in rest[1:]:
        hover_at(spec)
    c.notify("workspace/didChangeConfiguration",
             {"settings": {"diagnostics": False}})
    c.diagnostics()
    hover_at(rest[1])
    # The server republishes before it answers: the diagnostics are shown
    # while waiting for the response.
    for _ in range(2):
        show(c.response(c.request("workspace/executeCommand", {
            "command": "clang-escape.toggleDiagnostics"})))
    c.notify("workspace/didChangeConfiguration",
             {"settings": {"clang-escape": {"diagnostics": True}}})
    c.diagnostics()
    show(c.response(c.request("workspace/executeCommand",
                              {"command": "nope"})))
    show(c.response(c.request("textDocument/hover", {
        "textDocument": {"uri": uri}})))
    show(c.response(c.request("shutdown")))
    c.notify("exit")
    finish(c, stdin_open=False)


def main():
    scenario, tool, proj, rest = sys.argv[1], sys.argv[2], sys.argv[3], \
        sys.argv[4:]
    # discover: the rest are the files to open; otherwise server arguments.
    server_args = [] if scenario == "discover" else rest
    if scenario == "options":
        server_args = ["-m=1", "--", "-std=c++17"]
    if scenario == "hover":
        server_args = ["-m=2", "--", "-std=c++17"]
    if scenario == "actions":
        # The compilation database the server reads: the file, compiled
        # with the flags given.
        with open(os.path.join(proj, "compile_commands.json"), "w") as f:
            json.dump([{"directory": os.path.abspath(proj), "file": rest[0],
                        "arguments": rest[1:] + ["-c", rest[0]]}], f)
        server_args = ["-p", proj]
    c = Client([tool, "--lsp"] + server_args)
    {"session": session, "discover": discover, "eof": eof,
     "actions": actions, "options": options, "hover": hover}[scenario](
        c, os.path.abspath(proj), rest)


main()
