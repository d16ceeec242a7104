//===- Assert.cpp - "must stay in this frame" assertions ------------------===//
#include "clang/Assert.h"
#include "analysis/StableSort.h"
#include "clang/Collect.h"
#include "clang/GraphBuilder.h"

#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

using namespace clang;
using namespace escape;

namespace {

bool isMarked(const Decl *D) {
  for (const auto *A : D->specific_attrs<AnnotateAttr>())
    if (A->getAnnotation() == StackAnnotation)
      return true;
  return false;
}

/// The marks among the session's annotated declarations (collectDecls:
/// found in the walk that collects the functions, outside system headers).
class MarkFinder {
public:
  explicit MarkFinder(const SourceManager &SM) : SM(SM) {}
  const SourceManager &SM;
  /// Function -> marked local variables (nullptr: the function itself).
  std::map<const FunctionDecl *, std::vector<const VarDecl *>> Marks;
  std::vector<const FunctionDecl *> Order;
  std::vector<AssertionFailure> Misplaced;
  void visit(const Decl *D) {
    if (const auto *FD = dyn_cast<FunctionDecl>(D))
      visitFunctionDecl(FD);
    else if (const auto *VD = dyn_cast<VarDecl>(D))
      visitVarDecl(VD);
  }

  void add(const FunctionDecl *FD, const VarDecl *VD) {
    if (!Marks.count(FD))
      Order.push_back(FD);
    Marks[FD].push_back(VD);
  }
  bool wanted(const Decl *D) const {
    SourceLocation L = SM.getExpansionLoc(D->getLocation());
    return L.isValid() && !SM.isInSystemHeader(L);
  }
  void visitFunctionDecl(const FunctionDecl *FD) {
    if (isMarked(FD) && FD->doesThisDeclarationHaveABody() &&
        !FD->isDependentContext() && wanted(FD))
      add(FD, nullptr);
  }
  void visitVarDecl(const VarDecl *VD) {
    if (!isMarked(VD) || VD->getDeclContext()->isDependentContext() ||
        !wanted(VD))
      return;
    const auto *FD =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    if (!VD->isLocalVarDecl() || VD->isStaticLocal() || !FD || !FD->hasBody()) {
      Misplaced.push_back(
          {SM.getExpansionLoc(VD->getLocation()),
           fmt::format("'{}' is marked escape::stack, which applies to local "
                       "variables and functions only",
                       VD->getName().str()),
           {}});
      return;
    }
    add(FD, VD);
  }
};

/// The allocation sites of FR made by E or its subexpressions (the origin
/// table, FunctionResult::AllocsOf), in order, without duplicates.
void allocsIn(const FunctionResult &FR, const Stmt *S, std::vector<int> &Out) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    for (int A : FR.allocsOf(E))
      if (!llvm::is_contained(Out, A))
        Out.push_back(A);
  // Default arguments and member initialisers are built where they are
  // used, but are not children of the expression that uses them.
  if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(S))
    allocsIn(FR, DA->getExpr(), Out);
  else if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(S))
    allocsIn(FR, DI->getExpr(), Out);
  for (const Stmt *C : S->children())
    allocsIn(FR, C, Out);
}

} // namespace

std::vector<AssertionFailure>
escape::checkStackAssertions(EscapeSession &Session) {
  ASTContext &Ctx = Session.context();
  SourceManager &SM = Ctx.getSourceManager();
  MarkFinder MF(SM);
  for (const Decl *D : Session.annotatedDecls())
    MF.visit(D);
  std::vector<AssertionFailure> Out = std::move(MF.Misplaced);
  if (MF.Order.empty())
    return Out;

  ReportOptions RO;
  RO.Level = 2;
  RO.MaxObjectBytes = Session.options().MaxObjectBytes;
  RO.Render = [&Ctx](const NoteText &T) { return renderNote(T, Ctx); };
  auto Fail = [&](SourceLocation L, std::string Msg, const Graph &G, int LI) {
    Remark R;
    explainInto(G, LI, R, RO);
    Out.push_back({SM.getExpansionLoc(L), std::move(Msg), std::move(R.Notes)});
  };
  for (const FunctionDecl *FD : MF.Order) {
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    const FunctionResult &FR = Session.result(Def);
    const Graph &G = FR.G;
    for (const VarDecl *VD : MF.Marks[FD]) {
      if (!VD) {
        std::string Name = FD->getNameAsString();
        for (unsigned I = 0; I < G.Locs.size(); ++I)
          if (G.Locs[I].Kind == LocKind::Alloc && G.Locs[I].Escapes)
            Fail(fromPos(G.Locs[I].Position),
                 fmt::format("{} escapes to heap, but function '{}' is marked "
                             "escape::stack",
                             G.Locs[I].Name, Name),
                 G, I);
        continue;
      }
      std::string Name = VD->getName().str();
      std::vector<int> Allocs;
      allocsIn(FR, VD->getInit(), Allocs);
      for (int I : Allocs)
        if (G.Locs[I].Escapes)
          Fail(VD->getLocation(),
               fmt::format("{} escapes to heap, but '{}' is marked "
                           "escape::stack",
                           G.Locs[I].Name, Name),
               G, I);
      if (!Allocs.empty())
        continue;
      // No allocation: the variable itself must not outlive the frame.
      for (unsigned I = 0; I < G.Locs.size(); ++I)
        if (G.Locs[I].Kind == LocKind::Variable && FR.declOf(I) == VD &&
            G.Locs[I].Escapes)
          Fail(VD->getLocation(),
               fmt::format("the address of '{}' escapes, but '{}' is marked "
                           "escape::stack",
                           Name, Name),
               G, I);
    }
  }
  stableSort(Out, [&](const AssertionFailure &X, const AssertionFailure &Y) {
    return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
  });
  return Out;
}
