// lit/profile/static-join.test: sites joined with the static analysis.
#include "join.h"
#include <cstdio>
#include <memory>

int *Kept[3];

// Mostly frame-local, but the static analysis sees the store to a global.
__attribute__((noinline)) int partly(int I) {
  int *P = new int(I); // line 10
  if (I < 3)
    Kept[I] = P;
  int R = *P;
  if (I >= 3)
    delete P;
  return R;
}

// Returned: outlives its frame, statically and dynamically.
__attribute__((noinline)) int *make(int I) {
  return new int(I); // line 21
}

struct Particle {
  double Pos[3], Vel[3];
  long Id;
};
__attribute__((noinline)) void step(Particle &P) { P.Pos[0] += P.Vel[0]; }

int main() {
  long T = 0;
  for (int I = 0; I < 10; ++I) {
    T += partly(I);
    int *M = make(I);
    T += *M;
    delete M;
    T += fromHeader(I);
    auto P = std::make_unique<Particle>(); // line 38: moved to the stack
    P->Id = I;
    step(*P);
    T += P->Id;
  }
  for (int *P : Kept)
    delete P;
  std::printf("sum %ld\n", T);
}
