__attribute__((noinline)) int sum(const int *P) { return P[0] + P[3]; }
int g() {
  int *Q = new int[4]{1, 2, 3, 4};
  int R = sum(Q);
  delete[] Q;
  return R;
}
