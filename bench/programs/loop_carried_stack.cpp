// loop_carried.cpp written by hand with stack objects: two samples, used in
// turn.
#include <cstdio>

struct Sample {
  double V[6];
  long Id;
};

__attribute__((noinline)) void measure(Sample &S, long I) {
  for (int K = 0; K < 6; ++K)
    S.V[K] = (I + K) * 0.5;
  S.Id = I;
}
__attribute__((noinline)) double delta(const Sample &A, const Sample &B) {
  double D = 0;
  for (int K = 0; K < 6; ++K)
    D += B.V[K] - A.V[K];
  return D + (B.Id - A.Id);
}

int main() {
  double T = 0;
  Sample Slots[2];
  Sample *Prev = nullptr;
  for (long I = 0; I < 60000000; ++I) {
    Sample *Cur = &Slots[I & 1];
    measure(*Cur, I);
    if (Prev)
      T += delta(*Prev, *Cur);
    Prev = Cur;
  }
  std::printf("checksum %.3f\n", T);
}
