//===- ReportTest.cpp - Tests for remarks from a solved graph -------------===//
//
// Placements, the exact remark messages, and the -m=2 explanation notes
// (flow lines, `from` lines, folding of temporaries, hints).
//
//===----------------------------------------------------------------------===//
#include "analysis/Report.h"

#include "GraphDSL.h"

#include <gtest/gtest.h>

using namespace escape;
using escape::test::TestGraph;

namespace {

struct N {
  Pos Where;
  std::string Message;
};

// Compares the notes of a remark exactly (position and text, in order).
void expectNotes(const Remark &R, const std::vector<N> &Want) {
  std::string Got;
  for (const RemarkNote &RN : R.Notes)
    Got += std::to_string(RN.Where) + " " + RN.Message + "\n";
  std::string Exp;
  for (const N &W : Want)
    Exp += std::to_string(W.Where) + " " + W.Message + "\n";
  EXPECT_EQ(Got, Exp) << "remark: " << R.Message;
}

ReportOptions level(unsigned L) {
  ReportOptions O;
  O.Level = L;
  return O;
}

std::vector<Remark> allocRemarks(const std::vector<Remark> &Rs) {
  std::vector<Remark> Out;
  for (const Remark &R : Rs)
    if (R.K == Remark::Alloc)
      Out.push_back(R);
  return Out;
}

const char *GlobalHint =
    "hint: a global keeps the pointer after the function returns";
const char *ReturnHint =
    "hint: returning the pointer hands the object to the caller";
const char *UnknownHint =
    "hint: if the callee does not keep the pointer, mark its parameter "
    "[[clang::noescape]] or make its body visible";
const char *TooComplexHint =
    "hint: split the function; it exceeds the analysis budget";

// p = new T (notes: `new T` address-of, inside `p` initialization); g = p.
struct GlobalFlow {
  TestGraph G;
  int A, P;
  GlobalFlow() {
    A = G.alloc("new T", 0, 100);
    P = G.var("p", 0, 101);
    Hole K = G.note(G.hole(P), Reason::Init, 102, "p");
    K = G.note(K.addr(), Reason::AddressOf, 103, "new T");
    G.flow(K, A);
    G.flow(G.note(G.hole(G.glob("g")), Reason::StoredGlobal, 104, "g = p"), P);
    G.solve();
  }
};

//===----------------------------------------------------------------------===//
// Placement and messages
//===----------------------------------------------------------------------===//

TEST(ReportPlacement, StackForLocalObject) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100), P = G.var("p");
  G.addr(P, A);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].K, Remark::Alloc);
  EXPECT_EQ(Rs[0].Where, 100u);
  EXPECT_EQ(Rs[0].Place, Placement::Stack);
  EXPECT_FALSE(Rs[0].Escapes);
  EXPECT_EQ(Rs[0].Message, "new T does not escape");
  EXPECT_TRUE(Rs[0].Notes.empty()) << "nothing to explain";
}

TEST(ReportPlacement, HeapForEscapingObject) {
  GlobalFlow F;
  std::vector<Remark> Rs = report(F.G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Place, Placement::Heap);
  EXPECT_TRUE(Rs[0].Escapes);
  EXPECT_EQ(Rs[0].Message, "new T escapes to heap");
  EXPECT_EQ(Rs[0].Where, 100u);
}

TEST(ReportPlacement, ArenaForNonConstantSize) {
  TestGraph G;
  G.alloc("new int[n]", 0, 1, /*Bytes=*/0, /*ConstantSize=*/false);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Place, Placement::Arena);
  EXPECT_FALSE(Rs[0].Escapes);
  EXPECT_EQ(Rs[0].Message,
            "new int[n] does not escape (non-constant size: frame arena)");
  EXPECT_EQ(Rs[0].Subject, "new int[n]");
  EXPECT_EQ(Rs[0].SubjectAt, 0u);
}

