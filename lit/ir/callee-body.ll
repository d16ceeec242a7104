; An allocation passed to a callee whose exact body neither keeps nor frees
; it moves, even when LLVM's inference cannot show it: the callee stores the
; pointer into a local variable of its own (a lookup key, `Key k{p, n};
; return sum(&k);`), which FunctionAttrs counts as a capture. The pass
; judges the callee's argument with the walk that judges an allocation
; (AllocUseTracker in the callee's frame), two levels of bodies deep. Each
; escaping twin stays on the heap and says what the body does.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%key = type { ptr, i64 }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @unknown(ptr)
@g = global ptr null

; Sums the key's words: reads it, keeps nothing.
define internal i64 @sumkey(ptr readonly captures(none) %k) memory(read) nounwind {
  %p = load ptr, ptr %k
  %v = load i64, ptr %p
  ret i64 %v
}

; The pointer goes into a local key whose address goes to the reader.
define i64 @viakey(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  %r = call i64 @sumkey(ptr %k)
  ret i64 %r
}
; ... one level deeper.
define i64 @deep(ptr %p) {
  %r = call i64 @viakey(ptr %p)
  ret i64 %r
}
; ... two levels deeper: past the bodies the pass follows.
define i64 @deeper(ptr %p) {
  %r = call i64 @deep(ptr %p)
  ret i64 %r
}
; Twins: the same, but the body also keeps the pointer, frees it, returns
; it, hands the key to unknown code, or is one that another translation
; unit's copy may replace.
define i64 @viakey_keeps(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  store ptr %p, ptr @g
  %r = call i64 @sumkey(ptr %k)
  ret i64 %r
}
define i64 @viakey_frees(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  %r = call i64 @sumkey(ptr %k)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %r
}
define ptr @viakey_returns(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  %r = call i64 @sumkey(ptr %k)
  ret ptr %p
}
define i64 @viakey_unknown(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  call void @unknown(ptr %k)
  ret i64 0
}
define linkonce_odr i64 @viakey_odr(ptr %p) {
  %k = alloca %key
  store ptr %p, ptr %k
  %r = call i64 @sumkey(ptr %k)
  ret i64 %r
}
; Its assembly may do anything with the argument's register; the IR shows
; no use of %p.
define i64 @naked(ptr %p) naked {
  call void asm sideeffect "movq %rdi, g(%rip)\0Aret", ""()
  unreachable
}
; A coroutine before its split: its local variables live in a frame that
; outlives the call.
define i64 @coroutine(ptr %p) presplitcoroutine {
  %k = alloca %key
  store ptr %p, ptr %k
  %r = call i64 @sumkey(ptr %k)
  ret i64 %r
}
; Calls itself with it, and keeps nothing otherwise.
define i64 @recurses(ptr %p, i64 %n) {
  %z = icmp eq i64 %n, 0
  br i1 %z, label %done, label %more
more:
  %m = sub i64 %n, 1
  %r = call i64 @recurses(ptr %p, i64 %m)
  ret i64 %r
done:
  store ptr %p, ptr @g
  ret i64 0
}

; CHECK-LABEL: define i64 @one_level(
; CHECK-NOT:     @_Znwm
; CHECK:         call i64 @viakey(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i64 @one_level() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @viakey(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @two_levels(
; CHECK-NOT:     @_Znwm
; CHECK:         call i64 @deep(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i64 @two_levels() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @deep(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @three_levels(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'deeper', whose body here may keep or free it: passed to 'deep', whose body here may keep or free it: passed to 'viakey', which may keep it
define i64 @three_levels() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @deeper(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @keeps(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'viakey_keeps', whose body here may keep or free it: stored to global 'g'
define i64 @keeps() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @viakey_keeps(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @frees(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'viakey_frees', whose body here may keep or free it: freed by 'operator delete'
define i64 @frees() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @viakey_frees(ptr %o)
  ret i64 %r
}

; CHECK-LABEL: define i64 @returns(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'viakey_returns', whose body here may keep or free it: returned
define i64 @returns() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %q = call ptr @viakey_returns(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 0
}

; CHECK-LABEL: define i64 @unknown_key(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'viakey_unknown', whose body here may keep or free it: stored to a local variable passed to 'unknown', which may copy it out or free it
define i64 @unknown_key() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @viakey_unknown(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @replaceable(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'viakey_odr', which may keep it: mark the parameter {{\[\[}}clang::noescape]]; its body here proves nothing
define i64 @replaceable() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @viakey_odr(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @recursive(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'recurses', whose body here may keep or free it: passed to 'recurses'
define i64 @recursive() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @recurses(ptr %o, i64 3)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @naked_callee(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'naked', which may keep it
define i64 @naked_callee() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @naked(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

; CHECK-LABEL: define i64 @coroutine_callee(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'coroutine', which may keep it
define i64 @coroutine_callee() {
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  %r = call i64 @coroutine(ptr %o)
  call void @_ZdlPv(ptr %o) #0
  ret i64 %r
}

attributes #0 = { builtin nounwind }
attributes #1 = { builtin }
