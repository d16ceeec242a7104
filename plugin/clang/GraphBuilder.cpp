//===- GraphBuilder.cpp - Location graph from a Clang AST -----------------===//
//
// Expression evaluation follows Go's escape/expr.go: value(K, E) sends the
// value of E into the hole K, addrOf(K, E) sends the address of the object a
// glvalue designates. A glvalue's value is its address dereferenced once, so
// lvalue-to-rvalue conversion is addrOf(K.deref(), E). C++ references are
// locations holding an address. Class objects are field-insensitive: a
// struct's location holds every pointer stored in any of its fields.
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

static constexpr unsigned MaxRecursion = 1500;

bool GraphBuilder::DepthGuard::ok() const {
  if (B.G.gaveUp())
    return false;
  if (B.G.overBudget() || B.Recursion > MaxRecursion) {
    B.G.giveUp(Reason::TooComplex);
    return false;
  }
  return true;
}

GraphBuilder::GraphBuilder(Analyzer &A, const FunctionDecl *FD,
                           FunctionResult &R)
    : G(R.G), A(A), Ctx(A.Ctx), FD(FD), R(R), SM(A.Ctx.getSourceManager()) {
  G.Lim = A.Opts.Limits;
}

std::string escape::exprText(const Expr *E, const ASTContext &Ctx,
                             unsigned Max) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Range = E->getSourceRange();
  CharSourceRange CR = CharSourceRange::getTokenRange(
      SM.getExpansionRange(Range.getBegin()).getBegin(),
      SM.getExpansionRange(Range.getEnd()).getEnd());
  std::string Raw = Lexer::getSourceText(CR, SM, Ctx.getLangOpts()).str();
  std::string Out;
  bool Space = false;
  for (char C : Raw) {
    if (C == '\n' || C == '\t' || C == ' ' || C == '\r') {
      Space = !Out.empty();
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  if (Out.empty())
    Out = "expression";
  if (Out.size() > Max)
    Out = Out.substr(0, Max - 3) + "...";
  return Out;
}

std::string GraphBuilder::text(const Expr *E, unsigned Max) const {
  return exprText(E, Ctx, Max);
}

std::string escape::renderNote(const NoteText &T, const ASTContext &Ctx) {
  const auto *E = static_cast<const Expr *>(T.Ref);
  switch (T.Form) {
  case NoteExpr:
    return E ? exprText(E, Ctx) : T.What;
  case NoteReturn:
    return "return " + (E ? exprText(E, Ctx) : std::string());
  case NoteInit: {
    const auto *VD = static_cast<const VarDecl *>(T.Ref2);
    return fmt::format("{} = {}", VD ? VD->getNameAsString() : "",
                       E ? exprText(E, Ctx) : std::string());
  }
  case NoteArg: {
    const auto *F = static_cast<const FunctionDecl *>(T.Ref2);
    std::string Callee =
        F ? F->getQualifiedNameAsString() : std::string("an unknown function");
    if (T.Index < 0)
      return fmt::format("receiver of '{}'", Callee);
    return fmt::format("argument {} to '{}'", T.Index + 1, Callee);
  }
  case NoteVar: {
    const auto *VD = static_cast<const ValueDecl *>(T.Ref);
    return VD ? VD->getQualifiedNameAsString() : T.What;
  }
  default:
    return T.What;
  }
}

bool GraphBuilder::mayHoldPointer(QualType T) {
  if (T.isNull())
    return true;
  T = T.getCanonicalType();
  const Type *Ty = T.getTypePtr();
  auto It = PointerTypes.find(Ty);
  if (It != PointerTypes.end())
    return It->second;
  PointerTypes[Ty] = true; // recursion guard: assume yes
  bool Result = true;
  if (Ty->isDependentType())
    Result = true;
  else if (Ty->isFunctionPointerType() || Ty->isMemberPointerType())
    Result = false; // code addresses and member offsets: no object pointers
  else if (Ty->isPointerType() || Ty->isReferenceType() ||
           Ty->isBlockPointerType() || Ty->isObjCObjectPointerType())
    Result = true;
  else if (Ty->isBuiltinType() || Ty->isEnumeralType() ||
           Ty->isAnyComplexType() || Ty->isVectorType() || Ty->isFunctionType())
    Result = false;
  else if (const auto *AT = dyn_cast<ArrayType>(Ty))
    Result = mayHoldPointer(AT->getElementType());
  else if (const auto *RD = Ty->getAsRecordDecl()) {
    const RecordDecl *Def = RD->getDefinition();
    if (!Def)
      Result = true;
    else {
      Result = false;
      if (const auto *CRD = dyn_cast<CXXRecordDecl>(Def)) {
        for (const CXXBaseSpecifier &B : CRD->bases())
          if (mayHoldPointer(B.getType()))
            Result = true;
      }
      for (const FieldDecl *F : Def->fields())
        if (!Result && mayHoldPointer(F->getType()))
          Result = true;
    }
  } else if (const auto *AT = Ty->getAs<AtomicType>())
    Result = mayHoldPointer(AT->getValueType());
  PointerTypes[Ty] = Result;
  return Result;
}

bool GraphBuilder::bitsLeave(QualType From, QualType To) {
  From = From.getCanonicalType().getUnqualifiedType();
  To = To.getCanonicalType().getUnqualifiedType();
  if (!From->isVoidType() && !mayHoldPointer(From))
    return false;
  if (From == To || (From->isPointerType() && To->isPointerType()) ||
      (From->isReferenceType() && To->isReferenceType()))
    return false;
  // A bool says only whether the pointer is null.
  return !To->isBooleanType();
}

Hole GraphBuilder::bitsHole(const Expr *At) {
  return G.heapHole(Reason::Bits, pos(At), exprNote(At));
}

bool GraphBuilder::isModelledOperand(const Expr *E) const {
  if (!Modelled || !E)
    return false;
  if (E == Modelled->Object)
    return !Modelled->Callee || !isa<CXXMethodDecl>(Modelled->Callee) ||
           !library::keepsNoSelfAddress(
               cast<CXXMethodDecl>(Modelled->Callee)->getParent());
  return llvm::is_contained(Modelled->Args, E);
}

void GraphBuilder::captureOperand(int T, const Expr *E) {
  if (T >= 0 && isModelledOperand(E))
    G.flow(G.capturedHole(), T);
}

Hole GraphBuilder::withNote(Hole K, Reason Why, const Expr *E) {
  return G.note(K, Why, pos(E), exprNote(E));
}

int GraphBuilder::temp(const std::string &Name, const Expr *E) {
  return G.newLocation(LocKind::Temp, Name, E ? pos(E) : 0, LoopDepth);
}

void GraphBuilder::materialize(Hole K, const Expr *Prvalue, const Expr *At) {
  int Tmp = temp("temporary", At);
  value(G.hole(Tmp), Prvalue);
  G.flow(K.addr(), Tmp);
}

bool GraphBuilder::isObjectHole(Hole K) const {
  if (K.Derefs != 0 || K.Dst < 0)
    return false;
  LocKind Kind = G.Locs[K.Dst].Kind;
  return Kind == LocKind::Variable || Kind == LocKind::Temp ||
         Kind == LocKind::Alloc || Kind == LocKind::Global;
}

int GraphBuilder::addressOf(int Loc, const Expr *E) {
  int T = temp("&" + G.Locs[Loc].Name, E);
  G.flow(G.hole(T).addr(), Loc);
  return T;
}

void GraphBuilder::leak(int Loc, Reason Why, const Expr *At, NoteText What) {
  G.flow(G.heapHole(Why, At ? pos(At) : 0, std::move(What)), Loc);
}

bool GraphBuilder::isLocalStorage(const VarDecl *VD) const {
  return VD->hasLocalStorage() && !VD->isStaticLocal();
}

int GraphBuilder::varLoc(const ValueDecl *VD) {
  auto It = Vars.find(VD);
  if (It != Vars.end())
    return It->second;
  const auto *V = dyn_cast<VarDecl>(VD);
  if (!V || !isLocalStorage(V)) {
    int L =
        G.global(VD, VD->getQualifiedNameAsString(), toPos(VD->getLocation()));
    Vars[VD] = L;
    return L;
  }
  // A local we have not seen declared (e.g. declared in a statement we
  // skipped): a fresh variable at the current depth.
  int L = G.newLocation(LocKind::Variable, VD->getNameAsString(),
                        toPos(VD->getLocation()), LoopDepth);
  Vars[VD] = L;
  return L;
}

// Field sensitivity: `s.f`, `s.f.g`... on a local object of class type
// (not a union, not a reference, not a parameter, not a capture seen from a
// lambda body) designate the part of s for its field f (Graph::field), so
// `s.a = &x; s.b = &y; g = s.a` leaks only x. Only direct reads and writes
// use the part; the address of a field is the address of s, so pointers to
// s or into it see the whole object.
int GraphBuilder::fieldPart(const Expr *E) {
  const FieldDecl *Top = nullptr;
  const Expr *Base = E->IgnoreParens();
  while (const auto *ME = dyn_cast<MemberExpr>(Base)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || ME->isArrow() || F->getType()->isReferenceType())
      return -1;
    Top = F;
    Base = ME->getBase()->IgnoreParenImpCasts();
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(Base);
  if (!Top || !DRE)
    return -1;
  return fieldPart(dyn_cast<VarDecl>(DRE->getDecl()), Top);
}

int GraphBuilder::fieldPart(const VarDecl *VD, const FieldDecl *Top) {
  if (!VD || isa<ParmVarDecl>(VD) || !isLocalStorage(VD) ||
      VD->getType()->isReferenceType() || !Vars.count(VD))
    return -1;
  const RecordDecl *RD = VD->getType()->getAsRecordDecl();
  if (!RD || RD->isUnion())
    return -1;
  int Obj = Vars.lookup(VD);
  if (G.Locs[Obj].Kind != LocKind::Variable)
    return -1;
  auto [It, New] = FieldParts.try_emplace({VD, Top}, -1);
  if (New)
    It->second = G.field(
        Obj, fmt::format("{}.{}", VD->getName().str(), Top->getName().str()));
  return It->second;
}

//===----------------------------------------------------------------------===//
// Functions and statements
//===----------------------------------------------------------------------===//

void GraphBuilder::build() {
  unsigned Index = 0;
  if (Analyzer::hasThis(FD)) {
    const auto *MD = cast<CXXMethodDecl>(FD);
    ThisLoc = G.newParam("this", toPos(FD->getLocation()), Index++);
    R.ParamNames.push_back("this");
    R.ParamPositions.push_back(toPos(FD->getLocation()));
    const CXXRecordDecl *RD = MD->getParent();
    if (RD->isLambda()) {
      IsLambdaBody = true;
      RD->getCaptureFields(CaptureFields, ThisCapture);
      // The closure's `this` is internal; report captures via the caller.
      R.ParamNames.back() = "";
    }
  }
  for (const ParmVarDecl *P : FD->parameters()) {
    std::string Name = P->getNameAsString();
    int L = G.newParam(Name.empty() ? fmt::format("#{}", Index) : Name,
                       toPos(P->getLocation()), Index++);
    Vars[P] = L;
    R.ParamNames.push_back(
        Name.empty() || !mayHoldPointer(P->getType()) ? "" : Name);
    R.ParamPositions.push_back(toPos(P->getLocation()));
    // A by-value class parameter with a non-trivial destructor lives in the
    // caller's frame: under the Itanium C++ ABI the caller destroys it after
    // the call returns, so whatever the callee stores in it (e.g.
    // `q = std::make_unique<T>()` for a by-value unique_ptr q) is still
    // reachable, and freed, after this frame is gone. Its destructor's
    // effects are modelled here. What the caller passed in does not escape
    // by this: the writes go to a part of their own (as for a split object,
    // Graph::field), which the parameter's readers see and the heap keeps.
    if (!P->getType()->isReferenceType()) {
      const CXXRecordDecl *RD = P->getType()->getAsCXXRecordDecl();
      if (RD && RD->hasDefinition() && !RD->hasTrivialDestructor()) {
        int W = G.newLocation(LocKind::Variable, G.Locs[L].Name,
                              G.Locs[L].Position);
        G.Locs[W].Parent = L;
        G.Locs[L].In.push_back(Edge{W, 0, -1});
        G.Locs[L].WriteTo = W;
        G.flow(G.heapHole(Reason::ParamObject, toPos(P->getLocation()),
                          NoteText(Name)),
               W);
      }
      destroy(addressOf(L, nullptr), P->getType(), nullptr);
    }
  }

  // Member and base initialisers of constructors.
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD)) {
    for (const CXXCtorInitializer *Init : CD->inits()) {
      const Expr *E = Init->getInit();
      if (!E)
        continue;
      if (Init->isAnyMemberInitializer()) {
        const FieldDecl *F = Init->getAnyMember();
        Hole Slot = G.store(ThisLoc, pos(E), exprNote(E));
        if (F && F->getType()->isReferenceType())
          addrOf(Slot, E);
        else if (const auto *CE =
                     dyn_cast<CXXConstructExpr>(E->IgnoreImplicit()))
          construct(ThisLoc, CE, Slot); // a field's address is `this`
        else
          value(Slot, E);
      } else if (Init->isBaseInitializer() || Init->isDelegatingInitializer()) {
        const Expr *IE = E->IgnoreImplicit();
        if (const auto *CE = dyn_cast<CXXConstructExpr>(IE))
          construct(ThisLoc, CE, G.store(ThisLoc, pos(E), exprNote(E)));
        else if (const auto *ICE = dyn_cast<CXXInheritedCtorInitExpr>(IE)) {
          // An inherited constructor passes its parameters on unchanged.
          CallArgs C;
          C.Call = ICE;
          C.Callee = ICE->getConstructor();
          C.ObjectLoc = ThisLoc;
          for (const ParmVarDecl *P : FD->parameters())
            C.ArgLocs.push_back(varLoc(P));
          applyCall(G.discardHole(), C);
        } else
          leakEverything(Reason::Unhandled, E);
      } else
        leakEverything(Reason::Unhandled, E);
    }
  }
  // Destructors run the destructors of members and bases.
  if (const auto *DD = dyn_cast<CXXDestructorDecl>(FD)) {
    const CXXRecordDecl *RD = DD->getParent();
    for (const FieldDecl *F : RD->fields())
      destroy(ThisLoc, F->getType(), nullptr);
    for (const CXXBaseSpecifier &B : RD->bases())
      destroy(ThisLoc, B.getType(), nullptr);
  }

  if (const auto *Body = FD->getBody()) {
    if (const auto *CB = dyn_cast<CoroutineBodyStmt>(Body)) {
      // Everything lives in the coroutine frame, which outlives the call:
      // build the graph for the remarks, then let everything escape.
      stmt(CB->getBody());
      G.giveUp(Reason::Coroutine);
      recordVariables();
      return;
    }
    findVersioned(Body);
    // A large body makes about one location and one note per four to six
    // statements and expressions: room for them up front, so the graph is
    // not copied over and over as it grows (issue 18).
    if (BodyNodes > 4096) {
      G.Locs.reserve(G.Locs.size() + BodyNodes / 4);
      G.Notes.reserve(G.Notes.size() + BodyNodes / 4);
    }
    stmt(Body);
  }
  recordVariables();
}

