//===- EscapePlugin.cpp - Clang plugin entry point ------------------------===//
//
// `-fplugin=ClangEscape.so` runs the escape analysis after parsing and
// schedules the heap-to-stack pass for code generation. With
// `-fplugin-arg-escape-m` (or `-m=2`) it prints Go-style remarks as Clang
// diagnostics of severity remark, so they work with -fdiagnostics-format,
// IDE problem matchers and -Werror untouched.
//
//===----------------------------------------------------------------------===//
#include "Options.h"
#include "analysis/StableSort.h"
#include "clang/Analyzer.h"
#include "clang/Assert.h"
#include "clang/Collect.h"
#include "clang/Dangling.h"
#include "clang/GraphBuilder.h"
#include "clang/IRFacts.h"
#include "clang/RewriteInMemory.h"
#include "clang/StringBodies.h"
#include "clang/SummaryStore.h"
#include "llvm/HeapToStack.h"
#include "llvm/PassInterface.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/Utils.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Timer.h"

#include <fmt/format.h>

#include <dlfcn.h>

#include <algorithm>
#include <deque>
#include <optional>

using namespace clang;
using namespace escape;

namespace {

struct PluginOptions {
  unsigned Level = 0; ///< 0: no remarks, 1: -m, 2: -m=2
  bool Headers = false;
  bool Transform = true;
  bool Rewrite = false;
  uint64_t RewriteArenaBytes =
      defaults::RewriteArenaBytes;   ///< rewrite-arena=N: FrameArena<N>
  std::string SummaryDir;            ///< summaries=DIR: cross-TU summaries
  bool IRFacts = true;     ///< hand the verdicts to the pass (no-ir-facts)
  bool StringBodies =
      true; ///< std::string's members in the unit (extern-strings)
  bool XtuIRFacts = false; ///< also from cross-TU summaries (xtu-ir-facts)
  AnalysisOptions Analysis;
  HeapToStackOptions Pass;
  WarningOptions Warn; ///< opt-in (docs/dangling.md)
  RemarkFilter Filter; ///< m-only=, m-function=, m-path= (imply m)
};

/// The arguments as an error message lists them: m, m=1, m=2,
/// max-object=<bytes>, ... (Options.h).
std::string validArgs() {
  std::string Out;
  for (const PluginArgInfo &A : PluginArgs) {
    if (A.Hidden)
      continue;
    if (!Out.empty())
      Out += ", ";
    switch (A.Value) {
    case ArgValue::None:
      Out += A.Name;
      break;
    case ArgValue::Level:
      Out += fmt::format("{0}, {0}=1, {0}=2", A.Name);
      break;
    case ArgValue::Bytes:
      Out += fmt::format("{}=<bytes>", A.Name);
      break;
    case ArgValue::Path:
      Out += fmt::format("{}=<dir>", A.Name);
      break;
    case ArgValue::Text:
      Out += fmt::format("{}=<{}>", A.Name, A.Meta);
      break;
    }
  }
  return Out;
}

/// -fplugin-arg-escape-help: one line per argument, with its meaning and
/// default.
std::string helpText() {
  std::string Out =
      "clang-escape plugin arguments (-fplugin-arg-escape-<arg>): " +
      validArgs() + "\n";
  for (const PluginArgInfo &A : PluginArgs) {
    if (A.Hidden)
      continue;
    std::string Spelling = A.Name;
    if (A.Value == ArgValue::Level)
      Spelling += "[=1|=2]";
    else if (A.Value == ArgValue::Bytes)
      Spelling += "=<bytes>";
    else if (A.Value == ArgValue::Path)
      Spelling += "=<dir>";
    else if (A.Value == ArgValue::Text)
      Spelling += fmt::format("=<{}>", A.Meta);
    std::string Help = A.Help;
    if (A.Value == ArgValue::Bytes)
      Help += fmt::format(" (default {})", A.Default);
    Out += fmt::format("  {:<22} {}\n", Spelling, Help);
  }
  return Out;
}

/// The argument Arg was probably meant to be, or "" if none is close: the
/// smallest edit distance to a name, at most a third of the name's length
/// (one typo in a short name).
std::string didYouMean(llvm::StringRef Arg) {
  auto Eq = Arg.find('=');
  llvm::StringRef Key = Arg.substr(0, Eq);
  llvm::StringRef Rest = Eq == llvm::StringRef::npos ? "" : Arg.substr(Eq);
  const PluginArgInfo *Best = nullptr;
  unsigned BestDist = ~0u;
  for (const PluginArgInfo &A : PluginArgs) {
    if (A.Hidden)
      continue;
    unsigned D = Key.edit_distance(A.Name, /*AllowReplacements=*/true);
    if (D < BestDist) {
      Best = &A;
      BestDist = D;
    }
  }
  if (!Best ||
      BestDist > std::max<size_t>(1, llvm::StringRef(Best->Name).size() / 3))
    return "";
  // The right name with a value it does not take ("headers=1"): the flag.
  if (BestDist == 0 && (Rest.empty() || Best->Value != ArgValue::None))
    return "";
  // A flag takes no value; keep the user's value for the others.
  return Best->Value == ArgValue::None ? std::string(Best->Name)
                                       : (Best->Name + Rest).str();
}

/// The file a symbol of this process was loaded from, or "".
std::string objectFileOf(const void *Symbol) {
  Dl_info Info;
  if (!Symbol || !dladdr(Symbol, &Info) || !Info.dli_fname)
    return "";
  return Info.dli_fname;
}

/// The pass's table of functions (llvm/PassInterface.h) in ClangEscape.so,
/// which loaded this front end.
struct PassLookup {
  /// The table, if ClangEscape.so is loaded and provides this version.
  const ClangEscapePassInterface *Table = nullptr;
  /// The file that exports the interface symbol ("" if none does).
  std::string Library;
};

PassLookup lookUpPass() {
  using InterfaceFn = const ClangEscapePassInterface *(*)(unsigned);
  void *Sym = dlsym(RTLD_DEFAULT, PassInterfaceSymbol);
  PassLookup L;
  if (!Sym)
    return L;
  L.Library = objectFileOf(Sym);
  if (L.Library.empty())
    L.Library = "ClangEscape.so";
  const ClangEscapePassInterface *T =
      reinterpret_cast<InterfaceFn>(Sym)(PassInterfaceVersion);
  if (T && T->Version == PassInterfaceVersion && T->BeginTranslationUnit &&
      T->RegisterOnce && T->AddFact && T->AddSite && T->SetSiteReporter &&
      T->AddRecord && T->RegisterRecords && T->DropLocationsAfterReport &&
      T->AddWithheldFact && T->AddStringBody)
    L.Table = T;
  return L;
}

/// True when the action generates code (so the pass will run).
bool generatesCode(const CompilerInstance &CI) {
  switch (CI.getFrontendOpts().ProgramAction) {
  case frontend::EmitAssembly:
  case frontend::EmitBC:
  case frontend::EmitLLVM:
  case frontend::EmitLLVMOnly:
  case frontend::EmitCodeGenOnly:
  case frontend::EmitObj:
    return CI.getFrontendOpts().Inputs.size() == 1;
  default:
    return false;
  }
}

/// -fsave-optimization-record (or -foptimization-record-file=) is given for
/// a compile that generates code, and its pass filter
/// (-foptimization-record-passes=) keeps the pass "escape".
bool wantsRecords(const CompilerInstance &CI) {
  const CodeGenOptions &CG = CI.getCodeGenOpts();
  if (CG.OptRecordFile.empty() || !generatesCode(CI))
    return false;
  if (CG.OptRecordPasses.empty())
    return true;
  llvm::Regex Passes(CG.OptRecordPasses);
  return !Passes.isValid() || Passes.match("escape");
}

/// The analysis' remarks as optimization-record remarks (llvm/Records.h):
/// the text -m prints, split into arguments, and the -m=2 notes, each at its
/// own location.
void recordRemarks(const ClangEscapePassInterface &Pass,
                   const std::vector<LocatedRemark> &All, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  ASTNameGenerator Names(Ctx);
  llvm::DenseMap<const FunctionDecl *, std::string> FunctionNames;
  for (const LocatedRemark &O : All) {
    PresumedLoc PL = SM.getPresumedLoc(O.Loc);
    if (PL.isInvalid())
      continue;
    const Remark &R = O.R;
    const char *Name =
        R.K == Remark::Alloc
            ? (R.Escapes ? "Escape" : "DoesNotEscape")
            : (R.Escapes ? "LeakingParam" : "ParamDoesNotEscape");
    // The strings the arguments point to (a deque: they do not move).
    std::deque<std::string> Text;
    std::vector<ClangEscapeRecordArg> Args;
    auto Add = [&](const char *Key, std::string Value,
                   const char *File = nullptr, unsigned Line = 0,
                   unsigned Col = 0) {
      if (Value.empty())
        return;
      Text.push_back(std::move(Value));
      Args.push_back({Key, Text.back().c_str(), File, Line, Col});
    };
    // The site X (at the remark's location) or the parameter p, with the
    // text around it: `X escapes to heap`, `p does not escape`,
    // `leaking param: p to result level=0`.
    llvm::StringRef Msg = R.Message;
    if (!R.Subject.empty() && R.SubjectAt + R.Subject.size() <= Msg.size()) {
      Add("String", Msg.take_front(R.SubjectAt).str());
      if (R.K == Remark::Alloc)
        Add("Site", R.Subject, PL.getFilename(), PL.getLine(), PL.getColumn());
      else
        Add("Param", R.Subject);
      Add("String", Msg.drop_front(R.SubjectAt + R.Subject.size()).str());
    } else {
      Add("String", Msg.str());
    }
    for (const RemarkNote &N : R.Notes) {
      SourceLocation NL = fromPos(N.Where);
      PresumedLoc NP =
          SM.getPresumedLoc(NL.isValid() ? SM.getExpansionLoc(NL) : O.Loc);
      Add("String", "; ");
      if (NP.isValid())
        Add("Note", N.Message, NP.getFilename(), NP.getLine(), NP.getColumn());
      else
        Add("Note", N.Message);
    }
    std::string &Function = FunctionNames[O.Function];
    if (Function.empty() && O.Function)
      Function = Names.getName(O.Function);
    ClangEscapeRecord Record{Name,
                             Function.c_str(),
                             PL.getFilename(),
                             PL.getLine(),
                             PL.getColumn(),
                             Args.data(),
                             static_cast<unsigned>(Args.size())};
    Pass.AddRecord(&Record);
  }
}

/// -ftime-report's group for the Clang side (bench/pass-cost.py --whole).
constexpr const char *TimerGroup = "clang-escape";
constexpr const char *TimerGroupDesc = "clang-escape (Clang plugin)";

/// What -m says of the sites it called local, given what the build does
/// (docs/remarks.md, "What the build does").
struct SiteHonesty {
  /// The pass runs on this compile's code: the sites are handed to it, and
  /// it reports those it leaves on the heap (SiteReport.h).
  const ClangEscapePassInterface *Pass = nullptr;
  /// Otherwise, why nothing moves (or why this compile cannot tell), said
  /// once after the remarks if one of them is "does not escape"; empty when
  /// no code is generated (-fsyntax-only) or -m is off.
  std::string Nothing;
  /// Location tracking was turned on for the report alone
  /// (DropLocationsAfterReport): without a site to report, the pass removes
  /// every location at the start of its pipeline (SiteReport.h).
  bool LocationsForReport = false;
};

/// The reporter the pass calls (PassInterface.h, SetSiteReporter): the
/// second line at a site, `X stays on the heap: why`.
struct SiteReports {
  DiagnosticsEngine *Diags = nullptr;
  unsigned RemarkID = 0;
  struct Entry {
    SourceLocation Loc;
    std::string Name;
  };
  std::vector<Entry> Sites;

