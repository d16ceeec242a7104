//===- Lsp.cpp - clang-escape --lsp: a language server --------------------===//
//
// One thread: read every message that is already there, then analyse the
// documents that changed, so a burst of didChange notifications costs one
// analysis. Malformed input (bad framing, invalid JSON, wrong parameters) is
// answered with a JSON-RPC error or logged on stderr, never a crash.
//
//===----------------------------------------------------------------------===//
#include "Lsp.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <map>
#include <poll.h>
#include <unistd.h>

using namespace escape::tool;
using namespace escape::tool::lsp;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

// JSON-RPC and LSP error codes.
enum ErrorCode {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  ServerNotInitialized = -32002,
};

/// Reads Content-Length framed messages from a file descriptor.
class Reader {
public:
  explicit Reader(int FD) : FD(FD) {}

  enum Status { Message, Malformed, End };

  /// The next message body in Body; Malformed with the reason in Error
  /// (the reader resynchronises after the bad header); End at the end of
  /// the input (Error says if a message was cut short).
  Status next(std::string &Body, std::string &Error) {
    static constexpr size_t MaxHeader = 64 << 10, MaxBody = 256 << 20;
    size_t HeaderEnd;
    while ((HeaderEnd = Buf.find("\r\n\r\n")) == std::string::npos) {
      if (Buf.size() > MaxHeader) {
        Error = "no end of message header (\\r\\n\\r\\n) in " +
                std::to_string(Buf.size()) + " bytes; input discarded";
        Buf.clear();
        return Malformed;
      }
      if (!fill()) {
        if (!llvm::StringRef(Buf).trim().empty())
          Error = "input ended inside a message header";
        return End;
      }
    }
    llvm::StringRef Header = llvm::StringRef(Buf).take_front(HeaderEnd);
    std::optional<size_t> Length;
    llvm::SmallVector<llvm::StringRef, 4> Lines;
    Header.split(Lines, "\r\n");
    for (llvm::StringRef Line : Lines) {
      auto [Name, Val] = Line.split(':');
      size_t N;
      if (Name.trim().equals_insensitive("Content-Length") &&
          !Val.trim().getAsInteger(10, N))
        Length = N;
    }
    if (!Length || *Length > MaxBody) {
      Error = Length
                  ? "Content-Length " + std::to_string(*Length) +
                        " exceeds the limit of 256 MiB"
                  : "message header without a valid Content-Length: '" +
                        llvm::StringRef(Buf).take_front(HeaderEnd).str() + "'";
      Buf.erase(0, HeaderEnd + 4);
      return Malformed;
    }
    size_t Total = HeaderEnd + 4 + *Length;
    while (Buf.size() < Total)
      if (!fill()) {
        Error = "input ended inside a message body (Content-Length " +
                std::to_string(*Length) + ", " +
                std::to_string(Buf.size() - HeaderEnd - 4) + " bytes read)";
        return End;
      }
    Body = Buf.substr(HeaderEnd + 4, *Length);
    Buf.erase(0, Total);
    return Message;
  }

  /// Whether a message may be read without waiting.
  bool pending() {
    if (Buf.find("\r\n\r\n") != std::string::npos)
      return true;
    pollfd P{FD, POLLIN, 0};
    return ::poll(&P, 1, 0) > 0;
  }

private:
  bool fill() {
    char Chunk[65536];
    while (true) {
      ssize_t N = ::read(FD, Chunk, sizeof(Chunk));
      if (N > 0) {
        Buf.append(Chunk, N);
        return true;
      }
      if (N < 0 && errno == EINTR)
        continue;
      return false;
    }
  }

  int FD;
  std::string Buf;
};

