//===- Explain.cpp - Explaining flows (-m=2) ------------------------------===//
//
// Every edge carries the notes of the expressions that produced it, and the
// solver remembers, for each marked location, the path it took to its root.
// Together they give Go's `flow: dst = &src` / `from x (reason)` lines.
//
//===----------------------------------------------------------------------===//
#include "analysis/Escape.h"

#include <fmt/format.h>

#include <algorithm>

using namespace escape;

std::vector<Graph::Step> Graph::explain(int Loc) const {
  std::vector<Step> Out;
  std::vector<int> Seen; // the locations whose path was followed (few)
  int Cur = Loc;
  // Follow the recorded path; when it ends at a location that itself
  // escaped through a path, continue with that one, so the explanation
  // reaches the heap, the result or a parameter.
  while (Cur >= 0 && Locs[Cur].Why >= 0 &&
         std::find(Seen.begin(), Seen.end(), Cur) == Seen.end()) {
    Seen.push_back(Cur);
    for (int L = Locs[Cur].Why; L >= 0; L = Links[L].Next) {
      Out.push_back({Links[L].Dst, Links[L].Edge});
      Cur = Links[L].Dst;
    }
  }
  return Out;
}

std::vector<const Note *> Graph::notes(const Edge &E) const {
  std::vector<const Note *> Out;
  for (int N = E.Notes; N >= 0 && Out.size() < 64; N = Notes[N].Next)
    Out.push_back(&Notes[N]);
  return Out;
}

static std::string displayName(const Location &L) {
  if (L.Kind == LocKind::Alloc)
    return fmt::format("{{storage for {}}}", L.Name);
  return L.Name;
}

std::string Graph::flowText(int Dst, int Src, int Derefs) const {
  std::string Prefix = Derefs < 0 ? std::string("&") : std::string(Derefs, '*');
  return fmt::format("flow: {} = {}{}", displayName(Locs[Dst]), Prefix,
                     displayName(Locs[Src]));
}
