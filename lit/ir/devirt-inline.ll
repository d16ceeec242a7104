; A call receiving an object whose constructor stored a vtable here, to a
; small function whose body makes indirect calls (and direct calls only to
; functions of the same kind), is inlined before the virtual calls are
; resolved: a linkonce_odr body proves nothing about another copy, but
; running this copy is one of the program's possible behaviours, so once
; inlined its virtual calls are resolved from the vtable this frame stored
; (libstdc++'s noinline _M_release_last_use_cold). Not inlined: a body that
; may be interposed (weak), one that calls an opaque function, one without
; indirect calls, or any call when no vtable was stored (the limit of 64
; instructions is not tested here).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@vt_a = internal unnamed_addr constant { [4 x ptr] } { [4 x ptr] [ptr null, ptr null, ptr @a_get, ptr null] }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @opaque()

define internal i32 @a_get(ptr readonly captures(none) %this) nofree nounwind memory(argmem: read) {
  ret i32 7
}

; this->get() through the vtable, out of line.
define linkonce_odr i32 @call_get(ptr %this) noinline {
  %vp = load ptr, ptr %this
  %slot = getelementptr inbounds i8, ptr %vp, i64 0
  %fn = load ptr, ptr %slot
  %r = call i32 %fn(ptr %this)
  ret i32 %r
}
define weak i32 @call_get_weak(ptr %this) noinline {
  %vp = load ptr, ptr %this
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %this)
  ret i32 %r
}
define linkonce_odr i32 @call_get_opaque(ptr %this) noinline {
  call void @opaque()
  %vp = load ptr, ptr %this
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %this)
  ret i32 %r
}
define linkonce_odr i32 @no_virtual(ptr %this) noinline {
  %v = load i32, ptr %this
  ret i32 %v
}

; CHECK-LABEL: define i32 @inlined(
; CHECK-NOT: call i32 @call_get(
; CHECK: call i32 @a_get(ptr
define i32 @inlined() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %r = call i32 @call_get(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; CHECK-LABEL: define i32 @weak_body(
; CHECK: call i32 @call_get_weak(ptr
define i32 @weak_body() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %r = call i32 @call_get_weak(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; CHECK-LABEL: define i32 @opaque_inside(
; CHECK: call i32 @call_get_opaque(ptr
define i32 @opaque_inside() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %r = call i32 @call_get_opaque(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; CHECK-LABEL: define i32 @nothing_to_show(
; CHECK: call i32 @no_virtual(ptr
define i32 @nothing_to_show() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  %r = call i32 @no_virtual(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; No vtable stored into the object here: nothing inlined.
; CHECK-LABEL: define i32 @no_vtable(
; CHECK: call i32 @call_get(ptr
define i32 @no_vtable(ptr %vt) {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %vt, ptr %p
  %r = call i32 @call_get(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; A holder of the object passed to a function that may keep the holder's
; address (a shared_ptr destructor whose linkonce_odr body proves nothing)
; and hides a virtual call through the pointer it holds: inlined too.
define linkonce_odr i32 @holder_get(ptr %h) noinline {
  %o = load ptr, ptr %h
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %o)
  ret i32 %r
}
define weak i32 @holder_get_weak(ptr %h) noinline {
  %o = load ptr, ptr %h
  %vp = load ptr, ptr %o
  %fn = load ptr, ptr %vp
  %r = call i32 %fn(ptr %o)
  ret i32 %r
}

; CHECK-LABEL: define i32 @holder_inlined(
; CHECK-NOT: call i32 @holder_get(
; CHECK: call i32 @a_get(ptr
define i32 @holder_inlined() {
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %r = call i32 @holder_get(ptr %h)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

; CHECK-LABEL: define i32 @holder_weak(
; CHECK: call i32 @holder_get_weak(ptr
define i32 @holder_weak() {
  %h = alloca ptr
  %p = call ptr @_Znwm(i64 16) #0
  store ptr getelementptr inbounds nuw (i8, ptr @vt_a, i64 16), ptr %p
  store ptr %p, ptr %h
  %r = call i32 @holder_get_weak(ptr %h)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %r
}

attributes #0 = { builtin }
