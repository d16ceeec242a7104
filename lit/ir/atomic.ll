; Atomic and volatile accesses through the pointer (a reference count's
; increment, as std::shared_ptr's control block does it through a volatile
; _Atomic_word *) read and write the object: uses, not captures. Only the
; pointer as the stored value of an atomic operation lets it escape.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global ptr null

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare i64 @read(ptr captures(none)) memory(argmem: read) nounwind

; A counter incremented and decremented atomically (volatile, as libstdc++'s
; __atomic_add does), read with atomic loads, swapped with a volatile
; cmpxchg, cleared by a volatile memset: the object moves to the stack.
; CHECK-LABEL: define i64 @counter(
; CHECK: alloca [16 x i8]
; CHECK-NOT: call ptr @_Znwm
; CHECK: atomicrmw volatile add
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i64 @counter() {
  %p = call ptr @_Znwm(i64 16) #0
  %c = getelementptr inbounds i8, ptr %p, i64 8
  store i32 1, ptr %c
  %old = atomicrmw volatile add ptr %c, i32 1 acq_rel
  %old2 = atomicrmw add ptr %c, i32 1 monotonic
  %x = cmpxchg volatile ptr %c, i32 3, i32 4 seq_cst seq_cst
  %v = load atomic i64, ptr %p acquire, align 8
  store volatile i32 7, ptr %c
  %w = load volatile i32, ptr %c
  call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 8, i1 true)
  %r = call i64 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  %s = add i64 %v, %r
  ret i64 %s
}

; The pointer itself swapped into a global: escapes.
; CHECK-LABEL: define void @xchg_value(
; CHECK: call ptr @_Znwm
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to memory by an atomic operation
define void @xchg_value() {
  %p = call ptr @_Znwm(i64 16) #0
  %c = getelementptr inbounds i8, ptr %p, i64 8
  %old = atomicrmw volatile add ptr %c, i32 1 acq_rel
  %prev = atomicrmw xchg ptr @g, ptr %p seq_cst
  ret void
}

; The pointer as a cmpxchg's new value: escapes.
; CHECK-LABEL: define void @cmpxchg_value(
; CHECK: call ptr @_Znwm
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 24 bytes stays on the heap: stored to memory by an atomic operation
define void @cmpxchg_value() {
  %p = call ptr @_Znwm(i64 24) #0
  %x = cmpxchg ptr @g, ptr null, ptr %p seq_cst seq_cst
  ret void
}

; The pointer as a cmpxchg's compare operand: refused too.
; CHECK-LABEL: define void @cmpxchg_compare(
; CHECK: call ptr @_Znwm
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: compared with memory by an atomic compare-exchange
define void @cmpxchg_compare() {
  %p = call ptr @_Znwm(i64 32) #0
  %x = cmpxchg ptr @g, ptr %p, ptr null seq_cst seq_cst
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; A volatile store of the pointer (even into a local variable): escapes.
; CHECK-LABEL: define void @volatile_value(
; CHECK: call ptr @_Znwm
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap: stored to a local variable's memory
define void @volatile_value() {
  %v = alloca ptr
  %p = call ptr @_Znwm(i64 40) #0
  store volatile ptr %p, ptr %v
  call void @_ZdlPv(ptr %p) #0
  ret void
}

attributes #0 = { builtin }
