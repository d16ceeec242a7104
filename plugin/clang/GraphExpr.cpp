//===- GraphExpr.cpp - Expressions into the graph
//---------------------------===//
//
// Expressions (Go's escape/expr.go): value(K, E) sends the value of E into
// the hole K, addrOf(K, E) the address of the object a glvalue designates;
// allocation sites (new, the library's allocations) and lambdas.
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

void GraphBuilder::unhandled(Hole K, const Stmt *S) {
  // Sound default: whatever the construct touches escapes, and its value is
  // unknown.
  Hole H = G.heapHole(Reason::Unhandled, toPos(S->getBeginLoc()),
                      S->getStmtClassName());
  for (const Stmt *C : S->children()) {
    if (!C)
      continue;
    if (const auto *E = dyn_cast<Expr>(C)) {
      if (E->isGLValue())
        addrOf(H, E);
      else
        value(H, E);
    } else
      stmt(C);
  }
  G.flow(K, G.heap());
}

// A construct we cannot follow that may use any parameter: every parameter
// (and `this`) leaks, with everything it points to.
void GraphBuilder::leakEverything(Reason Why, const Expr *At) {
  unhandled(G.discardHole(), At);
  for (unsigned I = 0, N = G.Locs.size(); I < N; ++I)
    if (G.Locs[I].Kind == LocKind::Param) {
      leak(static_cast<int>(I), Why, At, exprNote(At));
      G.flow(G.store(static_cast<int>(I), pos(At), exprNote(At)), G.heap());
    }
}