TEST(ReportPlacement, ArenaForTooLarge) {
  TestGraph G;
  G.alloc("new Big", 0, 1, /*Bytes=*/4096);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Place, Placement::Arena);
  EXPECT_EQ(Rs[0].Message, "new Big does not escape (too large for stack: "
                           "4096 bytes > 1024: frame arena)");
  ReportOptions O = level(1);
  O.MaxObjectBytes = 100;
  Rs = report(G, O, {}, {});
  EXPECT_EQ(Rs[0].Message, "new Big does not escape (too large for stack: "
                           "4096 bytes > 100: frame arena)");
  O.MaxObjectBytes = 4096;
  Rs = report(G, O, {}, {});
  EXPECT_EQ(Rs[0].Place, Placement::Stack) << "the limit itself fits";
  EXPECT_EQ(Rs[0].Message, "new Big does not escape");
}

TEST(ReportPlacement, ArenaForLoopCarried) {
  TestGraph G;
  int V = G.var("v", 0, 2), A = G.alloc("new T", 1, 3);
  G.flow(G.note(G.hole(V).addr(), Reason::Assign, 4, "v = new T"), A);
  G.solve();
  ASSERT_TRUE(G.loopCarried(A));
  std::vector<Remark> Rs = report(G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Place, Placement::Arena);
  EXPECT_FALSE(Rs[0].Escapes);
  EXPECT_EQ(Rs[0].Message,
            "new T does not escape (live across loop iterations: frame arena)");
  EXPECT_TRUE(Rs[0].Notes.empty());
  // -m=2 explains why it is carried.
  Rs = report(G, level(2), {}, {});
  expectNotes(Rs[0], {{4, "flow: v = &{storage for new T}:"},
                      {4, "from v = new T (assign)"}});
}

TEST(ReportPlacement, EscapeWinsOverArenaReasons) {
  TestGraph G;
  int A = G.alloc("new Big[n]", 0, 1, 1 << 20, false);
  G.retAddr(A);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Place, Placement::Heap);
  EXPECT_EQ(Rs[0].Message, "new Big[n] escapes to heap");
}

TEST(ReportPlacement, PlacementOfOrder) {
  ReportOptions O;
  Location L;
  L.Kind = LocKind::Alloc;
  L.Alloc.Bytes = 16;
  std::string Why = "unchanged";
  EXPECT_EQ(placementOf(L, O, &Why), Placement::Stack);
  EXPECT_EQ(Why, "unchanged");
  L.LoopCarried = true;
  EXPECT_EQ(placementOf(L, O, &Why), Placement::Arena);
  EXPECT_EQ(Why, "live across loop iterations");
  L.Alloc.Bytes = 2000;
  EXPECT_EQ(placementOf(L, O, &Why), Placement::Arena);
  EXPECT_EQ(Why, "too large for stack: 2000 bytes > 1024");
  L.Alloc.ConstantSize = false;
  EXPECT_EQ(placementOf(L, O, &Why), Placement::Arena);
  EXPECT_EQ(Why, "non-constant size");
  EXPECT_EQ(placementOf(L, O), Placement::Arena) << "Why is optional";
  L.Escapes = true;
  EXPECT_EQ(placementOf(L, O, &Why), Placement::Heap);
}

TEST(ReportPlacement, OneRemarkPerAllocationInOrder) {
  TestGraph G;
  int A = G.alloc("new A", 0, 1), B = G.alloc("new B", 0, 2);
  G.var("x");
  G.retAddr(B);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 2u);
  EXPECT_EQ(Rs[0].Message, "new A does not escape");
  EXPECT_EQ(Rs[1].Message, "new B escapes to heap");
  (void)A;
}

//===----------------------------------------------------------------------===//
// -m=2 explanations
//===----------------------------------------------------------------------===//

TEST(ReportExplain, Level1HasNoNotes) {
  GlobalFlow F;
  std::vector<Remark> Rs = report(F.G, level(1), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_TRUE(Rs[0].Notes.empty());
}

TEST(ReportExplain, FlowsAndNotesInOrder) {
  GlobalFlow F;
  std::vector<Remark> Rs = report(F.G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "new T escapes to heap");
  expectNotes(Rs[0], {{103, "flow: p = &{storage for new T}:"},
                      {103, "from new T (address-of)"},
                      {102, "from p (initialization)"},
                      {104, "flow: g = p:"},
                      {104, "from g = p (stored to global)"},
                      {104, GlobalHint}});
}

TEST(ReportExplain, TemporariesAreFolded) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100);
  int T = G.temp("new", 0, 101);
  G.flow(G.note(G.hole(T).addr(), Reason::AddressOf, 102, "new T"), A);
  G.flow(G.note(G.hole(G.result()), Reason::Return, 103, "return new T"), T);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{102, "flow: result = &{storage for new T}:"},
                      {102, "from new T (address-of)"},
                      {103, "from return new T (return)"},
                      {103, ReturnHint}});
}

