//===- ClangEscapeTool.cpp - clang-escape over a compilation database -----===//
//
// `clang-escape -p build [files...]` runs the escape analysis of the plugin
// (plugin/clang, plugin/analysis) over every entry of compile_commands.json,
// or over the named files, in parallel, and prints the remarks as text
// (Go's -m style), JSON lines (LSP diagnostics, like Go's -json log),
// SARIF 2.1.0 or an HTML report. `clang-escape --lsp` is a language server
// that publishes the remarks of the files open in an editor (Lsp.cpp).
// See docs/clang-escape-tool.md, docs/output-formats.md and docs/ide.md.
//
// Exit status: 0 when every unit was analysed or failed only to compile;
// 1 with --error-on-compile-failure when a unit failed to compile; 2 on
// usage errors and tool errors (no database, unreadable file, crash,
// output not writable).
//
//===----------------------------------------------------------------------===//
#include "Baseline.h"
#include "Lsp.h"
#include "Output.h"
#include "ProfileReport.h"

#include "Options.h"
#include "clang/Assert.h"
#include "clang/Collect.h"
#include "clang/Rewrite.h"
#include "clang/SummaryStore.h"

#include <fmt/format.h>

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/thread.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <set>

using namespace clang;
using namespace clang::tooling;
using namespace escape;
using namespace escape::tool;
namespace cl = llvm::cl;

namespace {

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

cl::OptionCategory Category("clang-escape options");

const char *const Overview = R"(Go-style escape analysis for C++.

Analyses every entry of compile_commands.json (found in the -p directory or
one of its parents), or only the files named, and prints for every
allocation site whether it escapes to the heap or stays frame-local, and for
every pointer parameter whether it leaks:

  clang-escape -p build                     all files, Go-style text
  clang-escape -p build -m=2 src/a.cpp      one file, with the flows
  clang-escape -p build --format=sarif -o escape.sarif
  clang-escape -p build --format=html -o escape-report   (index.html)
  clang-escape --lsp [-p build]             language server on stdin/stdout
  clang-escape a.cpp -- -std=c++20 -Iinclude   no database: flags after --

  clang-escape -p build --format=json --baseline main.json   only new heap escapes
  clang-escape -p build --format=html -o report --profile app.json
                                            + the escape profile's counts per line
  clang-escape profile app.json [-p build] [--format=text|json|html|sarif]
                                            the escape profiler's report
                                            (clang-escape profile --help)

Exit status: 0 success (files that fail to compile are reported on stderr
and skipped), 1 with --error-on-compile-failure when a file failed to
compile, with --baseline when there are new heap escapes, or when an
ESCAPE_STACK assertion fails, 2 on usage or tool errors.
)";

cl::opt<std::string> BuildPath(
    "p",
    cl::desc("Build directory with compile_commands.json (also searched "
             "in its parents)"),
    cl::value_desc("build-dir"), cl::cat(Category));
cl::list<std::string> SourcePaths(cl::Positional,
                                  cl::desc("[<source file> ...]"),
                                  cl::cat(Category));
cl::list<std::string>
    ArgsAfter("extra-arg",
              cl::desc("Additional argument to append to the compiler "
                       "command line"),
              cl::cat(Category));
cl::list<std::string>
    ArgsBefore("extra-arg-before",
               cl::desc("Additional argument to prepend to the "
                        "compiler command line"),
               cl::cat(Category));
cl::opt<std::string> LevelOpt(
    "m", cl::ValueOptional,
    cl::desc("Remark level: -m or -m=1 one remark per allocation site and "
             "parameter (the default), -m=2 also the flow that makes it "
             "escape, -m=0 only the summary"),
    cl::value_desc("level"), cl::cat(Category));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Files analysed in parallel (default: the "
                                "number of cores)"),
                       cl::value_desc("N"), cl::init(0), cl::Prefix,
                       cl::cat(Category));
const std::string MaxObjectHelp =
    fmt::format("Largest frame-local object in bytes that goes to a stack "
                "slot; larger ones go to the frame arena (default {})",
                escape::defaults::MaxObjectBytes);
cl::opt<uint64_t> MaxObject("max-object", cl::desc(MaxObjectHelp),
                            cl::value_desc("bytes"),
                            cl::init(escape::defaults::MaxObjectBytes),
                            cl::cat(Category));
cl::opt<bool> Headers("headers",
                      cl::desc("Also report functions defined in (non-system) "
                               "headers, once per header"),
                      cl::cat(Category));
cl::opt<bool> SystemBodies(
    "system-bodies",
    cl::desc("Analyse the bodies of functions in system headers for callee "
             "summaries (slower, more precise)"),
    cl::cat(Category));
cl::opt<std::string> IncludeRegex(
    "include-path-regex",
    cl::desc("Only report remarks in files whose absolute path matches this "
             "regular expression"),
    cl::value_desc("regex"), cl::cat(Category));
cl::opt<std::string> ExcludeRegex(
    "exclude-path-regex",
    cl::desc("Do not report remarks in files whose absolute path matches "
             "this regular expression"),
    cl::value_desc("regex"), cl::cat(Category));
