//===- Solve.cpp - Solving the location graph -----------------------------===//
//
// Two phases. First the stores `*p = v` are connected to the locations p may
// point to, until no store finds a new target. Then every location is taken
// as a root and the graph is walked backwards from it, as Go's
// (*batch).walkAll does, marking what escapes and recording parameter leaks.
//
//===----------------------------------------------------------------------===//
#include "analysis/Escape.h"

#include <algorithm>

using namespace escape;

void Graph::solve() {
  if (!GaveUp && overBudget())
    giveUp(Reason::TooComplex);
  // Stores are connected to their targets, then the graph is walked. A walk
  // can show that a store's target escapes; its content is then unknown
  // (other code can write into it), so such stores also go to the heap and
  // the graph is walked again. Edges are only ever added, so this ends.
  for (unsigned Round = 0; !GaveUp; ++Round) {
    unsigned StoreRound = 0;
    while (resolveStores() && !GaveUp) {
      if (++StoreRound >= Lim.MaxStoreRounds) {
        // Too many rounds: stores go to the heap. Sound, just imprecise.
        for (StoreRec &S : Stores)
          flow(hole(HeapLoc), S.Slot);
        break;
      }
    }
    if (GaveUp)
      break;
    walkAll();
    if (GaveUp || !resolveStores())
      break;
    if (Round >= Lim.MaxStoreRounds)
      giveUp(Reason::TooComplex);
  }
  if (!GaveUp) {
    findResultIdentity();
    findFrees();
    findCaptures();
  }
  if (GaveUp) {
    Reason Why = Locs[HeapLoc].Cause;
    for (Location &L : Locs) {
      if (L.Kind == LocKind::Blank)
        continue;
      if (!L.Escapes) {
        L.Escapes = true;
        L.Cause = Why;
      }
      if (L.Kind == LocKind::Param) {
        L.Leaks.Heap = 0;
        L.Leaks.Free = 0;
        L.Leaks.Capture = 0;
        L.Leaks.ContentOpaque = true;
      }
    }
  }
}

// Stores through the same pointer share one walk: a temporary that only
// copies another location (one edge, no dereference) points where that
// location points, so walks start from the end of such chains.
int Graph::representative(int Ptr) const {
  unsigned Guard = 0;
  while (Ptr >= 0 && Locs[Ptr].In.size() == 1 && Locs[Ptr].In[0].Derefs == 0 &&
         Locs[Ptr].Kind == LocKind::Temp && Guard++ < 64)
    Ptr = Locs[Ptr].In[0].Src;
  return Ptr;
}

bool Graph::resolveStores() {
  bool Changed = false;
  std::unordered_map<int, std::vector<int>> Cache;
  for (unsigned I = 0; I < Stores.size(); ++I) {
    int Rep = representative(Stores[I].Ptr);
    auto It = Cache.find(Rep);
    if (It == Cache.end()) {
      std::vector<int> Targets;
      targetsOf(Rep, Targets);
      It = Cache.emplace(Rep, std::move(Targets)).first;
    }
    if (GaveUp)
      return false;
    for (int T : It->second) {
      StoreRec &S = Stores[I];
      if (Locs[T].WriteTo >= 0)
        T = Locs[T].WriteTo; // a split object: a write to the whole
      if (std::find(S.Targets.begin(), S.Targets.end(), T) != S.Targets.end())
        continue;
      S.Targets.push_back(T);
      Edge E;
      E.Src = S.Slot;
      E.Derefs = 0;
      Locs[T].In.push_back(E);
      Changed = true;
    }
  }
  return Changed;
}

