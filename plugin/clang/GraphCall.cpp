//===- GraphCall.cpp - Calls into the graph
//---------------------------------===//
//
// Calls (Go's escape/call.go): arguments, direct, virtual and indirect
// callees, summaries, noescape, and the library models (Models.cpp).
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

int GraphBuilder::argTemp(const Expr *Arg, bool ByReference) {
  int T = temp("arg", Arg);
  if (ByReference || (Arg->isGLValue() && Arg->getType()->isRecordType() &&
                      !mayHoldPointer(Arg->getType())))
    addrOf(G.hole(T), Arg);
  else
    value(G.hole(T), Arg);
  captureOperand(T, Arg);
  return T;
}

void GraphBuilder::call(Hole K, const Expr *E) {
  CallArgs C;
  C.Call = E;
  const auto *CE = cast<CallExpr>(E);
  const FunctionDecl *Callee = CE->getDirectCallee();
  const CXXRecordDecl *StaticClass = nullptr; // of a virtual call's object
  unsigned First = 0;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Obj = MCE->getImplicitObjectArgument();
    C.Object = Obj;
    C.ObjectIsPointer = Obj && Obj->getType()->isPointerType();
    const auto *MD = MCE->getMethodDecl();
    // An explicit call of a trivial destructor (`p->~T()` before a
    // placement delete) runs no code: the object is only read.
    if (const auto *DD = dyn_cast_or_null<CXXDestructorDecl>(MD);
        DD && DD->isTrivial()) {
      discard(Obj);
      return;
    }
    if (!MD) { // call through a pointer to member function
      C.Unknown = Reason::IndirectCall;
      discard(MCE->getCallee());
    } else if (MD->isVirtual()) {
      const Expr *Base = Obj;
      const CXXMethodDecl *DevirtMD =
          Base ? MD->getDevirtualizedMethod(Base, false) : nullptr;
      const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
      bool Qualified = ME && ME->hasQualifier();
      if (DevirtMD)
        Callee = DevirtMD;
      else if (!Qualified)
        C.Unknown = Reason::VirtualCall, Callee = MD;
      if (C.Unknown == Reason::VirtualCall && Obj)
        StaticClass = C.ObjectIsPointer
                          ? Obj->getType()->getPointeeCXXRecordDecl()
                          : Obj->getType()->getAsCXXRecordDecl();
    }
  } else if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
        MD && !MD->isStatic() && OCE->getNumArgs() > 0) {
      C.Object = OCE->getArg(0);
      C.ObjectIsPointer = false;
      First = 1;
      if (MD->isVirtual()) {
        if (const CXXMethodDecl *D =
                MD->getDevirtualizedMethod(OCE->getArg(0), false))
          Callee = D;
        else {
          C.Unknown = Reason::VirtualCall;
          StaticClass = OCE->getArg(0)->getType()->getAsCXXRecordDecl();
        }
      }
    }
  }
  if (!Callee && C.Unknown == Reason::UnknownCall) {
    C.Unknown = Reason::IndirectCall;
    // The callee expression itself (function pointer, functor) is evaluated.
    if (!isa<CXXMemberCallExpr>(E))
      leak(argTemp(CE->getCallee(), false), Reason::IndirectCall, E,
           exprNote(CE->getCallee()));
  }
  C.Callee = Callee;
  for (unsigned I = First; I < CE->getNumArgs(); ++I)
    C.Args.push_back(CE->getArg(I));
  llvm::SmallVector<const FunctionDecl *, 4> Targets;
  if (C.Unknown == Reason::VirtualCall && Callee &&
      virtualTargets(cast<CXXMethodDecl>(Callee), StaticClass, Targets))
    return applyTargets(K, C, Targets);
  applyCall(K, C);
}

// The parameter annotations live on the most recent declaration (Clang
// merges them forward); noescape may also be written in the function type
// of a call through a pointer.
static bool isNoEscape(const FunctionDecl *Callee, const Expr *Call,
                       int ArgIdx) {
  if (ArgIdx < 0)
    return false;
  if (Callee) {
    const FunctionDecl *D = Callee->getMostRecentDecl();
    return unsigned(ArgIdx) < D->getNumParams() &&
           D->getParamDecl(ArgIdx)->hasAttr<NoEscapeAttr>();
  }
  const auto *CE = dyn_cast_or_null<CallExpr>(Call);
  if (!CE)
    return false;
  QualType T = CE->getCallee()->getType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  else if (const auto *RT = T->getAs<ReferenceType>())
    T = RT->getPointeeType();
  const auto *FPT = T->getAs<FunctionProtoType>();
  return FPT && FPT->hasExtParameterInfos() &&
         unsigned(ArgIdx) < FPT->getNumParams() &&
         FPT->getExtParameterInfo(ArgIdx).isNoEscape();
}

