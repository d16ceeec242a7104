// new int[n] of a size only known at run time: the pass gives the site a
// frame-arena buffer (256 bytes: 64 ints; every N here fits) with a heap
// fallback.
#include <cstdio>

__attribute__((noinline)) long sum(const int *A, int N) {
  long T = 0;
  for (int I = 0; I < N; ++I)
    T += A[I];
  return T;
}

int main(int Argc, char **) {
  long T = 0;
  for (int I = 0; I < 30000000; ++I) {
    int N = 16 + (I * Argc) % 48;
    int *A = new int[N];
    for (int K = 0; K < N; ++K)
      A[K] = I ^ K;
    T += sum(A, N);
    delete[] A;
  }
  std::printf("checksum %ld\n", T);
}