  static void report(void *Ctx, unsigned Site, const char *Reason) {
    auto *S = static_cast<SiteReports *>(Ctx);
    if (Site >= S->Sites.size())
      return;
    const Entry &E = S->Sites[Site];
    S->Diags->Report(E.Loc, S->RemarkID)
        << fmt::format("{} stays on the heap: {}", E.Name, Reason);
  }
};

class EscapeConsumer : public ASTConsumer {
public:
  EscapeConsumer(CompilerInstance &CI, PluginOptions Opts,
                 std::vector<RewriteOutcome> Rewrites,
                 const ClangEscapePassInterface *Facts, SiteHonesty Honesty,
                 const ClangEscapePassInterface *Records,
                 std::shared_ptr<const StringBodies> Strings,
                 const ClangEscapePassInterface *StringCalls)
      : CI(CI), Opts(Opts), Rewrites(std::move(Rewrites)), Facts(Facts),
        Honesty(std::move(Honesty)), Records(Records),
        Strings(std::move(Strings)), StringCalls(StringCalls) {}

  // The function definitions CodeGen may still emit when
  // HandleTranslationUnit runs (skipUnusedLocations): inline functions,
  // template instantiations (Sema hands each to HandleTopLevelDecl), and
  // the functions of top-level declaration groups.
  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (Honesty.LocationsForReport)
      for (Decl *D : DG)
        if (auto *FD = dyn_cast<FunctionDecl>(D))
          Emittable.push_back(FD);
    return true;
  }
  void HandleInlineFunctionDefinition(FunctionDecl *FD) override {
    if (Honesty.LocationsForReport)
      Emittable.push_back(FD);
  }
  void HandleCXXImplicitFunctionInstantiation(FunctionDecl *FD) override {
    if (Honesty.LocationsForReport)
      Emittable.push_back(FD);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // std::string's members get the linkage libstdc++'s declarations give
    // them without the plugin (StringBodies.h), before CodeGen's
    // HandleTranslationUnit (AddBeforeMainAction) emits any of them. The
    // analysis does not read the kind of an instantiation. A profiled build
    // keeps them in the object (linkonce_odr), so that the allocations of
    // the calls the optimizer did not inline are sites the profiler counts
    // (they run libstdc++.so's uninstrumented copies otherwise); the pass
    // is told which of its functions the plain build has
    // available_externally, so that it inlines and keeps the same calls
    // (the profile measures the build the user gets).
    if (Strings) {
      std::vector<const FunctionDecl *> OnlyHere, Inline;
      keepMembersExternal(*Strings, Ctx, &OnlyHere,
                          /*Declare=*/!Opts.Pass.Profile,
                          Opts.Pass.Profile ? &Inline : nullptr);
      // The members only the plugin puts in the module: the pass keeps
      // their calls on strings no local variable holds as they are without
      // it (FrontendFacts.h, addStringBody).
      if (StringCalls) {
        std::unique_ptr<MangleContext> MC(Ctx.createMangleContext());
        for (const FunctionDecl *FD : OnlyHere)
          for (const std::string &Sym : irSymbolsOf(*MC, FD))
            StringCalls->AddStringBody(Sym.c_str(), /*Inline=*/false);
        for (const FunctionDecl *FD : Inline)
          for (const std::string &Sym : irSymbolsOf(*MC, FD))
            StringCalls->AddStringBody(Sym.c_str(), /*Inline=*/true);
      }
    }
    // -ftime-report: the analysis' share of the compile, in its own group
    // (bench/pass-cost.py --whole reads it).
    llvm::NamedRegionTimer Timer("escape-analysis", "clang-escape analysis",
                                 TimerGroup, TimerGroupDesc,
                                 CI.getCodeGenOpts().TimePasses);
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // What -fplugin-arg-escape-rewrite did, now that #line is in effect.
    SourceManager &MainSM = Ctx.getSourceManager();
    unsigned RewriteID = Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0");
    for (const RewriteOutcome &O : Rewrites)
      if (O.Rewritten || Opts.Level > 0)
        Diags.Report(
            MainSM.translateLineCol(MainSM.getMainFileID(), O.Line, O.Column),
            RewriteID)
            << O.Message;
    if (Diags.hasErrorOccurred() || Ctx.getLangOpts().ObjC)
      return; // Objective-C and Objective-C++ are not analysed.
    SourceManager &SM = Ctx.getSourceManager();
    unsigned NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    // ESCAPE_STACK assertions fail the build, with the -m=2 flow.
    unsigned AssertID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    std::optional<llvm::NamedRegionTimer> Phase;
    auto phase = [&](llvm::StringRef Name, llvm::StringRef Desc) {
      Phase.reset();
      Phase.emplace(Name, Desc, TimerGroup, TimerGroupDesc,
                    bool(CI.getCodeGenOpts().TimePasses));
    };
    // One analysis of the translation unit, read by every output below
    // (Session.h): assertions, summaries, facts, warnings and remarks
    // cannot disagree. It analyses nothing until asked.
    bool Summaries = !Opts.SummaryDir.empty();
    unsigned WarnID =
        Diags.getCustomDiagID(DiagnosticsEngine::Warning, "clang-escape: %0");
    std::unique_ptr<EscapeSession> Session =
        EscapeSession::open(Ctx, Opts.Analysis, Opts.SummaryDir,
                            [&Diags, WarnID](const std::string &Msg) {
                              Diags.Report(WarnID) << Msg;
                            });
    if (SummaryStore *Store = Session->store())
      Store->Read = [this](const std::string &Path) {
        // The summaries a unit read are inputs of its object file, like its
        // headers: -MD/-MMD list them (docs/cross-tu.md).
        for (const auto &Collector : CI.getDependencyCollectors())
          Collector->maybeAddDependency(Path, /*FromModule=*/false,
                                        /*IsSystem=*/false,
                                        /*IsModuleFile=*/false,
                                        /*IsMissing=*/false);
      };
    phase("escape-assert", "  stack assertions");
    for (const AssertionFailure &F : checkStackAssertions(*Session)) {
      Diags.Report(F.Loc, AssertID) << F.Message;
      for (const RemarkNote &N : F.Notes) {
        SourceLocation NL = fromPos(N.Where);
        Diags.Report(NL.isValid() ? SM.getExpansionLoc(NL) : F.Loc, NoteID)
            << N.Message;
      }
    }
    bool WantFacts = Facts && generatesCode(CI);
    if (Opts.Level == 0 && !Opts.Warn.any() && !Summaries && !WantFacts &&
        !Records)
      return;
    if (Summaries)
      exportSummaries(*Session);
    if (WantFacts) {
      phase("escape-facts", "  front-end facts for the pass");
      // Runs before CodeGen's consumer (AddBeforeMainAction), so the pass
      // sees this TU's facts (the previous TU's were forgotten when this one
      // began: CreateASTConsumer).
      for (const CalleeFact &F : calleeFacts(*Session, Opts.XtuIRFacts))
        (F.Withheld ? Facts->AddWithheldFact : Facts->AddFact)(
            F.Symbol.c_str(), F.NumArgs, F.VarArg, F.NoCapture, F.NoFree,
            F.NoContent, F.ContentReturned, F.NoReachable, F.NoFreeExceptThis);
    }
    if (Opts.Level == 0 && !Opts.Warn.any() && !Records)
      return;
    CollectOptions CO;
    // The optimization record has the -m=2 flows, whatever -m prints.
    CO.Level = std::max(Opts.Level, Records ? 2u : 1u);
    CO.Headers = Opts.Headers;
    CO.Filter = Opts.Filter;
    std::unique_ptr<WarningChecker> Checker;
    std::vector<Warning> Warnings;
    if (Opts.Warn.any())
      CO.OnFunction = [&](const FunctionDecl *FD, const FunctionResult &FR) {
        if (!Checker) {
          ReportOptions RO;
          RO.Level = 2;
          RO.Render = [&Ctx](const NoteText &T) { return renderNote(T, Ctx); };
          Checker = std::make_unique<WarningChecker>(*Session, Opts.Warn, RO);
        }
        Checker->check(FD, FR, Warnings);
      };
    phase("escape-remarks", "  remarks and warnings: analysis");
    std::vector<LocatedRemark> All = collectRemarks(*Session, CO);
    if (Records) {
      phase("escape-records", "  remarks: optimization record");
      recordRemarks(*Records, All, Ctx);
    }
    phase("escape-print", "  remarks and warnings: printing");
    reportWarnings(Warnings, SM, NoteID);
    if (Opts.Level == 0)
      return;
    unsigned RemarkID = Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0");
    // stderr is unbuffered: thousands of remarks would be thousands of small
    // writes (most of -m's cost on a large file). Buffer them, in order with
    // everything else written there, and flush before returning.
    struct BufferedErrs {
      bool Was = llvm::errs().GetBufferSize() != 0;
      BufferedErrs() {
        if (!Was)
          llvm::errs().SetBuffered();
      }
      ~BufferedErrs() {
        llvm::errs().flush();
        if (!Was)
          llvm::errs().SetUnbuffered();
      }
    } Buffered;
    bool SaidLocal = false;
    for (const LocatedRemark &O : All) {
      Diags.Report(O.Loc, RemarkID) << O.R.Message;
      // The notes are there for the record (-m=2 flows) also under -m.
      if (Opts.Level >= 2)
        for (const RemarkNote &N : O.R.Notes) {
          SourceLocation NL = fromPos(N.Where);
          if (NL.isInvalid())
            NL = O.Loc;
          Diags.Report(SM.getExpansionLoc(NL), NoteID) << N.Message;
        }
      if (O.R.K != Remark::Alloc || O.R.Escapes)
        continue;
      SaidLocal = true;
      // The pass reports at the end of the middle end whether it left the
      // site on the heap (the site's expansion location, as printed).
      PresumedLoc PL = SM.getPresumedLoc(O.Loc);
      if (!Honesty.Pass || PL.isInvalid())
        continue;
      if (!Reports) {
        Reports = std::make_unique<SiteReports>();
        Reports->Diags = &Diags;
        Reports->RemarkID = RemarkID;
        Honesty.Pass->SetSiteReporter(&SiteReports::report, Reports.get());
      }
      Reports->Sites.push_back({O.Loc, O.R.Subject});
      Honesty.Pass->AddSite(PL.getFilename(), PL.getLine(), PL.getColumn());
    }
    if (SaidLocal && !Honesty.Nothing.empty())
      Diags.Report(RemarkID) << "clang-escape: " + Honesty.Nothing;
    skipUnusedLocations(Ctx);
  }

private:
  /// When the locations exist for the site report alone and no site was
  /// handed to the pass (nor is the profiler on, which names its sites by
  /// them), DropLocationsPass removes every location before the first
  /// optimisation (SiteReport.h): the functions CodeGen has yet to emit
  /// (HandleTranslationUnit runs before CodeGen's, which emits the deferred
  /// ones: inline functions, template instantiations, std::string's
  /// members) are emitted without them, as `nodebug` functions. The module
  /// the pipeline sees after that pass is the same; CodeGen no longer
  /// computes a line, a column and a DILocation per statement for it.
  ///
  /// Every such definition, short ones included: its first attribute makes
  /// CodeGen's later attribute queries on it look-ups in the ASTContext's
  /// table, but on libjsoncpp's json_reader.cpp marking only the functions
  /// with attributes already or with more than 64 statements and
  /// expressions saved 17 M instructions, marking all of them 44 M.
  void skipUnusedLocations(ASTContext &Ctx) {
    if (!Honesty.LocationsForReport || Reports || Opts.Pass.Profile)
      return;
    for (FunctionDecl *FD : Emittable)
      if (FD->doesThisDeclarationHaveABody() && !FD->hasAttr<NoDebugAttr>())
        FD->addAttr(NoDebugAttr::CreateImplicit(Ctx));
    Emittable.clear();
  }

