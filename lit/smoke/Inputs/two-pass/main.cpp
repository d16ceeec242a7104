void fill(int *p, int n); // lib.cpp

int main() {
  int *p = new int[4];
  fill(p, 4);
  int s = p[0] + p[3];
  delete[] p;
  return s == 5 ? 0 : 1;
}
