// vector_temps.cpp written by hand with stack storage behind the same
// interface: the callee still receives a run-time-sized sequence (pointer and
// size, as std::span<const int> would give it), so the only difference from
// vector_temps.cpp is where the 64 ints live. (With a fixed-size
// `const int (&)[64]` parameter the callee's trip count becomes a constant
// and its loop faster still; no change of allocation can give that, see
// docs/heap-to-stack.md.)
#include <cstddef>
#include <cstdio>

struct IntView {
  const int *Begin, *End;
  size_t size() const { return static_cast<size_t>(End - Begin); }
  int operator[](size_t I) const { return Begin[I]; }
};

__attribute__((noinline)) long dot(const IntView &A, int Scale) {
  long T = 0;
  for (size_t I = 0; I < A.size(); ++I)
    T += static_cast<long>(A[I]) * (Scale + static_cast<int>(I));
  return T;
}

int main() {
  long T = 0;
  for (int I = 0; I < 20000000; ++I) {
    int V[64] = {};
    for (int K = 0; K < 64; ++K)
      V[K] = (I + K) & 255;
    T += dot(IntView{V, V + 64}, I & 15);
  }
  std::printf("checksum %ld\n", T);
}
