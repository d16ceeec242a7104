; The callee's name in a remark: the demangled name without its parameter
; list, which starts at the first '(' outside template arguments and a
; lambda's name, and is not an anonymous namespace's, an operator's, nor a
; local entity's scope (a lambda's, `f()::'lambda'(int)::`).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks-missed=escape -disable-output 2>&1 | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
; testing::internal::(anonymous namespace)::keep(void*)
declare void @_ZN7testing8internal12_GLOBAL__N_14keepEPv(ptr)
; f()::{lambda(int)#1}::operator()(int) const, taking the pointer
declare void @_ZZ1fvENKUliE_clEi(ptr, i32)

; CHECK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: passed to 'testing::internal::(anonymous namespace)::keep', which may keep it
define void @anonymous() {
  %p = call ptr @_Znwm(i64 8) builtin
  call void @_ZN7testing8internal12_GLOBAL__N_14keepEPv(ptr %p)
  ret void
}

; CHECK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: passed to 'f()::'lambda'(int)::operator()', which may keep it
define void @lambda() {
  %p = call ptr @_Znwm(i64 8) builtin
  call void @_ZZ1fvENKUliE_clEi(ptr %p, i32 1)
  ret void
}
