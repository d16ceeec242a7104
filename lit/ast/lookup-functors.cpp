// A lookup (find, count, lower_bound...) hands its key to the container's
// function objects: the hash and equality of an unordered container, the
// comparison of an ordered one. The model of the container counts the key
// as read only when each of them is the library's own on a scalar or
// string key, or a user class whose operator() keeps and frees nothing
// reachable from its parameters (its summary); otherwise the key, and what
// it points to, escape. (The differential fuzzer's `session35` route found
// the front end saying "does not escape" for an array kept by a hash.)
// RUN: %clangxx -std=c++17 -fsyntax-only %m1 %s 2>&1 | FileCheck %s
#include <cstddef>
#include <set>
#include <unordered_set>

struct State {
  int *inst;
  int n;
};
const int *Last;
const State *LastState;

struct ReadHash {
  size_t operator()(const State *s) const {
    size_t h = 0;
    for (int i = 0; i < s->n; ++i)
      h = h * 31 + size_t(s->inst[i]);
    return h;
  }
};
struct ReadEq {
  bool operator()(const State *a, const State *b) const {
    return a->n == b->n && a->inst[0] == b->inst[0];
  }
};
struct KeepHash {
  size_t operator()(const State *s) const {
    Last = s->inst;
    return size_t(s->n);
  }
};
struct KeepEq {
  bool operator()(const State *a, const State *b) const {
    LastState = a;
    return a->n == b->n;
  }
};
struct TemplateHash {
  template <class T> size_t operator()(const T *s) const { return size_t(s->n); }
};
struct ReadLess {
  bool operator()(const State *a, const State *b) const { return a->n < b->n; }
};
struct KeepLess {
  bool operator()(const State *a, const State *b) const {
    Last = b->inst;
    return a->n < b->n;
  }
};

std::unordered_set<State *, ReadHash, ReadEq> Reading;
std::unordered_set<State *, KeepHash, ReadEq> HashKeeps;
std::unordered_set<State *, ReadHash, KeepEq> EqKeeps;
std::unordered_set<State *, TemplateHash, ReadEq> Templated;
std::set<State *, ReadLess> OrderedReading;
std::set<State *, KeepLess> OrderedKeeps;

// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] does not escape
bool reading(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = Reading.find(&s) != Reading.end();
  delete[] inst;
  return found;
}
// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] does not escape
bool orderedReading(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = OrderedReading.count(&s) != 0;
  delete[] inst;
  return found;
}
// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] escapes to heap
bool hashKeeps(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = HashKeeps.find(&s) != HashKeeps.end();
  delete[] inst;
  return found;
}
// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] escapes to heap
bool eqKeeps(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = EqKeeps.count(&s) != 0;
  delete[] inst;
  return found;
}
// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] escapes to heap
bool templated(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = Templated.find(&s) != Templated.end();
  delete[] inst;
  return found;
}
// CHECK-DAG: lookup-functors.cpp:[[@LINE+2]]:15: remark: new int[n] escapes to heap
bool orderedKeeps(int n) {
  int *inst = new int[n];
  State s{inst, n};
  bool found = OrderedKeeps.find(&s) != OrderedKeeps.end();
  delete[] inst;
  return found;
}
