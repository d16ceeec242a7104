; Every free must be a matching deallocation of this very pointer; a free
; that always follows another is a certain double free (free-guarded.ll: one
; that only some paths reach is not a reason).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; CHECK-NOT: alloca
; REMARK-NOT: moved to the stack

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

; CHECK-LABEL: define void @double_free(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: freed twice
define void @double_free() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @_ZdlPv(ptr %p) #0
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; new freed with free().
; CHECK-LABEL: define void @new_free(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: freed by 'free', which does not match the allocation
define void @new_free() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @free(ptr %p)
  ret void
}

; new[] freed with delete (not delete[]).
; CHECK-LABEL: define void @array_scalar_delete(
; CHECK: call ptr @_Znam
; REMARK: remark: <unknown>:0:0: 'new[]' of 16 bytes stays on the heap: freed by 'operator delete', which does not match the allocation
define void @array_scalar_delete() {
  %p = call ptr @_Znam(i64 16) #0
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; malloc freed with delete.
; CHECK-LABEL: define void @malloc_delete(
; CHECK: call ptr @malloc
; REMARK: remark: <unknown>:0:0: 'malloc' of 16 bytes stays on the heap: freed by 'operator delete', which does not match the allocation
define void @malloc_delete() {
  %p = call ptr @malloc(i64 16)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; A direct ::operator delete call (no builtin) may be a replaced function.
; CHECK-LABEL: define void @direct_delete(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: {{.*}}'operator delete'
define void @direct_delete() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @_ZdlPv(ptr %p)
  ret void
}

; Freed through a pointer that may be another (whole) object: not refused,
; the free tests at run time whether it frees this one (a frame-arena buffer
; of the object's size), and frees anything else on the heap.
; CHECK-LABEL: define void @free_merged(
; CHECK:         %s = select i1 %c, ptr %p.p, ptr %q
; CHECK-NEXT:    %arena.own = icmp eq ptr %s, %p.arena
; CHECK:         call void @llvm.lifetime.end.p0(ptr %p.arena)
; CHECK:         call void @free(ptr %s)
; REMARK: remark: <unknown>:0:0: 'malloc' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's
define void @free_merged(i1 %c, ptr %q) {
  %p = call ptr @malloc(i64 16)
  %s = select i1 %c, ptr %p, ptr %q
  call void @free(ptr %s)
  ret void
}

; Freed at an interior pointer (undefined behaviour: left to the allocator
; or a sanitizer to report).
; CHECK-LABEL: define void @free_interior(
; CHECK: call ptr @malloc
; REMARK: remark: <unknown>:0:0: 'malloc' of 16 bytes stays on the heap: freed through a pointer that may not be this allocation
define void @free_interior() {
  %p = call ptr @malloc(i64 16)
  %g = getelementptr i8, ptr %p, i64 8
  call void @free(ptr %g)
  ret void
}

; realloc of the object.
; CHECK-LABEL: define ptr @reallocated(
; CHECK: call ptr @malloc
; REMARK: remark: <unknown>:0:0: 'malloc' of 16 bytes stays on the heap: {{.*}}realloc
declare ptr @realloc(ptr allocptr, i64) allockind("realloc") allocsize(1) "alloc-family"="malloc"
define ptr @reallocated() {
  %p = call ptr @malloc(i64 16)
  %q = call ptr @realloc(ptr %p, i64 32)
  ret ptr %q
}

attributes #0 = { builtin }
