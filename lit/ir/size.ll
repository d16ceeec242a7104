; Only elidable allocations of constant size within the limits move.
; (Functions here call unknown declarations and may be re-entered through
; them; the recursion budget, tested in recursion.ll, is lifted.)
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s -escape-arena-bytes=0 \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; Raised limits (pass parameters, as the Clang plugin's options, and -mllvm).
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes='escape-heap-to-stack<max-object=4096;max-frame=16384>' -escape-arena-bytes=0 \
; RUN:   -S %s | FileCheck --check-prefix=BIG %s
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -escape-max-object=4096 -escape-arena-bytes=0 \
; RUN:   -escape-max-frame=16384 -S %s | FileCheck --check-prefix=BIG %s
; Lowered frame budget: only the first of two 512-byte objects fits.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -escape-max-frame=600 \
; RUN:   -pass-remarks-missed=escape -S %s 2>%t.frame | FileCheck --check-prefix=FRAME %s
; RUN: FileCheck --check-prefix=FRAMEREM %s < %t.frame

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
declare void @free(ptr allocptr captures(none)) allockind("free") "alloc-family"="malloc"
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @use(i32)

; A direct ::operator new call has no builtin attribute: never converted.
; CHECK-LABEL: define void @direct_new(
; CHECK: call ptr @_Znwm(i64 16)
; BIG-LABEL: define void @direct_new(
; BIG: call ptr @_Znwm(i64 16)
; REMARK: remark: <unknown>:0:0: 'operator new' stays on the heap: a direct call to 'operator new' is not a new-expression and cannot be elided
define void @direct_new() {
  %p = call ptr @_Znwm(i64 16)
  call void @_ZdlPv(ptr %p)
  ret void
}

; 1025 bytes: over the default 1 KiB object limit.
; CHECK-LABEL: define void @too_large(
; CHECK: call ptr @_Znwm(i64 1025)
; BIG-LABEL: define void @too_large(
; BIG: alloca [1025 x i8]
; REMARK: remark: <unknown>:0:0: 'new' of 1025 bytes stays on the heap: larger than the stack-slot limit of 1024 bytes (-escape-max-object) and the frame-arena buffer of 0 bytes (-escape-arena-bytes)
define void @too_large() {
  %p = call ptr @_Znwm(i64 1025) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; Exactly 1 KiB is fine.
; CHECK-LABEL: define void @limit(
; CHECK: alloca [1024 x i8]
define void @limit() {
  %p = call ptr @_Znwm(i64 1024) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; Variable size (new int[n]): no stack slot; the frame arena (arena.ll)
; takes it unless disabled.
; CHECK-LABEL: define void @variable(
; CHECK: call ptr @_Znam(i64 %n)
; BIG-LABEL: define void @variable(
; BIG: call ptr @_Znam(i64 %n)
; REMARK: remark: <unknown>:0:0: 'new[]' stays on the heap: size is not a compile-time constant (frame arena disabled: -escape-arena-bytes=0)
define void @variable(i64 %n) {
  %p = call ptr @_Znam(i64 %n) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdaPv(ptr %p) #0
  ret void
}

; FRAME-LABEL: define void @budget(
; FRAME: alloca [512 x i8]
; FRAME-NOT: alloca
; FRAME: call ptr @_Znwm(i64 512)
; FRAMEREM: remark: <unknown>:0:0: 'new' of 512 bytes stays on the heap: the function's stack budget of 600 bytes is used up
define void @budget() {
  %p = call ptr @_Znwm(i64 512) #0
  %q = call ptr @_Znwm(i64 512) #0
  %v = call i32 @read(ptr %p)
  %w = call i32 @read(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  call void @_ZdlPv(ptr %q) #0
  ret void
}

attributes #0 = { builtin }
