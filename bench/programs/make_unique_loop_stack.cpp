// make_unique_loop.cpp written by hand with a stack object.
#include <cstdio>

struct Particle {
  double Pos[3], Vel[3], Acc[3];
  long Id;
};

__attribute__((noinline)) void step(Particle &P, double Dt) {
  for (int K = 0; K < 3; ++K) {
    P.Vel[K] += P.Acc[K] * Dt;
    P.Pos[K] += P.Vel[K] * Dt;
  }
}
__attribute__((noinline)) double energy(const Particle &P) {
  return P.Vel[0] * P.Vel[0] + P.Vel[1] * P.Vel[1] + P.Vel[2] * P.Vel[2];
}

int main() {
  double Sum = 0;
  for (long I = 0; I < 40000000; ++I) {
    Particle P{};
    P.Id = I;
    P.Acc[I % 3] = 1.0 + (I & 7);
    step(P, 0.01);
    Sum += energy(P);
  }
  std::printf("checksum %.6f\n", Sum);
}
