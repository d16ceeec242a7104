// The content fact (llvm/FrontendFacts.h, ContentFactAttr): a std::string
// longer than its small buffer, passed by reference to an
// inline function (linkonce_odr: its body proves nothing in the IR, since
// another unit's copy may be linked) moves to the frame arena when the
// front end proves that the callee neither captures nor frees what it loads
// from the object (its buffer pointer): the call argument carries
// "escape-content-nocapture-nofree" next to captures(address). The twins
// keep, return or free the buffer, or hand the object to a member that may
// release or reallocate it (clear, assignment, append, shrink_to_fit, swap,
// a move, a destructor): no fact, and they stay on the heap. A struct
// holding a malloc'd pointer is the same without the library. Every program
// prints the same plain, with the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=MOVED %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// The attribute itself, on the readers' calls only.
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// Without the facts, nothing of it.
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape -fplugin-arg-escape-no-ir-facts %s -o - | FileCheck --check-prefix=OFF %s
// OFF-NOT: escape-content-nocapture-nofree
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#define NOINLINE __attribute__((noinline)) inline

std::string GlobalString;
const char *GlobalChars;
std::vector<int> GlobalVector;

// --- Readers: const members only, nothing kept or freed -------------------
NOINLINE int readString(const std::string &S) {
  int N = 0;
  for (char C : S)
    N += C == 'a';
  return N + int(S.size());
}
NOINLINE long readVector(const std::vector<int> &V) {
  long N = 0;
  for (int X : V)
    N += X;
  return N + long(V.size());
}
struct Buf {
  char *P;
  int N;
};
NOINLINE int readBuf(const Buf *B) { return B->P[0] + B->N; }

int moved(unsigned N) {
  std::string S(N, 'a'); // MOVED-DAG: content-facts.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  return readString(S);
}
// The vector's call carries the fact too. The callee may still write the
// variable (the fact does not say it only reads), so the destructor's
// end_of_storage - begin is no longer a pure offset (checkContainer); it
// only reaches the sized delete's size operand, which is no capture
// (onlyDeallocationSizes), so the buffer moves.
long readVectorCall(unsigned N) {
  std::vector<int> V(N, 3); // MOVED-DAG: content-facts.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  return readVector(V);
}
int movedBuf(unsigned N) {
  Buf B{static_cast<char *>(std::malloc(N)), int(N)}; // MOVED-DAG: content-facts.cpp:[[@LINE]]:{{.*}}moved to the
  B.P[0] = 7;
  int R = readBuf(&B);
  std::free(B.P);
  return R;
}

// --- Twins: the callee keeps, returns or frees the buffer -----------------
NOINLINE void clearString(std::string &S) { S.clear(); }
NOINLINE void assignString(std::string &S, const std::string &O) { S = O; }
NOINLINE void appendString(std::string &S) { S.append(100, 'c'); }
NOINLINE void shrinkString(std::string &S) {
  S.resize(1);
  S.shrink_to_fit();
}
NOINLINE void swapString(std::string &S) { std::swap(S, GlobalString); }
NOINLINE void moveString(std::string &S) { GlobalString = std::move(S); }
NOINLINE void keepChars(const std::string &S) { GlobalChars = S.data(); }
NOINLINE const char *firstChar(const std::string &S) { return S.data(); }
NOINLINE void shrinkVector(std::vector<int> &V) {
  V.resize(1);
  V.shrink_to_fit();
}
NOINLINE void moveVector(std::vector<int> &V) { GlobalVector = std::move(V); }
NOINLINE void freeBuf(Buf *B) {
  std::free(B->P);
  B->P = nullptr;
}
NOINLINE char *bufPointer(Buf *B) { return B->P; }

