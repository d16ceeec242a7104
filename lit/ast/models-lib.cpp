// Library models (issue 4, item 3), Models.cpp: std::optional / variant /
// any and their accessors, stream insertion, containers of user classes,
// shared_ptr aliasing, threads. Each model is sound: contents read back and
// leaked leak.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <any>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

struct Node { Node *next = nullptr; int v = 0; };
Node *G;

// std::optional: holds its value; operator*, value() refer into it;
// value_or returns what it holds.
int o1() { std::optional<Node *> o = new Node; int r = (*o)->v; delete *o; return r; } // expected-remark {{new Node does not escape}}
int o2() { std::optional<Node *> o; o.emplace(new Node); return o.value()->v; }      // expected-remark {{new Node does not escape}}
void o3() { std::optional<Node *> o = new Node; G = *o; }                            // expected-remark {{new Node escapes to heap}}
void o4() { std::optional<Node *> o = new Node; G = o.value_or(nullptr); }           // expected-remark {{new Node escapes to heap}}
void o5() { std::optional<Node *> o; o.emplace(new Node); G = o.value(); }           // expected-remark {{new Node escapes to heap}}
// std::variant and std::get / get_if.
int va1() { std::variant<int, Node *> v = new Node; return std::get<Node *>(v)->v; }        // expected-remark {{new Node does not escape}}
int va2() { std::variant<int, Node *> v = new Node; return (*std::get_if<1>(&v))->v; }       // expected-remark {{new Node does not escape}}
void va3() { std::variant<int, Node *> v = new Node; G = std::get<1>(v); }                   // expected-remark {{new Node escapes to heap}}
void va4() { std::variant<int, Node *> v = new Node; G = *std::get_if<Node *>(&v); }         // expected-remark {{new Node escapes to heap}}
// std::any and std::any_cast (by value and by pointer).
int an1() { std::any a = new Node; return std::any_cast<Node *>(a)->v; }   // expected-remark {{new Node does not escape}}
void an2() { std::any a = new Node; G = std::any_cast<Node *>(a); }        // expected-remark {{new Node escapes to heap}}
void an3() { std::any a = new Node; G = *std::any_cast<Node *>(&a); }      // expected-remark {{new Node escapes to heap}}

// Stream insertion keeps nothing, but a pointer is printed as an address:
// the text can be parsed back into the pointer anywhere, so it escapes
// (issue 13). The object's values, C strings and std strings do not.
void st1() { Node *n = new Node; std::cout << n << ' ' << n->v << "\n"; }            // expected-remark {{new Node escapes to heap}}
std::string st2() { Node *n = new Node; std::ostringstream os; os << n; delete n; return os.str(); } // expected-remark {{new Node escapes to heap}}
void st5() { Node *n = new Node; std::cout << n->v << "\n"; delete n; }              // expected-remark {{new Node does not escape}}
void st6() { char *s = new char[4]{'a', 'b', 0, 0}; std::cout << s; delete[] s; }     // expected-remark {{new char[4]{'a', 'b', 0, 0} does not escape}}
std::string st3() { auto *s = new std::string("x"); std::cout << *s; std::string r = *s; delete s; return r; } // expected-remark {{new std::string("x") does not escape}}
// Refused: a manipulator is a function, which may be user code.
std::ostream &keepStream(std::ostream &os);
void st4() { auto *os = new std::ostringstream; *os << keepStream; } // expected-remark {{new std::ostringstream escapes to heap}}

// Containers of user classes whose special members keep nothing outside
// the object.
struct Item {
  std::string name;
  Node *n = nullptr;
  Item() = default;
  Item(std::string s, Node *p) : name(std::move(s)), n(p) {} // expected-remark {{this does not escape}} expected-remark {{s does not escape}} expected-remark {{leaking param: p to *this level=0}}
};
int ue1() { std::vector<Item> v; Node *n = new Node; v.push_back(Item("a", n)); int r = v[0].n->v; delete n; return r; } // expected-remark {{new Node does not escape}}
int ue2() { std::vector<Item> v; v.emplace_back("a", new Node); int r = v.back().n->v; delete v.back().n; return r; } // expected-remark {{new Node does not escape}}
void ue3() { std::vector<Item> v; v.emplace_back("a", new Node); G = v[0].n; }       // expected-remark {{new Node escapes to heap}}
void ue4() { std::vector<Item> v; v.emplace_back("a", new Node); for (Item &i : v) G = i.n; } // expected-remark {{new Node escapes to heap}}
// Refused: the element's constructor keeps its argument.
struct Registered {
  Node *n;
  Registered(Node *p) : n(p) { G = p; } // expected-remark {{this does not escape}} expected-remark {{leaking param: p}} expected-remark {{leaking param: p to *this level=0}}
};
void ue5() { std::vector<Registered> v; v.emplace_back(new Node); } // expected-remark {{new Node escapes to heap}}
// Refused: the element's destructor keeps its content.
struct Dropper {
  Node *n = nullptr;
  Dropper(Node *p) : n(p) {}  // expected-remark {{this does not escape}} expected-remark {{leaking param: p to *this level=0}}
  ~Dropper() { G = n; }       // expected-remark {{leaking param content: this}}
};
void ue6() { std::vector<Dropper> v; v.emplace_back(new Node); } // expected-remark {{new Node escapes to heap}}
// Refused: the element's constructor is not visible.
struct Opaque { Node *n; Opaque(Node *p); };
void ue7() { std::vector<Opaque> v; v.emplace_back(new Node); } // expected-remark {{new Node escapes to heap}}

// shared_ptr aliasing: the alias owns the original object.
struct Pair { Node *a = nullptr; Node *b = nullptr; };
std::shared_ptr<Node *> GA;
int sp1() { auto p = std::make_shared<Pair>(); std::shared_ptr<Node *> q(p, &p->a); return *q ? 1 : 0; } // expected-remark {{std::make_shared<Pair>() does not escape}}
void sp2() { auto p = std::make_shared<Pair>(); std::shared_ptr<Node *> q(p, &p->a); GA = q; }         // expected-remark {{std::make_shared<Pair>() escapes to heap}}
// enable_shared_from_this: a shared or weak reference that leaves the frame.
struct Self : std::enable_shared_from_this<Self> { int v = 0; };
std::weak_ptr<Self> GW;
void es1() { auto s = std::make_shared<Self>(); auto t = s->shared_from_this(); t->v = 1; } // expected-remark {{std::make_shared<Self>() does not escape}}
void es2() { auto s = std::make_shared<Self>(); GW = s->weak_from_this(); }               // expected-remark {{std::make_shared<Self>() escapes to heap}}
// Threads: whatever a new thread gets escapes.
void th1() { Node *n = new Node; std::thread t([n] { n->v++; }); t.join(); } // expected-remark {{new Node escapes to heap}}
