// The IR signature of the library model's facts (library-facts.cpp) on
// three ABIs, with a stand-in for libstdc++'s string in a system header.
// operator+ returns its string through a hidden first argument everywhere
// (the fact describes it, without a bit); <=> returns std::strong_ordering
// in a register on x86-64 and AArch64 (the fact applies) and through a
// hidden pointer on i386, where the IR function has one argument more than
// the fact describes: the pass leaves it alone.
// RUN: %clangxx -std=c++20 -O0 -S -emit-llvm %escape --target=x86_64-linux-gnu -isystem %S/Inputs/library-abi %s -o - | FileCheck --check-prefix=REG %s
// RUN: %clangxx -std=c++20 -O0 -S -emit-llvm %escape --target=aarch64-linux-gnu -isystem %S/Inputs/library-abi %s -o - | FileCheck --check-prefix=REG %s
// RUN: %clangxx -std=c++20 -O0 -S -emit-llvm %escape --target=i386-linux-gnu -isystem %S/Inputs/library-abi %s -o - | FileCheck --check-prefix=I386 %s
#include <fakestr.h>

int f(const std::basic_string<char> &A, const std::basic_string<char> &B) {
  return (A <=> B).v + int((A + "x").n);
}
// REG: call i8 @_ZStss{{.*}}(ptr nofree {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" %{{[0-9]+}}, ptr nofree {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" %{{[0-9]+}})
// REG: call void @_ZStpl{{.*}}(ptr {{[^,]*}}sret{{[^,]*}}, ptr nofree {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" %{{[0-9]+}}, ptr nofree noundef captures(address) @
// I386: call void @_ZStss{{.*}}(ptr {{[^,]*}}sret{{[^,]*}}, ptr noundef nonnull align 4 dereferenceable(24) %{{[0-9]+}}, ptr noundef nonnull align 4 dereferenceable(24) %{{[0-9]+}})
// I386: call void @_ZStpl{{.*}}(ptr {{[^,]*}}sret{{[^,]*}}, ptr nofree {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree" %{{[0-9]+}}, ptr nofree noundef captures(address) @