  void reportWarnings(std::vector<Warning> &Warnings, SourceManager &SM,
                      unsigned NoteID) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // Custom diagnostics have no warning group, so -w and -Werror are
    // applied here.
    if (Diags.getIgnoreAllWarnings())
      return;
    unsigned WarnID = Diags.getCustomDiagID(Diags.getWarningsAsErrors()
                                                ? DiagnosticsEngine::Error
                                                : DiagnosticsEngine::Warning,
                                            "%0 [%1]");
    stableSort(Warnings, [&](const Warning &X, const Warning &Y) {
      return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
    });
    for (const Warning &W : Warnings) {
      Diags.Report(W.Loc, WarnID) << W.Message << warningFlag(W.K);
      for (const RemarkNote &N : W.Notes) {
        SourceLocation NL = fromPos(N.Where);
        Diags.Report(NL.isValid() ? SM.getExpansionLoc(NL) : W.Loc, NoteID)
            << N.Message;
      }
    }
  }

  CompilerInstance &CI;
  PluginOptions Opts;
  std::vector<RewriteOutcome> Rewrites;
  /// The pass, when it takes this TU's facts (FrontendFacts.h); else null.
  const ClangEscapePassInterface *Facts;
  SiteHonesty Honesty;
  /// The pass, when this TU's remarks go to the optimization record
  /// (Records.h); else null.
  const ClangEscapePassInterface *Records;
  /// The sites handed to the pass (alive while CodeGen runs: the consumer
  /// outlives it).
  std::unique_ptr<SiteReports> Reports;
  /// With Honesty.LocationsForReport: the function declarations CodeGen
  /// was handed, some of which it emits after HandleTranslationUnit.
  std::vector<FunctionDecl *> Emittable;
  /// When std::string's members are in the unit (StringBodies.h): what the
  /// preprocessor left out, read once Sema is done; else null.
  std::shared_ptr<const StringBodies> Strings;
  /// The pass that moves allocations, told which string members only the
  /// plugin puts in the module (null when it does not run).
  const ClangEscapePassInterface *StringCalls;
};

