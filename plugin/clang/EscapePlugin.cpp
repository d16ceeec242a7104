//===- EscapePlugin.cpp - Clang plugin entry point ------------------------===//
//
// `-fplugin=ClangEscape.so` runs the escape analysis after parsing and
// schedules the heap-to-stack pass for code generation. With
// `-fplugin-arg-escape-m` (or `-m=2`) it prints Go-style remarks as Clang
// diagnostics of severity remark, so they work with -fdiagnostics-format,
// IDE problem matchers and -Werror untouched.
//
//===----------------------------------------------------------------------===//
#include "clang/Analyzer.h"
#include "clang/Collect.h"
#include "clang/IRFacts.h"
#include "clang/SummaryStore.h"
#include "llvm/HeapToStack.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Passes/PassBuilder.h"

#include <fmt/format.h>

#include <dlfcn.h>

#include <algorithm>
#include <optional>

using namespace clang;
using namespace escape;

namespace {

struct PluginOptions {
  unsigned Level = 0; ///< 0: no remarks, 1: -m, 2: -m=2
  bool Headers = false;
  bool Transform = true;
  std::string SummaryDir;  ///< summaries=DIR: cross-TU summaries
  bool IRFacts = true;     ///< hand the verdicts to the pass (no-ir-facts)
  bool XtuIRFacts = false; ///< also from cross-TU summaries (xtu-ir-facts)
  AnalysisOptions Analysis;
  HeapToStackOptions Pass;
};

const char *const ValidArgs =
    "m, m=1, m=2, max-object=<bytes>, max-frame=<bytes>, headers, "
    "system-bodies, no-transform, summaries=<dir>, no-ir-facts, xtu-ir-facts, "
    "help";

/// The pass's entry points for the front end's verdicts (FrontendFacts.h).
struct FactsFns {
  void (*Reset)(const char *) = nullptr;
  void (*Add)(const char *, unsigned, int, uint64_t) = nullptr;
  explicit operator bool() const { return Reset && Add; }
};

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

class EscapeConsumer : public ASTConsumer {
public:
  EscapeConsumer(CompilerInstance &CI, PluginOptions Opts, FactsFns Facts)
      : CI(CI), Opts(Opts), Facts(Facts) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    bool Summaries = !Opts.SummaryDir.empty();
    bool WantFacts = Facts && generatesCode(CI);
    if ((Opts.Level == 0 && !Summaries && !WantFacts) ||
        Diags.hasErrorOccurred())
      return;
    const LangOptions &LO = Ctx.getLangOpts();
    if (LO.ObjC)
      return; // Objective-C and Objective-C++ are not analysed.
    SourceManager &SM = Ctx.getSourceManager();
    AnalysisOptions AO = Opts.Analysis;
    std::optional<SummaryStore> Store;
    if (Summaries) {
      Store.emplace(Opts.SummaryDir);
      unsigned WarnID =
          Diags.getCustomDiagID(DiagnosticsEngine::Warning, "clang-escape: %0");
      Store->Warn = [&Diags, WarnID](const std::string &Msg) {
        Diags.Report(WarnID) << Msg;
      };
      Store->Debug = AO.DebugSummaries;
      AO.Store = &*Store;
    }
    Analyzer A(Ctx, AO);
    if (Store)
      exportSummaries(Ctx, A, *Store);
    if (WantFacts) {
      // Runs before CodeGen's consumer (AddBeforeMainAction), so the pass
      // sees this TU's facts.
      Facts.Reset(CI.getFrontendOpts().Inputs[0].getFile().str().c_str());
      for (const CalleeFact &F : calleeFacts(Ctx, A, Opts.XtuIRFacts))
        Facts.Add(F.Symbol.c_str(), F.NumArgs, F.VarArg, F.NoCapture);
    }
    if (Opts.Level == 0)
      return;
    CollectOptions CO;
    CO.Level = Opts.Level;
    CO.Headers = Opts.Headers;
    CO.Analysis = AO;
    CO.Shared = &A;
    std::vector<LocatedRemark> All = collectRemarks(Ctx, CO);
    unsigned RemarkID = Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0");
    unsigned NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    for (const LocatedRemark &O : All) {
      Diags.Report(O.Loc, RemarkID) << O.R.Message;
      for (const RemarkNote &N : O.R.Notes) {
        SourceLocation NL = fromPos(N.Where);
        if (NL.isInvalid())
          NL = O.Loc;
        Diags.Report(SM.getExpansionLoc(NL), NoteID) << N.Message;
      }
    }
  }

private:
  CompilerInstance &CI;
  PluginOptions Opts;
  FactsFns Facts;
};

