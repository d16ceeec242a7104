//===- Dangling.cpp - Warnings from the escape flows ----------------------===//
//
// The search itself is escape::reachFrom (analysis/Dangling.cpp). This file
// decides which steps are certain (acceptStep), checks the statements of a
// path happen in order with nothing undoing them (firstDoubtfulStep), proves
// what visible callees do with their parameters (callee), and words the
// warnings.
//
//===----------------------------------------------------------------------===//
#include "clang/Dangling.h"
#include "analysis/Dangling.h"
#include "clang/GraphBuilder.h"
#include "clang/Library.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/LifetimeSafety/LifetimeAnnotations.h"
#include "clang/Basic/SourceManager.h"

#include <fmt/format.h>

#include <optional>
#include <set>

using namespace clang;
using namespace escape;

namespace {

/// Where a parameter's value may end up (CalleeFact kinds).
enum RootKind { RootHeap = 0, RootResult = 1, RootContent = 2 };

/// A place statements write: a variable itself (Through = false) or what
/// a pointer (or reference) variable designates (Through = true). `this`
/// is keyed by its function.
using PlaceKey = std::pair<const void *, bool>;
const char AnyGlobalTag = 0;
const PlaceKey AnyGlobal{&AnyGlobalTag, false};

struct Write {
  PlaceKey Key;
  SourceRange Range;
};

/// Calls the path search gives up on after this many rejected paths.
constexpr unsigned MaxRetries = 8;
/// Deepest chain of callees proved to keep a pointer.
constexpr unsigned MaxCalleeDepth = 4;

std::optional<PlaceKey> pointerKey(const Expr *E, const FunctionDecl *FD);

/// The place an lvalue expression designates, by the variable it starts
/// from: `x`, `x.f`, `x[i]` (array) are x; `*p`, `p->f`, `p[i]`, `r.f` (r a
/// reference) are what p or r designate.
std::optional<PlaceKey> placeKey(const Expr *E, const FunctionDecl *FD) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return PlaceKey{VD->getCanonicalDecl(), VD->getType()->isReferenceType()};
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      return pointerKey(ME->getBase(), FD);
    return placeKey(ME->getBase(), FD);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointerKey(UO->getSubExpr(), FD);
    return std::nullopt;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = AS->getBase();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(Base))
      if (ICE->getCastKind() == CK_ArrayToPointerDecay)
        return placeKey(ICE->getSubExpr(), FD);
    return pointerKey(Base, FD);
  }
  if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(E))
    if (OCE->getNumArgs() > 0)
      return placeKey(OCE->getArg(0), FD);
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Obj = MCE->getImplicitObjectArgument();
    if (Obj && Obj->getType()->isPointerType())
      return pointerKey(Obj, FD);
    return placeKey(Obj, FD);
  }
  return std::nullopt;
}

/// What the pointer value E designates.
std::optional<PlaceKey> pointerKey(const Expr *E, const FunctionDecl *FD) {
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return PlaceKey{FD, true};
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return PlaceKey{VD->getCanonicalDecl(), true};
  if (std::optional<PlaceKey> K = placeKey(E, FD))
    return PlaceKey{K->first, true};
  return std::nullopt;
}

bool isStdDecl(const Decl *D) {
  return D && (D->isInStdNamespace() || lifetimes::isInStlNamespace(D));
}

/// The parameter a model call's argument location (named after the
/// argument's position) is passed to.
const ParmVarDecl *paramOfArg(const Expr *Call, const Location &Src) {
  const FunctionDecl *F = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  unsigned Skip = 0;
  if (const auto *CCE = dyn_cast_or_null<CXXConstructExpr>(Call)) {
    F = CCE->getConstructor();
    Args = llvm::ArrayRef(CCE->getArgs(), CCE->getNumArgs());
  } else if (const auto *CE = dyn_cast_or_null<CallExpr>(Call)) {
    F = CE->getDirectCallee();
    Args = llvm::ArrayRef(CE->getArgs(), CE->getNumArgs());
    if (isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(F))
      Skip = 1;
  }
  if (!F)
    return nullptr;
  for (unsigned I = Skip; I < Args.size(); ++I)
    if (toPos(Args[I]->getExprLoc()) == Src.Position &&
        I - Skip < F->getNumParams())
      return F->getParamDecl(I - Skip);
  return nullptr;
}

