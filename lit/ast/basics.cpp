// Allocation sites: new, new[], returns, globals, locals, delete.
// RUN: %clangxx -std=c++20 %verify %m1 %s

struct Big { int data[64]; };
struct Pair { int *a; int *b; };
int *G;
Big *GB;
static Big *SB;

Big *makePtr() { return new Big{}; } // expected-remark {{new Big{} escapes to heap}}

int sumLocal() {
  Big *b = new Big{}; // expected-remark {{new Big{} does not escape}}
  int s = 0;
  for (int i = 0; i < 64; ++i)
    b->data[i] = i;
  for (int v : b->data)
    s += v;
  delete b;
  return s;
}

void storeGlobal() { GB = new Big; } // expected-remark {{new Big escapes to heap}}
void storeStatic() { SB = new Big; } // expected-remark {{new Big escapes to heap}}
void storeStaticLocal() {
  static Big *Keep;
  Keep = new Big; // expected-remark {{new Big escapes to heap}}
}
void staticLocalInit() {
  static Big *Once = new Big; // expected-remark {{new Big escapes to heap}}
  (void)Once;
}
void neverFreed() { int *p = new int(1); *p += 1; } // expected-remark {{new int(1) does not escape}}
void scalarNew() { int *p = new int; *p = 3; delete p; } // expected-remark {{new int does not escape}}
void arrayNew() { int *p = new int[8]; p[0] = 1; delete[] p; } // expected-remark {{new int[8] does not escape}}
int *returnArray() { return new int[8]; } // expected-remark {{new int[8] escapes to heap}}
void viaAlias() {
  int *p = new int(0); // expected-remark {{new int(0) escapes to heap}}
  int *q = p;
  int *r = q;
  G = r;
}
void viaAliasLocal() {
  int *p = new int(0); // expected-remark {{new int(0) does not escape}}
  int *q = p;
  int *r = q;
  *r = 4;
  delete r;
}
int *returnAlias() {
  int *p = new int(0); // expected-remark {{new int(0) escapes to heap}}
  int *q = p;
  return q;
}
void conditional(bool c) {
  int *a = new int(1); // expected-remark {{new int(1) escapes to heap}}
  int *b = new int(2); // expected-remark {{new int(2) does not escape}}
  G = c ? a : nullptr;
  delete b;
}
void reassigned() {
  int *p = new int(1); // expected-remark {{new int(1) does not escape}}
  int *q = new int(2); // expected-remark {{new int(2) escapes to heap}}
  p = q;               // a local's old value is dead (lit/ast/flow.cpp)
  G = p;
}
void pointerArith() {
  int *p = new int[4]; // expected-remark {{new int[4] escapes to heap}}
  G = p + 2;
}
void pointerCompare() {
  int *p = new int[4]; // expected-remark {{new int[4] does not escape}}
  int *q = new int[4]; // expected-remark {{new int[4] does not escape}}
  if (p < q)
    G = nullptr;
  delete[] p;
  delete[] q;
}
void structOfPointers() {
  Pair s;
  s.a = new int(1); // expected-remark {{new int(1) does not escape}}
  s.b = new int(2); // expected-remark {{new int(2) does not escape}}
  *s.a = *s.b;
}
void structLeaked() {
  Pair s;
  s.a = new int(1); // expected-remark {{new int(1) escapes to heap}}
  G = s.a;
}
Pair returnStruct() {
  Pair s;
  s.a = new int(1); // expected-remark {{new int(1) escapes to heap}}
  s.b = nullptr;
  return s;
}
void addressOfLocalPointer() {
  int *p = new int(1); // expected-remark {{new int(1) escapes to heap}}
  int **pp = &p;
  G = *pp;
}
void addressOfLocalPointerLocal() {
  int *p = new int(1); // expected-remark {{new int(1) does not escape}}
  int **pp = &p;
  **pp = 2;
}
void newOfPointer() {
  int **pp = new int *; // expected-remark {{new int * does not escape}}
  *pp = new int(5);     // expected-remark {{new int(5) escapes to heap}}
  G = *pp;
  delete pp;
}
void nestedNew() {
  int **pp = new int *(new int(1)); // expected-remark {{new int *(new int(1)) does not escape}} expected-remark {{new int(1) does not escape}}
  **pp = 2;
}
void boolOnly() {
  int *p = new int(1); // expected-remark {{new int(1) does not escape}}
  bool b = p != nullptr;
  if (b)
    delete p;
}