TEST(ReportExplain, ChainOfTemporariesIsOneFlowLine) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100);
  int T1 = G.temp("t1"), T2 = G.temp("t2"), V = G.var("v");
  G.flow(G.note(G.hole(T1).addr(), Reason::AddressOf, 1, "new T"), A);
  G.flow(G.note(G.hole(T2), Reason::Conversion, 2, "(U *)new T"), T1);
  G.flow(G.note(G.hole(V), Reason::Init, 3, "v"), T2);
  G.flow(G.heapHole(Reason::UnknownCall, 4, "f(v)"), V);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{1, "flow: v = &{storage for new T}:"},
                      {1, "from new T (address-of)"},
                      {2, "from (U *)new T (conversion)"},
                      {3, "from v (initialization)"},
                      {4, "flow: {heap} = v:"},
                      {4, "from f(v) (passed to a function without a "
                          "visible body)"},
                      {4, UnknownHint}});
}

TEST(ReportExplain, HintComesFromOutermostNote) {
  // f((void *)p): the edge's notes are the conversion (inner) and the call
  // (outer); the hint is the call's.
  TestGraph G;
  int A = G.alloc("new T", 0, 100), P = G.var("p");
  G.addr(P, A);
  Hole K = G.heapHole(Reason::UnknownCall, 4, "f((void *)p)");
  K = G.note(K, Reason::Conversion, 3, "(void *)p");
  G.flow(K, P);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{100, "flow: p = &{storage for new T}:"},
                      {3, "flow: {heap} = p:"},
                      {3, "from (void *)p (conversion)"},
                      {4, "from f((void *)p) (passed to a function without "
                          "a visible body)"},
                      {4, UnknownHint}});
}

TEST(ReportExplain, StoreSlotIsFolded) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100), P = G.param("p", 0);
  Hole S = G.store(P, 5, "*p");
  G.flow(G.note(S.addr(), Reason::AddressOf, 6, "new T"), A);
  G.solve();
  ASSERT_TRUE(G.escapes(A));
  std::vector<Remark> Rs = report(G, level(2), {"p"}, {7});
  std::vector<Remark> As = allocRemarks(Rs);
  ASSERT_EQ(As.size(), 1u);
  expectNotes(As[0], {{6, "flow: *p = &{storage for new T}:"},
                      {6, "from new T (address-of)"},
                      {5, "from *p (stored through pointer)"}});
}

TEST(ReportExplain, EdgeWithoutNotesUsesObjectPosition) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100), P = G.var("p");
  G.addr(P, A);
  G.flow(G.heapHole(Reason::UnknownCall, 5, "f(p)"), P);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{100, "flow: p = &{storage for new T}:"},
                      {5, "flow: {heap} = p:"},
                      {5, "from f(p) (passed to a function without a "
                          "visible body)"},
                      {5, UnknownHint}});
}

TEST(ReportExplain, PathThroughEscapedLocal) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100), X = G.var("x", 0, 101);
  G.flow(G.note(G.hole(X).addr(), Reason::AddressOf, 1, "new T"), A);
  G.flow(G.note(G.hole(G.result()).addr(), Reason::Return, 2, "return &x"), X);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{1, "flow: x = &{storage for new T}:"},
                      {1, "from new T (address-of)"},
                      {2, "flow: result = &x:"},
                      {2, "from return &x (return)"},
                      {2, ReturnHint}});
}

TEST(ReportExplain, MarkedObjectGivesCauseAndHint) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100);
  G.markEscapes(A, Reason::IntCast);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "new T escapes to heap");
  expectNotes(Rs[0], {{100, "converted to integer"},
                      {100, "hint: an integer holding the address cannot be "
                            "tracked"}});
}

TEST(ReportExplain, CoroutineHasCauseWithoutHint) {
  TestGraph G;
  G.alloc("new T", 0, 100);
  G.giveUp(Reason::Coroutine);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "new T escapes to heap");
  expectNotes(Rs[0], {{100, "lives in a coroutine frame"}});
}