/// The absolute path of a file:// URI, or "" for other schemes.
std::string uriToPath(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return "";
  Uri.consume_front("localhost"); // file://localhost/path
  if (!Uri.starts_with("/"))
    return "";
  llvm::SmallString<256> P(percentDecode(Uri));
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

/// Byte offset in Text of an LSP position (0-based line, UTF-16 character);
/// positions past the end of a line or of the text are clamped.
size_t offsetOf(llvm::StringRef Text, int64_t Line, int64_t Char) {
  size_t Off = 0;
  for (int64_t L = 0; L < Line; ++L) {
    size_t NL = Text.find('\n', Off);
    if (NL == llvm::StringRef::npos)
      return Text.size();
    Off = NL + 1;
  }
  for (int64_t U = 0; U < Char && Off < Text.size() && Text[Off] != '\n';) {
    unsigned char C = Text[Off];
    unsigned Len = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 1;
    U += Len == 4 ? 2 : 1;
    Off = std::min(Text.size(), Off + Len);
  }
  return Off;
}

struct Document {
  std::string Uri;
  std::string Text;
  int64_t Version = 0;
  bool Dirty = true;
  bool Warned = false;
  std::vector<RemarkRecord> Remarks; ///< as last published
};

/// A JSON-RPC failure while handling a message: becomes an error response
/// (requests) or a log line (notifications).
struct Failure {
  int Code;
  std::string Message;
};

} // namespace

/// The command that turns the inline remarks (published diagnostics) off
/// and on, like gopls's compiler-details toggle; hover works either way.
constexpr llvm::StringLiteral ToggleCommand = "clang-escape.toggleDiagnostics";

struct Server::Impl {
  Config C;
  llvm::raw_ostream *Out = nullptr, *Log = nullptr;
  bool Initialized = false, ShuttingDown = false, Exit = false;
  /// Whether remarks are published as diagnostics (the "diagnostics"
  /// setting); the analysis runs either way, for hover.
  bool ShowDiagnostics = true;
  std::map<std::string, Document> Docs; ///< by absolute path

  void send(Object Msg) {
    Msg["jsonrpc"] = "2.0";
    std::string Body;
    llvm::raw_string_ostream OS(Body);
    OS << Value(std::move(Msg));
    OS.flush();
    *Out << "Content-Length: " << Body.size() << "\r\n\r\n" << Body;
    Out->flush();
  }
  void reply(const Value &Id, Value Result) {
    send(Object{{"id", Id}, {"result", std::move(Result)}});
  }
  void replyError(const Value &Id, int Code, const std::string &Message) {
    send(Object{{"id", Id},
                {"error", Object{{"code", Code}, {"message", Message}}}});
  }
  void notify(llvm::StringRef Method, Value Params) {
    send(Object{{"method", Method}, {"params", std::move(Params)}});
  }
  void logMessage(int Type, const std::string &Message) {
    *Log << "clang-escape: lsp: " << Message << '\n';
    Log->flush();
    notify("window/logMessage",
           Object{{"type", Type}, {"message", "clang-escape: " + Message}});
  }

  // Parameter access. A failure is recorded in Fail (the first one wins)
  // and the handler returns; handle() turns it into an error response.
  std::optional<Failure> Fail;
  std::nullptr_t fail(int Code, std::string Message) {
    if (!Fail)
      Fail = Failure{Code, std::move(Message)};
    return nullptr;
  }
  const Object *object(const Object *O, llvm::StringRef What) {
    return O ? O
             : fail(InvalidParams,
                    "missing or non-object '" + What.str() + "'");
  }
  const std::string *string(const Object &O, llvm::StringRef Key,
                            llvm::StringRef What, std::string &Slot) {
    if (std::optional<llvm::StringRef> S = O.getString(Key))
      return &(Slot = S->str());
    return fail(InvalidParams,
                "missing or non-string '" + What.str() + "." + Key.str() + "'");
  }
  /// The path of params.textDocument.uri; "" after a failure.
  std::string documentPath(const Object &Params, std::string *UriOut) {
    const Object *TD =
        object(Params.getObject("textDocument"), "params.textDocument");
    std::string Uri;
    if (!TD || !string(*TD, "uri", "textDocument", Uri))
      return "";
    std::string Path = uriToPath(Uri);
    if (Path.empty())
      fail(InvalidParams, "only file:// URIs are supported: " + Uri);
    if (UriOut)
      *UriOut = Uri;
    return Path;
  }
  /// The open document of params.textDocument; nullptr after a failure.
  Document *document(const Object &Params, std::string *PathOut = nullptr) {
    std::string Uri, Path = documentPath(Params, &Uri);
    if (Path.empty())
      return nullptr;
    auto It = Docs.find(Path);
    if (It == Docs.end())
      return fail(InvalidParams, "document not open: " + Uri);
    if (PathOut)
      *PathOut = Path;
    return &It->second;
  }

