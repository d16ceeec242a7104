// Which callees get the content fact (escape-content-nocapture-nofree, next
// to captures(address)) on their reference or pointer argument: readers
// through const members do; anything that may keep, return or free what
// the object holds does not, nor anything that hands the object to a
// standard container's non-const member, destructor, move or swap (its
// buffers are part of the object in the analysis, so only "captured" shows
// that they may be released: GraphBuilder::modelContainer). Some readers
// are refused too, soundly: a non-const begin() (the range for over a
// non-const string), c_str() handed to puts (code the analysis does not
// prove), a comparison (operator== is not modelled in the analysis, so
// same() gets no fact of its own), a string reached
// through a pointer field that is appended to (level 1 captured).
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck %s
// The facts pass counts the five arguments, the two of the call to
// std::operator== inside same(), which the library model gives the fact
// (library::stringReader; lit/xtu/library-facts.cpp) before it is inlined,
// and 26 of calls to the algorithms on arrays of scalars (std::fill_n,
// std::__relocate_a_1... on int*) in std::vector<int>'s members, which get
// the facts of their summaries (library::scalarAlgorithm;
// lit/xtu/scalar-algorithms.cpp).
// RUN: %clangxx -std=c++17 -O2 -c %escape -Xclang -print-stats %s -o /dev/null 2>&1 | FileCheck --check-prefix=STATS %s
// STATS: {{^ *}}33 escape-frontend-facts - Call arguments marked escape-content-nocapture-nofree from the front end's summaries
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#define NOINLINE __attribute__((noinline)) inline

std::string G;
const char *GC;
std::vector<int> GV;
struct Buf {
  char *P;
};
struct Holder {
  std::string S;
};
struct Indirect {
  std::string *SP;
};

// Readers: the fact.
NOINLINE int sizeOf(std::string &S) { return int(S.size()); }
NOINLINE int count(const std::string &S) {
  int N = 0;
  for (char C : S)
    N += C == 'a';
  return N;
}
NOINLINE long sum(const std::vector<int> &V) {
  long N = 0;
  for (int X : V)
    N += X;
  return N;
}
NOINLINE int first(const Buf *B) { return B->P[0]; }
NOINLINE int holderSize(const Holder *H) { return int(H->S.size()); }

// Refused readers.
NOINLINE int countMutable(std::string &S) {
  int N = 0;
  for (char C : S)
    N += C == 'a';
  return N;
}
NOINLINE void print(const std::string &S) { std::puts(S.c_str()); }
NOINLINE bool same(const std::string &S) { return S == G; }

// Mutators, keepers, freers: no fact.
NOINLINE void clear(std::string &S) { S.clear(); }
NOINLINE void assign(std::string &S) { S = G; }
NOINLINE void append(std::string &S) { S.append(100, 'c'); }
NOINLINE void shrink(std::string &S) { S.shrink_to_fit(); }
NOINLINE void swapOut(std::string &S) { std::swap(S, G); }
NOINLINE void moveOut(std::string &S) { G = std::move(S); }
NOINLINE void sink(std::string &S) { std::string T = std::move(S); }
NOINLINE void destroy(std::string &S) { S.~basic_string(); }
NOINLINE void keep(const std::string &S) { GC = S.data(); }
NOINLINE const char *dataOf(const std::string &S) { return S.data(); }
NOINLINE void push(std::vector<int> &V) { V.push_back(1); }
NOINLINE void clearVector(std::vector<int> &V) { V.clear(); }
NOINLINE void swapVector(std::vector<int> &V) { V.swap(GV); }
NOINLINE void freeBuf(Buf *B) { std::free(B->P); }
NOINLINE void deleteBuf(Buf *B) { delete B->P; }
NOINLINE void keepBuf(Buf *B) { GC = B->P; }
NOINLINE char *bufData(Buf *B) { return B->P; }
NOINLINE void appendHeld(Holder *H) { H->S.append(100, 'x'); }
NOINLINE void destroyHolder(Holder *H) { H->~Holder(); }
NOINLINE void appendIndirect(Indirect *I) { I->SP->append(100, 'x'); }

// CHECK-LABEL: define {{.*}} @_Z7readersv(
// CHECK: call {{.*}} @_Z6sizeOfRNSt7__cxx11{{.*}}(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// CHECK: call {{.*}} @_Z5countRKNSt7__cxx11{{.*}}(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// CHECK: call {{.*}} @_Z3sumRKSt6vectorIiSaIiEE(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// CHECK: call {{.*}} @_Z5firstPK3Buf(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// CHECK: call {{.*}} @_Z10holderSizePK6Holder(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// CHECK: ret
long readers() {
  std::string S(50, 'a');
  std::vector<int> V(10, 1);
  Buf B{S.data()};
  Holder H{S};
  return sizeOf(S) + count(S) + sum(V) + first(&B) + holderSize(&H);
}
// CHECK-LABEL: define {{.*}} @_Z6othersv(
// CHECK-NOT: escape-content-nocapture-nofree
// CHECK: ret
// CHECK-NOT: escape-content-nocapture-nofree
long others() {
  std::string S(50, 'a');
  std::vector<int> V(10, 1);
  Buf B{new char('b')};
  Holder H{S};
  Indirect I{&S};
  long R = countMutable(S) + same(S);
  print(S);
  clear(S);
  assign(S);
  append(S);
  shrink(S);
  swapOut(S);
  moveOut(S);
  sink(S);
  keep(S);
  R += *dataOf(S);
  push(V);
  clearVector(V);
  swapVector(V);
  keepBuf(&B);
  R += *bufData(&B);
  appendHeld(&H);
  appendIndirect(&I);
  deleteBuf(&B);
  Buf M{static_cast<char *>(std::malloc(4))};
  freeBuf(&M);
  std::string D(50, 'd');
  destroy(D);
  new (&D) std::string();
  Holder E{D};
  destroyHolder(&E);
  new (&E) Holder();
  return R;
}
