//===- GraphStmt.cpp - Statements into the graph
//----------------------------===//
//
// Statements (Go's escape/stmt.go): control flow, regions and variable
// versions, declarations and their initializers.
//
//===----------------------------------------------------------------------===//
#include "clang/GraphBuilder.h"
#include "clang/Library.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprObjC.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/LifetimeSafety/LifetimeAnnotations.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <fmt/format.h>

using namespace clang;
using namespace escape;

void GraphBuilder::stmt(const Stmt *S) {
  DepthGuard Depth(*this);
  if (!S || !Depth.ok())
    return;

  if (const auto *E = dyn_cast<Expr>(S)) {
    discard(E);
    return;
  }
  switch (S->getStmtClass()) {
  case Stmt::CompoundStmtClass:
    for (const Stmt *C : cast<CompoundStmt>(S)->body())
      stmt(C);
    return;
  case Stmt::DeclStmtClass:
    for (const Decl *D : cast<DeclStmt>(S)->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        varDecl(VD);
    return;
  case Stmt::NullStmtClass:
  case Stmt::BreakStmtClass:
  case Stmt::ContinueStmtClass:
  case Stmt::GotoStmtClass:
    return;
  case Stmt::ReturnStmtClass: {
    const auto *RS = cast<ReturnStmt>(S);
    const Expr *RV = RS->getRetValue();
    if (!RV)
      return;
    Hole K = G.note(G.hole(G.result()), Reason::Return,
                    toPos(RS->getBeginLoc()), NoteText(NoteReturn, RV));
    if (FD->getReturnType()->isReferenceType())
      addrOf(K, RV);
    else if (mayHoldPointer(RV->getType()))
      value(K, RV);
    else
      discard(RV);
    return;
  }
  case Stmt::IfStmtClass: {
    const auto *IS = cast<IfStmt>(S);
    stmt(IS->getInit());
    condition(IS->getConditionVariable(), IS->getCond());
    enterRegion(false);
    stmt(IS->getThen());
    restoreRegion();
    stmt(IS->getElse());
    leaveRegion();
    return;
  }
  case Stmt::SwitchStmtClass: {
    const auto *SS = cast<SwitchStmt>(S);
    stmt(SS->getInit());
    condition(SS->getConditionVariable(), SS->getCond());
    stmt(SS->getBody());
    return;
  }
  case Stmt::CaseStmtClass:
    stmt(cast<CaseStmt>(S)->getSubStmt());
    return;
  case Stmt::DefaultStmtClass:
    stmt(cast<DefaultStmt>(S)->getSubStmt());
    return;
  case Stmt::AttributedStmtClass:
    stmt(cast<AttributedStmt>(S)->getSubStmt());
    return;
  case Stmt::LabelStmtClass:
    // A label may be the target of a backward goto: everything after it is
    // treated as one loop level deeper than what came before (sound).
    ++LoopDepth;
    stmt(cast<LabelStmt>(S)->getSubStmt());
    return;
  case Stmt::WhileStmtClass: {
    const auto *WS = cast<WhileStmt>(S);
    ++LoopDepth;
    enterRegion(true);
    condition(WS->getConditionVariable(), WS->getCond());
    stmt(WS->getBody());
    leaveRegion();
    --LoopDepth;
    return;
  }
  case Stmt::DoStmtClass: {
    const auto *DS = cast<DoStmt>(S);
    ++LoopDepth;
    enterRegion(true);
    stmt(DS->getBody());
    stmt(DS->getCond());
    leaveRegion();
    --LoopDepth;
    return;
  }
  case Stmt::ForStmtClass: {
    const auto *FS = cast<ForStmt>(S);
    stmt(FS->getInit());
    ++LoopDepth;
    enterRegion(true);
    condition(FS->getConditionVariable(), FS->getCond());
    stmt(FS->getBody()); // in program order: versions flow body -> inc
    stmt(FS->getInc());
    leaveRegion();
    --LoopDepth;
    return;
  }
  case Stmt::CXXForRangeStmtClass: {
    const auto *FS = cast<CXXForRangeStmt>(S);
    stmt(FS->getInit());
    stmt(FS->getRangeStmt());
    stmt(FS->getBeginStmt());
    stmt(FS->getEndStmt());
    ++LoopDepth;
    enterRegion(true);
    stmt(FS->getCond());
    stmt(FS->getLoopVarStmt());
    stmt(FS->getBody());
    stmt(FS->getInc());
    leaveRegion();
    --LoopDepth;
    return;
  }
  case Stmt::CXXTryStmtClass: {
    const auto *TS = cast<CXXTryStmt>(S);
    // A handler may start from any version made in the try block.
    enterRegion(false);
    stmt(TS->getTryBlock());
    leaveRegion();
    enterRegion(false);
    for (unsigned I = 0; I < TS->getNumHandlers(); ++I) {
      restoreRegion();
      const CXXCatchStmt *H = TS->getHandler(I);
      if (const VarDecl *VD = H->getExceptionDecl()) {
        // The exception object lives outside the frame.
        int L = G.newLocation(LocKind::Variable, VD->getNameAsString(),
                              toPos(VD->getLocation()), LoopDepth);
        Vars[VD] = L;
        G.flow(G.hole(L), G.heap());
      }
      stmt(H->getHandlerBlock());
    }
    leaveRegion();
    return;
  }
  case Stmt::CoreturnStmtClass:
  case Stmt::CoroutineBodyStmtClass:
    unhandled(G.discardHole(), S);
    return;
  default:
    unhandled(G.discardHole(), S);
    return;
  }
}

// The condition of if/switch/while/for: a declared variable (whose
// initialiser is the condition) or a plain expression.
void GraphBuilder::condition(const VarDecl *CondVar, const Stmt *Cond) {
  if (CondVar)
    varDecl(CondVar);
  else
    stmt(Cond);
}

void GraphBuilder::varDecl(const VarDecl *VD) {
  if (const auto *DD = dyn_cast<DecompositionDecl>(VD)) {
    // The hidden variable holds the object; bindings refer into it.
    int L = G.newLocation(LocKind::Variable, "structured binding",
                          toPos(VD->getLocation()), LoopDepth);
    Vars[VD] = L;
    initInto(L, VD->getInit(), VD);
    for (const BindingDecl *B : DD->bindings())
      if (const VarDecl *HV = B->getHoldingVar())
        varDecl(HV);
    return;
  }
  if (!isLocalStorage(VD)) {
    // Static locals: the initialiser runs once, into a global.
    int L = varLoc(VD);
    if (const Expr *Init = VD->getInit()) {
      Hole K = G.note(G.hole(L), Reason::StoredGlobal, toPos(VD->getLocation()),
                      NoteText(NoteVar, VD));
      if (VD->getType()->isReferenceType())
        addrOf(K, Init);
      else
        value(K, Init);
    }
    return;
  }
  int L = G.newLocation(LocKind::Variable, VD->getNameAsString(),
                        toPos(VD->getLocation()), LoopDepth);
  Vars[VD] = L;
  if (Versioned.count(VD))
    Cur[VD] = L; // version 0: the declaration
  if (const Expr *Init = VD->getInit())
    initInto(L, Init, VD);
  if (!VD->getType()->isReferenceType())
    destroy(addressOf(L, VD->getInit()), VD->getType(), nullptr);
}

// Initialises variable location L (a reference variable holds an address).
void GraphBuilder::initInto(int L, const Expr *Init, const VarDecl *VD) {
  Hole K =
      G.note(G.hole(L), Reason::Init, pos(Init), NoteText(NoteInit, Init, VD));
  if (VD->getType()->isReferenceType()) {
    addrOf(K, Init);
    return;
  }
  const Expr *E = Init;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    E = EWC->getSubExpr();
  if (const auto *ILE = dyn_cast<InitListExpr>(E->IgnoreParens()))
    if (initFields(VD, ILE))
      return;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E->IgnoreParens())) {
    // Construct in place: `this` is the variable's address.
    int Addr = temp("&" + VD->getNameAsString(), Init);
    G.flow(G.hole(Addr).addr(), L);
    construct(Addr, CE, K);
    return;
  }
  if (mayHoldPointer(VD->getType()))
    value(K, Init);
  else
    discard(Init);
}

// `S s{&x, &y}` for an aggregate without bases whose fields are scalars:
// each initialiser goes to its field's part.
bool GraphBuilder::initFields(const VarDecl *VD, const InitListExpr *ILE) {
  const RecordDecl *RD = VD->getType()->getAsRecordDecl();
  if (!RD || RD->isUnion() || ILE->isTransparent())
    return false;
  if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD);
      CRD && CRD->getNumBases() != 0)
    return false;
  std::vector<const FieldDecl *> Fields(RD->field_begin(), RD->field_end());
  if (Fields.size() != ILE->getNumInits())
    return false;
  for (const FieldDecl *F : Fields)
    if (F->isUnnamedBitField() || !F->getType()->isScalarType())
      return false;
  if (Fields.empty() || fieldPart(VD, Fields[0]) < 0)
    return false; // VD is not split (the same answer for every field)
  for (unsigned I = 0; I < Fields.size(); ++I) {
    const Expr *Init = ILE->getInit(I);
    value(withNote(G.hole(fieldPart(VD, Fields[I])), Reason::Element, Init),
          Init);
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//