TEST(ReportExplain, TooComplexHint) {
  TestGraph G;
  G.Lim.MaxLocations = 3;
  G.alloc("new T", 0, 100);
  G.solve();
  ASSERT_TRUE(G.gaveUp());
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "new T escapes to heap");
  expectNotes(
      Rs[0], {{100, "function too complex to analyse"}, {100, TooComplexHint}});
}

TEST(ReportExplain, HeapRootWithoutNotesUsesHeapCause) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100), P = G.var("p");
  G.addr(P, A);
  G.flow(G.hole(G.heap()), P); // no notes on the path
  G.markEscapes(G.heap(), Reason::IntCast);
  G.solve();
  ASSERT_TRUE(G.escapes(A));
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{100, "flow: p = &{storage for new T}:"},
                      {100, "flow: {heap} = p:"},
                      {100, "hint: an integer holding the address cannot be "
                            "tracked"}});
}

TEST(ReportExplain, StoreRoundsBudgetExplainedByTheStore) {
  // Too many store rounds: the slot flows to the heap on an edge without
  // notes; the store's own notes explain it, and no hint applies.
  TestGraph G;
  G.Lim.MaxStoreRounds = 1;
  int L = G.var("l"), P = G.var("p"), A = G.alloc("new T", 0, 100);
  (void)L;
  G.addr(P, L);
  Hole S = G.store(P, 5, "*p");
  G.flow(G.note(S.addr(), Reason::AddressOf, 6, "new T"), A);
  G.solve();
  ASSERT_TRUE(G.escapes(A));
  ASSERT_FALSE(G.gaveUp());
  std::vector<Remark> Rs = report(G, level(2), {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{6, "flow: {heap} = &{storage for new T}:"},
                      {6, "from new T (address-of)"},
                      {5, "from *p (stored through pointer)"}});
}

TEST(ReportExplain, DeferredNoteText) {
  TestGraph G;
  int A = G.alloc("new T", 0, 100);
  int Obj = 0;
  G.flow(G.note(G.hole(G.glob("g")).addr(), Reason::StoredGlobal, 9,
                NoteText(/*Form=*/3, &Obj, nullptr, 2)),
         A);
  G.solve();
  ReportOptions O = level(2);
  std::vector<Remark> Rs = report(G, O, {}, {});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{9, "flow: g = &{storage for new T}:"},
                      {9, "from (stored to global)"},
                      {9, GlobalHint}}); // no renderer: empty text
  O.Render = [&](const NoteText &T) {
    EXPECT_EQ(T.Ref, &Obj);
    EXPECT_EQ(T.Index, 2);
    return std::string("rendered ") + std::to_string(T.Form);
  };
  Rs = report(G, O, {}, {});
  expectNotes(Rs[0], {{9, "flow: g = &{storage for new T}:"},
                      {9, "from rendered 3 (stored to global)"},
                      {9, GlobalHint}});
}

TEST(ReportExplain, LiteralNotesAreNotRendered) {
  GlobalFlow F;
  ReportOptions O = level(2);
  O.Render = [](const NoteText &) { return std::string("WRONG"); };
  std::vector<Remark> Rs = report(F.G, O, {}, {});
  for (const RemarkNote &RN : Rs[0].Notes)
    EXPECT_EQ(RN.Message.find("WRONG"), std::string::npos) << RN.Message;
}

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

TEST(ReportParams, DoesNotEscape) {
  TestGraph G;
  int P = G.param("p", 0, 50), Q = G.var("q");
  G.assign(Q, P);
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].K, Remark::Param);
  EXPECT_EQ(Rs[0].Message, "p does not escape");
  EXPECT_EQ(Rs[0].Subject, "p");
  EXPECT_EQ(Rs[0].SubjectAt, 0u);
  EXPECT_FALSE(Rs[0].Escapes);
  EXPECT_EQ(Rs[0].Where, 60u) << "ParamPositions wins";
  EXPECT_TRUE(Rs[0].Notes.empty());
}

TEST(ReportParams, PositionFallsBackToLocation) {
  TestGraph G;
  G.param("p", 0, 50);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {"p"}, {});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Where, 50u);
}

