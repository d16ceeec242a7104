// A set built on two arrays it owns (re2's SparseSet), used in one frame. Its
// insert is a template member that is not inlined and returns a pointer into
// one array: the front end proves that what it loads from the object leaves
// only through that result (the content-returned fact), and the pass follows
// the result in the caller. The set's destructor on the exception path, which
// the inliner leaves there, is inlined by the pass, so that its frees test
// at run time whether they free the arrays' frame-arena buffers.
//
// The twins stay on the heap: the returned pointer kept in a global; an
// insert that also keeps the array; a destructor that hands the array to code
// that may keep it. Every program prints the same with and without the plugin,
// and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=MOVED %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clangxx -std=c++17 -O2 %escape -Xclang -print-stats -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=STATS %s
// STATS: {{^ *[1-9][0-9]*}} escape-heap-to-stack  - Calls inlined to show the frees of an allocation held in a local variable
#include <cstdio>
#include <memory>

#define NOINLINE __attribute__((noinline))

int *GlobalSlot;
int *GlobalArray;
int ThrowAt = -1;
NOINLINE void mayThrow(int I) {
  if (I == ThrowAt)
    throw I;
}
NOINLINE void keep(int *P) { GlobalArray = P; }

template <typename T> class Array {
public:
  explicit Array(int N) : P(new T[N]()) {}
  T *data() const { return P.get(); }
  T &operator[](int I) const { return P[I]; }

private:
  std::unique_ptr<T[]> P;
};

template <bool Keeps> class Set {
public:
  explicit Set(int N) : Size(0), Max(N), Sparse(N), Dense(N) {}
  int *insert(int I) { return insertInternal(I); }
  bool contains(int I) const {
    return unsigned(Sparse[I]) < unsigned(Size) && Dense[Sparse[I]] == I;
  }
  int *begin() const { return Dense.data(); }
  int *end() const { return Dense.data() + Size; }

private:
  NOINLINE int *insertInternal(int I) {
    if (unsigned(I) >= unsigned(Max))
      return begin();
    if (!contains(I)) {
      Sparse[I] = Size;
      Dense[Size] = I;
      Size++;
    }
    if constexpr (Keeps)
      keep(Dense.data());
    return Dense.data() + Sparse[I];
  }
  int Size, Max;
  Array<int> Sparse, Dense;
};

int sum(int N) {
  Set<false> Q(N); // MOVED-DAG: returned-held.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  for (int I = 0; I < N; I += 3) {
    mayThrow(I);
    Q.insert(I);
  }
  int S = 0;
  for (int *P = Q.begin(); P != Q.end(); ++P)
    S += *P;
  return S;
}

int kept(int N) {
  Set<false> Q(N); // HEAP-DAG: returned-held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to global 'GlobalSlot'
  int S = 0;
  for (int I = 0; I < N; I += 2) {
    mayThrow(I);
    GlobalSlot = Q.insert(I);
    S += *GlobalSlot;
  }
  GlobalSlot = nullptr;
  return S;
}

int keptByInsert(int N) {
  Set<true> Q(N); // HEAP-DAG: returned-held.cpp:[[@LINE]]:{{.*}}stays on the heap
  int S = 0;
  for (int I = 0; I < N; I += 5) {
    mayThrow(I);
    S += *Q.insert(I);
  }
  GlobalArray = nullptr;
  return S;
}

// The insert's fact; not the stronger content fact (it returns the array).
// IR-LABEL: define {{.*}} @_Z3sumi(
// IR: {{call|invoke}} {{.*}} @_ZN3SetILb0EE14insertInternalEi(ptr {{.*}}captures(address) {{.*}}"escape-content-returned"
// IR-LABEL: define {{.*}} @_Z12keptByInserti(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @main(

int main(int Argc, char **) {
  int N = 40 + Argc;
  std::printf("%d %d %d\n", sum(N), kept(N), keptByInsert(N));
  int Thrown = 0;
  ThrowAt = 9; // the set's destructor runs on the exception path
  try {
    sum(N);
  } catch (int I) {
    Thrown = I;
  }
  ThrowAt = -1;
  std::printf("%d %d\n", sum(200 + Argc), Thrown);
  return 0;
}
// OUT: 273 420 180
// OUT: 6633 9
