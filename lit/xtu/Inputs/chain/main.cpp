void f(int *p);
int main() {
  int *x = new int(0);
  f(x);
  int r = *x;
  delete x;
  return r;
}
