// bench-flags: -std=c++17
// bench-stack: hand_stack.cpp (the same loop with a stack object)
// A std::make_unique<Big>() per iteration, used only through a reference
// passed to functions that are not inlined, and destroyed at the end of the
// iteration: the object never escapes its frame, so clang-escape should turn
// the allocation into a stack slot. hand_stack.cpp is the same loop written
// with a stack object (the target); shared_ptr_loop.cpp uses make_shared.
#include <cstdio>
#include <memory>

struct Big {
  int V[64];
};

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noipa))
#endif

NOINLINE void fill(Big &B, int Seed) {
  for (int I = 0; I < 64; ++I)
    B.V[I] = Seed * 31 + I;
}

NOINLINE long long checksum(const Big &B) {
  long long S = 0;
  for (int I = 0; I < 64; ++I)
    S += B.V[I] ^ (I * 7);
  return S;
}

int main() {
  long long Total = 0;
  for (int I = 0; I < 20000000; ++I) {
    std::unique_ptr<Big> B = std::make_unique<Big>();
    fill(*B, I);
    Total += checksum(*B);
  }
  std::printf("total=%lld\n", Total);
  return 0;
}
