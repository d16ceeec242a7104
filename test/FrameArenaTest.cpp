//===- FrameArenaTest.cpp - Tests for include/escape/FrameArena.h ---------===//
//
// Each test pins down one promise of docs/arena.md; breaking the promise in
// the header makes the test fail. Heap use is observed two ways: the arena's
// own counters (ArenaStats) and addresses outside the buffer. (glibc's
// mallinfo2 is no independent leak check: chunks parked in the tcache count
// as in use. For that, run this binary under valgrind or build it with
// -fsanitize=address; see docs/arena.md.)
//
//===----------------------------------------------------------------------===//
#include "escape/FrameArena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>
#if ESCAPE_ARENA_HAS_PMR
#include <memory_resource>
#endif

using escape::Arena;
using escape::ArenaAllocator;
using escape::FrameArena;

namespace {

bool isAligned(const void *P, std::size_t Align) {
  return reinterpret_cast<std::uintptr_t>(P) % Align == 0;
}

/// True if P lies inside the storage of object O (the arena's own bytes, so
/// for a local FrameArena: the stack frame).
template <class O> bool insideObject(const void *P, const O &Obj) {
  auto A = reinterpret_cast<std::uintptr_t>(P);
  auto B = reinterpret_cast<std::uintptr_t>(&Obj);
  return A >= B && A < B + sizeof(O);
}

/// Instrumented type: counts constructions and destructions and records the
/// destruction order by id.
struct Counters {
  int Constructed = 0;
  int Destroyed = 0;
  std::vector<int> Order;
};

struct Tracked {
  Counters *C;
  int Id;
  char Payload[24];
  Tracked(Counters &Cs, int I) : C(&Cs), Id(I) {
    ++C->Constructed;
    std::memset(Payload, I & 0xff, sizeof Payload);
  }
  Tracked(const Tracked &) = delete;
  ~Tracked() {
    ++C->Destroyed;
    C->Order.push_back(Id);
  }
};

/// Throws from its constructor when asked to, after a fully constructed
/// member (whose destructor the language runs; the arena must not).
struct ThrowsInCtor {
  Tracked Member;
  explicit ThrowsInCtor(Counters &Cs, int Id, bool Throw) : Member(Cs, Id) {
    if (Throw)
      throw std::runtime_error("ctor failed");
  }
};

struct alignas(64) Over64 {
  unsigned char Bytes[64];
};
struct alignas(128) Over128 {
  unsigned char Bytes[8];
};
struct alignas(256) Over256 {
  int X = 7;
  ~Over256() { X = 0; } // not trivially destructible: exercises DtorNode
};

} // namespace

//===----------------------------------------------------------------------===//
// Raw allocation and alignment.
//===----------------------------------------------------------------------===//

TEST(FrameArena, AllocationsHonorEveryAlignmentFrom1To64) {
  FrameArena<4096> A;
  for (std::size_t Align = 1; Align <= 64; Align *= 2) {
    for (std::size_t Bytes : {1u, 3u, 7u, 16u, 33u}) {
      // Misalign the top first so alignment is actually needed.
      void *Odd = A.allocate(1, 1);
      void *P = A.allocate(Bytes, Align);
      EXPECT_TRUE(isAligned(P, Align))
          << "align " << Align << " bytes " << Bytes;
      EXPECT_TRUE(A.inBuffer(P));
      EXPECT_TRUE(insideObject(P, A)); // the buffer lives in the arena object
      EXPECT_NE(Odd, P);
      std::memset(P, 0xAB, Bytes);
    }
  }
  EXPECT_EQ(A.stats().heapAllocations, 0u);
}

TEST(FrameArena, BumpAllocationIsContiguous) {
  FrameArena<64> A;
  auto *P0 = static_cast<char *>(A.allocate(1, 1));
  auto *P1 = static_cast<char *>(A.allocate(1, 1));
  auto *P2 = static_cast<char *>(A.allocate(5, 1));
  auto *P3 = static_cast<char *>(A.allocate(1, 1));
  EXPECT_EQ(P1, P0 + 1);
  EXPECT_EQ(P2, P1 + 1);
  EXPECT_EQ(P3, P2 + 5);
  EXPECT_EQ(A.bufferUsed(), 8u);
}

TEST(FrameArena, ZeroByteAllocationsAreDistinct) {
  FrameArena<64> A;
  void *P = A.allocate(0, 1);
  void *Q = A.allocate(0, 1);
  EXPECT_NE(P, nullptr);
  EXPECT_NE(P, Q);
}