// Everything the value of Ptr may point to. A state (X, d) says "Ptr may be
// X's value dereferenced d times" (d = -1: X's address). The edge X <- S
// with k dereferences turns (X, d >= 0) into (S, d + k); an address (d = -1)
// is a target and is not followed further. Values that come from outside
// the function point to what a parameter points to, or to the heap.
void Graph::targetsOf(int Ptr, std::vector<int> &Out) {
  constexpr int MaxDerefs = 6;
  if (Ptr < 0) {
    Out.push_back(HeapLoc);
    return;
  }
  ++WalkGen;
  if (Visited.size() < Locs.size())
    Visited.resize(Locs.size() + 64, 0);
  auto Visit = [&](int L, int D, std::vector<std::pair<int, int>> &Todo) {
    Location &Loc = Locs[L];
    if (Loc.WalkGen != WalkGen) {
      Loc.WalkGen = WalkGen;
      Visited[L] = 0;
    }
    uint16_t Bit = static_cast<uint16_t>(1u << (D + 1));
    if (Visited[L] & Bit)
      return;
    Visited[L] |= Bit;
    Todo.push_back({L, D});
  };
  auto AddTarget = [&](int T) {
    if (std::find(Out.begin(), Out.end(), T) == Out.end())
      Out.push_back(T);
  };
  std::vector<std::pair<int, int>> Todo;
  Visit(Ptr, 0, Todo);
  while (!Todo.empty()) {
    if (++Steps > Lim.MaxWalkSteps) {
      giveUp(Reason::TooComplex);
      return;
    }
    auto [LI, D] = Todo.back();
    Todo.pop_back();
    const Location &L = Locs[LI];
    if (D < 0) {
      if (L.Kind != LocKind::Blank && L.Kind != LocKind::Slot)
        AddTarget(LI);
      continue;
    }
    switch (L.Kind) {
    case LocKind::Param: {
      int Index = L.ParamIndex;
      bool Escaped = L.Escapes;
      AddTarget(D == 0 ? paramContent(Index) : HeapLoc);
      if (Escaped)
        AddTarget(HeapLoc);
      break;
    }
    case LocKind::Heap:
    case LocKind::Global:
    case LocKind::ParamContent:
    case LocKind::Result:
      AddTarget(HeapLoc);
      break;
    default:
      // Something that escaped may be written by code we do not see.
      if (escapesOrParent(LI))
        AddTarget(HeapLoc);
      break;
    }
    if (Visited.size() < Locs.size())
      Visited.resize(Locs.size() + 64, 0);
    for (const Edge &E : Locs[LI].In) {
      int ND = D + E.Derefs;
      if (ND > MaxDerefs) {
        AddTarget(HeapLoc); // too deep to follow: unknown
        continue;
      }
      Visit(E.Src, ND, Todo);
    }
  }
}

void Graph::markContentOpaque(int Index) {
  if (ContentOpaque.size() <= static_cast<unsigned>(Index))
    ContentOpaque.resize(Index + 1, false);
  ContentOpaque[Index] = true;
}

// The object a function returns by value is, after copy elision, the
// caller's object. If it is a local or temporary whose address escaped here
// (e.g. its constructor registered `this` somewhere), the caller's object
// escapes too: follow plain copies (no dereference) back from the result.
void Graph::findResultIdentity() {
  std::vector<int> Todo{ResultLoc};
  std::vector<char> Seen(Locs.size(), 0);
  Seen[ResultLoc] = 1;
  while (!Todo.empty()) {
    int LI = Todo.back();
    Todo.pop_back();
    for (const Edge &E : Locs[LI].In) {
      const Location &Src = Locs[E.Src];
      if (E.Derefs != 0 || Seen[E.Src] ||
          (Src.Kind != LocKind::Variable && Src.Kind != LocKind::Temp))
        continue;
      if (Src.Escapes) {
        ResultIdentityEscapes = true;
        return;
      }
      Seen[E.Src] = 1;
      Todo.push_back(E.Src);
    }
  }
}

// What may be freed: walk back from the Freed location as from a root,
// with the same counting (an address is the object's value, clamped to 0),
// and keep the least count at which each parameter reaches it. Freeing is
// transitive: a delete runs destructors that free what the object owns.
// What a parameter leaks to the heap or stores into caller memory may be
// freed by any code the function calls, so Free is at most those too.
void Graph::findFrees() { findReach(FreedLoc, &ParamLeaks::Free, false); }

