; Calls through a function-pointer field of a local variable (the invoker
; and manager of a std::function) become direct calls when every write to
; the field is a store of that one function and nothing else can write it:
; the other writes are at known places that miss it, and the calls that
; receive the variable (the ones through the fields included) provably write
; elsewhere and keep no copy of its address (LocalSlots.h). A callee whose
; body may be replaced at link time is judged by this copy and inlined. Each
; twin below breaks one condition and keeps its indirect call.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%fn = type { [16 x i8], ptr, ptr }

@kept = global ptr null

declare void @opaque(ptr)
declare i32 @peek(ptr readonly captures(none)) nounwind
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; Reads the closure's bytes.
define internal i32 @inv(ptr %d, i32 %x) {
  %v = load i32, ptr %d
  %r = add i32 %v, %x
  ret i32 %r
}

define internal i32 @inv_other(ptr %d, i32 %x) {
  ret i32 %x
}

; A manager: operation 1 stores the source's address into the destination
; (a capture), operation 0 writes the destination's first word, 3 nothing.
define internal i1 @mgr(ptr %dest, ptr %src, i32 %op) {
  switch i32 %op, label %done [
    i32 0, label %type
    i32 1, label %ptr
  ]
type:
  store ptr null, ptr %dest
  br label %done
ptr:
  store ptr %src, ptr %dest
  br label %done
done:
  ret i1 false
}

