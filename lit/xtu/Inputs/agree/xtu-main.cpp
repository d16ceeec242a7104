// The callee is in agree/xtu-lib.cpp. With its summary the AST side proves
// the buffer frame-local; with xtu-ir-facts the IR pass learns that fill()
// neither keeps nor frees it (captures(none), nofree) and agrees.
void fill(int *P, int N);
int useFill() {
  int *Buf = new int[16];
  fill(Buf, 16);
  int R = Buf[3];
  delete[] Buf;
  return R;
}
