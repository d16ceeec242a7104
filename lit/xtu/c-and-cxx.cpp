// A C unit writes summaries a C++ unit reads through extern "C" declarations
// (the USR of a C function has no types; the signature hash is the same in
// both languages).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fsyntax-only %escape -fplugin-arg-escape-summaries=%t/s %S/Inputs/clib.c
// RUN: %clangxx -fsyntax-only %m1 -fplugin-arg-escape-summaries=%t/s -fplugin-arg-escape-debug-summaries %s 2>&1 | FileCheck %s
// CHECK: imported summary cset: found
// CHECK: c-and-cxx.cpp:[[@LINE+3]]:21: remark: new int does not escape
// CHECK: c-and-cxx.cpp:[[@LINE+2]]:58: remark: new int escapes to heap
extern "C" void cset(int *p), ckeep(int *p);
void u() { int *a = new int; cset(a); delete a; int *b = new int; ckeep(b); }
