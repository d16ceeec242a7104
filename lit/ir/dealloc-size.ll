; The size a sized operator delete receives may be computed from pointers
; loaded back from the variable holding the allocation (a std::vector's
; `end_of_storage - begin` after a call that may have replaced both), which
; the difference rule cannot pair. Whatever bits such an integer carries, a
; defined program passes the size of the object it frees: an integer that
; only reaches deallocations' size operands is not a capture. Anything else
; done with it is.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%vec = type { ptr, ptr, ptr }
declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @take(i64)
@gi = global i64 0
@other = global [64 x i8] zeroinitializer

; Replaces the buffer with another object's (what a reallocation does).
define void @replace(ptr captures(none) %v) {
  store ptr @other, ptr %v
  %e = getelementptr inbounds i8, ptr %v, i64 16
  store ptr getelementptr (i8, ptr @other, i64 64), ptr %e
  ret void
}

; CHECK-LABEL: define void @sized_delete(
; CHECK:         %p.arena = alloca [32 x i8]
; CHECK:         %arena.own = icmp eq ptr %b, %p.arena
; CHECK:         call void @_ZdlPvm(ptr %b, i64 %n)
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the frame arena
define void @sized_delete() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 32) #0
  store ptr %p, ptr %v
  %ep = getelementptr inbounds i8, ptr %p, i64 32
  %e = getelementptr inbounds i8, ptr %v, i64 16
  store ptr %ep, ptr %e
  call void @replace(ptr %v)
  %b = load ptr, ptr %v
  %c = load ptr, ptr %e
  %bi = ptrtoint ptr %b to i64
  %ci = ptrtoint ptr %c to i64
  %n = sub i64 %ci, %bi
  call void @_ZdlPvm(ptr %b, i64 %n) #0
  ret void
}

; The same integer also stored: its bits leave.
; CHECK-LABEL: define void @size_stored(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define void @size_stored() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 32) #0
  store ptr %p, ptr %v
  %ep = getelementptr inbounds i8, ptr %p, i64 32
  %e = getelementptr inbounds i8, ptr %v, i64 16
  store ptr %ep, ptr %e
  call void @replace(ptr %v)
  %b = load ptr, ptr %v
  %c = load ptr, ptr %e
  %bi = ptrtoint ptr %b to i64
  %ci = ptrtoint ptr %c to i64
  %n = sub i64 %ci, %bi
  store i64 %n, ptr @gi
  call void @_ZdlPvm(ptr %b, i64 %n) #0
  ret void
}

; Passed to a call that is not a deallocation.
; CHECK-LABEL: define void @size_passed(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define void @size_passed() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 32) #0
  store ptr %p, ptr %v
  %ep = getelementptr inbounds i8, ptr %p, i64 32
  %e = getelementptr inbounds i8, ptr %v, i64 16
  store ptr %ep, ptr %e
  call void @replace(ptr %v)
  %b = load ptr, ptr %v
  %c = load ptr, ptr %e
  %bi = ptrtoint ptr %b to i64
  %ci = ptrtoint ptr %c to i64
  %n = sub i64 %ci, %bi
  call void @take(i64 %n)
  call void @_ZdlPvm(ptr %b, i64 %n) #0
  ret void
}

; Converted back to a pointer and freed: not a size.
; CHECK-LABEL: define void @freed_as_pointer(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define void @freed_as_pointer() {
  %p = call ptr @_Znwm(i64 32) #0
  %i = ptrtoint ptr %p to i64
  %q = inttoptr i64 %i to ptr
  call void @_ZdlPvm(ptr %q, i64 32) #0
  ret void
}

attributes #0 = { builtin }
