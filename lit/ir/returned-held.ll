; A call given a local variable holding the allocation may return a pointer
; it loads from there (an iterator, `data() + i`): the front end's
; content-returned fact says so for a body that may be replaced
; (linkonce_odr), an exact body shows it. The result is followed like a
; pointer loaded back from the variable. A small callee that frees what the
; variable holds (a destructor the inliner left on an exception path) is
; inlined, so that its frees test the pointer at run time. A failed assert
; does not make a function recursive.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; The frees left after a move are not memory allocated out of sight:
; RUN: not grep "memory allocated inside" %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%vec = type { ptr, ptr }
declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @opaque(ptr)
declare void @__assert_fail(ptr, ptr, i32, ptr) noreturn nounwind
declare void @my_fatal() noreturn nounwind
declare i32 @__gxx_personality_v0(...)
@g = global ptr null

; --- Callees ------------------------------------------------------------------

; Returns the buffer plus an offset; a body another unit's copy may replace
; (what the front end's fact is for).
define linkonce_odr ptr @at(ptr %v, i64 %i) {
  %b = load ptr, ptr %v
  %p = getelementptr inbounds i32, ptr %b, i64 %i
  ret ptr %p
}
; The same with an exact body, which writes memory.
define ptr @at_exact(ptr captures(none) %v, i64 %i) {
  %b = load ptr, ptr %v
  %p = getelementptr inbounds i32, ptr %b, i64 %i
  store i32 0, ptr %p
  ret ptr %p
}
; Returns the variable's own address: not a pointer loaded from it.
define ptr @self(ptr %v) {
  ret ptr %v
}
; Returns the buffer's address as an integer.
define linkonce_odr i64 @addr(ptr %v) {
  %b = load ptr, ptr %v
  %i = ptrtoint ptr %b to i64
  ret i64 %i
}
; A destructor: frees the buffer, after an assertion.
define linkonce_odr void @dtor(ptr %v) {
  %b = load ptr, ptr %v
  %ok = icmp ne ptr %b, inttoptr (i64 1 to ptr)
  br i1 %ok, label %free, label %fail
fail:
  call void @__assert_fail(ptr null, ptr null, i32 0, ptr null)
  unreachable
free:
  call void @_ZdlPv(ptr %b) #0
  ret void
}
; The same, but it also hands the buffer to code that may keep it.
define linkonce_odr void @dtor_leaky(ptr %v) {
  %b = load ptr, ptr %v
  call void @opaque(ptr %b)
  call void @_ZdlPv(ptr %b) #0
  ret void
}
; The same as dtor, but marked noinline.
define linkonce_odr void @dtor_noinline(ptr %v) noinline {
  %b = load ptr, ptr %v
  call void @_ZdlPv(ptr %b) #0
  ret void
}

; --- The result followed --------------------------------------------------------

; CHECK-LABEL: define i32 @returned_read(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         call ptr @at(ptr captures(address) "escape-content-returned" %v, i64 1)
; CHECK:       arena.own
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define i32 @returned_read() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  store i32 7, ptr %p
  %e = call ptr @at(ptr captures(address) "escape-content-returned" %v, i64 1)
  store i32 3, ptr %e
  %x = load i32, ptr %p
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret i32 %x
}

; An exact body: the same without a fact.
; CHECK-LABEL: define i32 @returned_exact(
; CHECK:         %p.arena = alloca [16 x i8]
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define i32 @returned_exact() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %e = call ptr @at_exact(ptr %v, i64 2)
  %x = load i32, ptr %e
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret i32 %x
}

; The result kept: stays.
; CHECK-LABEL: define void @returned_kept(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g' (loaded back from a local variable holding it)
define void @returned_kept() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %e = call ptr @at(ptr captures(address) "escape-content-returned" %v, i64 0)
  store ptr %e, ptr @g
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The exact body's result kept: stays.
; CHECK-LABEL: define void @returned_exact_kept(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'opaque', which may keep it{{.*}}(loaded back from a local variable holding it)
define void @returned_exact_kept() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %e = call ptr @at_exact(ptr %v, i64 0)
  call void @opaque(ptr %e)
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The result freed: the free tests it.
; CHECK-LABEL: define void @returned_freed(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         %e = call ptr @at(
; CHECK-NEXT:    %arena.own = icmp eq ptr %e, %p.arena
; CHECK:         call void @_ZdlPv(ptr %e)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @returned_freed() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %e = call ptr @at(ptr captures(address) "escape-content-returned" %v, i64 0)
  call void @_ZdlPv(ptr %e) #0
  ret void
}

; The variable's own address returned: not followed.
; CHECK-LABEL: define void @returned_self(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'self', which may copy it out or free it
define void @returned_self() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %s = call ptr @self(ptr %v)
  store ptr %s, ptr @g
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; An integer result with the fact: the bytes cannot be followed.
; CHECK-LABEL: define void @returned_integer(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'addr', which may return bytes of the stored pointer in its result (of type 'i64')
define void @returned_integer() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %i = call i64 @addr(ptr captures(address) "escape-content-returned" %v)
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; The fact without captures(address) on the variable: not enough.
; CHECK-LABEL: define void @returned_captured(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'at', which may copy it out or free it
define void @returned_captured() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %e = call ptr @at(ptr "escape-content-returned" %v, i64 0)
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; --- Destructors on exception paths -------------------------------------------

; The cleanup's destructor is inlined; its free tests the pointer.
; CHECK-LABEL: define void @cleanup_dtor(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK-NOT:     call void @dtor(
; CHECK:       lpad:
; CHECK:         %arena.own{{[0-9]*}} = icmp eq ptr %b.i, %p.arena
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @cleanup_dtor() personality ptr @__gxx_personality_v0 {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  invoke void @may_throw()
          to label %ok unwind label %lpad
ok:
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  call void @dtor(ptr %v)
  resume { ptr, i32 } %lp
}
declare void @may_throw()

; Its body also hands the buffer to code that may keep it: not a body that
; only frees, so not inlined; stays.
; CHECK-LABEL: define void @cleanup_dtor_leaky(
; CHECK:         call ptr @_Znwm
; CHECK:         call void @dtor_leaky(ptr %v)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'dtor_leaky', which may copy it out or free it
define void @cleanup_dtor_leaky() personality ptr @__gxx_personality_v0 {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  invoke void @may_throw()
          to label %ok unwind label %lpad
ok:
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  call void @dtor_leaky(ptr %v)
  resume { ptr, i32 } %lp
}

; noinline is respected: stays.
; CHECK-LABEL: define void @cleanup_dtor_noinline(
; CHECK:         call ptr @_Znwm
; CHECK:         call void @dtor_noinline(ptr %v)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'dtor_noinline', which may copy it out or free it
define void @cleanup_dtor_noinline() personality ptr @__gxx_personality_v0 {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  invoke void @may_throw()
          to label %ok unwind label %lpad
ok:
  %q = load ptr, ptr %v
  call void @_ZdlPv(ptr %q) #0
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  call void @dtor_noinline(ptr %v)
  resume { ptr, i32 } %lp
}

; --- Frees merged with other pointers -------------------------------------------

; A free of this object or of a pointer loaded back from the variable (the
; phi of a destructor's free after a move): tested at run time.
; CHECK-LABEL: define void @free_merged_reload(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:         %arena.own = icmp eq ptr %f, %p.arena
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @free_merged_reload(i1 %c) {
entry:
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  call void @opaque(ptr null)
  br i1 %c, label %a, label %b
a:
  %r = load ptr, ptr %v
  br label %join
b:
  br label %join
join:
  %f = phi ptr [ %r, %a ], [ %p, %b ]
  call void @_ZdlPv(ptr %f) #0
  ret void
}

; --- Recursion budget ---------------------------------------------------------

; An externally visible function that may fail an assertion: __assert_fail
; runs none of the program's code, so the function is not recursive and a
; 512-byte object moves (the budget for recursive functions is 64 bytes).
; CHECK-LABEL: define i32 @asserts(
; CHECK-NOT:     threadlocal
; CHECK-NOT:     call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 512 bytes moved to the stack
define i32 @asserts(i32 %n) {
  %p = call ptr @_Znwm(i64 512) #0
  store i32 %n, ptr %p
  %c = icmp sgt i32 %n, 0
  br i1 %c, label %ok, label %fail
fail:
  call void @__assert_fail(ptr null, ptr null, i32 0, ptr null)
  unreachable
ok:
  %x = load i32, ptr %p
  call void @_ZdlPv(ptr %p) #0
  ret i32 %x
}

; Another function that does not return may call back: only the outermost
; activation gets the buffer (lit/ir/recursion.ll), the others the heap.
; CHECK-LABEL: define i32 @fatal(
; CHECK:         threadlocal.address
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 512 bytes moved to the frame arena (a 512-byte stack buffer), in the outermost activation only: the function may recurse (through 'my_fatal', which may call back into the module), and the activations inside it use the heap
define i32 @fatal(i32 %n) {
  %p = call ptr @_Znwm(i64 512) #0
  store i32 %n, ptr %p
  %c = icmp sgt i32 %n, 0
  br i1 %c, label %ok, label %fail
fail:
  call void @my_fatal()
  unreachable
ok:
  %x = load i32, ptr %p
  call void @_ZdlPv(ptr %p) #0
  ret i32 %x
}

attributes #0 = { builtin }
