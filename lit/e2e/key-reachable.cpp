// Issue 16: re2's DFA::CachedState. A heap array of instructions is put in
// a local State that is looked up in an unordered_set<State*> by address:
// find takes `const key_type&`, the address of a temporary holding &state,
// so the array is two loads away from find's argument. The user's hash and
// equality functors only read what is reachable from their argument, so
// the front end gives find's key the reachable fact (nothing reachable
// from it, at any level, is captured or freed) and the array moves. The
// twin's hash keeps the array it loads and the array stays on the heap;
// lit/e2e/key-of-key.cpp is the twin with only the content fact. All print
// the same with and without the plugin, and under ASan (where the array
// stays on the heap: the function may recurse, through the set's rehash
// policy, and ASan's budget for such frames is 0).
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | FileCheck --check-prefix=OUT %s
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

struct State {
  int *Inst;
  int N;
};
struct StateHash {
  size_t operator()(const State *S) const {
    size_t H = 0;
    for (int I = 0; I < S->N; ++I)
      H = H * 31 + size_t(S->Inst[I]);
    return H;
  }
};
struct StateEqual {
  bool operator()(const State *A, const State *B) const {
    if (A == B)
      return true;
    if (A->N != B->N)
      return false;
    for (int I = 0; I < A->N; ++I)
      if (A->Inst[I] != B->Inst[I])
        return false;
    return true;
  }
};

// The same cache with a hash that keeps the array it reads.
const int *LastHashed;
struct KeepingHash {
  size_t operator()(const State *S) const {
    LastHashed = S->Inst;
    return size_t(S->N);
  }
};

// Out of line and not a template: an exact body the pass judges (a
// linkonce_odr one could be replaced by another unit's copy).
#define CACHED(Name, Hash)                                                     \
  std::unordered_set<State *, Hash, StateEqual> Name##Set;                     \
  NOINLINE State *Name(int *Inst, int N) {                                     \
    State S;                                                                   \
    S.Inst = Inst;                                                             \
    S.N = N;                                                                   \
    auto It = Name##Set.find(&S);                                              \
    if (It != Name##Set.end())                                                 \
      return *It;                                                              \
    State *New = new State{new int[N], N};                                     \
    std::memcpy(New->Inst, Inst, size_t(N) * sizeof(int));                     \
    Name##Set.insert(New);                                                     \
    return New;                                                                \
  }
CACHED(reading, StateHash)
CACHED(keeping, KeepingHash)

NOINLINE int lookup(int K, int N) {
  int *Inst = new int[N]; // REMARK-DAG: key-reachable.cpp:[[@LINE]]:15: remark: 'new[]' of variable size moved to the frame arena
  for (int I = 0; I < N; ++I)
    Inst[I] = K + I;
  State *S = reading(Inst, N);
  delete[] Inst;
  return S->Inst[1];
}

NOINLINE int lookupKept(int K, int N) {
  int *Inst = new int[N]; // REMARK-DAG: key-reachable.cpp:[[@LINE]]:15: remark: 'new[]' stays on the heap: passed to 'keeping', whose body here may keep or free it: stored to a local variable whose address escapes
  for (int I = 0; I < N; ++I)
    Inst[I] = K + I;
  State *S = keeping(Inst, N);
  delete[] Inst;
  return S->Inst[1];
}

int main(int Argc, char **) {
  long T = 0;
  unsigned long Before = HeapAllocs;
  for (int R = 0; R < 1000; ++R)
    T += lookup(R % 7, 4 + Argc);
  // 7 states of two allocations each and the set's nodes and buckets; the
  // 1000 arrays looked up only without the plugin.
  // OUT: reading 3997
  // PLAIN-SAME: heap 1022
  // H2S-SAME: heap 22
  std::printf("reading %ld heap %lu\n", T, HeapAllocs - Before);
  T = 0;
  Before = HeapAllocs;
  for (int R = 0; R < 100; ++R)
    T += lookupKept(R % 5, 4 + Argc);
  // OUT: keeping 300 heap 116
  std::printf("keeping %ld heap %lu\n", T, HeapAllocs - Before);
  for (State *S : readingSet)
    delete[] S->Inst, delete S;
  for (State *S : keepingSet)
    delete[] S->Inst, delete S;
}
