//===- GraphAssign.cpp - Assignments, construction, destruction
//-------------===//
//
// Assignments (Go's escape/assign.go), and the constructors and destructors
// C++ runs on an object's storage.
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

// `Lhs = Rhs`. A versioned variable's new version is made after the right
// side is evaluated (it may read the old one: `p = p->next`).
void GraphBuilder::assign(const Expr *Lhs, const Expr *Rhs, const Expr *E) {
  if (!isVersioned(Lhs))
    return value(G.note(assignHole(Lhs), Reason::Assign, pos(E), exprNote(E)),
                 Rhs);
  int T = temp("assigned", Rhs);
  value(G.hole(T), Rhs);
  G.flow(G.note(assignHole(Lhs), Reason::Assign, pos(E), exprNote(E)), T);
}

Hole GraphBuilder::assignHole(const Expr *E) {
  const Expr *S = E->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && !VD->getType()->isReferenceType() &&
        !(IsLambdaBody && !Vars.count(VD) && isLocalStorage(VD))) {
      int L = varLoc(VD);
      if (!isLocalStorage(VD))
        return G.note(G.hole(L), Reason::StoredGlobal, pos(E),
                      NoteText(NoteVar, VD));
      if (isVersioned(S))
        return G.hole(newVersion(VD)); // the old value is dead
      return G.hole(L);
    }
  }
  if (int F = fieldPart(S); F >= 0)
    return G.hole(F);
  // Anything else is a store through the object's address.
  int Ptr = temp("&lvalue", E);
  addrOf(G.hole(Ptr), E);
  return G.store(Ptr, pos(E), exprNote(E));
}

//===----------------------------------------------------------------------===//
// Objects: construction, destruction, allocation, lambdas
//===----------------------------------------------------------------------===//

// Constructs an object whose address is the value of ObjAddr. Copy is the
// hole of the object itself, used for trivial copies and element values.
void GraphBuilder::construct(int ObjAddr, const CXXConstructExpr *CE,
                             Hole Copy) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor)
    return;
  if (Ctor->isTrivial() || (CE->isElidable() && CE->getNumArgs() == 1) ||
      (Ctor->isDefaulted() && Ctor->isCopyOrMoveConstructor() &&
       Ctor->getParent()->isTriviallyCopyable())) {
    if (CE->getNumArgs() == 1 && Ctor->isCopyOrMoveConstructor())
      return value(G.note(Copy, Reason::Copy, pos(CE), exprNote(CE)),
                   CE->getArg(0));
    for (const Expr *Arg : CE->arguments())
      discard(Arg);
    return;
  }
  CallArgs C;
  C.Call = CE;
  C.Callee = Ctor;
  C.ObjectLoc = ObjAddr;
  for (const Expr *Arg : CE->arguments())
    C.Args.push_back(Arg);
  applyCall(G.discardHole(), C);
}

// Runs the destructor of an object of type T at address ObjAddr.
void GraphBuilder::destroy(int ObjAddr, QualType T, const Expr *At) {
  if (ObjAddr < 0)
    return;
  T = Ctx.getBaseElementType(T);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
    return;
  const CXXDestructorDecl *DD = RD->getDestructor();
  if (!DD)
    return;
  CallArgs C;
  C.Call = At;
  C.Callee = DD;
  C.ObjectLoc = ObjAddr;
  // Only `delete p` dispatches; a variable, a temporary, a member or a base
  // is destroyed by its own class's destructor.
  if (At && isa<CXXDeleteExpr>(At) && DD->isVirtual() &&
      !RD->hasAttr<FinalAttr>() && !DD->hasAttr<FinalAttr>())
    C.Unknown = Reason::VirtualCall;
  llvm::SmallVector<const FunctionDecl *, 4> Targets;
  if (C.Unknown == Reason::VirtualCall && virtualTargets(DD, RD, Targets))
    return applyTargets(G.discardHole(), C, Targets);
  applyCall(G.discardHole(), C);
}