void GraphBuilder::value(Hole K, const Expr *E) {
  DepthGuard Depth(*this);
  if (!E || !Depth.ok())
    return;

  // A glvalue's value is what its address points to.
  if (E->isGLValue()) {
    addrOf(K.deref(), E);
    return;
  }
  if (K.Dst != G.blank() && !mayHoldPointer(E->getType()))
    K = G.discardHole();

  switch (E->getStmtClass()) {
  case Stmt::ParenExprClass:
    return value(K, cast<ParenExpr>(E)->getSubExpr());
  case Stmt::ConstantExprClass:
  case Stmt::ExprWithCleanupsClass:
    return value(K, cast<FullExpr>(E)->getSubExpr());
  case Stmt::CXXBindTemporaryExprClass: {
    const Expr *Sub = cast<CXXBindTemporaryExpr>(E)->getSubExpr();
    // The temporary is destroyed at the end of the full expression.
    int Tmp = temp("temporary", E);
    value(G.hole(Tmp), Sub);
    G.flow(K, Tmp);
    destroy(addressOf(Tmp, E), E->getType(), E);
    return;
  }
  case Stmt::ImplicitCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::CXXStaticCastExprClass:
  case Stmt::CXXDynamicCastExprClass:
  case Stmt::CXXReinterpretCastExprClass:
  case Stmt::CXXConstCastExprClass:
  case Stmt::CXXFunctionalCastExprClass:
  case Stmt::CXXAddrspaceCastExprClass:
  case Stmt::BuiltinBitCastExprClass:
    return castValue(K, cast<CastExpr>(E));
  case Stmt::UnaryOperatorClass: {
    const auto *UO = cast<UnaryOperator>(E);
    switch (UO->getOpcode()) {
    case UO_AddrOf:
      return addrOf(withNote(K, Reason::AddressOf, E), UO->getSubExpr());
    case UO_PostInc:
    case UO_PostDec:
      // The old value of the pointer: same object.
      return addrOf(K.deref(), UO->getSubExpr());
    case UO_Plus:
    case UO_Extension:
      return value(K, UO->getSubExpr());
    default:
      return discard(UO->getSubExpr());
    }
  }
  case Stmt::BinaryOperatorClass:
  case Stmt::CompoundAssignOperatorClass:
    return binaryValue(K, cast<BinaryOperator>(E));
  case Stmt::ConditionalOperatorClass: {
    const auto *CO = cast<ConditionalOperator>(E);
    discard(CO->getCond());
    value(K, CO->getTrueExpr());
    return value(K, CO->getFalseExpr());
  }
  case Stmt::BinaryConditionalOperatorClass: {
    const auto *CO = cast<BinaryConditionalOperator>(E);
    value(K, CO->getCommon());
    return value(K, CO->getFalseExpr());
  }
  case Stmt::OpaqueValueExprClass: {
    const Expr *Src = cast<OpaqueValueExpr>(E)->getSourceExpr();
    if (Src)
      return value(K, Src);
    return G.flow(K, G.heap());
  }
  case Stmt::CallExprClass:
  case Stmt::CXXMemberCallExprClass:
  case Stmt::CXXOperatorCallExprClass:
  case Stmt::UserDefinedLiteralClass:
    return call(K, E);
  case Stmt::CXXConstructExprClass:
  case Stmt::CXXTemporaryObjectExprClass: {
    // Guaranteed copy elision: a prvalue initialises its destination
    // object directly, through parentheses, casts and `?:`.
    if (isObjectHole(K)) {
      construct(addressOf(K.Dst, E), cast<CXXConstructExpr>(E), K);
      return;
    }
    int Obj = temp("temporary", E);
    construct(addressOf(Obj, E), cast<CXXConstructExpr>(E), G.hole(Obj));
    return G.flow(K, Obj);
  }
  case Stmt::CXXNewExprClass:
    return newExpr(K, cast<CXXNewExpr>(E));
  case Stmt::CXXDeleteExprClass: {
    const auto *DE = cast<CXXDeleteExpr>(E);
    const Expr *Arg = DE->getArgument();
    int Ptr = temp("deleted", Arg);
    value(G.hole(Ptr), Arg);
    G.flow(G.freedHole(), Ptr);
    QualType T = DE->getDestroyedType();
    if (!T.isNull())
      destroy(Ptr, T, E);
    return;
  }
  case Stmt::LambdaExprClass:
    return lambda(K, cast<LambdaExpr>(E));
  case Stmt::InitListExprClass: {
    const auto *ILE = cast<InitListExpr>(E);
    if (ILE->isTransparent() && ILE->getNumInits() == 1)
      return value(K, ILE->getInit(0));
    Hole EK = G.note(K, Reason::Element, pos(E), exprNote(E));
    for (const Expr *Init : ILE->inits()) {
      if (Init && Init->isGLValue() && Init->getType()->isReferenceType())
        addrOf(EK, Init);
      else
        value(EK, Init);
    }
    return;
  }
  case Stmt::CXXParenListInitExprClass: {
    Hole EK = G.note(K, Reason::Element, pos(E), exprNote(E));
    for (const Expr *Init : cast<CXXParenListInitExpr>(E)->getInitExprs())
      value(EK, Init);
    return;
  }
  case Stmt::CXXStdInitializerListExprClass:
    return value(K, cast<CXXStdInitializerListExpr>(E)->getSubExpr());
  case Stmt::CXXDefaultArgExprClass:
    return value(K, cast<CXXDefaultArgExpr>(E)->getExpr());
  case Stmt::CXXDefaultInitExprClass:
    return value(K, cast<CXXDefaultInitExpr>(E)->getExpr());
  case Stmt::ImplicitValueInitExprClass:
  case Stmt::CXXScalarValueInitExprClass:
  case Stmt::IntegerLiteralClass:
  case Stmt::FloatingLiteralClass:
  case Stmt::CharacterLiteralClass:
  case Stmt::CXXBoolLiteralExprClass:
  case Stmt::CXXNullPtrLiteralExprClass:
  case Stmt::GNUNullExprClass:
  case Stmt::FixedPointLiteralClass:
  case Stmt::ImaginaryLiteralClass:
  case Stmt::UnaryExprOrTypeTraitExprClass:
  case Stmt::OffsetOfExprClass:
  case Stmt::CXXNoexceptExprClass:
  case Stmt::TypeTraitExprClass:
  case Stmt::ArrayTypeTraitExprClass:
  case Stmt::ExpressionTraitExprClass:
  case Stmt::SizeOfPackExprClass:
  case Stmt::CXXPseudoDestructorExprClass:
  case Stmt::NoInitExprClass:
  case Stmt::SourceLocExprClass:
  case Stmt::ConceptSpecializationExprClass:
  case Stmt::RequiresExprClass:
  case Stmt::EmbedExprClass:
  case Stmt::CXXRewrittenBinaryOperatorClass:
    if (const auto *RBO = dyn_cast<CXXRewrittenBinaryOperator>(E))
      discard(RBO->getSemanticForm());
    return;
  case Stmt::SubstNonTypeTemplateParmExprClass:
    return value(K, cast<SubstNonTypeTemplateParmExpr>(E)->getReplacement());
  case Stmt::CXXThisExprClass:
    if (ThisLoc < 0)
      return G.flow(K, G.heap());
    if (IsLambdaBody) {
      // The enclosing object's `this`, captured in the closure: a pointer
      // field (by reference) or a copy of the object ([*this]).
      if (!ThisCapture)
        return G.flow(K, G.heap());
      if (ThisCapture->getType()->isPointerType())
        return G.flow(K.deref(), ThisLoc);
    }
    return G.flow(K, ThisLoc);
  case Stmt::CXXThrowExprClass: {
    const Expr *Sub = cast<CXXThrowExpr>(E)->getSubExpr();
    if (Sub)
      value(withNote(G.heapHole(Reason::Thrown, pos(E), exprNote(E)),
                     Reason::Thrown, E),
            Sub);
    return;
  }
  case Stmt::StmtExprClass: {
    const CompoundStmt *CS = cast<StmtExpr>(E)->getSubStmt();
    for (const Stmt *C : CS->body()) {
      if (C == CS->body_back())
        if (const auto *Last = dyn_cast<Expr>(C)) {
          value(K, Last);
          continue;
        }
      stmt(C);
    }
    return;
  }
  case Stmt::MaterializeTemporaryExprClass:
  case Stmt::CompoundLiteralExprClass:
    // prvalue use of a temporary (rare); treat as its initialiser.
    for (const Stmt *C : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(C))
        value(K, CE);
    return;
  case Stmt::ArrayInitLoopExprClass:
    value(K, cast<ArrayInitLoopExpr>(E)->getCommonExpr());
    return value(K, cast<ArrayInitLoopExpr>(E)->getSubExpr());
  case Stmt::ArrayInitIndexExprClass:
    return;
  case Stmt::CoawaitExprClass:
  case Stmt::CoyieldExprClass:
  case Stmt::DependentCoawaitExprClass:
    // Only in coroutines, where everything escapes anyway.
    return unhandled(K, E);
  default:
    return unhandled(K, E);
  }
}