/// The container models store a by-reference argument as its address; the
/// container keeps a copy of the object, i.e. what the address designates.
bool copiesReferent(const Note &N, const Location &Src) {
  if (N.What.Form != NoteExpr || Src.Name != "arg")
    return false;
  const ParmVarDecl *P = paramOfArg(static_cast<const Expr *>(N.What.Ref), Src);
  if (!P || !P->getType()->isReferenceType())
    return false;
  const auto *F = cast<FunctionDecl>(P->getDeclContext());
  if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
    return isStdDecl(MD->getParent());
  return isStdDecl(F);
}

/// A standard container keeps an argument it is given when the library
/// table says the parameter is an element (Library.h). Src is the
/// argument's location (named after its position).
bool keepsArgument(const Expr *Call, const Location &Src) {
  const ParmVarDecl *P = paramOfArg(Call, Src);
  return P && library::isElementParameter(P);
}

/// The container models (GraphBuilder::modelContainer) store every
/// argument of a non-const member into the container and return every
/// argument, to stay sound whatever the member function does (the library
/// table's may side). Only the functions that do store (push_back, insert,
/// assignment...: the table's must side) certainly keep an argument, and
/// none returns one.
bool modelStepIsCertain(const Note &N, const Location &Src) {
  if (N.What.Form != NoteExpr)
    return true;
  const auto *Ref = static_cast<const Expr *>(N.What.Ref);
  if (const auto *CCE = dyn_cast_or_null<CXXConstructExpr>(Ref))
    return !isStdDecl(CCE->getConstructor()->getParent()) ||
           N.Why != Reason::Element || keepsArgument(CCE, Src);
  const auto *CE = dyn_cast_or_null<CallExpr>(Ref);
  if (!CE)
    return true;
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(CE->getDirectCallee());
  if (!MD || !isStdDecl(MD->getParent()))
    return true;
  if (N.Why == Reason::CallResult) {
    // An iterator's `it + n`, `++it`... is modelled as pointing to the
    // iterator itself; only `*it`, `it->`, `it[n]` give what it holds.
    OverloadedOperatorKind Op = MD->getOverloadedOperator();
    if (library::isIteratorLike(MD->getParent()) && Op != OO_Star &&
        Op != OO_Arrow && Op != OO_Subscript)
      return false;
    return Src.Name != "arg";
  }
  return library::memberEffect(MD).KeepsArgument == library::Certainty::Must &&
         keepsArgument(CE, Src);
}

/// Collects the variables of a body (by position, as the graph names them)
/// and the statements that write a place.
class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  BodyScan(const FunctionDecl *FD, bool CalleeWrites,
           std::function<void(const FunctionDecl *, SourceRange,
                              std::vector<Write> &)>
               OnCall)
      : FD(FD), CalleeWrites(CalleeWrites), OnCall(std::move(OnCall)) {}
  std::vector<Write> Writes;

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp())
      add(placeKey(BO->getLHS(), FD), BO->getSourceRange());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    // A variable whose address is taken may be written through it.
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          add(PlaceKey{VD->getCanonicalDecl(), false}, UO->getSourceRange());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    SourceRange R = CE->getSourceRange();
    const FunctionDecl *Callee = CE->getDirectCallee();
    unsigned First = 0;
    if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(CE)) {
      if (OCE->isAssignmentOp() && OCE->getNumArgs() > 0)
        add(placeKey(OCE->getArg(0), FD), R);
      if (isa_and_nonnull<CXXMethodDecl>(Callee))
        First = 1;
    }
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
      const CXXMethodDecl *MD = MCE->getMethodDecl();
      if (!MD || !MD->isConst()) {
        // Any member of a standard class that may remove what was stored
        // (the library table's may side), any other class's member.
        bool Clears =
            !MD || !isStdDecl(MD->getParent()) ||
            library::memberEffect(MD).Removes != library::Certainty::No ||
            MD->isVirtual();
        if (Clears)
          add(placeKey(MCE, FD), R);
      }
    }
    // Arguments the callee may write: non-const references and pointers
    // to non-const.
    for (unsigned I = First; I < CE->getNumArgs(); ++I) {
      const Expr *Arg = CE->getArg(I);
      unsigned PI = I - First;
      QualType PT;
      if (Callee && PI < Callee->getNumParams())
        PT = Callee->getParamDecl(PI)->getType();
      else
        PT = Arg->getType();
      if (PT->isReferenceType() && !PT->getPointeeType().isConstQualified())
        add(placeKey(Arg, FD), R);
      else if (PT->isPointerType() && !PT->getPointeeType().isConstQualified())
        add(pointerKey(Arg, FD), R);
    }
    // Globals the callee may write.
    if (CalleeWrites) {
      bool Virtual = false;
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee))
        Virtual = MD->isVirtual();
      if (!Callee || Virtual)
        add(AnyGlobal, R);
      else
        OnCall(Callee, R, Writes);
    }
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    // A constructor may write globals too.
    if (CalleeWrites && CE->getConstructor())
      OnCall(CE->getConstructor(), CE->getSourceRange(), Writes);
    return true;
  }