// The origin table of variables (FunctionResult::VarOf, DeclOf).
void GraphBuilder::recordVariables() {
  for (const auto &[VD, L] : Vars) {
    R.VarOf[VD] = L;
    R.DeclOf.try_emplace(L, VD);
  }
}

//===----------------------------------------------------------------------===//
// Flow sensitivity: versions of local pointers
//===----------------------------------------------------------------------===//
//
// A local pointer variable whose address is never taken (every use reads it
// or assigns it with a plain `=` whose result is not used as an lvalue; not
// captured by reference; no goto, label or switch in the function; not
// assigned inside `?:`, `&&` or `||`) can only be read and written by this
// frame, in program order. Each assignment then makes a new version of it
// (a new location) and reads see the current version, so
// `p = &x; p = nullptr; g = p;` does not leak x. At control flow the
// versions are merged conservatively: after an if, a try or a loop the
// variable may hold its version on entry or any version made inside; inside
// a loop, a head version receives the entry version and every version made
// in the body (the back edge). Globals, members and anything reachable
// through a pointer are never killed: other threads, callees and aliases can
// read them between the two stores.

void GraphBuilder::findVersioned(const Stmt *Body) {
  struct Scan : RecursiveASTVisitor<Scan> {
    llvm::DenseSet<const VarDecl *> Candidates, Bad;
    llvm::DenseSet<const Expr *> Ok; // DeclRefExprs and assignments
    std::vector<const DeclRefExpr *> Refs;
    std::vector<const BinaryOperator *> Assigns;
    unsigned CondDepth = 0;
    size_t Nodes = 0;
    bool Disable = false;
    static const VarDecl *varOf(const Expr *E) {
      const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens());
      return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    }
    static const Expr *strip(const Expr *E) {
      while (true) {
        E = E->IgnoreParens();
        if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
          E = EWC->getSubExpr();
        else
          return E;
      }
    }
    bool VisitDeclStmt(DeclStmt *DS) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (!isa<DecompositionDecl>(VD) && VD->hasLocalStorage() &&
              !VD->isStaticLocal() && VD->getType()->isPointerType())
            Candidates.insert(VD);
      return true;
    }
    bool VisitStmt(Stmt *S) {
      ++Nodes;
      if (isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S) || isa<LabelStmt>(S) ||
          isa<SwitchStmt>(S) || isa<AsmStmt>(S))
        Disable = true;
      // Children that are assignments whose result is discarded or only
      // read: allowed.
      bool Allowed = !isa<Expr>(S) && !isa<ReturnStmt>(S);
      if (const auto *ICE = dyn_cast<ImplicitCastExpr>(S))
        Allowed = ICE->getCastKind() == CK_LValueToRValue;
      for (const Stmt *C : S->children()) {
        const auto *E = dyn_cast_or_null<Expr>(C);
        if (!E)
          continue;
        const Expr *In = strip(E);
        if (Allowed || (isa<BinaryOperator>(S) &&
                        cast<BinaryOperator>(S)->getOpcode() == BO_Comma &&
                        C == cast<BinaryOperator>(S)->getLHS()))
          Ok.insert(In);
        if (const auto *ICE = dyn_cast<ImplicitCastExpr>(S);
            ICE && ICE->getCastKind() == CK_LValueToRValue)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
            Ok.insert(DRE);
      }
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->getOpcode() != BO_Assign)
        return true;
      if (const VarDecl *VD = varOf(BO->getLHS())) {
        if (CondDepth)
          Bad.insert(VD);
        Ok.insert(BO->getLHS()->IgnoreParens());
        Assigns.push_back(BO);
      }
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      Refs.push_back(E);
      return true;
    }
    bool VisitLambdaExpr(LambdaExpr *LE) {
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            Bad.insert(VD);
      return true;
    }
    bool TraverseConditionalOperator(ConditionalOperator *E) {
      ++CondDepth;
      bool R = RecursiveASTVisitor::TraverseConditionalOperator(E);
      --CondDepth;
      return R;
    }
    bool TraverseBinaryConditionalOperator(BinaryConditionalOperator *E) {
      ++CondDepth;
      bool R = RecursiveASTVisitor::TraverseBinaryConditionalOperator(E);
      --CondDepth;
      return R;
    }
    bool TraverseBinaryOperator(BinaryOperator *E) {
      bool Cond = E->getOpcode() == BO_LAnd || E->getOpcode() == BO_LOr;
      CondDepth += Cond;
      bool R = RecursiveASTVisitor::TraverseBinaryOperator(E);
      CondDepth -= Cond;
      return R;
    }
  } S;
  S.TraverseStmt(const_cast<Stmt *>(Body));
  BodyNodes = S.Nodes;
  if (S.Disable)
    return;
  for (const BinaryOperator *BO : S.Assigns)
    if (!S.Ok.count(BO))
      S.Bad.insert(Scan::varOf(BO->getLHS()));
  for (const DeclRefExpr *DRE : S.Refs)
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!S.Ok.count(DRE))
        S.Bad.insert(VD);
  for (const VarDecl *VD : S.Candidates)
    if (!S.Bad.count(VD))
      Versioned.insert(VD);
}