// The value of a cast: most conversions keep the value (and the object it
// points to); a pointer turned into an integer or into bytes escapes (its
// address can be rebuilt anywhere); a pointer made from an integer is
// unknown.
void GraphBuilder::castValue(Hole K, const CastExpr *CE) {
  const Expr *E = CE;
  const Expr *Sub = CE->getSubExpr();
  switch (CE->getCastKind()) {
  case CK_LValueToRValueBitCast: {
    // std::bit_cast: the bytes of Sub read as another type. A pointer
    // read as an integer or bytes is a pointer whose address can be
    // rebuilt anywhere; an integer read as a pointer is unknown.
    QualType From = Sub->getType(), To = CE->getType();
    if (bitsLeave(From, To)) {
      if (Sub->isGLValue())
        addrOf(bitsHole(E).deref(), Sub);
      else
        value(bitsHole(E), Sub);
      if (mayHoldPointer(To))
        G.flow(K, G.heap());
      return;
    }
    if (!mayHoldPointer(From) && mayHoldPointer(To)) {
      discard(Sub);
      return G.flow(K, G.heap());
    }
    if (Sub->isGLValue())
      return addrOf(K.deref(), Sub);
    return value(K, Sub);
  }
  case CK_BitCast:
    // A pointer to an object holding pointers viewed as a pointer to
    // integers or bytes (`(uintptr_t *)&p`, `(unsigned char *)&p`): what
    // the object holds is read as a non-pointer.
    if (const auto *FromP = Sub->getType()->getAs<PointerType>())
      if (const auto *ToP = CE->getType()->getAs<PointerType>())
        if (!ToP->getPointeeType()->isVoidType() &&
            !ToP->getPointeeType()->isIncompleteType() &&
            bitsLeave(FromP->getPointeeType(), ToP->getPointeeType()) &&
            !mayHoldPointer(ToP->getPointeeType())) {
          int T = temp("reinterpreted", E);
          value(G.hole(T), Sub);
          G.flow(bitsHole(E).deref(), T);
          return G.flow(K, T);
        }
    return value(K, Sub);
  case CK_LValueToRValue:
  case CK_AtomicToNonAtomic:
  case CK_NonAtomicToAtomic:
    if (Sub->isGLValue())
      return addrOf(K.deref(), Sub);
    return value(K, Sub);
  case CK_ArrayToPointerDecay:
    return addrOf(K, Sub);
  case CK_FunctionToPointerDecay:
  case CK_BuiltinFnToFnPtr:
  case CK_NullToPointer:
  case CK_NullToMemberPointer:
  case CK_ToVoid:
    return discard(Sub);
  case CK_PointerToIntegral:
    if (CE->getType()->isBooleanType())
      return discard(Sub);
    return value(withNote(G.heapHole(Reason::IntCast, pos(E), exprNote(E)),
                          Reason::IntCast, Sub),
                 Sub);
  case CK_PointerToBoolean:
  case CK_MemberPointerToBoolean:
    return discard(Sub);
  case CK_IntegralToPointer:
    // An address made from an integer: unknown.
    discard(Sub);
    G.flow(K, G.heap());
    return;
  case CK_ConstructorConversion:
  case CK_UserDefinedConversion:
  case CK_NoOp:
  case CK_DerivedToBase:
  case CK_UncheckedDerivedToBase:
  case CK_BaseToDerived:
  case CK_Dynamic:
  case CK_AddressSpaceConversion:
  case CK_BaseToDerivedMemberPointer:
  case CK_DerivedToBaseMemberPointer:
  case CK_ReinterpretMemberPointer:
  case CK_AnyPointerToBlockPointerCast:
  case CK_CPointerToObjCPointerCast:
  case CK_BlockPointerToObjCPointerCast:
  case CK_ObjCObjectLValueCast:
  case CK_VectorSplat:
  case CK_IntegralCast:
  case CK_IntegralToBoolean:
  case CK_IntegralToFloating:
  case CK_FloatingToIntegral:
  case CK_FloatingToBoolean:
  case CK_FloatingCast:
  case CK_BooleanToSignedIntegral:
  case CK_FloatingRealToComplex:
  case CK_FloatingComplexToReal:
  case CK_IntegralRealToComplex:
  case CK_IntegralComplexToReal:
  case CK_FloatingComplexCast:
  case CK_IntegralComplexCast:
  case CK_IntegralComplexToFloatingComplex:
  case CK_FloatingComplexToIntegralComplex:
  case CK_FloatingComplexToBoolean:
  case CK_IntegralComplexToBoolean:
  case CK_Dependent:
    return value(K, Sub);
  default:
    return unhandled(K, E);
  }
}

