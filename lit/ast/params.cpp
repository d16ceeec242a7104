// Parameter summaries: every parameter remark kind.
// RUN: %clangxx -std=c++20 %verify %m1 %s

struct Node { Node *next; int val; };
int *G;
int **GG;
Node *GN;

int deref(int *p) { return *p; }           // expected-remark {{p does not escape}}
void leak(int *p) { G = p; }               // expected-remark {{leaking param: p}}
void leakContent(int **pp) { G = *pp; }    // expected-remark {{leaking param content: pp}}
int *identity(int *p) { return p; }        // expected-remark {{leaking param: p to result level=0}}
int *loadResult(int **pp) { return *pp; }  // expected-remark {{leaking param: pp to result level=1}}
void setNext(Node *a, Node *b) { a->next = b; } // expected-remark {{a does not escape}} expected-remark {{leaking param: b to *a level=0}}
void copyNext(Node *a, Node *b) { a->next = b->next; } // expected-remark {{a does not escape}} expected-remark {{leaking param: b to *a level=1}}
void twoWays(int *p) {                     // expected-remark {{leaking param: p}}
  int *q = p;
  G = q;
}
int *choose(int *a, int *b, bool c) { return c ? a : b; } // expected-remark {{leaking param: a to result level=0}} expected-remark {{leaking param: b to result level=0}}
void byRef(int &r) { r = 3; }              // expected-remark {{r does not escape}}
void byRefLeak(int &r) { G = &r; }         // expected-remark {{leaking param: r}}
int &refResult(int &r) { return r; }       // expected-remark {{leaking param: r to result level=0}}
void intOnly(int x) { (void)x; }           // no remark: carries no pointer
void storeInGlobalNode(Node *n) { GN->next = n; } // expected-remark {{leaking param: n}}
void leakThroughLocal(Node *n) {           // expected-remark {{leaking param: n}}
  Node local;
  local.next = n;
  GN = local.next;
}
void keepInLocal(Node *n) {                // expected-remark {{n does not escape}}
  Node local;
  local.next = n;
  local.val = local.next->val;
}
void leakPointerToParam(int *p) { GG = &p; } // expected-remark {{leaking param: p}}

struct Widget {
  int *ptr;
  int value;
  int get() const { return value; }           // expected-remark {{this does not escape}}
  void set(int *p) { ptr = p; }               // expected-remark {{this does not escape}} expected-remark {{leaking param: p to *this level=0}}
  int *raw() { return ptr; }                  // expected-remark {{leaking param: this to result level=1}}
  Widget *self() { return this; }             // expected-remark {{leaking param: this to result level=0}}
  void publish() { GN = reinterpret_cast<Node *>(this); } // expected-remark {{leaking param: this}}
  Widget(int *p) : ptr(p), value(0) {}        // expected-remark {{this does not escape}} expected-remark {{leaking param: p to *this level=0}}
};

// Recursion: summaries of a strongly connected component iterate.
int *recurse(int *p, int n) { return n ? recurse(p, n - 1) : p; } // expected-remark {{leaking param: p to result level=0}}
void pingLeak(int *p, int n);
void pongLeak(int *p, int n) { if (n) pingLeak(p, n - 1); else G = p; } // expected-remark {{leaking param: p}}
void pingLeak(int *p, int n) { pongLeak(p, n); } // expected-remark {{leaking param: p}}
int pingSafe(int *p, int n);
int pongSafe(int *p, int n) { return n ? pingSafe(p, n - 1) : *p; } // expected-remark {{p does not escape}}
int pingSafe(int *p, int n) { return pongSafe(p, n); } // expected-remark {{p does not escape}}
