void fill(int *p);
void local(int *p) { *p = 7; }
// An inline function's facts rest on its callees' summaries: fill's comes
// from lib.cpp's file.
__attribute__((noinline)) inline void wrap(int *p) { fill(p); }
// Two levels of inline functions.
__attribute__((noinline)) inline void wrap2(int *p) { wrap(p); }
// A component (ping <-> pong) in which one member reads the file.
__attribute__((noinline)) inline void pong(int *p, int n);
__attribute__((noinline)) inline void ping(int *p, int n) {
  if (n)
    pong(p, n - 1);
}
__attribute__((noinline)) inline void pong(int *p, int n) {
  if (n)
    ping(p, n - 1);
  else
    fill(p);
}
// Control: the callee is defined in this unit; no file involved.
__attribute__((noinline)) inline void wrapLocal(int *p) { local(p); }

int one() { int *p = new int; wrap(p); int r = *p; delete p; return r; }
int two() { int *p = new int; wrap2(p); int r = *p; delete p; return r; }
int scc(int n) { int *p = new int; ping(p, n); int r = *p; delete p; return r; }
int ctl() { int *p = new int; wrapLocal(p); int r = *p; delete p; return r; }
// Per argument: the file says keepSecond keeps q, not p.
void keepSecond(int *p, int *q);
__attribute__((noinline)) inline void wrapPair(int *p, int *q) { keepSecond(p, q); }
int pair() {
  int *p = new int;
  int *q = new int;
  wrapPair(p, q);
  int r = *p;
  delete p;
  return r;
}
int main(int argc, char **) {
  return one() + two() + scc(argc) + ctl() + pair() == 35 ? 0 : 1;
}