cl::opt<std::string> OnlyOpt(
    "only",
    cl::desc("Only these remarks: sites (allocation sites, no parameters), "
             "heap (what escapes: allocations that stay on the heap, "
             "parameters that leak), or sites,heap (default: all)"),
    cl::value_desc("sites|heap"), cl::cat(Category));
cl::opt<std::string> FunctionRegex(
    "function",
    cl::desc("Only report remarks of functions whose qualified name "
             "(ns::Class::method) matches this regular expression"),
    cl::value_desc("regex"), cl::cat(Category));
enum class Format { Text, Json, Sarif, Html };
cl::opt<Format> OutputFormat(
    "format", cl::desc("Output format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text",
                          "file:line:col: message, like Go's -m (default)"),
               clEnumValN(Format::Json, "json",
                          "JSON lines: per file a header, then one LSP "
                          "diagnostic per remark"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(Format::Html, "html",
                          "annotated source pages and an index, written to "
                          "the directory named by -o")),
    cl::cat(Category));
cl::opt<std::string>
    OutputFile("o",
               cl::desc("Write the report to <file> instead of standard "
                        "output (--format=html: the directory to write)"),
               cl::value_desc("file"), cl::cat(Category));
cl::list<std::string> ProfileFiles(
    "profile",
    cl::desc("With --format=html: escape profiles (docs/profile.md) whose "
             "per-site counts are shown on their source lines"),
    cl::value_desc("profile.json"), cl::cat(Category));
cl::opt<bool>
    PrintSummary("summary",
                 cl::desc("Print a summary on stderr at the end (default; "
                          "--summary=false to omit it)"),
                 cl::init(true), cl::cat(Category));
cl::opt<bool> ErrorOnCompileFailure(
    "error-on-compile-failure",
    cl::desc("Exit with status 1 when a file fails to compile (default: "
             "report it on stderr and exit 0)"),
    cl::cat(Category));