// The value of a binary operator: pointer arithmetic keeps the pointer's
// object, assignments are stores, comparisons keep nothing.
void GraphBuilder::binaryValue(Hole K, const BinaryOperator *BO) {
  const Expr *E = BO;
  const Expr *L = BO->getLHS(), *Rhs = BO->getRHS();
  switch (BO->getOpcode()) {
  case BO_Assign: // C: assignment is an rvalue
    assign(L, Rhs, E);
    return value(K, Rhs);
  case BO_Comma:
    discard(L);
    return value(K, Rhs);
  case BO_Add:
  case BO_Sub:
    if (L->getType()->isPointerType() && !Rhs->getType()->isPointerType()) {
      discard(Rhs);
      return value(K, L);
    }
    if (Rhs->getType()->isPointerType() && !L->getType()->isPointerType()) {
      discard(L);
      return value(K, Rhs);
    }
    discard(L);
    return discard(Rhs);
  case BO_AddAssign:
  case BO_SubAssign:
    discard(Rhs);
    return addrOf(K.deref(), L);
  case BO_PtrMemD:
  case BO_PtrMemI:
    return unhandled(K, E);
  default:
    if (BO->isAssignmentOp()) {
      discard(Rhs);
      return addrOf(K.deref(), L);
    }
    // A comparison captures at most the address (LLVM: no provenance),
    // which the IR facts allow (captures(address)).
    discard(L);
    return discard(Rhs);
  }
}