private:
  void add(std::optional<PlaceKey> K, SourceRange R) {
    if (K)
      Writes.push_back({*K, R});
  }
  const FunctionDecl *FD;
  bool CalleeWrites;
  std::function<void(const FunctionDecl *, SourceRange, std::vector<Write> &)>
      OnCall;
};

} // namespace

struct WarningChecker::Function {
  const FunctionDecl *FD = nullptr;
  const FunctionResult *FR = nullptr;
  bool Scanned = false;
  std::vector<Write> Writes;
  std::vector<int> ParamLocs; ///< by summary index, -1 if none
  void findParams() {
    const Graph &G = FR->G;
    ParamLocs.assign(Analyzer::numParams(FD), -1);
    for (unsigned I = 0; I < G.Locs.size(); ++I)
      if (G.Locs[I].Kind == LocKind::Param && G.Locs[I].ParamIndex >= 0 &&
          unsigned(G.Locs[I].ParamIndex) < ParamLocs.size())
        ParamLocs[G.Locs[I].ParamIndex] = static_cast<int>(I);
  }
};

struct WarningChecker::GlobalWriteCache
    : std::map<const FunctionDecl *, std::vector<Write>> {};

struct WarningChecker::CalleeFact {
  bool Certain = false;
  std::vector<RemarkNote> Notes; ///< the flow inside the callee
};

const char *escape::warningFlag(Warning::Kind K) {
  switch (K) {
  case Warning::Dangling:
    return "escape-dangling";
  case Warning::NoEscape:
  case Warning::LifetimeBound:
    return "escape-annotations";
  }
  return "";
}

WarningChecker::WarningChecker(EscapeSession &Session, WarningOptions Opts,
                               ReportOptions RO)
    : Session(Session), Opts(Opts), RO(std::move(RO)),
      GlobalWrites(std::make_unique<GlobalWriteCache>()) {}
WarningChecker::~WarningChecker() = default;

namespace {

/// The checker's working state for one function: the graph and what the
/// statements of its body write.
class Scope {
public:
  Scope(WarningChecker::Function &F, ASTContext &Ctx,
        std::map<const FunctionDecl *, std::vector<Write>> &GlobalWrites)
      : F(F), Ctx(Ctx), SM(Ctx.getSourceManager()), GlobalWrites(GlobalWrites) {
    scan();
  }
  WarningChecker::Function &F;
  ASTContext &Ctx;
  const SourceManager &SM;
  std::map<const FunctionDecl *, std::vector<Write>> &GlobalWrites;

  const Graph &graph() const { return F.FR->G; }

  SourceLocation loc(Pos P) const {
    SourceLocation L = fromPos(P);
    return L.isValid() ? SM.getExpansionLoc(L) : L;
  }
  bool before(SourceLocation A, SourceLocation B) const {
    return SM.isBeforeInTranslationUnit(A, B);
  }
  bool contains(SourceRange R, SourceLocation L) const {
    SourceLocation B = SM.getExpansionLoc(R.getBegin());
    SourceLocation E = SM.getExpansionLoc(R.getEnd());
    return !before(L, B) && !before(E, L);
  }

  /// The variable location LI stands for (the origin table), if any.
  const VarDecl *varOf(int LI) const {
    return dyn_cast_or_null<VarDecl>(F.FR->declOf(LI));
  }