  void didOpen(const Object &Params) {
    std::string Uri, Path = documentPath(Params, &Uri), Text;
    if (Path.empty() || !string(*Params.getObject("textDocument"), "text",
                                "textDocument", Text))
      return;
    Document &D = Docs[Path];
    D.Uri = Uri;
    D.Text = std::move(Text);
    D.Version =
        Params.getObject("textDocument")->getInteger("version").value_or(0);
    D.Dirty = true;
  }

  void didChange(const Object &Params) {
    Document *D = document(Params);
    if (!D)
      return;
    const Array *Changes = Params.getArray("contentChanges");
    if (!Changes) {
      fail(InvalidParams, "missing 'params.contentChanges'");
      return;
    }
    // Applied to a copy: a bad change leaves the document as it was.
    std::string NewText = D->Text;
    for (const Value &V : *Changes) {
      const Object *Change = object(V.getAsObject(), "contentChanges[i]");
      std::string Text;
      if (!Change || !string(*Change, "text", "contentChanges[i]", Text))
        return;
      const Object *Range = Change->getObject("range");
      if (!Range) {
        NewText = std::move(Text);
        continue;
      }
      std::optional<size_t> Offsets[2];
      for (int K = 0; K < 2; ++K) {
        const char *Key = K ? "end" : "start";
        const Object *P = Range->getObject(Key);
        std::optional<int64_t> Line = P ? P->getInteger("line") : std::nullopt;
        std::optional<int64_t> Char =
            P ? P->getInteger("character") : std::nullopt;
        if (!Line || !Char || *Line < 0 || *Char < 0) {
          fail(InvalidParams, std::string("bad position in range.") + Key);
          return;
        }
        Offsets[K] = offsetOf(NewText, *Line, *Char);
      }
      if (*Offsets[1] < *Offsets[0]) {
        fail(InvalidParams, "range ends before it starts");
        return;
      }
      NewText.replace(*Offsets[0], *Offsets[1] - *Offsets[0], Text);
    }
    D->Text = std::move(NewText);
    D->Version = Params.getObject("textDocument")
                     ->getInteger("version")
                     .value_or(D->Version + 1);
    D->Dirty = true;
  }

  void didSave(const Object &Params) {
    Document *D = document(Params);
    if (!D)
      return;
    if (std::optional<llvm::StringRef> Text = Params.getString("text"))
      D->Text = Text->str();
    D->Dirty = true; // the headers it includes may have changed on disk
  }

  void didClose(const Object &Params) {
    std::string Path;
    Document *D = document(Params, &Path);
    if (!D)
      return;
    notify("textDocument/publishDiagnostics",
           Object{{"uri", D->Uri}, {"diagnostics", Array{}}});
    Docs.erase(Path);
  }

  static Value position(const Point &P, unsigned Char) {
    return Object{{"line", P.Line ? P.Line - 1 : 0}, {"character", Char}};
  }

