; Why a virtual call stays indirect is said per allocation: a call whose
; target is loaded from one object's vtable pointer, which another object is
; passed to, is a virtual call of unknown target for the first and an
; indirect call for the second (its notes are keyed by allocation and call).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind

; CHECK-LABEL: define i32 @two(
; CHECK: call {{.*}} @_Znwm(i64 16)
; CHECK: call {{.*}} @_Znwm(i64 24)
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to a virtual call whose target is not known (no vtable pointer is stored into the object here: its dynamic type is not known in this function (the set of overrides is not used; for a class with external linkage only the whole program knows it)), which may keep it
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 24 bytes stays on the heap: passed to an indirect call, which may keep it
define i32 @two() {
  %a = call ptr @_Znwm(i64 16) #0
  %b = call ptr @_Znwm(i64 24) #0
  store i32 1, ptr %b
  %vp = load ptr, ptr %a
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %a, ptr %b)
  call void @_ZdlPv(ptr %a) #0
  call void @_ZdlPv(ptr %b) #0
  ret i32 %r
}

attributes #0 = { builtin }
