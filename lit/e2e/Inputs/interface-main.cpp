__attribute__((noinline)) int get(const int *P) { return *P; }
int f() {
  int *P = new int(1);
  int R = get(P);
  delete P;
  return R;
}