  /// The place a location of the graph is, if statements can write it.
  std::optional<PlaceKey> locationKey(int LI) const {
    const Location &L = graph().Locs[LI];
    switch (L.Kind) {
    case LocKind::Variable:
    case LocKind::Global:
      if (const VarDecl *VD = varOf(LI))
        return PlaceKey{VD->getCanonicalDecl(),
                        VD->getType()->isReferenceType()};
      return std::nullopt;
    case LocKind::ParamContent: {
      int Idx = L.ParamIndex;
      bool This = Analyzer::hasThis(F.FD);
      if (This && Idx == 0)
        return PlaceKey{F.FD, true};
      unsigned PI = Idx - (This ? 1 : 0);
      if (Idx >= 0 && PI < F.FD->getNumParams())
        return PlaceKey{F.FD->getParamDecl(PI)->getCanonicalDecl(), true};
      return std::nullopt;
    }
    default:
      return std::nullopt;
    }
  }

  const Edge &edge(const Graph::Step &S) const {
    return graph().Locs[S.Dst].In[S.EdgeIndex];
  }

  /// Where step I of a path happens: its notes, or for the edge a store
  /// resolved (no notes), the store's.
  SourceLocation defPos(const std::vector<Graph::Step> &Path, int I) const {
    for (int J = I; J >= 0; --J) {
      const Edge &E = edge(Path[J]);
      for (const Note *N : graph().notes(E))
        if (N->Where)
          return loc(N->Where);
      if (J != I || graph().Locs[E.Src].Kind != LocKind::Slot)
        break;
    }
    return SourceLocation();
  }

  /// The store expression (`*p`, `p->f`, a call) of the edge of step I when
  /// a store resolved it.
  const Expr *storeExpr(const std::vector<Graph::Step> &Path, int I) const {
    if (I == 0 || graph().Locs[edge(Path[I]).Src].Kind != LocKind::Slot)
      return nullptr;
    for (const Note *N : graph().notes(edge(Path[I - 1])))
      if (N->Why == Reason::StoredIndirect && N->What.Form == NoteExpr)
        return static_cast<const Expr *>(N->What.Ref);
    return nullptr;
  }

  bool matches(const PlaceKey &W, const PlaceKey &K) const {
    if (W == K)
      return true;
    if (W == AnyGlobal)
      if (const auto *VD = static_cast<const Decl *>(K.first))
        if (const auto *V = dyn_cast<VarDecl>(VD))
          return !K.second && V->hasGlobalStorage();
    return false;
  }

  /// The first step of Path that may not happen as the path says: a place
  /// read before it is written, or written again in between (source order;
  /// loops are not followed). -1 if none.
  int firstDoubtfulStep(const std::vector<Graph::Step> &Path) const {
    for (int I = 0; I < static_cast<int>(Path.size()); ++I) {
      std::vector<PlaceKey> Keys;
      if (std::optional<PlaceKey> K = locationKey(Path[I].Dst))
        Keys.push_back(*K);
      if (const Expr *SE = storeExpr(Path, I))
        if (std::optional<PlaceKey> K = placeKey(SE, F.FD))
          Keys.push_back(*K);
      if (Keys.empty())
        continue;
      SourceLocation Def = defPos(Path, I);
      if (Def.isInvalid())
        continue;
      SourceLocation Use;
      if (I + 1 < static_cast<int>(Path.size()) &&
          edge(Path[I + 1]).Derefs >= 0)
        Use = defPos(Path, I + 1);
      if (Use.isValid() &&
          graph().Locs[Path[I].Dst].Kind == LocKind::Variable &&
          before(Use, Def))
        return I; // read before written: only through a loop
      for (const Write &W : F.Writes) {
        SourceLocation WB = SM.getExpansionLoc(W.Range.getBegin());
        if (contains(W.Range, Def) || !before(Def, WB) ||
            (Use.isValid() && !before(WB, Use)))
          continue;
        for (const PlaceKey &K : Keys)
          if (matches(W.Key, K))
            return I;
      }
    }
    return -1;
  }

private:
  void scan() {
    if (F.Scanned)
      return;
    F.Scanned = true;
    BodyScan S(F.FD, true,
               [this](const FunctionDecl *Callee, SourceRange R,
                      std::vector<Write> &Out) {
                 for (const Write &W : calleeGlobalWrites(Callee))
                   Out.push_back({W.Key, R});
               });
    S.TraverseDecl(const_cast<FunctionDecl *>(F.FD));
    F.Writes = std::move(S.Writes);
  }

