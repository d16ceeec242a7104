//===- SummaryTest.cpp - Tests for parameter summaries --------------------===//
//
// ParamLeaks arithmetic, the one-line encoding that summaries are stored in
// and the Go-style parameter remarks.
//
//===----------------------------------------------------------------------===//
#include "analysis/Summary.h"

#include <gtest/gtest.h>

using namespace escape;

namespace {

ParamLeaks leaks(int Heap, int Result, std::vector<int> Content = {},
                 bool Opaque = false) {
  ParamLeaks L;
  L.Heap = Heap;
  L.Result = Result;
  L.Content = std::move(Content);
  L.ContentOpaque = Opaque;
  return L;
}

using Lines = std::vector<std::string>;

//===----------------------------------------------------------------------===//
// ParamLeaks
//===----------------------------------------------------------------------===//

TEST(SummaryLeaks, DefaultIsEmpty) {
  ParamLeaks L;
  EXPECT_TRUE(L.empty());
  EXPECT_EQ(L.Heap, -1);
  EXPECT_EQ(L.Result, -1);
  EXPECT_EQ(L.content(0), -1);
  EXPECT_EQ(L.content(100), -1);
}

TEST(SummaryLeaks, EmptyIgnoresContentOpaque) {
  EXPECT_TRUE(leaks(-1, -1, {}, true).empty());
  EXPECT_TRUE(leaks(-1, -1, {-1, -1}).empty());
  EXPECT_FALSE(leaks(0, -1).empty());
  EXPECT_FALSE(leaks(-1, 2).empty());
  EXPECT_FALSE(leaks(-1, -1, {-1, 3}).empty());
}

TEST(SummaryLeaks, AddToKeepsMinimum) {
  int Slot = -1;
  ParamLeaks::addTo(Slot, 2);
  EXPECT_EQ(Slot, 2);
  ParamLeaks::addTo(Slot, 3);
  EXPECT_EQ(Slot, 2);
  ParamLeaks::addTo(Slot, 1);
  EXPECT_EQ(Slot, 1);
  ParamLeaks::addTo(Slot, -1);
  EXPECT_EQ(Slot, 1) << "-1 means no leak and never lowers";
  ParamLeaks::addTo(Slot, 0);
  EXPECT_EQ(Slot, 0);
}

TEST(SummaryLeaks, SetContentGrowsAndKeepsMinimum) {
  ParamLeaks L;
  L.setContent(3, 2);
  ASSERT_EQ(L.Content.size(), 4u);
  EXPECT_EQ(L.content(0), -1);
  EXPECT_EQ(L.content(3), 2);
  L.setContent(3, 4);
  EXPECT_EQ(L.content(3), 2);
  L.setContent(3, 1);
  EXPECT_EQ(L.content(3), 1);
  L.setContent(1, 0);
  EXPECT_EQ(L.Content.size(), 4u);
  EXPECT_EQ(L.content(1), 0);
}

TEST(SummaryLeaks, AddKeepsMinima) {
  ParamLeaks A = leaks(2, -1, {3, -1});
  ParamLeaks B = leaks(1, 4, {5, -1, 0}, true);
  A.add(B);
  EXPECT_EQ(A.Heap, 1);
  EXPECT_EQ(A.Result, 4);
  EXPECT_EQ(A.content(0), 3);
  EXPECT_EQ(A.content(1), -1);
  EXPECT_EQ(A.content(2), 0);
  EXPECT_TRUE(A.ContentOpaque);

  ParamLeaks C = leaks(0, 0);
  C.add(leaks(3, 3, {}, false));
  EXPECT_EQ(C.Heap, 0);
  EXPECT_EQ(C.Result, 0);
  EXPECT_FALSE(C.ContentOpaque);
  C.add(ParamLeaks());
  EXPECT_EQ(C, leaks(0, 0));
}

TEST(SummaryLeaks, EqualityIgnoresTrailingNoLeaks) {
  EXPECT_EQ(leaks(0, 1, {}), leaks(0, 1, {-1, -1}));
  EXPECT_EQ(leaks(-1, -1, {2}), leaks(-1, -1, {2, -1}));
  EXPECT_NE(leaks(-1, -1, {2}), leaks(-1, -1, {-1, 2}));
  EXPECT_NE(leaks(0, -1), leaks(1, -1));
  EXPECT_NE(leaks(-1, 0), leaks(-1, 1));
  EXPECT_NE(leaks(-1, -1, {}, true), leaks(-1, -1, {}, false));
}

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

TEST(SummaryEncode, LeakAll) {
  Summary S = Summary::leakAll(2);
  ASSERT_EQ(S.Params.size(), 2u);
  for (const ParamLeaks &P : S.Params) {
    EXPECT_EQ(P.Heap, 0);
    EXPECT_EQ(P.Result, -1);
    EXPECT_EQ(P.Free, 0) << "an unknown function may free what it is given";
    EXPECT_TRUE(P.ContentOpaque);
    EXPECT_FALSE(P.notKeptNorFreed());
  }
  EXPECT_TRUE(S.ResultOpaque);
  EXPECT_EQ(S.encode(), "!&x h0 f0 k0;x h0 f0 k0");
  EXPECT_EQ(Summary::leakAll(0).encode(), "!&");
}

TEST(SummaryEncode, Examples) {
  Summary S;
  S.Params = {leaks(0, 1, {-1, -1, 0}), ParamLeaks(), leaks(1, -1)};
  S.ResultOpaque = true;
  EXPECT_EQ(S.encode(), "!h0 r1 c2:0;-;h1");
  S.ResultOpaque = false;
  EXPECT_EQ(S.encode(), "h0 r1 c2:0;-;h1");
  S.Params = {leaks(-1, -1, {}, true)};
  EXPECT_EQ(S.encode(), "x");
  S.Params = {leaks(2, -1, {1}, true)};
  EXPECT_EQ(S.encode(), "x h2 c0:1");
  EXPECT_EQ(Summary().encode(), "");
}

TEST(SummaryEncode, RoundTrip) {
  std::vector<Summary> Cases;
  Cases.push_back(Summary());
  Cases.push_back(Summary::leakAll(3));
  Summary S;
  S.Params = {leaks(0, 1, {-1, -1, 0}), ParamLeaks(), leaks(1, -1)};
  S.ResultOpaque = true;
  Cases.push_back(S);
  S.Params = {leaks(-1, -1, {}, true), leaks(-1, 7, {4, 2}, false),
              ParamLeaks()};
  S.ResultOpaque = false;
  Cases.push_back(S);
  S.Params = {ParamLeaks()};
  S.ResultOpaque = true;
  Cases.push_back(S);
  S.Params = {leaks(-1, -1, {-1, -1, -1, -1, -1, 12})};
  Cases.push_back(S);
  for (const Summary &In : Cases) {
    std::string Text = In.encode();
    Summary Out;
    Out.ResultOpaque = !In.ResultOpaque;
    Out.Params.resize(9);
    ASSERT_TRUE(Summary::decode(Text, Out)) << Text;
    EXPECT_EQ(Out, In) << Text;
    EXPECT_EQ(Out.encode(), Text);
  }
}

TEST(SummaryEncode, DecodeReadsEachPart) {
  Summary S;
  ASSERT_TRUE(Summary::decode("!x h0 r2 c1:3;-;r0", S));
  EXPECT_TRUE(S.ResultOpaque);
  ASSERT_EQ(S.Params.size(), 3u);
  EXPECT_TRUE(S.Params[0].ContentOpaque);
  EXPECT_EQ(S.Params[0].Heap, 0);
  EXPECT_EQ(S.Params[0].Result, 2);
  EXPECT_EQ(S.Params[0].content(0), -1);
  EXPECT_EQ(S.Params[0].content(1), 3);
  EXPECT_TRUE(S.Params[1].empty());
  EXPECT_FALSE(S.Params[1].ContentOpaque);
  EXPECT_EQ(S.Params[2].Result, 0);
  EXPECT_EQ(S.Params[2].Heap, -1);
}

TEST(SummaryFree, EncodedLastAndRoundTrips) {
  Summary S;
  S.Params = {leaks(-1, -1), leaks(1, -1, {-1, 0}, true), leaks(-1, 0)};
  S.Params[0].Free = 0;
  S.Params[1].Free = 1;
  S.Params[2].Free = 2;
  EXPECT_EQ(S.encode(), "f0;x h1 c1:0 f1;r0 f2");
  Summary Out;
  ASSERT_TRUE(Summary::decode(S.encode(), Out));
  EXPECT_EQ(Out, S);
  EXPECT_EQ(Out.Params[2].Free, 2);
  EXPECT_FALSE(Summary::decode("f", Out));
  EXPECT_FALSE(Summary::decode("f-1", Out));
  EXPECT_FALSE(Summary::decode("fx", Out));
}

TEST(SummaryCapture, RoundTripsAndIsNotALeak) {
  Summary S;
  S.Params = {leaks(-1, -1), leaks(1, -1)};
  S.Params[0].Capture = S.Params[0].CaptureBesidesResult = 0;
  S.Params[1].Capture = S.Params[1].CaptureBesidesResult = 1;
  EXPECT_EQ(S.encode(), "k0;h1 k1");
  Summary Out;
  ASSERT_TRUE(Summary::decode(S.encode(), Out));
  EXPECT_EQ(Out, S);
  EXPECT_TRUE(Out.Params[0].empty()) << "capturing is not escaping";
  EXPECT_FALSE(Out.Params[0].notCaptured());
  EXPECT_TRUE(Out.Params[1].notCaptured()) << "only its content";
  EXPECT_FALSE(leaks(-1, 0).notCaptured()) << "returned";
  EXPECT_FALSE(leaks(-1, -1, {0}).notCaptured()) << "kept in its own pointee";
  EXPECT_FALSE(Summary::decode("k", Out));
}

TEST(SummaryCapture, BesidesResultRoundTripsAndDefaultsToCapture) {
  Summary S;
  S.Params = {leaks(-1, 1), leaks(-1, 1)};
  S.Params[0].Capture = 1; // only by returning
  S.Params[1].Capture = 1;
  S.Params[1].CaptureBesidesResult = 2;
  EXPECT_EQ(S.encode(), "r1 k1 q-;r1 k1 q2");
  Summary Out;
  ASSERT_TRUE(Summary::decode(S.encode(), Out));
  EXPECT_EQ(Out, S);
  // A summary written before the field (a stored file): never less than
  // Capture, so nothing is promised that was not proved.
  ASSERT_TRUE(Summary::decode("r1 k1", Out));
  EXPECT_EQ(Out.Params[0].CaptureBesidesResult, 1);
  EXPECT_FALSE(Out.Params[0].contentOnlyReturned());
  ASSERT_TRUE(Summary::decode("r1 k1 q-", Out));
  EXPECT_TRUE(Out.Params[0].contentOnlyReturned());
  EXPECT_FALSE(Out.Params[0].contentNotCapturedNorFreed()) << "returned";
  EXPECT_FALSE(Summary::decode("q", Out));
  EXPECT_FALSE(Summary::decode("qx", Out));
}

TEST(SummaryContent, OnlyReturned) {
  ParamLeaks L = leaks(-1, 1);
  L.Capture = 1;
  L.CaptureBesidesResult = -1;
  EXPECT_TRUE(L.contentOnlyReturned());
  ParamLeaks F = L;
  F.Free = 1;
  EXPECT_FALSE(F.contentOnlyReturned()) << "freed";
  ParamLeaks H = leaks(1, 1);
  H.CaptureBesidesResult = 1;
  EXPECT_FALSE(H.contentOnlyReturned()) << "kept on the heap";
  ParamLeaks C = leaks(-1, 1, {-1, 1});
  EXPECT_FALSE(C.contentOnlyReturned()) << "stored into another pointee";
  ParamLeaks K = L;
  K.CaptureBesidesResult = 1;
  EXPECT_FALSE(K.contentOnlyReturned()) << "captured besides";
  EXPECT_TRUE(ParamLeaks().contentOnlyReturned());
}

TEST(SummaryFree, NotALeakButPartOfEquality) {
  ParamLeaks L;
  L.Free = 0;
  EXPECT_TRUE(L.empty()) << "freeing is not escaping";
  EXPECT_NE(L, ParamLeaks());
  ParamLeaks M;
  M.Free = 2;
  M.add(L);
  EXPECT_EQ(M.Free, 0) << "add keeps the least level";
  L.add(ParamLeaks());
  EXPECT_EQ(L.Free, 0);
}

TEST(SummaryFree, NotKeptNorFreed) {
  EXPECT_TRUE(ParamLeaks().notKeptNorFreed());
  ParamLeaks L = leaks(1, 1, {1, -1});
  L.Free = 1;
  EXPECT_TRUE(L.notKeptNorFreed()) << "only its content is kept or freed";
  L.Free = 0;
  EXPECT_FALSE(L.notKeptNorFreed());
  EXPECT_FALSE(leaks(0, -1).notKeptNorFreed());
  EXPECT_FALSE(leaks(-1, 0).notKeptNorFreed());
  EXPECT_FALSE(leaks(-1, -1, {-1, 0}).notKeptNorFreed());
}

TEST(SummaryContent, NothingAtLevelZeroOrOne) {
  EXPECT_TRUE(ParamLeaks().contentNotCapturedNorFreed());
  ParamLeaks L = leaks(2, 3, {-1, 2});
  L.Capture = 2;
  L.Free = 2;
  EXPECT_TRUE(L.contentNotCapturedNorFreed()) << "only deeper levels";
  for (int Level : {0, 1}) {
    ParamLeaks C = L;
    C.Capture = Level;
    EXPECT_FALSE(C.contentNotCapturedNorFreed()) << "captured at " << Level;
    ParamLeaks F = L;
    F.Free = Level;
    EXPECT_FALSE(F.contentNotCapturedNorFreed()) << "freed at " << Level;
    // A stored summary need not keep Capture at most every destination:
    // each one is checked.
    EXPECT_FALSE(leaks(Level, -1).contentNotCapturedNorFreed()) << "heap";
    EXPECT_FALSE(leaks(-1, Level).contentNotCapturedNorFreed()) << "result";
    EXPECT_FALSE(leaks(-1, -1, {-1, Level}).contentNotCapturedNorFreed())
        << "content";
  }
}

TEST(SummaryEncode, DecodeEmpty) {
  Summary S;
  S.Params.resize(2);
  S.ResultOpaque = true;
  ASSERT_TRUE(Summary::decode("", S));
  EXPECT_TRUE(S.Params.empty());
  EXPECT_FALSE(S.ResultOpaque);
  ASSERT_TRUE(Summary::decode("!", S));
  EXPECT_TRUE(S.Params.empty());
  EXPECT_TRUE(S.ResultOpaque);
}

TEST(SummaryEncode, DecodeRejectsMalformed) {
  const char *Bad[] = {
      "q",    "h",    "r",     "hx",   "h-1",   "r+1",    "h1234567", "c",
      "c1",   "c:1",  "c1:",   "cx:1", "c1:x",  "c1:2:3", "c4097:0",  "h0;y",
      "- h0", "!!h0", "h0,r1", "X",    "c-1:0", "h 0",
  };
  for (const char *Text : Bad) {
    Summary S;
    EXPECT_FALSE(Summary::decode(Text, S)) << '"' << Text << '"';
  }
}

TEST(SummaryEncode, DecodeAcceptsLimits) {
  Summary S;
  ASSERT_TRUE(Summary::decode("c4096:0 h123456", S));
  EXPECT_EQ(S.Params[0].content(4096), 0);
  EXPECT_EQ(S.Params[0].Heap, 123456);
}

TEST(SummaryEncode, Equality) {
  Summary A = Summary::leakAll(1), B = Summary::leakAll(1);
  EXPECT_EQ(A, B);
  B.ResultOpaque = false;
  EXPECT_NE(A, B);
  B = A;
  B.Params[0].Heap = 1;
  EXPECT_NE(A, B);
  EXPECT_NE(Summary::leakAll(1), Summary::leakAll(2));
}

//===----------------------------------------------------------------------===//
// Remarks
//===----------------------------------------------------------------------===//

TEST(SummaryRemarks, DoesNotEscape) {
  EXPECT_EQ(paramRemarks("p", ParamLeaks(), {"p"}), Lines{"p does not escape"});
  EXPECT_EQ(paramRemarks("p", leaks(-1, -1, {}, true), {"p"}),
            Lines{"p does not escape"})
      << "an opaque pointee is not a leak of p";
}

TEST(SummaryRemarks, LeakingParam) {
  EXPECT_EQ(paramRemarks("p", leaks(0, -1), {"p"}), Lines{"leaking param: p"});
}

TEST(SummaryRemarks, LeakingParamContent) {
  EXPECT_EQ(paramRemarks("p", leaks(1, -1), {"p"}),
            Lines{"leaking param content: p"});
  EXPECT_EQ(paramRemarks("p", leaks(3, -1), {"p"}),
            Lines{"leaking param content: p"});
}

TEST(SummaryRemarks, LeakingToResult) {
  EXPECT_EQ(paramRemarks("p", leaks(-1, 0), {"p"}),
            Lines{"leaking param: p to result level=0"});
  EXPECT_EQ(paramRemarks("p", leaks(-1, 2), {"p"}),
            Lines{"leaking param: p to result level=2"});
}

TEST(SummaryRemarks, LeakingToOtherParamPointee) {
  EXPECT_EQ(paramRemarks("b", leaks(-1, -1, {0}), {"a", "b"}),
            Lines{"leaking param: b to *a level=0"});
  EXPECT_EQ(paramRemarks("a", leaks(-1, -1, {-1, 1}), {"a", "b"}),
            Lines{"leaking param: a to *b level=1"});
}

TEST(SummaryRemarks, UnnamedTargetUsesIndex) {
  EXPECT_EQ(paramRemarks("b", leaks(-1, -1, {0, -1, 2}), {"", "b"}),
            (Lines{"leaking param: b to *#0 level=0",
                   "leaking param: b to *#2 level=2"}));
}

TEST(ParamRemarks, NameAt) {
  // The name is found after the prefix, also when it is a word of it.
  for (const std::string &Name : {"p", "param", "leaking"}) {
    std::vector<ParamLeaks> All = {ParamLeaks(), leaks(0, -1), leaks(1, -1),
                                   leaks(-1, 0), leaks(-1, -1, {0})};
    for (const ParamLeaks &L : All)
      for (const std::string &Line : paramRemarks(Name, L, {Name}))
        EXPECT_EQ(Line.substr(paramRemarkNameAt(Line), Name.size()), Name)
            << Line;
  }
  EXPECT_EQ(paramRemarkNameAt("leaking param content: q"), 23u);
}

TEST(SummaryRemarks, AllKindsInOrder) {
  EXPECT_EQ(
      paramRemarks("p", leaks(1, 0, {-1, 1, 0}), {"p", "q", "r"}),
      (Lines{"leaking param content: p", "leaking param: p to result level=0",
             "leaking param: p to *q level=1",
             "leaking param: p to *r level=0"}));
}

} // namespace