cl::opt<std::string> SummaryDir(
    "summaries",
    cl::desc("Cross-translation-unit summaries: read and write the parameter "
             "summaries of functions in <dir>, and analyse every file twice "
             "(docs/cross-tu.md)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<unsigned> SummaryPasses(
    "summary-passes",
    cl::desc("With --summaries: passes over the files, the last one "
             "reporting (default 2; stops early when a pass changes no "
             "summary)"),
    cl::value_desc("N"), cl::init(2), cl::cat(Category));
cl::opt<std::string> SourceRoot(
    "source-root",
    cl::desc("The project's root directory: SARIF locations under it are "
             "relative to %SRCROOT%, JSON headers give their path relative "
             "to it, and --baseline compares paths relative to it (default: "
             "the directory of compile_commands.json or its parent, "
             "whichever holds every analysed file)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("An earlier report (--format=json or sarif): report only the "
             "allocation sites that stay on the heap and are not in it, and "
             "exit with status 1 if there are any (docs/ci.md)"),
    cl::value_desc("report"), cl::cat(Category));
cl::opt<bool> Progress(
    "progress",
    cl::desc("Show progress on stderr (default: when stderr is a terminal "
             "and there is more than one file)"),
    cl::cat(Category));
cl::opt<bool>
    LspMode("lsp",
            cl::desc("Run as a language server (LSP 3.17, JSON-RPC on "
                     "stdin/stdout) that publishes the remarks of open files "
                     "as diagnostics; -m defaults to 2 (flows as related "
                     "information). See docs/ide.md"),
            cl::cat(Category));

int usageError(const llvm::Twine &Msg) {
  llvm::errs() << ToolName << ": error: " << Msg << '\n';
  return 2;
}

//===----------------------------------------------------------------------===//
// Path filters
//===----------------------------------------------------------------------===//

struct PathFilter {
  std::optional<llvm::Regex> Include, Exclude;
  bool active() const { return Include || Exclude; }
  bool accepts(llvm::StringRef Path) const {
    if (Include && !Include->match(Path))
      return false;
    return !(Exclude && Exclude->match(Path));
  }
};

//===----------------------------------------------------------------------===//
// One translation unit
//===----------------------------------------------------------------------===//

/// Number of UTF-16 code units of UTF-8 text (invalid bytes count as one).
unsigned utf16Length(llvm::StringRef S) {
  unsigned N = 0;
  for (unsigned char C : S) {
    if ((C & 0xC0) == 0x80)
      continue; // continuation byte
    N += C >= 0xF0 ? 2 : 1;
  }
  return N;
}

struct ToolOptions {
  AnalysisOptions Analysis;
  CollectOptions Collect;
  const PathFilter *Filter = nullptr;
  std::string SummaryDir;     ///< --summaries
  bool SummariesOnly = false; ///< a pass that only writes summaries
  std::atomic<unsigned> *SummariesWritten = nullptr;
  bool Fixes = false; ///< attach the rewrites as fix-its (--lsp code actions)
};

/// Summary-store warnings (malformed files...), one line each.
void warnLine(const std::string &Msg) {
  static std::mutex M;
  std::lock_guard<std::mutex> Lock(M);
  llvm::errs() << ToolName << ": warning: " << Msg << '\n';
}

class Converter {
public:
  Converter(ASTContext &Ctx) : Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  const std::string &fileName(FileID FID) {
    auto It = Names.find(FID);
    if (It != Names.end())
      return It->second;
    std::string Name;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
      llvm::SmallString<256> Path(FE->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Name = Path.str().str();
    } else {
      Name = SM.getBufferName(SM.getLocForStartOfFile(FID)).str();
    }
    return Names[FID] = std::move(Name);
  }

  Point point(SourceLocation L) {
    Point P;
    L = SM.getExpansionLoc(L);
    if (L.isInvalid())
      return P;
    auto [FID, Off] = SM.getDecomposedLoc(L);
    P.File = fileName(FID);
    P.Line = SM.getLineNumber(FID, Off);
    P.Col = SM.getColumnNumber(FID, Off);
    bool Invalid = false;
    llvm::StringRef Buf = SM.getBufferData(FID, &Invalid);
    if (Invalid || Off > Buf.size() || P.Col == 0 || P.Col - 1 > Off) {
      P.Char = P.EndChar = P.Col ? P.Col - 1 : 0;
      return P;
    }
    P.Char = utf16Length(Buf.substr(Off - (P.Col - 1), P.Col - 1));
    unsigned Len = Lexer::MeasureTokenLength(L, SM, Ctx.getLangOpts());
    P.EndChar = P.Char + utf16Length(Buf.substr(Off, Len));
    return P;
  }

  bool accepts(SourceLocation L, const PathFilter &F) {
    FileID FID = SM.getFileID(SM.getExpansionLoc(L));
    auto It = Accepted.find(FID);
    if (It != Accepted.end())
      return It->second;
    return Accepted[FID] = F.accepts(fileName(FID));
  }

private:
  ASTContext &Ctx;
  SourceManager &SM;
  llvm::DenseMap<FileID, std::string> Names;
  llvm::DenseMap<FileID, bool> Accepted;
};

const char *placementName(Placement P) {
  switch (P) {
  case Placement::Heap:
    return "heap";
  case Placement::Stack:
    return "stack";
  case Placement::Arena:
    return "arena";
  }
  return "heap";
}

class ToolConsumer : public ASTConsumer {
public:
  ToolConsumer(const ToolOptions &Opts, FileOutcome &Out)
      : Opts(Opts), Out(Out) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // reported as a compile failure
    Out.Analysed = true;
    if (Ctx.getLangOpts().ObjC)
      return; // Objective-C and Objective-C++ are not analysed.
    CollectOptions CO = Opts.Collect;
    // One analysis of the file for remarks, fixes and assertions.
    std::unique_ptr<EscapeSession> Session =
        EscapeSession::open(Ctx, Opts.Analysis, Opts.SummaryDir, warnLine);
    if (Session->store()) {
      ExportStats St = exportSummaries(*Session);
      if (Opts.SummariesWritten)
        *Opts.SummariesWritten += St.Written;
      if (Opts.SummariesOnly)
        return;
    }
    Converter Conv(Ctx);
    const PathFilter *F = Opts.Filter;
    if (F && F->active())
      CO.WantFunction = [&](SourceLocation L) { return Conv.accepts(L, *F); };
    for (LocatedRemark &LR : collectRemarks(*Session, CO)) {
      if (F && F->active() && !Conv.accepts(LR.Loc, *F))
        continue;
      RemarkRecord Rec;
      Rec.At = Conv.point(LR.Loc);
      Rec.Message = std::move(LR.R.Message);
      Rec.Param = LR.R.K == Remark::Param;
      if (!Rec.Param)
        Rec.Placement = placementName(LR.R.Place);
      Rec.Escapes = LR.R.Escapes;
      if (Rec.Escapes)
        Rec.Reason = reasonText(LR.R.Why);
      for (RemarkNote &N : LR.R.Notes) {
        SourceLocation NL = fromPos(N.Where);
        Rec.Notes.push_back(
            {Conv.point(NL.isValid() ? NL : LR.Loc), std::move(N.Message)});
      }
      Out.Remarks.push_back(std::move(Rec));
    }
    if (Opts.Fixes)
      attachFixes(*Session, Conv);
    for (AssertionFailure &AF : checkStackAssertions(*Session)) {
      RemarkRecord Rec;
      Rec.At = Conv.point(AF.Loc);
      Rec.Message = std::move(AF.Message);
      for (RemarkNote &N : AF.Notes) {
        SourceLocation NL = fromPos(N.Where);
        Rec.Notes.push_back(
            {Conv.point(NL.isValid() ? NL : AF.Loc), std::move(N.Message)});
      }
      Out.AssertionFailures.push_back(std::move(Rec));
    }
  }

private:
  /// The rewrites of the escape-frame-local-allocation check (Rewrite.h),
  /// each on the remark of its allocation site.
  void attachFixes(EscapeSession &Session, Converter &Conv) {
    RewriteOptions RO;
    for (const RewriteSite &Site : planRewrites(Session, RO)) {
      if (!Site.Rewritable || Site.Fixes.empty())
        continue;
      Point At = Conv.point(Site.Loc);
      auto Rec = llvm::find_if(Out.Remarks, [&](const RemarkRecord &R) {
        return !R.Param && R.At.File == At.File && R.At.Line == At.Line &&
               R.At.Col == At.Col;
      });
      if (Rec == Out.Remarks.end())
        continue;
      FixRecord Fix;
      Fix.Title = Site.Action;
      // A code action is applied on its own: it brings the arena declaration
      // and #include that another site's fixes would otherwise provide.
      std::vector<FixItHint> Hints = Site.Fixes;
      llvm::append_range(Hints, Site.Standalone);
      for (const FixItHint &H : Hints) {
        CharSourceRange R = H.RemoveRange;
        if (R.isInvalid())
          continue;
        FixRecord::Edit E;
        E.Begin = Conv.point(R.getBegin());
        E.End = Conv.point(R.getEnd());
        if (R.isTokenRange())
          E.End.Char = E.End.EndChar; // the end is exclusive
        E.Text = H.CodeToInsert;
        Fix.Edits.push_back(std::move(E));
      }
      if (!Fix.Edits.empty())
        Rec->Fixes.push_back(std::move(Fix));
    }
  }

  const ToolOptions &Opts;
  FileOutcome &Out;
};

