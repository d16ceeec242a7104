// Header of lit/tidy/templates-headers.cpp (copied, then fixed, by the test).
#ifndef ESCAPE_HEADER_H
#define ESCAPE_HEADER_H
#include <cstdio>

struct HNode {
  int V;
  ~HNode() { std::printf("~HNode(%d)\n", V); }
};

inline int headerInline(int N) {
  HNode *P = new HNode{N};
  int R = P->V;
  delete P;
  return R;
}

inline long headerArray(int N) {
  long *A = new long[N]();
  A[N - 1] = N;
  long R = A[0] + A[N - 1];
  delete[] A;
  return R;
}

static inline int headerStatic(int N) {
  HNode *P = new HNode{N};
  int R = P->V;
  delete P;
  return R;
}

template <class T> T headerTemplate(T N) {
  T *P = new T(N);
  T R = *P;
  delete P;
  return R;
}

#endif
