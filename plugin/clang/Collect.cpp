//===- Collect.cpp - Remarks of a translation unit ------------------------===//
#include "clang/Collect.h"
#include "analysis/StableSort.h"
#include "clang/GraphBuilder.h"

#include "clang/AST/Attr.h"
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
  CollectedDecls Out;
  bool TraverseDecl(Decl *D) {
    return inSystemHeader(SM, D) || RecursiveASTVisitor::TraverseDecl(D);
  }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !FD->isImplicit() && !FD->isDefaulted() && !FD->isInvalidDecl())
      Out.Functions.push_back(FD);
    return true;
  }
  bool VisitDecl(Decl *D) {
    if ((isa<FunctionDecl>(D) || isa<VarDecl>(D)) && D->hasAttr<AnnotateAttr>())
      Out.Annotated.push_back(D);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (const CXXMethodDecl *MD = LE->getCallOperator())
      if (!MD->isDependentContext() && MD->hasBody())
        Out.Functions.push_back(MD);
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

CollectedDecls escape::collectDecls(ASTContext &Ctx) {
  FunctionCollector Collector(Ctx.getSourceManager());
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(Collector.Out);
}

bool RemarkFilter::parseOnly(llvm::StringRef List, std::string &Error) {
  llvm::SmallVector<llvm::StringRef, 2> Words;
  List.split(Words, ',', -1, /*KeepEmpty=*/false);
  if (Words.empty()) {
    Error = "expected sites, heap or both (sites,heap)";
    return false;
  }
  for (llvm::StringRef W : Words) {
    W = W.trim();
    if (W == "sites")
      SitesOnly = true;
    else if (W == "heap")
      EscapesOnly = true;
    else if (W == "all")
      SitesOnly = EscapesOnly = false;
    else {
      Error = ("'" + W + "' is not sites, heap or all").str();
      return false;
    }
  }
  return true;
}

bool RemarkFilter::parseRegex(llvm::StringRef RE,
                              std::shared_ptr<llvm::Regex> &Out,
                              std::string &Error) {
  auto R = std::make_shared<llvm::Regex>(RE);
  if (RE.empty() || !R->isValid(Error)) {
    if (RE.empty())
      Error = "empty regular expression";
    return false;
  }
  Out = std::move(R);
  return true;
}

bool RemarkFilter::keeps(const Remark &R) const {
  if (R.K == Remark::Param)
    return !SitesOnly && (R.Escapes || !(EscapesOnly || QuietParams));
  return !EscapesOnly || R.Place == Placement::Heap;
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
    const RemarkFilter &F = Opts.Filter;
    if (F.Function && !F.Function->match(FD->getQualifiedNameAsString()))
      continue;
    for (Remark &R : report(FR.G, RO, FR.ParamNames, FR.ParamPositions)) {
      if (!F.keeps(R))
        continue;
      SourceLocation RL = SM.getExpansionLoc(fromPos(R.Where));
      if (RL.isInvalid() || SM.isInSystemHeader(RL))
        continue;
      if (F.Path && !F.Path->match(SM.getFilename(RL)))
        continue;
      if (!Seen.insert({toPos(RL), R.Message}).second)
        continue;
      All.push_back({RL, std::move(R), FD});
    }
  }
  stableSort(All, [&](const LocatedRemark &X, const LocatedRemark &Y) {
    return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
  });
  return All;
}
