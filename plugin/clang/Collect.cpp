//===- Collect.cpp - Remarks of a translation unit ------------------------===//
#include "clang/Collect.h"
#include "analysis/StableSort.h"
#include "clang/GraphBuilder.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <optional>
#include <set>

using namespace clang;
using namespace escape;

namespace {

class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(const SourceManager &SM) : SM(SM) {}
  const SourceManager &SM;
  std::vector<const FunctionDecl *> Functions;
  bool TraverseDecl(Decl *D) {
    return inSystemHeader(SM, D) || RecursiveASTVisitor::TraverseDecl(D);
  }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !FD->isImplicit() && !FD->isDefaulted() && !FD->isInvalidDecl())
      Functions.push_back(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (const CXXMethodDecl *MD = LE->getCallOperator())
      if (!MD->isDependentContext() && MD->hasBody())
        Functions.push_back(MD);
    return true;
  }
};

} // namespace

bool escape::inSystemHeader(const SourceManager &SM, const Decl *D) {
  if (!D || isa<TranslationUnitDecl>(D))
    return false;
  SourceLocation L = SM.getExpansionLoc(D->getLocation());
  return L.isValid() && SM.isInSystemHeader(L);
}

std::vector<const FunctionDecl *> escape::collectFunctions(ASTContext &Ctx) {
  FunctionCollector Collector(Ctx.getSourceManager());
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(Collector.Functions);
}

std::vector<LocatedRemark> escape::collectRemarks(EscapeSession &S,
                                                  const CollectOptions &Opts) {
  ASTContext &Ctx = S.context();
  SourceManager &SM = Ctx.getSourceManager();
  ReportOptions RO;
  RO.Level = Opts.Level;
  RO.MaxObjectBytes = S.options().MaxObjectBytes;
  RO.Render = [&Ctx](const NoteText &T) { return renderNote(T, Ctx); };

  std::vector<LocatedRemark> All;
  std::set<std::pair<Pos, std::string>> Seen;
  for (const FunctionDecl *FD : S.functions()) {
    SourceLocation L = SM.getExpansionLoc(FD->getLocation());
    if (L.isInvalid() || SM.isInSystemHeader(L))
      continue;
    if (!Opts.Headers && !SM.isInMainFile(L))
      continue;
    if (Opts.WantFunction && !Opts.WantFunction(L))
      continue;
    const FunctionResult &FR = S.result(FD);
    if (Opts.OnFunction)
      Opts.OnFunction(FD, FR);
    for (Remark &R : report(FR.G, RO, FR.ParamNames, FR.ParamPositions)) {
      SourceLocation RL = SM.getExpansionLoc(fromPos(R.Where));
      if (RL.isInvalid() || SM.isInSystemHeader(RL))
        continue;
      if (!Seen.insert({toPos(RL), R.Message}).second)
        continue;
      All.push_back({RL, std::move(R)});
    }
  }
  stableSort(All, [&](const LocatedRemark &X, const LocatedRemark &Y) {
    return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
  });
  return All;
}
