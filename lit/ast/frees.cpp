// The "may free" level of summaries (`fN`: what the parameter reaches after
// N dereferences may be freed; none: never). `kN` is the "may capture"
// level in LLVM's sense (lit/ast/captures.cpp): a library model's operands
// are captured, whatever the model says of escaping. The IR pass gets `nofree` on
// an argument only when it is not 0 (lit/xtu/nofree.test). Each function
// below frees (or not) its parameter in one way.
// RUN: %clangxx -std=c++20 -fsyntax-only %m1 -fplugin-arg-escape-debug-summaries %s 2>&1 | FileCheck %s
#include <any>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

struct Node {
  Node *Next;
  int V;
};
struct Owner { // deletes what it holds
  int *P;
  ~Owner() { delete P; }
};
// CHECK-DAG: summary Owner::~Owner: f1{{$}}
void unknown(int *);

// CHECK-DAG: summary reads: -{{$}}
int reads(int *P) { return *P; }
// CHECK-DAG: summary deletes: f0{{$}}
void deletes(int *P) { delete P; }
// CHECK-DAG: summary deletesNext: f1{{$}}
void deletesNext(Node *N) { delete N->Next; }
// CHECK-DAG: summary frees: f0{{$}}
void frees(int *P) { std::free(P); }
// CHECK-DAG: summary reallocs: h0 f0 k0{{$}}
void reallocs(int *P) { (void)std::realloc(P, 8); }
// CHECK-DAG: summary viaCallee: f0{{$}}
void viaCallee(int *P) { deletes(P); }
// CHECK-DAG: summary viaReads: -{{$}}
int viaReads(int *P) { return reads(P); }
// CHECK-DAG: summary viaUnknown: h0 f0 k0{{$}}
void viaUnknown(int *P) { unknown(P); }
// CHECK-DAG: summary viaOwner: f0{{$}}
void viaOwner(int *P) { Owner O{P}; }
// CHECK-DAG: summary viaUnique: f0{{$}}
void viaUnique(int *P) { std::unique_ptr<int> U(P); }
// CHECK-DAG: summary viaShared: f0{{$}}
void viaShared(int *P) { std::shared_ptr<int> S(P); }
// CHECK-DAG: summary resetParam: f1{{$}}
void resetParam(std::unique_ptr<int> &U) { U.reset(); }
// CHECK-DAG: summary getParam: -{{$}}
int getParam(std::unique_ptr<int> &U) { return *U.get(); }
// CHECK-DAG: summary viaMakeUnique: f0 k0{{$}}
void viaMakeUnique(int *P) { auto U = std::make_unique<Owner>(P); }
// CHECK-DAG: summary viaVectorOfOwners: f0 k0{{$}}
void viaVectorOfOwners(int *P) {
  std::vector<Owner> V;
  V.push_back(Owner{P});
}
// A vector of pointers frees its buffer only.
// CHECK-DAG: summary viaVectorOfPointers: k0{{$}}
void viaVectorOfPointers(int *P) {
  std::vector<int *> V;
  V.push_back(P);
}
// CHECK-DAG: summary viaOptionalOwner: f0 k0{{$}}
void viaOptionalOwner(int *P) {
  std::optional<Owner> O;
  O.emplace(P);
}
// CHECK-DAG: summary viaAny: f0 k0{{$}}
void viaAny(int *P) {
  std::any A;
  A.emplace<int *>(P);
}
// Stored into caller memory: whoever holds it may free it.
// CHECK-DAG: summary storeInto: -;c0:0 f0 k0{{$}}
void storeInto(int **Out, int *P) { *Out = P; }
