//===- GraphBuilder.cpp - Location graph from a Clang AST -----------------===//
//
// The builder's core: locations for variables, fields and temporaries, the
// walk over a body (build), and the variable versions and regions that make
// the graph flow-sensitive. The language is split as in Go's escape package:
// statements (GraphStmt.cpp), expressions (GraphExpr.cpp), assignments and
// construction (GraphAssign.cpp), calls (GraphCall.cpp), library models
// (Models.cpp, from the table in Library.h).
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
  if (!Modelled || !E || Modelled->KeepsNoOperand)
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
  // Whether a variable reference or an assignment is allowed is decided by
  // its parent (or the expression around its parentheses), which the
  // traversal visits first: the parent puts it into Ok, and it is checked,
  // and taken out, when it is visited itself. So Ok holds only what is
  // waiting between the two visits, not every reference of the body.
  struct Scan : RecursiveASTVisitor<Scan> {
    llvm::DenseSet<const VarDecl *> Candidates, Bad;
    llvm::DenseSet<const Expr *> Ok; // DeclRefExprs and assignments
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
      // read: allowed. Only variables and assignments are looked up in Ok.
      bool Allowed = !isa<Expr>(S) && !isa<ReturnStmt>(S);
      const auto *ICE = dyn_cast<ImplicitCastExpr>(S);
      bool Read = ICE && ICE->getCastKind() == CK_LValueToRValue;
      if (ICE)
        Allowed = Read;
      const auto *Comma = dyn_cast<BinaryOperator>(S);
      if (Comma && Comma->getOpcode() != BO_Comma)
        Comma = nullptr;
      if (!Allowed && !Comma)
        return true;
      for (const Stmt *C : S->children()) {
        const auto *E = dyn_cast_or_null<Expr>(C);
        if (!E)
          continue;
        const Expr *In = strip(E);
        if ((Allowed || C == Comma->getLHS()) && lookedUp(In))
          Ok.insert(In);
        if (Read)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
            Ok.insert(DRE);
      }
      return true;
    }
    static bool lookedUp(const Expr *E) {
      if (const auto *BO = dyn_cast<BinaryOperator>(E))
        return BO->getOpcode() == BO_Assign;
      return isa<DeclRefExpr>(E);
    }
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->getOpcode() != BO_Assign)
        return true;
      bool Allowed = Ok.erase(BO);
      if (const VarDecl *VD = varOf(BO->getLHS())) {
        if (CondDepth || !Allowed)
          Bad.insert(VD);
        Ok.insert(BO->getLHS()->IgnoreParens());
      }
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *E) {
      bool Allowed = Ok.erase(E);
      if (const auto *VD = dyn_cast<VarDecl>(E->getDecl()))
        if (!Allowed)
          Bad.insert(VD);
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
