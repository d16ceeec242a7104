// An object that lives into the next iteration (delete Prev; Prev = new):
// two are live at a time. The pass puts the site in the frame arena; its free
// list recycles the buffer.
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
  Sample *Prev = nullptr;
  for (long I = 0; I < 60000000; ++I) {
    Sample *Cur = new Sample;
    measure(*Cur, I);
    if (Prev)
      T += delta(*Prev, *Cur);
    delete Prev;
    Prev = Cur;
  }
  delete Prev;
  std::printf("checksum %.3f\n", T);
}