// What may be captured in LLVM's sense: the same walk from Captured. What
// is kept anywhere that outlives the call (heap, result, any parameter's
// pointee, its own included) is captured too.
void Graph::findCaptures() {
  findReach(CapturedLoc, &ParamLeaks::Capture, true);
}

void Graph::findReach(int Root, int ParamLeaks::*Slot, bool WithResult) {
  if (Root >= 0) {
    ++WalkGen;
    Locs[Root].WalkGen = WalkGen;
    Locs[Root].WalkDerefs = 0;
    std::vector<int> Stack{Root};
    while (!Stack.empty()) {
      if (++Steps > Lim.MaxWalkSteps) {
        giveUp(Reason::TooComplex);
        return;
      }
      int LI = Stack.back();
      Stack.pop_back();
      Location &L = Locs[LI];
      int Derefs = std::max(L.WalkDerefs, 0);
      if (L.Kind == LocKind::Param)
        ParamLeaks::addTo(L.Leaks.*Slot, Derefs);
      for (const Edge &E : L.In) {
        Location &Src = Locs[E.Src];
        int D = Derefs + E.Derefs;
        if (Src.WalkGen != WalkGen || Src.WalkDerefs > D) {
          Src.WalkGen = WalkGen;
          Src.WalkDerefs = D;
          Stack.push_back(E.Src);
        }
      }
    }
  }
  for (Location &L : Locs) {
    if (L.Kind != LocKind::Param)
      continue;
    ParamLeaks::addTo(L.Leaks.*Slot, L.Leaks.Heap);
    if (WithResult)
      ParamLeaks::addTo(L.Leaks.*Slot, L.Leaks.Result);
    for (int C : L.Leaks.Content)
      ParamLeaks::addTo(L.Leaks.*Slot, C);
  }
}

void Graph::markOpaque(const Location &Root) {
  if (Root.Kind == LocKind::ParamContent && Root.ParamIndex >= 0)
    markContentOpaque(Root.ParamIndex);
  else if (Root.Kind == LocKind::Result)
    ResultOpaque = true;
}

void Graph::walkAll() {
  std::vector<int> Todo;
  for (int I = static_cast<int>(Locs.size()) - 1; I >= 0; --I)
    Todo.push_back(I);
  // Escaping locations are walked again as roots, so queue bookkeeping is
  // shared with walkOne through the Todo vector.
  while (!Todo.empty() && !GaveUp) {
    int Root = Todo.back();
    Todo.pop_back();
    walkOne(Root, Todo);
  }
}

bool Graph::outlivesFrame(int L) const {
  const Location &Loc = Locs[L];
  return Loc.Escapes || Loc.Kind == LocKind::Result ||
         Loc.Kind == LocKind::ParamContent || Loc.Kind == LocKind::Heap ||
         Loc.Kind == LocKind::Global;
}

// Does Root outlive Other within the frame, by being declared in an outer
// loop? (Go's outlives, loop-depth case.)
bool Graph::outlives(int Root, int Other) const {
  const Location &R = Locs[Root];
  switch (R.Kind) {
  case LocKind::Variable:
  case LocKind::Param:
  case LocKind::Alloc:
    return R.LoopDepth < Locs[Other].LoopDepth;
  default:
    return false;
  }
}

void Graph::leakTo(Location &Param, int Root, int Derefs) {
  const Location &R = Locs[Root];
  if (R.Kind == LocKind::Result && !R.Escapes)
    ParamLeaks::addTo(Param.Leaks.Result, Derefs);
  else if (R.Kind == LocKind::ParamContent && !R.Escapes)
    Param.Leaks.setContent(R.ParamIndex, Derefs);
  else
    ParamLeaks::addTo(Param.Leaks.Heap, Derefs);
}

