// A std::function in a local variable calls its lambda through a function
// pointer it holds (its invoker) with its own address: the pass forwards the
// stored invoker and manager to the loads of those fields when nothing else
// can write them (LocalSlots.h), the calls become direct, the inliner
// inlines the lambda, and what it captures no longer goes to an indirect
// call: the arrays below move to the stack. So do those of a lambda in an
// inline member function (its linkonce_odr invoker is inlined where the pass
// judged it) and of a type-erased callable whose field points to a constant
// table of functions. The twins keep the heap (the
// lambda keeps the pointer; the std::function is copied into a global) or
// keep the indirect call (the called function rewrites the field; the field
// is written by a call the pass cannot see; a moved-from std::function),
// and print the same values.
// RUN: %clangxx -O2 %s -o %t.ref
// RUN: %t.ref | FileCheck --check-prefixes=CHECK,REF %s
// RUN: %clangxx -O2 %escape %s -o %t.h2s
// RUN: %t.h2s | FileCheck --check-prefixes=CHECK,H2S %s
// RUN: %clangxx -O2 -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | FileCheck --check-prefixes=CHECK,H2S %s
// RUN: %clangxx -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s \
// RUN:   -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
// RUN: %clangxx -O2 %escape -Xclang -print-stats -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck --check-prefix=STATS %s
// STATS: {{^ *}}[[#]] escape-heap-to-stack{{ +}}- Calls through a local variable's function pointer made direct
#include "Inputs/count-new.h"
#include <functional>
#include <memory>
#include <utility>

static int apply(const std::function<int(int)> &F, int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += F(I);
  return S;
}

// Captured by reference: the unique_ptr's array moves.
__attribute__((noinline)) int byReference(int N) {
  auto P = std::make_unique<int[]>(64);
  for (int I = 0; I < 64; ++I)
    P[I] = I;
  return apply([&](int I) { return P[I & 63]; }, N);
}
// REMARK-DAG: function-slots.cpp:[[#@LINE-5]]:12: remark: 'new[]' (in 'make_unique<int[]>' at unique_ptr.h:{{[0-9]+}}) of 256 bytes moved to the stack

// Captured by value: the array moves.
__attribute__((noinline)) int byValue(int N) {
  int *Q = new int[64];
  for (int I = 0; I < 64; ++I)
    Q[I] = 2 * I;
  int R = apply([Q](int I) { return Q[I & 63]; }, N);
  delete[] Q;
  return R;
}
// REMARK-DAG: function-slots.cpp:[[#@LINE-7]]:12: remark: 'new[]' of 256 bytes moved to the stack

// A lambda in an inline member function: its invoker and manager are
// linkonce_odr (another copy may be linked), so they are inlined where the
// pass judged them. The array moves.
struct Grid {
  int N;
  void forEach(const std::function<void(int)> &F) const {
    for (int I = 0; I < N; ++I)
      F(I);
  }
  long sum() const {
    auto Buf = std::make_unique<long[]>(32);
    forEach([&](int I) { Buf[I & 31] += I; });
    long S = 0;
    for (int I = 0; I < 32; ++I)
      S += Buf[I] * I;
    return S;
  }
  // Twin: the same kind of lambda keeps the pointer.
  __attribute__((noinline)) long *leak() const {
    long *Buf = new long[32]();
    forEach([Buf](int I) {
      Buf[I & 31] += I;
      LeakedRow = Buf;
    });
    return nullptr;
  }
  static long *LeakedRow;
};
long *Grid::LeakedRow;
// REMARK-DAG: function-slots.cpp:[[#@LINE-19]]:16: remark: 'new[]' (in 'make_unique<long[]>' at unique_ptr.h:{{[0-9]+}}) of 256 bytes moved to the stack
// REMARK-DAG: function-slots.cpp:[[#@LINE-11]]:17: remark: 'new[]' of 256 bytes stays on the heap: stored to global 'Grid::LeakedRow'

// Type erasure through a constant table of functions (the shape of
// GoogleMock's matchers and of absl::AnyInvocable): the field holds the
// table, the call loads the function from it.
struct Ops {
  long (*Call)(const void *, int);
};
template <class F> struct Erased {
  static long call(const void *Self, int I) {
    return (*static_cast<const F *>(Self))(I);
  }
  static constexpr Ops Table{&call};
};
struct AnyFn {
  const Ops *Table;
  alignas(8) unsigned char Buf[16];
  template <class F> AnyFn(F Fn) : Table(&Erased<F>::Table) {
    static_assert(sizeof(F) <= sizeof(Buf));
    new (Buf) F(Fn);
  }
  long operator()(int I) const { return Table->Call(Buf, I); }
};
static long drive(const AnyFn &F, int N) {
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += F(I);
  return S;
}
__attribute__((noinline)) long erased(int N) {
  long *T = new long[16];
  for (int I = 0; I < 16; ++I)
    T[I] = I * I;
  long R = drive(AnyFn([T](int I) { return T[I & 15]; }), N);
  delete[] T;
  return R;
}
// REMARK-DAG: function-slots.cpp:[[#@LINE-7]]:13: remark: 'new[]' of 128 bytes moved to the stack