void GraphBuilder::declRefAddr(Hole K, const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (isa<FunctionDecl>(D) || isa<EnumConstantDecl>(D) ||
      isa<NonTypeTemplateParmDecl>(D) || isa<MSGuidDecl>(D) ||
      isa<TemplateParamObjectDecl>(D) || isa<UnnamedGlobalConstantDecl>(D))
    return; // static objects: nothing we track
  if (const auto *BD = dyn_cast<BindingDecl>(D)) {
    if (const Expr *B = BD->getBinding())
      return addrOf(K, B);
    return G.flow(K, G.heap());
  }
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD)
    return G.flow(K, G.heap());

  // A variable of the enclosing function seen from inside a lambda body:
  // it lives in the closure object (`this`).
  if (IsLambdaBody && !Vars.count(VD) && isLocalStorage(VD)) {
    auto It = CaptureFields.find(VD);
    if (It != CaptureFields.end() && ThisLoc >= 0) {
      if (It->second->getType()->isReferenceType())
        return G.flow(K.deref(), ThisLoc); // the field holds the address
      return G.flow(K, ThisLoc);           // the field is the copy
    }
    return G.flow(K, G.heap());
  }

  int L = varLoc(VD);
  if (VD->getType()->isReferenceType())
    return G.flow(K, L); // a reference holds the address
  if (auto It = Cur.find(VD); It != Cur.end() && Versioned.count(VD)) {
    // Only ever read (findVersioned): its current version.
    if (K.Derefs < 1 && K.Dst != G.blank())
      return G.giveUp(Reason::Unhandled); // not reached; sound anyway
    L = It->second;
  }
  G.flow(K.addr(), L);
}

