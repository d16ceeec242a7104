; The pointer may be kept in a local variable (a std::vector object holding
; its buffer) that is only read by read-only, non-capturing callees and dies
; with the frame -- or, in a loop, before the next iteration's allocation.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%vec = type { ptr, ptr, ptr }
declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
; Sums the vector's elements; computes the length from end - begin (a
; ptrtoint that only reaches a comparison).
define i64 @sumv(ptr captures(none) %v) memory(argmem: read) nounwind {
entry:
  %b = load ptr, ptr %v
  %ep = getelementptr inbounds i8, ptr %v, i64 8
  %e = load ptr, ptr %ep
  %bi = ptrtoint ptr %b to i64
  %ei = ptrtoint ptr %e to i64
  %len = sub i64 %ei, %bi
  %empty = icmp eq i64 %len, 0
  br i1 %empty, label %done, label %loop
loop:
  %p = phi ptr [ %b, %entry ], [ %p1, %loop ]
  %acc = phi i64 [ 0, %entry ], [ %acc1, %loop ]
  %x = load i32, ptr %p
  %xw = sext i32 %x to i64
  %acc1 = add i64 %acc, %xw
  %p1 = getelementptr inbounds i8, ptr %p, i64 4
  %more = icmp ne ptr %p1, %e
  br i1 %more, label %loop, label %done
done:
  %r = phi i64 [ 0, %entry ], [ %acc1, %loop ]
  ret i64 %r
}
; Returns the buffer's address as an integer.
define i64 @addr_of(ptr captures(none) %v) memory(argmem: read) nounwind {
  %b = load ptr, ptr %v
  %bi = ptrtoint ptr %b to i64
  ret i64 %bi
}
declare i64 @opaque_reader(ptr captures(none)) memory(argmem: read) nounwind
declare ptr @first(ptr captures(none)) memory(argmem: read) nounwind
declare void @fill(ptr captures(none)) memory(argmem: readwrite) nofree nounwind
declare void @use(i64)

; std::vector<int> V(64); T += sumv(V); in a loop, as clang -O2 leaves it.
; CHECK-LABEL: define i64 @vector_loop(
; CHECK:         %[[S:.*]] = alloca [256 x i8], align 16
; CHECK-NOT:     @_Znwm
; CHECK:         store ptr %[[S]], ptr %v
; CHECK:         call i64 @sumv(ptr %v)
; CHECK:         call void @llvm.lifetime.end.p0(ptr %[[S]])
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the stack (one slot reused by every loop iteration)
define i64 @vector_loop(i32 %n) {
entry:
  %v = alloca %vec, align 8
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  %f2 = getelementptr inbounds i8, ptr %v, i64 16
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i64 [ 0, %entry ], [ %acc1, %loop ]
  call void @llvm.lifetime.start.p0(ptr %v)
  %p = call ptr @_Znwm(i64 256) #0
  store ptr %p, ptr %v
  %end = getelementptr inbounds i8, ptr %p, i64 256
  store ptr %end, ptr %f1
  store ptr %end, ptr %f2
  store i32 %i, ptr %p
  %s = call i64 @sumv(ptr %v)
  %acc1 = add i64 %acc, %s
  call void @_ZdlPvm(ptr %p, i64 256) #0
  call void @llvm.lifetime.end.p0(ptr %v)
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i64 %acc1
}

; Same, but the variable is not dead between iterations (no lifetime.end):
; a stale copy from the previous iteration could be read by sumv, so one
; reused slot would be wrong. Objects of several iterations may be live: the
; frame arena's bump buffer (never reused within the frame), then the heap.
; CHECK-LABEL: define i64 @vector_loop_no_lifetime(
; CHECK:         %p.arena = alloca [256 x i8]
; CHECK:       arena.stack:
; CHECK-NOT:     lifetime
; CHECK:         store i64 %{{.*}}, ptr %p.arena.cur
; CHECK:       arena.heap:
; CHECK-NEXT:    call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (live across loop iterations: a 256-byte stack buffer filled by successive objects; the rest stay on the heap)
define i64 @vector_loop_no_lifetime(i32 %n) {
entry:
  %v = alloca %vec, align 8
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %latch ]
  %acc = phi i64 [ 0, %entry ], [ %acc1, %latch ]
  %p = call ptr @_Znwm(i64 256) #0
  %odd = trunc i32 %i to i1
  br i1 %odd, label %keep, label %latch
keep:
  store ptr %p, ptr %v
  br label %latch
latch:
  %s = call i64 @sumv(ptr %v)
  %acc1 = add i64 %acc, %s
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i64 %acc1
}

; Loaded back out of the variable: the loaded copy is followed like the
; allocation, and it escapes.
; CHECK-LABEL: define void @loaded_back(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g' (loaded back from a local variable holding it)
@g = global ptr null
define void @loaded_back() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %q = load ptr, ptr %v
  store ptr %q, ptr @g
  ret void
}

; A non-overlapping load (another field) is fine.
; CHECK-LABEL: define i64 @other_field(
; CHECK:         alloca [16 x i8]
; CHECK-NOT:     @_Znwm
define i64 @other_field() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  store ptr null, ptr %f1
  %x = load ptr, ptr %f1
  %i = ptrtoint ptr %x to i64
  ret i64 %i
}

; A callee that may write memory could copy the pointer out of the variable.
; CHECK-LABEL: define void @writer_callee(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'fill', which may copy it out
define void @writer_callee() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  call void @fill(ptr %v)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret void
}

; A read-only callee that returns a pointer could hand it back.
; CHECK-LABEL: define void @returns_pointer(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'first', which may return bytes of the stored pointer in its result (of type 'ptr')
define void @returns_pointer() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %q = call ptr @first(ptr %v)
  store ptr %q, ptr @g
  ret void
}

; A read-only callee returning a pointer-sized integer could return the
; buffer's address: refused unless its body shows it does not (any result
; type: container-bytes.ll).
; CHECK-LABEL: define i64 @returns_address(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'addr_of', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @returns_address() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %a = call i64 @addr_of(ptr %v)
  ret i64 %a
}
; CHECK-LABEL: define i64 @opaque_wide_result(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'opaque_reader', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @opaque_wide_result() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %a = call i64 @opaque_reader(ptr %v)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %a
}

; The variable's own address escapes.
; CHECK-LABEL: define void @container_escapes(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define void @container_escapes() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  store ptr %v, ptr @g
  ret void
}

attributes #0 = { builtin }
