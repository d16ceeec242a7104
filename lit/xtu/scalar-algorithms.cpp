// The algorithms on arrays of scalars (library::scalarAlgorithm): std::sort
// on `int*` is inlined down to calls of linkonce_odr helpers, whose bodies
// the front end analyses (no user code runs in them) and whose calls get
// the facts the summaries prove: captures(address) and nofree on the
// array, so a heap array sorted in its frame moves. The twins get no fact:
// a user comparator (user code runs), and an array of pointers (its
// elements are not scalars). The program prints the same plain and with
// the plugin, and counts the heap calls.
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
#include <algorithm>
#include <cstdio>

#include "../e2e/Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

// IR-LABEL: define {{.*}} @_Z6sortedi(
// IR: call void @_ZSt16__introsort_loopIPilN9__gnu_cxx5__ops15_Iter_less_iterEEvT_S4_T0_T1_(ptr nofree noundef {{.*}}captures(address) {{.*}}, ptr nofree noundef {{.*}}captures(address) {{.*}}, i64
// IR: call void @_ZSt22__final_insertion_sortIPiN9__gnu_cxx5__ops15_Iter_less_iterEEvT_S4_T0_(ptr nofree noundef {{.*}}captures(address)
NOINLINE long sorted(int N) {
  int *A = new int[N]; // REMARK: scalar-algorithms.cpp:[[@LINE]]:12: remark: 'new[]' of variable size moved to the frame arena
  for (int I = 0; I < N; ++I)
    A[I] = (I * 7919) % N;
  std::sort(A, A + N);
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += long(I) * A[I];
  delete[] A;
  return S;
}

// A user comparator: its code runs inside, and no fact is given.
// IR-LABEL: define {{.*}} @_Z9userOrderi(
// IR: call fastcc void @"_ZSt16__introsort_loopIPilN9__gnu_cxx5__ops15_Iter_comp_iterIZ9userOrderiE3$_0EEEvT_S6_T0_T1_"(ptr noundef
NOINLINE long userOrder(int N) {
  int *A = new int[N]; // REMARK: scalar-algorithms.cpp:[[@LINE]]:12: remark: 'new[]' stays on the heap: passed to 'void std::__introsort_loop<int*, long, __gnu_cxx::__ops::_Iter_comp_iter<userOrder(int)::$_0>>', whose body here may keep or free it
  for (int I = 0; I < N; ++I)
    A[I] = (I * 7919) % N;
  std::sort(A, A + N, [](int X, int Y) { return X > Y; });
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += long(I) * A[I];
  delete[] A;
  return S;
}

// An array of pointers: not an array of scalars.
// IR-LABEL: define {{.*}} @_Z8pointersi(
// IR: call void @_ZSt16__introsort_loopIPPilN9__gnu_cxx5__ops15_Iter_less_iterEEvT_S5_T0_T1_(ptr noundef
// IR: call void @_ZSt22__final_insertion_sortIPPiN9__gnu_cxx5__ops15_Iter_less_iterEEvT_S5_T0_(ptr noundef
int Pool[64];
NOINLINE long pointers(int N) {
  int **A = new int *[N]; // REMARK: scalar-algorithms.cpp:[[@LINE]]:13: remark: 'new[]' stays on the heap: passed to 'void std::__final_insertion_sort<int**, __gnu_cxx::__ops::_Iter_less_iter>', which may keep it
  for (int I = 0; I < N; ++I)
    A[I] = &Pool[(I * 37) % 64];
  std::sort(A, A + N);
  long S = 0;
  for (int I = 0; I < N; ++I)
    S += long(I) * (A[I] - Pool);
  delete[] A;
  return S;
}

int main(int Argc, char **) {
  unsigned long Before = HeapAllocs;
  long T = 0;
  for (int R = 0; R < 10; ++R)
    T += sorted(40 + Argc + R);
  // OUT: sorted 307425
  // PLAIN-SAME: heap 10
  // H2S-SAME: heap 0
  std::printf("sorted %ld heap %lu\n", T, HeapAllocs - Before);
  Before = HeapAllocs;
  T = userOrder(40 + Argc) + pointers(40 + Argc);
  // OUT: others {{[0-9]+}} heap 2
  std::printf("others %ld heap %lu\n", T, HeapAllocs - Before);
}
