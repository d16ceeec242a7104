// The callee is in agree/xtu-lib.cpp. With its summary the AST side proves
// the buffer frame-local; the IR pass still needs to know that fill() does
// not free it ('nofree'), which no summary says: it stays on the heap.
void fill(int *P, int N);
int useFill() {
  int *Buf = new int[16];
  fill(Buf, 16);
  int R = Buf[3];
  delete[] Buf;
  return R;
}
