// The library model's facts (library::stringReader, calleeFacts): the
// non-member operator+ of `const std::string&` operands and the string
// comparisons only read their string operands (the standard's
// [res.on.data.races]; the result is a new string or a bool), so their
// calls get captures(address), nofree and the content fact on those
// operands without a summary, and a std::string longer than its small
// buffer used as such an operand, then destroyed, moves to the frame arena:
// the instantiations of operator+ are linkonce_odr (or libstdc++.so's),
// often not inlined, and prove nothing in the IR. The twins stay on the
// heap: the rvalue overload (std::move(S) + "x" takes S's buffer), a user
// function that keeps S.data(), and standard functions that are not on the
// whitelist (std::hash, operator<< on a stream). Every program prints the
// same plain, with the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=MOVED %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// The attributes themselves, on the whitelisted operators' calls only
// (which the pass would otherwise inline where their results die:
// lit/ir/inline-result-alloc.ll).
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape -mllvm -escape-inline-results=0 %s -o %t.ll
// RUN: FileCheck --check-prefix=IR %s < %t.ll
// At -O0 nothing is inlined: the comparisons' calls carry the facts too,
// and the rvalue overload's call, std::hash's and operator<<'s carry none.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=O0 %s
// O0-LABEL: define {{.*}} @_Z12concatenatedjPKc(
// O0: call {{.*}} @_ZSteqIcEN9__gnu_cxx11__enable_ifIXsr9__is_charIT_EE7__valueEbE6__typeERKNSt7__cxx1112basic_stringIS2_St11char_traitsIS2_ESaIS2_EEESC_(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}})
// O0: call {{.*}} @_ZStltIcSt11char_traitsIcESaIcEEbRKNSt7__cxx1112basic_stringIT_T0_T1_EESA_(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}})
// O0-LABEL: define {{.*}} @_Z6rvaluejPKc(
// O0: invoke void @_ZStplIcSt11char_traitsIcESaIcEENSt7__cxx1112basic_stringIT_T0_T1_EEOS8_PKS5_(ptr {{[^,]*}}sret{{[^,]*}}, ptr noundef nonnull align 8 dereferenceable(32) %{{[0-9]+}}, ptr noundef %{{[0-9]+}})
// O0-LABEL: define {{.*}} @_Z6hashedj(
// O0-NOT: escape-content
// O0-LABEL: define {{.*}} @_Z8streamedj(
// O0-NOT: escape-content
// O0-LABEL: define {{.*}} @main(
// The copy-on-write string (_GLIBCXX_USE_CXX11_ABI=0) shares buffers between
// copies: no fact at all.
// RUN: %clangxx -std=c++17 -O0 -D_GLIBCXX_USE_CXX11_ABI=0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=COW --implicit-check-not=escape-content-nocapture-nofree %s
// COW: {{call|invoke}} void @_ZStplIcSt11char_traitsIcESaIcEESbIT_T0_T1_ERKS6_PKS3_(
// Without the facts, nothing of it, and the operands stay on the heap (when
// the pass does not inline the operators).
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape -fplugin-arg-escape-no-ir-facts %s -o - | FileCheck --check-prefix=OFF %s
// OFF-NOT: escape-content-nocapture-nofree
// RUN: %clangxx -std=c++17 -O2 -c %escape -fplugin-arg-escape-no-ir-facts -mllvm -escape-inline-results=0 -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o /dev/null 2>&1 | FileCheck --check-prefix=OFFREM %s
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <utility>

#define NOINLINE __attribute__((noinline)) inline

const char *GlobalChars;

// --- Whitelisted: operator+ with a literal, with a string, ==, < ----------
size_t concatenated(unsigned N, const char *Lit) {
  std::string S(N, 'a'); // MOVED-DAG: library-facts.cpp:[[@LINE]]:{{.*}}moved to the frame arena
  // OFFREM-DAG: library-facts.cpp:[[@LINE-1]]:{{.*}}stays on the heap
  std::string T = S + Lit;
  std::string U = Lit + S;
  std::string V = S + T;
  return T.size() + U.size() + V.size() + (S == T) + (S < U);
}

// --- Twins ---------------------------------------------------------------
// The rvalue overload takes S's buffer into its result, kept in a global.
std::string KeptResult;
size_t rvalue(unsigned N, const char *Lit) {
  std::string S(N, 'b'); // HEAP-DAG: library-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  KeptResult = std::move(S) + Lit;
  return KeptResult.size() + S.size();
}
// A user function that keeps the buffer: no fact, whatever operator+ says.
NOINLINE void keepChars(const std::string &S) { GlobalChars = S.data(); }
size_t kept(unsigned N, const char *Lit) {
  std::string S(N, 'c'); // HEAP-DAG: library-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  keepChars(S);
  std::string T = S + Lit;
  return T.size() + size_t(GlobalChars[0]);
}
// Standard functions that are not on the whitelist get no fact.
size_t hashed(unsigned N) {
  std::string S(N, 'd'); // HEAP-DAG: library-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  return std::hash<std::string>{}(S) != 0;
}
size_t streamed(unsigned N) {
  std::string S(N, 'e'); // HEAP-DAG: library-facts.cpp:[[@LINE]]:{{.*}}stays on the heap
  std::ostringstream OS;
  OS << S;
  return OS.str().size();
}

// IR-LABEL: define {{.*}} @_Z12concatenatedjPKc(
// IR: {{call|invoke}} {{.*}} @_ZStplIcSt11char_traitsIcESaIcEENSt7__cxx1112basic_stringIT_T0_T1_EERKS8_PKS5_(ptr {{[^,]*}}sret{{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}}, ptr nofree noundef captures(address) %{{[0-9]+}})
// IR: {{call|invoke}} {{.*}} @_ZStplIcSt11char_traitsIcESaIcEENSt7__cxx1112basic_stringIT_T0_T1_EEPKS5_RKS8_(ptr {{[^,]*}}sret{{[^,]*}}, ptr nofree noundef captures(address) %{{[0-9]+}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}})
// IR: {{call|invoke}} {{.*}} @_ZStplIcSt11char_traitsIcESaIcEENSt7__cxx1112basic_stringIT_T0_T1_EERKS8_SA_(ptr {{[^,]*}}sret{{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" {{[^,]*}})
// IR-LABEL: define {{.*}} @_Z6rvaluejPKc(
// IR-NOT: escape-content
// The fact is there, but keepChars is not proved: S stays.
// IR-LABEL: define {{.*}} @_Z4keptjPKc(
// IR: {{call|invoke}} {{.*}} @_ZStplIcSt11char_traitsIcESaIcEENSt7__cxx1112basic_stringIT_T0_T1_EERKS8_PKS5_({{.*}}"escape-content-nocapture-nofree"
// IR-LABEL: define {{.*}} @_Z6hashedj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @_Z8streamedj(
// IR-NOT: escape-content
// IR-LABEL: define {{.*}} @main(

int main(int Argc, char **) {
  unsigned N = 40 + unsigned(Argc); // longer than the small buffer
  const char *Lit = Argc > 5 ? "long enough" : "-suffix";
  std::printf("%zu\n", concatenated(N, Lit));
  std::printf("%zu %zu\n", rvalue(N, Lit), kept(N, Lit));
  std::printf("%zu %zu\n", hashed(N), streamed(N));
  return 0;
}
// OUT: 185
// OUT-NEXT: 48 147
// OUT-NEXT: 1 41