// Twin: the lambda keeps the pointer, read after the frame has ended.
int *Kept;
__attribute__((noinline)) int keeps(int N) {
  int *Q = new int[64];
  for (int I = 0; I < 64; ++I)
    Q[I] = 3 * I;
  return apply(
      [Q](int I) {
        Kept = Q;
        return Q[I & 63];
      },
      N);
}
// REMARK-DAG: function-slots.cpp:[[#@LINE-10]]:12: remark: 'new[]' of 256 bytes stays on the heap: stored to global 'Kept'

// Twin: the std::function is copied into a global, called after the frame
// has ended.
std::function<int(int)> Saved;
static int save(const std::function<int(int)> &F, int N) {
  Saved = F;
  return apply(F, N);
}
__attribute__((noinline)) int copied(int N) {
  int *Q = new int[64];
  for (int I = 0; I < 64; ++I)
    Q[I] = 4 * I;
  return save([Q](int I) { return Q[I & 63]; }, N);
}
// REMARK-DAG: function-slots.cpp:[[#@LINE-5]]:12: remark: 'new[]' of 256 bytes stays on the heap: stored to a local variable passed to an indirect call

// Twin: the function called through the field replaces it.
struct Machine {
  int (*Step)(Machine *, int);
  int State;
};
static int second(Machine *M, int X) { return X * 100 + M->State; }
static int first(Machine *M, int X) {
  M->Step = second;
  M->State = X;
  return X;
}
__attribute__((noinline)) int rewrites(int N) {
  Machine M{first, 0};
  int S = 0;
  for (int I = 1; I <= N; ++I)
    S += M.Step(&M, I);
  return S;
}

// Twin: a call the pass cannot see replaces the field.
static void retarget(Machine *M) { M->Step = second; }
void (*volatile Retarget)(Machine *) = retarget;
__attribute__((noinline)) int unseen(int N) {
  Machine M{first, 7};
  int S = M.Step(&M, N);
  Retarget(&M);
  return S + M.Step(&M, N);
}

// Twin: a moved-from std::function is empty.
__attribute__((noinline)) int movedFrom(int N) {
  int Base = N;
  std::function<int(int)> F = [&](int I) { return Base + I; };
  std::function<int(int)> G = std::move(F);
  return G(1) + (F ? 1000 : 0);
}

int main() {
  unsigned long Before = HeapAllocs;
  int R = byReference(100) + byValue(100);
  std::printf("captured: %d, %lu heap objects\n", R,
              HeapAllocs - Before);
  Before = HeapAllocs;
  long E = erased(100);
  std::printf("erased: %ld, %lu heap objects\n", E, HeapAllocs - Before);
  Grid G{100};
  Before = HeapAllocs;
  long Sum = G.sum();
  std::printf("grid: %ld, %lu heap objects\n", Sum, HeapAllocs - Before);
  G.leak();
  std::printf("keeps: %d\n", keeps(10));
  std::printf("copied: %d\n", copied(10));
  int Pad[256];
  for (int I = 0; I < 256; ++I) // (overwrites a dead frame's stack)
    Pad[I] = -I;
  asm volatile("" : : "r"(Pad) : "memory");
  std::printf("kept: %d, saved: %d, row: %ld\n", Kept[5], Saved(5),
              Grid::LeakedRow[3]);
  std::printf("rewrites: %d\n", rewrites(3));
  std::printf("unseen: %d\n", unseen(5));
  std::printf("moved from: %d\n", movedFrom(5));
}
// REF: captured: 7938, 2 heap objects
// H2S: captured: 7938, 0 heap objects
// REF-NEXT: erased: {{[0-9]+}}, 1 heap objects
// H2S-NEXT: erased: {{[0-9]+}}, 0 heap objects
// REF-NEXT: grid: {{[0-9]+}}, 1 heap objects
// H2S-NEXT: grid: {{[0-9]+}}, 0 heap objects
// CHECK-NEXT: keeps: 135
// CHECK-NEXT: copied: 180
// CHECK-NEXT: kept: 15, saved: 20
// CHECK-NEXT: rewrites: 503
// CHECK-NEXT: unseen: 510
// CHECK-NEXT: moved from: 6
