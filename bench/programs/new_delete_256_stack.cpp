// new_delete_256.cpp written by hand with a stack object.
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
      Block B;
      for (int K = 0; K < 64; ++K)
        B.Words[K] = Outer * 131 + I * 7 + K;
      H = mix(B, H);
    }
  std::printf("checksum %u\n", H);
}
