// A 2 KiB object (above the 1 KiB slot limit) and a variable-size one.
#include <cstdio>
#include <memory>
__attribute__((noinline)) long use(const long *P, int N) {
  long T = 0;
  for (int I = 0; I < N; ++I)
    T += P[I];
  return T;
}
int main(int Argc, char **) {
  auto Big = std::make_unique<long[]>(256);
  long *Var = new long[Argc + 3]();
  Big[Argc] = 7;
  std::printf("%ld\n", use(Big.get(), 256) + use(Var, Argc + 3));
  delete[] Var;
}