class EscapeAction : public PluginASTAction {
  PluginOptions Opts;

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    FactsFns Facts;
    if (Opts.Transform) {
      // The pass lives in ClangEscape.so, which loaded this front end.
      using ConfigureFn = void (*)(const HeapToStackOptions *);
      using RegisterFn = void (*)(llvm::PassBuilder *);
      auto Configure = reinterpret_cast<ConfigureFn>(
          dlsym(RTLD_DEFAULT, "clang_escape_configure"));
      auto Register = reinterpret_cast<RegisterFn>(
          dlsym(RTLD_DEFAULT, "clang_escape_register_once"));
      if (Configure && Register) {
        if (Opts.IRFacts) {
          Facts.Reset = reinterpret_cast<decltype(Facts.Reset)>(
              dlsym(RTLD_DEFAULT, "clang_escape_reset_facts"));
          Facts.Add = reinterpret_cast<decltype(Facts.Add)>(
              dlsym(RTLD_DEFAULT, "clang_escape_add_fact"));
        }
        Configure(&Opts.Pass);
        CI.getCodeGenOpts().PassBuilderCallbacks.push_back(
            [Register](llvm::PassBuilder &PB) { Register(&PB); });
      } else {
        unsigned ID = CI.getDiagnostics().getCustomDiagID(
            DiagnosticsEngine::Warning,
            "clang-escape: the heap-to-stack pass is not loaded; load the "
            "plugin as -fplugin=ClangEscape.so");
        CI.getDiagnostics().Report(ID);
      }
    }
    return std::make_unique<EscapeConsumer>(CI, Opts, Facts);
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
                          uint64_t &Out) {
      if (Value.empty() || Value.size() > 12 ||
          Value.find_first_not_of("0123456789") != std::string::npos)
        return Error(fmt::format(
            "clang-escape: '-fplugin-arg-escape-{}' needs a byte count, as "
            "in -fplugin-arg-escape-{}=1024",
            Arg, Arg.substr(0, Arg.find('='))));
      Out = std::stoull(Value);
      return true;
    };
    for (const std::string &Arg : Args) {
      std::string Key = Arg.substr(0, Arg.find('='));
      std::string Value = Arg.find('=') == std::string::npos
                              ? ""
                              : Arg.substr(Arg.find('=') + 1);
      if (Arg == "m" || Arg == "m=1")
        Opts.Level = std::max(Opts.Level, 1u);
      else if (Arg == "m=2")
        Opts.Level = 2;
      else if (Key == "max-object") {
        uint64_t N = 0;
        if (!ParseBytes(Arg, Value, N))
          return false;
        Opts.Analysis.MaxObjectBytes = N;
        Opts.Pass.MaxObjectBytes = N;
      } else if (Key == "max-frame") {
        uint64_t N = 0;
        if (!ParseBytes(Arg, Value, N))
          return false;
        Opts.Pass.MaxFrameBytes = N;
      } else if (Arg == "headers")
        Opts.Headers = true;
      else if (Arg == "system-bodies")
        Opts.Analysis.SystemBodies = true;
      else if (Arg == "debug-summaries")
        Opts.Analysis.DebugSummaries = true;
      else if (Arg == "no-transform")
        Opts.Transform = false;
      else if (Arg == "no-ir-facts")
        Opts.IRFacts = false;
      else if (Arg == "xtu-ir-facts")
        Opts.XtuIRFacts = true;
      else if (Key == "summaries") {
        if (Value.empty())
          return Error("clang-escape: '-fplugin-arg-escape-summaries' needs a "
                       "directory, as in -fplugin-arg-escape-summaries=build/"
                       "escape-summaries");
        Opts.SummaryDir = Value;
      } else if (Arg == "help") {
        llvm::errs() << "clang-escape plugin arguments "
                        "(-fplugin-arg-escape-<arg>): "
                     << ValidArgs << "\n";
      } else
        return Error(fmt::format(
            "clang-escape: unknown plugin argument '{}'; valid arguments are: "
            "{}",
            Arg, ValidArgs));
    }
    return true;
  }

  // Before CodeGen's consumer: the facts for the pass must be in place
  // before CodeGen's HandleTranslationUnit runs the optimisation pipeline.
  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static FrontendPluginRegistry::Add<EscapeAction>
    X("escape", "Go-style escape analysis for C++");
