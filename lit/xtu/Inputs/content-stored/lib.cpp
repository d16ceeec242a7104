#include <cstdio>
struct Buf {
  char *P;
  int N;
};
// Reads what B holds: its summary says nothing of B's content is captured
// or freed.
int readBuf(const Buf *B) { return B->P[0] + B->N; }
// Frees what B holds: no content fact.
void freeBuf(Buf *B) {
  __builtin_free(B->P);
  B->P = nullptr;
}
