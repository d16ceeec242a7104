// A site in a header: no translation unit has this file as its main file,
// so `clang-escape profile -p` gives it no static verdict.
static inline void opaqueH(void *P) { asm volatile("" : : "r"(P) : "memory"); }
__attribute__((noinline)) inline int fromHeader(int I) {
  int *P = new int(I); // line 5
  opaqueH(P);
  int R = *P;
  delete P;
  return R;
}
