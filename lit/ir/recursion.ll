; Issue 13 (B): in a function that may recurse, what a conversion adds to the
; frame is added once per level, and the depth is unbounded. Such functions
; get a budget of -escape-max-frame-recursive bytes (default 64): larger
; objects stay on the heap with a remark naming the way back in, a frame-arena
; buffer shrinks to the budget. Recursion: a cycle of the call graph (direct,
; mutual), or a callee that may call back into the module (an unknown
; declaration, an indirect call) while the function is re-enterable from
; outside (externally visible, address-taken, or called by such a function).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; A larger budget converts the 960-byte object.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -escape-max-frame-recursive=1024 | FileCheck --check-prefix=BIG %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare void @use(ptr captures(none)) memory(argmem: read) nofree nounwind nocallback
declare void @external_cb()
declare void @quiet() nocallback
declare i32 @puts(ptr captures(none)) nofree
@msg = constant [3 x i8] c"hi\00"

; Direct recursion: a 960-byte object per level stays on the heap.
; CHECK-LABEL: define i64 @down(
; CHECK:         call ptr @_Znwm(i64 960)
; REMARK: remark: <unknown>:0:0: 'new' of 960 bytes stays on the heap: the function may recurse (through 'down'), so the stack it adds is added once per level: over the budget of 64 bytes per frame for such functions (-escape-max-frame-recursive)
; BIG-LABEL: define i64 @down(
; BIG:         alloca [960 x i8]
; BIG-NOT:     @_Znwm
define i64 @down(i32 %n) {
entry:
  %p = call ptr @_Znwm(i64 960) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @down(i32 %m)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  call void @_ZdlPvm(ptr %p, i64 960) #0
  ret i64 %t
}

; The same object in a function that does not recurse: converted.
; CHECK-LABEL: define i64 @leaf(
; CHECK:         alloca [960 x i8]
; CHECK-NOT:     @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 960 bytes moved to the stack
define i64 @leaf(i32 %n) {
  %p = call ptr @_Znwm(i64 960) #0
  call void @use(ptr %p)
  %s = call i32 @puts(ptr @msg)
  call void @quiet()
  call void @_ZdlPvm(ptr %p, i64 960) #0
  ret i64 0
}

; Within the budget, a recursive function still converts.
; CHECK-LABEL: define i64 @down_small(
; CHECK:         alloca [16 x i8]
; CHECK-NOT:     @_Znwm
define i64 @down_small(i32 %n) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @down_small(i32 %m)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %t
}

; Variable size in a recursive function: the frame-arena buffer shrinks from
; 256 bytes to the budget.
; CHECK-LABEL: define i64 @down_array(
; CHECK:         alloca [64 x i8]
; CHECK:         icmp ule i64 %{{.*}}, 64
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena (a 64-byte stack buffer; larger requests stay on the heap)
define i64 @down_array(i32 %n, i64 %len) {
entry:
  %bytes = shl i64 %len, 3
  %p = call ptr @_Znam(i64 %bytes) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @down_array(i32 %m, i64 %len)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  call void @_ZdaPv(ptr %p) #0
  ret i64 %t
}

; Mutual recursion: ping -> pong -> ping.
; CHECK-LABEL: define internal i64 @ping(
; CHECK:         call ptr @_Znwm(i64 256)
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes stays on the heap: the function may recurse (through 'pong'), so the stack it adds is added once per level
define internal i64 @ping(i32 %n) {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  %r = call i64 @pong(i32 %n)
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret i64 %r
}
define internal i64 @pong(i32 %n) {
entry:
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @ping(i32 %m)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  ret i64 %t
}
define i64 @start(i32 %n) {
  %r = call i64 @ping(i32 %n)
  ret i64 %r
}

; Re-entry through an external callee: visit is externally visible, and
; external_cb may call it again.
; CHECK-LABEL: define void @visit(
; CHECK:         call ptr @_Znwm(i64 256)
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes stays on the heap: the function may recurse (through 'external_cb', which may call back into the module), so the stack it adds is added once per level
define void @visit() {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void @external_cb()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret void
}

; Also when the unknown call is one level down.
; CHECK-LABEL: define void @visit_deep(
; CHECK:         call ptr @_Znwm(i64 256)
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes stays on the heap: the function may recurse (through 'external_cb', which may call back into the module)
define internal void @helper() {
  call void @external_cb()
  ret void
}
define void @visit_deep() {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void @helper()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret void
}

; An internal function called by an externally visible one: the unknown
; callee may call the caller, which calls it again.
; CHECK-LABEL: define internal void @inner(
; CHECK:         call ptr @_Znwm(i64 256)
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes stays on the heap: the function may recurse (through 'external_cb', which may call back into the module)
define internal void @inner() {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void @external_cb()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret void
}
define void @outer() {
  call void @inner()
  ret void
}

; An indirect call.
; CHECK-LABEL: define void @visit_indirect(
; CHECK:         call ptr @_Znwm(i64 256)
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes stays on the heap: the function may recurse (through an indirect call, which may call back into the module)
define void @visit_indirect(ptr %fn) {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void %fn()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret void
}

; Not re-enterable: an internal function called only from main (which no one
; may call again) may call unknown code without recursing.
; CHECK-LABEL: define internal void @from_main_only(
; CHECK:         alloca [256 x i8]
; CHECK-NOT:     @_Znwm
define internal void @from_main_only() {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void @external_cb()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret void
}
; CHECK-LABEL: define i32 @main(
; CHECK:         alloca [256 x i8]
; CHECK-NOT:     @_Znwm
define i32 @main() {
  %p = call ptr @_Znwm(i64 256) #0
  call void @use(ptr %p)
  call void @external_cb()
  call void @from_main_only()
  call void @_ZdlPvm(ptr %p, i64 256) #0
  ret i32 0
}

attributes #0 = { builtin }
