//===- EscapeTidyModule.cpp - clang-tidy checks escape-* ------------------===//
//
// clang-tidy-22 --load=build/lib/ClangEscapeTidy.so -checks='-*,escape-*'
//
//   escape-frame-local-allocation  frame-local make_unique / make_shared /
//                                  new, with fix-its (docs/checks/...)
//   escape-stack-assertion         ESCAPE_STACK variables and functions
//                                  whose allocations escape
//
//===----------------------------------------------------------------------===//
#include "clang/Assert.h"
#include "clang/Rewrite.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"

#include <fmt/format.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

namespace escape {
namespace {

/// Analysis options shared by both checks.
AnalysisOptions analysisOptions(ClangTidyCheck::OptionsView &O) {
  AnalysisOptions A;
  A.MaxObjectBytes = O.get("MaxObjectBytes", uint64_t(1024));
  A.SystemBodies = O.get("SystemBodies", false);
  return A;
}

class FrameLocalAllocationCheck : public ClangTidyCheck {
public:
  FrameLocalAllocationCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {
    Opts.MakeUnique = Options.get("RewriteMakeUnique", true);
    Opts.MakeShared = Options.get("RewriteMakeShared", true);
    Opts.NewDelete = Options.get("RewriteNewDelete", true);
    Opts.NewDeleteArena = Options.get("RewriteNewDeleteArena", true);
    Opts.NewDeleteIgnoreExceptions =
        Options.get("NewDeleteIgnoreExceptions", false);
    Opts.ArenaBytes = Options.get("ArenaBytes", uint64_t(1024));
    Opts.ArenaInclude =
        Options.get("ArenaInclude", "<escape/FrameArena.h>").str();
    Opts.Analysis = analysisOptions(Options);
    // Header sites too: clang-tidy's HeaderFilterRegex decides which
    // headers get diagnostics (and so fixes), as for every check.
    Opts.Headers = true;
    WarnWithoutFix = Options.get("WarnWithoutFix", true);
  }
  void storeOptions(ClangTidyOptions::OptionMap &M) override {
    Options.store(M, "RewriteMakeUnique", Opts.MakeUnique);
    Options.store(M, "RewriteMakeShared", Opts.MakeShared);
    Options.store(M, "RewriteNewDelete", Opts.NewDelete);
    Options.store(M, "RewriteNewDeleteArena", Opts.NewDeleteArena);
    Options.store(M, "NewDeleteIgnoreExceptions",
                  Opts.NewDeleteIgnoreExceptions);
    Options.store(M, "ArenaBytes", Opts.ArenaBytes);
    Options.store(M, "ArenaInclude", Opts.ArenaInclude);
    Options.store(M, "MaxObjectBytes", Opts.Analysis.MaxObjectBytes);
    Options.store(M, "SystemBodies", Opts.Analysis.SystemBodies);
    Options.store(M, "WarnWithoutFix", WarnWithoutFix);
  }
  bool isLanguageVersionSupported(const LangOptions &LO) const override {
    return LO.CPlusPlus && !LO.ObjC;
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    for (const RewriteSite &S : planRewrites(*Result.Context, Opts)) {
      if (S.Rewritable) {
        auto D = diag(S.Loc, "%0 does not escape: %1") << S.What << S.Action;
        for (const FixItHint &H : S.Fixes)
          D << H;
      } else if (WarnWithoutFix) {
        diag(S.Loc, "%0 does not escape, but is not rewritten: %1")
            << S.What << S.WhyNot;
      }
    }
  }

private:
  RewriteOptions Opts;
  bool WarnWithoutFix = true;
};

class StackAssertionCheck : public ClangTidyCheck {
public:
  StackAssertionCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Opts(analysisOptions(Options)) {}
  void storeOptions(ClangTidyOptions::OptionMap &M) override {
    Options.store(M, "MaxObjectBytes", Opts.MaxObjectBytes);
    Options.store(M, "SystemBodies", Opts.SystemBodies);
  }
  bool isLanguageVersionSupported(const LangOptions &LO) const override {
    return !LO.ObjC;
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const SourceManager &SM = Result.Context->getSourceManager();
    for (const AssertionFailure &F :
         checkStackAssertions(*Result.Context, Opts)) {
      diag(F.Loc, "%0") << F.Message;
      for (const RemarkNote &N : F.Notes) {
        SourceLocation NL = fromPos(N.Where);
        diag(NL.isValid() ? SM.getExpansionLoc(NL) : F.Loc, "%0",
             DiagnosticIDs::Note)
            << N.Message;
      }
    }
  }

private:
  AnalysisOptions Opts;
};

class EscapeModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<FrameLocalAllocationCheck>(
        "escape-frame-local-allocation");
    Factories.registerCheck<StackAssertionCheck>("escape-stack-assertion");
  }
};

} // namespace
} // namespace escape

static clang::tidy::ClangTidyModuleRegistry::Add<escape::EscapeModule>
    X("escape-module", "clang-escape: Go-style escape analysis checks");