; CHECK-LABEL: define i32 @resolved(
; CHECK: call i32 @inv(ptr %f, i32 %n)
; CHECK: call i1 @mgr(ptr %f, ptr %f, i32 3)
; CHECK: call i1 @mgr(ptr %f, ptr %f, i32 0)
define i32 @resolved(i32 %n) {
  %f = alloca %fn
  store i32 %n, ptr %f
  %m = getelementptr inbounds i8, ptr %f, i64 16
  store ptr @mgr, ptr %m
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  %p = call i32 @peek(ptr %f)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  %d = load ptr, ptr %m
  call i1 %d(ptr %f, ptr %f, i32 3)
  %d2 = load ptr, ptr %m
  call i1 %d2(ptr %f, ptr %f, i32 0)
  ret i32 %r
}

; A load merged with the stored function (GVN's work on one path).
; CHECK-LABEL: define i32 @merged(
; CHECK: call i32 @inv(ptr %f, i32 %n)
define i32 @merged(i32 %n, i1 %b) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  br i1 %b, label %load, label %join
load:
  %c = load ptr, ptr %i
  br label %join
join:
  %t = phi ptr [ %c, %load ], [ @inv, %0 ]
  %r = call i32 %t(ptr %f, i32 %n)
  %c2 = load ptr, ptr %i
  %r2 = call i32 %c2(ptr %f, i32 %n)
  %s = add i32 %r, %r2
  ret i32 %s
}

; Twin: operation 1 runs, and the manager stores the address.
; CHECK-LABEL: define i32 @clone_op(
; CHECK: call i32 %c(
define i32 @clone_op(i32 %n) {
  %f = alloca %fn
  %m = getelementptr inbounds i8, ptr %f, i64 16
  store ptr @mgr, ptr %m
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  %d = load ptr, ptr %m
  call i1 %d(ptr %f, ptr %f, i32 1)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: the function called through the field replaces it.
define internal i32 @inv_rewrites(ptr %d, i32 %x) {
  %s = getelementptr inbounds i8, ptr %d, i64 24
  store ptr @inv_other, ptr %s
  ret i32 %x
}
; CHECK-LABEL: define i32 @rewrites(
; CHECK: call i32 %c(
; CHECK: call i32 %c2(
define i32 @rewrites(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_rewrites, ptr %i
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  %c2 = load ptr, ptr %i
  %r2 = call i32 %c2(ptr %f, i32 %n)
  ret i32 %r2
}

; Twin: the function called through the field keeps the address.
define internal i32 @inv_keeps(ptr %d, i32 %x) {
  store ptr %d, ptr @kept
  ret i32 %x
}
; CHECK-LABEL: define i32 @keeps(
; CHECK: call i32 %c(
define i32 @keeps(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_keeps, ptr %i
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: a call with no body to judge receives the variable.
; CHECK-LABEL: define i32 @unknown(
; CHECK: call i32 %c(
define i32 @unknown(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  call void @opaque(ptr %f)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: two functions are stored into the field.
; CHECK-LABEL: define i32 @two(
; CHECK: call i32 %c(
define i32 @two(i32 %n, i1 %b) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  br i1 %b, label %other, label %call
other:
  store ptr @inv_other, ptr %i
  br label %call
call:
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: a memcpy writes over the field.
; CHECK-LABEL: define i32 @copied_over(
; CHECK: call i32 %c(
define i32 @copied_over(i32 %n, ptr %src) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  %m = getelementptr inbounds i8, ptr %f, i64 16
  call void @llvm.memcpy.p0.p0.i64(ptr %m, ptr %src, i64 16, i1 false)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: a store at a variable offset may hit the field.
; CHECK-LABEL: define i32 @variable(
; CHECK: call i32 %c(
define i32 @variable(i32 %n, i64 %k) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  %v = getelementptr inbounds i8, ptr %f, i64 %k
  store ptr @inv_other, ptr %v
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; An invoker whose body may be replaced at link time (linkonce_odr: a
; lambda in an inline function) is judged by this copy, which is then
; inlined, so that it is the copy that runs.
define linkonce_odr i32 @inv_odr(ptr %d, i32 %x) {
  %v = load i32, ptr %d
  ret i32 %v
}
; CHECK-LABEL: define i32 @replaceable(
; CHECK-NOT: call
; CHECK: %[[V:.*]] = load i32, ptr %f
; CHECK-NEXT: ret i32 %[[V]]
define i32 @replaceable(i32 %n) {
  %f = alloca %fn
  store i32 %n, ptr %f
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_odr, ptr %i
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: the same body marked noinline cannot be inlined, so it proves
; nothing.
define linkonce_odr i32 @inv_odr_noinline(ptr %d, i32 %x) noinline {
  %v = load i32, ptr %d
  ret i32 %v
}
; CHECK-LABEL: define i32 @replaceable_noinline(
; CHECK: call i32 %c(
define i32 @replaceable_noinline(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_odr_noinline, ptr %i
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: a replaceable body that replaces the field.
define linkonce_odr i32 @inv_odr_rewrites(ptr %d, i32 %x) {
  %s = getelementptr inbounds i8, ptr %d, i64 24
  store ptr @inv_other, ptr %s
  ret i32 %x
}
; CHECK-LABEL: define i32 @replaceable_rewrites(
; CHECK: call i32 %c(
; CHECK: call i32 %c2(
define i32 @replaceable_rewrites(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_odr_rewrites, ptr %i
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  %c2 = load ptr, ptr %i
  %r2 = call i32 %c2(ptr %f, i32 %n)
  ret i32 %r2
}

; A replaceable body called directly with the variable is judged and
; inlined the same way, and so are the calls through the variable's fields
; it makes (resolved with the caller's fields, then inlined level by level).
define linkonce_odr void @reads_odr(ptr %d) {
  %v = load i32, ptr %d
  ret void
}
define linkonce_odr i32 @calls_field_odr(ptr %d, i32 %x) {
  %s = getelementptr inbounds i8, ptr %d, i64 24
  %c = load ptr, ptr %s
  %r = call i32 %c(ptr %d, i32 %x)
  ret i32 %r
}
; CHECK-LABEL: define i32 @replaceable_direct(
; CHECK-NOT: call
; CHECK: ret i32
define i32 @replaceable_direct(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_odr, ptr %i
  call void @reads_odr(ptr %f)
  %r = call i32 @calls_field_odr(ptr %f, i32 %n)
  %c = load ptr, ptr %i
  %r2 = call i32 %c(ptr %f, i32 %r)
  ret i32 %r2
}

; Twin: the replaceable body called directly is noinline: it proves
; nothing, as another copy may run.
define linkonce_odr void @reads_odr_noinline(ptr %d) noinline {
  %v = load i32, ptr %d
  ret void
}
; CHECK-LABEL: define i32 @replaceable_direct_noinline(
; CHECK: call void @reads_odr_noinline(ptr %f)
; CHECK: call i32 %c(
define i32 @replaceable_direct_noinline(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  call void @reads_odr_noinline(ptr %f)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: the field call made inside an exact body that stays a call: the
; replaceable function it resolves to would run as another copy there.
define i32 @calls_field_exact(ptr %d, i32 %x) noinline {
  %s = getelementptr inbounds i8, ptr %d, i64 24
  %c = load ptr, ptr %s
  %r = call i32 %c(ptr %d, i32 %x)
  ret i32 %r
}
; CHECK-LABEL: define i32 @nested_in_exact(
; CHECK: call i32 @calls_field_exact(ptr %f, i32 %n)
; CHECK: call i32 %c(
define i32 @nested_in_exact(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv_odr, ptr %i
  %r = call i32 @calls_field_exact(ptr %f, i32 %n)
  %c = load ptr, ptr %i
  %r2 = call i32 %c(ptr %f, i32 %r)
  ret i32 %r2
}

; Twin: a replaceable body called directly that replaces the field.
define linkonce_odr void @retarget_odr(ptr %d) {
  %s = getelementptr inbounds i8, ptr %d, i64 24
  store ptr @inv_other, ptr %s
  ret void
}
; CHECK-LABEL: define i32 @replaceable_direct_rewrites(
; CHECK: call void @retarget_odr(ptr %f)
; CHECK: call i32 %c(
define i32 @replaceable_direct_rewrites(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  call void @retarget_odr(ptr %f)
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: the variable's address is stored.
; CHECK-LABEL: define i32 @stored(
; CHECK: call i32 %c(
define i32 @stored(i32 %n) {
  %f = alloca %fn
  %i = getelementptr inbounds i8, ptr %f, i64 24
  store ptr @inv, ptr %i
  store ptr %f, ptr @kept
  %c = load ptr, ptr %i
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; A field pointing to a constant table of functions (GoogleMock's
; Matcher::vtable_, a C++ vtable): a call through a function loaded at a
; constant offset of the table calls that function.
@ops = internal unnamed_addr constant { ptr, ptr } { ptr @inv, ptr @inv_other }
@ops_mutable = internal global { ptr, ptr } { ptr @inv, ptr @inv_other }

; CHECK-LABEL: define i32 @table(
; CHECK: %r = call i32 @inv_other(ptr %f, i32 %n)
; CHECK: %r2 = call i32 @inv(ptr %f, i32 %r)
define i32 @table(i32 %n) {
  %f = alloca { ptr, i32 }
  store ptr @ops, ptr %f
  %v = getelementptr inbounds i8, ptr %f, i64 8
  store i32 %n, ptr %v
  %t = load ptr, ptr %f
  %g = getelementptr inbounds i8, ptr %t, i64 8
  %c = load ptr, ptr %g
  %r = call i32 %c(ptr %f, i32 %n)
  %t2 = load ptr, ptr %f
  %c2 = load ptr, ptr %t2
  %r2 = call i32 %c2(ptr %f, i32 %r)
  ret i32 %r2
}

; Twin: a table that may be written (not a constant global).
; CHECK-LABEL: define i32 @table_mutable(
; CHECK: call i32 %c(
define i32 @table_mutable(i32 %n) {
  %f = alloca { ptr, i32 }
  store ptr @ops_mutable, ptr %f
  %t = load ptr, ptr %f
  %c = load ptr, ptr %t
  %r = call i32 %c(ptr %f, i32 %n)
  ret i32 %r
}

; Twin: the function called through the table replaces the table pointer.
define internal i32 @inv_retable(ptr %d, i32 %x) {
  store ptr @ops_mutable, ptr %d
  ret i32 %x
}
@ops_retable = internal unnamed_addr constant { ptr } { ptr @inv_retable }
; CHECK-LABEL: define i32 @table_rewritten(
; CHECK: call i32 %c(
; CHECK: call i32 %c2(
define i32 @table_rewritten(i32 %n) {
  %f = alloca { ptr, i32 }
  store ptr @ops_retable, ptr %f
  %t = load ptr, ptr %f
  %c = load ptr, ptr %t
  %r = call i32 %c(ptr %f, i32 %n)
  %t2 = load ptr, ptr %f
  %c2 = load ptr, ptr %t2
  %r2 = call i32 %c2(ptr %f, i32 %r)
  ret i32 %r2
}
