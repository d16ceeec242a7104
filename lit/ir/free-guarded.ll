; Two frees of one object on one execution are a double free (undefined), so
; a free that some path leads to from another is no reason to keep the
; object on the heap: a std::shared_ptr's releases each free the control
; block when its count reaches zero, and only one does. A free that always
; follows another (before the function returns) is a certain double free:
; the object stays on the heap, where the allocator or a sanitizer reports
; it (refuse-free.ll @double_free).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare i32 @read(ptr captures(none)) nofree nounwind

; Two releases of a count of two: each frees when the decrement reaches zero.
; CHECK-LABEL: define i32 @two_releases(
; CHECK: alloca [16 x i8]
; CHECK-NOT: call void @_ZdlPv
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @two_releases() {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  store i32 2, ptr %p
  %v = call i32 @read(ptr %p)
  %c1 = load i32, ptr %p
  %d1 = sub i32 %c1, 1
  store i32 %d1, ptr %p
  %z1 = icmp eq i32 %d1, 0
  br i1 %z1, label %free1, label %next
free1:
  call void @_ZdlPv(ptr %p) #0
  br label %next
next:
  %c2 = load i32, ptr %p
  %d2 = sub i32 %c2, 1
  store i32 %d2, ptr %p
  %z2 = icmp eq i32 %d2, 0
  br i1 %z2, label %free2, label %done
free2:
  call void @_ZdlPv(ptr %p) #0
  br label %done
done:
  ret i32 %v
}

; Freed in a loop that does not re-allocate: defined only when the loop runs
; once; moved.
; CHECK-LABEL: define void @free_in_loop(
; CHECK: alloca [24 x i8]
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 24 bytes moved to the stack
define void @free_in_loop(i32 %n) {
  %p = call ptr @_Znwm(i64 24) #0
  br label %loop
loop:
  %i = phi i32 [ 0, %0 ], [ %i1, %loop ]
  call void @_ZdlPv(ptr %p) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

; A free that every path from the first reaches: stays on the heap.
; CHECK-LABEL: define void @always_twice(
; CHECK: call ptr @_Znwm(i64 32)
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: freed twice
define void @always_twice(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 32) #0
  call void @_ZdlPv(ptr %p) #0
  br i1 %c, label %a, label %b
a:
  br label %join
b:
  br label %join
join:
  call void @_ZdlPv(ptr %p) #0
  ret void
}

attributes #0 = { builtin }
