//===- Output.cpp - clang-escape reports: text, JSON, SARIF ---------------===//
#include "Output.h"
#include "analysis/StableSort.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace escape::tool;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

const char *const escape::tool::ToolName = "clang-escape";
const char *const escape::tool::ToolVersion = CLANG_ESCAPE_VERSION;

Result escape::tool::merge(std::vector<FileOutcome> Outcomes, unsigned Level) {
  Result R;
  R.Level = Level;
  std::set<std::string> Files;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Seen;
  for (FileOutcome &O : Outcomes) {
    ++R.S.Files;
    if (O.Analysed)
      Files.insert(O.File);
    if (O.CompileFailed)
      ++R.S.Failed;
    if (O.Crashed)
      ++R.S.Crashed;
    for (RemarkRecord &Rec : O.Remarks) {
      // A header is analysed once per unit that includes it (--headers).
      if (!Seen.insert({Rec.At.File, Rec.At.Line, Rec.At.Col, Rec.Message})
               .second)
        continue;
      Files.insert(Rec.At.File);
      R.Remarks.push_back(std::move(Rec));
    }
    O.Remarks.clear();
    if (O.CompileFailed || O.Crashed)
      R.Failures.push_back(std::move(O));
  }
  R.Files.assign(Files.begin(), Files.end());
  escape::stableSort(R.Remarks,
                     [](const RemarkRecord &X, const RemarkRecord &Y) {
                       return std::tie(X.At.File, X.At.Line, X.At.Col) <
                              std::tie(Y.At.File, Y.At.Line, Y.At.Col);
                     });

  std::set<std::tuple<std::string, unsigned, unsigned>> Params, Leaking;
  for (const RemarkRecord &Rec : R.Remarks) {
    if (Rec.Param) {
      Params.insert({Rec.At.File, Rec.At.Line, Rec.At.Col});
      if (Rec.Escapes &&
          Leaking.insert({Rec.At.File, Rec.At.Line, Rec.At.Col}).second)
        ++R.S.ParamReasons[Rec.Reason];
      continue;
    }
    ++R.S.Sites;
    if (Rec.Placement == "stack")
      ++R.S.Stack;
    else if (Rec.Placement == "arena")
      ++R.S.Arena;
    else {
      ++R.S.Heap;
      ++R.S.SiteReasons[Rec.Reason];
    }
  }
  R.S.ParamRemarks = Params.size();
  R.S.Leaking = Leaking.size();
  return R;
}

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

std::string escape::tool::relativeTo(llvm::StringRef File,
                                     llvm::StringRef Root) {
  Root = Root.rtrim('/');
  if (!Root.empty() && File.size() > Root.size() + 1 &&
      File.starts_with(Root) && File[Root.size()] == '/')
    return File.substr(Root.size() + 1).str();
  return "";
}

// Relative to the current directory when under it (not for `/`).
std::string escape::tool::displayPath(llvm::StringRef File,
                                      llvm::StringRef Cwd) {
  std::string Rel = relativeTo(File, Cwd);
  return Rel.empty() ? File.str() : Rel;
}

llvm::StringRef escape::tool::noteIndent(const NoteRecord &N) {
  return llvm::StringRef(N.Message).starts_with("from ") ? "    " : "  ";
}

void escape::tool::writeText(llvm::raw_ostream &OS, const Result &R,
                             llvm::StringRef Cwd) {
  for (const RemarkRecord &Rec : R.Remarks) {
    OS << displayPath(Rec.At.File, Cwd) << ':' << Rec.At.Line << ':'
       << Rec.At.Col << ": " << Rec.Message << '\n';
    for (const NoteRecord &N : Rec.Notes)
      OS << displayPath(N.At.File, Cwd) << ':' << N.At.Line << ':' << N.At.Col
         << ": " << noteIndent(N) << N.Message << '\n';
  }
}

//===----------------------------------------------------------------------===//
// JSON lines (Go's -json log)
//===----------------------------------------------------------------------===//

// Percent-encodes what is reserved in a URI path. A `:` is kept in an
// absolute path only: in a relative reference's first segment it would read
// as a scheme.
static void appendEncoded(std::string &Out, llvm::StringRef Path,
                          bool KeepColon) {
  static const char Hex[] = "0123456789ABCDEF";
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '/' || C == '-' || C == '.' || C == '_' ||
        C == '~' || C == '+' || C == ',' || C == '=' || C == '@' ||
        (C == ':' && KeepColon)) {
      Out += static_cast<char>(C);
    } else {
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
}

std::string escape::tool::percentDecode(llvm::StringRef S) {
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == '%' && I + 2 < S.size() && llvm::isHexDigit(S[I + 1]) &&
        llvm::isHexDigit(S[I + 2])) {
      Out += static_cast<char>(llvm::hexFromNibbles(S[I + 1], S[I + 2]));
      I += 2;
    } else {
      Out += S[I];
    }
  }
  return Out;
}