TEST(FrameArena, InvalidAlignmentThrowsBadAlloc) {
  FrameArena<64> A;
  EXPECT_THROW((void)A.allocate(8, 3), std::bad_alloc);
  EXPECT_THROW((void)A.allocate(8, 0), std::bad_alloc);
  EXPECT_EQ(A.bufferUsed(), 0u);
}

TEST(FrameArena, OverAlignedTypesInBufferAndOnHeap) {
  FrameArena<2048> A;
  (void)A.allocate(1, 1); // misalign
  auto *O64 = A.make<Over64>();
  auto *O128 = A.make<Over128>();
  auto *O256 = A.make<Over256>();
  EXPECT_TRUE(isAligned(O64, 64));
  EXPECT_TRUE(isAligned(O128, 128));
  EXPECT_TRUE(isAligned(O256, 256));
  EXPECT_TRUE(A.inBuffer(O64) && A.inBuffer(O128) && A.inBuffer(O256));
  EXPECT_EQ(O256->X, 7);
  EXPECT_EQ(A.pendingDestructors(), 1u); // only Over256 has a destructor

  // Heap fallback must use the aligned operator new (or equivalent).
  FrameArena<16> Small;
  auto *H64 = Small.make<Over64>();
  auto *H256 = Small.make<Over256>();
  // (Larger than the buffer: a 10-byte request fitted whenever the 16-byte
  // buffer happened to be 4096-aligned on the stack, about once in 256
  // runs.)
  void *H4096 = Small.allocate(32, 4096);
  EXPECT_FALSE(Small.inBuffer(H64));
  EXPECT_FALSE(Small.inBuffer(H256));
  EXPECT_FALSE(Small.inBuffer(H4096));
  EXPECT_TRUE(isAligned(H64, 64));
  EXPECT_TRUE(isAligned(H256, 256));
  EXPECT_TRUE(isAligned(H4096, 4096));
  EXPECT_EQ(Small.stats().heapAllocations, 3u);
  std::memset(H64, 1, sizeof(Over64));
  std::memset(H4096, 1, 32);
}

//===----------------------------------------------------------------------===//
// Exhaustion and heap fallback.
//===----------------------------------------------------------------------===//

TEST(FrameArena, ExhaustionFallsBackToHeapAndFreesAtRelease) {
  FrameArena<256> A;
  void *InBuf[4];
  for (void *&P : InBuf) {
    P = A.allocate(64, 8);
    EXPECT_TRUE(A.inBuffer(P));
  }
  EXPECT_EQ(A.bufferUsed(), 256u);
  EXPECT_EQ(A.stats().heapAllocations, 0u);

  void *H1 = A.allocate(64, 8);
  void *H2 = A.allocate(1000, 16);
  EXPECT_FALSE(A.inBuffer(H1));
  EXPECT_FALSE(insideObject(H1, A));
  EXPECT_FALSE(A.inBuffer(H2));
  EXPECT_TRUE(isAligned(H2, 16));
  std::memset(H1, 0x5A, 64);
  std::memset(H2, 0x5A, 1000);
  EXPECT_EQ(A.stats().heapAllocations, 2u);
  EXPECT_EQ(A.stats().heapBytes, 1064u);
  EXPECT_EQ(A.liveHeapBlocks(), 2u);

  A.release();
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
  EXPECT_EQ(A.stats().heapFrees, 2u);
  EXPECT_EQ(A.bufferUsed(), 0u);
  // The buffer is usable again.
  EXPECT_TRUE(A.inBuffer(A.allocate(200, 8)));
}

TEST(FrameArena, LargeRequestGoesToHeapButSmallOnesStillUseBuffer) {
  FrameArena<128> A;
  void *Big = A.allocate(4096, 8);
  void *Small = A.allocate(16, 8);
  EXPECT_FALSE(A.inBuffer(Big));
  EXPECT_TRUE(A.inBuffer(Small));
  EXPECT_EQ(A.stats().heapAllocations, 1u);
}

TEST(FrameArena, ZeroCapacityArenaIsHeapOnly) {
  Arena A(nullptr, 0);
  void *P = A.allocate(8, 8);
  EXPECT_FALSE(A.inBuffer(P));
  EXPECT_EQ(A.stats().heapAllocations, 1u);
  FrameArena<0> F;
  EXPECT_FALSE(F.inBuffer(F.allocate(1, 1)));
}