  /// Globals a callee writes in its own body (one level: deeper callees
  /// are not looked at). A callee without a visible body outside the
  /// system headers may write any global.
  const std::vector<Write> &calleeGlobalWrites(const FunctionDecl *Callee) {
    auto It = GlobalWrites.find(Callee);
    if (It != GlobalWrites.end())
      return It->second;
    std::vector<Write> &Out = GlobalWrites[Callee];
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def) || !Def) {
      if (!SM.isInSystemHeader(Callee->getLocation()))
        Out.push_back({AnyGlobal, SourceRange()});
      return Out;
    }
    if (SM.isInSystemHeader(Def->getLocation()))
      return Out;
    BodyScan S(Def, false, nullptr);
    S.TraverseDecl(const_cast<FunctionDecl *>(Def));
    for (const Write &W : S.Writes)
      if (const auto *VD =
              dyn_cast<VarDecl>(static_cast<const Decl *>(W.Key.first)))
        if (!W.Key.second && VD->hasGlobalStorage())
          Out.push_back(W);
    return GlobalWrites[Callee];
  }
};

/// [[clang::lifetimebound]] written on the implicit object parameter (after
/// the parameter list), on any declaration.
bool thisLifetimeBound(const FunctionDecl *FD) {
  for (const FunctionDecl *R : FD->redecls())
    if (const TypeSourceInfo *TSI = R->getTypeSourceInfo())
      if (lifetimes::getLifetimeBoundAttrFromFunctionType(*TSI))
        return true;
  return false;
}

bool isFrameObject(const Location &L) {
  return L.Kind == LocKind::Variable || L.Kind == LocKind::Temp ||
         (L.Kind == LocKind::Param && L.Name != "this");
}

/// Locations whose object is, after copy elision, the caller's (plain
/// copies into the result): their address is not the frame's.
std::vector<char> resultIdentity(const Graph &G) {
  std::vector<char> Seen(G.Locs.size(), 0);
  std::vector<int> Todo{G.result()};
  while (!Todo.empty()) {
    int LI = Todo.back();
    Todo.pop_back();
    for (const Edge &E : G.Locs[LI].In) {
      const Location &S = G.Locs[E.Src];
      if (E.Derefs != 0 || Seen[E.Src] ||
          (S.Kind != LocKind::Variable && S.Kind != LocKind::Temp))
        continue;
      Seen[E.Src] = 1;
      Todo.push_back(E.Src);
    }
  }
  return Seen;
}

std::string calleeName(const FunctionDecl *FD) {
  return FD ? FD->getQualifiedNameAsString() : std::string("?");
}

} // namespace

WarningChecker::Function &WarningChecker::function(const FunctionDecl *FD,
                                                   const FunctionResult *FR) {
  auto &Slot = Functions[FD];
  if (!Slot) {
    Slot = std::make_unique<Function>();
    Slot->FD = FD;
    Slot->FR = FR ? FR : &Session.result(FD);
    Slot->findParams();
  }
  return *Slot;
}

namespace {

/// The search over one function: accepted steps and retries.
class Search {
public:
  Search(Scope &S,
         std::function<const WarningChecker::CalleeFact *(const FunctionDecl *,
                                                          int, int)>
             Callee)
      : S(S), Callee(std::move(Callee)) {}

  /// Callee facts used by the accepted path, for the notes.
  std::vector<
      std::pair<const FunctionDecl *, const WarningChecker::CalleeFact *>>
  factsOn(const std::vector<Graph::Step> &Path) {
    std::vector<
        std::pair<const FunctionDecl *, const WarningChecker::CalleeFact *>>
        Out;
    for (const Graph::Step &St : Path) {
      const FunctionDecl *FD = nullptr;
      const WarningChecker::CalleeFact *CF = nullptr;
      int Extra = 0;
      if (stepFact(St.Dst, St.EdgeIndex, FD, CF, Extra) && CF)
        Out.push_back({FD, CF});
    }
    return Out;
  }

