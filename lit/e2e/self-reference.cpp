// Objects that store their own address (or an address inside themselves)
// built by an out-of-line constructor or member function: "does not
// escape" in Go's sense, but captured in LLVM's. The front end must give
// such calls no captures(...) fact: LLVM would then believe no pointer
// loaded from memory can equal the object's address and, e.g., fold
// std::string's `_M_p == _M_local_buf` to false and free a stack buffer
// (GoogleTest and yaml-cpp aborted this way, issue 13).
// RUN: for c in 1 2 3 4 5 6; do \
// RUN:   %clangxx -std=c++20 -O2 %escape -DCASE=$c %s -o %t.$c || exit 1; \
// RUN:   echo "case $c: $(%t.$c)"; \
// RUN:   %clangxx -std=c++20 -O2 -fsanitize=address %escape -DCASE=$c %s -o %t.asan.$c || exit 1; \
// RUN:   echo "asan $c: $(%t.asan.$c 2>&1)"; \
// RUN: done | FileCheck %s
// The constructor's call gets no capture fact for the object (it is inline:
// linkonce_odr); the C string's characters are copied, and its argument may
// have one.
// RUN: %clangxx -std=c++20 -O2 %escape -DCASE=1 -S -emit-llvm -o - %s | FileCheck --check-prefix=IR %s
// IR-LABEL: define {{.*}} @_Z1fPKc(
// IR: call void @_ZN4NodeC2EPKc(ptr noundef nonnull align 8 dereferenceable(32) %{{[0-9]+}}, ptr
// IR: ret
// CHECK-COUNT-12: {{(case|asan)}} {{[0-9]}}: 2 ok
#include <cstdio>
#include <list>
#include <map>
#include <string>

#if CASE == 1 // the Node: a std::string member (small buffer)
struct Node {
  std::string s;
  __attribute__((noinline)) explicit Node(const char *c) : s(c) {}
};
__attribute__((noinline)) int f(const char *c) {
  Node n(c);
  return (int)n.s.size();
}
#elif CASE == 2 // an intrusive self-pointer set in the constructor
struct Node {
  Node *self;
  int v;
  __attribute__((noinline)) explicit Node(const char *c) : self(this), v(c[1] - 'a' + 1) {}
  __attribute__((noinline)) int get() const { return self == this ? v : -1; }
};
__attribute__((noinline)) int f(const char *c) {
  Node n(c);
  return n.get();
}
#elif CASE == 3 // a circular list head: prev/next point to the head itself
struct Head {
  Head *next, *prev;
  __attribute__((noinline)) Head() : next(this), prev(this) {}
  __attribute__((noinline)) bool empty() const { return next == this; }
};
__attribute__((noinline)) int f(const char *c) {
  Head h;
  return h.empty() ? (int)__builtin_strlen(c) : -1;
}
#elif CASE == 4 // node-based containers (sentinel nodes inside the object)
struct Node {
  std::list<int> l;
  std::map<int, int> m;
  __attribute__((noinline)) explicit Node(const char *c) {
    for (; *c; ++c)
      l.push_back(*c), m[*c] = 1;
  }
};
__attribute__((noinline)) int f(const char *c) {
  Node n(c);
  return n.l.size() == n.m.size() ? (int)n.l.size() : -1;
}
#elif CASE == 5 // `this` stored by a member function, read after the call
struct Node {
  const Node *me = nullptr;
  std::string name;
  __attribute__((noinline)) void bind(const char *c) { me = this, name = c; }
};
__attribute__((noinline)) int f(const char *c) {
  Node n;
  n.bind(c);
  return n.me == &n ? (int)n.name.size() : -1;
}
#elif CASE == 6 // a long string: heap buffer, not the small one
struct Node {
  std::string s;
  __attribute__((noinline)) explicit Node(const char *c) : s(std::string(40, 'x') + c) {}
};
__attribute__((noinline)) int f(const char *c) {
  Node n(c);
  return (int)n.s.size() - 40;
}
#endif

int main() { std::printf("%d ok\n", f("ab")); }
