; A pointer stored as an integer of its width (clang -O2 copies a pointer
; member through an integer type: GoogleMock's Matcher payload, a
; unique_ptr moved into another object) is judged as a store of the pointer:
; into a local variable, the variable is a container (its bytes holding the
; pointer read back only as whole pointers, which are followed); into
; another allocation, the site is judged again once that one moves. An
; atomic read-modify-write of other bytes of the variable (the payload's
; reference count) reads nothing of the pointer. Every twin stays on the
; heap: the integer also goes elsewhere, is truncated, is loaded back as an
; integer, or the atomic operation reads the pointer's bytes.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global i64 0
@gp = global ptr null

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @use(ptr captures(none)) nounwind nofree memory(argmem: read)

; The pointer's bits in a local payload { i32 count; i64 ptr }, loaded back
; as a pointer, used and deleted: moved.
; (A frame arena: the free of the pointer loaded back tests it at run time.)
; CHECK-LABEL: define i32 @local_payload(
; CHECK:         alloca [8 x i8]
; CHECK:         call ptr @_Znwm(i64 8) {{.*}}!escape.arena.heap
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes moved to the frame arena
define i32 @local_payload() {
  %payload = alloca [16 x i8], align 8
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  store i32 1, ptr %payload
  %slot = getelementptr inbounds i8, ptr %payload, i64 8
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %slot
  %c = atomicrmw add ptr %payload, i32 1 acq_rel
  %back = load ptr, ptr %slot
  %v = load i32, ptr %back
  call void @use(ptr %back)
  call void @_ZdlPv(ptr %back) builtin
  ret i32 %v
}

; Twin: the integer is also stored to a global.
; CHECK-LABEL: define i32 @also_global(
; CHECK:         call ptr @_Znwm(i64 8)
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: converted to an integer and stored to global 'g'
define i32 @also_global() {
  %payload = alloca [16 x i8], align 8
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %slot = getelementptr inbounds i8, ptr %payload, i64 8
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %slot
  store i64 %bits, ptr @g
  %back = load ptr, ptr %slot
  %v = load i32, ptr %back
  ret i32 %v
}

; Twin: half of the pointer (a truncating conversion) is stored.
; CHECK-LABEL: define i32 @truncated(
; CHECK:         call ptr @_Znwm(i64 8)
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: converted to an integer and stored to a local variable
define i32 @truncated() {
  %payload = alloca [16 x i8], align 8
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %bits = ptrtoint ptr %obj to i32
  store i32 %bits, ptr %payload
  %v = load i32, ptr %obj
  ret i32 %v
}

; Twin: the stored bits are loaded back as an integer, turned into a pointer
; and kept in a global.
; CHECK-LABEL: define i32 @reloaded_integer(
; CHECK:         call ptr @_Znwm(i64 8)
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: stored to a local variable it is loaded back from as part of another value
define i32 @reloaded_integer() {
  %payload = alloca [16 x i8], align 8
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %payload
  %i = load i64, ptr %payload
  %p = inttoptr i64 %i to ptr
  store ptr %p, ptr @gp
  %v = load i32, ptr %obj
  ret i32 %v
}

; Twin: an atomic exchange over the bytes holding the pointer returns them
; (and the old value is kept in a global).
; CHECK-LABEL: define i32 @atomic_reads_pointer(
; CHECK:         call ptr @_Znwm(i64 8)
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: stored to a local variable used by 'atomicrmw'
define i32 @atomic_reads_pointer() {
  %payload = alloca [16 x i8], align 8
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %slot = getelementptr inbounds i8, ptr %payload, i64 8
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %slot
  %old = atomicrmw xchg ptr %slot, i64 0 acq_rel
  store i64 %old, ptr @g
  %v = load i32, ptr %obj
  ret i32 %v
}

; The pointer's bits stored into another allocation, the payload, which
; moves: judged again, both move.
; CHECK-LABEL: define i32 @held_by_moved(
; CHECK:         call ptr @_Znwm(i64 8) {{.*}}!escape.arena.heap
; CHECK-NOT:     call ptr @_Znwm(i64 16)
; CHECK:         ret i32
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 8 bytes moved to the frame arena
define i32 @held_by_moved() {
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %payload = call ptr @_Znwm(i64 16) builtin
  store i32 1, ptr %payload
  %slot = getelementptr inbounds i8, ptr %payload, i64 8
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %slot
  %c = atomicrmw sub ptr %payload, i32 1 acq_rel
  %back = load ptr, ptr %slot
  %v = load i32, ptr %back
  call void @_ZdlPv(ptr %back) builtin
  call void @_ZdlPv(ptr %payload) builtin
  ret i32 %v
}

; Twin: the payload itself is kept in a global: both stay.
; CHECK-LABEL: define i32 @holder_kept(
; CHECK:         call ptr @_Znwm(i64 8)
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: converted to an integer and stored into another heap object (allocated by 'operator new'), which may outlive the frame
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'gp'
define i32 @holder_kept() {
  %obj = call ptr @_Znwm(i64 8) builtin
  store i32 5, ptr %obj
  %payload = call ptr @_Znwm(i64 16) builtin
  %slot = getelementptr inbounds i8, ptr %payload, i64 8
  %bits = ptrtoint ptr %obj to i64
  store i64 %bits, ptr %slot
  store ptr %payload, ptr @gp
  %v = load i32, ptr %obj
  ret i32 %v
}
