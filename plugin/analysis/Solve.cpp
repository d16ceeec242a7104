//===- Solve.cpp - Solving the location graph -----------------------------===//
//
// Two phases. First the stores `*p = v` are connected to the locations p may
// point to, until no store finds a new target (the targets of all stores are
// computed at once, over the strongly connected components of the graph).
// Then the graph is walked backwards from the roots, as Go's
// (*batch).walkAll does, marking what escapes and recording parameter leaks;
// roots of the same kind share one walk. Both phases cost about the size of
// the graph per round (issue 18: linear in the function's size).
//
//===----------------------------------------------------------------------===//
#include "analysis/Escape.h"

#include <algorithm>
#include <climits>
#include <iterator>
#include <tuple>

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
    buildArcs(); // the final edges, for both walks of findReach
    findFrees();
    findCaptures();
  }
  Buf = PointsToBuffers();
  if (GaveUp) {
    Reason Why = Locs[HeapLoc].Cause;
    for (Location &L : Locs) {
      if (L.Kind == LocKind::Blank)
        continue;
      if (!L.Escapes) {
        L.Escapes = true;
        L.Cause = Why;
      }
    }
    for (ParamLeaks &P : ParamLeaksOf) {
      P.Heap = 0;
      P.Free = 0;
      P.Capture = 0;
      P.CaptureBesidesResult = 0;
      P.ContentOpaque = true;
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

// A store connects its slot to each target of its pointer. When many
// stores share a large set of targets (a big function storing through
// pointers that may point to any of many objects), edge per store and
// target would be quadratic: such stores go through one hub slot per set
// of targets instead, which flows into each target. The walks see the same
// counts either way (slots are transparent), so the verdicts are the same.
static constexpr size_t HubThreshold = 256;

bool Graph::resolveStores() {
  std::vector<int> SetOf; // by store: its set of targets (Sets)
  std::vector<std::vector<int>> Sets;
  pointsTo(SetOf, Sets);
  if (GaveUp)
    return false;
  // A write to a split object is a write to the whole.
  for (std::vector<int> &Set : Sets) {
    bool Split = false;
    for (int &T : Set)
      if (Locs[T].WriteTo >= 0) {
        T = Locs[T].WriteTo;
        Split = true;
      }
    if (Split) {
      std::sort(Set.begin(), Set.end());
      Set.erase(std::unique(Set.begin(), Set.end()), Set.end());
    }
  }
  std::vector<size_t> Uses(Sets.size(), 0);
  for (int Id : SetOf)
    ++Uses[Id];
  bool Changed = false;
  std::vector<int> Missing;
  // The hub of each set, looked up once per set rather than once per store.
  std::vector<std::map<std::vector<int>, int>::iterator> HubOf(Sets.size(),
                                                               HubBySet.end());
  for (unsigned I = 0; I < Stores.size(); ++I) {
    const std::vector<int> &Set = Sets[SetOf[I]];
    size_t N = Uses[SetOf[I]];
    if (N >= 2 && Set.size() >= 2 && N * Set.size() >= HubThreshold) {
      auto &It = HubOf[SetOf[I]];
      if (It == HubBySet.end()) {
        bool New;
        std::tie(It, New) = HubBySet.try_emplace(Set, -1);
        if (New) {
          It->second = newLocation(LocKind::Slot, "*ptr", 0, 0);
          for (int T : Set)
            Locs[T].In.push_back(Edge{It->second, 0, -1});
          Changed = true;
        }
      }
      StoreRec &S = Stores[I];
      if (S.Hub != It->second) {
        S.Hub = It->second;
        S.HubTargets = &It->first;
        Locs[S.Hub].In.push_back(Edge{S.Slot, 0, -1});
        Changed = true;
      }
      continue;
    }
    StoreRec &S = Stores[I];
    Missing.clear();
    std::set_difference(Set.begin(), Set.end(), S.Targets.begin(),
                        S.Targets.end(), std::back_inserter(Missing));
    for (int T : Missing) {
      Edge E;
      E.Src = S.Slot;
      E.Derefs = 0;
      Locs[T].In.push_back(E);
    }
    if (!Missing.empty()) {
      std::vector<int> Merged;
      std::merge(S.Targets.begin(), S.Targets.end(), Missing.begin(),
                 Missing.end(), std::back_inserter(Merged));
      S.Targets = std::move(Merged);
      Changed = true;
    }
  }
  return Changed;
}

// What the pointer of each store may point to, for all stores at once. A
// state (X, d) says "the pointer may be X's value dereferenced d times"
// (d = -1: X's address). The edge X <- S with k dereferences leads from
// (X, d >= 0) to (S, d + k); an address is a target and is not followed
// further. Values that come from outside the function point to what a
// parameter points to, or to the heap. The targets of a state are its own
// and those of the states it leads to: the strongly connected components
// of the states are found (Tarjan) and their sets built once each, from
// the components they lead to, so the cost is linear in the states and
// their edges plus the size of the sets built (shared where a component
// adds nothing to the one it leads to).
// The edges, by destination, in one array (the walks read every edge of a
// location once per dereference level: contiguous edges cost far fewer cache
// misses than the locations' own vectors).
void Graph::buildArcs() {
  size_t N = Locs.size();
  std::vector<unsigned> &First = Buf.First;
  First.assign(N + 1, 0);
  for (size_t L = 0; L < N; ++L)
    First[L + 1] = First[L] + static_cast<unsigned>(Locs[L].In.size());
  std::vector<Arc> &Arcs = Buf.Arcs;
  Arcs.resize(First[N]);
  for (size_t L = 0; L < N; ++L) {
    Arc *Out = Arcs.data() + First[L];
    for (const Edge &E : Locs[L].In)
      *Out++ = {E.Src, E.Derefs};
  }
}

void Graph::pointsTo(std::vector<int> &SetOf,
                     std::vector<std::vector<int>> &Sets) {
  constexpr int MaxDerefs = 6, Levels = MaxDerefs + 2;
  size_t N = Locs.size();
  Sets.assign(1, {}); // 0: no targets
  SetOf.assign(Stores.size(), 0);
  buildArcs();
  const std::vector<unsigned> &First = Buf.First;
  const std::vector<Arc> &Arcs = Buf.Arcs;
  // The most dereferences of an edge into each location (AddOwn).
  std::vector<int> MostDerefs(N, INT_MIN);
  for (size_t L = 0; L < N; ++L)
    for (unsigned A = First[L]; A < First[L + 1]; ++A)
      MostDerefs[L] = std::max(MostDerefs[L], Arcs[A].Derefs);
  struct ArcRange {
    const Arc *B, *E;
    const Arc *begin() const { return B; }
    const Arc *end() const { return E; }
  };
  auto ArcsOf = [&](int L) {
    return ArcRange{Arcs.data() + First[L], Arcs.data() + First[L + 1]};
  };
  // The states of a location are met together (a location reached at one
  // level is mostly reached at the others too), so they are numbered in
  // blocks of Levels, a block per location met: state (L, D) is
  // Block[L] * Levels + D + 1. Only the locations a search meets take room
  // (on large functions about half of them, and a handful in the first
  // pass), and the arrays keep their capacity from one pass to the next.
  std::vector<int> &Block = Buf.Block, &BlockLoc = Buf.BlockLoc;
  std::vector<StateRec> &States = Buf.States;
  Block.assign(N, -1);
  BlockLoc.clear();
  States.clear();
  // The state (L, D), making L's block if L was not met yet.
  auto Make = [&](int L, int D) {
    if (Block[L] < 0) {
      Block[L] = static_cast<int>(BlockLoc.size());
      BlockLoc.push_back(L);
      States.resize(States.size() + Levels);
    }
    return Block[L] * Levels + D + 1;
  };
  // The state (L, D) of a location already met.
  auto State = [&](int L, int D) { return Block[L] * Levels + D + 1; };
  auto Next = [&](int D, const Arc &E) {
    return std::max(D + E.Derefs, -1); // > MaxDerefs: unknown (the heap)
  };
  // The targets a state has of its own; may add a parameter's pointee.
  std::vector<int> Own;
  auto AddOwn = [&](int L, int D) {
    if (D < 0) {
      if (Locs[L].Kind != LocKind::Blank && Locs[L].Kind != LocKind::Slot)
        Own.push_back(L);
      return;
    }
    switch (Locs[L].Kind) {
    case LocKind::Param: {
      bool Escaped = Locs[L].Escapes;
      Own.push_back(D == 0 ? paramContent(Locs[L].ParamIndex) : HeapLoc);
      if (Escaped)
        Own.push_back(HeapLoc);
      break;
    }
    case LocKind::Heap:
    case LocKind::Global:
    case LocKind::ParamContent:
    case LocKind::Result:
      Own.push_back(HeapLoc);
      break;
    default:
      // Something that escaped may be written by code we do not see.
      if (escapesOrParent(L))
        Own.push_back(HeapLoc);
      break;
    }
    if (MostDerefs[L] != INT_MIN && D + MostDerefs[L] > MaxDerefs)
      Own.push_back(HeapLoc); // too deep to follow: unknown
  };
  struct Frame {
    int S, L, D;
    unsigned Edge;
  };
  std::vector<Frame> Frames;
  std::vector<int> Tarjan, Members, Succ;
  std::vector<unsigned> SetSeen(1, 0);
  unsigned Gen = 0;
  int Counter = 0;
  auto Visit = [&](int S, int L, int D) {
    States[S].Index = States[S].Low = Counter++;
    Tarjan.push_back(S);
    Frames.push_back({S, L, D, First[L]});
    return ++Steps <= Lim.MaxWalkSteps;
  };
  // Closes the component rooted at state S: its set is built from its own
  // targets and the sets of the components it leads to.
  auto Close = [&](int S) {
    Members.clear();
    int M;
    do {
      M = Tarjan.back();
      Tarjan.pop_back();
      States[M].Comp = StateRec::Closing;
      Members.push_back(M);
    } while (M != S);
    Own.clear();
    Succ.clear();
    ++Gen;
    for (int MS : Members) {
      int L = BlockLoc[MS / Levels], D = MS % Levels - 1;
      AddOwn(L, D);
      if (D < 0)
        continue;
      for (const Arc &E : ArcsOf(L)) {
        int ND = Next(D, E);
        if (ND > MaxDerefs)
          continue;
        // Met: every edge of a member was followed before it was closed.
        int C = States[State(E.Src, ND)].Comp;
        if (C > 0 && SetSeen[C] != Gen) {
          SetSeen[C] = Gen;
          Succ.push_back(C);
        }
      }
    }
    int Id = 0;
    if (Own.empty() && Succ.size() == 1) {
      Id = Succ[0]; // adds nothing: share the set
    } else if (!Own.empty() || !Succ.empty()) {
      std::vector<int> Set = Own;
      for (int C : Succ)
        Set.insert(Set.end(), Sets[C].begin(), Sets[C].end());
      std::sort(Set.begin(), Set.end());
      Set.erase(std::unique(Set.begin(), Set.end()), Set.end());
      Sets.push_back(std::move(Set));
      SetSeen.push_back(0);
      Id = static_cast<int>(Sets.size() - 1);
    }
    for (int MS : Members)
      States[MS].Comp = Id;
  };
  for (unsigned I = 0; I < Stores.size(); ++I) {
    int Rep = representative(Stores[I].Ptr);
    if (Rep < 0) {
      Sets.push_back({HeapLoc});
      SetSeen.push_back(0);
      SetOf[I] = static_cast<int>(Sets.size() - 1);
      continue;
    }
    int S0 = Make(Rep, 0);
    if (States[S0].Index < 0 && !Visit(S0, Rep, 0)) {
      giveUp(Reason::TooComplex);
      return;
    }
    while (!Frames.empty()) {
      Frame &F = Frames.back();
      if (F.D >= 0 && F.Edge < First[F.L + 1]) {
        const Arc &E = Arcs[F.Edge++];
        int ND = Next(F.D, E);
        if (ND > MaxDerefs)
          continue;
        int S = F.S, T = Make(E.Src, ND);
        // (F may dangle once Visit grows Frames.)
        if (States[T].Index < 0) {
          if (!Visit(T, E.Src, ND)) {
            giveUp(Reason::TooComplex);
            return;
          }
        } else if (States[T].onStack()) {
          States[S].Low = std::min(States[S].Low, States[T].Index);
        }
        continue;
      }
      int S = F.S;
      Frames.pop_back();
      if (!Frames.empty()) {
        int &Up = States[Frames.back().S].Low;
        Up = std::min(Up, States[S].Low);
      }
      if (States[S].Low == States[S].Index)
        Close(S);
    }
    SetOf[I] = States[State(Rep, 0)].Comp;
  }
}

std::vector<int> Graph::storeTargets(int Slot) const {
  for (const StoreRec &S : Stores) {
    if (S.Slot != Slot)
      continue;
    if (!S.HubTargets)
      return S.Targets;
    std::vector<int> Out;
    std::set_union(S.Targets.begin(), S.Targets.end(), S.HubTargets->begin(),
                   S.HubTargets->end(), std::back_inserter(Out));
    return Out;
  }
  return {};
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
void Graph::findFrees() { findReach(FreedLoc, &ParamLeaks::Free); }

// What may be captured in LLVM's sense: the same walk from Captured. What
// is kept anywhere that outlives the call (heap, result, any parameter's
// pointee, its own included) is captured too. Capture counts the result,
// CaptureBesidesResult does not (the content-returned fact).
void Graph::findCaptures() {
  findReach(CapturedLoc, &ParamLeaks::CaptureBesidesResult);
  for (ParamLeaks &P : ParamLeaksOf) {
    P.Capture = P.CaptureBesidesResult;
    ParamLeaks::addTo(P.Capture, P.Result);
  }
}

void Graph::findReach(int Root, int ParamLeaks::*Slot) {
  if (Root >= 0) {
    const std::vector<unsigned> &First = Buf.First;
    const std::vector<Arc> &Arcs = Buf.Arcs;
    std::vector<int> Dist(Locs.size(), INT_MAX); // the least count so far
    // A location is on the stack at most once: it is walked with its count
    // when it is popped, which is then the least count so far, and pushed
    // again only if its count goes down after that. So the stack holds at
    // most one entry per location, and the counts reach the same fixed
    // point as when every decrease pushed a new entry.
    std::vector<char> Queued(Locs.size(), 0);
    Dist[Root] = 0;
    Queued[Root] = 1;
    std::vector<int> Stack{Root};
    while (!Stack.empty()) {
      if (++Steps > Lim.MaxWalkSteps) {
        giveUp(Reason::TooComplex);
        return;
      }
      int LI = Stack.back();
      Stack.pop_back();
      Queued[LI] = 0;
      int Derefs = std::max(Dist[LI], 0);
      if (Locs[LI].Kind == LocKind::Param)
        ParamLeaks::addTo(leaks(LI).*Slot, Derefs);
      for (unsigned A = First[LI]; A < First[LI + 1]; ++A) {
        int D = Derefs + Arcs[A].Derefs;
        int Src = Arcs[A].Src;
        if (D < Dist[Src]) {
          Dist[Src] = D;
          if (!Queued[Src]) {
            Queued[Src] = 1;
            Stack.push_back(Src);
          }
        }
      }
    }
  }
  for (ParamLeaks &P : ParamLeaksOf) {
    ParamLeaks::addTo(P.*Slot, P.Heap);
    for (int C : P.Content)
      ParamLeaks::addTo(P.*Slot, C);
  }
}

void Graph::markOpaque(const Location &Root) {
  if (Root.Kind == LocKind::ParamContent && Root.ParamIndex >= 0)
    markContentOpaque(Root.ParamIndex);
  else if (Root.Kind == LocKind::Result)
    ResultOpaque = true;
}

// The walks. Go's walkAll walks once from every location; that is
// quadratic in the size of a function. What a walk from root R does depends
// only on what kind of root R is, so roots of the same kind are walked
// together, as one walk from many sources:
//
//  - every escaping location (the heap, globals, what escaped) marks what
//    its address reaches as escaping, and leaks parameters to the heap: one
//    walk, to which every location found escaping is added as a source;
//  - the result, and what each parameter points to, leak parameters to
//    themselves and make themselves opaque: one walk each;
//  - a location that is not escaping makes what its address reaches from a
//    deeper loop loop-carried: one walk per loop depth, from every such
//    location shallower than it.
//
// A walk keeps, for every location, the least dereference count at which
// it reaches one of the sources, as Go's walkOne does for one root (the
// least over the sources is what any of them would find). A location is
// walked again only when its count goes down; counts are bounded below by
// -1, so each walk costs a few passes over the edges. The step each
// location takes towards a source is kept, and the paths of the locations
// a walk marked are recorded at its end, sharing their suffixes (Links).
struct Graph::Walk {
  enum KindT { Escape, Loop } K = Escape;
  /// Escape walks: the root the leaks and opaque marks are for (the heap
  /// for the walk from every escaping location).
  int Root = -1;
  /// Loop walks: the sources are shallower than this; what is at least
  /// this deep is marked.
  int MinDepth = 0;
  std::vector<int> Dist, Dst, DstEdge;
  std::vector<char> Source;
  std::vector<int> Stack;
  /// A location whose path is to be recorded, and its first step.
  struct Mark {
    int Loc, Dst, Edge;
  };
  std::vector<Mark> Marked;
  std::vector<int> Escaped; ///< locations this walk found escaping

  Walk(KindT K, int Root, size_t N) : K(K), Root(Root) {
    Dist.assign(N, INT_MAX);
    Dst.assign(N, -1);
    DstEdge.assign(N, -1);
    Source.assign(N, 0);
  }
};

void Graph::addSource(Walk &W, int Loc) {
  W.Source[Loc] = 1;
  W.Dist[Loc] = std::min(W.Dist[Loc], 0);
  W.Stack.push_back(Loc);
}

void Graph::runWalk(Walk &W) {
  bool Esc = W.K == Walk::Escape;
  const Location *R = W.Root >= 0 ? &Locs[W.Root] : nullptr;
  while (!W.Stack.empty()) {
    if (++Steps > Lim.MaxWalkSteps) {
      giveUp(Reason::TooComplex);
      return;
    }
    int LI = W.Stack.back();
    W.Stack.pop_back();
    Location &L = Locs[LI];
    int Derefs = W.Dist[LI];
    bool AddressOf = Derefs < 0;
    if (AddressOf)
      Derefs = 0; // root = &l; l = x: x's address does not flow to root.

    if (!W.Source[LI] && Esc) {
      // The root receives the address of an object of this frame: for a
      // caller, what the result or the parameter's pointee holds is then
      // memory it does not know.
      if (AddressOf && L.Kind != LocKind::Slot && L.Kind != LocKind::Temp)
        markOpaque(*R);
      if (AddressOf && !L.Escapes && L.Kind != LocKind::Slot) {
        L.Escapes = true;
        W.Marked.push_back({LI, W.Dst[LI], W.DstEdge[LI]});
        W.Escaped.push_back(LI);
        if (W.Root == HeapLoc)
          addSource(W, LI); // walked again as a source
        continue;
      }
    } else if (!W.Source[LI] && AddressOf && L.LoopDepth >= W.MinDepth &&
               !L.LoopCarried && !L.Escapes) {
      L.LoopCarried = true;
      W.Marked.push_back({LI, W.Dst[LI], W.DstEdge[LI]});
    }

    for (unsigned I = 0; I < L.In.size(); ++I) {
      const Edge &E = L.In[I];
      Location &Src = Locs[E.Src];
      // What escapes is a source of the heap walk. A part of an escaping
      // object is walked from that object (and its other parts) only.
      bool PartOfEscaping =
          Src.Parent >= 0 && Locs[Src.Parent].Escapes &&
          !(W.Root == HeapLoc ? LI == Src.Parent || L.Parent == Src.Parent
                              : Src.Parent == W.Root);
      if ((Src.Escapes || PartOfEscaping) && Src.Kind != LocKind::Param) {
        // Unknown pointers flow into the result or a parameter's pointee.
        if (Esc)
          markOpaque(*R);
        continue;
      }
      int D = Derefs + E.Derefs;
      if (Esc && Src.Kind == LocKind::Param && E.Src != LI) {
        leakTo(E.Src, W.Root, std::max(D, 0));
        if (Src.Why == -1) {
          Src.Why = -2; // recorded at the end of the walk
          W.Marked.push_back({E.Src, LI, static_cast<int>(I)});
        }
      }
      if (D < W.Dist[E.Src]) {
        W.Dist[E.Src] = D;
        // A self-edge (x = &x) lowers the count but is no step of a path.
        if (E.Src != LI) {
          W.Dst[E.Src] = LI;
          W.DstEdge[E.Src] = static_cast<int>(I);
        }
        W.Stack.push_back(E.Src);
      }
    }
  }
}

// The path of every location the walk marked: its step towards a source,
// then the path of where that step leads, up to a source (whose own path,
// if it has one, explain() follows). Memoised: one link per location.
void Graph::recordPaths(Walk &W) {
  constexpr int Unknown = -3, OnChain = -4;
  std::vector<int> Memo(Locs.size(), Unknown);
  std::vector<int> Chain;
  // The path from L to a source, built from the end.
  auto Head = [&](int L) {
    Chain.clear();
    int Cur = L;
    while (Cur >= 0 && !W.Source[Cur] && W.Dst[Cur] >= 0 &&
           Memo[Cur] == Unknown) {
      Memo[Cur] = OnChain;
      Chain.push_back(Cur);
      Cur = W.Dst[Cur];
    }
    // A cycle of steps (counts that went down around it) ends the path.
    int Next = Cur >= 0 && Memo[Cur] >= -1 ? Memo[Cur] : -1;
    for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
      Links.push_back({W.Dst[*It], W.DstEdge[*It], Next});
      Next = static_cast<int>(Links.size() - 1);
      Memo[*It] = Next;
    }
    return L >= 0 && Memo[L] >= -1 ? Memo[L] : -1;
  };
  // The last mark of a location wins (a parameter that also escapes is
  // explained by its escape).
  for (const Walk::Mark &M : W.Marked) {
    if (M.Dst < 0) {
      Locs[M.Loc].Why = -1;
      continue;
    }
    int Next = Head(M.Dst);
    Links.push_back({M.Dst, M.Edge, Next});
    Locs[M.Loc].Why = static_cast<int>(Links.size() - 1);
  }
  W.Marked.clear();
}

void Graph::walkAll() {
  size_t N = Locs.size();
  auto Single = [&](int Root) {
    return Locs[Root].Kind == LocKind::Result ||
           Locs[Root].Kind == LocKind::ParamContent;
  };
  // Everything that escapes, but the result and parameters' pointees,
  // which are walked on their own (their leaks and opaque marks are theirs).
  Walk H(Walk::Escape, HeapLoc, N);
  for (unsigned I = 0; I < N; ++I)
    if (Locs[I].Escapes && !Single(I))
      addSource(H, static_cast<int>(I));
  runWalk(H);
  recordPaths(H);
  std::vector<int> Singles{ResultLoc};
  for (int C : ParamContents)
    if (C >= 0)
      Singles.push_back(C);
  // Walked once not escaping and once more if found escaping.
  std::vector<char> WalkedAs(N, 0);
  for (bool Changed = true; Changed && !GaveUp;) {
    Changed = false;
    for (int Root : Singles) {
      char As = Locs[Root].Escapes ? 2 : 1;
      if (WalkedAs[Root] >= As || GaveUp)
        continue;
      WalkedAs[Root] = As;
      Changed = true;
      Walk W(Walk::Escape, Root, N);
      addSource(W, Root);
      runWalk(W);
      recordPaths(W);
      for (int E : W.Escaped)
        if (!Single(E))
          addSource(H, E);
      runWalk(H);
      recordPaths(H);
    }
  }
  if (GaveUp)
    return;
  // Loop-carried: per loop depth, from every location that is not
  // escaping and can outlive a deeper one.
  int MaxDepth = 0;
  for (const Location &L : Locs)
    MaxDepth = std::max(MaxDepth, L.LoopDepth);
  for (int Depth = 1; Depth <= MaxDepth && !GaveUp; ++Depth) {
    Walk W(Walk::Loop, -1, N);
    W.MinDepth = Depth;
    for (unsigned I = 0; I < N; ++I) {
      const Location &L = Locs[I];
      if (!L.Escapes && L.LoopDepth < Depth &&
          (L.Kind == LocKind::Variable || L.Kind == LocKind::Param ||
           L.Kind == LocKind::Alloc))
        addSource(W, static_cast<int>(I));
    }
    runWalk(W);
    recordPaths(W);
  }
}

void Graph::leakTo(int Param, int Root, int Derefs) {
  const Location &R = Locs[Root];
  ParamLeaks &P = leaks(Param);
  if (R.Kind == LocKind::Result && !R.Escapes)
    ParamLeaks::addTo(P.Result, Derefs);
  else if (R.Kind == LocKind::ParamContent && !R.Escapes)
    P.setContent(R.ParamIndex, Derefs);
  else
    ParamLeaks::addTo(P.Heap, Derefs);
}

Summary Graph::summary(unsigned NumParams) const {
  if (GaveUp)
    return Summary::leakAll(NumParams);
  Summary S;
  S.Params.resize(NumParams);
  for (const Location &L : Locs)
    if (L.Kind == LocKind::Param && L.ParamIndex >= 0 &&
        static_cast<unsigned>(L.ParamIndex) < NumParams)
      S.Params[L.ParamIndex].add(ParamLeaksOf[L.LeaksIndex]);
  for (unsigned I = 0; I < ContentOpaque.size() && I < NumParams; ++I)
    if (ContentOpaque[I])
      S.Params[I].ContentOpaque = true;
  S.ResultOpaque = ResultOpaque;
  S.ResultIdentityEscapes = ResultIdentityEscapes;
  return S;
}
