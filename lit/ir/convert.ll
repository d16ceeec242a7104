; Allocations that die in the frame become entry-block allocas.
; (Functions here call unknown declarations and may be re-entered through
; them; the recursion budget, tested in recursion.ll, is lifted.)
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare ptr @_ZnwmSt11align_val_t(i64, i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare void @_ZdlPvSt11align_val_t(ptr, i64) nobuiltin nounwind
declare ptr @malloc(i64) allockind("alloc,uninitialized") allocsize(0) "alloc-family"="malloc"
declare ptr @calloc(i64, i64) allockind("alloc,zeroed") allocsize(0,1) "alloc-family"="malloc"
declare void @free(ptr allocptr captures(none)) allockind("free") "alloc-family"="malloc"
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @use(i32)

; new + sized delete of a 256-byte object.
; CHECK-LABEL: define i32 @new_delete(
; CHECK-NEXT:    %[[P:.*]] = alloca [256 x i8], align 16, !escape.h2s
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %[[P]])
; CHECK-NEXT:    store i32 7, ptr %[[P]]
; CHECK-NEXT:    %v = load i32, ptr %[[P]]
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %[[P]])
; CHECK-NEXT:    ret i32 %v
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the stack
define i32 @new_delete() {
  %p = call ptr @_Znwm(i64 256) #0
  store i32 7, ptr %p
  %v = load i32, ptr %p
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret i32 %v
}

; malloc/free.
; CHECK-LABEL: define i32 @malloc_free(
; CHECK:         alloca [32 x i8], align 16
; CHECK-NOT:     @malloc
; CHECK-NOT:     @free
; CHECK:         ret i32
; REMARK: remark: <unknown>:0:0: 'malloc' of 32 bytes moved to the stack
define i32 @malloc_free() {
  %p = call ptr @malloc(i64 32)
  store i32 1, ptr %p
  %v = load i32, ptr %p
  call void @free(ptr %p)
  ret i32 %v
}

; calloc keeps its zero-initialization.
; CHECK-LABEL: define i32 @calloc_zero(
; CHECK:         %[[C:.*]] = alloca [40 x i8], align 16
; CHECK:         call void @llvm.lifetime.start.p0(ptr %[[C]])
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr align 16 %[[C]], i8 0, i64 40, i1 false)
; CHECK-NOT:     @calloc
; REMARK: remark: <unknown>:0:0: 'calloc' of 40 bytes moved to the stack
define i32 @calloc_zero() {
  %p = call ptr @calloc(i64 10, i64 4)
  %g = getelementptr i8, ptr %p, i64 8
  %v = load i32, ptr %g
  call void @free(ptr %p)
  ret i32 %v
}

; new[] / delete[].
; CHECK-LABEL: define void @array_new(
; CHECK:         alloca [64 x i8], align 16
; CHECK-NOT:     @_Zna
; CHECK-NOT:     @_Zda
; REMARK: remark: <unknown>:0:0: 'new[]' of 64 bytes moved to the stack
define void @array_new() {
  %p = call ptr @_Znam(i64 64) #0
  %v = call i32 @read(ptr %p)
  call void @use(i32 %v)
  call void @_ZdaPv(ptr %p) #0
  ret void
}

; Over-aligned new keeps its align_val_t alignment.
; CHECK-LABEL: define void @aligned_new(
; CHECK:         alloca [128 x i8], align 64
; CHECK-NOT:     @_Znw
; CHECK-NOT:     @_Zdl
define void @aligned_new() {
  %p = call ptr @_ZnwmSt11align_val_t(i64 128, i64 64) #0
  %v = call i32 @read(ptr %p)
  call void @use(i32 %v)
  call void @_ZdlPvSt11align_val_t(ptr %p, i64 64) #0
  ret void
}

; A path that never frees is fine (leak on that path becomes a stack slot).
; CHECK-LABEL: define void @leak_on_one_path(
; CHECK:         alloca [16 x i8], align 16
; CHECK-NOT:     @_Znwm
; CHECK-NOT:     @_ZdlPv
define void @leak_on_one_path(i1 %c) {
  %p = call ptr @_Znwm(i64 16) #0
  store i32 0, ptr %p
  br i1 %c, label %free, label %exit
free:
  call void @_ZdlPv(ptr %p) #0
  br label %exit
exit:
  ret void
}

; A callee with captures(none) and nofree (written or inferred) may see it;
; its `tail` marker is dropped (the callee now reads our frame).
; CHECK-LABEL: define i32 @nocapture_callee(
; CHECK:         %[[N:.*]] = alloca [8 x i8], align 16
; CHECK:         %v = call i32 @read(ptr %[[N]])
; CHECK-NOT:     tail call i32 @read
; CHECK:         ret i32 %v
define i32 @nocapture_callee() {
  %p = call ptr @_Znwm(i64 8) #0
  store i32 3, ptr %p
  %v = tail call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %v
}

; Null checks and pointer comparisons keep nothing alive.
; CHECK-LABEL: define i1 @compare(
; CHECK:         alloca [8 x i8]
; CHECK-NOT:     @_Znwm
define i1 @compare(ptr %q) {
  %p = call ptr @_Znwm(i64 8) #0
  %n = icmp eq ptr %p, null
  %e = icmp eq ptr %p, %q
  %r = or i1 %n, %e
  call void @_ZdlPv(ptr %p) #0
  ret i1 %r
}

; Two allocations, both converted, each with its own slot.
; CHECK-LABEL: define i32 @two(
; CHECK-DAG:     alloca [24 x i8], align 16
; CHECK-DAG:     alloca [48 x i8], align 16
; CHECK-NOT:     @_Znwm
define i32 @two() {
  %a = call ptr @_Znwm(i64 24) #0
  %b = call ptr @_Znwm(i64 48) #0
  store i32 1, ptr %a
  store i32 2, ptr %b
  %x = load i32, ptr %a
  %y = load i32, ptr %b
  %s = add i32 %x, %y
  call void @_ZdlPv(ptr %b) #0
  call void @_ZdlPv(ptr %a) #0
  ret i32 %s
}

attributes #0 = { builtin }
