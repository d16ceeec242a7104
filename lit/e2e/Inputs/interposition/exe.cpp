// defines viaKey too: with semantic interposition, libcb.so's call goes here
#include <cstdio>
const int *Kept;
long viaKey(const int *P, int N) { Kept = P; long S = 0; for (int I = 0; I < N; ++I) S += P[I]; return S; }
long f(int n);
__attribute__((noinline)) long clobber(int n) { volatile int buf[64]; for (int i = 0; i < 64; ++i) buf[i] = -i * n; return buf[3]; }
int main(int argc, char **) {
  long s = f(argc);
  s += clobber(argc + 7);
  long t = 0;
  for (int i = 0; i < 16; ++i) t += Kept[i];
  std::printf("f %ld kept %ld\n", s, t);
}
