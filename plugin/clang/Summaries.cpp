//===- Summaries.cpp - Parameter summaries over the call graph ------------===//
//
// Summaries are computed on demand, depth first, like Tarjan's algorithm for
// strongly connected components: a function whose analysis consults a
// function still in progress (recursion) belongs to that function's
// component; the component's root re-analyses the whole component, starting
// from optimistic summaries, until no summary changes (Go iterates its
// batches the same way). Functions without a body, weak functions and
// callees deeper than a fixed limit have no summary: callers treat them as
// unknown, which leaks every pointer argument. A function only declared here
// may have a summary written by the translation unit that defines it
// (SummaryStore.h, docs/cross-tu.md).
//
//===----------------------------------------------------------------------===//
#include "clang/Analyzer.h"
#include "clang/GraphBuilder.h"
#include "clang/Library.h"
#include "clang/SummaryStore.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

#include "llvm/Support/raw_ostream.h"

#include <climits>

using namespace clang;
using namespace escape;

bool Analyzer::hasThis(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  return MD && MD->isInstance() && !MD->isExplicitObjectMemberFunction();
}

unsigned Analyzer::numParams(const FunctionDecl *FD) {
  return (hasThis(FD) ? 1 : 0) + FD->getNumParams();
}

std::unique_ptr<FunctionResult> Analyzer::build(const FunctionDecl *FD) {
  auto R = std::make_unique<FunctionResult>();
  GraphBuilder B(*this, FD, *R);
  B.build();
  R->G.solve();

  R->S = R->G.summary(numParams(FD));
  return R;
}

const FunctionDecl *Analyzer::definitionOf(const FunctionDecl *FD) const {
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return nullptr;
  if (Def->isWeak() || Def->hasAttr<WeakAttr>() || Def->isInvalidDecl() ||
      Def->isDependentContext() || Def->isLateTemplateParsed())
    return nullptr;
  // Library code in system headers is modelled (Models.cpp) or unknown,
  // unless asked for: analysing every instantiated library function costs
  // more compile time than the whole analysis of user code. The algorithms
  // on arrays of scalars are analysed: no user code runs in them, and the
  // pass's facts for their calls come from their summaries.
  if (!Opts.SystemBodies &&
      Ctx.getSourceManager().isInSystemHeader(Def->getLocation()) &&
      !isSmall(Def) && !library::scalarAlgorithm(Def))
    return nullptr;
  return Def;
}

// Small library functions (accessors, std::pair's constructors...) are
// analysed like user code; their cost is negligible.
static unsigned countNodes(const Stmt *S, unsigned Budget) {
  if (!S)
    return 0;
  unsigned N = 1;
  for (const Stmt *C : S->children()) {
    if (N > Budget)
      break;
    N += countNodes(C, Budget - N);
  }
  return N;
}

bool Analyzer::isSmall(const FunctionDecl *Def) const {
  auto It = SmallCache.find(Def);
  if (It != SmallCache.end())
    return It->second;
  unsigned Budget = Opts.SmallFunctionNodes;
  unsigned N = countNodes(Def->getBody(), Budget);
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *I : CD->inits())
      N += countNodes(I->getInit(), Budget);
  bool Small = N <= Budget;
  SmallCache[Def] = Small;
  return Small;
}

const Summary *Analyzer::summaryOf(const FunctionDecl *FD) {
  int Low = INT_MAX;
  const Summary *S = summaryImpl(FD, Low);
  if (Low < LowSeen)
    LowSeen = Low;
  return S;
}