class EscapeToolAction : public ASTFrontendAction {
public:
  EscapeToolAction(const ToolOptions &Opts, FileOutcome &Out,
                   llvm::raw_ostream &Log)
      : Opts(Opts), Out(Out), Log(Log) {}
  bool BeginInvocation(CompilerInstance &CI) override {
    // "N errors generated." goes with the unit's diagnostics, not straight
    // to stderr (where threads would interleave it).
    CI.setVerboseOutputStream(Log);
    return true;
  }
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<ToolConsumer>(Opts, Out);
  }

private:
  const ToolOptions &Opts;
  FileOutcome &Out;
  llvm::raw_ostream &Log;
};

class ToolActionFactory : public FrontendActionFactory {
public:
  ToolActionFactory(const ToolOptions &Opts, FileOutcome &Out,
                    llvm::raw_ostream &Log)
      : Opts(Opts), Out(Out), Log(Log) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<EscapeToolAction>(Opts, Out, Log);
  }

private:
  const ToolOptions &Opts;
  FileOutcome &Out;
  llvm::raw_ostream &Log;
};

/// Runs one file with its own ClangTool and its own file system (each has
/// its own working directory), so files can run on several threads.
/// FS is the physical file system, or for the language server an overlay
/// with the editor's unsaved text.
void analyseFile(const CompilationDatabase &DB, const std::string &File,
                 const ToolOptions &Opts, FileOutcome &Out,
                 llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS) {
  Out.File = File;
  std::string DiagText;
  llvm::raw_string_ostream DiagOS(DiagText);
  DiagnosticOptions DiagOpts;
  TextDiagnosticPrinter Printer(DiagOS, DiagOpts);
  ClangTool Tool(DB, {File}, std::make_shared<PCHContainerOperations>(), FS);
  Tool.setPrintErrorMessage(false);
  Tool.setDiagnosticConsumer(&Printer);
  ToolActionFactory Factory(Opts, Out, DiagOS);
  int RC = 0;
  llvm::CrashRecoveryContext CRC;
  if (!CRC.RunSafely([&] { RC = Tool.run(&Factory); })) {
    Out.Crashed = true;
    Out.Analysed = false;
    Out.Remarks.clear();
  } else if (RC != 0) {
    // Any error (in the code or in its command line) fails the unit; the
    // remarks of other commands for the same file are kept.
    Out.CompileFailed = true;
  }
  DiagOS.flush();
  if (Out.CompileFailed || Out.Crashed)
    Out.Diagnostics = std::move(DiagText);
}

//===----------------------------------------------------------------------===//
// Compilation database
//===----------------------------------------------------------------------===//

std::string absolutePath(llvm::StringRef P) {
  llvm::SmallString<256> Path(P);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return Path.str().str();
}

/// The directory of the compile_commands.json that autoDetectFromDirectory
/// finds from Dir (Dir or a parent), or empty.
std::string databaseDirectory(llvm::StringRef Dir) {
  for (std::string D = absolutePath(Dir); !D.empty();
       D = llvm::sys::path::parent_path(D).str()) {
    if (llvm::sys::fs::exists(D + "/compile_commands.json"))
      return D;
    if (D == "/")
      break;
  }
  return "";
}

/// The database with --extra-arg(-before) and the builtin headers of the
/// Clang we link against (the tool's own directory has none).
std::unique_ptr<CompilationDatabase>
adjusted(std::unique_ptr<CompilationDatabase> DB) {
  auto Adjusted =
      std::make_unique<ArgumentsAdjustingCompilations>(std::move(DB));
  if (!ArgsBefore.empty())
    Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
        std::vector<std::string>(ArgsBefore.begin(), ArgsBefore.end()),
        ArgumentInsertPosition::BEGIN));
  if (!ArgsAfter.empty())
    Adjusted->appendArgumentsAdjuster(getInsertArgumentAdjuster(
        std::vector<std::string>(ArgsAfter.begin(), ArgsAfter.end()),
        ArgumentInsertPosition::END));
  if (llvm::sys::fs::is_directory(CLANG_ESCAPE_RESOURCE_DIR))
    Adjusted->appendArgumentsAdjuster(
        [](const CommandLineArguments &Args, llvm::StringRef) {
          for (const std::string &A : Args)
            if (llvm::StringRef(A).starts_with("-resource-dir"))
              return Args;
          CommandLineArguments Out = Args;
          auto DashDash = std::find(Out.begin(), Out.end(), "--");
          Out.insert(DashDash, "-resource-dir=" CLANG_ESCAPE_RESOURCE_DIR);
          return Out;
        });
  return Adjusted;
}

