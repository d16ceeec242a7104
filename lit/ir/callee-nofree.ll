; A callee that receives the object must not free it. LLVM's nofree is a
; whole-function attribute that a function calling anything unknown (e.g.
; __cxa_throw) never gets; the pass also accepts a callee with an exact
; definition whose parameter only reaches loads, compares and non-freeing
; calls.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @may_throw(i64)

; Reads its argument and may call anything (not nofree): cannot free it.
define i64 @reads_then_throws(ptr captures(none) %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  %q = getelementptr i8, ptr %p, i64 8
  %w = load i64, ptr %q
  ret i64 %w
}
; Forwards it to a reader, a level deeper.
define i64 @forwards(ptr captures(none) %p) {
  %v = call i64 @reads_then_throws(ptr %p)
  ret i64 %v
}
; Deletes it.
define void @deletes(ptr captures(none) %p) {
  call void @_ZdlPv(ptr %p) #0
  ret void
}
; Forwards it to an unknown function.
declare void @unknown(ptr captures(none))
define void @forwards_unknown(ptr captures(none) %p) {
  call void @unknown(ptr %p)
  ret void
}
; linkonce_odr: the linker may pick another TU's copy; its body proves
; nothing.
define linkonce_odr i64 @inline_reader(ptr captures(none) %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}

; CHECK-LABEL: define i64 @reader(
; CHECK: alloca [16 x i8]
; CHECK-NOT: @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i64 @reader() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @reads_then_throws(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @two_levels(
; CHECK: alloca [16 x i8]
; CHECK-NOT: @_Znwm
define i64 @two_levels() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @forwards(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define void @freed_by_callee(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'deletes', which may free it
define void @freed_by_callee() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @deletes(ptr %p)
  ret void
}

; CHECK-LABEL: define void @unknown_below(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'forwards_unknown', which may free it
define void @unknown_below() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @forwards_unknown(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; CHECK-LABEL: define i64 @odr_callee(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'inline_reader', which may free it
define i64 @odr_callee() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @inline_reader(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

attributes #0 = { builtin }