  /// The fix-its of the remarks on the lines of params.range.
  Value codeActions(const Object &Params) {
    Document *D = document(Params);
    const Object *Range = object(Params.getObject("range"), "params.range");
    if (!D || !Range)
      return nullptr;
    const Object *Start = Range->getObject("start"),
                 *End = Range->getObject("end");
    std::optional<int64_t> First =
                               Start ? Start->getInteger("line") : std::nullopt,
                           Last = End ? End->getInteger("line") : std::nullopt;
    if (!First || !Last)
      return fail(InvalidParams, "bad position in params.range");
    Array Actions;
    for (const RemarkRecord &Rec : D->Remarks) {
      int64_t L = int64_t(Rec.At.Line) - 1;
      if (L < *First || L > *Last)
        continue;
      for (const FixRecord &Fix : Rec.Fixes) {
        Object Changes;
        for (const FixRecord::Edit &E : Fix.Edits) {
          std::string Uri =
              E.Begin.File == Rec.At.File ? D->Uri : fileUri(E.Begin.File);
          if (!Changes.getArray(Uri))
            Changes[Uri] = Array{};
          Changes.getArray(Uri)->push_back(Object{
              {"range", Object{{"start", position(E.Begin, E.Begin.Char)},
                               {"end", position(E.End, E.End.Char)}}},
              {"newText", E.Text}});
        }
        Actions.push_back(
            Object{{"title", Fix.Title},
                   {"kind", "quickfix"},
                   {"diagnostics", Array{lspDiagnostic(Rec)}},
                   {"edit", Object{{"changes", std::move(Changes)}}}});
      }
    }
    return Actions;
  }