/// The language server: the analysis of one file, with the flags its
/// database gives, over the editor's file system.
/// The compilation database of File as clangd finds it: in File's
/// directory and each parent, the directory named by a `.clangd` file's
/// `CompilationDatabase:` (relative to that directory), else
/// compile_commands.json (or compile_flags.txt) there, else in its build/
/// subdirectory.
std::unique_ptr<CompilationDatabase>
findDatabaseLikeClangd(llvm::StringRef File) {
  std::string Error;
  // loadFromDirectory, as autoDetectFromSource: files the database does
  // not list get the flags of their nearest entry.
  auto Load = [&](const llvm::Twine &Dir) {
    return CompilationDatabase::loadFromDirectory(Dir.str(), Error);
  };
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    if (auto Buf = llvm::MemoryBuffer::getFile(Dir + "/.clangd")) {
      llvm::SmallVector<llvm::StringRef> Lines;
      (*Buf)->getBuffer().split(Lines, '\n');
      for (llvm::StringRef L : Lines) {
        L = L.trim();
        if (!L.consume_front("CompilationDatabase:"))
          continue;
        llvm::SmallString<256> DB(L.trim().trim("\"'"));
        llvm::sys::path::make_absolute(Dir, DB);
        if (auto Found = Load(DB))
          return Found;
      }
    }
    for (const char *Sub : {"", "/build"})
      if (auto Found = Load(Dir + Sub))
        return Found;
  }
  return nullptr;
}

int runLsp(std::unique_ptr<CompilationDatabase> FixedDB,
           const ToolOptions &Opts) {
  if (!SourcePaths.empty())
    return usageError("--lsp takes no files: the editor opens them");
  if (OutputFormat.getNumOccurrences() || !OutputFile.empty())
    return usageError("--lsp publishes diagnostics on standard output; "
                      "--format and -o do not apply");
  std::unique_ptr<CompilationDatabase> DB;
  if (FixedDB) {
    DB = adjusted(std::move(FixedDB));
  } else if (!BuildPath.empty()) {
    if (!llvm::sys::fs::is_directory(BuildPath))
      return usageError("-p '" + BuildPath + "': no such directory");
    std::string Error;
    std::unique_ptr<CompilationDatabase> Found =
        CompilationDatabase::autoDetectFromDirectory(BuildPath, Error);
    if (!Found)
      return usageError("no compilation database in '" + BuildPath +
                        "' or its parents: " + Error);
    DB = adjusted(std::move(Found));
  }
  // The editor's options (Configure) refine the command line's; a
  // parameter that does not escape gets no remark unless asked for
  // ("parameters": "all"): "this does not escape" on every method is noise.
  ToolOptions Lsp = Opts;
  Lsp.Collect.Filter.QuietParams = true;
  lsp::Server::Config C;
  C.Analyse = [&](const std::string &File,
                  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                  FileOutcome &Out, std::string &Warning) {
    const CompilationDatabase *Use = DB.get();
    std::unique_ptr<CompilationDatabase> Own;
    if (!Use) {
      // As clangd: the compile_commands.json next to the file or in a
      // parent directory (files it does not list get the flags of the
      // nearest entry), else no flags.
      std::unique_ptr<CompilationDatabase> Found = findDatabaseLikeClangd(File);
      if (!Found) {
        Warning = "no compile_commands.json found for " + File +
                  " (in its directory, a parent, their build/ "
                  "subdirectories or a .clangd's CompilationDatabase); "
                  "analysing it without flags. Start the server with -p "
                  "<build-dir>.";
        Found = std::make_unique<FixedCompilationDatabase>(
            llvm::sys::path::parent_path(File), std::vector<std::string>());
      }
      Own = adjusted(std::move(Found));
      Use = Own.get();
    }
    analyseFile(*Use, File, Lsp, Out, std::move(FS));
  };
  C.Configure = [&](const llvm::json::Object *Init) -> std::string {
    if (!Init)
      return "";
    RemarkFilter F = Lsp.Collect.Filter;
    std::string Error;
    if (auto Only = Init->getString("only"); Only && !F.parseOnly(*Only, Error))
      return "only: " + Error;
    for (auto [Key, Slot] :
         {std::pair{"function", &F.Function}, std::pair{"path", &F.Path}})
      if (auto RE = Init->getString(Key);
          RE && !RemarkFilter::parseRegex(*RE, *Slot, Error))
        return std::string(Key) + ": " + Error;
    if (auto P = Init->getString("parameters")) {
      if (*P != "all" && *P != "leaking")
        return "parameters: '" + P->str() + "' is not all or leaking";
      F.QuietParams = *P == "leaking";
    }
    Lsp.Collect.Filter = std::move(F);
    return "";
  };
  llvm::CrashRecoveryContext::Enable();
  return lsp::Server(std::move(C)).run(0, llvm::outs(), llvm::errs());
}

