; Issue 13 (B): in a function that may recurse, what a conversion adds to the
; frame is added once per level, and the depth is unbounded. Such functions
; get a budget of -escape-max-frame-recursive bytes (default 64): a
; frame-arena buffer shrinks to the budget, and a larger object goes to a
; buffer of the outermost activation alone, with a remark naming the way back
; in: a thread-local flag of the function, set while an activation runs,
; gives the activations inside it a buffer of 0 bytes (a dynamic alloca), so
; their objects go to the heap and a level adds no stack. Functions that
; cannot carry the flag (musttail, AddressSanitizer) keep such objects on the
; heap. Recursion: a cycle of the call graph (direct,
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

; Direct recursion: a 960-byte object per level, in the outermost
; activation's buffer; the flag is put back at every return and resume.
; CHECK: @escape.active.down = internal thread_local global i8 0
; CHECK-LABEL: define i64 @down(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %[[TLS:.+]] = call ptr @llvm.threadlocal.address.p0(ptr @escape.active.down)
; CHECK-NEXT:    %[[WAS:.+]] = load i8, ptr %[[TLS]], align 1
; CHECK-NEXT:    store i8 1, ptr %[[TLS]], align 1
; CHECK-NEXT:    %[[OUT:.+]] = icmp eq i8 %[[WAS]], 0
; CHECK-NEXT:    %[[CAP:.+]] = select i1 %[[OUT]], i64 960, i64 0
; CHECK-NEXT:    %[[BUF:.+]] = alloca i8, i64 %[[CAP]], align 16
; CHECK:         icmp ule i64 960, %[[CAP]]
; CHECK:         call ptr @_Znwm(i64 960)
; CHECK:         %[[OWN:.+]] = icmp eq ptr %{{.*}}, %[[BUF]]
; CHECK-NEXT:    and i1 %[[OWN]], %[[OUT]]
; CHECK:         call void @_ZdlPvm(
; CHECK:         %[[TLS2:.+]] = call ptr @llvm.threadlocal.address.p0(ptr @escape.active.down)
; CHECK-NEXT:    store i8 %[[WAS]], ptr %[[TLS2]], align 1
; CHECK-NEXT:    ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 960 bytes moved to the frame arena (a 960-byte stack buffer), in the outermost activation only: the function may recurse (through 'down'), and the activations inside it use the heap
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
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through 'pong'), and the activations inside it use the heap
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
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through 'external_cb', which may call back into the module), and the activations inside it use the heap
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
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through 'external_cb', which may call back into the module), and the activations inside it use the heap
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
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through 'external_cb', which may call back into the module), and the activations inside it use the heap
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
; REMARK: remark: <unknown>:0:0: 'new' of 256 bytes moved to the frame arena (a 256-byte stack buffer), in the outermost activation only: the function may recurse (through an indirect call, which may call back into the module), and the activations inside it use the heap
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

