//===- Session.cpp - One escape analysis per translation unit -------------===//
#include "clang/Session.h"
#include "clang/Collect.h"
#include "clang/SummaryStore.h"

using namespace clang;
using namespace escape;

static AnalysisOptions withStore(AnalysisOptions Opts,
                                 const SummaryStore *Store) {
  Opts.Store = Store;
  return Opts;
}

EscapeSession::EscapeSession(ASTContext &Ctx, AnalysisOptions Opts,
                             std::unique_ptr<SummaryStore> S)
    : Ctx(Ctx), Store(std::move(S)),
      A(Ctx, withStore(Opts, Store ? Store.get() : Opts.Store)) {}

EscapeSession::~EscapeSession() = default;

std::unique_ptr<EscapeSession>
EscapeSession::open(ASTContext &Ctx, AnalysisOptions Opts,
                    const std::string &SummaryDir,
                    std::function<void(const std::string &)> Warn) {
  std::unique_ptr<SummaryStore> Store;
  if (!SummaryDir.empty()) {
    Store = std::make_unique<SummaryStore>(SummaryDir);
    if (Warn)
      Store->Warn = std::move(Warn);
    Store->Debug = Opts.DebugSummaries;
  }
  return std::make_unique<EscapeSession>(Ctx, Opts, std::move(Store));
}

const CollectedDecls &EscapeSession::collected() {
  if (!Collected)
    Collected = std::make_unique<CollectedDecls>(collectDecls(Ctx));
  return *Collected;
}

const std::vector<const FunctionDecl *> &EscapeSession::functions() {
  return collected().Functions;
}

const std::vector<const Decl *> &EscapeSession::annotatedDecls() {
  return collected().Annotated;
}
