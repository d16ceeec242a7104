; A pointer-to-integer conversion used only for `end - begin` of one object
; (std::vector's size, the size its sized operator delete receives) is not
; a capture: the difference is an offset within the object. Its twins keep
; the object on the heap: a difference with a global's address, with
; another object's address or with null; the integer stored, compared,
; added to, or converted back.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @use(i64)
declare void @sink(ptr)

@G = global i32 0
@Kept = global i64 0

; end - begin, the difference sized delete receives and a use of it.
; CHECK-LABEL: define i64 @size_delete(
; CHECK:         alloca [64 x i8]
; CHECK-NOT:     @_Znwm
; CHECK-NOT:     @_ZdlPvm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
define i64 @size_delete(i64 %n) {
  %p = call ptr @_Znwm(i64 64) #0
  %end = getelementptr inbounds i32, ptr %p, i64 %n
  store i32 1, ptr %p
  %e = ptrtoint ptr %end to i64
  %b = ptrtoint ptr %p to i64
  %d = sub i64 %e, %b
  %s = ashr exact i64 %d, 2
  call void @use(i64 %s)
  call void @_ZdlPvm(ptr %p, i64 %d) #0
  ret i64 %s
}

; A vectorized loop's trip count, as clang -O2 emits it for a std::vector
; filled and summed in place: (end - 4) - begin.
; CHECK-LABEL: define i64 @trip_count(
; CHECK:         alloca [64 x i8]
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
define i64 @trip_count(i64 %n) {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  %end = getelementptr inbounds i32, ptr %p, i64 %n
  %e = ptrtoint ptr %end to i64
  %e4 = add i64 %e, -4
  %d = sub i64 %e4, %b
  %t = lshr i64 %d, 2
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %t
}

; Through a phi and a select of the object's own addresses.
; CHECK-LABEL: define i64 @phi_select(
; CHECK:         alloca [64 x i8]
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
define i64 @phi_select(i1 %c, i64 %n) {
entry:
  %p = call ptr @_Znwm(i64 64) #0
  %q = getelementptr inbounds i8, ptr %p, i64 8
  br i1 %c, label %a, label %b
a:
  %r = getelementptr inbounds i8, ptr %p, i64 %n
  br label %m
b:
  br label %m
m:
  %x = phi ptr [ %r, %a ], [ %q, %b ]
  %y = select i1 %c, ptr %p, ptr %q
  %xi = ptrtoint ptr %x to i64
  %yi = ptrtoint ptr %y to i64
  %d = sub i64 %xi, %yi
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %d
}

; Subtracted from a global's address: the difference is the object's
; address relative to a known one.
; CHECK-LABEL: define i64 @minus_global(
; CHECK:         call {{.*}} @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @minus_global() {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  %d = sub i64 %b, ptrtoint (ptr @G to i64)
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %d
}

; Subtracted from another object's address.
; CHECK-LABEL: define i64 @minus_other(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @minus_other(ptr %o) {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  %oi = ptrtoint ptr %o to i64
  %d = sub i64 %b, %oi
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %d
}

; A phi of the object and null: the difference may be the address itself.
; CHECK-LABEL: define i64 @minus_maybe_null(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @minus_maybe_null(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 64) #0
  br i1 %c, label %a, label %m
a:
  br label %m
m:
  %x = phi ptr [ %p, %a ], [ null, %entry ]
  %b = ptrtoint ptr %p to i64
  %xi = ptrtoint ptr %x to i64
  %d = sub i64 %b, %xi
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %d
}

; The integer stored (the remark says where).
; CHECK-LABEL: define void @stored(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer and stored to global 'Kept'
define void @stored() {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  store i64 %b, ptr @Kept
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret void
}

; The integer stored into another heap object, as clang -O2 stores a
; unique_ptr moved into a shared payload (GoogleMock's Matcher: issue 16).
; CHECK-LABEL: define void @stored_into_other(
; CHECK:         call {{.*}} @_Znwm(i64 8)
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: converted to an integer and stored into another heap object (allocated by 'operator new'), which may outlive the frame
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'sink'
define void @stored_into_other() {
  %p = call ptr @_Znwm(i64 8) #0
  %q = call ptr @_Znwm(i64 16) #0
  %b = ptrtoint ptr %p to i64
  %slot = getelementptr inbounds i8, ptr %q, i64 8
  store i64 %b, ptr %slot
  call void @sink(ptr %q)
  call void @_ZdlPvm(ptr %p, i64 8) #0
  ret void
}

; The integer returned.
; CHECK-LABEL: define i64 @int_returned(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer and returned
define i64 @int_returned() {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %b
}

; The integer compared (with another address), beside a harmless
; difference.
; CHECK-LABEL: define i1 @compared(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i1 @compared(ptr %o) {
  %p = call ptr @_Znwm(i64 64) #0
  %end = getelementptr inbounds i8, ptr %p, i64 64
  %b = ptrtoint ptr %p to i64
  %e = ptrtoint ptr %end to i64
  %d = sub i64 %e, %b
  call void @use(i64 %d)
  %oi = ptrtoint ptr %o to i64
  %c = icmp ult i64 %b, %oi
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i1 %c
}

; A difference and an address rebuilt from the integer plus a constant.
; CHECK-LABEL: define i32 @rebuilt(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i32 @rebuilt() {
  %p = call ptr @_Znwm(i64 64) #0
  store i32 3, ptr %p
  %b = ptrtoint ptr %p to i64
  %b4 = add i64 %b, 4
  %q = inttoptr i64 %b4 to ptr
  %v = load i32, ptr %q
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i32 %v
}

; Negated (a constant minus the address) or counted twice (the address plus
; itself): the integer still carries the address.
; CHECK-LABEL: define i64 @negated(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @negated() {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  %d = sub i64 100, %b
  %end = getelementptr inbounds i8, ptr %p, i64 64
  %e = ptrtoint ptr %end to i64
  %x = sub i64 %e, %d
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %x
}

; CHECK-LABEL: define i64 @twice(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @twice() {
  %p = call ptr @_Znwm(i64 64) #0
  %b = ptrtoint ptr %p to i64
  %b2 = add i64 %b, %b
  %end = getelementptr inbounds i8, ptr %p, i64 64
  %e = ptrtoint ptr %end to i64
  %x = sub i64 %b2, %e
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %x
}

attributes #0 = { builtin }
