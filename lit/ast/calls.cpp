// Calls: summaries of visible callees, unknown callees, noescape,
// virtual and indirect calls, constructors and destructors.
// RUN: %clangxx -std=c++20 %verify %m1 %s

struct Node { Node *next; int val; };
Node *GN;
int *G;

void opaque(int *p);                        // no body: leaks its argument
void opaqueSafe(__attribute__((noescape)) int *p);
void opaqueSafe2([[clang::noescape]] int *p);
void opaqueRef(const int &r);               // no body: leaks the address
int readOnly(const int *p) { return *p; }   // expected-remark {{p does not escape}}
void keep(int *p) { G = p; }                // expected-remark {{leaking param: p}}
int *pass(int *p) { return p; }             // expected-remark {{leaking param: p to result level=0}}

void callUnknown() { int *p = new int(1); opaque(p); }          // expected-remark {{new int(1) escapes to heap}}
void callNoescape() { int *p = new int(1); opaqueSafe(p); delete p; } // expected-remark {{new int(1) does not escape}}
void callNoescape2() { int *p = new int(1); opaqueSafe2(p); delete p; } // expected-remark {{new int(1) does not escape}}
void callUnknownRef() { int *p = new int(1); opaqueRef(*p); }    // expected-remark {{new int(1) escapes to heap}}
void callUnknownValue() { int *p = new int(1); opaque(nullptr); int v = *p; (void)v; delete p; } // expected-remark {{new int(1) does not escape}}
void callReadOnly() { int *p = new int(1); readOnly(p); delete p; } // expected-remark {{new int(1) does not escape}}
void callKeep() { int *p = new int(1); keep(p); }                // expected-remark {{new int(1) escapes to heap}}
void callPassLocal() { int *p = new int(1); int *q = pass(p); delete q; } // expected-remark {{new int(1) does not escape}}
void callPassGlobal() { int *p = new int(1); G = pass(p); }     // expected-remark {{new int(1) escapes to heap}}
int callNested() { int *p = new int(1); return readOnly(pass(pass(p))); } // expected-remark {{new int(1) does not escape}}

// Results of calls may point anywhere: stores through them escape.
Node *getNode();
void storeThroughResult() { getNode()->next = new Node; }        // expected-remark {{new Node escapes to heap}}
Node *localNode() { static Node N; return &N; }
void storeThroughKnownResult() { localNode()->next = new Node; } // expected-remark {{new Node escapes to heap}}

// A callee that fills what its argument points to with unknown pointers.
void fill(Node *n) { n->next = GN; }        // expected-remark {{n does not escape}}
void afterFill() {
  Node local;
  fill(&local);
  local.next->next = new Node;              // expected-remark {{new Node escapes to heap}}
}
void afterUnknownFill() {
  Node local;
  void opaqueNode(Node *);
  opaqueNode(&local);
  local.next->next = new Node;              // expected-remark {{new Node escapes to heap}}
}
void linkLocal(Node *a, Node *b) { a->next = b; } // expected-remark {{a does not escape}} expected-remark {{leaking param: b to *a level=0}}
void linkTwo() {
  Node *a = new Node;                       // expected-remark {{new Node does not escape}}
  Node *b = new Node;                       // expected-remark {{new Node does not escape}}
  linkLocal(a, b);
  delete b;
  delete a;
}
void linkToGlobal() {
  Node *b = new Node;                       // expected-remark {{new Node escapes to heap}}
  linkLocal(GN, b);
}

// Virtual calls dispatch to code we may not see.
struct Base {
  virtual ~Base() = default;
  virtual void use(int *p) { (void)p; }     // expected-remark {{this does not escape}} expected-remark {{p does not escape}}
};
struct Derived final : Base {
  void use(int *p) override { (void)p; }    // expected-remark {{this does not escape}} expected-remark {{p does not escape}}
};
void callVirtual(Base *b) { int *p = new int(1); b->use(p); delete p; } // expected-remark {{new int(1) escapes to heap}} expected-remark {{leaking param: b}}
void callFinal(Derived *d) { int *p = new int(1); d->use(p); delete p; } // expected-remark {{new int(1) does not escape}} expected-remark {{d does not escape}}
void callQualified(Base *b) { int *p = new int(1); b->Base::use(p); delete p; } // expected-remark {{new int(1) does not escape}} expected-remark {{b does not escape}}
void callOnObject() { Derived d; int *p = new int(1); d.use(p); delete p; } // expected-remark {{new int(1) does not escape}}

// Indirect calls.
void callPointer(void (*fp)(int *)) { int *p = new int(1); fp(p); } // expected-remark {{new int(1) escapes to heap}}
struct Functor { void operator()(int *p) const { *p = 0; } }; // expected-remark {{this does not escape}} expected-remark {{p does not escape}}
void callFunctor() { Functor f; int *p = new int(1); f(p); delete p; } // expected-remark {{new int(1) does not escape}}
void callMemberPointer(Node *n, void (Node::*mp)(int *)) { int *p = new int(1); (n->*mp)(p); } // expected-remark {{new int(1) escapes to heap}} expected-remark {{leaking param: n}}

// Variadic arguments beyond the summary are unknown.
void variadic(int n, ...) { (void)n; }
void callVariadic() { int *p = new int(1); variadic(1, p); } // expected-remark {{new int(1) escapes to heap}}

// Constructors and destructors are calls too.
struct Holder {
  int *p;
  Holder(int *q) : p(q) {}                  // expected-remark {{this does not escape}} expected-remark {{leaking param: q to *this level=0}}
  ~Holder() { G = p; }                      // expected-remark {{leaking param content: this}}
};
void holderLeaksInDtor() { Holder h(new int(1)); } // expected-remark {{new int(1) escapes to heap}}
struct Quiet {
  int *p;
  Quiet(int *q) : p(q) {}                   // expected-remark {{this does not escape}} expected-remark {{leaking param: q to *this level=0}}
  ~Quiet() { delete p; }                    // expected-remark {{this does not escape}}
};
void quietOwner() { Quiet h(new int(1)); }  // expected-remark {{new int(1) does not escape}}
void quietOnHeap() { Quiet *q = new Quiet(new int(1)); delete q; } // expected-remark {{new Quiet(new int(1)) does not escape}} expected-remark {{new int(1) does not escape}}
struct Registers {
  Registers() { GN = reinterpret_cast<Node *>(this); } // expected-remark {{leaking param: this}}
};
void registersItself() { Registers *r = new Registers; (void)r; } // expected-remark {{new Registers escapes to heap}}
