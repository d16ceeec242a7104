//===- FieldTest.cpp - Field-sensitive objects in the solver --------------===//
//
// Graph::field splits a local object into field parts. The graph the front
// end builds for `s.a = v` is `flow(hole(field(s, "a")), v)`, for `v = s.a`
// `flow(hole(v), field(s, "a"))`; whole-object writes, `&s` and stores
// through pointers keep using the object's own location.
//
//===----------------------------------------------------------------------===//
#include "GraphDSL.h"

#include <gtest/gtest.h>

using namespace escape;
using escape::test::TestGraph;

namespace {

// s.a = &x; s.b = &y; g = s.a: only x escapes (Go moves both to the heap).
TEST(SolverField, OnlyTheLeakedFieldEscapes) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), Y = G.var("y");
  int A = G.field(S, "s.a"), B = G.field(S, "s.b");
  G.addr(A, X);
  G.addr(B, Y);
  G.setGlobal("g", A);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
  EXPECT_FALSE(G.escapes(Y));
  EXPECT_FALSE(G.escapes(S));
}

// Reading the whole object (a copy) sees every field.
TEST(SolverField, WholeReadSeesEveryField) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), Y = G.var("y");
  G.addr(G.field(S, "s.a"), X);
  G.addr(G.field(S, "s.b"), Y);
  int T = G.var("t");
  G.assign(T, S); // t = s
  G.setGlobal("g", T);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
  EXPECT_TRUE(G.escapes(Y));
}

// Reading through a pointer to the object sees every field.
TEST(SolverField, ReadThroughPointerSeesEveryField) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), Y = G.var("y"), P = G.var("p");
  G.addr(G.field(S, "s.a"), X);
  G.addr(G.field(S, "s.b"), Y);
  G.addr(P, S); // p = &s
  int V = G.var("v");
  G.load(V, P); // v = *p
  G.setGlobal("g", V);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
  EXPECT_TRUE(G.escapes(Y));
}

// A store through a pointer to the object is seen by every field: p = &s;
// *p = &x; g = s.b.
TEST(SolverField, StoreThroughPointerReachesEveryField) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), P = G.var("p");
  int B = G.field(S, "s.b");
  G.addr(P, S);
  G.storeAddr(P, X);
  G.setGlobal("g", B);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
}

// Writes to the whole object made before the split (its initialiser) are
// seen by the fields created later.
TEST(SolverField, EarlierWholeWritesReachLaterFields) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x");
  G.addr(S, X); // S s = {&x}
  int A = G.field(S, "s.a");
  G.setGlobal("g", A);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
}

// ... and later whole writes too.
TEST(SolverField, LaterWholeWritesReachFields) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x");
  int A = G.field(S, "s.a");
  G.addr(S, X); // s = S{&x}
  G.setGlobal("g", A);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
}

// An escaping object makes every field's pointee escape.
TEST(SolverField, EscapingObjectLeaksEveryField) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), Y = G.var("y");
  G.addr(G.field(S, "s.a"), X);
  G.addr(G.field(S, "s.b"), Y);
  G.setGlobalAddr("g", S); // g = &s
  G.solve();
  EXPECT_TRUE(G.escapes(S));
  EXPECT_TRUE(G.escapes(X));
  EXPECT_TRUE(G.escapes(Y));
}

// Once the object escaped, other code may write any pointer into its
// fields: a store through a pointer read from a field goes to the heap.
// g = &s; p = s.a; *p = &x.
TEST(SolverField, FieldOfEscapedObjectIsUnknownMemory) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), P = G.var("p");
  int A = G.field(S, "s.a");
  G.setGlobalAddr("g", S);
  G.assign(P, A);
  G.storeAddr(P, X);
  G.solve();
  EXPECT_TRUE(G.escapes(X));
}

// The same with the object kept local: the store lands in what s.a points
// to, here y, which does not escape.
TEST(SolverField, FieldOfLocalObjectIsKnown) {
  TestGraph G;
  int S = G.var("s"), X = G.var("x"), Y = G.var("y"), P = G.var("p");
  int A = G.field(S, "s.a");
  G.addr(A, Y);
  G.assign(P, A);
  G.storeAddr(P, X);
  G.solve();
  EXPECT_FALSE(G.escapes(X));
  EXPECT_FALSE(G.escapes(Y));
}

// A parameter stored in one field and the other field returned: the
// parameter does not leak to the result.
TEST(SolverField, ParamInOtherFieldDoesNotReachResult) {
  TestGraph G;
  int P = G.param("p", 0), Q = G.param("q", 1);
  int S = G.var("s");
  G.assign(G.field(S, "s.a"), P);
  int B = G.field(S, "s.b");
  G.assign(B, Q);
  G.ret(B);
  G.solve();
  EXPECT_EQ(G.leaks(P).Result, -1);
  EXPECT_EQ(G.leaks(Q).Result, 0);
}

// A field assigned in a loop from a local of the loop body: loop-carried,
// as for the whole object.
TEST(SolverField, LoopCarriedThroughField) {
  TestGraph G;
  int S = G.var("s", 0);
  int X = G.var("x", 1);
  G.addr(G.field(S, "s.a"), X);
  G.solve();
  EXPECT_TRUE(G.loopCarried(X));
  EXPECT_FALSE(G.escapes(X));
}

} // namespace