  /// A path from Src to one of Roots whose every step is certain, reaching
  /// them with at most Bound dereferences.
  std::optional<std::vector<Graph::Step>>
  certainPath(int Src, int Bound, const std::vector<int> &Roots) {
    std::set<std::pair<int, unsigned>> Banned;
    for (unsigned Try = 0; Try < MaxRetries; ++Try) {
      Reach R = reachFrom(S.graph(), Roots, [&](int Dst, unsigned EI) {
        return Banned.count({Dst, EI}) ? NotFollowed : accept(Dst, EI);
      });
      if (!R.reached(Src) || R.Derefs[Src] > Bound)
        return std::nullopt;
      std::vector<Graph::Step> Path = R.path(Src);
      if (Path.empty())
        return std::nullopt;
      int Bad = S.firstDoubtfulStep(Path);
      if (Bad < 0)
        return Path;
      Banned.insert(
          {Path[Bad].Dst, static_cast<unsigned>(Path[Bad].EdgeIndex)});
    }
    return std::nullopt;
  }

private:
  /// The callee a step relies on, if any. False if the step is uncertain.
  bool stepFact(int Dst, unsigned EI, const FunctionDecl *&FD,
                const WarningChecker::CalleeFact *&CF, int &Extra) {
    const Graph &G = S.graph();
    const Location &D = G.Locs[Dst];
    const Edge &E = D.In[EI];
    bool Verified = false;
    for (const Note *N : G.notes(E)) {
      switch (N->Why) {
      case Reason::UnknownCall:
      case Reason::IndirectCall:
      case Reason::VirtualCall:
      case Reason::StoredUnknown:
      case Reason::IntCast:
      case Reason::Bits:
      case Reason::Thread:
      case Reason::Coroutine:
      case Reason::Unhandled:
      case Reason::TooComplex:
      case Reason::ParamObject:
      case Reason::Thrown:
      case Reason::AllocInit:
        return false;
      case Reason::CallParam:
      case Reason::StoredIndirect: {
        if (N->What.Form != NoteArg)
          break;
        FD = static_cast<const FunctionDecl *>(N->What.Ref2);
        if (!FD)
          return false;
        int Kind = D.Kind == LocKind::Heap            ? RootHeap
                   : N->Why == Reason::StoredIndirect ? RootContent
                                                      : RootResult;
        CF = Callee(FD, N->What.Index, Kind);
        if (!CF || !CF->Certain)
          return false;
        Verified = true;
        break;
      }
      case Reason::Element:
      case Reason::CallResult:
        if (!modelStepIsCertain(*N, G.Locs[E.Src]))
          return false;
        if (N->Why == Reason::Element && copiesReferent(*N, G.Locs[E.Src]))
          Extra = 1;
        break;
      default:
        break;
      }
    }
    if (D.Kind == LocKind::Heap && !Verified)
      return false;
    // A store must go to this place and no other: a pointer that may
    // point elsewhere (into the frame, to unknown memory) is a guess.
    if (G.Locs[E.Src].Kind == LocKind::Slot && D.Kind != LocKind::Slot) {
      std::vector<int> Targets = G.storeTargets(E.Src);
      if (Targets.size() != 1 || Targets[0] != Dst)
        return false;
    }
    return true;
  }

  int accept(int Dst, unsigned EI) {
    auto Key = std::make_pair(Dst, EI);
    auto It = Accepted.find(Key);
    if (It != Accepted.end())
      return It->second;
    const FunctionDecl *FD = nullptr;
    const WarningChecker::CalleeFact *CF = nullptr;
    int Extra = 0;
    int R = stepFact(Dst, EI, FD, CF, Extra) ? Extra : NotFollowed;
    Accepted[Key] = R;
    return R;
  }

  Scope &S;
  std::function<const WarningChecker::CalleeFact *(const FunctionDecl *, int,
                                                   int)>
      Callee;
  std::map<std::pair<int, unsigned>, int> Accepted;
};

std::vector<int> rootsOf(const Graph &G, int Kind, int ExceptContent = -1) {
  std::vector<int> Roots;
  for (int R : outlivingRoots(G)) {
    const Location &L = G.Locs[R];
    bool Want = false;
    switch (Kind) {
    case RootHeap:
      Want = L.Kind == LocKind::Heap || L.Kind == LocKind::Global;
      break;
    case RootResult:
      Want = L.Kind == LocKind::Result;
      break;
    case RootContent:
      Want = L.Kind == LocKind::ParamContent && L.ParamIndex != ExceptContent;
      break;
    default:
      Want = true;
    }
    if (Want)
      Roots.push_back(R);
  }
  return Roots;
}

/// "returned", "stored in global 'g'", "stored in '*out'", "kept by 'f'".
std::string whereText(const Graph &G, const std::vector<Graph::Step> &Path) {
  const Location &Root = G.Locs[Path.back().Dst];
  switch (Root.Kind) {
  case LocKind::Result:
    return "returned";
  case LocKind::Global:
    return fmt::format("stored in global '{}'", Root.Name);
  case LocKind::ParamContent:
    return fmt::format("stored in '{}'", Root.Name);
  default:
    break;
  }
  const Edge &E = G.Locs[Path.back().Dst].In[Path.back().EdgeIndex];
  for (const Note *N : G.notes(E))
    if (N->Why == Reason::CallParam && N->What.Form == NoteArg)
      return fmt::format(
          "kept by '{}'",
          calleeName(static_cast<const FunctionDecl *>(N->What.Ref2)));
  return "stored to the heap";
}

} // namespace

