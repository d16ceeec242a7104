// Virtual calls (issue 4, item 5). A call that may dispatch to an override
// of another translation unit leaks its arguments. It does not when the
// target is known: a final class or method, an object whose dynamic type is
// known, or a class of internal linkage (anonymous namespace, local class),
// whose every derived class is in this TU: then the call is the union of
// the overrides' summaries. A visible hierarchy of classes with external
// linkage is not closed (another TU may derive), so it is refused.
// RUN: %clangxx -std=c++20 %verify %m1 %s
struct Node { Node *next = nullptr; int v = 0; };
Node *G;

struct Shape {
  virtual ~Shape() = default;
  virtual int area(Node *n) const { return n->v; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
struct Square final : Shape {
  int area(Node *n) const override { return n->v * n->v; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
struct Circle : Shape {
  int area(Node *n) const final { return 3 * n->v; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};

// Converted: final class, final method, known dynamic type.
int v1(const Square &s) { Node *n = new Node; int a = s.area(n); delete n; return a; } // expected-remark {{new Node does not escape}} expected-remark {{s does not escape}}
int v2(const Circle *c) { Node *n = new Node; int a = c->area(n); delete n; return a; } // expected-remark {{new Node does not escape}} expected-remark {{c does not escape}}
int v3() { Shape s; Node *n = new Node; int a = s.area(n); delete n; return a; }        // expected-remark {{new Node does not escape}}
// A local of a class with a virtual destructor is destroyed by its own
// destructor (no dispatch).
int v4() { Circle c; Node *n = new Node; int a = c.area(n); delete n; return a; }       // expected-remark {{new Node does not escape}}

// Refused: the hierarchy is visible, but Shape has external linkage, so
// another TU may add an override that keeps the pointer.
int r1(const Shape &s) { Node *n = new Node; return s.area(n); } // expected-remark {{new Node escapes to heap}} expected-remark {{leaking param: s}}
void r2(Shape *s) { delete s; }                                   // expected-remark {{leaking param: s}}

namespace {
struct Visitor {
  virtual ~Visitor() = default;
  virtual void visit(Node *n) = 0;
};
struct Counter : Visitor {
  int count = 0;
  void visit(Node *n) override { count += n->v; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
struct Printer : Visitor {
  void visit(Node *n) override { n->v = 0; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
struct Keeper : Visitor {
  void visit(Node *n) override { G = n; } // expected-remark {{this does not escape}} expected-remark {{leaking param: n}}
};
struct Quiet {
  virtual ~Quiet() = default;
  virtual void visit(Node *n) { n->v = 1; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
struct Quieter : Quiet {
  void visit(Node *n) override { n->v = 2; } // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
};
} // namespace

// Converted: internal linkage, no override keeps the pointer.
void i1(Quiet *q) { Node *n = new Node; q->visit(n); delete n; }   // expected-remark {{new Node does not escape}} expected-remark {{q does not escape}}
void i2(Quiet &q) { auto *n = new Node; q.visit(n); delete n; } // expected-remark {{new Node does not escape}} expected-remark {{q does not escape}}
// delete through a pointer of an internal class: the union of destructors.
void i3(Quiet *q) { delete q; } // expected-remark {{q does not escape}}
// Refused: one override (Keeper::visit) keeps the pointer.
void i4(Visitor &v) { v.visit(new Node); } // expected-remark {{new Node escapes to heap}} expected-remark {{v does not escape}}
// Converted: the static type excludes Keeper.
void i5(Counter &c) { Node *n = new Node; c.visit(n); delete n; } // expected-remark {{new Node does not escape}} expected-remark {{c does not escape}}

// A local class has no linkage either.
int i6() {
  struct Local { virtual int get(Node *n) { return n->v; } };  // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
  struct Local2 : Local { int get(Node *n) override { return -n->v; } }; // expected-remark {{this does not escape}} expected-remark {{n does not escape}}
  Local2 l;
  Local *p = &l;
  Node *n = new Node; // expected-remark {{new Node does not escape}}
  int r = p->get(n);
  delete n;
  return r;
}
