// Field sensitivity (issue 4, item 4). Go is field-insensitive: storing &x in
// s.a and &y in s.b, then leaking s.a, moves both to the heap
// (test/escape_struct_return.go, escape5.go). Here a local object's fields
// are separate parts; pointers to the object, copies of it and stores
// through pointers still see the whole object.
// RUN: %clangxx -std=c++20 %verify %m1 %s
struct Node { Node *next = nullptr; int v = 0; };
struct Pair { Node *a; Node *b; };
struct Outer { Pair in; Node *c; };
struct Holder { Node *p = nullptr; ~Holder() { delete p; } }; // expected-remark {{this does not escape}}
union Both { Node *a; Node *b; };
Node *G;
Pair GP;
Pair *GPP;
void sink(Node *n); // no body: leaks its argument

// Converted: only the field that is read leaks.
void f1() { Pair s; s.a = new Node; s.b = new Node; G = s.a; }        // expected-remark {{new Node escapes to heap}} expected-remark {{new Node does not escape}}
void f2() { Pair s{new Node, new Node}; G = s.b; }                      // expected-remark {{new Node does not escape}} expected-remark {{new Node escapes to heap}}
void f3() { Pair s; s.a = new Node; s.b = new Node; sink(s.a); }       // expected-remark {{new Node escapes to heap}} expected-remark {{new Node does not escape}}
Node *f4() { Pair s; s.a = new Node; s.b = new Node; return s.b; }     // expected-remark {{new Node does not escape}} expected-remark {{new Node escapes to heap}}
void f5() { Outer o; o.in.a = new Node; o.c = new Node; G = o.c; }     // expected-remark {{new Node does not escape}} expected-remark {{new Node escapes to heap}}
int f6() { Pair s; Node x, y; s.a = &x; s.b = &y; G = s.a; return y.v; } // no remark for locals; see dangling warnings
// A pointer stored in a local object that does not escape does not escape.
void f7() { Pair s; s.a = new Node; s.a->v = 1; s.b = s.a; }           // expected-remark {{new Node does not escape}}
void f8() { Holder h; h.p = new Node; h.p->v = 2; }                     // expected-remark {{new Node does not escape}}
// A field read into a local, then stored through: the store reaches the
// pointee of that field only.
void f9() { Pair s; s.a = new Node; s.b = new Node; Node *p = s.a; p->next = new Node; G = s.b; } // expected-remark {{new Node does not escape}} expected-remark {{new Node escapes to heap}} expected-remark {{new Node does not escape}}

// Refused: the whole object is read, so every field leaks.
void r1() { Pair s; s.a = new Node; s.b = new Node; GP = s; }          // expected-remark 2 {{new Node escapes to heap}}
void r2() { Pair s; s.a = new Node; s.b = new Node; Pair t = s; G = t.b; } // expected-remark 2 {{new Node escapes to heap}}
// Read through a pointer to the object: field-insensitive.
void r3() { Pair s; s.a = new Node; s.b = new Node; Pair *p = &s; G = p->b; } // expected-remark 2 {{new Node escapes to heap}}
// Written through a pointer to the object: every field may hold it.
void r4() { Pair s; s.a = nullptr; Pair *p = &s; p->a = new Node; G = s.b; } // expected-remark {{new Node escapes to heap}}
// Written through a pointer to the field: the same.
void r5() { Pair s; Node **pa = &s.a; *pa = new Node; G = s.b; }        // expected-remark {{new Node escapes to heap}}
// The object escapes: all of its fields do.
void r6() { Pair s; s.a = new Node; s.b = new Node; GPP = &s; }         // expected-remark 2 {{new Node escapes to heap}}
// A union's members share storage.
void r7() { Both u; u.a = new Node; G = u.b; }                           // expected-remark {{new Node escapes to heap}}
// A field of an object reached through a pointer is not split.
void r8(Pair *p) { p->a = new Node; G = p->b; }                          // expected-remark {{new Node escapes to heap}} expected-remark {{leaking param content: p}}
// A member function sees the whole object.
struct Two {
  Node *a = nullptr, *b = nullptr;
  Node *first() { return a; } // expected-remark {{leaking param: this to result level=1}}
};
void r9() { Two t; t.b = new Node; G = t.first(); }                      // expected-remark {{new Node escapes to heap}}
// Written to the whole object after a field was read: the field sees it.
void r10() { Pair s{nullptr, nullptr}; Node *keep = s.a; s = Pair{new Node, nullptr}; G = s.a; (void)keep; } // expected-remark {{new Node escapes to heap}}