void Graph::recordPath(int LI) {
  Location &L = Locs[LI];
  L.Why.clear();
  int Cur = LI;
  unsigned Guard = 0;
  std::vector<int> Seen{LI};
  while (Locs[Cur].WalkDst >= 0 && Guard++ < Locs.size()) {
    if (std::find(Seen.begin(), Seen.end(), Locs[Cur].WalkDst) != Seen.end())
      break; // a cycle: the path so far is the explanation
    Seen.push_back(Locs[Cur].WalkDst);
    L.Why.push_back(Locs[Cur].WalkDst);
    L.Why.push_back(Locs[Cur].WalkDstEdge);
    Cur = Locs[Cur].WalkDst;
  }
}

void Graph::walkOne(int Root, std::vector<int> &Todo) {
  ++WalkGen;
  Location &R0 = Locs[Root];
  R0.WalkGen = WalkGen;
  R0.WalkDerefs = 0;
  R0.WalkDst = -1;
  R0.WalkDstEdge = -1;
  const Location &R = Locs[Root];
  bool RootEscapes = outlivesFrame(Root);
  std::vector<int> Stack{Root};
  while (!Stack.empty()) {
    if (++Steps > Lim.MaxWalkSteps) {
      giveUp(Reason::TooComplex);
      return;
    }
    int LI = Stack.back();
    Stack.pop_back();
    Location &L = Locs[LI];
    int Derefs = L.WalkDerefs;
    bool AddressOf = Derefs < 0;
    if (AddressOf)
      Derefs = 0; // root = &l; l = x: x's address does not flow to root.

    if (LI != Root && RootEscapes) {
      // The root receives the address of an object of this frame: for a
      // caller, what the result or the parameter's pointee holds is then
      // memory it does not know.
      if (AddressOf && L.Kind != LocKind::Slot && L.Kind != LocKind::Temp)
        markOpaque(R);
      if (L.Kind == LocKind::Param) {
        leakTo(L, Root, Derefs);
        if (L.Why.empty())
          recordPath(LI);
      }
      if (AddressOf && !L.Escapes && L.Kind != LocKind::Slot) {
        L.Escapes = true;
        recordPath(LI);
        Todo.push_back(LI); // walk again with L as the root
        continue;
      }
    } else if (LI != Root && AddressOf && outlives(Root, LI) &&
               !L.LoopCarried && !L.Escapes) {
      L.LoopCarried = true;
      recordPath(LI);
    }

    for (unsigned I = 0; I < L.In.size(); ++I) {
      const Edge &E = L.In[I];
      Location &Src = Locs[E.Src];
      // (A part of an escaping object is walked from that object.)
      if ((Src.Escapes || (Src.Parent >= 0 && Src.Parent != Root &&
                           Locs[Src.Parent].Escapes)) &&
          Src.Kind != LocKind::Param) {
        // Unknown pointers flow into the result or a parameter's pointee.
        markOpaque(R);
        continue;
      }
      int D = Derefs + E.Derefs;
      if (Src.WalkGen != WalkGen || Src.WalkDerefs > D) {
        Src.WalkGen = WalkGen;
        Src.WalkDerefs = D;
        // A self-edge (x = &x) lowers the count but is no step of a path.
        if (E.Src != LI) {
          Src.WalkDst = LI;
          Src.WalkDstEdge = static_cast<int>(I);
        }
        Stack.push_back(E.Src);
      }
    }
  }
}

Summary Graph::summary(unsigned NumParams) const {
  if (GaveUp)
    return Summary::leakAll(NumParams);
  Summary S;
  S.Params.resize(NumParams);
  for (const Location &L : Locs)
    if (L.Kind == LocKind::Param && L.ParamIndex >= 0 &&
        static_cast<unsigned>(L.ParamIndex) < NumParams)
      S.Params[L.ParamIndex].add(L.Leaks);
  for (unsigned I = 0; I < ContentOpaque.size() && I < NumParams; ++I)
    if (ContentOpaque[I])
      S.Params[I].ContentOpaque = true;
  S.ResultOpaque = ResultOpaque;
  S.ResultIdentityEscapes = ResultIdentityEscapes;
  return S;
}
