// vector_temps.cpp written by hand with a stack array.
#include <cstdio>

__attribute__((noinline)) long dot(const int (&A)[64], int Scale) {
  long T = 0;
  for (int I = 0; I < 64; ++I)
    T += static_cast<long>(A[I]) * (Scale + I);
  return T;
}

int main() {
  long T = 0;
  for (int I = 0; I < 20000000; ++I) {
    int V[64] = {};
    for (int K = 0; K < 64; ++K)
      V[K] = (I + K) & 255;
    T += dot(V, I & 15);
  }
  std::printf("checksum %ld\n", T);
}
