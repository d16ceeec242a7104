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
#include "clang/Session.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/raw_ostream.h"

#include <fmt/format.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy;

namespace escape {
namespace {

/// Why the arena header (as ArenaInclude spells it) cannot be included
/// from the main file with this translation unit's flags, or "" when it
/// can: a fix-it that includes it would leave a file that does not build.
std::string arenaUnavailable(Preprocessor &PP, StringRef Spelling) {
  bool Angled = Spelling.starts_with("<");
  StringRef Name = Spelling.trim("<>\" ");
  SourceManager &SM = PP.getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  SmallVector<std::pair<OptionalFileEntryRef, DirectoryEntryRef>, 1> Includers;
  if (Main)
    Includers.push_back({Main, Main->getDir()});
  if (PP.getHeaderSearchInfo().LookupFile(
          Name, SourceLocation(), Angled, nullptr, nullptr, Includers, nullptr,
          nullptr, nullptr, nullptr, nullptr, nullptr))
    return "";
  return fmt::format(
      "the arena header {} is not on this file's include path; add it "
      "(CMake: target_link_libraries(<target> PRIVATE "
      "ClangEscape::FrameArena), or -I<prefix>/include) and run again",
      Spelling);
}

/// Analysis options shared by both checks.
AnalysisOptions analysisOptions(ClangTidyCheck::OptionsView &O) {
  AnalysisOptions A;
  A.MaxObjectBytes = O.get("MaxObjectBytes", A.MaxObjectBytes);
  A.SystemBodies = O.get("SystemBodies", A.SystemBodies);
  return A;
}

/// The cross-TU summaries directory (-fplugin-arg-escape-summaries=DIR of
/// the build), read only: the check's option, or the global option
/// SummariesDirectory shared by both checks.
std::string summariesDirectory(ClangTidyCheck::OptionsView &O) {
  return O.getLocalOrGlobal("SummariesDirectory", "").str();
}

/// The analysis of the translation unit being checked, shared by both
/// checks (Session.h): they read one set of results, computed once. A
/// check whose options differ from the session's gets a session of its own.
class SharedSession {
public:
  EscapeSession &get(ASTContext &Ctx, const AnalysisOptions &Opts,
                     const std::string &SummaryDir) {
    for (Entry &E : Sessions)
      if (E.Ctx == &Ctx && E.MaxObjectBytes == Opts.MaxObjectBytes &&
          E.SystemBodies == Opts.SystemBodies && E.SummaryDir == SummaryDir)
        return *E.S;
    Sessions.push_back(
        {&Ctx, Opts.MaxObjectBytes, Opts.SystemBodies, SummaryDir,
         EscapeSession::open(Ctx, Opts, SummaryDir, [](const std::string &W) {
           llvm::errs() << "escape: " << W << "\n";
         })});
    return *Sessions.back().S;
  }
  /// At the start and end of each translation unit.
  void clear() { Sessions.clear(); }

private:
  struct Entry {
    const ASTContext *Ctx;
    uint64_t MaxObjectBytes;
    bool SystemBodies;
    std::string SummaryDir;
    std::unique_ptr<EscapeSession> S;
  };
  std::vector<Entry> Sessions;
};

/// A check that reads the shared session.
class SessionCheck : public ClangTidyCheck {
public:
  SessionCheck(StringRef Name, ClangTidyContext *Context,
               std::shared_ptr<SharedSession> Shared)
      : ClangTidyCheck(Name, Context), Shared(std::move(Shared)),
        SummaryDir(summariesDirectory(Options)) {}
  void onStartOfTranslationUnit() override { Shared->clear(); }
  void onEndOfTranslationUnit() override { Shared->clear(); }

protected:
  EscapeSession &session(ASTContext &Ctx, const AnalysisOptions &Opts) {
    return Shared->get(Ctx, Opts, SummaryDir);
  }
  void storeSessionOptions(ClangTidyOptions::OptionMap &M) {
    Options.store(M, "SummariesDirectory", SummaryDir);
  }

private:
  std::shared_ptr<SharedSession> Shared;
  std::string SummaryDir;
};

class FrameLocalAllocationCheck : public SessionCheck {
public:
  FrameLocalAllocationCheck(StringRef Name, ClangTidyContext *Context,
                            std::shared_ptr<SharedSession> Shared)
      : SessionCheck(Name, Context, std::move(Shared)) {
    Opts.MakeUnique = Options.get("RewriteMakeUnique", true);
    Opts.MakeShared = Options.get("RewriteMakeShared", true);
    Opts.NewDelete = Options.get("RewriteNewDelete", true);
    Opts.NewDeleteArena = Options.get("RewriteNewDeleteArena", true);
    Opts.NewDeleteIgnoreExceptions =
        Options.get("NewDeleteIgnoreExceptions", false);
    Opts.ArenaBytes = Options.get("ArenaBytes", Opts.ArenaBytes);
    Opts.ArenaInclude =
        Options.get("ArenaInclude", "<escape/FrameArena.h>").str();
    Analysis = analysisOptions(Options);
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
    Options.store(M, "MaxObjectBytes", Analysis.MaxObjectBytes);
    Options.store(M, "SystemBodies", Analysis.SystemBodies);
    Options.store(M, "WarnWithoutFix", WarnWithoutFix);
    storeSessionOptions(M);
  }
  bool isLanguageVersionSupported(const LangOptions &LO) const override {
    return LO.CPlusPlus && !LO.ObjC;
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void registerPPCallbacks(const SourceManager &, Preprocessor *P,
                           Preprocessor *) override {
    PP = P;
  }
  void check(const MatchFinder::MatchResult &Result) override {
    RewriteOptions O = Opts;
    if (PP && O.MakeShared | O.NewDeleteArena)
      O.ArenaUnavailable = arenaUnavailable(*PP, O.ArenaInclude);
    for (const RewriteSite &S :
         planRewrites(session(*Result.Context, Analysis), O)) {
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
  AnalysisOptions Analysis;
  Preprocessor *PP = nullptr;
  bool WarnWithoutFix = true;
};

class StackAssertionCheck : public SessionCheck {
public:
  StackAssertionCheck(StringRef Name, ClangTidyContext *Context,
                      std::shared_ptr<SharedSession> Shared)
      : SessionCheck(Name, Context, std::move(Shared)),
        Opts(analysisOptions(Options)) {}
  void storeOptions(ClangTidyOptions::OptionMap &M) override {
    Options.store(M, "MaxObjectBytes", Opts.MaxObjectBytes);
    Options.store(M, "SystemBodies", Opts.SystemBodies);
    storeSessionOptions(M);
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
         checkStackAssertions(session(*Result.Context, Opts))) {
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
    // Both checks of one clang-tidy run share the analysis of each file.
    auto Shared = std::make_shared<SharedSession>();
    Factories.registerCheckFactory(
        "escape-frame-local-allocation",
        [Shared](StringRef Name, ClangTidyContext *Context) {
          return std::make_unique<FrameLocalAllocationCheck>(Name, Context,
                                                             Shared);
        });
    Factories.registerCheckFactory(
        "escape-stack-assertion",
        [Shared](StringRef Name, ClangTidyContext *Context) {
          return std::make_unique<StackAssertionCheck>(Name, Context, Shared);
        });
  }
};

} // namespace
} // namespace escape

static clang::tidy::ClangTidyModuleRegistry::Add<escape::EscapeModule>
    X("escape-module", "clang-escape: Go-style escape analysis checks");