bool escape::isLifetimeBound(const FunctionDecl *Callee, int ArgIdx,
                             unsigned NumFixed) {
  if (!Callee)
    return false;
  if (ArgIdx < 0)
    return lifetimes::implicitObjectParamIsLifetimeBound(Callee);
  const FunctionDecl *D =
      lifetimes::getDeclWithMergedLifetimeBoundAttrs(Callee);
  return unsigned(ArgIdx) < NumFixed && unsigned(ArgIdx) < D->getNumParams() &&
         D->getParamDecl(ArgIdx)->hasAttr<LifetimeBoundAttr>();
}

// Every polymorphic class defined in the TU, template instantiations and
// local classes included.
const std::vector<const CXXRecordDecl *> &Analyzer::dynamicClasses() {
  if (DynamicClassesDone)
    return DynamicClasses;
  DynamicClassesDone = true;
  struct Collector : RecursiveASTVisitor<Collector> {
    std::vector<const CXXRecordDecl *> &Out;
    explicit Collector(std::vector<const CXXRecordDecl *> &Out) : Out(Out) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
      if (RD->isThisDeclarationADefinition() && !RD->isDependentContext() &&
          !RD->isInvalidDecl() && RD->isPolymorphic())
        Out.push_back(RD);
      return true;
    }
  } V(DynamicClasses);
  V.TraverseDecl(Ctx.getTranslationUnitDecl());
  return DynamicClasses;
}

// A virtual call may run the override of any class derived from the
// object's static class RD, including classes of other translation units:
// seeing a whole hierarchy in one TU proves nothing in C++. It is closed
// only when RD (or the class declaring MD) has internal linkage (anonymous
// namespace, local class): no other TU can name it, so every class derived
// from it is defined here. Final classes and methods, and objects whose
// dynamic type is known, are devirtualised before (getDevirtualizedMethod).
bool GraphBuilder::virtualTargets(const CXXMethodDecl *MD,
                                  const CXXRecordDecl *RD,
                                  SmallVectorImpl<const FunctionDecl *> &Out) {
  constexpr unsigned MaxTargets = 16;
  if (!MD || !RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isExternallyVisible() && MD->getParent()->isExternallyVisible())
    return false;
  for (const CXXRecordDecl *D : A.dynamicClasses()) {
    if (D != RD && !D->isDerivedFrom(RD))
      continue;
    const CXXMethodDecl *Ov =
        isa<CXXDestructorDecl>(MD)
            ? D->getDestructor()
            : MD->getCorrespondingMethodInClass(D, /*MayBeBase=*/true);
    if (!Ov)
      return false;
    if (Ov->isPureVirtual() && !Ov->isDefined())
      continue; // calling it is undefined behaviour
    if (llvm::find(Out, Ov) == Out.end())
      Out.push_back(Ov);
    if (Out.size() > MaxTargets)
      return false;
  }
  return !Out.empty();
}

// The receiver and the arguments are evaluated once; each target's summary
// is applied to them and the results are joined.
int GraphBuilder::objectLoc(CallArgs &C, const char *Name) {
  if (C.ObjectLoc >= 0 || !C.Object)
    return C.ObjectLoc;
  int T = temp(Name, C.Call ? C.Call : C.Object);
  if (C.ObjectIsPointer)
    value(G.hole(T), C.Object);
  else
    addrOf(G.hole(T), C.Object);
  C.ObjectLoc = T;
  if (&C == Modelled)
    captureOperand(T, C.Object);
  return T;
}

void GraphBuilder::applyTargets(Hole K, CallArgs &C,
                                ArrayRef<const FunctionDecl *> Targets) {
  const FunctionDecl *F = C.Callee;
  objectLoc(C, "receiver");
  for (unsigned I = 0; I < C.Args.size(); ++I)
    C.ArgLocs.push_back(argTemp(
        C.Args[I], I < F->getNumParams() &&
                       F->getParamDecl(I)->getType()->isReferenceType()));
  C.Args.clear();
  for (const FunctionDecl *T : Targets) {
    CallArgs One = C;
    One.Callee = T;
    One.Unknown = Reason::UnknownCall;
    applyCall(K, One);
  }
}

