// Standard containers of scalars, pointers, strings and trivial classes run
// no user code: they are modelled as one object with their buffers.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <map>
#include <set>
#include <string>
#include <vector>

struct Node { Node *next = nullptr; int val = 0; };
Node *G;
std::vector<Node *> GV;
std::vector<Node *> *GPV;

int c1() { auto *s = new std::set<int>{1, 2, 3}; int n = s->size(); delete s; return n; } // expected-remark {{new std::set<int>{1, 2, 3} does not escape}}
int c2() { auto *v = new std::vector<int>(4); int n = v->size(); delete v; return n; }     // expected-remark {{new std::vector<int>(4) does not escape}}
void c3() { std::vector<Node *> v; v.push_back(new Node); v[0]->val = 1; delete v[0]; }    // expected-remark {{new Node does not escape}}
void c4() { std::vector<Node *> v; v.push_back(new Node); G = v[0]; }                      // expected-remark {{new Node escapes to heap}}
void c5() { std::vector<Node *> v; v.push_back(new Node); GV = v; }                        // expected-remark {{new Node escapes to heap}}
void c6() { auto *pv = new std::vector<Node *>; pv->push_back(new Node); GPV = pv; }       // expected-remark {{new std::vector<Node *> escapes to heap}} expected-remark {{new Node escapes to heap}}
void c7() { std::vector<Node *> v; v.push_back(new Node); G = v.data()[0]; }               // expected-remark {{new Node escapes to heap}}
void c8() { std::vector<Node *> v; v.push_back(new Node); for (Node *n : v) G = n; }       // expected-remark {{new Node escapes to heap}}
void c9() { std::vector<Node *> v; v.push_back(new Node); for (Node *n : v) n->val = 2; }  // expected-remark {{new Node does not escape}}
void c10() {
  std::vector<Node *> v;
  v.push_back(new Node);            // expected-remark {{new Node escapes to heap}}
  for (Node *n : v) n->next = new Node; // expected-remark {{new Node escapes to heap}}
  G = v.front();
}
void c11() { std::map<int, Node *> m; m[1] = new Node; G = m[1]; }                          // expected-remark {{new Node escapes to heap}}
void c12() { std::map<int, Node *> m; m[1] = new Node; m[1]->val = 3; }                     // expected-remark {{new Node does not escape}}
void c13() { std::vector<Node *> v, w; v.push_back(new Node); w = std::move(v); G = w.back(); } // expected-remark {{new Node escapes to heap}}
void c14() { std::vector<Node *> v; v.emplace_back(new Node); auto it = v.begin(); G = *it; } // expected-remark {{new Node escapes to heap}}
size_t c15() { auto *s = new std::string("a string longer than the small buffer"); size_t n = s->size(); delete s; return n; } // expected-remark {{new std::string(...) does not escape}}
struct Registers { Registers() { G = reinterpret_cast<Node *>(this); } };                   // expected-remark {{leaking param: this}}
void c16() { std::vector<Registers> v(2); }                                                 // not modelled: element constructor is user code
void c17() { std::vector<Registers> *v = new std::vector<Registers>(2); delete v; }         // expected-remark {{new std::vector<Registers>(2) escapes to heap}}