void GraphBuilder::addrOf(Hole K, const Expr *E) {
  DepthGuard Depth(*this);
  if (!E || !Depth.ok())
    return;

  if (!E->isGLValue()) {
    // The address of a prvalue: it is materialised in a temporary.
    return materialize(K, E, E);
  }
  switch (E->getStmtClass()) {
  case Stmt::ParenExprClass:
    return addrOf(K, cast<ParenExpr>(E)->getSubExpr());
  case Stmt::ConstantExprClass:
  case Stmt::ExprWithCleanupsClass:
    return addrOf(K, cast<FullExpr>(E)->getSubExpr());
  case Stmt::DeclRefExprClass:
    return declRefAddr(K, cast<DeclRefExpr>(E));
  case Stmt::MemberExprClass: {
    const auto *ME = cast<MemberExpr>(E);
    const ValueDecl *M = ME->getMemberDecl();
    if (const auto *VD = dyn_cast<VarDecl>(M)) // static data member
      return G.flow(K.addr(), varLoc(VD));
    if (isa<CXXMethodDecl>(M) || isa<EnumConstantDecl>(M)) {
      return discard(ME->getBase());
    }
    // A member of a union that may hold a pointer, of a type that holds
    // none (`u.bits` where `u.ptr` was written): the pointer's bytes are
    // read as a non-pointer.
    if (const auto *FD = dyn_cast<FieldDecl>(M);
        FD && FD->getParent()->isUnion() && !mayHoldPointer(FD->getType()) &&
        mayHoldPointer(ME->isArrow()
                           ? ME->getBase()->getType()->getPointeeType()
                           : ME->getBase()->getType())) {
      int T = temp("union", E);
      if (ME->isArrow())
        value(G.hole(T), ME->getBase());
      else
        addrOf(G.hole(T), ME->getBase());
      G.flow(bitsHole(E).deref(), T);
      return G.flow(K, T);
    }
    // Reading a field of a local object (K dereferences the address).
    if (K.Derefs >= 1)
      if (int F = fieldPart(ME); F >= 0)
        return G.flow(K.shift(-1), F);
    // Field-insensitive: a field's address is its object's address.
    Hole FK = K;
    if (M->getType()->isReferenceType())
      FK = K.deref(); // a reference member holds the address
    if (ME->isArrow())
      return value(FK, ME->getBase());
    return addrOf(FK, ME->getBase());
  }
  case Stmt::UnaryOperatorClass: {
    const auto *UO = cast<UnaryOperator>(E);
    switch (UO->getOpcode()) {
    case UO_Deref:
      return value(withNote(K, Reason::Dereference, E), UO->getSubExpr());
    case UO_PreInc:
    case UO_PreDec:
    case UO_Extension:
      return addrOf(K, UO->getSubExpr());
    case UO_Real:
    case UO_Imag:
      return addrOf(K, UO->getSubExpr());
    default:
      return unhandled(K, E);
    }
  }
  case Stmt::ArraySubscriptExprClass: {
    const auto *AS = cast<ArraySubscriptExpr>(E);
    discard(AS->getIdx());
    return value(withNote(K, Reason::Dereference, E), AS->getBase());
  }
  case Stmt::BinaryOperatorClass:
  case Stmt::CompoundAssignOperatorClass: {
    const auto *BO = cast<BinaryOperator>(E);
    switch (BO->getOpcode()) {
    case BO_Assign:
      assign(BO->getLHS(), BO->getRHS(), E);
      return addrOf(K, BO->getLHS());
    case BO_Comma:
      discard(BO->getLHS());
      return addrOf(K, BO->getRHS());
    case BO_PtrMemD:
      discard(BO->getRHS());
      return addrOf(K, BO->getLHS());
    case BO_PtrMemI:
      discard(BO->getRHS());
      return value(K, BO->getLHS());
    default:
      if (BO->isCompoundAssignmentOp()) {
        discard(BO->getRHS());
        return addrOf(K, BO->getLHS());
      }
      return unhandled(K, E);
    }
  }
  case Stmt::ConditionalOperatorClass: {
    const auto *CO = cast<ConditionalOperator>(E);
    discard(CO->getCond());
    addrOf(K, CO->getTrueExpr());
    return addrOf(K, CO->getFalseExpr());
  }
  case Stmt::BinaryConditionalOperatorClass: {
    const auto *CO = cast<BinaryConditionalOperator>(E);
    addrOf(K, CO->getCommon());
    return addrOf(K, CO->getFalseExpr());
  }
  case Stmt::ImplicitCastExprClass:
  case Stmt::CStyleCastExprClass:
  case Stmt::CXXStaticCastExprClass:
  case Stmt::CXXDynamicCastExprClass:
  case Stmt::CXXReinterpretCastExprClass:
  case Stmt::CXXConstCastExprClass:
  case Stmt::CXXFunctionalCastExprClass: {
    const auto *CE = cast<CastExpr>(E);
    const Expr *Sub = CE->getSubExpr();
    // `reinterpret_cast<uintptr_t &>(p)`: the object read as another type.
    if (CE->getCastKind() == CK_LValueBitCast && Sub->isGLValue() &&
        bitsLeave(Sub->getType(), CE->getType())) {
      int T = temp("reinterpreted", E);
      addrOf(G.hole(T), Sub);
      G.flow(bitsHole(E).deref(), T);
      return G.flow(K, T);
    }
    if (Sub->isGLValue())
      return addrOf(K, Sub);
    // e.g. a reference to a prvalue converted: materialise.
    return materialize(K, Sub, E);
  }
  case Stmt::MaterializeTemporaryExprClass: {
    const auto *MTE = cast<MaterializeTemporaryExpr>(E);
    if (MTE->getStorageDuration() == SD_Static ||
        MTE->getStorageDuration() == SD_Thread) {
      int Gl = G.global("temporary", pos(E));
      value(G.hole(Gl), MTE->getSubExpr());
      return G.flow(K.addr(), Gl);
    }
    int Tmp = G.newLocation(LocKind::Variable, "temporary", pos(E), LoopDepth);
    const Expr *Sub = MTE->getSubExpr();
    if (Sub->isGLValue()) {
      addrOf(K, Sub);
      return;
    }
    const Expr *Inner = Sub;
    if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(Inner))
      Inner = BTE->getSubExpr();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Inner->IgnoreParens())) {
      int Addr = addressOf(Tmp, E);
      construct(Addr, CE, G.hole(Tmp));
      if (Inner != Sub)
        destroy(Addr, Sub->getType(), E);
    } else
      value(G.hole(Tmp), Sub);
    return G.flow(K.addr(), Tmp);
  }
  case Stmt::CompoundLiteralExprClass: {
    int Tmp =
        G.newLocation(LocKind::Variable, "compound literal", pos(E), LoopDepth);
    value(G.hole(Tmp), cast<CompoundLiteralExpr>(E)->getInitializer());
    return G.flow(K.addr(), Tmp);
  }
  case Stmt::StringLiteralClass:
  case Stmt::PredefinedExprClass:
  case Stmt::ObjCEncodeExprClass:
  case Stmt::CXXTypeidExprClass:
  case Stmt::CXXUuidofExprClass:
    return; // static storage that holds no pointers we track
  case Stmt::CallExprClass:
  case Stmt::CXXMemberCallExprClass:
  case Stmt::CXXOperatorCallExprClass:
  case Stmt::UserDefinedLiteralClass:
    // A call returning a reference: its value is the address.
    return call(K, E);
  case Stmt::OpaqueValueExprClass: {
    const Expr *Src = cast<OpaqueValueExpr>(E)->getSourceExpr();
    if (Src)
      return addrOf(K, Src);
    return G.flow(K, G.heap());
  }
  case Stmt::CXXDefaultArgExprClass:
    return addrOf(K, cast<CXXDefaultArgExpr>(E)->getExpr());
  case Stmt::CXXDefaultInitExprClass:
    return addrOf(K, cast<CXXDefaultInitExpr>(E)->getExpr());
  case Stmt::SubstNonTypeTemplateParmExprClass:
    return addrOf(K, cast<SubstNonTypeTemplateParmExpr>(E)->getReplacement());
  case Stmt::StmtExprClass:
  case Stmt::CXXThrowExprClass:
    value(G.discardHole(), E);
    return G.flow(K, G.heap());
  default:
    return unhandled(K, E);
  }
}

