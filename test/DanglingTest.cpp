//===- DanglingTest.cpp - Tests for the dangling-address search -----------===//
//
// escape::reachFrom walks a solved graph backwards from the places that
// outlive the frame over the edges a filter accepts; Graph::storeTargets
// tells where a store went; explainPath renders a path as -m=2 notes.
//
//===----------------------------------------------------------------------===//
#include "analysis/Dangling.h"
#include "GraphDSL.h"
#include "analysis/Report.h"

#include <gtest/gtest.h>

using namespace escape;
using escape::test::TestGraph;

namespace {

const EdgeFilter All = [](int, unsigned) { return 0; };

TEST(Dangling, RootsAreResultGlobalsContentsAndHeap) {
  TestGraph G;
  int P = G.param("p", 0);
  (void)P;
  int C = G.paramContent(0);
  int Gl = G.glob("g");
  G.var("x");
  std::vector<int> Roots = outlivingRoots(G);
  for (int R : {G.heap(), G.result(), C, Gl})
    EXPECT_NE(std::find(Roots.begin(), Roots.end(), R), Roots.end());
  EXPECT_EQ(Roots.size(), 4u);
}

TEST(Dangling, AddressReturnedThroughAVariable) {
  TestGraph G;
  int X = G.var("x"), P = G.var("p"), Y = G.var("y");
  G.addr(P, X); // p = &x
  G.ret(P);     // return p
  G.load(Y, P); // y = *p (not an address)
  G.solve();
  Reach R = reachFrom(G, outlivingRoots(G), All);
  EXPECT_EQ(R.Derefs[X], -1) << "x's address reaches the result";
  EXPECT_EQ(R.Derefs[P], 0);
  EXPECT_FALSE(R.reached(Y));
  std::vector<Graph::Step> Path = R.path(X);
  ASSERT_EQ(Path.size(), 2u);
  EXPECT_EQ(Path[0].Dst, P);
  EXPECT_EQ(Path[1].Dst, G.result());
}

TEST(Dangling, ValueOfAPointerIsNotItsAddress) {
  TestGraph G;
  int X = G.var("x"), P = G.var("p");
  G.addr(P, X);
  G.setGlobalLoad("g", P); // g = *p: x's value, not its address
  G.solve();
  Reach R = reachFrom(G, outlivingRoots(G), All);
  EXPECT_EQ(R.Derefs[X], 0);
}

TEST(Dangling, FilterRejectsSteps) {
  TestGraph G;
  int X = G.var("x"), P = G.var("p");
  G.addr(P, X);
  G.setGlobal("g", P);
  G.solve();
  int Gl = G.glob("g");
  Reach R = reachFrom(G, outlivingRoots(G), [&](int Dst, unsigned) {
    return Dst != Gl ? 0 : NotFollowed; // the store to g is not certain
  });
  EXPECT_FALSE(R.reached(X));
}

TEST(Dangling, ObjectReachedByAddressPassesOnWhatItHolds) {
  // n = new Node; n->p = &x; return n;
  TestGraph G;
  int X = G.var("x"), N = G.var("n"), A = G.alloc("new Node");
  G.addr(N, A);
  G.storeAddr(N, X);
  G.ret(N);
  G.solve();
  Reach R = reachFrom(G, outlivingRoots(G), All);
  EXPECT_EQ(R.Derefs[A], -1);
  EXPECT_EQ(R.Derefs[X], -1) << "x's address is in the returned object";
  std::vector<Graph::Step> Path = R.path(X);
  ASSERT_FALSE(Path.empty());
  EXPECT_EQ(Path.back().Dst, G.result());
  // The store went to the allocation and nowhere else.
  int Slot = G.Locs[Path[0].Dst].Kind == LocKind::Slot ? Path[0].Dst : -1;
  ASSERT_GE(Slot, 0);
  EXPECT_EQ(G.storeTargets(Slot), std::vector<int>{A});
  EXPECT_TRUE(G.storeTargets(X).empty()) << "not a store slot";
}

TEST(Dangling, StoreThroughAMaybePointerHasTwoTargets) {
  // pp = c ? &g : &local; *pp = &x;
  TestGraph G;
  int X = G.var("x"), L = G.var("local"), PP = G.var("pp");
  int Gl = G.glob("g");
  G.addr(PP, Gl);
  G.addr(PP, L);
  Hole S = G.store(PP, 0, "");
  int Slot = S.Dst;
  G.flow(S.addr(), X);
  G.solve();
  std::vector<int> T = G.storeTargets(Slot);
  EXPECT_EQ(T.size(), 2u);
  Reach R = reachFrom(G, outlivingRoots(G), All);
  EXPECT_EQ(R.Derefs[X], -1) << "possible; the front end's filter decides";
}

TEST(Dangling, PathsNeverPassThroughOtherRoots) {
  // g2 = g1; g1 = &x: what g2 holds is not x's address through g1.
  TestGraph G;
  int X = G.var("x");
  G.setGlobal("g2", G.glob("g1"));
  G.setGlobalAddr("g1", X);
  G.solve();
  Reach R = reachFrom(G, {G.glob("g2")}, All);
  EXPECT_FALSE(R.reached(X));
  EXPECT_EQ(R.Derefs[G.glob("g1")], 0) << "reached, but not walked through";
}

TEST(Dangling, ThroughRootsFollowsEveryFlow) {
  // g2 = g1; g1 = &x: asked about one flow (rewrites), x's address does
  // reach g2 through g1; and the walk still stops at what only a value
  // (not an address) reaches.
  TestGraph G;
  int X = G.var("x"), Y = G.var("y"), P = G.var("p");
  G.setGlobal("g2", G.glob("g1"));
  G.setGlobalAddr("g1", X);
  G.addr(P, Y);
  G.solve();
  Reach R = reachFrom(G, {G.glob("g2")}, everyEdge, /*ThroughRoots=*/true);
  EXPECT_EQ(R.Derefs[X], -1);
  EXPECT_FALSE(R.reached(Y)) << "p = &y does not flow into g2";
}

TEST(Dangling, LeastDereferencesWin) {
  // result = *q; q = &p; p = &x  and  result = p
  TestGraph G;
  int X = G.var("x"), P = G.var("p"), Q = G.var("q");
  G.addr(P, X);
  G.addr(Q, P);
  G.retLoad(Q);
  G.ret(P);
  G.solve();
  Reach R = reachFrom(G, {G.result()}, All);
  EXPECT_EQ(R.Derefs[P], 0);
  EXPECT_EQ(R.Derefs[X], -1);
  EXPECT_EQ(R.path(X).size(), 2u) << "the direct path through p";
}

TEST(Dangling, FilterAddsDereferences) {
  // c.push_back(x) modelled as c = &x: the filter says it copies x.
  TestGraph G;
  int X = G.var("x"), C = G.var("c");
  G.addr(C, X);
  G.ret(C);
  G.solve();
  Reach Plain = reachFrom(G, {G.result()}, All);
  EXPECT_EQ(Plain.Derefs[X], -1);
  Reach Copied = reachFrom(G, {G.result()},
                           [&](int Dst, unsigned) { return Dst == C ? 1 : 0; });
  EXPECT_EQ(Copied.Derefs[X], 0) << "a copy of x, not its address";
}

TEST(Dangling, ExplainPathRendersFlows) {
  TestGraph G;
  int X = G.var("x"), P = G.var("p");
  G.flow(G.note(G.hole(P).addr(), Reason::AddressOf, 7, "&x"), X);
  G.flow(G.note(G.hole(G.result()), Reason::Return, 9, "return p"), P);
  G.solve();
  Reach R = reachFrom(G, {G.result()}, All);
  std::vector<RemarkNote> Notes;
  explainPath(G, R.path(X), 1, Notes, ReportOptions());
  ASSERT_EQ(Notes.size(), 4u);
  EXPECT_EQ(Notes[0].Message, "flow: p = &x:");
  EXPECT_EQ(Notes[0].Where, 7u);
  EXPECT_EQ(Notes[1].Message, "from &x (address-of)");
  EXPECT_EQ(Notes[2].Message, "flow: result = p:");
  EXPECT_EQ(Notes[3].Message, "from return p (return)");
  EXPECT_EQ(Notes[3].Where, 9u);
}

} // namespace
