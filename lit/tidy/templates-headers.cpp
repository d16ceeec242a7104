// RUN: %check-tidy --copy-header %S/Inputs/escape-header.h %s escape-frame-local-allocation %t --header-filter=.* -- -std=c++17
// RUN: %run-tidy --header-filter=does-not-match %s -- -std=c++17 -I%S/Inputs -I%srcroot/include | FileCheck %s --check-prefix=NOHEADER --implicit-check-not=escape-header.h
//
// Templates: a site is planned in every instantiation of the file; it is
// reported when it does not escape in any of them, and rewritten only when
// every instantiation accepts the same edits (templates of the main file
// only: no other translation unit can instantiate them). Headers: inline
// functions of headers that HeaderFilterRegex selects are rewritten (ODR
// makes their body the same everywhere); static functions and templates of
// headers are refused with the reason. The fixed header is compiled into
// the fixed program, the original header into the original one.
#include "escape-header.h"
#include <memory>
#include <string>

// CHECK-MESSAGES: escape-header.h:12:14: warning: new HNode{N} does not escape: use a stack object: HNode P_obj{N};
// CHECK-MESSAGES: escape-header.h:19:13: warning: new long[N]() does not escape: allocate it in the frame arena 'escape_arena'
// CHECK-MESSAGES: escape-header.h:27:14: warning: new HNode{N} does not escape, but is not rewritten: it is in a header function with internal linkage: each translation unit compiles its own copy
// CHECK-MESSAGES: escape-header.h:34:10: warning: new T(N) does not escape, but is not rewritten: it is in a template defined in a header: other translation units instantiate it too, maybe with types for which the rewrite is wrong
// CHECK-HEADER-FIXES: #include <cstdio>
// CHECK-HEADER-FIXES-NEXT: #include <escape/FrameArena.h>
// CHECK-HEADER-FIXES: HNode P_obj{N}; HNode *P = &P_obj;
// CHECK-HEADER-FIXES: inline long headerArray(int N) {
// CHECK-HEADER-FIXES-NEXT: {{^}}  escape::FrameArena<1024> escape_arena;{{$}}
// CHECK-HEADER-FIXES: long *A = escape_arena.newArrayValueInit<long>(N);
// CHECK-HEADER-FIXES: escape_arena.destroyArray(A);
// CHECK-HEADER-FIXES: static inline int headerStatic(int N) {
// CHECK-HEADER-FIXES-NEXT: HNode *P = new HNode{N};
// CHECK-HEADER-FIXES: T *P = new T(N);

// NOHEADER: templates-headers.cpp:[[@LINE+2]]:10: warning: new T(X) does not escape
template <class T> int twice(T X) {
  T *P = new T(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: new T(X) does not escape: use a stack object: T P_obj(X); (in the template: the same rewrite holds for its 2 instantiations in this file)
  // CHECK-FIXES: T P_obj(X); T *P = &P_obj;
  int R = static_cast<int>(sizeof(*P));
  delete P;
  return R;
}

template <class T> int arr(int N) {
  T *A = new T[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: new T[N] does not escape: allocate it in the frame arena 'escape_arena' (in the template: the same rewrite holds for its 2 instantiations in this file)
  // CHECK-FIXES: T *A = escape_arena.newArray<T>(N);
  for (int I = 0; I < N; ++I)
    A[I] = T(I);
  int R = static_cast<int>(A[N - 1] * 2);
  delete[] A;
  return R;
}

struct Loud {
  int V;
  explicit Loud(int V) : V(V) {}
  ~Loud() { std::printf("~Loud(%d)\n", V); }
};

// Stack object for int, arena for Loud (its destructor must run before the
// printf): the instantiations disagree, so neither is applied.
template <class T> int differ(T X) {
  T *P = new T(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: new T(X) does not escape, but is not rewritten: it is in a template whose instantiations need different rewrites
  // CHECK-FIXES: T *P = new T(X);
  int R = static_cast<int>(sizeof(*P));
  delete P;
  std::printf("differ %d\n", R);
  return R;
}

struct Huge {
  char Bytes[4096];
  explicit Huge(int) : Bytes() {}
};

template <class T> int uniq(T X) {
  auto P = std::make_unique<T>(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<T>(...) does not escape, but is not rewritten: in the template instance uniq<Huge>: it belongs in the frame arena, not on the stack
  // CHECK-FIXES: auto P = std::make_unique<T>(X);
  return static_cast<int>(sizeof(*P));
}

template <class T> int cexpr(T X) {
  auto P = std::make_unique<T>(X);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<T>(...) does not escape, but is not rewritten: its template uses 'if constexpr': the instantiations compile different statements
  if constexpr (sizeof(T) > 4)
    return 8;
  return static_cast<int>(sizeof(*P));
}

std::string *Kept;
// Escapes in escapes<std::string> only: nothing to say.
template <class T> int escapes(T X) {
  T *P = new T(X);
  if constexpr (sizeof(T) > 8)
    Kept = P;
  else
    delete P;
  return 1;
}

template <class T> struct Box {
  int get(T X) {
    auto P = std::make_shared<T>(X);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: std::make_shared<T>(...) does not escape: allocate it in the frame arena 'escape_arena' (in the template: the same rewrite holds for its 2 instantiations in this file)
    // CHECK-FIXES: auto P = std::allocate_shared<T>(escape::ArenaAllocator<T>(escape_arena), X);
    return static_cast<int>(sizeof(*P) + P.use_count());
  }
};

int main() {
  std::printf("%d %d %d %d\n", twice(1), twice(2.0), arr<int>(3),
              arr<double>(4));
  std::printf("%d %d\n", differ(1), differ(Loud(2)));
  std::printf("%d %d %d\n", uniq(1), uniq(Huge(0)), cexpr(3));
  std::printf("%d %d\n", escapes(1), escapes(std::string("y")));
  delete Kept;
  std::printf("%d %d\n", Box<int>().get(1), Box<long>().get(2));
  std::printf("%d %ld %d %d\n", headerInline(1), headerArray(3),
              headerStatic(2), headerTemplate(3));
  return 0;
}