const WarningChecker::CalleeFact *WarningChecker::callee(const FunctionDecl *FD,
                                                         int ArgIdx, int Kind,
                                                         unsigned Depth) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def)
    return nullptr;
  auto Key = std::make_tuple(Def, ArgIdx, Kind);
  auto It = Facts.find(Key);
  if (It != Facts.end())
    return It->second.get();
  // Placeholder while in progress: recursion proves nothing.
  CalleeFact *Fact = (Facts[Key] = std::make_unique<CalleeFact>()).get();
  if (Depth > MaxCalleeDepth)
    return Fact;
  bool This = Analyzer::hasThis(Def);
  if (ArgIdx < 0 && !This)
    return Fact;
  if (ArgIdx < 0) {
    // An object that registers itself and has a destructor may well
    // unregister itself there: not certain.
    const CXXRecordDecl *RD = cast<CXXMethodDecl>(Def)->getParent();
    if (const CXXDestructorDecl *DD = RD->getDestructor())
      if (DD->isUserProvided())
        return Fact;
  }
  unsigned Idx = ArgIdx < 0 ? 0 : ArgIdx + (This ? 1 : 0);
  const Summary *Sum = Session.summaryOf(Def);
  if (!Sum || Idx >= Sum->Params.size())
    return Fact;
  const ParamLeaks &L = Sum->Params[Idx];
  int Level = -1;
  if (Kind == RootHeap)
    Level = L.Heap;
  else if (Kind == RootResult)
    Level = L.Result;
  else
    for (int C : L.Content)
      if (C >= 0 && (Level < 0 || C < Level))
        Level = C;
  if (Level < 0)
    return Fact;
  Function &F = function(Def, nullptr);
  if (F.FR->G.gaveUp() || Idx >= F.ParamLocs.size() || F.ParamLocs[Idx] < 0)
    return Fact;
  Scope S(F, Session.context(), *GlobalWrites);
  Search Srch(S, [&](const FunctionDecl *C, int I, int K) {
    return callee(C, I, K, Depth + 1);
  });
  std::optional<std::vector<Graph::Step>> Path =
      Srch.certainPath(F.ParamLocs[Idx], Level, rootsOf(F.FR->G, Kind));
  if (!Path)
    return Fact;
  Fact->Certain = true;
  std::vector<RemarkNote> Inner;
  explainPath(F.FR->G, *Path, toPos(Def->getLocation()), Inner, RO);
  for (RemarkNote &N : Inner)
    Fact->Notes.push_back(
        {N.Where, fmt::format("in '{}': {}", calleeName(Def), N.Message)});
  return Fact;
}

