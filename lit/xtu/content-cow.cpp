// libstdc++'s old copy-on-write std::string (_GLIBCXX_USE_CXX11_ABI=0): a
// copy shares the buffer and counts references in it, so the library model
// ("a string copies characters") does not describe it, and no callee given
// one gets the content fact -- not even a reader, whose facts now rest on
// the string's bodies. The small-buffer string of the same program does.
// RUN: %clangxx -std=c++17 -O2 -D_GLIBCXX_USE_CXX11_ABI=0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=COW %s
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=SSO %s
// COW-NOT: escape-content-nocapture-nofree
// SSO: call {{.*}}@_Z8readOnlyRKNSt7__cxx1112basic_string{{.*}}"escape-content-nocapture-nofree"
#include <string>

std::string G;
__attribute__((noinline)) inline void keepCopy(const std::string &S) { G = S; }
__attribute__((noinline)) inline unsigned readOnly(const std::string &S) {
  unsigned N = 0;
  for (char C : S)
    N += C;
  return N;
}

unsigned f(unsigned N) {
  std::string S(N, 'a');
  keepCopy(S);
  return readOnly(S);
}
