; Variable-size allocations that die in the frame go to the frame arena: a
; per-site stack buffer used when the request fits, the original heap call
; otherwise; each matching free only frees a heap fallback.
; (Functions here call unknown declarations and may be re-entered through
; them; the recursion budget, tested in recursion.ll, is lifted.)
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s | %opt -passes=verify -disable-output
; A smaller buffer through the pass parameter (as the Clang plugin passes it).
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes='escape-heap-to-stack<arena=64>' -S %s \
; RUN:   | FileCheck --check-prefix=SMALL %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare ptr @calloc(i64, i64) allockind("alloc,zeroed") allocsize(0,1) "alloc-family"="malloc"
declare void @free(ptr allocptr captures(none)) allockind("free") "alloc-family"="malloc"
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @may_throw(ptr captures(none)) nofree
declare void @keep(ptr)
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define i32 @new_array(
; CHECK-NEXT:    %[[BUF:.*]] = alloca [256 x i8], align 16, !escape.h2s
; CHECK-NEXT:    %[[FITS:.*]] = icmp ule i64 %n, 256
; CHECK:         br i1 %{{.*}}, label %arena.stack, label %arena.heap
; CHECK:       arena.stack:
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(ptr %[[BUF]])
; CHECK-NEXT:    br label %arena.join
; CHECK:       arena.heap:
; CHECK-NEXT:    %p = call ptr @_Znam(i64 %n)
; CHECK-NEXT:    br label %arena.join
; CHECK:       arena.join:
; CHECK-NEXT:    %[[P:.*]] = phi ptr [ %[[BUF]], %arena.stack ], [ %p, %arena.heap ]
; CHECK-NEXT:    %v = call i32 @read(ptr %[[P]])
; CHECK-NOT:     tail call
; CHECK-NEXT:    %[[OWN:.*]] = icmp eq ptr %[[P]], %[[BUF]]
; CHECK-NEXT:    br i1 %[[OWN]], label %[[T:.*]], label %[[E:.*]]
; CHECK:       [[T]]:
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %[[BUF]])
; CHECK:       [[E]]:
; CHECK-NEXT:    call void @_ZdaPv(ptr %[[P]])
; SMALL-LABEL: define i32 @new_array(
; SMALL:         alloca [64 x i8]
; SMALL:         icmp ule i64 %n, 64
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena (a 256-byte stack buffer; larger requests stay on the heap)
define i32 @new_array(i64 %n) {
  %p = call ptr @_Znam(i64 %n) #0
  %v = tail call i32 @read(ptr %p)
  call void @_ZdaPv(ptr %p) #0
  ret i32 %v
}

; calloc(n, m): the product must not overflow, the buffer is zeroed.
; CHECK-LABEL: define i32 @calloc_nm(
; CHECK:         %[[M:.*]] = call { i64, i1 } @llvm.umul.with.overflow.i64(i64 %n, i64 %m)
; CHECK:       arena.stack:
; CHECK-NEXT:    call void @llvm.lifetime.start.p0(
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr align 16 %{{.*}}, i8 0, i64 %{{.*}}, i1 false)
; CHECK:         call void @free(
; REMARK: remark: <unknown>:0:0: 'calloc' of variable size moved to the frame arena
define i32 @calloc_nm(i64 %n, i64 %m) {
  %p = call ptr @calloc(i64 %n, i64 %m)
  %v = call i32 @read(ptr %p)
  call void @free(ptr %p)
  ret i32 %v
}

; An invoked new[]: the heap path keeps the invoke and its landing pad; the
; cleanup's delete[] is guarded like the others.
; CHECK-LABEL: define void @invoked(
; CHECK:       arena.heap:
; CHECK-NEXT:    %p = invoke ptr @_Znam(i64 %n)
; CHECK-NEXT:      to label %arena.join unwind label %lpad0
; CHECK:       arena.join:
; CHECK-NEXT:    %[[IP:.*]] = phi ptr
; CHECK-NEXT:    br label %cont
; CHECK:       cont:
; CHECK-NEXT:    invoke void @may_throw(ptr %[[IP]])
; CHECK:       lpad:
; CHECK:         icmp eq ptr %[[IP]]
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena
define void @invoked(i64 %n) personality ptr @__gxx_personality_v0 {
entry:
  %p = invoke ptr @_Znam(i64 %n) #0
          to label %cont unwind label %lpad0
cont:
  invoke void @may_throw(ptr %p)
          to label %ok unwind label %lpad
ok:
  call void @_ZdaPv(ptr %p) #0
  ret void
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  call void @_ZdaPv(ptr %p) #0
  resume { ptr, i32 } %lp
lpad0:
  %lp0 = landingpad { ptr, i32 }
          cleanup
  resume { ptr, i32 } %lp0
}

; In a loop the buffer is reused by every iteration.
; CHECK-LABEL: define i32 @in_loop(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    alloca [256 x i8]
; CHECK-NOT:     alloca
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena (a 256-byte stack buffer; larger requests stay on the heap) (buffer reused by every loop iteration)
define i32 @in_loop(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc1, %loop ]
  %sz = zext i32 %i to i64
  %p = call ptr @_Znam(i64 %sz) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdaPv(ptr %p) #0
  %acc1 = add i32 %acc, %v
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i32 %acc1
}

; The escape rules are the same: a capturing callee keeps it on the heap.
; CHECK-LABEL: define void @escapes(
; CHECK-NOT:     alloca
; CHECK:         call ptr @_Znam
; REMARK: remark: <unknown>:0:0: 'new[]' stays on the heap: passed to 'keep', which may keep it
define void @escapes(i64 %n) {
  %p = call ptr @_Znam(i64 %n) #0
  call void @keep(ptr %p)
  ret void
}

attributes #0 = { builtin }
