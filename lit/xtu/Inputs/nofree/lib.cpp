// Callees of main.cpp (lit/xtu/nofree.test), defined in their own translation unit. Each
// keeps nothing (captures(none)); some free what they are given.
#include <cstdlib>
#include <memory>

void fill(int *P, int N) {
  for (int I = 0; I < N; ++I)
    P[I] = I;
}
// Calls fill: does not free either (through a callee's summary).
int fillSum(int *P, int N) {
  fill(P, N);
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += P[I];
  return S;
}
// Frees its parameter directly.
int sumAndDelete(int *P, int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += P[I];
  delete[] P;
  return S;
}
// Frees it through a callee defined here.
static void release(int *P) { delete[] P; }
int sumAndRelease(int *P) {
  int S = P[0];
  release(P);
  return S;
}
// Frees it through a smart pointer that takes ownership.
int adopt(int *P) {
  std::unique_ptr<int[]> Owner(P);
  return Owner[0];
}
// Frees it with free() (the caller allocated it with malloc).
int sumAndFree(int *P) {
  int S = P[0];
  std::free(P);
  return S;
}
// Stores it in a local object whose destructor deletes it.
struct Holder {
  int *Ptr;
  ~Holder() { delete[] Ptr; }
};
int viaHolder(int *P) {
  Holder H{P};
  return H.Ptr[0];
}
// Hands it to a function without a body (unknown: may free it).
void unknownSink(int *P);
int viaUnknown(int *P) {
  unknownSink(P);
  return 0;
}
