// Two std::vector<int> temporaries, one of them chosen at run time and
// summed through a reference (`const std::vector<int> &V = C ? A : B`):
// V's size arithmetic subtracts addresses of either buffer, switched
// together by one condition (issue 16, docs/heap-to-stack.md "Size
// arithmetic").
#include <cstdio>
#include <vector>

__attribute__((noinline)) long pick(int N, int M, bool C) {
  std::vector<int> A(N), B(M);
  for (int K = 0; K < N; ++K)
    A[K] = K * 3;
  for (int K = 0; K < M; ++K)
    B[K] = K ^ 5;
  const std::vector<int> &V = C ? A : B;
  long S = 0;
  for (int X : V)
    S += X;
  return S + static_cast<long>(V.size());
}

int main(int Argc, char **) {
  long T = 0;
  for (int I = 0; I < 10000000; ++I)
    T += pick(16 + (I & 15), 24 + (I & 7), ((I + Argc) & 1) != 0);
  std::printf("checksum %ld\n", T);
}
