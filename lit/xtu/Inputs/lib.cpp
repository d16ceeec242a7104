// Definitions whose summaries other translation units read (two-tu.test).
int *G;
void fill(int *p) { *p = 1; }
void keep(int *p) { G = p; }
int *ret(int *p) { return p; }
void refp(int &r) { r = 2; }
struct S {
  int v;
  void m();
  void leakThis();
};
void S::m() { v = 3; }
void S::leakThis() { G = &v; }
extern "C" void cfill(int *p) { *p = 4; }
#ifndef V2
void later(int *p) { G = p; }
#else
void later(int *p) { *p = 5; }
#endif
// Inline and static functions are visible wherever they are called: no file.
inline void inl(int *p) { *p = 6; }
static void hidden(int *p) { *p = 7; }
void useThem(int *p) { inl(p); hidden(p); }
