; Virtual calls through a copy of the pointer kept in a local variable (the
; std::shared_ptr objects of the frame hold it): a load of the variable that
; reads this execution's object (every path to it runs the allocation and,
; after it, a store of the object into that slot; nothing else but null is
; stored there) is followed like the pointer itself, so its virtual calls
; are made direct when the vtable pointer is known. A variable whose
; address may be kept, a call that receives it, another pointer stored into
; the slot, or a load that may read an earlier iteration's object leaves
; the call indirect. (The objects stay on the heap here either way: the
; pass alone does not remove the local variables; in the pipeline SROA and
; GVN, which it runs on a function it changed, usually do.)
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@vt_a = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @a_get, ptr null] }
@vt_b = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @b_get, ptr null] }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @sink(ptr)
declare void @use_holder(ptr captures(none)) nounwind
declare ptr @other()

define internal i32 @a_get(ptr readonly captures(none) %this) nofree nounwind memory(argmem: read) {
  %r = getelementptr inbounds i8, ptr %this, i64 8
  %v = load i32, ptr %r
  ret i32 %v
}
define internal i32 @b_get(ptr readonly captures(none) %this) nofree nounwind memory(argmem: read) {
  ret i32 7
}

; A holder { ptr obj; ptr block; } zeroed, then filled; the reference count
; is incremented through the copy; the virtual call goes through the copy;
; after it the holder goes to a call that does not keep its address (an
; out-of-line destructor): made direct.
; CHECK-LABEL: define i32 @held(
; CHECK: call i32 @a_get(ptr
define i32 @held() {
  %h = alloca { ptr, ptr }
  call void @llvm.memset.p0.i64(ptr %h, i8 0, i64 16, i1 false)
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw inrange(-16, 16) (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %hb = getelementptr inbounds i8, ptr %h, i64 8
  store ptr %p, ptr %hb
  %c = load ptr, ptr %hb
  %refs = getelementptr inbounds i8, ptr %c, i64 8
  %old = atomicrmw volatile add ptr %refs, i32 1 acq_rel
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @use_holder(ptr %h)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; Copied from one holder into another (a shared_ptr copy): direct.
; CHECK-LABEL: define i32 @copied(
; CHECK: call i32 @a_get(ptr
define i32 @copied() {
  %h = alloca ptr
  %g = alloca ptr
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %c = load ptr, ptr %h
  store ptr null, ptr %h
  store ptr %c, ptr %g
  %q = load ptr, ptr %g
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; Placement new of another type through the copy (its constructor stores
; vt_b): the stored vtables differ, stays indirect.
; CHECK-LABEL: define i32 @replaced_through_copy(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 24 bytes stays on the heap: passed to a virtual call whose target is not known (the vtables stored into the object hold different functions in its slot), which may keep it (loaded back from a local variable holding it)
define i32 @replaced_through_copy() {
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 24) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %c = load ptr, ptr %h
  store ptr getelementptr inbounds nuw (i8, ptr @vt_b, i64 16), ptr %c
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; The holder's address is kept by a callee before the object goes into it:
; whoever has it may reach the object; stays indirect.
; CHECK-LABEL: define i32 @holder_escapes(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'sink', which may copy it out or free it
define i32 @holder_escapes() {
  %h = alloca ptr
  call void @sink(ptr %h)
  %p = call ptr @_Znwm(i64 32) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A call receiving the holder between the store and the virtual call may
; write the object through it: stays indirect.
; CHECK-LABEL: define i32 @holder_passed_first(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap: stored to a local variable passed to 'use_holder', which may copy it out or free it
define i32 @holder_passed_first() {
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 40) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  call void @use_holder(ptr %h)
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; Another object may be in the slot on one path: stays indirect.
; CHECK-LABEL: define i32 @slot_shared(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 48 bytes stays on the heap: passed to an indirect call, which may keep it (loaded back from a local variable holding it)
define i32 @slot_shared(i1 %c) {
entry:
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 48) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  br i1 %c, label %o, label %join
o:
  %x = call ptr @other()
  store ptr %x, ptr %h
  br label %join
join:
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; In a loop, the holder is read on a path where this iteration stored
; nothing into it: the load gives the first iteration's object, which a
; callee was given (and may have rewritten); stays indirect.
; CHECK-LABEL: define i32 @stale(
; CHECK: call i32 %fn(ptr
; REMARK-DAG: remark: <unknown>:0:0: 'new' of 56 bytes stays on the heap: passed to 'sink', which may keep it
define i32 @stale(i32 %n) {
entry:
  %h = alloca ptr
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %i1, %next ]
  %p = call ptr @_Znwm(i64 56) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %c = icmp eq i32 %i, 0
  br i1 %c, label %first, label %later
first:
  store ptr %p, ptr %h
  call void @sink(ptr %p)
  br label %next
later:
  %q = load ptr, ptr %h
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  br label %next
next:
  %i1 = add i32 %i, 1
  %d = icmp slt i32 %i1, %n
  br i1 %d, label %body, label %exit
exit:
  ret i32 0
}

; The holder cleared after the allocation (a zero memset: null), then
; read on two paths and merged by a phi (a shared_ptr copy-assignment's
; release of the old value, which is null here): the phi of this
; execution's object or null is followed too; direct.
; CHECK-LABEL: define i32 @merged(
; CHECK: call i32 @a_get(ptr
define i32 @merged(i1 %c) {
entry:
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  call void @llvm.memset.p0.i64(ptr %h, i8 0, i64 8, i1 false)
  %old = load ptr, ptr %h
  store ptr %p, ptr %h
  br i1 %c, label %a, label %b
a:
  %x = load ptr, ptr %h
  br label %join
b:
  br label %join
join:
  %q = phi ptr [ %x, %a ], [ %p, %b ]
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; The phi also merges another object: stays indirect.
; CHECK-LABEL: define i32 @merged_other(
; CHECK: call i32 %fn(ptr
define i32 @merged_other(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br i1 %c, label %a, label %join
a:
  %x = call ptr @other()
  br label %join
join:
  %q = phi ptr [ %x, %a ], [ %p, %entry ]
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A phi in a loop header merging the object with the previous iteration's:
; the allocation does not dominate it; stays indirect.
; CHECK-LABEL: define i32 @loop_phi(
; CHECK: call i32 %fn(ptr
define i32 @loop_phi(i32 %n) {
entry:
  %p0 = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p0
  br label %body
body:
  %i = phi i32 [ 0, %entry ], [ %i1, %body ]
  %q = phi ptr [ null, %entry ], [ %p, %body ]
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  call void @sink(ptr %p)
  %vp = load ptr, ptr %q
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %q)
  %i1 = add i32 %i, 1
  %d = icmp slt i32 %i1, %n
  br i1 %d, label %body, label %exit
exit:
  ret i32 0
}

; Freed on one path that joins the virtual call (the fast path of a
; shared_ptr release frees the block; reading its vtable pointer after that
; is undefined, so the free writes nothing a later load may read): direct.
; CHECK-LABEL: define i32 @freed_on_a_path(
; CHECK: call i32 @a_get(ptr
define i32 @freed_on_a_path(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br i1 %c, label %f, label %join
f:
  call void @_ZdlPv(ptr %p) #0
  br label %join
join:
  %vp = load ptr, ptr %p
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  ret i32 %r
}

; GVN forwarded the stored vtable on one path only: the function pointer is
; loaded from phi [vtable, load of the vtable pointer]. The constant is what
; that path reads; the load is judged as usual: direct when both give the
; same function.
; CHECK-LABEL: define i32 @forwarded_on_one_path(
; CHECK: call i32 @a_get(ptr
define i32 @forwarded_on_one_path(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br i1 %c, label %atomic, label %plain
atomic:
  %refs = getelementptr inbounds i8, ptr %p, i64 8
  %old = atomicrmw volatile add ptr %refs, i32 1 acq_rel
  %l = load ptr, ptr %p
  br label %join
plain:
  br label %join
join:
  %vp = phi ptr [ %l, %atomic ], [ getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), %plain ]
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; The phi's constant is another class's vtable: stays indirect.
; CHECK-LABEL: define i32 @phi_other_vtable(
; CHECK: call i32 %fn(ptr
define i32 @phi_other_vtable(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  br i1 %c, label %atomic, label %plain
atomic:
  %l = load ptr, ptr %p
  br label %join
plain:
  br label %join
join:
  %vp = phi ptr [ %l, %atomic ], [ getelementptr inbounds nuw (i8, ptr @vt_b, i64 16), %plain ]
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

attributes #0 = { builtin }
