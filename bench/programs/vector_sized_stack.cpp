// vector_sized.cpp written with a stack buffer by hand (at most 47 ints).
#include <cstdio>

__attribute__((noinline)) long fill_sum(int N, int Seed) {
  int V[64];
  for (int K = 0; K < N; ++K)
    V[K] = (Seed + K) & 255;
  long S = 0;
  for (int K = 0; K < N; ++K)
    S += V[K];
  return S;
}

int main() {
  long T = 0;
  for (int I = 0; I < 20000000; ++I)
    T += fill_sum(16 + (I & 31), I);
  std::printf("checksum %ld\n", T);
}
