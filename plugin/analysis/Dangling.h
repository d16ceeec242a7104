//===- Dangling.h - Addresses of frame objects that outlive it --*- C++ -*-===//
//
// In Go an object whose address outlives its frame moves to the heap; in C++
// it is a use-after-return bug. The solved location graph finds them: the
// address of a local (a temporary, a by-value parameter) reaches a place
// that outlives the frame (the result, a global, what a parameter points
// to, the heap through a callee that keeps it).
//
// Escape analysis is sound the other way round: it says "escapes" whenever
// it is unsure. A warning must be certain, so the search here walks only
// the edges its caller accepts (the front end rejects the steps that are
// mere possibilities: unknown callees, stores through pointers that may
// point into the frame...) and returns the path, so the caller can check
// the order of the statements along it and ban a step that cannot happen.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_ANALYSIS_DANGLING_H
#define CLANG_ESCAPE_ANALYSIS_DANGLING_H

#include "analysis/Escape.h"

#include <climits>
#include <functional>
#include <vector>

namespace escape {

/// The result of a backward walk from a set of roots over accepted edges.
struct Reach {
  /// Least dereference count at which each location reaches a root
  /// (INT_MAX: not reached; -1: its address does).
  std::vector<int> Derefs;
  /// The step towards the root (Graph::Step of the walk), -1 at a root.
  std::vector<int> NextDst, NextEdge;
  bool reached(int Loc) const { return Derefs[Loc] != INT_MAX; }
  /// The path from Loc to its root: (destination, edge index) steps.
  std::vector<Graph::Step> path(int Loc) const;
};

/// Decides whether the walk may follow edge EdgeIndex of Dst (the value of
/// Dst.In[EdgeIndex].Src flows into Dst): NotFollowed, or the dereferences
/// to add to the edge's (a front end may know that a step copies what a
/// pointer designates where the graph over-approximates it by the pointer).
using EdgeFilter = std::function<int(int Dst, unsigned EdgeIndex)>;
constexpr int NotFollowed = -1;

/// Walks backwards from Roots (each at dereference count 0), as the solver
/// does from one root, keeping the least dereference count of every
/// location. A location reached by its address holds what the roots can
/// reach, so the walk goes on from it at count 0. The heap, globals,
/// parameter contents and the result are only ever walked as roots: a path
/// never passes through them (what they hold comes from elsewhere), unless
/// ThroughRoots (a question about one flow, not about outliving: "does this
/// address reach that parameter by any path?"). The one backward walk of the
/// front end: dangling warnings (Dangling.cpp) and rewrites (Rewrite.cpp)
/// use it; the solver's own walk (Solve.cpp) is the same label-correcting
/// walk, specialised for speed.
Reach reachFrom(const Graph &G, const std::vector<int> &Roots,
                const EdgeFilter &Accept, bool ThroughRoots = false);

/// Accepts every edge at its own dereference count.
inline int everyEdge(int, unsigned) { return 0; }

/// The roots of the dangling search: the result, every global, every
/// parameter's content and the heap.
std::vector<int> outlivingRoots(const Graph &G);

} // namespace escape

#endif // CLANG_ESCAPE_ANALYSIS_DANGLING_H
