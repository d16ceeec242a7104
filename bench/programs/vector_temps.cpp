// std::vector<int>(64) temporaries, filled and passed by const reference.
#include <cstdio>
#include <vector>

__attribute__((noinline)) long dot(const std::vector<int> &A, int Scale) {
  long T = 0;
  for (size_t I = 0; I < A.size(); ++I)
    T += static_cast<long>(A[I]) * (Scale + static_cast<int>(I));
  return T;
}

int main() {
  long T = 0;
  for (int I = 0; I < 20000000; ++I) {
    std::vector<int> V(64);
    for (int K = 0; K < 64; ++K)
      V[K] = (I + K) & 255;
    T += dot(V, I & 15);
  }
  std::printf("checksum %ld\n", T);
}
