// bench-flags: -std=c++17
// unique_ptr_loop.cpp written by hand with a stack object: what clang-escape
// should reach for that loop. Same output, no per-iteration allocation.
#include <cstdio>

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
    Big B{}; // value-initialised, like std::make_unique<Big>()
    fill(B, I);
    Total += checksum(B);
  }
  std::printf("total=%lld\n", Total);
  return 0;
}
