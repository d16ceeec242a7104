// Declarations of lib.cpp's functions whose signature differs from the
// definition the summary was computed from (the header changed, lib.cpp was
// not rebuilt). The USR is the same (C++ does not mangle return types,
// extern "C" does not mangle at all); the signature hash is not.
int *fill(int *p);               // now returns p
extern "C" void cfill(long *p);  // other parameter type
void refp(int &r) __attribute__((noinline));
struct S {
  int v;
  void m() const; // another function: other USR, no file
  void leakThis();
};

int *use(int *q) { // expected-remark {{leaking param: q to result level=0}}
  int *a = new int; // expected-remark {{new int escapes to heap}}
  fill(a);
  long *e = new long; // expected-remark {{new long escapes to heap}}
  cfill(e);
  const S *s = new S; // expected-remark {{new S escapes to heap}}
  s->m();
  int *d = new int; // expected-remark {{new int does not escape}}
  refp(*d);
  delete d;
  return q;
}