std::string escape::tool::fileUri(llvm::StringRef Path) {
  std::string Out = "file://";
  if (!Path.starts_with("/"))
    Out += '/';
  appendEncoded(Out, Path, /*KeepColon=*/true);
  return Out;
}

std::string escape::tool::relativeUri(llvm::StringRef RelPath) {
  std::string Out;
  appendEncoded(Out, RelPath, /*KeepColon=*/false);
  return Out;
}

Value escape::tool::lspRange(const Point &P) {
  unsigned Line = P.Line ? P.Line - 1 : 0;
  return Object{{"start", Object{{"line", Line}, {"character", P.Char}}},
                {"end", Object{{"line", Line}, {"character", P.EndChar}}}};
}

static std::string trimmed(llvm::StringRef S) { return S.trim().str(); }

Value escape::tool::lspDiagnostic(const RemarkRecord &Rec) {
  Object D{{"range", lspRange(Rec.At)},
           {"severity", 3},
           {"code", Rec.Param ? "leak" : "escape"},
           {"source", escape::tool::ToolName},
           {"message", Rec.Message}};
  Object Data{{"escapes", Rec.Escapes}};
  if (!Rec.Param)
    Data["placement"] = Rec.Placement;
  if (Rec.Escapes)
    Data["reason"] = Rec.Reason;
  D["data"] = std::move(Data);
  if (!Rec.Notes.empty()) {
    Array Related;
    for (const NoteRecord &N : Rec.Notes)
      Related.push_back(Object{{"location", Object{{"uri", fileUri(N.At.File)},
                                                   {"range", lspRange(N.At)}}},
                               {"message", trimmed(N.Message)}});
    D["relatedInformation"] = std::move(Related);
  }
  return D;
}

void escape::tool::writeJson(llvm::raw_ostream &OS, const Result &R) {
  auto It = R.Remarks.begin();
  for (const std::string &File : R.Files) {
    Object Header{{"version", 0},
                  {"tool", ToolName},
                  {"tool_version", ToolVersion},
                  {"file", File},
                  {"uri", fileUri(File)}};
    if (std::string Rel = relativeTo(File, R.SourceRoot); !Rel.empty())
      Header["path"] = Rel;
    OS << Value(std::move(Header)) << '\n';
    // Remarks are sorted by file, like R.Files.
    for (; It != R.Remarks.end() && It->At.File == File; ++It)
      OS << lspDiagnostic(*It) << '\n';
  }
}

//===----------------------------------------------------------------------===//
// SARIF 2.1.0
//===----------------------------------------------------------------------===//

// The base id of the project root (SARIF 3.14.14; GitHub code scanning and
// the SARIF viewers resolve it against the checkout).
static const char *const SrcRoot = "%SRCROOT%";

// A file under the source root is relative to %SRCROOT%, others (system
// headers, files outside the project) are absolute file:// URIs.
static Value artifactLocation(llvm::StringRef File, llvm::StringRef Root) {
  std::string Rel = relativeTo(File, Root);
  if (Rel.empty())
    return Object{{"uri", fileUri(File)}};
  return Object{{"uri", relativeUri(Rel)}, {"uriBaseId", SrcRoot}};
}

Value escape::tool::sarifLocation(const Point &P, llvm::StringRef Root) {
  Object Region{{"startLine", std::max(P.Line, 1u)},
                {"startColumn", P.Char + 1}};
  if (P.EndChar > P.Char)
    Region["endColumn"] = P.EndChar + 1;
  return Object{{"artifactLocation", artifactLocation(P.File, Root)},
                {"region", std::move(Region)}};
}

Value escape::tool::sarifRule(const char *Id, const char *Name,
                              const char *Text) {
  return Object{{"id", Id},
                {"name", Name},
                {"shortDescription", Object{{"text", Text}}},
                {"defaultConfiguration", Object{{"level", "note"}}}};
}

static Value summaryJson(const Summary &S) {
  Object Reasons;
  for (const auto &[K, V] : S.SiteReasons)
    Reasons[K] = V;
  Object ParamReasons;
  for (const auto &[K, V] : S.ParamReasons)
    ParamReasons[K] = V;
  return Object{{"files", S.Files},
                {"failedToCompile", S.Failed},
                {"crashed", S.Crashed},
                {"allocationSites", S.Sites},
                {"stack", S.Stack},
                {"frameArena", S.Arena},
                {"heap", S.Heap},
                {"escapingByReason", std::move(Reasons)},
                {"parameters", S.ParamRemarks},
                {"leakingParameters", S.Leaking},
                {"leakingByReason", std::move(ParamReasons)}};
}