int GraphBuilder::allocSite(Hole K, const Expr *E, AllocInfo Info) {
  std::string Name;
  if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
    Name = text(NE, 32);
    if (Name.size() >= 32 || Name.find("...") != std::string::npos) {
      std::string T =
          NE->getAllocatedType().getAsString(Ctx.getPrintingPolicy());
      Name = fmt::format("new {}{}", T, NE->isArray() ? "[...]" : "(...)");
    }
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    std::string Callee = text(CE->getCallee(), 60);
    Name = fmt::format("{}({})", Callee, CE->getNumArgs() ? "..." : "");
  } else
    Name = text(E);
  int A = G.newAlloc(Name, pos(E), LoopDepth, Info);
  R.AllocsOf[E].push_back(A);
  G.flow(K.addr(), A);
  return A;
}

void GraphBuilder::newExpr(Hole K, const CXXNewExpr *NE) {
  const FunctionDecl *OpNew = NE->getOperatorNew();
  bool Replaceable = OpNew && OpNew->isReplaceableGlobalAllocationFunction() &&
                     !NE->getNumPlacementArgs();
  int ObjAddr = temp("new", NE);
  if (!Replaceable) {
    // Placement new, class-specific or custom operator new: the storage is
    // whatever operator new returns; not an allocation site we track.
    Hole PK = G.hole(ObjAddr);
    if (NE->getNumPlacementArgs() && OpNew &&
        OpNew->isReservedGlobalPlacementOperator())
      value(PK, NE->getPlacementArg(0));
    else {
      for (unsigned I = 0; I < NE->getNumPlacementArgs(); ++I)
        leak(argTemp(NE->getPlacementArg(I), false), Reason::UnknownCall,
             NE->getPlacementArg(I), NoteText("placement argument"));
      G.flow(PK, G.heap());
    }
  } else {
    AllocInfo Info;
    Info.K = NE->isArray() ? AllocInfo::NewArray : AllocInfo::New;
    QualType T = NE->getAllocatedType();
    uint64_t Elem = T->isIncompleteType() || T->isDependentType()
                        ? 0
                        : Ctx.getTypeSizeInChars(T).getQuantity();
    Info.Bytes = Elem;
    if (NE->isArray()) {
      std::optional<const Expr *> N = NE->getArraySize();
      Expr::EvalResult ER;
      if (N && *N && !(*N)->isValueDependent() &&
          (*N)->EvaluateAsInt(ER, Ctx) && ER.Val.isInt() &&
          ER.Val.getInt().isNonNegative())
        Info.Bytes = Elem * ER.Val.getInt().getZExtValue();
      else
        Info.ConstantSize = false;
      if (N && *N)
        discard(*N);
    }
    int A = allocSite(G.hole(ObjAddr), NE, Info);
    (void)A;
  }
  G.flow(K, ObjAddr);
  if (const Expr *Init = NE->getInitializer()) {
    Hole Obj = G.store(ObjAddr, pos(Init), exprNote(NE));
    const Expr *I = Init;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(I))
      construct(ObjAddr, CE, Obj);
    else
      value(Obj, I);
  }
}

void GraphBuilder::lambda(Hole K, const LambdaExpr *LE) {
  int Closure = temp("lambda", LE);
  auto Init = LE->capture_init_begin();
  for (const LambdaCapture &Cap : LE->captures()) {
    const Expr *E = Init != LE->capture_init_end() ? *Init : nullptr;
    ++Init;
    if (!E)
      continue;
    Hole CK = G.note(G.hole(Closure), Reason::Captured, pos(E), exprNote(E));
    if (Cap.capturesThis()) {
      value(CK, E);
      continue;
    }
    if (Cap.getCaptureKind() == LCK_ByRef)
      addrOf(CK, E);
    else
      value(CK, E);
  }
  G.flow(K, Closure);
}

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//