TEST(ReportParams, LeakingParamExplained) {
  TestGraph G;
  int P = G.param("p", 0, 50);
  G.flow(G.note(G.hole(G.glob("g")), Reason::StoredGlobal, 8, "g = p"), P);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "leaking param: p");
  EXPECT_EQ(Rs[0].Subject, "p");
  EXPECT_EQ(Rs[0].Message.substr(Rs[0].SubjectAt), "p");
  EXPECT_TRUE(Rs[0].Escapes);
  EXPECT_TRUE(Rs[0].Notes.empty());
  Rs = report(G, level(2), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 1u);
  expectNotes(Rs[0], {{8, "flow: g = p:"},
                      {8, "from g = p (stored to global)"},
                      {8, GlobalHint}});
}

TEST(ReportParams, SeveralRemarksOnlyFirstExplained) {
  TestGraph G;
  int P = G.param("p", 0, 50), Q = G.param("q", 1, 51);
  G.flow(G.note(G.hole(G.glob("g")).deref(), Reason::StoredGlobal, 8, "g = *p"),
         P);
  G.flow(G.note(G.hole(G.result()), Reason::Return, 9, "return p"), P);
  G.storeVal(Q, P); // *q = p
  G.solve();
  std::vector<Remark> Rs = report(G, level(2), {"p", "q"}, {60, 61});
  ASSERT_EQ(Rs.size(), 4u);
  EXPECT_EQ(Rs[0].Message, "leaking param content: p");
  EXPECT_EQ(Rs[1].Message, "leaking param: p to result level=0");
  EXPECT_EQ(Rs[2].Message, "leaking param: p to *q level=0");
  EXPECT_EQ(Rs[3].Message, "q does not escape");
  for (int I = 0; I < 3; ++I) {
    EXPECT_EQ(Rs[I].Where, 60u);
    EXPECT_TRUE(Rs[I].Escapes);
  }
  EXPECT_FALSE(Rs[0].Notes.empty());
  EXPECT_TRUE(Rs[1].Notes.empty());
  EXPECT_TRUE(Rs[2].Notes.empty());
  EXPECT_FALSE(Rs[3].Escapes);
  EXPECT_EQ(Rs[3].Where, 61u);
}

TEST(ReportParams, UnnamedParamsAreSkipped) {
  TestGraph G;
  int P = G.param("this", 0), Q = G.param("q", 1), R = G.param("r", 2);
  G.setGlobal("g", P);
  G.setGlobal("g", Q);
  G.setGlobal("g", R);
  G.solve();
  // "" skips a parameter; r is beyond ParamNames.
  std::vector<Remark> Rs = report(G, level(1), {"", "q"}, {1, 2});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "leaking param: q");
}

TEST(ReportParams, GaveUpLeaksEverything) {
  TestGraph G;
  G.param("p", 0, 50);
  G.giveUp(Reason::TooComplex);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "leaking param: p");
  EXPECT_TRUE(Rs[0].Escapes);
}

TEST(ReportParams, GaveUpMidWalkReportsOnlyTheHeapLeak) {
  // The walk from the result records `p to result` before the budget runs
  // out; after giving up, only `leaking param: p` is reported.
  TestGraph G;
  int P = G.param("p", 0, 50);
  G.ret(P);
  for (int I = 0; I < 20; ++I)
    G.var("v" + std::to_string(I));
  // One step for the heap, one for the result (which records the leak),
  // and the budget runs out at p.
  G.Lim.MaxWalkSteps = 2;
  G.solve();
  ASSERT_TRUE(G.gaveUp());
  ASSERT_EQ(G.leaks(P).Result, 0) << "precondition: recorded before giving up";
  std::vector<Remark> Rs = report(G, level(1), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Message, "leaking param: p");
}

TEST(ReportParams, AllocationsAndParamsInLocationOrder) {
  TestGraph G;
  int P = G.param("p", 0, 50), A = G.alloc("new T", 0, 100);
  G.ret(P);
  G.solve();
  std::vector<Remark> Rs = report(G, level(1), {"p"}, {60});
  ASSERT_EQ(Rs.size(), 2u);
  EXPECT_EQ(Rs[0].K, Remark::Param);
  EXPECT_EQ(Rs[0].Message, "leaking param: p to result level=0");
  EXPECT_EQ(Rs[1].K, Remark::Alloc);
  EXPECT_EQ(Rs[1].Message, "new T does not escape");
  (void)A;
}

} // namespace
