// variable_new_array.cpp written by hand with a stack buffer and a heap
// fallback (what the frame arena does), keeping the program's behaviour for
// every N: a negative N still reaches `new int[N]` (which throws), hence the
// unsigned comparison. (Written `N <= 64 ? Buf : ...`, a negative N would
// quietly use the buffer instead, and clang, which can prove N <= 63 here,
// drops the heap branch altogether: a different program.)
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
    int Buf[64];
    int *A = static_cast<unsigned>(N) <= 64 ? Buf : new int[N];
    for (int K = 0; K < N; ++K)
      A[K] = I ^ K;
    T += sum(A, N);
    if (A != Buf)
      delete[] A;
  }
  std::printf("checksum %ld\n", T);
}
