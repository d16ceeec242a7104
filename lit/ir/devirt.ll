; Virtual calls on an object whose constructor ran in the function: the
; vtable pointer the constructor stored is forwarded to the loads of the
; virtual calls (GVN does not forward it across the atomic operations of a
; reference count), and a call whose target is known becomes a direct call,
; judged like any other direct callee. Where something else may have written
; the vtable pointer, or the pointer was in other hands first, the call stays
; indirect and the object on the heap.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; struct Base { virtual int get(); virtual void destroy(); int refs; };
; A::get reads the object, A::destroy deletes it, B::get is another override.
@vt_a = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @a_get, ptr @a_destroy] }
@vt_a2 = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @a_get, ptr null] }
@vt_b = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @b_get, ptr null] }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @sink(ptr)
declare void @write(ptr captures(none)) nofree nounwind

define internal i32 @a_get(ptr readonly captures(none) %this) nofree nounwind memory(argmem: read) {
  %r = getelementptr inbounds i8, ptr %this, i64 8
  %v = load i32, ptr %r
  ret i32 %v
}
define internal i32 @b_get(ptr readonly captures(none) %this) nofree nounwind memory(argmem: read) {
  ret i32 7
}
define linkonce_odr void @a_destroy(ptr %this) nounwind {
  call void @_ZdlPv(ptr %this) #0
  ret void
}

; The reference count is incremented atomically between the constructor and
; the virtual call: made direct, and the object moves to the stack.
; CHECK-LABEL: define i32 @direct(
; CHECK: alloca [16 x i8]
; CHECK: call i32 @a_get(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @direct() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw inrange(-16, 16) (i8, ptr @vt_a, i64 16), ptr %p
  %refs = getelementptr inbounds i8, ptr %p, i64 8
  store i32 1, ptr %refs
  %old = atomicrmw volatile add ptr %refs, i32 1 acq_rel
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; In a loop: the previous iteration's calls concern another object.
; CHECK-LABEL: define i32 @loop(
; CHECK: call i32 @a_get(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 24 bytes moved to the stack (one slot reused by every loop iteration)
define i32 @loop(i32 %n) {
entry:
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %i1, %body ]
  %acc = phi i32 [ 0, %entry ], [ %acc1, %body ]
  %p = call ptr @_Znwm(i64 24) #0
  store ptr getelementptr inbounds nuw inrange(-16, 16) (i8, ptr @vt_a, i64 16), ptr %p
  %refs = getelementptr inbounds i8, ptr %p, i64 8
  store i32 %i, ptr %refs
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @write(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  %acc1 = add i32 %acc, %r
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %body, label %exit
exit:
  ret i32 %acc1
}

; Two vtables on two paths whose slot holds the same function: direct.
; CHECK-LABEL: define i32 @same_target(
; CHECK: call i32 @a_get(ptr
define i32 @same_target(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  br i1 %c, label %a, label %a2
a:
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br label %join
a2:
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a2, i64 16), ptr %p
  br label %join
join:
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; Two vtables with different overrides: stays indirect.
; CHECK-LABEL: define i32 @two_targets(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: passed to a virtual call whose target is not known (the vtables stored into the object hold different functions in its slot), which may keep it
define i32 @two_targets(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %a, label %b
a:
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br label %join
b:
  store ptr getelementptr inbounds nuw (i8, ptr @vt_b, i64 16), ptr %p
  br label %join
join:
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A path to the load on which no vtable was stored: stays indirect.
; CHECK-LABEL: define i32 @not_stored_on_every_path(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap: passed to a virtual call whose target is not known (a path reaches it on which no vtable pointer was stored), which may keep it
define i32 @not_stored_on_every_path(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 40) #0
  br i1 %c, label %a, label %join
a:
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br label %join
join:
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; The pointer is in other hands before the virtual call (whoever has it may
; rewrite the vtable pointer): stays indirect and on the heap.
; CHECK-LABEL: define i32 @escaped_first(
; CHECK: call ptr @_Znwm
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 48 bytes stays on the heap: passed to a virtual call whose target is not known (the vtable pointer may be changed before it by a call to 'sink', which may write the object or keep its address), which may keep it
define i32 @escaped_first() {
  %p = call ptr @_Znwm(i64 48) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  call void @sink(ptr %p)
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A callee that may write the object (its vtable pointer too) runs first:
; stays indirect.
; CHECK-LABEL: define i32 @written_first(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 56 bytes stays on the heap: passed to a virtual call whose target is not known (the vtable pointer may be changed before it by a call to 'write', which may write the object or keep its address), which may keep it
define i32 @written_first() {
  %p = call ptr @_Znwm(i64 56) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  call void @write(ptr %p)
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A store at a variable offset may overwrite the vtable pointer: stays
; indirect.
; CHECK-LABEL: define i32 @variable_offset(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: passed to a virtual call whose target is not known (the vtable pointer may be changed before it by 'store', which may write the object or keep its address), which may keep it
define i32 @variable_offset(i64 %i) {
  %p = call ptr @_Znwm(i64 64) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %q = getelementptr inbounds i8, ptr %p, i64 %i
  store i64 0, ptr %q
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; The vtable pointer overwritten with a pointer that is not a constant:
; stays indirect.
; CHECK-LABEL: define i32 @unknown_vtable(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 72 bytes stays on the heap: passed to a virtual call whose target is not known (its vtable pointer may be written other than by storing a constant vtable), which may keep it
define i32 @unknown_vtable(ptr %vt) {
  %p = call ptr @_Znwm(i64 72) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %vt, ptr %p
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A virtual destroy() that deletes `this` (shared_ptr's _M_destroy): made
; direct, and then judged like a direct call to a body that may be replaced
; at link time. (In the one-flag pipeline the inliner then inlines it, and
; its delete becomes this frame's free.)
; CHECK-LABEL: define void @destroy(
; CHECK: call ptr @_Znwm
; CHECK: call void @a_destroy(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 80 bytes stays on the heap: passed to 'a_destroy', which may keep it{{.*}}(linkonce_odr)
define void @destroy() {
  %p = call ptr @_Znwm(i64 80) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %vp = load ptr, ptr %p
  %slot = getelementptr inbounds i8, ptr %vp, i64 8
  %fn = load ptr, ptr %slot
  call void %fn(ptr %p)
  ret void
}

attributes #0 = { builtin }
