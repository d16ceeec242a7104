// Calls the functions of lib.cpp, only declared here (lit/xtu/nofree.test).
// The program checks its results: run against a lib.o whose functions free
// their argument, a wrongly converted site would crash (and fail ASan).
#include <cstdlib>
#ifdef STALE
int fill(int *P, int N); // another signature, same USR: the summary is stale
#else
void fill(int *P, int N);
#endif
int fillSum(int *P, int N);
int sumAndDelete(int *P, int N);
int sumAndRelease(int *P);
int adopt(int *P);
int sumAndFree(int *P);
int viaHolder(int *P);
int viaUnknown(int *P);

int useFill() {
  int *Buf = new int[16]; // CONV: main.cpp:[[@LINE]]:14: remark: 'new[]' of 64 bytes moved to the stack
  fill(Buf, 16);
  int R = Buf[3];
  delete[] Buf;
  return R;
}
int useFillSum() {
  int *Buf = new int[8]; // CONV: main.cpp:[[@LINE]]:14: remark: 'new[]' of 32 bytes moved to the stack
  int R = fillSum(Buf, 8);
  delete[] Buf;
  return R;
}
int useDelete() {
  int *Buf = new int[4]{1, 2, 3, 4}; // REF-DAG: main.cpp:[[@LINE]]:14: remark: 'new[]' of 16 bytes stays on the heap: passed to 'sumAndDelete', which may free it (not known 'nofree'
  return sumAndDelete(Buf, 4);
}
int useRelease() {
  int *Buf = new int[2]{5, 6}; // REF-DAG: main.cpp:[[@LINE]]:14: remark: 'new[]' of 8 bytes stays on the heap: passed to 'sumAndRelease', which may free it (not known 'nofree'
  return sumAndRelease(Buf);
}
int useAdopt() {
  int *Buf = new int[2]{7, 8}; // REF-DAG: main.cpp:[[@LINE]]:14: remark: 'new[]' of 8 bytes stays on the heap: passed to 'adopt', which may free it (not known 'nofree'
  return adopt(Buf);
}
int useFree() {
  int *Buf = static_cast<int *>(std::malloc(16)); // REF-DAG: main.cpp:[[@LINE]]:33: remark: 'malloc' of 16 bytes stays on the heap: passed to 'sumAndFree', which may free it (not known 'nofree'
  Buf[0] = 9;
  return sumAndFree(Buf);
}
int useHolder() {
  int *Buf = new int[1]{10}; // REF-DAG: main.cpp:[[@LINE]]:14: remark: 'new[]' of 4 bytes stays on the heap: passed to 'viaHolder', which may free it (not known 'nofree'
  return viaHolder(Buf);
}
int useUnknown() {
  int *Buf = new int[1]{11}; // REF-DAG: main.cpp:[[@LINE]]:14: remark: 'new[]' of 4 bytes stays on the heap: passed to 'viaUnknown', which may keep it
  int R = viaUnknown(Buf);
  delete[] Buf;
  return R;
}
int main() {
  int R = useFill() + useFillSum() + useDelete() + useRelease() + useAdopt() +
          useFree() + useHolder() + useUnknown();
  return R == 3 + 28 + 10 + 5 + 7 + 9 + 10 ? 0 : 1;
}
// Defined in this unit, after lib.cpp was compiled: unknown to it.
void unknownSink(int *) {}