  /// Analyses every changed document with the text of all open ones.
  void analyseDirty() {
    for (auto &[Path, D] : Docs) {
      if (!D.Dirty)
        continue;
      D.Dirty = false;
      auto Mem = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
      for (const auto &[P, Open] : Docs)
        Mem->addFile(P, 0, llvm::MemoryBuffer::getMemBufferCopy(Open.Text, P));
      auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
          llvm::vfs::getRealFileSystem());
      FS->pushOverlay(Mem);
      FileOutcome Outcome;
      std::string Warning;
      C.Analyse(Path, FS, Outcome, Warning);
      if (!Warning.empty() && !D.Warned) {
        D.Warned = true;
        logMessage(2, Warning);
      }
      if (Outcome.Crashed)
        logMessage(1, Path + ": the analysis crashed; no remarks");
      else if (Outcome.CompileFailed)
        logMessage(4, Path +
                          ": does not compile; no escape remarks until "
                          "it does:\n" +
                          Outcome.Diagnostics);
      D.Remarks.clear();
      for (RemarkRecord &Rec : Outcome.Remarks)
        if (Rec.At.File == Path)
          D.Remarks.push_back(std::move(Rec));
      publish(D);
    }
  }

  /// Publishes D's remarks, or none while diagnostics are off.
  void publish(const Document &D) {
    Array Diags;
    if (ShowDiagnostics)
      for (const RemarkRecord &Rec : D.Remarks)
        Diags.push_back(lspDiagnostic(Rec));
    notify("textDocument/publishDiagnostics",
           Object{{"uri", D.Uri},
                  {"version", D.Version},
                  {"diagnostics", std::move(Diags)}});
  }

  /// Turns the inline remarks on or off; republishes when that changes.
  void showDiagnostics(bool Show) {
    if (Show == ShowDiagnostics)
      return;
    ShowDiagnostics = Show;
    for (const auto &[Path, D] : Docs)
      if (!D.Dirty) // a dirty one is published after its analysis
        publish(D);
  }

  /// The "diagnostics" setting of an initializationOptions or settings
  /// object, also accepted nested under "clang-escape" (VS Code style).
  std::optional<bool> diagnosticsSetting(const Object *O) {
    if (!O)
      return std::nullopt;
    if (const Object *Nested = O->getObject("clang-escape"))
      O = Nested;
    const Value *V = O->get("diagnostics");
    if (!V)
      return std::nullopt;
    if (std::optional<bool> B = V->getAsBoolean())
      return B;
    logMessage(1, "setting 'diagnostics' must be true or false; ignored");
    return std::nullopt;
  }

  /// Hover on a remark's token: its verdict and, at -m=2, the flow that
  /// makes it escape, in Markdown (the remarks of that position only).
  Value hover(const Object &Params) {
    Document *D = document(Params);
    const Object *Pos =
        D ? object(Params.getObject("position"), "params.position") : nullptr;
    if (!Pos)
      return nullptr;
    std::optional<int64_t> Line = Pos->getInteger("line"),
                           Char = Pos->getInteger("character");
    if (!Line || !Char || *Line < 0 || *Char < 0)
      return fail(InvalidParams, "bad params.position");
    std::string Text;
    const RemarkRecord *First = nullptr;
    for (const RemarkRecord &Rec : D->Remarks) {
      if (int64_t(Rec.At.Line) - 1 != *Line || *Char < Rec.At.Char ||
          *Char > std::max(Rec.At.EndChar, Rec.At.Char))
        continue;
      if (!First)
        First = &Rec;
      else
        Text += "\n\n---\n\n";
      Text += "**clang-escape**: " + Rec.Message;
      if (Rec.Notes.empty())
        continue;
      Text += "\n\n```text\n";
      for (const NoteRecord &N : Rec.Notes) {
        std::string Where = N.At.File == Rec.At.File
                                ? "line " + std::to_string(N.At.Line)
                                : llvm::sys::path::filename(N.At.File).str() +
                                      ":" + std::to_string(N.At.Line);
        Text += noteIndent(N).str() + N.Message + " (" + Where + ")\n";
      }
      Text += "```";
    }
    if (!First)
      return nullptr;
    return Object{
        {"contents", Object{{"kind", "markdown"}, {"value", std::move(Text)}}},
        {"range", Object{{"start", position(First->At, First->At.Char)},
                         {"end", position(First->At, First->At.EndChar)}}}};
  }

  /// workspace/executeCommand: the diagnostics toggle.
  Value executeCommand(const Object &Params) {
    std::optional<llvm::StringRef> Command = Params.getString("command");
    if (!Command)
      return fail(InvalidParams, "missing or non-string 'params.command'");
    if (*Command != ToggleCommand)
      return fail(InvalidParams, "unknown command '" + Command->str() +
                                     "'; the server has " +
                                     ToggleCommand.str());
    showDiagnostics(!ShowDiagnostics);
    return Object{{"diagnostics", ShowDiagnostics}};
  }

  Value initializeResult() {
    return Object{
        {"capabilities",
         Object{{"positionEncoding", "utf-16"},
                {"textDocumentSync",
                 Object{{"openClose", true},
                        {"change", 1}, // full text
                        {"save", Object{{"includeText", false}}}}},
                {"codeActionProvider",
                 Object{{"codeActionKinds", Array{"quickfix"}}}},
                {"hoverProvider", true},
                {"executeCommandProvider",
                 Object{{"commands", Array{ToggleCommand}}}}}},
        {"serverInfo", Object{{"name", ToolName}, {"version", ToolVersion}}}};
  }

  /// Handles a request; returns its result (or records a failure).
  Value request(llvm::StringRef Method, const Object &Params) {
    if (Method == "initialize") {
      if (Initialized)
        return fail(InvalidRequest, "initialize sent twice");
      Initialized = true;
      if (std::optional<bool> Show =
              diagnosticsSetting(Params.getObject("initializationOptions")))
        ShowDiagnostics = *Show;
      if (C.Configure) {
        std::string Error =
            C.Configure(Params.getObject("initializationOptions"));
        if (!Error.empty())
          logMessage(1, "initializationOptions: " + Error +
                            "; using the defaults");
      }
      return initializeResult();
    }
    if (!Initialized)
      return fail(ServerNotInitialized,
                  "the server is not initialized: send initialize first");
    if (ShuttingDown)
      return fail(InvalidRequest, "the server is shutting down: only the "
                                  "exit notification is accepted");
    if (Method == "shutdown") {
      ShuttingDown = true;
      return nullptr;
    }
    if (Method == "textDocument/codeAction")
      return codeActions(Params);
    if (Method == "textDocument/hover")
      return hover(Params);
    if (Method == "workspace/executeCommand")
      return executeCommand(Params);
    return fail(MethodNotFound, "method not found: " + Method.str());
  }

  void notification(llvm::StringRef Method, const Object &Params) {
    if (Method == "exit") {
      Exit = true;
      return;
    }
    if (!Initialized || ShuttingDown)
      return; // dropped, as LSP says
    if (Method == "textDocument/didOpen")
      didOpen(Params);
    else if (Method == "textDocument/didChange")
      didChange(Params);
    else if (Method == "textDocument/didSave")
      didSave(Params);
    else if (Method == "textDocument/didClose")
      didClose(Params);
    else if (Method == "workspace/didChangeConfiguration") {
      if (std::optional<bool> Show =
              diagnosticsSetting(Params.getObject("settings")))
        showDiagnostics(*Show);
    }
    // Others (initialized, $/cancelRequest, workspace/...) are ignored.
  }

  void handle(llvm::StringRef Body) {
    llvm::Expected<Value> Parsed = llvm::json::parse(Body);
    if (!Parsed) {
      std::string Why = llvm::toString(Parsed.takeError());
      *Log << "clang-escape: lsp: invalid JSON: " << Why << '\n';
      replyError(nullptr, ParseError, "invalid JSON: " + Why);
      return;
    }
    const Object *Msg = Parsed->getAsObject();
    const Value *Id = Msg ? Msg->get("id") : nullptr;
    bool ValidId = Id && (Id->getAsInteger() || Id->getAsString());
    std::optional<llvm::StringRef> Method =
        Msg ? Msg->getString("method") : std::nullopt;
    if (!Method) {
      if (Msg && Id && (Msg->get("result") || Msg->get("error")))
        return; // a response: the server sends no requests
      *Log << "clang-escape: lsp: invalid message (not a JSON-RPC request "
              "or notification): "
           << Body.take_front(200) << '\n';
      replyError(ValidId ? *Id : Value(nullptr), InvalidRequest,
                 "not a JSON-RPC request or notification (an object with a "
                 "string 'method')");
      return;
    }
    if (Id && !ValidId) {
      replyError(nullptr, InvalidRequest, "'id' must be a number or string");
      return;
    }
    static const Object NoParams;
    const Value *P = Msg->get("params");
    const Object *Params =
        P && P->kind() != Value::Null ? P->getAsObject() : &NoParams;
    Fail.reset();
    Value Result = nullptr;
    if (!Params)
      fail(InvalidParams, "'params' must be an object");
    else if (Id)
      Result = request(*Method, *Params);
    else
      notification(*Method, *Params);
    if (!Fail) {
      if (Id)
        reply(*Id, std::move(Result));
      return;
    }
    std::string Text = Method->str() + ": " + Fail->Message;
    if (Id)
      replyError(*Id, Fail->Code, Text);
    else
      *Log << "clang-escape: lsp: ignored notification " << Text << '\n';
  }
};

Server::Server(Config C) : I(std::make_unique<Impl>()) { I->C = std::move(C); }
Server::~Server() = default;

int Server::run(int InFD, llvm::raw_ostream &Out, llvm::raw_ostream &Log) {
  I->Out = &Out;
  I->Log = &Log;
  Reader R(InFD);
  while (!I->Exit) {
    std::string Body, Error;
    Reader::Status S = R.next(Body, Error);
    if (S == Reader::End) {
      if (!Error.empty())
        Log << "clang-escape: lsp: " << Error << '\n';
      if (!I->ShuttingDown)
        Log << "clang-escape: lsp: input closed before shutdown and exit\n";
      return I->ShuttingDown ? 0 : 1;
    }
    if (S == Reader::Malformed) {
      Log << "clang-escape: lsp: malformed message: " << Error << '\n';
      continue;
    }
    I->handle(Body);
    if (!I->Exit && !R.pending())
      I->analyseDirty();
  }
  return I->ShuttingDown ? 0 : 1;
}
