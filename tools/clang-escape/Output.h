//===- Output.h - clang-escape reports: text, JSON, SARIF, HTML -*- C++ -*-===//
//
// The command-line tool turns each translation unit's remarks into plain
// records (no Clang types, so they outlive the AST), merges them across
// translation units and prints them in one of the formats documented in
// docs/output-formats.md.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TOOL_OUTPUT_H
#define CLANG_ESCAPE_TOOL_OUTPUT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

namespace escape {
namespace tool {

/// A source position. Line and Col are 1-based, Col counts bytes (as Clang
/// prints it); Char and EndChar are 0-based UTF-16 code unit offsets of the
/// start and of the end of the token there (LSP and SARIF columns).
struct Point {
  std::string File; ///< absolute path, or a pseudo name such as <built-in>
  unsigned Line = 0, Col = 0;
  unsigned Char = 0, EndChar = 0;
};

struct NoteRecord {
  Point At;
  std::string Message; ///< `flow: ...:`, `from ... (reason)`, `hint: ...`
};

/// A fix-it: text edits that apply one rewrite of the
/// escape-frame-local-allocation check (plugin/clang/Rewrite.h), served as
/// an LSP code action (docs/ide.md).
struct FixRecord {
  struct Edit {
    Point Begin, End; ///< End: its Char is the end (exclusive)
    std::string Text;
  };
  std::string Title;
  std::vector<Edit> Edits;
};

struct RemarkRecord {
  Point At;
  std::string Message;
  bool Param = false;    ///< a parameter remark (code `leak`), else a site
  std::string Placement; ///< sites: heap, stack or arena; "" for params
  bool Escapes = false;  ///< sites: escapes; params: leaks
  std::string Reason;    ///< when Escapes: what finally made it escape
  std::vector<NoteRecord> Notes; ///< -m=2 only
  std::vector<FixRecord> Fixes;
};

/// The outcome of one translation unit (one entry of the database).
struct FileOutcome {
  std::string File;      ///< absolute path of the main file
  bool Analysed = false; ///< compiled and analysed
  bool CompileFailed = false;
  bool Crashed = false;    ///< crashed (compiler or analysis): a tool error
  std::string Diagnostics; ///< compiler output, kept for failed units
  std::vector<RemarkRecord> Remarks;
  /// Failed ESCAPE_STACK assertions (plugin/clang/Assert.h), as errors with
  /// their -m=2 notes; any makes the tool exit 1.
  std::vector<RemarkRecord> AssertionFailures;
};

struct Summary {
  unsigned Files = 0, Failed = 0, Crashed = 0;
  unsigned Sites = 0, Stack = 0, Arena = 0, Heap = 0;
  unsigned ParamRemarks = 0, Leaking = 0;
  std::map<std::string, unsigned> SiteReasons; ///< escaping sites by reason
  std::map<std::string, unsigned> ParamReasons;
};

/// Everything the tool prints: remarks merged over all translation units,
/// deduplicated and sorted by file, line and column.
struct Result {
  unsigned Level = 1;
  std::vector<std::string> Files; ///< analysed main files + remark files
  std::vector<RemarkRecord> Remarks;
  std::vector<FileOutcome> Failures; ///< units that failed or crashed
  Summary S;
  int ExitCode = 0;
  /// The project's root directory (absolute, no trailing slash), or empty:
  /// SARIF locations under it are relative to `%SRCROOT%`, and a baseline's
  /// paths are compared relative to it (--source-root, docs/ci.md).
  std::string SourceRoot;
  /// --format=html --profile: the escape profile's counts of each source
  /// line that has sites, keyed by (absolute file, line).
  std::map<std::pair<std::string, unsigned>, std::string> ProfileLines;
};

/// Merges per-unit outcomes (in database order) into a Result.
Result merge(std::vector<FileOutcome> Outcomes, unsigned Level);

/// `file:line:col: message`, notes indented under their remark.
void writeText(llvm::raw_ostream &OS, const Result &R, llvm::StringRef Cwd);
/// JSON lines: per file a header record, then one LSP Diagnostic per remark.
void writeJson(llvm::raw_ostream &OS, const Result &R);
/// One SARIF 2.1.0 log.
void writeSarif(llvm::raw_ostream &OS, const Result &R);
/// index.html and one annotated page per file, in Dir (which exists).
/// Returns an error message, empty on success.
std::string writeHtml(llvm::StringRef Dir, const Result &R);
/// A SARIF 2.1.0 log of one run of this tool, written to OS: the driver
/// with \p Rules, the \p Results, the run's \p Properties, one invocation
/// (its exit code and \p Notifications) and, when \p SourceRoot is not
/// empty, the %SRCROOT% base of relative locations.
void writeSarifLog(llvm::raw_ostream &OS, llvm::json::Array Rules,
                   llvm::json::Array Results, llvm::json::Object Properties,
                   int ExitCode, llvm::json::Array Notifications,
                   llvm::StringRef SourceRoot);
/// A SARIF reportingDescriptor (a rule) whose default level is note.
llvm::json::Value sarifRule(const char *Id, const char *Name, const char *Text);
/// A SARIF physicalLocation of P, relative to %SRCROOT% when under Root.
llvm::json::Value sarifLocation(const Point &P, llvm::StringRef Root);
/// Text escaped for HTML (element content and attribute values).
std::string htmlEscape(llvm::StringRef S);
/// The start of an HTML page of the report, up to and including <body>:
/// the report's style sheet, and its script when \p Script.
void htmlHead(llvm::raw_ostream &OS, llvm::StringRef Title, bool Script);
/// The end-of-run summary (printed on stderr).
void writeSummary(llvm::raw_ostream &OS, const Summary &S);

/// The indent of a -m=2 note in text, Go's layout: flows and hints by
/// two spaces, their steps (`from ...`) by four.
llvm::StringRef noteIndent(const NoteRecord &N);

/// `file:///abs/path` with reserved characters percent-encoded.
std::string fileUri(llvm::StringRef Path);
/// The inverse of the encoding: `%41` -> `A`; a malformed escape is kept as
/// is.
std::string percentDecode(llvm::StringRef S);
/// A relative URI reference (`src/a%20b.cpp`) of a relative path.
std::string relativeUri(llvm::StringRef RelPath);
/// The LSP Diagnostic of a remark (as in --format=json).
llvm::json::Value lspDiagnostic(const RemarkRecord &Rec);
/// An LSP Range on one line, from P.Char to P.EndChar.
llvm::json::Value lspRange(const Point &P);
/// Path relative to Root (a directory, no trailing slash) when strictly
/// under it, else empty.
std::string relativeTo(llvm::StringRef File, llvm::StringRef Root);
/// Path relative to Cwd when under it, else as is.
std::string displayPath(llvm::StringRef File, llvm::StringRef Cwd);

extern const char *const ToolName;
extern const char *const ToolVersion;

} // namespace tool
} // namespace escape

#endif // CLANG_ESCAPE_TOOL_OUTPUT_H
