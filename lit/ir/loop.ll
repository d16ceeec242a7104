; In a loop, an object that dies within its iteration gets one slot reused by
; every iteration (lifetime.start at the old call, lifetime.end at the old
; delete); an object that stays reachable in a later iteration is refused.
; (Functions here call unknown declarations and may be re-entered through
; them; the recursion budget, tested in recursion.ll, is lifted.)
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s -escape-arena-bytes=0 \
; RUN:   -pass-remarks-missed=escape 2>%t.off | FileCheck --check-prefix=OFF %s
; RUN: FileCheck --check-prefix=OFFREM %s < %t.off

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @use(i32)

; CHECK-LABEL: define i32 @per_iteration(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %[[S:.*]] = alloca [256 x i8], align 16
; CHECK-NOT:     alloca
; CHECK:       loop:
; CHECK:         call void @llvm.lifetime.start.p0(ptr %[[S]])
; CHECK:         call i32 @read(ptr %[[S]])
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %[[S]])
; CHECK-NOT:     @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the stack (one slot reused by every loop iteration)
define i32 @per_iteration(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc1, %loop ]
  %p = call ptr @_Znwm(i64 256) #0
  store i32 %i, ptr %p
  %v = call i32 @read(ptr %p)
  call void @_ZdlPvm(ptr %p, i64 256) #0
  %acc1 = add i32 %acc, %v
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i32 %acc1
}

; The previous iteration's object is still read in the next one: not one
; reused slot, but the frame arena's bump buffer (frame-arena.ll), or the
; heap when the arena is off. (%first, allocated once before the loop, may
; move; it is not freed, so the phi of %first and %p is only read.)
; CHECK-LABEL: define i32 @across_iterations(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %p.arena = alloca [256 x i8]
; CHECK-NEXT:    %p.arena.cur = alloca i64
; CHECK-NEXT:    store i64 0, ptr %p.arena.cur
; CHECK-NEXT:    %p.arena.free = alloca ptr
; CHECK-NEXT:    store ptr null, ptr %p.arena.free
; CHECK-NEXT:    %first.h2s = alloca [16 x i8]
; CHECK-NOT:     alloca
; CHECK:       arena.heap:
; CHECK-NEXT:    %p = call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (live across loop iterations
; OFF-LABEL: define i32 @across_iterations(
; OFF:         %p = call ptr @_Znwm
; OFFREM: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: live across loop iterations (frame arena disabled: -escape-arena-bytes=0)
define i32 @across_iterations(i32 %n) {
entry:
  %first = call ptr @_Znwm(i64 16) #0
  store i32 0, ptr %first
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ %first, %entry ], [ %p, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  %v = load i32, ptr %prev
  store i32 %v, ptr %p
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  %r = load i32, ptr %p
  ret i32 %r
}

; Not freed in the iteration and nothing carries it over: still one slot.
; CHECK-LABEL: define void @leak_per_iteration(
; CHECK:         alloca [16 x i8]
; CHECK-NOT:     @_Znwm
define void @leak_per_iteration(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  %v = call i32 @read(ptr %p)
  call void @use(i32 %v)
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

; The last iteration's object is used after the loop (through the LCSSA phi
; only) while earlier ones are not: still a single slot, used after the loop.
; CHECK-LABEL: define i32 @used_after_loop(
; CHECK:         alloca [16 x i8]
; CHECK-NOT:     @_Znwm
define i32 @used_after_loop(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  store i32 %i, ptr %p
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  %p.lcssa = phi ptr [ %p, %loop ]
  %r = load i32, ptr %p.lcssa
  call void @_ZdlPv(ptr %p.lcssa) #0
  ret i32 %r
}

attributes #0 = { builtin }