/// Runs Fn(0..N-1) on Threads threads.
void forEachFile(unsigned Threads, size_t N,
                 const std::function<void(size_t)> &Fn) {
  std::atomic<size_t> Next{0};
  llvm::CrashRecoveryContext::Enable();
  auto Worker = [&] {
    for (size_t I; (I = Next++) < N;)
      Fn(I);
  };
  if (Threads == 1) {
    Worker();
    return;
  }
  // Deep ASTs recurse deeply: give workers a main-thread-sized stack.
  std::vector<llvm::thread> Pool;
  for (unsigned T = 0; T < Threads; ++T)
    Pool.emplace_back(std::optional<unsigned>(16u << 20), Worker);
  for (llvm::thread &T : Pool)
    T.join();
}

/// `clang-escape profile -p BUILD` (ProfileReport.h, StaticAnalysis): the
/// -m=2 analysis of the files among \p Files that compile_commands.json in
/// \p BuildDir (not a parent: the build the profile came from) has as main
/// files.
std::string analyseForProfile(const std::string &BuildDir,
                              std::vector<std::string> &Files, Result &R) {
  if (!llvm::sys::fs::is_directory(BuildDir))
    return "-p '" + BuildDir + "': no such directory";
  std::string Error;
  std::unique_ptr<CompilationDatabase> DB =
      CompilationDatabase::loadFromDirectory(BuildDir, Error);
  if (!DB)
    return "-p '" + BuildDir + "': no compilation database: " + Error;
  std::set<std::string> Listed;
  for (const std::string &F : DB->getAllFiles())
    Listed.insert(absolutePath(F));
  llvm::erase_if(Files, [&](const std::string &F) { return !Listed.count(F); });
  ToolOptions Opts;
  Opts.Collect.Level = 2;
  Opts.Analysis.MaxObjectBytes = MaxObject;
  std::unique_ptr<CompilationDatabase> Adjusted = adjusted(std::move(DB));
  std::vector<FileOutcome> Outcomes(Files.size());
  unsigned Threads = llvm::hardware_concurrency().compute_thread_count();
  Threads = std::max(1u, std::min<unsigned>(Threads, Files.size()));
  forEachFile(Threads, Files.size(), [&](size_t I) {
    analyseFile(*Adjusted, Files[I], Opts, Outcomes[I],
                llvm::vfs::createPhysicalFileSystem());
  });
  R = merge(std::move(Outcomes), 2);
  for (const FileOutcome &F : R.Failures)
    llvm::errs() << F.Diagnostics << ToolName << " profile: warning: " << F.File
                 << (F.Crashed ? ": the analysis crashed"
                               : ": failed to compile")
                 << "; its sites have no static verdict\n";
  return "";
}

} // namespace

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);
  // `clang-escape profile FILE...`: the escape profiler's report.
  if (argc > 1 && llvm::StringRef(argv[1]) == "profile")
    return runProfileCommand(argc - 1, argv + 1, analyseForProfile);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << ToolName << ' ' << ToolVersion << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(Category);

  // `clang-escape files... -- flags`: a fixed database for the named files.
  std::string FixedError;
  std::unique_ptr<CompilationDatabase> DB =
      FixedCompilationDatabase::loadFromCommandLine(argc, argv, FixedError);
  if (!FixedError.empty())
    return usageError(FixedError);
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &llvm::errs()))
    return 2; // the parser printed why

  unsigned Level = LspMode ? 2 : 1;
  if (LevelOpt.getNumOccurrences() && LevelOpt.empty())
    Level = 1;
  if (LevelOpt.getNumOccurrences() && !LevelOpt.empty()) {
    if (LevelOpt != "0" && LevelOpt != "1" && LevelOpt != "2")
      return usageError("'-m=" + LevelOpt +
                        "': the level is 0, 1 or 2 (as in -m, -m=2)");
    Level = LevelOpt[0] - '0';
  }

  PathFilter Filter;
  for (auto [Opt, Slot] : {std::pair{&IncludeRegex, &Filter.Include},
                           std::pair{&ExcludeRegex, &Filter.Exclude}}) {
    if (Opt->getNumOccurrences() == 0)
      continue;
    llvm::Regex RE(*Opt);
    std::string Error;
    if (!RE.isValid(Error))
      return usageError("--" + Opt->ArgStr + "='" + *Opt +
                        "': invalid regular expression: " + Error);
    Slot->emplace(std::move(RE));
  }

  ToolOptions Opts;
  std::string FilterError;
  if (OnlyOpt.getNumOccurrences() &&
      !Opts.Collect.Filter.parseOnly(OnlyOpt, FilterError))
    return usageError("--only='" + OnlyOpt + "': " + FilterError);
  if (FunctionRegex.getNumOccurrences() &&
      !RemarkFilter::parseRegex(FunctionRegex, Opts.Collect.Filter.Function,
                                FilterError))
    return usageError("--function='" + FunctionRegex + "': " + FilterError);
  Opts.Collect.Level = std::max(Level, 1u);
  Opts.Collect.Headers = Headers;
  Opts.Analysis.MaxObjectBytes = MaxObject;
  Opts.Analysis.SystemBodies = SystemBodies;
  Opts.Filter = &Filter;
  if (LspMode) {
    Opts.Fixes = true;
    return runLsp(std::move(DB), Opts);
  }

  // The compilation database: `--` flags, -p, or found from the first file.
  std::string Error;
  std::string DBDir; // where compile_commands.json is, if one is used
  if (!DB) {
    if (!BuildPath.empty()) {
      DBDir = databaseDirectory(BuildPath);
      if (!llvm::sys::fs::is_directory(BuildPath))
        return usageError("-p '" + BuildPath + "': no such directory");
      DB = CompilationDatabase::autoDetectFromDirectory(BuildPath, Error);
      if (!DB)
        return usageError("no compilation database in '" + BuildPath +
                          "' or its parents: " + Error);
    } else if (!SourcePaths.empty()) {
      DB = CompilationDatabase::autoDetectFromSource(SourcePaths[0], Error);
      if (DB)
        DBDir = databaseDirectory(
            llvm::sys::path::parent_path(absolutePath(SourcePaths[0])));
      if (!DB) {
        llvm::errs() << ToolName << ": warning: no compilation database for '"
                     << SourcePaths[0]
                     << "'; analysing without flags (pass -p <build-dir>, or "
                        "flags after --)\n";
        DB = std::make_unique<FixedCompilationDatabase>(
            ".", std::vector<std::string>());
      }
    } else {
      return usageError("nothing to analyse: pass -p <build-dir> (with "
                        "compile_commands.json) or source files; see --help");
    }
  }

  std::vector<std::string> Files;
  if (!SourcePaths.empty()) {
    for (const std::string &S : SourcePaths) {
      if (!llvm::sys::fs::is_regular_file(S))
        return usageError("no such file: '" + S + "'");
      Files.push_back(absolutePath(S));
    }
  } else {
    Files = DB->getAllFiles();
    if (Files.empty())
      return usageError("the compilation database lists no files; name "
                        "the files to analyse");
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  // Without --headers, every remark is in its unit's main file.
  if (!Headers && Filter.active())
    llvm::erase_if(Files,
                   [&](const std::string &F) { return !Filter.accepts(F); });

  // The source root: given, or the database's directory or its parent when
  // it holds every file (the `project/build/compile_commands.json` layout).
  std::string Root;
  if (SourceRoot.getNumOccurrences()) {
    if (!llvm::sys::fs::is_directory(SourceRoot))
      return usageError("--source-root '" + SourceRoot +
                        "': no such directory");
    Root = absolutePath(SourceRoot);
  } else if (!DBDir.empty()) {
    for (llvm::StringRef Dir :
         {llvm::StringRef(DBDir), llvm::sys::path::parent_path(DBDir)}) {
      if (Dir.empty() || Dir == "/")
        break;
      if (llvm::all_of(Files, [&](const std::string &F) {
            return !relativeTo(F, Dir).empty();
          })) {
        Root = Dir.str();
        break;
      }
    }
  }
  while (Root.size() > 1 && Root.back() == '/')
    Root.pop_back();
  if (Root == "/")
    Root.clear();

  std::vector<BaselineSite> Baseline;
  if (BaselineFile.getNumOccurrences()) {
    llvm::Expected<std::vector<BaselineSite>> Read = readBaseline(BaselineFile);
    if (!Read)
      return usageError(llvm::toString(Read.takeError()));
    Baseline = std::move(*Read);
  }

  std::unique_ptr<CompilationDatabase> Adjusted = adjusted(std::move(DB));

  std::map<std::pair<std::string, unsigned>, std::string> ProfileLines;
  if (!ProfileFiles.empty()) {
    if (OutputFormat != Format::Html)
      return usageError("--profile shows profile counts in the HTML report: "
                        "use it with --format=html (or run `clang-escape "
                        "profile`)");
    if (std::string E = readProfileLines(
            std::vector<std::string>(ProfileFiles.begin(), ProfileFiles.end()),
            ProfileLines);
        !E.empty())
      return usageError("--profile: " + E);
  }

  // Open the output before the (long) analysis, so a bad -o fails fast.
  std::error_code EC;
  std::unique_ptr<llvm::ToolOutputFile> OutFile;
  if (OutputFormat == Format::Html) {
    if (OutputFile.empty())
      return usageError("--format=html writes a directory of pages: name it "
                        "with -o <dir>");
    if ((EC = llvm::sys::fs::create_directories(OutputFile)))
      return usageError("cannot create directory '" + OutputFile +
                        "': " + EC.message());
  } else if (!OutputFile.empty()) {
    OutFile = std::make_unique<llvm::ToolOutputFile>(OutputFile, EC,
                                                     llvm::sys::fs::OF_Text);
    if (EC)
      return usageError("cannot write '" + OutputFile + "': " + EC.message());
  }

  unsigned Threads = Jobs ? Jobs.getValue()
                          : llvm::hardware_concurrency().compute_thread_count();
  Threads = std::max(1u, std::min<unsigned>(Threads, Files.size()));
  bool ShowProgress =
      Progress.getNumOccurrences()
          ? Progress.getValue()
          : llvm::sys::Process::StandardErrIsDisplayed() && Files.size() > 1;

  // With --summaries, the passes before the last one only write summaries
  // (a pass that changes none ends them early); the last one reports.
  if (SummaryDir.getNumOccurrences() && SummaryDir.empty())
    return usageError("--summaries needs a directory");
  if (SummaryPasses == 0)
    return usageError("--summary-passes: at least 1");
  unsigned Passes = 1;
  bool Stable = false;
  if (!SummaryDir.empty()) {
    Opts.SummaryDir = SummaryDir;
    std::atomic<unsigned> Written{0};
    ToolOptions Pre = Opts;
    Pre.SummariesOnly = true;
    Pre.SummariesWritten = &Written;
    for (unsigned Pass = 1; Pass < SummaryPasses; ++Pass) {
      Written = 0;
      std::vector<FileOutcome> Ignored(Files.size());
      forEachFile(Threads, Files.size(), [&](size_t I) {
        analyseFile(*Adjusted, Files[I], Pre, Ignored[I],
                    llvm::vfs::createPhysicalFileSystem());
      });
      ++Passes;
      if ((Stable = Written == 0))
        break; // every file read what it would read next time
    }
  }

  std::vector<FileOutcome> Outcomes(Files.size());
  std::mutex ProgressMutex;
  unsigned Done = 0;
  forEachFile(Threads, Files.size(), [&](size_t I) {
    analyseFile(*Adjusted, Files[I], Opts, Outcomes[I],
                llvm::vfs::createPhysicalFileSystem());
    if (ShowProgress) {
      std::lock_guard<std::mutex> Lock(ProgressMutex);
      ++Done;
      llvm::errs() << "\r\033[K[" << Done << '/' << Files.size() << "] "
                   << llvm::sys::path::filename(Files[I]);
      llvm::errs().flush();
    }
  });
  if (ShowProgress)
    llvm::errs() << "\r\033[K";

  // ESCAPE_STACK assertions: errors on stderr, exit status 1.
  unsigned AssertionFailures = 0;
  for (const FileOutcome &O : Outcomes)
    for (const RemarkRecord &A : O.AssertionFailures) {
      ++AssertionFailures;
      llvm::errs() << fmt::format("{}:{}:{}: error: {}\n", A.At.File, A.At.Line,
                                  A.At.Col, A.Message);
      for (const NoteRecord &N : A.Notes)
        llvm::errs() << fmt::format("{}:{}:{}: note: {}\n", N.At.File,
                                    N.At.Line, N.At.Col, N.Message);
    }
  Result R = merge(std::move(Outcomes), Level);
  for (const FileOutcome &F : R.Failures) {
    llvm::errs() << F.Diagnostics;
    llvm::errs() << ToolName << ": error: " << F.File
                 << (F.Crashed ? ": crashed (in the compiler or the "
                                 "analysis); no remarks for this file\n"
                               : ": failed to compile; no remarks for this "
                                 "file\n");
  }
  R.ExitCode = R.S.Crashed ? 2 : (ErrorOnCompileFailure && R.S.Failed) ? 1 : 0;
  if (AssertionFailures && R.ExitCode == 0)
    R.ExitCode = 1;
  R.SourceRoot = Root;
  R.ProfileLines = std::move(ProfileLines);
  std::optional<BaselineOutcome> Compared;
  if (BaselineFile.getNumOccurrences()) {
    Compared = applyBaseline(R, Baseline);
    if (Compared->New && R.ExitCode == 0)
      R.ExitCode = 1;
  }
  if (Level == 0)
    R.Remarks.clear();

  llvm::raw_ostream &OS = OutFile ? OutFile->os() : llvm::outs();
  switch (OutputFormat) {
  case Format::Text: {
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    writeText(OS, R, Cwd);
    break;
  }
  case Format::Json:
    writeJson(OS, R);
    break;
  case Format::Sarif:
    writeSarif(OS, R);
    break;
  case Format::Html:
    if (std::string Error = writeHtml(OutputFile, R); !Error.empty())
      return usageError(Error);
    break;
  }
  OS.flush();
  if (OutFile) {
    if (OutFile->os().has_error()) {
      OutFile->os().clear_error();
      return usageError("cannot write '" + OutputFile + "'");
    }
    OutFile->keep();
  }
  if (PrintSummary)
    writeSummary(llvm::errs(), R.S);
  if (Compared)
    llvm::errs() << fmt::format(
        "{}: against the baseline {}: {} new heap escape{}, {} already "
        "there, {} gone\n",
        ToolName, BaselineFile.getValue(), Compared->New,
        Compared->New == 1 ? "" : "s", Compared->Known, Compared->Gone);
  if (PrintSummary && !SummaryDir.empty())
    llvm::errs() << ToolName << ": summaries in " << SummaryDir << ": "
                 << Passes << " passes" << (Stable ? " (stable)" : "") << '\n';
  return R.ExitCode;
}
