// new/delete of a 256-byte struct in nested loops, read in a loop and passed
// to a non-inlined function.
#include <cstdio>

struct Block {
  unsigned Words[64];
};

__attribute__((noinline)) unsigned mix(const Block &B, unsigned Seed) {
  unsigned H = Seed;
  for (unsigned W : B.Words)
    H = (H ^ W) * 16777619u;
  return H;
}

int main() {
  unsigned H = 2166136261u;
  for (int Outer = 0; Outer < 12000; ++Outer)
    for (int I = 0; I < 1000; ++I) {
      Block *B = new Block;
      for (int K = 0; K < 64; ++K)
        B->Words[K] = Outer * 131 + I * 7 + K;
      H = mix(*B, H);
      delete B;
    }
  std::printf("checksum %u\n", H);
}