void WarningChecker::check(const FunctionDecl *FD, const FunctionResult &FR,
                           std::vector<Warning> &Out) {
  const Graph &G = FR.G;
  if (!Opts.any() || G.gaveUp())
    return;
  // Not cached: the reported function's analysis is freed by the caller.
  Function F;
  F.FD = FD;
  F.FR = &FR;
  F.findParams();

  bool AnyCandidate = false;
  for (const Location &L : G.Locs)
    AnyCandidate |= isFrameObject(L) && L.Escapes;
  bool AnyAnnotated = false;
  const FunctionDecl *Latest = FD->getMostRecentDecl();
  if (Opts.Annotations) {
    for (const ParmVarDecl *P : Latest->parameters())
      AnyAnnotated |=
          P->hasAttr<NoEscapeAttr>() || P->hasAttr<LifetimeBoundAttr>();
    AnyAnnotated |= Analyzer::hasThis(FD) && thisLifetimeBound(FD);
  }
  if (!(Opts.Dangling && AnyCandidate) && !AnyAnnotated)
    return;

  Scope S(F, Session.context(), *GlobalWrites);
  Search Srch(S, [&](const FunctionDecl *C, int I, int K) {
    return callee(C, I, K, 1);
  });
  auto AddFlow = [&](Warning &W, const std::vector<Graph::Step> &Path,
                     Pos Default) {
    explainPath(G, Path, Default, W.Notes, RO);
    for (auto &[Callee, CF] : Srch.factsOn(Path))
      W.Notes.insert(W.Notes.end(), CF->Notes.begin(), CF->Notes.end());
  };
  auto WarnLoc = [&](const std::vector<Graph::Step> &Path, Pos Default) {
    SourceLocation L = S.defPos(Path, static_cast<int>(Path.size()) - 1);
    return L.isValid() ? L : S.loc(Default);
  };

  if (Opts.Dangling && AnyCandidate) {
    std::vector<char> Identity = resultIdentity(G);
    std::vector<int> Roots = outlivingRoots(G);
    for (unsigned I = 0; I < G.Locs.size(); ++I) {
      const Location &L = G.Locs[I];
      if (!isFrameObject(L) || !L.Escapes || Identity[I])
        continue;
      std::optional<std::vector<Graph::Step>> Path =
          Srch.certainPath(static_cast<int>(I), -1, Roots);
      if (!Path)
        continue;
      std::string What;
      const VarDecl *VD =
          L.Kind == LocKind::Temp ? nullptr : S.varOf(static_cast<int>(I));
      if (L.Kind == LocKind::Param)
        What = fmt::format("parameter '{}'", L.Name);
      else if (VD && VD->getName() == L.Name)
        What = fmt::format("local variable '{}'", L.Name);
      else if (L.Name == "structured binding")
        What = "a structured binding";
      else
        What = "a temporary object";
      Warning W;
      W.K = Warning::Dangling;
      W.Loc = WarnLoc(*Path, L.Position);
      W.Message = fmt::format("address of {} outlives its frame: {}", What,
                              whereText(G, *Path));
      AddFlow(W, *Path, L.Position);
      W.Notes.push_back(
          {L.Position, L.Kind == LocKind::Temp || !VD
                           ? std::string("the temporary is created here")
                           : fmt::format("'{}' declared here", L.Name)});
      Out.push_back(std::move(W));
    }
  }

  if (AnyAnnotated) {
    unsigned First = Analyzer::hasThis(FD) ? 1 : 0;
    auto CheckParam = [&](unsigned Idx, const std::string &Name, Pos P,
                          bool NoEscape) {
      if (Idx >= F.ParamLocs.size() || F.ParamLocs[Idx] < 0)
        return;
      std::vector<int> Roots;
      if (NoEscape)
        Roots = outlivingRoots(G);
      else {
        Roots = rootsOf(G, RootHeap);
        for (int R : rootsOf(G, RootContent))
          Roots.push_back(R);
      }
      std::optional<std::vector<Graph::Step>> Path =
          Srch.certainPath(F.ParamLocs[Idx], 0, Roots);
      if (!Path)
        return;
      Warning W;
      W.K = NoEscape ? Warning::NoEscape : Warning::LifetimeBound;
      W.Loc = WarnLoc(*Path, P);
      std::string Who = Name == "this" ? std::string("'this'")
                                       : fmt::format("parameter '{}'", Name);
      W.Message =
          NoEscape ? fmt::format("{} is marked noescape but escapes: {}", Who,
                                 whereText(G, *Path))
                   : fmt::format("{} is marked lifetimebound but outlives the "
                                 "call by more than the result: {}",
                                 Who, whereText(G, *Path));
      AddFlow(W, *Path, P);
      W.Notes.push_back({P, fmt::format("'{}' is annotated here", Name)});
      Out.push_back(std::move(W));
    };
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      const ParmVarDecl *LP = Latest->getParamDecl(I);
      const ParmVarDecl *P = FD->getParamDecl(I);
      std::string Name = P->getNameAsString();
      if (LP->hasAttr<NoEscapeAttr>())
        CheckParam(First + I, Name, toPos(P->getLocation()), true);
      if (LP->hasAttr<LifetimeBoundAttr>())
        CheckParam(First + I, Name, toPos(P->getLocation()), false);
    }
    if (First && thisLifetimeBound(FD))
      CheckParam(0, "this", toPos(FD->getLocation()), false);
  }
}