void escape::tool::writeSarif(llvm::raw_ostream &OS, const Result &R) {
  Array Results;
  for (const RemarkRecord &Rec : R.Remarks) {
    Object Res{
        {"ruleId", Rec.Param ? "leak" : "escape"},
        {"ruleIndex", Rec.Param ? 1 : 0},
        {"level", "note"},
        {"message", Object{{"text", Rec.Message}}},
        {"locations", Array{Object{{"physicalLocation",
                                    sarifLocation(Rec.At, R.SourceRoot)}}}}};
    Object Props{{"escapes", Rec.Escapes}};
    if (!Rec.Param)
      Props["placement"] = Rec.Placement;
    if (Rec.Escapes)
      Props["reason"] = Rec.Reason;
    Res["properties"] = std::move(Props);
    if (!Rec.Notes.empty()) {
      // The -m=2 flow as a code flow: one thread-flow location per note,
      // `from` steps nested under their `flow:` line.
      Array Steps;
      for (const NoteRecord &N : Rec.Notes) {
        bool Step = llvm::StringRef(N.Message).starts_with("from ");
        Steps.push_back(Object{
            {"location",
             Object{{"physicalLocation", sarifLocation(N.At, R.SourceRoot)},
                    {"message", Object{{"text", trimmed(N.Message)}}}}},
            {"nestingLevel", Step ? 1 : 0}});
      }
      Res["codeFlows"] = Array{Object{
          {"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    Results.push_back(std::move(Res));
  }

  Array Notifications;
  for (const FileOutcome &F : R.Failures)
    Notifications.push_back(Object{
        {"level", "error"},
        {"message",
         Object{{"text", F.Crashed ? "clang-escape crashed on this file; "
                                     "it was not analysed"
                                   : "the file failed to compile; it was "
                                     "not analysed"}}},
        {"locations",
         Array{Object{{"physicalLocation",
                       Object{{"artifactLocation",
                               artifactLocation(F.File, R.SourceRoot)}}}}}}});

  writeSarifLog(
      OS,
      Array{sarifRule("escape", "AllocationPlacement",
                      "Where an allocation ends up: escapes to the heap, or "
                      "frame-local (stack slot or frame arena)"),
            sarifRule("leak", "LeakingParameter",
                      "What a pointer parameter's pointee flows to: the heap, "
                      "the result or another parameter")},
      std::move(Results), Object{{"summary", summaryJson(R.S)}}, R.ExitCode,
      std::move(Notifications), R.SourceRoot);
}

void escape::tool::writeSarifLog(llvm::raw_ostream &OS, Array Rules,
                                 Array Results, Object Properties, int ExitCode,
                                 Array Notifications,
                                 llvm::StringRef SourceRoot) {
  Object Driver{{"name", ToolName},
                {"version", ToolVersion},
                {"informationUri",
                 "https://github.com/clang-escape/clang-escape/blob/main/docs/"
                 "clang-escape-tool.md"},
                {"rules", std::move(Rules)}};
  Object Run{
      {"tool", Object{{"driver", std::move(Driver)}}},
      {"columnKind", "utf16CodeUnits"},
      {"invocations",
       Array{Object{{"executionSuccessful", ExitCode == 0},
                    {"exitCode", ExitCode},
                    {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)},
      {"properties", std::move(Properties)}};
  if (!SourceRoot.empty())
    Run["originalUriBaseIds"] =
        Object{{SrcRoot, Object{{"uri", fileUri((SourceRoot + "/").str())}}}};
  Object Log{{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
                         "errata01/os/schemas/sarif-schema-2.1.0.json"},
             {"version", "2.1.0"},
             {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Value(std::move(Log))) << '\n';
}

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

static void writeReasons(llvm::raw_ostream &OS, llvm::StringRef What,
                         const std::map<std::string, unsigned> &Reasons) {
  if (Reasons.empty())
    return;
  std::vector<std::pair<std::string, unsigned>> Sorted(Reasons.begin(),
                                                       Reasons.end());
  escape::stableSort(
      Sorted, [](const auto &X, const auto &Y) { return X.second > Y.second; });
  OS << ToolName << ": " << What << " by reason:";
  const size_t Top = 5;
  for (size_t I = 0; I < Sorted.size() && I < Top; ++I)
    OS << (I ? ", " : " ") << Sorted[I].second << ' ' << Sorted[I].first;
  if (Sorted.size() > Top) {
    unsigned Rest = 0;
    for (size_t I = Top; I < Sorted.size(); ++I)
      Rest += Sorted[I].second;
    OS << ", " << Rest << " other";
  }
  OS << '\n';
}

void escape::tool::writeSummary(llvm::raw_ostream &OS, const Summary &S) {
  OS << ToolName << ": " << S.Files << (S.Files == 1 ? " file" : " files");
  if (S.Failed)
    OS << ", " << S.Failed << " failed to compile";
  if (S.Crashed)
    OS << ", " << S.Crashed << " crashed";
  OS << '\n';
  OS << ToolName << ": " << S.Sites << " allocation site"
     << (S.Sites == 1 ? "" : "s") << ": " << (S.Stack + S.Arena)
     << " frame-local (" << S.Stack << " stack, " << S.Arena
     << " frame arena), " << S.Heap << " escape to heap; " << S.Leaking
     << " of " << S.ParamRemarks << " parameter"
     << (S.ParamRemarks == 1 ? "" : "s") << " leak\n";
  writeReasons(OS, "escaping sites", S.SiteReasons);
  writeReasons(OS, "leaking parameters", S.ParamReasons);
}
