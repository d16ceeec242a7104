// A std::string or std::vector whose buffer is loaded back out of the object
// after a call that receives the object (its destructor reads the buffer
// pointer to free it). The pass follows the pointer it loads back like the
// allocation itself, and the free tests at run time whether it frees the
// allocation (a frame-arena buffer) or whatever else the object held by
// then. A callee defined here (an exact body) may read and overwrite the
// object, but must neither keep nor free what it holds.
//
// The twins stay on the heap: a callee that keeps the buffer (a global, a
// swap or move into a global), frees it (an assignment of a longer string,
// an append that reallocates, shrink_to_fit), or returns a pointer into it
// that the caller keeps; a callee whose body is not here. Every program
// prints the same with and without the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=MOVED %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Xclang -print-stats -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=STATS %s
// STATS-DAG: {{^ *[1-9][0-9]*}} escape-heap-to-stack  - Pointers loaded back from a local variable holding an allocation, followed like the allocation
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#define NOINLINE __attribute__((noinline))

static std::string GlobalString;
static const char *GlobalChars;
std::vector<int> GlobalVector;

// Reads through the object, and hands the buffer to a callee that neither
// keeps nor frees it (puts).
NOINLINE static int readString(const std::string &S) {
  int N = 0;
  for (char C : S)
    N += C == 'a';
  std::puts(S.c_str());
  return N;
}
NOINLINE static long sumVector(const std::vector<int> &V) {
  long N = 0;
  for (int X : V)
    N += X;
  std::printf("%zu\n", V.size());
  return N;
}
// Overwrites the elements in place: writes through the buffer, keeps it.
NOINLINE static void scaleVector(std::vector<int> &V) {
  for (int &X : V)
    X *= 2;
}

int moved(unsigned N) {
  std::string S(N, 'a'); // MOVED: reload.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  return readString(S);
}
long movedVector(unsigned N) {
  std::vector<int> V(N, 3); // MOVED: reload.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  scaleVector(V);
  return sumVector(V);
}

// --- Twins: the callee keeps or frees the buffer --------------------------
NOINLINE static void keepChars(const std::string &S) { GlobalChars = S.data(); }
NOINLINE static void swapOut(std::string &S) { std::swap(S, GlobalString); }
NOINLINE static void moveOut(std::string &S) { GlobalString = std::move(S); }
NOINLINE static void replace(std::string &S) {
  S = std::string(S.size() * 2 + 40, 'b'); // frees S's buffer
}
NOINLINE static void append(std::string &S) {
  S.append(100, 'c'); // reallocates: frees S's buffer
}
NOINLINE static void shrink(std::vector<int> &V) {
  V.resize(1);
  V.shrink_to_fit(); // a new buffer; the old one freed
}
NOINLINE static void moveVector(std::vector<int> &V) {
  GlobalVector = std::move(V);
}
NOINLINE static const char *firstChar(const std::string &S) {
  return S.data();
}

int kept(unsigned N) {
  std::string S(N, 'k'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  keepChars(S);
  return int(S.size()) + GlobalChars[0];
}
int swapped(unsigned N) {
  std::string S(N, 's'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  swapOut(S);
  return int(S.size());
}
int movedOut(unsigned N) {
  std::string S(N, 'm'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  moveOut(S);
  return int(S.size());
}
int replaced(unsigned N) {
  std::string S(N, 'r'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  replace(S);
  return int(S.size());
}
int appended(unsigned N) {
  std::string S(N, 'p'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  append(S);
  return int(S.size());
}
long shrunk(unsigned N) {
  std::vector<int> V(N, 5); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  shrink(V);
  return long(V.size()) + V[0];
}
long vectorMovedOut(unsigned N) {
  std::vector<int> V(N, 6); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  moveVector(V);
  return long(V.size());
}
int pointerKept(unsigned N) {
  std::string S(N, 'f'); // HEAP: reload.cpp:[[@LINE]]:{{.*}}stays on the heap
  GlobalChars = firstChar(S);
  return int(S.size()) + GlobalChars[1];
}

// A variable reassigned in a loop: the buffer of one iteration is freed
// (through the pointer loaded back) in the next.
long loop(unsigned N) {
  std::string S;
  long Total = 0;
  for (unsigned I = 0; I < 4; ++I) {
    S = std::string(N + I, char('a' + I)); // MOVED: reload.cpp:[[@LINE]]:{{.*}}moved to the frame arena (live across loop iterations
    Total += readString(S);
  }
  return Total;
}

int main(int Argc, char **) {
  unsigned N = 40 + unsigned(Argc); // longer than the small buffer
  std::printf("%d %ld\n", moved(N), movedVector(N));
  std::printf("%d\n", kept(N));
  std::printf("%d %zu\n", swapped(N), GlobalString.size());
  std::printf("%d %zu\n", movedOut(N + 1), GlobalString.size());
  std::printf("%d %d\n", replaced(N), appended(N));
  std::printf("%ld %ld %zu\n", shrunk(N), vectorMovedOut(N),
              GlobalVector.size());
  std::printf("%d\n", pointerKept(N));
  std::printf("%ld\n", loop(N));
  GlobalString.clear();
  GlobalString.shrink_to_fit();
  return 0;
}


// OUT: {{^a{41}$}}
// OUT-NEXT: 41
// OUT-NEXT: 41 246
// OUT-NEXT: 148
// OUT-NEXT: 0 41
// OUT-NEXT: 0 42
// OUT-NEXT: 122 141
// OUT-NEXT: 6 0 41
// OUT-NEXT: 143
// OUT-NEXT: {{^a{41}$}}
// OUT-NEXT: {{^b{42}$}}
// OUT-NEXT: {{^c{43}$}}
// OUT-NEXT: {{^d{44}$}}
// OUT-NEXT: 41