const Summary *Analyzer::summaryImpl(const FunctionDecl *FD, int &Low) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def) {
    const Summary *Stored = storedSummary(FD);
    StoredSeen |= Stored != nullptr;
    return Stored;
  }
  auto It = States.find(Def);
  if (It != States.end()) {
    // In progress, its flag may still be set; the component's members are
    // joined when it is done (below).
    StoredSeen |= It->second.UsesStored;
    if (It->second.Done)
      return &It->second.S;
    if (It->second.Depth >= 0) {
      Low = It->second.Depth; // recursion: use the current approximation
      return &It->second.S;
    }
    // A member of a component already analysed in the root's current
    // iteration: reuse it (the root iterates until nothing changes).
    int TL = It->second.TentativeLow;
    if (TL >= 0 && static_cast<size_t>(TL) < IterIds.size() &&
        IterIds[TL] == It->second.TentativeIter) {
      Low = TL;
      return &It->second.S;
    }
  }
  if (Stack.size() >= Opts.MaxCallDepth) {
    ++DepthCuts;
    return nullptr;
  }

  int D = static_cast<int>(Stack.size());
  States[Def].Depth = D;
  // Recursive calls see the optimistic start: no parameter leaks.
  if (States[Def].S.Params.size() != numParams(Def))
    States[Def].S.Params.assign(numParams(Def), ParamLeaks());
  Stack.push_back(Def);
  size_t TentativeBefore = Tentative.size();
  int MyLow = INT_MAX;
  bool OuterChanged = SccChanged;
  if (IterIds.size() <= static_cast<size_t>(D))
    IterIds.resize(D + 1, 0);
  for (unsigned Iter = 0;; ++Iter) {
    IterIds[D] = ++IterCounter;
    int SavedLow = LowSeen;
    LowSeen = INT_MAX;
    bool SavedStored = StoredSeen;
    StoredSeen = false;
    SccChanged = false;
    unsigned CutsBefore = DepthCuts;
    std::unique_ptr<FunctionResult> R = build(Def);
    bool Cut = DepthCuts != CutsBefore;
    int ThisLow = LowSeen;
    LowSeen = SavedLow;
    bool ThisStored = StoredSeen;
    StoredSeen = SavedStored;
    SummaryState &St = States[Def];
    St.UsesStored |= ThisStored;
    Summary Joined = St.S;
    if (Joined.Params.size() != R->S.Params.size())
      Joined = R->S;
    else
      for (unsigned I = 0; I < Joined.Params.size(); ++I)
        Joined.Params[I].add(R->S.Params[I]);
    Joined.ResultOpaque |= R->S.ResultOpaque;
    Joined.ResultIdentityEscapes |= R->S.ResultIdentityEscapes;
    bool Changed = Joined != St.S;
    St.S = Joined;
    // Kept as the function's result once its summary is final, unless a
    // callee was cut off by the depth limit here but not at the top.
    St.Last = Cut ? nullptr : std::move(R);
    bool AnyChanged = Changed || SccChanged;
    MyLow = ThisLow;
    if (ThisLow < D) {
      // Part of a component rooted further up: the root iterates.
      OuterChanged |= Changed;
      break;
    }
    if (ThisLow == D && AnyChanged) {
      if (Iter + 1 >= Opts.MaxSccIterations) {
        // Given up: the graphs were solved with summaries that are not
        // final, so none of them is a result.
        St.S = Summary::leakAll(numParams(Def));
        St.Last.reset();
        for (size_t I = TentativeBefore; I < Tentative.size(); ++I) {
          States[Tentative[I]].S = Summary::leakAll(numParams(Tentative[I]));
          States[Tentative[I]].Last.reset();
        }
        break;
      }
      Tentative.resize(TentativeBefore); // members are analysed again
      continue;
    }
    break;
  }
  SccChanged = OuterChanged;
  Stack.pop_back();
  SummaryState &St = States[Def];
  St.Depth = -1;
  if (Opts.DebugSummaries)
    llvm::errs() << "clang-escape: summary " << Def->getQualifiedNameAsString()
                 << (MyLow < D ? " (tentative)" : "") << ": " << St.S.encode()
                 << "\n";
  if (MyLow < D) {
    Tentative.push_back(Def);
    Low = MyLow;
    St.TentativeLow = MyLow;
    St.TentativeIter = IterIds[MyLow];
  } else {
    St.TentativeLow = -1;
    St.Done = true;
    keepResult(Def, St);
    // A component's summaries were computed from one another: if one rests
    // on a stored summary, they all do.
    bool AnyStored = St.UsesStored;
    for (size_t I = TentativeBefore; I < Tentative.size(); ++I)
      AnyStored |= States[Tentative[I]].UsesStored;
    St.UsesStored = AnyStored;
    for (size_t I = TentativeBefore; I < Tentative.size(); ++I) {
      SummaryState &M = States[Tentative[I]];
      M.Done = true;
      M.UsesStored = AnyStored;
      keepResult(Tentative[I], M);
    }
    Tentative.resize(TentativeBefore);
  }
  StoredSeen |= States[Def].UsesStored;
  return &States[Def].S;
}

const Summary *Analyzer::storedSummary(const FunctionDecl *FD) const {
  return Opts.Store && SummaryStore::importable(FD) ? Opts.Store->lookup(FD)
                                                    : nullptr;
}

bool Analyzer::usesStored(const FunctionDecl *FD) {
  summaryOf(FD);
  if (const FunctionDecl *Def = definitionOf(FD)) {
    auto It = States.find(Def);
    return It != States.end() && It->second.UsesStored;
  }
  return storedSummary(FD) != nullptr;
}

void Analyzer::keepResult(const FunctionDecl *Def, SummaryState &St) {
  // Library functions are summarised, never reported: drop their graphs.
  if (St.Last &&
      !Ctx.getSourceManager().isInSystemHeader(
          Ctx.getSourceManager().getExpansionLoc(Def->getLocation())))
    Results[Def] = std::move(St.Last);
  St.Last.reset();
}

