// The library model table (plugin/clang/Library.h): graph building uses the
// may side of each effect, so a const member of a container keeps nothing
// it is given, while any non-const member may, except a lookup by key;
// freeing functions free.
// Each rule next to its escaping twin.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <cstdlib>
#include <map>
#include <new>
#include <set>
#include <string_view>
#include <vector>

struct Node { int val = 0; };
std::set<Node *> GS;
std::vector<Node *> GV;
std::map<Node *, int> GM;
std::string_view GSV;

// A const member (count, find, contains) reads its argument only.
bool t1() { Node *n = new Node; bool b = GS.count(n); delete n; return b; }            // expected-remark {{new Node does not escape}}
const std::set<Node *> &CGS = GS;
bool t2() { Node *n = new Node; bool b = CGS.find(n) != CGS.end(); delete n; return b; } // expected-remark {{new Node does not escape}}
// On a non-const container, find, lower_bound, upper_bound and equal_range
// are the non-const overloads: lookups all the same, which keep nothing.
// (operator[], t6, inserts the key.)
bool t2b() { Node *n = new Node; bool b = GS.find(n) != GS.end(); delete n; return b; } // expected-remark {{new Node does not escape}}
bool t2c() { Node *n = new Node; bool b = GM.lower_bound(n) != GM.upper_bound(n); delete n; return b; } // expected-remark {{new Node does not escape}}
bool t2d() { Node *n = new Node; auto r = GS.equal_range(n); delete n; return r.first != r.second; } // expected-remark {{new Node does not escape}}
bool t3() { Node *n = new Node; bool b = GM.contains(n); delete n; return b; }         // expected-remark {{new Node does not escape}}
// Twins: a non-const member keeps it (certainly or maybe).
void t4() { GS.insert(new Node); }                                                     // expected-remark {{new Node escapes to heap}}
void t5() { Node *n = new Node; GV.push_back(n); }                                     // expected-remark {{new Node escapes to heap}}
int t6() { Node *n = new Node; int r = GM[n]; delete n; return r; }                    // expected-remark {{new Node escapes to heap}}
void t7() { Node *n = new Node; GS.erase(n); delete n; }                               // expected-remark {{new Node escapes to heap}}
// What a const member returns may still point into its argument.
Node *GN;
void t8() { std::vector<Node *> v{new Node}; GN = v.front(); }                          // expected-remark {{new Node escapes to heap}}
// A string_view keeps the pointer its constructor and assignment are given.
void t9() { char *c = new char[4]{}; GSV = std::string_view(c, 3); }                   // expected-remark {{new char[4]{} escapes to heap}}

// Deallocation functions free what they are given: no escape.
void t10() { int *p = static_cast<int *>(std::malloc(4)); *p = 1; std::free(p); }      // expected-remark {{std::malloc(...) does not escape}}
void t11() { Node *n = new Node; n->val = 1; ::operator delete(n); }                 // expected-remark {{new Node does not escape}}
// Twin: an unknown function may keep it.
void keep(void *);
void t12() { Node *n = new Node; keep(n); }                                            // expected-remark {{new Node escapes to heap}}
