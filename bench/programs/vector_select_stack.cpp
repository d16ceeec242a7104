// vector_select.cpp written by hand with stack storage: both arrays in the
// frame (they fit: at most 31 and 31 ints), the chosen one summed through a
// pointer and a run-time size, as the vector version's begin and end are.
#include <cstdio>

__attribute__((noinline)) long pick(int N, int M, bool C) {
  int A[32], B[32];
  for (int K = 0; K < N; ++K)
    A[K] = K * 3;
  for (int K = 0; K < M; ++K)
    B[K] = K ^ 5;
  const int *Begin = C ? A : B;
  const int *End = C ? A + N : B + M;
  long S = 0;
  for (const int *P = Begin; P != End; ++P)
    S += *P;
  return S + static_cast<long>(End - Begin);
}

int main(int Argc, char **) {
  long T = 0;
  for (int I = 0; I < 10000000; ++I)
    T += pick(16 + (I & 15), 24 + (I & 7), ((I + Argc) & 1) != 0);
  std::printf("checksum %ld\n", T);
}
