; A virtual call the pass makes direct, to a small body, is inlined, and so
; is a small direct call between the object's vtable store and a virtual
; call left indirect: until its body is seen, such a call may write the
; object's vtable pointer (a clobber for every virtual call after it), and
; a replaceable body proves nothing about what it does with the pointer.
; Inlined, the next virtual call is resolved from the vtable the frame
; stored, and the object moves. Twins: a body that stores another vtable
; (both are then possible: the call after it stays indirect), and a
; noinline body (left a call: a clobber).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Slot 0: a member that writes a field; slot 1: one that reads it.
@vt = linkonce_odr unnamed_addr constant { [2 x ptr] } { [2 x ptr] [ptr @touch, ptr @get] }
@vt_first = linkonce_odr unnamed_addr constant { [2 x ptr] } { [2 x ptr] [ptr @retype, ptr @get] }
@vt_retype = linkonce_odr unnamed_addr constant { [2 x ptr] } { [2 x ptr] [ptr @retype, ptr @get_other] }
@vt_noinline = linkonce_odr unnamed_addr constant { [2 x ptr] } { [2 x ptr] [ptr @touch_noinline, ptr @get] }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind

define linkonce_odr void @touch(ptr %this) {
  %f = getelementptr inbounds i8, ptr %this, i64 8
  %v = load i32, ptr %f
  %w = add i32 %v, 1
  store i32 %w, ptr %f
  ret void
}
define linkonce_odr i32 @get(ptr %this) {
  %f = getelementptr inbounds i8, ptr %this, i64 8
  %v = load i32, ptr %f
  ret i32 %v
}
define linkonce_odr i32 @get_other(ptr %this) {
  ret i32 -1
}
; Placement-new of another class over *this.
define linkonce_odr void @retype(ptr %this) {
  store ptr @vt_retype, ptr %this
  ret void
}
define linkonce_odr void @touch_noinline(ptr %this) noinline {
  %f = getelementptr inbounds i8, ptr %this, i64 8
  store i32 0, ptr %f
  ret void
}

; The first call made direct and inlined; then the second: both inlined,
; the object moves.
; CHECK-LABEL: define i32 @two_calls(
; CHECK-NOT:     call ptr @_Znwm
; CHECK-NOT:     call void @touch(
; CHECK-NOT:     call i32 @get(
; CHECK-NOT:     call {{void|i32}} %
; CHECK:         ret i32
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @two_calls() {
  %o = call ptr @_Znwm(i64 16) builtin
  store ptr @vt, ptr %o
  %f = getelementptr inbounds i8, ptr %o, i64 8
  store i32 1, ptr %f
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  call void %fn(ptr %o)
  %vp2 = load ptr, ptr %o
  %s = getelementptr inbounds i8, ptr %vp2, i64 8
  %fn2 = load ptr, ptr %s
  %r = call i32 %fn2(ptr %o)
  call void @_ZdlPv(ptr %o) builtin
  ret i32 %r
}

; Twin: the first body stores another vtable into the object. Inlined, the
; object has two vtables, whose slot 1 differ: the second call stays
; indirect, and so does the object stay on the heap.
; CHECK-LABEL: define i32 @retyped(
; CHECK:         call ptr @_Znwm(i64 16)
; CHECK:         call i32 %
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to a virtual call whose target is not known (the vtables stored into the object hold different functions in its slot)
define i32 @retyped() {
  %o = call ptr @_Znwm(i64 16) builtin
  store ptr @vt_first, ptr %o
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  call void %fn(ptr %o)
  %vp2 = load ptr, ptr %o
  %s = getelementptr inbounds i8, ptr %vp2, i64 8
  %fn2 = load ptr, ptr %s
  %r = call i32 %fn2(ptr %o)
  call void @_ZdlPv(ptr %o) builtin
  ret i32 %r
}

; Twin: the first body is noinline: made direct, not inlined, a clobber for
; the second call, which stays indirect.
; CHECK-LABEL: define i32 @not_inlined(
; CHECK:         call ptr @_Znwm(i64 16)
; CHECK:         call void @touch_noinline(
; CHECK:         call i32 %
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to a virtual call whose target is not known (the vtable pointer may be changed before it by a call to 'touch_noinline', which may write the object or keep its address)
define i32 @not_inlined() {
  %o = call ptr @_Znwm(i64 16) builtin
  store ptr @vt_noinline, ptr %o
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  call void %fn(ptr %o)
  %vp2 = load ptr, ptr %o
  %s = getelementptr inbounds i8, ptr %vp2, i64 8
  %fn2 = load ptr, ptr %s
  %r = call i32 %fn2(ptr %o)
  call void @_ZdlPv(ptr %o) builtin
  ret i32 %r
}