TEST(FrameArena, ArenaOverExternalBuffer) {
  alignas(16) unsigned char Buf[100];
  Arena A(Buf, sizeof Buf);
  void *P = A.allocate(10, 1);
  EXPECT_EQ(P, static_cast<void *>(Buf));
  EXPECT_EQ(A.bufferCapacity(), 100u);
}

TEST(FrameArena, DeallocateFreesHeapBlocksImmediately) {
  FrameArena<32> A;
  void *H1 = A.allocate(100, 8);
  void *H2 = A.allocate(200, 64);
  void *H3 = A.allocate(300, 8);
  EXPECT_EQ(A.liveHeapBlocks(), 3u);
  A.deallocate(H2, 200, 64); // middle of the list
  EXPECT_EQ(A.liveHeapBlocks(), 2u);
  A.deallocate(H3, 300, 8); // head of the list
  A.deallocate(H1, 100, 8); // tail of the list
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
  EXPECT_EQ(A.stats().heapFrees, 3u);
  A.deallocate(nullptr, 8, 8); // ignored
}

TEST(FrameArena, DeallocatingTheLastBufferAllocationRollsBack) {
  FrameArena<128> A;
  void *P = A.allocate(32, 8);
  void *Q = A.allocate(32, 8);
  A.deallocate(P, 32, 8); // not the last one: no effect
  EXPECT_EQ(A.bufferUsed(), 64u);
  A.deallocate(Q, 32, 8); // the last one: reused
  EXPECT_EQ(A.bufferUsed(), 32u);
  EXPECT_EQ(A.allocate(32, 8), Q);
}

TEST(FrameArena, ReleaseFreesEveryHeapBlock) {
  Counters C;
  FrameArena<64> A;
  for (int I = 0; I < 50; ++I)
    (void)A.allocate(100 + I, I % 2 ? 64 : 8);
  for (int I = 0; I < 20; ++I)
    (void)A.make<Tracked>(C, I);
  (void)A.make<Over256>();
  EXPECT_GE(A.stats().heapAllocations, 70u);
  EXPECT_EQ(A.liveHeapBlocks(), A.stats().heapAllocations);
  A.release();
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
  EXPECT_EQ(A.stats().heapFrees, A.stats().heapAllocations);
  EXPECT_EQ(C.Destroyed, 20);
}

//===----------------------------------------------------------------------===//
// make<T>: destructors exactly once, reverse order, exception safety.
//===----------------------------------------------------------------------===//

