; A pointer loaded back from a local variable holding the allocation (a
; std::string or std::vector destructor loading its buffer) is followed like
; the allocation; whatever the variable holds by then, its free tests the
; pointer at run time (a frame-arena buffer of the object's size). A callee
; given the variable may write memory when its exact body keeps and frees
; nothing it loads from the variable; it may overwrite the variable.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 \
; RUN:   -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; The frees left after a move (of the arena's heap fallback, or of whatever
; else was loaded back) are not memory allocated out of sight:
; RUN: not grep "memory allocated inside" %t.rem
; Without the frame arena, nothing can test the pointer: all stay.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 \
; RUN:   -escape-arena-bytes=0 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks-missed=escape 2>&1 >/dev/null | FileCheck --check-prefix=NOARENA %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%str = type { ptr, i64, [16 x i8] }
declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @reads(ptr readonly captures(none)) nofree nounwind
declare void @opaque(ptr)
@g = global ptr null
@gi = global i64 0
@other = global [8 x i8] zeroinitializer

; --- Callees with exact bodies ----------------------------------------------

; (The parameters' captures(none) is what LLVM infers from these bodies.)

; Reads the buffer, hands it to a call that neither keeps nor frees it, then
; stores another pointer over it.
define void @use_and_replace(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  call void @reads(ptr %p)
  store ptr @other, ptr %s
  ret void
}
; Keeps the buffer.
define void @keep(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  store ptr %p, ptr @g
  ret void
}
; Frees the buffer.
define void @free_it(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  call void @_ZdlPv(ptr %p)
  ret void
}
; Hands the buffer to a call that may keep it.
define void @pass_on(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  call void @opaque(ptr %p)
  ret void
}
; Returns the buffer.
define ptr @give_back(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  store i64 1, ptr @gi
  ret ptr %p
}
; Stores another pointer over the second field, then computes its difference
; with the first: bits of the allocation's address, not an offset.
define void @diff_after_write(ptr captures(none) %s) {
  %f1 = getelementptr inbounds i8, ptr %s, i64 8
  store ptr @other, ptr %f1
  %e = load ptr, ptr %f1
  %b = load ptr, ptr %s
  %ei = ptrtoint ptr %e to i64
  %bi = ptrtoint ptr %b to i64
  %d = sub i64 %ei, %bi
  store i64 %d, ptr @gi
  ret void
}
; The same body, but one another unit's copy may replace (linkonce_odr).
define linkonce_odr void @replaceable(ptr captures(none) %s) {
  %p = load ptr, ptr %s
  call void @reads(ptr %p)
  ret void
}

; --- Moved ------------------------------------------------------------------

; The callee replaced the pointer: the free of what is loaded back frees the
; other object, or the buffer's when it is the buffer.
; CHECK-LABEL: define void @guarded(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         call void @use_and_replace(ptr %s)
; CHECK-NEXT:    %q = load ptr, ptr %s
; CHECK-NEXT:    %arena.own = icmp eq ptr %q, %p.arena
; CHECK:         call void @llvm.lifetime.end.p0(ptr %p.arena)
; CHECK:         call void @_ZdlPv(ptr %q)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's
; NOARENA: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: freed through a pointer that may not be this allocation (frame arena disabled: -escape-arena-bytes=0)
define void @guarded() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @use_and_replace(ptr %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The std::string shape: the object's own small buffer or the heap, compared
; before the free.
; CHECK-LABEL: define void @small_buffer(
; CHECK:         alloca [32 x i8]
; CHECK:       free:
; CHECK:         %arena.own = icmp eq ptr %q
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the frame arena
define void @small_buffer(i1 %long) {
entry:
  %s = alloca %str, align 8
  %local = getelementptr inbounds i8, ptr %s, i64 16
  store ptr %local, ptr %s
  br i1 %long, label %heap, label %use
heap:
  %p = call ptr @_Znwm(i64 32) #0
  store ptr %p, ptr %s
  br label %use
use:
  %data = phi ptr [ %p, %heap ], [ %local, %entry ]
  store i8 0, ptr %data
  call void @use_and_replace(ptr %s)
  %q = load ptr, ptr %s
  %small = icmp eq ptr %q, %local
  br i1 %small, label %done, label %free
free:
  call void @_ZdlPv(ptr %q) #0
  br label %done
done:
  ret void
}

; Moved from one variable to another (a std::string move): both are
; followed.
; CHECK-LABEL: define void @moved_on(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         %arena.own = icmp eq ptr %r
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @moved_on() {
  %s1 = alloca %str, align 8
  %s2 = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s1
  %q = load ptr, ptr %s1
  store ptr %q, ptr %s2
  store ptr null, ptr %s1
  call void @reads(ptr %q)
  %r = load ptr, ptr %s2
  call void @_ZdlPv(ptr %r) #0
  ret void
}

; --- Stay on the heap ---------------------------------------------------------

; CHECK-LABEL: define void @kept(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'keep', which may copy it out or free it
define void @kept() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @keep(ptr %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; CHECK-LABEL: define void @freed(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'free_it', which may copy it out or free it
define void @freed() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @free_it(ptr %s)
  ret void
}

; CHECK-LABEL: define void @passed_on(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'pass_on', which may copy it out or free it
define void @passed_on() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @pass_on(ptr %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The callee returns the buffer (the result is followed like a pointer loaded
; back), which the caller keeps.
; CHECK-LABEL: define void @given_back(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g' (loaded back from a local variable holding it)
define void @given_back() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %r = call ptr @give_back(ptr %s)
  store ptr %r, ptr @g
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; CHECK-LABEL: define void @difference(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'diff_after_write', which may copy it out or free it
define void @difference() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %end = getelementptr inbounds i8, ptr %p, i64 16
  %f1 = getelementptr inbounds i8, ptr %s, i64 8
  store ptr %end, ptr %f1
  call void @diff_after_write(ptr %s)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; CHECK-LABEL: define void @not_exact(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'replaceable', which may copy it out or free it
define void @not_exact() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @replaceable(ptr %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The front end's fact makes the same call acceptable (a body that proves
; nothing, or a declaration): the attribute on the call's argument.
; CHECK-LABEL: define void @with_fact(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         call void @replaceable(ptr captures(address) "escape-content-nocapture-nofree" %s)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @with_fact() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @replaceable(ptr captures(address) "escape-content-nocapture-nofree" %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}
; ... but not without the fact that the variable itself is not kept.
; CHECK-LABEL: define void @fact_without_nocapture(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'opaque', which may copy it out or free it
define void @fact_without_nocapture() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  call void @opaque(ptr "escape-content-nocapture-nofree" %s)
  %q = load ptr, ptr %s
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The loaded-back pointer escapes.
; CHECK-LABEL: define void @reload_stored(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g' (loaded back from a local variable holding it)
define void @reload_stored() {
  %s1 = alloca %str, align 8
  %s2 = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s1
  %q = load ptr, ptr %s1
  store ptr %q, ptr %s2
  %r = load ptr, ptr %s2
  store ptr %r, ptr @g
  ret void
}

; Loaded back as an integer: bits the pass does not follow.
; CHECK-LABEL: define i64 @reload_as_integer(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable it is loaded back from as part of another value
define i64 @reload_as_integer() {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %x = load i64, ptr %s
  call void @_ZdlPv(ptr %p) #0
  ret i64 %x
}

; A merge of the variable's address with an unknown pointer: the offset of
; a load through it is not known.
; CHECK-LABEL: define i64 @merged_unknown(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable it is loaded back from as part of another value
define i64 @merged_unknown(i1 %c, ptr %x) {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %m = select i1 %c, ptr %s, ptr %x
  %v = load i64, ptr %m
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; Bytes copied out of the variable after the pointer (a std::string's small
; buffer, of a length not known): they never include it.
; CHECK-LABEL: define void @copy_after(
; CHECK:         alloca [16 x i8]
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define void @copy_after(i64 %n) {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %buf = getelementptr inbounds i8, ptr %s, i64 16
  call void @llvm.memcpy.p0.p0.i64(ptr @other, ptr %buf, i64 %n, i1 false)
  call void @_ZdlPv(ptr %p) #0
  ret void
}
; ... but from inside the pointer, they may.
; CHECK-LABEL: define void @copy_from_inside(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'llvm.memcpy.p0.p0.i64', which may copy it out
define void @copy_from_inside(i64 %n) {
  %s = alloca %str, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %s
  %in = getelementptr inbounds i8, ptr %s, i64 4
  call void @llvm.memcpy.p0.p0.i64(ptr @other, ptr %in, i64 %n, i1 false)
  call void @_ZdlPv(ptr %p) #0
  ret void
}
; A known length that stops before it is fine; one that reaches it is not.
; CHECK-LABEL: define void @copy_before(
; CHECK:         alloca [16 x i8]
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define void @copy_before() {
  %s = alloca %str, align 8
  %f = getelementptr inbounds i8, ptr %s, i64 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %f
  call void @llvm.memcpy.p0.p0.i64(ptr @other, ptr %s, i64 8, i1 false)
  call void @_ZdlPv(ptr %p) #0
  ret void
}
; CHECK-LABEL: define void @copy_reaching(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'llvm.memcpy.p0.p0.i64', which may copy it out
define void @copy_reaching() {
  %s = alloca %str, align 8
  %f = getelementptr inbounds i8, ptr %s, i64 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %f
  call void @llvm.memcpy.p0.p0.i64(ptr @other, ptr %s, i64 9, i1 false)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

attributes #0 = { builtin }