/// Was this plugin named with -fplugin= (or -load/-add-plugin)? ClangEscape.so
/// named only with -fpass-plugin= also loads this front end (its loader
/// cannot tell why it was loaded), whose action then runs for every compile
/// (AddBeforeMainAction): in that case it must do nothing — the docs promise
/// the pass alone, without the front end's facts.
static bool namedAsFrontendPlugin(const CompilerInstance &CI) {
  std::string PassLib = objectFileOf(dlsym(RTLD_DEFAULT, PassInterfaceSymbol));
  if (PassLib.empty())
    return true; // not loaded through ClangEscape.so: -fplugin= of this file
  auto Real = [](llvm::StringRef P) {
    llvm::SmallString<256> Out;
    if (llvm::sys::fs::real_path(P, Out))
      return P.str();
    return Out.str().str();
  };
  std::string Pass = Real(PassLib);
  llvm::SmallString<256> Front(Pass);
  llvm::sys::path::remove_filename(Front);
  llvm::sys::path::append(Front, "ClangEscapeFrontend.so");
  for (const std::string &P : CI.getFrontendOpts().Plugins) {
    std::string R = Real(P);
    if (R == Pass || R == Front.str())
      return true;
  }
  return false;
}

class EscapeAction : public PluginASTAction {
  PluginOptions Opts;
  /// False when loaded only through -fpass-plugin= (see above).
  bool Active = true;

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    // The pass lives in ClangEscape.so, which loaded this front end. Its
    // state of the previous translation unit (a driver compiling several
    // files runs them in one process) is forgotten first, in one call.
    PassLookup Pass = lookUpPass();
    if (!Active) {
      // -fpass-plugin= alone: the pass with its defaults, no facts.
      if (Pass.Table)
        Pass.Table->BeginTranslationUnit(nullptr, nullptr);
      return std::make_unique<ASTConsumer>();
    }
    std::vector<RewriteOutcome> Rewrites;
    if (Opts.Rewrite)
      Rewrites = rewrite(CI);
    // The profiler instruments each translation unit's compile; an LTO
    // pre-link compile stops before that point (docs/profile.md).
    const CodeGenOptions &CG = CI.getCodeGenOpts();
    if (Opts.Pass.Profile && (CG.PrepareForLTO || CG.PrepareForThinLTO)) {
      CI.getDiagnostics().Report(CI.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Warning,
          "clang-escape: -fplugin-arg-escape-profile is ignored with -flto: "
          "build the profiled program without LTO"));
      Opts.Pass.Profile = false;
    }
    Opts.Pass.Transform = Opts.Transform;
    bool WantPass = Opts.Transform || Opts.Pass.Profile;
    // The pass can only move the allocations of std::string whose members
    // are in the module (StringBodies.h); analysis-only runs are unchanged.
    std::shared_ptr<const StringBodies> Strings;
    if (WantPass && Opts.StringBodies && generatesCode(CI) &&
        CG.OptimizationLevel > 0 && CI.getLangOpts().CPlusPlus)
      Strings = StringBodies::inUnit(CI.getPreprocessor());
    const FrontendOptions &FO = CI.getFrontendOpts();
    if (Pass.Table)
      Pass.Table->BeginTranslationUnit(
          WantPass ? &Opts.Pass : nullptr,
          FO.Inputs.size() == 1 && FO.Inputs[0].isFile()
              ? FO.Inputs[0].getFile().str().c_str()
              : "");
    const ClangEscapePassInterface *Facts = nullptr;
    // -fsave-optimization-record: the analysis' remarks go to the record
    // through the pass plugin (Records.h), which only writes them: with or
    // without a record, the same passes run on the same IR.
    const ClangEscapePassInterface *Records =
        Pass.Table && wantsRecords(CI) ? Pass.Table : nullptr;
    if (Records)
      CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
          [Register = Records->RegisterRecords](llvm::PassBuilder &PB) {
            Register(&PB);
          });
    if (WantPass) {
      DiagnosticsEngine &D = CI.getDiagnostics();
      if (Pass.Table) {
        if (Opts.IRFacts && Opts.Transform)
          Facts = Pass.Table;
        CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
            [Register = Pass.Table->RegisterOnce](llvm::PassBuilder &PB) {
              Register(&PB);
            });
      } else if (!Pass.Library.empty()) {
        // A ClangEscape.so of another build: its table may not match ours.
        D.Report(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "clang-escape: %0 does not provide version %1 of the pass "
            "interface that %2 needs (the two files come from different "
            "builds of clang-escape; install them together)"))
            << Pass.Library << PassInterfaceVersion
            << objectFileOf(reinterpret_cast<void *>(&lookUpPass));
      } else {
        D.Report(D.getCustomDiagID(
            DiagnosticsEngine::Warning,
            "clang-escape: the heap-to-stack pass is not loaded; load the "
            "plugin as -fplugin=ClangEscape.so"));
      }
    }
    return std::make_unique<EscapeConsumer>(
        CI, Opts, std::move(Rewrites), Facts, honesty(CI, Pass.Table), Records,
        std::move(Strings), Opts.Transform ? Pass.Table : nullptr);
  }

  /// With -m, whether the pass will say which local sites stay on the heap
  /// (then it needs debug locations: without -g, location tracking only, as
  /// -Rpass turns on), or why nothing moves in this compile.
  SiteHonesty honesty(CompilerInstance &CI,
                      const ClangEscapePassInterface *Table) {
    SiteHonesty H;
    if (Opts.Level == 0 || !generatesCode(CI))
      return H;
    CodeGenOptions &CG = CI.getCodeGenOpts();
    if (!Opts.Transform)
      H.Nothing = "-fplugin-arg-escape-no-transform: the heap-to-stack pass "
                  "moves nothing; every allocation stays on the heap";
    else if (CG.OptimizationLevel == 0)
      H.Nothing = "at -O0 the heap-to-stack pass does not run: every "
                  "allocation stays on the heap";
    else if (CG.PrepareForLTO || CG.PrepareForThinLTO)
      H.Nothing = "with -flto the heap-to-stack pass decides at link time "
                  "which allocations move (-Rpass-missed=escape at the link "
                  "says which stay on the heap)";
    else if (!Table)
      H.Nothing = "the heap-to-stack pass is not loaded: every allocation "
                  "stays on the heap";
    else {
      H.Pass = Table;
      // Location tracking for the report alone: the pass drops the
      // locations after it, before code generation (SiteReport.h).
      if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo) {
        CG.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
        Table->DropLocationsAfterReport();
        H.LocationsForReport = true;
      }
    }
    return H;
  }

  /// -fplugin-arg-escape-rewrite: compile the rewritten main file.
  std::vector<RewriteOutcome> rewrite(CompilerInstance &CI) {
    DiagnosticsEngine &D = CI.getDiagnostics();
    if (D.hasErrorOccurred() || !CI.getLangOpts().CPlusPlus ||
        CI.getLangOpts().ObjC)
      return {};
    RewriteOptions RO;
    RO.KeepLineNumbers = true;
    RO.ArenaBytes = Opts.RewriteArenaBytes;
    RO.ArenaInclude = arenaInclude();
    std::string Error;
    std::vector<RewriteOutcome> Outcomes =
        rewriteMainFileInMemory(CI, RO, Opts.Analysis, Error);
    if (!Error.empty()) {
      D.Report(D.getCustomDiagID(DiagnosticsEngine::Warning,
                                 "clang-escape: no rewrite: %0"))
          << Error;
      return {};
    }
    return Outcomes;
  }

  /// How the rewritten file includes the arena header: the copy next to
  /// this plugin (install: lib/../include, build tree: lib/../../include),
  /// else the one of the source tree it was built from, else <...> from the
  /// user's include path.
  static std::string arenaInclude() {
    Dl_info Info;
    std::vector<std::string> Dirs;
    if (dladdr(reinterpret_cast<void *>(&arenaInclude), &Info) &&
        Info.dli_fname) {
      std::string Lib = Info.dli_fname;
      Lib = Lib.substr(0, Lib.rfind('/'));
      Dirs.push_back(Lib + "/../include");
      Dirs.push_back(Lib + "/../../include");
    }
#ifdef ESCAPE_SOURCE_INCLUDE_DIR
    Dirs.push_back(ESCAPE_SOURCE_INCLUDE_DIR);
#endif
    for (const std::string &Dir : Dirs) {
      llvm::SmallString<256> P(Dir + "/escape/FrameArena.h");
      if (llvm::sys::fs::exists(P)) {
        llvm::sys::fs::make_absolute(P);
        llvm::sys::path::remove_dots(P, true);
        return fmt::format("\"{}\"", P.str().str());
      }
    }
    return "<escape/FrameArena.h>";
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &D = CI.getDiagnostics();
    auto Error = [&](const std::string &Msg) {
      unsigned ID = D.getCustomDiagID(DiagnosticsEngine::Error, "%0");
      D.Report(ID) << Msg;
      return false;
    };
    auto ParseBytes = [&](const std::string &Arg, const std::string &Value,
                          uint64_t Example, uint64_t &Out) {
      if (Value.empty() || Value.size() > 12 ||
          Value.find_first_not_of("0123456789") != std::string::npos)
        return Error(fmt::format(
            "clang-escape: '-fplugin-arg-escape-{}' needs a byte count, as "
            "in -fplugin-arg-escape-{}={}",
            Arg, Arg.substr(0, Arg.find('=')), Example));
      Out = std::stoull(Value);
      return true;
    };
    Active = namedAsFrontendPlugin(CI);
    if (!Active) {
      if (!Args.empty()) {
        unsigned ID = D.getCustomDiagID(
            DiagnosticsEngine::Warning,
            "clang-escape: -fplugin-arg-escape-%0 is ignored: ClangEscape.so "
            "is loaded with -fpass-plugin= only (the pass alone, without the "
            "analysis); add -fplugin=ClangEscape.so");
        D.Report(ID) << Args.front();
      }
      return true;
    }
    int Dangling = 0, Annotations = 0; // the last setting wins
    for (const std::string &Arg : Args) {
      auto Eq = Arg.find('=');
      llvm::StringRef Key = llvm::StringRef(Arg).substr(0, Eq);
      bool HasValue = Eq != std::string::npos;
      std::string Value = HasValue ? Arg.substr(Eq + 1) : "";
      const PluginArgInfo *Info = nullptr;
      for (const PluginArgInfo &A : PluginArgs)
        if (Key == A.Name)
          Info = &A;
      // A flag with a value, or a level other than 1 or 2, is not an
      // argument either.
      if (Info && Info->Value == ArgValue::None && HasValue)
        Info = nullptr;
      if (Info && Info->Value == ArgValue::Level && HasValue && Value != "1" &&
          Value != "2")
        Info = nullptr;
      if (!Info) {
        std::string Guess = didYouMean(Arg);
        return Error(fmt::format(
            "clang-escape: unknown plugin argument '{}'{}; valid arguments "
            "are: {}",
            Arg,
            Guess.empty() ? "" : fmt::format(" (did you mean '{}'?)", Guess),
            validArgs()));
      }
      uint64_t N = 0;
      if (Info->Value == ArgValue::Bytes &&
          !ParseBytes(Arg, Value, Info->Default, N))
        return false;
      switch (Info->ID) {
      case PluginArgID::Remarks:
        Opts.Level = Value == "2" ? 2 : std::max(Opts.Level, 1u);
        break;
      case PluginArgID::MaxObject:
        Opts.Analysis.MaxObjectBytes = N;
        Opts.Pass.MaxObjectBytes = N;
        break;
      case PluginArgID::MaxFrame:
        Opts.Pass.MaxFrameBytes = N;
        break;
      case PluginArgID::Arena:
        Opts.Pass.ArenaBytes = N;
        break;
      case PluginArgID::Headers:
        Opts.Headers = true;
        break;
      case PluginArgID::SystemBodies:
        Opts.Analysis.SystemBodies = true;
        break;
      case PluginArgID::DebugSummaries:
        Opts.Analysis.DebugSummaries = true;
        break;
      case PluginArgID::NoTransform:
        Opts.Transform = false;
        break;
      case PluginArgID::Profile:
        Opts.Pass.Profile = true;
        break;
      case PluginArgID::Dangling:
      case PluginArgID::NoDangling:
        Dangling = Info->ID == PluginArgID::Dangling;
        break;
      case PluginArgID::Annotations:
      case PluginArgID::NoAnnotations:
        Annotations = Info->ID == PluginArgID::Annotations;
        break;
      case PluginArgID::Rewrite:
        Opts.Rewrite = true;
        break;
      case PluginArgID::RewriteArena:
        Opts.RewriteArenaBytes = N;
        break;
      case PluginArgID::ExternStrings:
        Opts.StringBodies = false;
        break;
      case PluginArgID::NoIRFacts:
        Opts.IRFacts = false;
        break;
      case PluginArgID::XtuIRFacts:
        Opts.XtuIRFacts = true;
        break;
      case PluginArgID::Summaries:
        if (Value.empty())
          return Error("clang-escape: '-fplugin-arg-escape-summaries' needs a "
                       "directory, as in -fplugin-arg-escape-summaries=build/"
                       "escape-summaries");
        Opts.SummaryDir = Value;
        break;
      case PluginArgID::RemarksOnly:
      case PluginArgID::RemarksFunction:
      case PluginArgID::RemarksPath: {
        std::string Why;
        bool OK =
            Info->ID == PluginArgID::RemarksOnly
                ? Opts.Filter.parseOnly(Value, Why)
                : RemarkFilter::parseRegex(Value,
                                           Info->ID == PluginArgID::RemarksPath
                                               ? Opts.Filter.Path
                                               : Opts.Filter.Function,
                                           Why);
        if (!OK)
          return Error(fmt::format("clang-escape: '-fplugin-arg-escape-{}': {}",
                                   Arg, Why));
        Opts.Level = std::max(Opts.Level, 1u);
        break;
      }
      case PluginArgID::Help:
        llvm::errs() << helpText();
        break;
      }
    }
    Opts.Warn.Dangling = Dangling > 0;
    Opts.Warn.Annotations = Annotations > 0;
    return true;
  }

  // Before CodeGen's consumer: the facts for the pass must be in place
  // before CodeGen's HandleTranslationUnit runs the optimisation pipeline.
  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static FrontendPluginRegistry::Add<EscapeAction>
    X("escape", "Go-style escape analysis for C++");
