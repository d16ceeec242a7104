// built with -fPIC -fsemantic-interposition into libcb.so
struct Key { const int *P; int N; };
__attribute__((noinline)) static long sumKey(const Key *K) { long S = 0; for (int I = 0; I < K->N; ++I) S += K->P[I]; return S; }
__attribute__((noinline)) long viaKey(const int *P, int N) { Key K{P, N}; return sumKey(&K); }
long f(int n) {
  int *A = new int[16];
  for (int i = 0; i < 16; ++i) A[i] = i + n;
  return viaKey(A, 16);  // A is never freed: it lives on unless viaKey drops it
}
