// Several frame-arena rewrites in one function: each code action must
// compile when applied on its own (the first site's fixes declare the arena
// and include its header; the others rely on them).
#include <cstdio>
#include <memory>

struct Big {
  long V[300];
  explicit Big(long X) {
    for (long &E : V)
      E = X++;
  }
};

__attribute__((noinline)) long sum(const long *A, int N) {
  long T = 0;
  for (int I = 0; I < N; ++I)
    T += A[I];
  return T;
}

long work(int N) {
  long *A = new long[N];
  for (int I = 0; I < N; ++I)
    A[I] = I;
  long *B = new long[N + 1];
  for (int I = 0; I <= N; ++I)
    B[I] = 2 * I;
  Big *C = new Big(N);
  auto S = std::make_shared<Big>(3);
  long T = sum(A, N) + sum(B, N + 1) + sum(C->V, 300) + S->V[7];
  delete C;
  delete[] B;
  delete[] A;
  return T;
}

int main(int Argc, char **) {
  long T = 0;
  for (int I = 0; I < 100; ++I)
    T += work(I + Argc);
  std::printf("%ld\n", T);
}
