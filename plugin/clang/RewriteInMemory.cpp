//===- RewriteInMemory.cpp - -fplugin-arg-escape-rewrite ------------------===//
#include "clang/RewriteInMemory.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/PreprocessorOptions.h"

#include <fmt/format.h>

using namespace clang;
using namespace escape;

namespace {

struct PlanResult {
  bool Parsed = false;
  bool Applied = false;
  std::string Text;
  std::vector<RewriteOutcome> Outcomes;
};

class PlanConsumer : public ASTConsumer {
public:
  PlanConsumer(const RewriteOptions &Opts, const AnalysisOptions &AO,
               PlanResult &R)
      : Opts(Opts), AO(AO), R(R) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    R.Parsed = true;
    const SourceManager &SM = Ctx.getSourceManager();
    // The separate parse has an AST of its own, so a session of its own.
    EscapeSession Session(Ctx, AO);
    std::vector<RewriteSite> Sites = planRewrites(Session, Opts);
    R.Applied = applyRewrites(Ctx, Sites, R.Text);
    for (const RewriteSite &S : Sites) {
      RewriteOutcome O;
      O.Line = SM.getSpellingLineNumber(S.Loc);
      O.Column = SM.getSpellingColumnNumber(S.Loc);
      O.Rewritten = S.Rewritable && R.Applied;
      O.Message =
          S.Rewritable
              ? fmt::format("{} rewritten: {}", S.What, S.Action)
              : fmt::format("{} does not escape, but is not rewritten: {}",
                            S.What, S.WhyNot);
      R.Outcomes.push_back(std::move(O));
    }
  }

private:
  const RewriteOptions &Opts;
  const AnalysisOptions &AO;
  PlanResult &R;
};

class PlanAction : public ASTFrontendAction {
public:
  PlanAction(const RewriteOptions &Opts, const AnalysisOptions &AO,
             PlanResult &R)
      : Opts(Opts), AO(AO), R(R) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<PlanConsumer>(Opts, AO, R);
  }

private:
  const RewriteOptions &Opts;
  const AnalysisOptions &AO;
  PlanResult &R;
};

} // namespace

std::vector<RewriteOutcome>
escape::rewriteMainFileInMemory(CompilerInstance &CI,
                                const RewriteOptions &Opts,
                                const AnalysisOptions &AO, std::string &Error) {
  SourceManager &SM = CI.getSourceManager();
  FileID Main = SM.getMainFileID();
  OptionalFileEntryRef MainFile = SM.getFileEntryRefForID(Main);
  if (!MainFile) {
    Error = "the main file is not a file on disk";
    return {};
  }

  // The separate parse: same invocation, syntax only, no plugins, no
  // dependency file, diagnostics swallowed (the real compilation reports).
  auto Inv = std::make_shared<CompilerInvocation>(CI.getInvocation());
  FrontendOptions &FO = Inv->getFrontendOpts();
  FO.Plugins.clear();
  FO.AddPluginActions.clear();
  FO.PluginArgs.clear();
  FO.ActionName.clear();
  FO.ProgramAction = frontend::ParseSyntaxOnly;
  FO.OutputFile.clear();
  Inv->getDependencyOutputOpts() = DependencyOutputOptions();
  Inv->getCodeGenOpts().PassPlugins.clear();
  CompilerInstance Sub(Inv, CI.getPCHContainerOperations());
  Sub.setVirtualFileSystem(CI.getVirtualFileSystemPtr());
  Sub.createDiagnostics(new IgnoringDiagConsumer(), true);
  PlanResult R;
  PlanAction Act(Opts, AO, R);
  if (!Sub.ExecuteAction(Act) || !R.Parsed) {
    Error = "the separate parse of the main file failed";
    return {};
  }
  if (!R.Applied) {
    Error = "the rewrites overlap";
    return {};
  }
  bool Any = false;
  for (const RewriteOutcome &O : R.Outcomes)
    Any |= O.Rewritten;
  // The inserted #include and #line 1 come before the file's first line.
  std::string Inc = fmt::format("#include {}\n#line 1\n", Opts.ArenaInclude);
  if (Any && Opts.KeepLineNumbers && StringRef(R.Text).starts_with(Inc) &&
      !SM.getBufferData(Main).starts_with(Inc))
    for (RewriteOutcome &O : R.Outcomes)
      O.Line += 2;
  if (Any) {
    SM.overrideFileContents(*MainFile, llvm::MemoryBuffer::getMemBufferCopy(
                                           R.Text, MainFile->getName()));
    FileID NewMain = SM.createFileID(
        *MainFile, SourceLocation(),
        SM.getFileCharacteristic(SM.getLocForStartOfFile(Main)));
    SM.setMainFileID(NewMain);
  }
  return std::move(R.Outcomes);
}
