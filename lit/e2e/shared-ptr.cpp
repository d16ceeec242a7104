// Reference-counted objects and virtual calls in the one-flag path. An
// intrusively counted object (an atomic count, a virtual call after the
// count's increment) whose pointer dies in the frame moves to the stack: the
// vtable pointer its constructor stored makes the virtual call direct, and
// the atomic increment is a use. Its twins stay on the heap: stored to a
// global before the call, or its count handed to another owner. The
// std::shared_ptr owners that outlive the frame -- a weak_ptr, a copy in a
// global, a returned one, one passed to an opaque function, an aliasing one
// -- keep their objects on the heap, and every program prints the same with
// and without the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
#include <atomic>
#include <cstdio>
#include <memory>
#include <vector>

#define NOINLINE __attribute__((noinline))

namespace {
struct Counted {
  virtual int get() const = 0;
  virtual ~Counted() = default;
  std::atomic<int> Refs{1};
};
struct Leaf final : Counted {
  int V;
  explicit Leaf(int V) : V(V) {}
  int get() const override { return V * 2; }
};
struct Other final : Counted {
  int get() const override { return -1; }
};
Counted *Kept;
} // namespace

NOINLINE int local(int I) {
  Counted *C = new Leaf(I); // REMARK-DAG: shared-ptr.cpp:[[@LINE]]:16: remark: 'new' of 16 bytes moved to the stack
  C->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = C->get() + C->Refs.load(std::memory_order_acquire);
  delete C;
  return R;
}

NOINLINE int kept(int I) {
  Counted *C = new Leaf(I); // REMARK-DAG: shared-ptr.cpp:[[@LINE]]:16: remark: 'new' of 16 bytes stays on the heap
  C->Refs.fetch_add(1, std::memory_order_acq_rel);
  Kept = C;
  return C->get();
}

NOINLINE int either(int I) {
  Counted *C = I & 1 ? static_cast<Counted *>(new Leaf(I)) : new Other();
  C->Refs.fetch_add(1, std::memory_order_acq_rel);
  int R = C->get();
  delete C;
  return R;
}

std::weak_ptr<int> Weak;
std::shared_ptr<int> Global;
std::vector<std::shared_ptr<int>> Sink;
std::shared_ptr<int> Alias;

struct Pair {
  int A, B;
};

NOINLINE void opaque(std::shared_ptr<int> P) { Sink.push_back(std::move(P)); }

// Every owner dies in the frame: the releases' virtual calls are resolved
// from the control block's vtable (_M_release_last_use_cold inlined to show
// them), and the block moves. The others keep theirs on the heap.
NOINLINE long onlyLocal(int I) {
  auto P = std::make_shared<int>(I); // REMARK-DAG: shared-ptr.cpp:[[@LINE]]:12: remark: 'new' (in 'allocate' at new_allocator.h:137) of 24 bytes moved to the stack
  auto Q = P;
  return *Q + Q.use_count();
}
NOINLINE long weakOwner(int I) {
  auto P = std::make_shared<int>(I); // HEAP-NOT: shared-ptr.cpp:[[@LINE]]:{{.*}}moved
  Weak = P;
  return *P;
}
NOINLINE long globalCopy(int I) {
  auto P = std::make_shared<int>(I); // HEAP-NOT: shared-ptr.cpp:[[@LINE]]:{{.*}}moved
  if (I % 7 == 0)
    Global = P;
  return *P + P.use_count();
}
NOINLINE std::shared_ptr<int> returned(int I) {
  auto P = std::make_shared<int>(I); // HEAP-NOT: shared-ptr.cpp:[[@LINE]]:{{.*}}moved
  return P;
}
NOINLINE long passed(int I) {
  auto P = std::make_shared<int>(I); // HEAP-NOT: shared-ptr.cpp:[[@LINE]]:{{.*}}moved
  opaque(P);
  return *P;
}
NOINLINE long aliasing(int I) {
  auto P = std::make_shared<Pair>(Pair{I, I + 1}); // HEAP-NOT: shared-ptr.cpp:[[@LINE]]:{{.*}}moved
  Alias = std::shared_ptr<int>(P, &P->B);
  return P->A;
}

int main() {
  long T = 0;
  for (int I = 0; I < 1000; ++I) {
    T += local(I) + either(I);
    T += onlyLocal(I) + weakOwner(I) + globalCopy(I) + *returned(I) +
         passed(I) + aliasing(I);
    T += !Weak.expired();
  }
  T += kept(5) + Kept->get();
  delete Kept;
  std::printf("total=%ld global=%d sink=%zu alias=%d weak=%d\n", T, *Global,
              Sink.size(), *Alias, (int)Weak.expired());
  return 0;
}
// OUT: total={{[0-9]+}} global=994 sink=1000 alias=1000 weak=1
