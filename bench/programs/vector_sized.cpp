// std::vector<int> V(N) of a size known only at run time (16..47 ints),
// filled and summed in the frame (issue 16 item 2: its size arithmetic,
// `end - begin`, is not a capture; the buffer moves to the frame arena).
#include <cstdio>
#include <vector>

__attribute__((noinline)) long fill_sum(int N, int Seed) {
  std::vector<int> V(N);
  for (int K = 0; K < N; ++K)
    V[K] = (Seed + K) & 255;
  long S = 0;
  for (int X : V)
    S += X;
  return S;
}

int main() {
  long T = 0;
  for (int I = 0; I < 20000000; ++I)
    T += fill_sum(16 + (I & 31), I);
  std::printf("checksum %ld\n", T);
}