int cleared(unsigned N) {
  std::string S(N, 'l'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  clearString(S);
  return int(S.size());
}
int assigned(unsigned N) {
  std::string S(N, 'g'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  assignString(S, std::string(2 * N, 'h'));
  return int(S.size());
}
int appended(unsigned N) {
  std::string S(N, 'p'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  appendString(S);
  return int(S.size());
}
int shrunk(unsigned N) {
  std::string S(N, 'r'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  shrinkString(S);
  return int(S.size());
}
int swapped(unsigned N) {
  std::string S(N, 's'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  swapString(S);
  return int(S.size());
}
int movedOut(unsigned N) {
  std::string S(N, 'm'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  moveString(S);
  return int(S.size());
}
int kept(unsigned N) {
  std::string S(N, 'k'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  keepChars(S);
  return int(S.size()) + GlobalChars[0];
}
int pointerKept(unsigned N) {
  std::string S(N, 'f'); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  GlobalChars = firstChar(S);
  return int(S.size()) + GlobalChars[1];
}
long vectorShrunk(unsigned N) {
  std::vector<int> V(N, 5); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  shrinkVector(V);
  return long(V.size()) + V[0];
}
long vectorMovedOut(unsigned N) {
  std::vector<int> V(N, 6); // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  moveVector(V);
  return long(V.size());
}
int bufFreed(unsigned N) {
  Buf B{static_cast<char *>(std::malloc(N)), int(N)}; // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  B.P[0] = 1;
  freeBuf(&B);
  return B.P ? 1 : 0;
}
int bufReturned(unsigned N) {
  Buf B{static_cast<char *>(std::malloc(N)), int(N)}; // HEAP-DAG: content-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  B.P[0] = 2;
  GlobalChars = bufPointer(&B);
  int R = GlobalChars[0];
  std::free(B.P);
  return R;
}

// IR-LABEL: define {{.*}} @_Z5movedj(
// IR: call {{.*}} @_Z10readStringRKNSt7__cxx1112basic_string{{.*}}(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// IR-LABEL: define {{.*}} @_Z14readVectorCallj(
// IR: call {{.*}} @_Z10readVectorRKSt6vectorIiSaIiEE(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// IR-LABEL: define {{.*}} @_Z8movedBufj(
// IR: call {{.*}} @_Z7readBufPK3Buf(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// IR-LABEL: define {{.*}} @_Z7clearedj(
// IR-NOT: escape-content
// The string assigned to gets no fact; the one assigned from does: the
// small-buffer string copies its characters and keeps nothing of it.
// IR-LABEL: define {{.*}} @_Z8assignedj(
// IR: {{call|invoke}} void @_Z12assignString{{[^(]*}}(ptr {{[^,"]*}}, ptr {{[^,]*}}"escape-content-nocapture-nofree"
// IR-LABEL: define {{.*}} @_Z8appendedj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z6shrunkj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z7swappedj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z8movedOutj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z4keptj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z11pointerKeptj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z12vectorShrunkj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z14vectorMovedOutj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z8bufFreedj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z11bufReturnedj(
// IR-NOT: escape-content-nocapture-nofree
// The content leaves only through the result, which the pass follows (and
// finds stored to a global): the content-returned fact.
// IR: call {{.*}} @_Z10bufPointerP3Buf(ptr {{.*}}captures(address) "escape-content-returned"
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @main(

int main(int Argc, char **) {
  unsigned N = 40 + unsigned(Argc); // longer than the small buffer
  std::printf("%d %ld %d\n", moved(N), readVectorCall(N), movedBuf(N));
  std::printf("%d %d %d %d\n", cleared(N), assigned(N), appended(N),
              shrunk(N));
  std::printf("%d %zu\n", swapped(N), GlobalString.size());
  std::printf("%d %zu\n", movedOut(N + 1), GlobalString.size());
  std::printf("%d %d\n", kept(N), pointerKept(N));
  std::printf("%ld %ld %zu\n", vectorShrunk(N), vectorMovedOut(N),
              GlobalVector.size());
  std::printf("%d %d\n", bufFreed(N), bufReturned(N));
  return 0;
}
// OUT: 82 164 48
// OUT-NEXT: 0 82 141 1
// OUT-NEXT: 0 41
// OUT-NEXT: 0 42
