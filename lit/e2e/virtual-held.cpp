// Virtual calls through a copy of the pointer kept in a local variable (a
// holder whose address goes to an out-of-line call, so it stays in memory;
// an atomic reference-count increment keeps GVN from forwarding the
// pointer): the pass follows the holder's loads, sees the vtable pointer
// the constructor stored, and makes the calls direct (a class with external
// linkage and not final is fine: the dynamic type comes from the
// constructor this function ran, not from the hierarchy). Another type
// constructed into the object (placement new) before the call: the call
// must go to that type's override (the output says so; the object itself
// does not escape and may move). Twins that stay on the heap: a target
// that keeps `this` in a global, a constructor without a body here (no
// vtable pointer seen), the holder handed to a call before the virtual
// call. Every program prints the same with and without the plugin, and
// under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
#include <atomic>
#include <cstdio>
#include <new>

#define NOINLINE __attribute__((noinline))

struct Counted {
  virtual int get() const = 0;
  virtual ~Counted() = default;
  std::atomic<int> Refs{1};
};
struct Leaf : Counted {
  int V;
  explicit Leaf(int V) : V(V) {}
  int get() const override { return V * 2; }
};
struct Other : Counted {
  int get() const override { return -1; }
};
Counted *Kept;
struct Keeper : Counted {
  int get() const override {
    Kept = const_cast<Keeper *>(this);
    return 3;
  }
};
struct Far : Counted {
  Far(); // defined in no visible place here (below, noinline)
  int get() const override { return 5; }
};
NOINLINE Far::Far() {}

struct Holder {
  Counted *P;
};
NOINLINE int look(const Holder &H) { return H.P != nullptr; }

int held(int V) {
  Holder H{new Leaf(V)}; // REMARK: virtual-held.cpp:[[@LINE]]:12: remark: 'new' of 16 bytes moved to the stack
  H.P->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = H.P->get();
  delete H.P;
  H.P = nullptr;
  return R + look(H);
}

// Placement new of another type into the object: its vtable pointer is
// Other's at the call, which returns -1 (not Leaf's 2 * V).
int replaced(int V) {
  Holder H{new Leaf(V)};
  H.P->Refs.fetch_add(1, std::memory_order_acq_rel);
  H.P->~Counted();
  H.P = new (H.P) Other;
  int R = H.P->get();
  delete H.P;
  H.P = nullptr;
  return R + look(H);
}

// The target keeps `this` in a global: made direct, and then it escapes.
int keeper() {
  Holder H{new Keeper}; // REMARK: virtual-held.cpp:[[@LINE]]:12: remark: 'new' of 16 bytes stays on the heap
  H.P->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = H.P->get();
  H.P = nullptr;
  return R + look(H);
}

// The constructor is out of line: no vtable pointer stored here.
int far() {
  Holder H{new Far}; // REMARK: virtual-held.cpp:[[@LINE]]:12: remark: 'new' of 16 bytes stays on the heap
  H.P->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = H.P->get();
  delete H.P;
  H.P = nullptr;
  return R + look(H);
}

// The holder goes to a call before the virtual call: the callee may have
// rewritten the object through it.
int passed_first(int V) {
  Holder H{new Leaf(V)}; // REMARK: virtual-held.cpp:[[@LINE]]:12: remark: 'new' of 16 bytes stays on the heap
  H.P->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = look(H);
  R += H.P->get();
  delete H.P;
  H.P = nullptr;
  return R + look(H);
}

int main(int argc, char **) {
  long S = 0, Rep = 0, T = 0;
  for (int I = 0; I < 1000; ++I) {
    S += held(I + argc);
    Rep += replaced(I + argc);
    T += passed_first(I + argc) + far();
  }
  T += keeper();
  std::printf("held=%ld replaced=%ld other=%ld kept=%d\n", S, Rep, T,
              Kept->get());
  delete Kept;
  return 0;
}
// OUT: held=1001000 replaced=-1000 other=1007003 kept=3