; Under AddressSanitizer every slot gets redzones: the budget is 0, so even
; the 16-byte object of down_small stays on the heap in a recursive function.
; CHECK-LABEL: define i64 @down_small_asan(
; BIG-LABEL: define i64 @down_small_asan(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: the function may recurse (through 'down_small_asan'), so the stack it adds is added once per level: over the budget of 0 bytes per frame for such functions (-escape-max-frame-recursive; 0 under AddressSanitizer, whose redzones multiply each slot)
define i64 @down_small_asan(i32 %n) sanitize_address {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @down_small_asan(i32 %m)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %t
}

attributes #0 = { builtin }

; A function with a musttail call cannot put the flag back after it: the
; object stays on the heap.
; CHECK-LABEL: define i64 @down_musttail(
; CHECK-NOT:     threadlocal
; CHECK:         call ptr @_Znwm(i64 960)
; REMARK: remark: <unknown>:0:0: 'new' of 960 bytes stays on the heap: the function may recurse (through 'down_musttail'), so the stack it adds is added once per level: over the budget of 64 bytes per frame for such functions (-escape-max-frame-recursive)
define i64 @down_musttail(i32 %n) {
entry:
  %p = call ptr @_Znwm(i64 960) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  call void @_ZdlPvm(ptr %p, i64 960) #0
  %m = sub i32 %n, 1
  %r = musttail call i64 @down_musttail(i32 %m)
  ret i64 %r
done:
  call void @_ZdlPvm(ptr %p, i64 960) #0
  ret i64 0
}

; A guarded buffer left by an earlier run (here written out) counts against
; the function's stack budget with its outermost size: with a budget of
; 1024 bytes, a second 960-byte object does not fit.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -escape-max-frame=1024 -pass-remarks-missed=escape 2>&1 >/dev/null \
; RUN:   | FileCheck --check-prefix=FRAME %s
; FRAME: 'new' of 960 bytes stays on the heap: the function's stack budget of 1024 bytes is used up (-escape-max-frame)
@escape.active.earlier = internal thread_local global i8 0
define i64 @earlier(i32 %n) {
entry:
  %tls = call ptr @llvm.threadlocal.address.p0(ptr @escape.active.earlier)
  %was = load i8, ptr %tls, align 1
  store i8 1, ptr %tls, align 1
  %out = icmp eq i8 %was, 0, !escape.outermost !0
  %cap = select i1 %out, i64 960, i64 0
  %buf = alloca i8, i64 %cap, align 16, !escape.h2s !0, !escape.guarded.bytes !1
  call void @use(ptr %buf)
  %p = call ptr @_Znwm(i64 960) #0
  call void @use(ptr %p)
  call void @_ZdlPvm(ptr %p, i64 960) #0
  %tls2 = call ptr @llvm.threadlocal.address.p0(ptr @escape.active.earlier)
  store i8 %was, ptr %tls2, align 1
  ret i64 0
}
declare ptr @llvm.threadlocal.address.p0(ptr)
!0 = !{}
!1 = !{i64 960}

; A callee's guard inlined into the entry block (its flag is clear again at
; each level of this function) is not this function's: it gets its own.
; CHECK-LABEL: define i64 @inlined_guard(
; CHECK:         call ptr @llvm.threadlocal.address.p0(ptr @escape.active.inlined_guard)
; CHECK:         %[[OUT2:.+]] = icmp eq i8 %{{.*}}, 0
; CHECK-NEXT:    %[[CAP2:.+]] = select i1 %[[OUT2]], i64 960, i64 0
; CHECK:         alloca i8, i64 %[[CAP2]]
; REMARK: remark: <unknown>:0:0: 'new' of 960 bytes moved to the frame arena (a 960-byte stack buffer), in the outermost activation only: the function may recurse (through 'inlined_guard'), and the activations inside it use the heap
@escape.active.callee = internal thread_local global i8 0
define i64 @inlined_guard(i32 %n) {
entry:
  %tls = call ptr @llvm.threadlocal.address.p0(ptr @escape.active.callee)
  %was = load i8, ptr %tls, align 1
  store i8 1, ptr %tls, align 1
  %out = icmp eq i8 %was, 0, !escape.outermost !0
  store i8 %was, ptr %tls, align 1
  %p = call ptr @_Znwm(i64 960) #0
  call void @use(ptr %p)
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %rec
rec:
  %m = sub i32 %n, 1
  %r = call i64 @inlined_guard(i32 %m)
  br label %done
done:
  %t = phi i64 [ 0, %entry ], [ %r, %rec ]
  call void @_ZdlPvm(ptr %p, i64 960) #0
  ret i64 %t
}

; Variable size where the way back is only a call back from unknown code:
; the outermost activation's full 256-byte buffer rather than one shrunk to
; 64 bytes for every level (@down_array, a cycle, keeps the shrunk one).
; CHECK-LABEL: define void @visit_array(
; CHECK:         select i1 %{{.*}}, i64 256, i64 0
; CHECK-NOT:     alloca [64 x i8]
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena (a 256-byte stack buffer; larger requests stay on the heap), in the outermost activation only: the function may recurse (through 'external_cb', which may call back into the module), and the activations inside it use the heap
define void @visit_array(i64 %len) {
  %bytes = shl i64 %len, 3
  %p = call ptr @_Znam(i64 %bytes) #0
  call void @use(ptr %p)
  call void @external_cb()
  call void @_ZdaPv(ptr %p) #0
  ret void
}
