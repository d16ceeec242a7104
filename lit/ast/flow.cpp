// Flow sensitivity (issue 4, item 4). Go is flow-insensitive: `g = p; g =
// nil` still counts as an escape. Here a local pointer whose address is
// never taken gets a new version at each assignment, so an overwritten value
// is dead; versions are merged at if, loops and try. Globals, fields and
// pointees are never killed (other threads, callees and aliases may read
// them between the two stores): refused.
// RUN: %clangxx -std=c++20 %verify %m1 %s
struct Node { Node *next = nullptr; int v = 0; };
Node *G;
void sink(Node *n); // no body: leaks its argument

// Converted: the local is overwritten before it is leaked.
void k1() { Node *p = new Node; p->v = 1; delete p; p = nullptr; G = p; }         // expected-remark {{new Node does not escape}}
void k2() { Node *p = new Node; Node *q = p; q->v = 2; delete q; p = nullptr; sink(p); } // expected-remark {{new Node does not escape}}
Node *k3(Node *keep) { Node *p = new Node; p->v = 3; delete p; p = keep; return p; } // expected-remark {{new Node does not escape}} expected-remark {{leaking param: keep to result level=0}}
// Both branches overwrite... but the merge keeps the entry version too
// (conservative): refused below in r4. Here the kill is after the if.
void k4(bool c) { Node *p = new Node; if (c) p->v = 1; delete p; p = nullptr; G = p; } // expected-remark {{new Node does not escape}}
// p = p->next reads the old version first.
void k5() { Node *p = new Node; p->next = nullptr; Node *n = p->next; delete p; p = n; G = p; } // expected-remark {{new Node does not escape}}

// Refused: the value may still be there.
void r1() { Node *p = new Node; G = p; p = nullptr; }                              // expected-remark {{new Node escapes to heap}}
void r2(bool c) { Node *p = new Node; if (c) p = nullptr; G = p; }                 // expected-remark {{new Node escapes to heap}}
void r3(int n) { Node *p = nullptr; for (int i = 0; i < n; ++i) { G = p; p = new Node; } } // expected-remark {{new Node escapes to heap}}
void r4(bool c) { Node *p = new Node; if (c) p = nullptr; else p = nullptr; G = p; } // expected-remark {{new Node escapes to heap}}
void r5(int n) { Node *p = new Node; while (n--) { if (n == 3) break; p = nullptr; } G = p; } // expected-remark {{new Node escapes to heap}}
void r6() { Node *p = new Node; try { p = nullptr; sink(nullptr); } catch (...) {} G = p; } // expected-remark {{new Node escapes to heap}}
void r7() { Node *p = new Node; try { sink(nullptr); p = nullptr; } catch (...) { G = p; } } // expected-remark {{new Node escapes to heap}}
// A global is not killed: a callee or another thread may read it.
void r8() { G = new Node; G = nullptr; }                                            // expected-remark {{new Node escapes to heap}}
// The address of the local is taken: no versions.
void r9() { Node *p = new Node; Node **pp = &p; p = nullptr; G = *pp; }            // expected-remark {{new Node escapes to heap}}
void r10() { Node *p = new Node; Node *&r = p; p = nullptr; G = r; }               // expected-remark {{new Node escapes to heap}}
// Captured by reference.
void r11() { Node *p = new Node; auto f = [&] { G = p; }; f(); p = nullptr; }       // expected-remark {{new Node escapes to heap}}
// Assigned under && (may not run).
void r12(bool c) { Node *p = new Node; (void)(c && (p = nullptr)); G = p; }         // expected-remark {{new Node escapes to heap}}
// A goto makes the function flow-insensitive.
void r13() { Node *p = new Node; goto L; L: p = nullptr; G = p; }                   // expected-remark {{new Node escapes to heap}}
// The assignment's result used as an lvalue.
void r14() { Node *p = new Node; Node **pp = &(p = p); G = *pp; }                   // expected-remark {{new Node escapes to heap}}
// A field of a local object is not killed.
struct Box { Node *n; };
void r15() { Box b; b.n = new Node; Box *pb = &b; Node *keep = pb->n; b.n = nullptr; G = keep; } // expected-remark {{new Node escapes to heap}}
// The increment runs after the body: the body sees the entry value.
void r16() { for (Node *p = new Node; p; p = nullptr) G = p; }                     // expected-remark {{new Node escapes to heap}}
void r17(int n) { Node *p = new Node; for (int i = 0; i < n; p = nullptr, ++i) G = p; } // expected-remark {{new Node escapes to heap}}
// Converted: walking a list with a local cursor.
int k6(Node *head) { int s = 0; for (Node *p = head; p; p = p->next) s += p->v; Node *t = new Node; Node *c = t; s += c->v; delete t; c = head; G = c; return s; } // expected-remark {{new Node does not escape}} expected-remark {{leaking param: head}}
