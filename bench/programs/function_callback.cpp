// A lambda that captures a frame-local buffer by reference, passed as
// `const std::function<...> &` to a visitor that only calls it (issue 16,
// item 3). With the pass the std::function's calls become direct, the
// lambda is inlined, and the buffer moves to the stack.
#include <cstdio>
#include <functional>
#include <memory>

static void forEachCell(int N, const std::function<void(int)> &Visit) {
  for (int I = 0; I < N; ++I)
    Visit(I);
}

__attribute__((noinline)) long histogram(int Seed) {
  auto Counts = std::make_unique<int[]>(32);
  forEachCell(64, [&](int I) { Counts[(I * 7 + Seed) & 31] += I; });
  long S = 0;
  for (int I = 0; I < 32; ++I)
    S += Counts[I] * (I + 1);
  return S;
}

int main() {
  long T = 0;
  for (int R = 0; R < 5000000; ++R)
    T += histogram(R);
  std::printf("checksum %ld\n", T);
}