const FunctionResult &Analyzer::result(const FunctionDecl *FD) {
  // Summaries first, so recursion is resolved; the graph that gave FD its
  // final summary is its result.
  summaryOf(FD);
  const FunctionDecl *Def = definitionOf(FD);
  auto It = Results.find(Def ? Def : FD);
  if (It != Results.end())
    return *It->second;
  // No kept graph (no summary: a weak function, a library function; or the
  // summary's build met the depth limit): built here, at the top.
  int SavedLow = LowSeen;
  std::unique_ptr<FunctionResult> R = build(FD);
  LowSeen = SavedLow;
  return *(Results[Def ? Def : FD] = std::move(R));
}

const ValueDecl *FunctionResult::declOf(int Loc) const {
  while (Loc >= 0 && static_cast<size_t>(Loc) < G.Locs.size()) {
    auto It = DeclOf.find(Loc);
    if (It != DeclOf.end())
      return It->second;
    Loc = G.Locs[Loc].Parent;
  }
  return nullptr;
}

// Can the library hand a key of type Key (as `const Key&`) to a
// parameter of type T without running user code on it, the parameter
// then being the key itself or a copy of its scalar value? A reference
// binds the key itself (or, for a scalar key, a copy of its value); a
// pointer, arithmetic or enumeration parameter takes a copy of a scalar
// key (a pointer: never a class key's conversion function). A class by
// value (a copy constructor, a converting constructor) or a class key
// bound to a reference of another type (a base, a conversion) is refused.
static bool bindsKeyPlainly(ASTContext &Ctx, QualType T, QualType Key) {
  T = T.getCanonicalType();
  Key = Key.getCanonicalType();
  if (const auto *R = T->getAs<ReferenceType>())
    return Key->isScalarType()
               ? R->getPointeeType()->isScalarType()
               : Ctx.hasSameUnqualifiedType(R->getPointeeType(), Key);
  return Key->isScalarType() && T->isScalarType() && !T->isMemberPointerType();
}

// Does the user class RD (a container's functor, library::KeyFunctor::User)
// only read the keys it is called on? Every operator() overload of the
// class itself (C++ name lookup stops there: a base's are hidden; none
// declared here, or one brought by a using-declaration, is refused) is a
// plain member function, not a template nor variadic, with a summary
// (summaryOf; with \p AllowStored it may rest on another unit's, else
// not: !usesStored), and every parameter takes the key plainly
// (bindsKeyPlainly) and, if it is a pointer or a reference, is not
// captured and nothing loaded from it is captured or freed
// (ParamLeaks::notCaptured and contentNotCapturedNorFreed); \p Reachable
// tells whether nothing reachable from them, at any level, is captured or
// freed either (nothingReachableCapturedNorFreed). The functor's
// own `this` is not checked: the key reaching it shows in the key
// parameter's Content. A class with a conversion function is refused
// unless it is a lambda's closure (a call `f(k)` may pick a surrogate
// through a conversion to a function pointer; a closure's calls its own
// body).
bool Analyzer::provenKeyReader(const CXXRecordDecl *RD, QualType Key,
                               bool AllowStored, bool &Reachable) {
  Reachable = true;
  RD = RD->getDefinition();
  if (!RD || RD->isUnion() ||
      (!RD->isLambda() && !RD->getVisibleConversionFunctions().empty()))
    return false;
  DeclContext::lookup_result Ops =
      RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call));
  if (Ops.empty())
    return false;
  for (const NamedDecl *ND : Ops) {
    const auto *Op = dyn_cast<CXXMethodDecl>(ND);
    if (!Op || Op->getDescribedFunctionTemplate() || Op->isVariadic() ||
        Op->isDeleted())
      return false;
    if (!AllowStored && usesStored(Op))
      return false;
    const Summary *S = summaryOf(Op);
    if (!S || S->Params.size() != Analyzer::numParams(Op))
      return false;
    unsigned First = Analyzer::hasThis(Op) ? 1 : 0;
    for (unsigned I = 0; I < Op->getNumParams(); ++I) {
      QualType T = Op->getParamDecl(I)->getType();
      if (!bindsKeyPlainly(Ctx, T, Key))
        return false;
      const ParamLeaks &L = S->Params[First + I];
      if (!T->isPointerType() && !T->isReferenceType())
        continue;
      if (!(L.notCaptured() && L.contentNotCapturedNorFreed()))
        return false;
      Reachable &= L.nothingReachableCapturedNorFreed();
    }
  }
  return true;
}