TEST(FrameArenaMake, DestructorsRunOnceAtScopeExitInReverseOrder) {
  Counters C;
  {
    FrameArena<128> A; // small: later objects fall back to the heap
    for (int I = 0; I < 10; ++I) {
      Tracked *T = A.make<Tracked>(C, I);
      EXPECT_EQ(T->Id, I);
      EXPECT_EQ(T->Payload[5], static_cast<char>(I));
    }
    EXPECT_GT(A.stats().heapAllocations, 0u); // both paths exercised
    EXPECT_EQ(C.Constructed, 10);
    EXPECT_EQ(C.Destroyed, 0); // nothing before the arena ends
    EXPECT_EQ(A.pendingDestructors(), 10u);
  }
  EXPECT_EQ(C.Destroyed, 10);
  EXPECT_EQ(C.Order, (std::vector<int>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
}

TEST(FrameArenaMake, ReleaseRunsDestructorsAndDestructorDoesNotRepeat) {
  Counters C;
  {
    FrameArena<256> A;
    (void)A.make<Tracked>(C, 1);
    (void)A.make<Tracked>(C, 2);
    A.release();
    EXPECT_EQ(C.Destroyed, 2);
    EXPECT_EQ(A.stats().destructorsRun, 2u);
    (void)A.make<Tracked>(C, 3);
  }
  EXPECT_EQ(C.Destroyed, 3);
  EXPECT_EQ(C.Order, (std::vector<int>{2, 1, 3}));
}

TEST(FrameArenaMake, TriviallyDestructibleTypesAreNotTracked) {
  FrameArena<256> A;
  struct Pod {
    int X, Y;
  };
  Pod *P = A.make<Pod>(3, 4); // aggregate: brace-initialised
  EXPECT_EQ(P->X, 3);
  EXPECT_EQ(P->Y, 4);
  int *I = A.make<int>(42);
  EXPECT_EQ(*I, 42);
  EXPECT_EQ(A.pendingDestructors(), 0u);
  EXPECT_EQ(A.bufferUsed() <= sizeof(Pod) + sizeof(int) + 4, true);
}

TEST(FrameArenaMake, ConstructorArgumentsAreForwarded) {
  FrameArena<512> A;
  std::string S(100, 'x');
  auto *Moved = A.make<std::string>(std::move(S));
  EXPECT_EQ(Moved->size(), 100u);
  EXPECT_TRUE(S.empty()); // moved from, not copied
  auto *U = A.make<std::unique_ptr<int>>(new int(5));
  EXPECT_EQ(**U, 5); // the unique_ptr's destructor frees the int at scope exit
}

TEST(FrameArenaMake, ThrowingConstructorLeaksNothingAndIsNeverDestroyed) {
  Counters C;
  {
    FrameArena<256> A;
    (void)A.make<ThrowsInCtor>(C, 1, false);
    std::size_t UsedBefore = A.bufferUsed();
    EXPECT_THROW((void)A.make<ThrowsInCtor>(C, 2, true), std::runtime_error);
    // The member of the failed object was destroyed by the language, once.
    EXPECT_EQ(C.Constructed, 2);
    EXPECT_EQ(C.Destroyed, 1);
    EXPECT_EQ(C.Order, std::vector<int>{2});
    // No destructor registered for it, memory given back.
    EXPECT_EQ(A.pendingDestructors(), 1u);
    EXPECT_EQ(A.bufferUsed(), UsedBefore);
    (void)A.make<ThrowsInCtor>(C, 3, false);
  }
  EXPECT_EQ(C.Constructed, 3);
  EXPECT_EQ(C.Destroyed, 3);
  EXPECT_EQ(C.Order, (std::vector<int>{2, 3, 1}));
}

TEST(FrameArenaMake, ThrowingConstructorOnHeapPathFreesTheBlock) {
  Counters C;
  {
    FrameArena<8> A; // everything goes to the heap
    (void)A.make<ThrowsInCtor>(C, 1, false);
    EXPECT_EQ(A.liveHeapBlocks(), 1u);
    EXPECT_THROW((void)A.make<ThrowsInCtor>(C, 2, true), std::runtime_error);
    EXPECT_EQ(A.liveHeapBlocks(), 1u); // the failed block is already freed
    EXPECT_EQ(A.stats().heapAllocations, 2u);
    EXPECT_EQ(A.stats().heapFrees, 1u);
    EXPECT_EQ(A.pendingDestructors(), 1u);
  }
  EXPECT_EQ(C.Destroyed, 2);
}

namespace {
/// Its destructor allocates from the arena during release().
struct UsesArenaInDtor {
  Arena *A;
  Counters *C;
  ~UsesArenaInDtor() { (void)A->make<Tracked>(*C, 99); }
};
} // namespace

TEST(FrameArenaMake, DestructorsMayUseTheArenaDuringRelease) {
  Counters C;
  {
    FrameArena<256> A;
    (void)A.make<UsesArenaInDtor>(UsesArenaInDtor{&A, &C});
  }
  // The temporary passed to make<> ran its destructor too, creating #99
  // inside the arena; then release ran both: every Tracked destroyed once.
  EXPECT_EQ(C.Constructed, C.Destroyed);
  EXPECT_EQ(C.Constructed, 2);
}

//===----------------------------------------------------------------------===//
// ArenaAllocator: allocate_shared and containers.
//===----------------------------------------------------------------------===//

namespace {
struct SharedNode : std::enable_shared_from_this<SharedNode> {
  Counters *C;
  int Value;
  SharedNode(Counters &Cs, int V) : C(&Cs), Value(V) { ++C->Constructed; }
  ~SharedNode() { ++C->Destroyed; }
};
} // namespace

TEST(ArenaAllocator, AllocateSharedSemanticsAreExact) {
  Counters C;
  {
    FrameArena<1024> A;
    std::weak_ptr<SharedNode> W;
    {
      std::shared_ptr<SharedNode> P = std::allocate_shared<SharedNode>(
          ArenaAllocator<SharedNode>(A), C, 42);
      // One allocation for object + control block, in the frame buffer.
      EXPECT_EQ(A.stats().allocations, 1u);
      EXPECT_TRUE(A.inBuffer(P.get()));
      EXPECT_EQ(A.stats().heapAllocations, 0u);
      EXPECT_EQ(P->Value, 42);
      EXPECT_EQ(P.use_count(), 1);
      EXPECT_EQ(A.pendingDestructors(),
                0u); // shared_ptr owns it, not the arena

      std::shared_ptr<SharedNode> Q = P;
      EXPECT_EQ(P.use_count(), 2);
      W = P;
      EXPECT_EQ(W.use_count(), 2);
      EXPECT_FALSE(W.expired());

      std::shared_ptr<SharedNode> Self = Q->shared_from_this();
      EXPECT_EQ(Self.get(), P.get());
      EXPECT_EQ(P.use_count(), 3);
      EXPECT_FALSE(Self.owner_before(P) || P.owner_before(Self)); // same owner
      EXPECT_EQ(Q->weak_from_this().lock(), P);

      Q.reset();
      Self.reset();
      EXPECT_EQ(P.use_count(), 1);
      EXPECT_EQ(C.Destroyed, 0);
    }
    // Last strong owner gone: destroyed now, exactly once.
    EXPECT_EQ(C.Destroyed, 1);
    EXPECT_TRUE(W.expired());
    EXPECT_EQ(W.lock(), nullptr);
    // The control block survives while a weak_ptr does...
    EXPECT_EQ(A.stats().deallocations, 0u);
    W.reset();
    // ...and is returned to the arena with the last weak_ptr.
    EXPECT_EQ(A.stats().deallocations, 1u);
    EXPECT_EQ(A.bufferUsed(), 0u); // it was the last allocation: rolled back
  }
  EXPECT_EQ(C.Constructed, 1);
  EXPECT_EQ(C.Destroyed, 1); // the arena did not destroy it again
}

TEST(ArenaAllocator, AllocateSharedOnHeapFallbackFreesWithLastOwner) {
  Counters C;
  FrameArena<16> A;
  auto P =
      std::allocate_shared<SharedNode>(ArenaAllocator<SharedNode>(A), C, 1);
  EXPECT_FALSE(A.inBuffer(P.get()));
  EXPECT_EQ(A.liveHeapBlocks(), 1u);
  EXPECT_EQ(P->shared_from_this().use_count(), 2);
  P.reset();
  EXPECT_EQ(C.Destroyed, 1);
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
}

TEST(ArenaAllocator, AllocateSharedOverAligned) {
  FrameArena<2048> A;
  auto P = std::allocate_shared<Over256>(ArenaAllocator<Over256>(A));
  EXPECT_TRUE(isAligned(P.get(), 256));
  EXPECT_EQ(P->X, 7);
}

TEST(ArenaAllocator, EqualityRebindAndTraits) {
  FrameArena<64> A, B;
  ArenaAllocator<int> IA(A), IA2(A), IB(B);
  EXPECT_TRUE(IA == IA2);
  EXPECT_FALSE(IA != IA2);
  EXPECT_TRUE(IA != IB);
  using Traits = std::allocator_traits<ArenaAllocator<int>>;
  using DoubleAlloc = Traits::rebind_alloc<double>;
  static_assert(std::is_same<DoubleAlloc, ArenaAllocator<double>>::value, "");
  DoubleAlloc D(IA);
  EXPECT_TRUE(D == IA); // rebound copy compares equal to the original
  EXPECT_EQ(D.arena(), &A);
  ArenaAllocator<int> Back(D);
  EXPECT_TRUE(Back == IA);
  static_assert(!Traits::is_always_equal::value, "");
  double *P = D.allocate(3);
  EXPECT_TRUE(isAligned(P, alignof(double)));
  EXPECT_TRUE(A.inBuffer(P));
  D.deallocate(P, 3);
}

TEST(ArenaAllocator, VectorGrowsThroughTheAllocator) {
  FrameArena<256> A;
  {
    std::vector<int, ArenaAllocator<int>> V{ArenaAllocator<int>(A)};
    V.push_back(0);
    EXPECT_TRUE(A.inBuffer(V.data())); // small: in the frame buffer
    for (int I = 1; I < 1000; ++I)
      V.push_back(I);
    for (int I = 0; I < 1000; ++I)
      ASSERT_EQ(V[I], I);
    EXPECT_FALSE(A.inBuffer(V.data()));   // 4000 bytes: on the heap
    EXPECT_GE(A.stats().allocations, 8u); // one per growth step
    EXPECT_EQ(A.stats().allocations, A.stats().deallocations + 1);
    // Outgrown heap buffers were freed eagerly: only the current one is live.
    EXPECT_EQ(A.liveHeapBlocks(), 1u);
  }
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
}

TEST(ArenaAllocator, NodeContainersRebind) {
  FrameArena<4096> A;
  std::list<int, ArenaAllocator<int>> L{ArenaAllocator<int>(A)};
  for (int I = 0; I < 10; ++I)
    L.push_back(I);
  using MapAlloc = ArenaAllocator<std::pair<const int, std::string>>;
  std::map<int, std::string, std::less<int>, MapAlloc> M{MapAlloc(A)};
  M[1] = "one";
  M[2] = "two";
  EXPECT_EQ(L.size(), 10u);
  EXPECT_EQ(M.at(2), "two");
  EXPECT_EQ(A.stats().allocations, 12u); // 10 list nodes + 2 map nodes
  EXPECT_EQ(A.stats().heapAllocations, 0u);
}

TEST(ArenaAllocator, MoveAssignmentPropagatesTheAllocator) {
  FrameArena<1024> A, B;
  using Vec = std::vector<int, ArenaAllocator<int>>;
  Vec VA({1, 2, 3}, ArenaAllocator<int>(A));
  Vec VB{ArenaAllocator<int>(B)};
  const int *Data = VA.data();
  VB = std::move(VA);
  EXPECT_EQ(VB.data(), Data); // stolen, not copied
  EXPECT_TRUE(VB.get_allocator() == ArenaAllocator<int>(A));
  Vec VC{ArenaAllocator<int>(B)};
  VC = VB; // copy assignment keeps VC's arena
  EXPECT_TRUE(VC.get_allocator() == ArenaAllocator<int>(B));
  EXPECT_TRUE(B.inBuffer(VC.data()));
}

//===----------------------------------------------------------------------===//
// ArenaResource: std::pmr.
//===----------------------------------------------------------------------===//

#if ESCAPE_ARENA_HAS_PMR
TEST(ArenaResource, PmrVectorAndNestedStringsLiveInTheArena) {
  FrameArena<4096> A;
  escape::ArenaResource R(A);
  std::pmr::vector<int> V(&R);
  for (int I = 0; I < 100; ++I)
    V.push_back(I);
  EXPECT_EQ(V[99], 99);
  EXPECT_TRUE(A.inBuffer(V.data()));

  std::pmr::vector<std::pmr::string> S(&R);
  S.emplace_back(200, 'q'); // uses-allocator construction: string in arena too
  EXPECT_TRUE(A.inBuffer(S[0].data()));
  EXPECT_EQ(S[0].get_allocator().resource(), &R);
  EXPECT_EQ(A.stats().heapAllocations, 0u);
}

TEST(ArenaResource, AlignmentAndHeapFallback) {
  FrameArena<64> A;
  escape::ArenaResource R(A);
  void *P = R.allocate(8, 64);
  EXPECT_TRUE(isAligned(P, 64));
  void *Big = R.allocate(1000, 128);
  EXPECT_TRUE(isAligned(Big, 128));
  EXPECT_FALSE(A.inBuffer(Big));
  R.deallocate(Big, 1000, 128);
  EXPECT_EQ(A.liveHeapBlocks(), 0u);
}

TEST(ArenaResource, Equality) {
  FrameArena<64> A, B;
  escape::ArenaResource R1(A), R2(A), R3(B);
  EXPECT_TRUE(R1.is_equal(R2));
  EXPECT_TRUE(R1 == R2);
  EXPECT_FALSE(R1.is_equal(R3));
  EXPECT_FALSE(R1.is_equal(*std::pmr::new_delete_resource()));
  EXPECT_EQ(&R1.arena(), &A);
}
#endif

//===----------------------------------------------------------------------===//
// The rewritten new/delete: ArenaNew + destroy, newArray + destroyArray.
//===----------------------------------------------------------------------===//

using escape::ArenaNew;

namespace {
/// Throws from the constructor of the instance numbered ThrowAt (counting
/// constructions in Cs), after registering itself in Cs.
struct ThrowsOnNth {
  static Counters *Cs;
  static int ThrowAt;
  int Id;
  ThrowsOnNth() : Id(Cs->Constructed + 1) {
    if (Id == ThrowAt)
      throw std::runtime_error("element ctor failed");
    ++Cs->Constructed;
  }
  ~ThrowsOnNth() {
    ++Cs->Destroyed;
    Cs->Order.push_back(Id);
  }
};
Counters *ThrowsOnNth::Cs = nullptr;
int ThrowsOnNth::ThrowAt = 0;
} // namespace

TEST(ArenaNew, AlignedLikeOperatorNewInBufferAndOnHeap) {
  FrameArena<1024> A;
  (void)A.allocate(1, 1); // misalign
  char *C = new (ArenaNew(A)) char('x');
  auto *O64 = new (ArenaNew(A)) Over64();
  auto *O256 = new (ArenaNew(A)) Over256;
  EXPECT_TRUE(isAligned(C, __STDCPP_DEFAULT_NEW_ALIGNMENT__));
  EXPECT_TRUE(isAligned(O64, 64));
  EXPECT_TRUE(isAligned(O256, 256));
  EXPECT_TRUE(A.inBuffer(C) && A.inBuffer(O64) && A.inBuffer(O256));
  EXPECT_EQ(O256->X, 7);
  EXPECT_EQ(A.pendingDestructors(), 0u); // owned by the pointer, not the arena
  A.destroy(O256);
  A.destroy(O64);
  A.destroy(C);

  FrameArena<16> Small; // heap fallback keeps the alignment
  auto *H256 = new (ArenaNew(Small)) Over256;
  auto *H = new (ArenaNew(Small)) Over64{};
  EXPECT_FALSE(Small.inBuffer(H256));
  EXPECT_TRUE(isAligned(H256, 256));
  EXPECT_TRUE(isAligned(H, __STDCPP_DEFAULT_NEW_ALIGNMENT__));
  EXPECT_EQ(Small.liveHeapBlocks(), 2u);
  Small.destroy(H256);
  EXPECT_EQ(Small.liveHeapBlocks(), 1u); // freed at the delete, not later
  Small.destroy(H);
  EXPECT_EQ(Small.liveHeapBlocks(), 0u);
}

TEST(ArenaNew, DestroyRunsTheDestructorOnceAndReusesTheMemory) {
  Counters C;
  {
    FrameArena<256> A;
    std::size_t Before = A.bufferUsed();
    for (int I = 0; I < 100; ++I) { // a loop: the same bytes every time
      Tracked *T = new (ArenaNew(A)) Tracked(C, I);
      EXPECT_TRUE(A.inBuffer(T));
      EXPECT_EQ(C.Destroyed, I);
      A.destroy(T); // the `delete`: the destructor runs here
      EXPECT_EQ(C.Destroyed, I + 1);
      EXPECT_EQ(A.bufferUsed(), Before);
    }
    EXPECT_EQ(A.stats().heapAllocations, 0u);
  }
  EXPECT_EQ(C.Constructed, 100);
  EXPECT_EQ(C.Destroyed, 100); // and never again at scope exit
  FrameArena<64> A;
  A.destroy(static_cast<Tracked *>(nullptr)); // like `delete nullptr`
  EXPECT_EQ(A.stats().deallocations, 0u);
}

TEST(ArenaNew, NeverDeletedMeansNeverDestroyedButMemoryReturns) {
  // `T *p = new T; ...` without a delete on some path leaks the object: its
  // destructor never runs. The arena form keeps that (no destructor) and
  // only takes the memory back.
  Counters C;
  std::size_t Frees;
  {
    FrameArena<8> A; // heap path
    (void)new (ArenaNew(A)) Tracked(C, 1);
    EXPECT_EQ(A.liveHeapBlocks(), 1u);
    A.release();
    Frees = A.stats().heapFrees;
  }
  EXPECT_EQ(Frees, 1u);
  EXPECT_EQ(C.Destroyed, 0);
}

TEST(ArenaNew, ThrowingConstructorGivesTheMemoryBack) {
  Counters C;
  {
    FrameArena<256> A;
    std::size_t Before = A.bufferUsed();
    EXPECT_THROW((void)new (ArenaNew(A)) ThrowsInCtor(C, 1, true),
                 std::runtime_error);
    EXPECT_EQ(A.bufferUsed(), Before); // placement delete rolled it back
    EXPECT_EQ(C.Destroyed, 1);         // the member, by the language
    FrameArena<8> H;
    EXPECT_THROW((void)new (ArenaNew(H)) ThrowsInCtor(C, 2, true),
                 std::runtime_error);
    EXPECT_EQ(H.liveHeapBlocks(), 0u);
    EXPECT_EQ(H.stats().heapFrees, 1u);
  }
  EXPECT_EQ(C.Constructed, 2);
  EXPECT_EQ(C.Destroyed, 2);
}

TEST(ArenaNewArray, AlignmentInitialisationAndCounts) {
  FrameArena<1024> A;
  (void)A.allocate(1, 1);
  int *Z = A.newArrayValueInit<int>(8);
  EXPECT_TRUE(isAligned(Z, __STDCPP_DEFAULT_NEW_ALIGNMENT__));
  for (int I = 0; I < 8; ++I)
    EXPECT_EQ(Z[I], 0);
  auto *O = A.newArray<Over64>(3);
  EXPECT_TRUE(isAligned(O, 64));
  EXPECT_TRUE(A.inBuffer(Z) && A.inBuffer(O));
  std::size_t BeforeE = A.bufferUsed();
  char *E1 = A.newArray<char>(0), *E2 = A.newArray<char>(0u);
  EXPECT_NE(E1, nullptr);
  EXPECT_NE(E1, E2); // like new char[0]: distinct pointers
  EXPECT_THROW((void)A.newArray<int>(-1), std::bad_array_new_length);
  EXPECT_THROW((void)A.newArray<Over64>(std::size_t(-1) / 8),
               std::bad_array_new_length);
  A.destroyArray(E2);
  A.destroyArray(E1);
  EXPECT_EQ(A.bufferUsed(), BeforeE); // each block rolled back in turn
  A.destroyArray(O);
  A.destroyArray(Z);
  EXPECT_EQ(A.stats().heapAllocations, 0u);
}

TEST(ArenaNewArray, ExhaustionFallsBackToHeapAndDeleteFreesAtOnce) {
  FrameArena<256> A;
  for (int Round = 0; Round < 10; ++Round) {
    double *D = A.newArray<double>(1000 + Round); // larger than the buffer
    EXPECT_FALSE(A.inBuffer(D));
    EXPECT_TRUE(isAligned(D, __STDCPP_DEFAULT_NEW_ALIGNMENT__));
    D[999] = Round;
    EXPECT_EQ(A.liveHeapBlocks(), 1u);
    A.destroyArray(D);
    EXPECT_EQ(A.liveHeapBlocks(), 0u);
  }
  EXPECT_EQ(A.stats().heapFrees, 10u);
}

TEST(ArenaNewArray, DestroyArrayRunsEachDestructorOnceInReverse) {
  Counters C;
  ThrowsOnNth::Cs = &C;
  ThrowsOnNth::ThrowAt = 0;
  {
    FrameArena<128> A; // 5 elements fit; the second array goes to the heap
    ThrowsOnNth *X = A.newArray<ThrowsOnNth>(5);
    ThrowsOnNth *Y = A.newArray<ThrowsOnNth>(40);
    EXPECT_FALSE(A.inBuffer(Y));
    EXPECT_EQ(C.Constructed, 45);
    A.destroyArray(X);
    EXPECT_EQ(C.Order, (std::vector<int>{5, 4, 3, 2, 1}));
    A.destroyArray(Y);
    EXPECT_EQ(C.Destroyed, 45);
    EXPECT_EQ(C.Order.back(), 6);
    EXPECT_EQ(A.pendingDestructors(), 0u);
  }
  EXPECT_EQ(C.Destroyed, 45); // nothing more at scope exit
}

TEST(ArenaNewArray, ThrowingElementDestroysTheBuiltOnesAndGivesMemoryBack) {
  Counters C;
  ThrowsOnNth::Cs = &C;
  {
    FrameArena<512> A;
    std::size_t Before = A.bufferUsed();
    ThrowsOnNth::ThrowAt = 4; // elements 1..3 built, the 4th throws
    EXPECT_THROW((void)A.newArray<ThrowsOnNth>(10), std::runtime_error);
    EXPECT_EQ(C.Constructed, 3);
    EXPECT_EQ(C.Order, (std::vector<int>{3, 2, 1}));
    EXPECT_EQ(A.bufferUsed(), Before);
    FrameArena<8> H;          // heap path
    ThrowsOnNth::ThrowAt = 6; // 4, 5 built
    EXPECT_THROW((void)H.newArrayValueInit<ThrowsOnNth>(10),
                 std::runtime_error);
    EXPECT_EQ(H.liveHeapBlocks(), 0u);
    EXPECT_EQ(H.stats().heapFrees, 1u);
  }
  EXPECT_EQ(C.Constructed, 5);
  EXPECT_EQ(C.Destroyed, 5); // each built element exactly once
  EXPECT_EQ(C.Order, (std::vector<int>{3, 2, 1, 5, 4}));
  ThrowsOnNth::ThrowAt = 0;
}
