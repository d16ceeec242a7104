//===- Dangling.cpp - Addresses of frame objects that outlive it ----------===//
#include "analysis/Dangling.h"

#include <algorithm>

using namespace escape;

std::vector<Graph::Step> Reach::path(int Loc) const {
  std::vector<Graph::Step> Out;
  std::vector<char> Seen(Derefs.size(), 0);
  for (int Cur = Loc; Cur >= 0 && NextDst[Cur] >= 0 && !Seen[Cur];
       Cur = NextDst[Cur]) {
    Seen[Cur] = 1;
    Out.push_back({NextDst[Cur], NextEdge[Cur]});
  }
  return Out;
}

static bool isRootKind(LocKind K) {
  return K == LocKind::Heap || K == LocKind::Global ||
         K == LocKind::ParamContent || K == LocKind::Result;
}

std::vector<int> escape::outlivingRoots(const Graph &G) {
  std::vector<int> Roots;
  for (unsigned I = 0; I < G.Locs.size(); ++I)
    if (isRootKind(G.Locs[I].Kind))
      Roots.push_back(static_cast<int>(I));
  return Roots;
}

Reach escape::reachFrom(const Graph &G, const std::vector<int> &Roots,
                        const EdgeFilter &Accept, bool ThroughRoots) {
  size_t N = G.Locs.size();
  Reach R;
  R.Derefs.assign(N, INT_MAX);
  R.NextDst.assign(N, -1);
  R.NextEdge.assign(N, -1);
  std::vector<char> IsRoot(N, 0);
  std::vector<int> Stack;
  for (int Root : Roots) {
    if (Root < 0 || static_cast<size_t>(Root) >= N || IsRoot[Root])
      continue;
    IsRoot[Root] = 1;
    R.Derefs[Root] = 0;
    Stack.push_back(Root);
  }
  // Label correcting, as Graph::walkOne: a location is walked again when it
  // is reached with fewer dereferences. Counts only go down and are bounded
  // below by -1, so this ends.
  while (!Stack.empty()) {
    int LI = Stack.back();
    Stack.pop_back();
    const Location &L = G.Locs[LI];
    if (!IsRoot[LI] && !ThroughRoots && isRootKind(L.Kind))
      continue; // what a root holds comes from its own walk
    int D = std::max(R.Derefs[LI], 0);
    for (unsigned I = 0; I < L.In.size(); ++I) {
      const Edge &E = L.In[I];
      if (E.Src == LI || IsRoot[E.Src])
        continue;
      int Extra = Accept(LI, I);
      if (Extra < 0)
        continue;
      int SD = std::max(D + E.Derefs + Extra, -1);
      if (SD >= R.Derefs[E.Src])
        continue;
      R.Derefs[E.Src] = SD;
      R.NextDst[E.Src] = LI;
      R.NextEdge[E.Src] = static_cast<int>(I);
      Stack.push_back(E.Src);
    }
  }
  return R;
}
