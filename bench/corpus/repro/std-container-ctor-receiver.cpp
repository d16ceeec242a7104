// Precision (not a crash): a heap-allocated std container escapes through its
// own constructor or destructor ("receiver of 'std::set<int>::set' (call
// parameter)"), although it is deleted in the same function.  On the corpus
// (bench/corpus, plugin dc46e2d) 158 of the 410 unique escaping allocation
// sites escape as the receiver of their own constructor.  User-defined
// constructors, even one storing `this` into the object, are fine (selfRef,
// plain).
//
//   clang++-22 -std=c++17 -O2 -c std-container-ctor-receiver.cpp -o /dev/null \
//     -fplugin=build/lib/ClangEscape.so -fplugin-arg-escape-m=2
//
// Got (dc46e2d):
//   :23: new std::set<int>{1, 2, 3} escapes to heap
//        note: from receiver of 'std::set<int>::set' (call parameter)
//   :24: new std::set<int> escapes to heap
//        note: from receiver of 'std::set<int>::~set' (call parameter)
//   :25: new std::vector<int>(4) escapes to heap
//        note: from receiver of 'std::vector<int>::vector' (call parameter)
//   :27: new Node does not escape        :29: new Plain(3) does not escape
// Expected: all five "does not escape".
#include <set>
#include <vector>
int setInit() { auto *s = new std::set<int>{1, 2, 3}; int n = s->size(); delete s; return n; }
int setDefault() { auto *s = new std::set<int>; s->insert(1); int n = s->size(); delete s; return n; }
int vecInit() { auto *v = new std::vector<int>(4); int n = v->size(); delete v; return n; }
struct Node { Node *self; Node() : self(this) {} };
int selfRef() { Node *n = new Node; bool b = n->self == n; delete n; return b; }
struct Plain { int x; Plain(int v) : x(v) {} };
int plain() { Plain *p = new Plain(3); int x = p->x; delete p; return x; }
