#include <cstdio>
#include <cstdlib>
struct Buf {
  char *P;
  int N;
};
int readBuf(const Buf *B);
void freeBuf(Buf *B);
// An inline function whose facts rest on lib.cpp's stored summaries.
__attribute__((noinline)) inline int wrapRead(const Buf *B) {
  return readBuf(B);
}
__attribute__((noinline)) inline void wrapFree(Buf *B) { freeBuf(B); }
int useRead(unsigned N) {
  Buf B{static_cast<char *>(std::malloc(N)), int(N)};
  B.P[0] = 7;
  int R = wrapRead(&B);
  std::free(B.P);
  return R;
}
int useFree(unsigned N) {
  Buf B{static_cast<char *>(std::malloc(N)), int(N)};
  B.P[0] = 1;
  wrapFree(&B);
  return B.P ? 1 : 0;
}
int main(int Argc, char **) {
  std::printf("%d %d\n", useRead(40 + Argc), useFree(40 + Argc));
  return 0;
}