void GraphBuilder::applyCall(Hole K, CallArgs &C) {
  const FunctionDecl *Callee = C.Callee;
  if (C.Unknown == Reason::UnknownCall && Callee) {
    // A library model says where values go in the sense of escaping; it
    // proves nothing about copies of an address the library keeps inside
    // the object (a std::string's small buffer) or compares. Its operands
    // are captured in LLVM's sense (ParamLeaks::Capture).
    const CallArgs *Outer = Modelled;
    Modelled = &C;
    int Before = int(G.Locs.size());
    bool Done = model(K, C);
    Modelled = Outer;
    if (Done) {
      for (int L : C.ArgLocs)
        if (L >= 0 && L < Before)
          G.flow(G.capturedHole(), L);
      if (C.ObjectLoc >= 0 && C.ObjectLoc < Before &&
          !(isa<CXXMethodDecl>(Callee) &&
            library::keepsNoSelfAddress(
                cast<CXXMethodDecl>(Callee)->getParent())))
        G.flow(G.capturedHole(), C.ObjectLoc);
      return;
    }
  }

  const Expr *At = C.Call;
  Pos CallPos = At ? pos(At) : 0;

  // Arguments: `this` first (when the callee has one), then the rest.
  std::vector<int> Temps;
  bool HasThis = Callee ? Analyzer::hasThis(Callee)
                        : (C.Object != nullptr || C.ObjectLoc >= 0);
  if (HasThis || C.ObjectLoc >= 0 || C.Object) {
    if (C.ObjectLoc >= 0)
      Temps.push_back(C.ObjectLoc);
    else if (C.Object) {
      int T = temp("receiver", C.Object);
      if (C.ObjectIsPointer)
        value(G.hole(T), C.Object);
      else
        addrOf(G.hole(T), C.Object);
      Temps.push_back(T);
    } else
      Temps.push_back(-1);
  }
  unsigned NumFixed = Callee ? Callee->getNumParams() : 0;
  for (int L : C.ArgLocs)
    Temps.push_back(L);
  for (unsigned I = 0; I < C.Args.size(); ++I) {
    const Expr *Arg = C.Args[I];
    bool ByRef = false;
    if (Callee && I < NumFixed)
      ByRef = Callee->getParamDecl(I)->getType()->isReferenceType();
    else
      ByRef = Arg->isGLValue() && !Arg->getType()->isPointerType() &&
              Arg->getType()->isRecordType();
    Temps.push_back(argTemp(Arg, ByRef));
  }

  const Summary *S = nullptr;
  if (C.Unknown == Reason::UnknownCall && Callee)
    S = A.summaryOf(Callee);
  Summary Copy;
  if (S && S->Params.size() == Analyzer::numParams(Callee) &&
      Temps.size() >= S->Params.size())
    Copy = *S;
  else
    S = nullptr;

  // The result of an unknown call, or of a callee that says so, may point
  // to memory we do not see.
  QualType RT =
      Callee ? Callee->getReturnType() : (At ? At->getType() : QualType());
  if ((!S || Copy.ResultOpaque) &&
      (RT.isNull() || RT->isReferenceType() || mayHoldPointer(RT)))
    G.flow(K, G.heap());

  if (!S) {
    // Unknown callee: every pointer it is given may be kept, and what they
    // point to may be overwritten with unknown pointers. Its annotations
    // are its contract (docs/dangling.md): a noescape parameter keeps
    // nothing, a lifetimebound one (or `this`) may be referred to by the
    // result.
    for (unsigned I = 0; I < Temps.size(); ++I) {
      int T = Temps[I];
      if (T < 0)
        continue;
      bool IsThis = HasThis && I == 0;
      int ArgIdx = IsThis ? -1 : int(HasThis ? I - 1 : I);
      NoteText What(NoteArg, At, Callee, ArgIdx);
      if (isLifetimeBound(Callee, ArgIdx, NumFixed))
        G.flow(G.note(K, Reason::LifetimeBound, CallPos, What), T);
      // It may free what it is given, noescape or not.
      G.flow(G.freedHole(), T);
      if (isNoEscape(Callee, At, ArgIdx))
        continue;
      leak(T, C.Unknown, At, What);
    }
    return;
  }

  // Known callee: apply its summary. A returned object whose address
  // escaped in the callee is, after copy elision, the destination here.
  if (Copy.ResultIdentityEscapes && isObjectHole(K))
    G.markEscapes(K.Dst, Reason::CallResult);
  std::vector<int> Slots(Temps.size(), -2);
  for (unsigned I = 0; I < Copy.Params.size(); ++I) {
    const ParamLeaks &L = Copy.Params[I];
    int T = Temps[I];
    if (T < 0)
      continue;
    bool IsThis = HasThis && I == 0;
    NoteText What(NoteArg, At, Callee, IsThis ? -1 : int(HasThis ? I - 1 : I));
    if (L.Heap >= 0)
      G.flow(G.heapHole(Reason::CallParam, CallPos, What).shift(L.Heap), T);
    if (L.Result >= 0)
      G.flow(G.note(K, Reason::CallParam, CallPos, What).shift(L.Result), T);
    if (L.Free >= 0)
      G.flow(G.freedHole().shift(L.Free), T);
    // (What it returns goes to K above, where this function's own
    // analysis follows it: only what the callee captures besides.)
    if (L.CaptureBesidesResult >= 0)
      G.flow(G.capturedHole().shift(L.CaptureBesidesResult), T);
    for (unsigned J = 0; J < L.Content.size() && J < Temps.size(); ++J) {
      if (L.Content[J] < 0 || Temps[J] < 0)
        continue;
      Hole Slot = G.store(Temps[J], CallPos, What);
      G.flow(Slot.shift(L.Content[J]), T);
    }
    if (L.ContentOpaque)
      G.flow(G.store(T, CallPos, What), G.heap());
  }
  // Variadic extras beyond the summary: unknown.
  for (unsigned I = Copy.Params.size(); I < Temps.size(); ++I)
    if (Temps[I] >= 0) {
      leak(Temps[I], Reason::UnknownCall, At,
           NoteText(NoteArg, At, Callee, int(HasThis ? I - 1 : I)));
      G.flow(G.freedHole(), Temps[I]);
    }
}