// A versioned variable read or assigned directly (not from a lambda body).
bool GraphBuilder::isVersioned(const Expr *E) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && Versioned.count(VD) && Cur.count(VD);
}

int GraphBuilder::newVersion(const VarDecl *VD) {
  const Location &Decl = G.Locs[Vars.lookup(VD)];
  int V = G.newLocation(LocKind::Variable, Decl.Name, Decl.Position,
                        Decl.LoopDepth);
  R.DeclOf[V] = VD;
  Cur[VD] = V;
  if (!Regions.empty())
    Regions.back().Made[VD].push_back(V);
  return V;
}

void GraphBuilder::enterRegion(bool Loop) {
  Regions.emplace_back();
  Region &R = Regions.back();
  R.Pre = Cur;
  if (!Loop)
    return;
  for (auto &[VD, V] : R.Pre) {
    const Location &Decl = G.Locs[Vars.lookup(VD)];
    int H = G.newLocation(LocKind::Variable, Decl.Name, Decl.Position,
                          Decl.LoopDepth);
    this->R.DeclOf[H] = VD;
    G.flow(G.hole(H), V);
    R.Heads[VD] = H;
    Cur[VD] = H;
  }
}

// Back to the versions on entry (the other branch of an if).
void GraphBuilder::restoreRegion() {
  for (auto &[VD, V] : Regions.back().Pre)
    Cur[VD] = Regions.back().Heads.lookup(VD) ? Regions.back().Heads[VD] : V;
}

void GraphBuilder::leaveRegion() {
  Region R = std::move(Regions.back());
  Regions.pop_back();
  for (auto &[VD, Vs] : R.Made) {
    auto Pre = R.Pre.find(VD);
    if (Pre == R.Pre.end())
      continue; // declared inside: out of scope
    int M = R.Heads.lookup(VD);
    if (!M) {
      const Location &Decl = G.Locs[Vars.lookup(VD)];
      M = G.newLocation(LocKind::Variable, Decl.Name, Decl.Position,
                        Decl.LoopDepth);
      this->R.DeclOf[M] = VD;
      G.flow(G.hole(M), Pre->second);
    }
    for (int V : Vs)
      G.flow(G.hole(M), V);
    Cur[VD] = M;
    if (!Regions.empty())
      Regions.back().Made[VD].push_back(M);
  }
}

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
  case Stmt::BuiltinBitCastExprClass: {
    const auto *CE = cast<CastExpr>(E);
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
  case Stmt::CompoundAssignOperatorClass: {
    const auto *BO = cast<BinaryOperator>(E);
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
    if (L.Capture >= 0)
      G.flow(G.capturedHole().shift(L.Capture), T);
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
