; Issue 13 (A): a pointer kept in a local variable must not come back out of
; it as bytes, whatever their type. A read-only callee that receives the
; variable may return the stored address as an i64, a double, a struct in
; registers, an i1, half of it; the variable may also be read by an
; overlapping load of another type, a vector load, or memcpy/memmove. Each is
; refused with its reason; each twin that moves no byte of the address
; (another field, a comparison, an end - begin length, a void result) still
; converts.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%vec = type { ptr, ptr, ptr }
declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @reads(ptr captures(none)) memory(argmem: read) nounwind
@g = global ptr null
@other = global [16 x i8] zeroinitializer

; --- Read-only callees (exact definitions) -------------------------------

; long peek(const Holder *h) { long x; memcpy(&x, h, 8); return x; }
define i64 @peek(ptr captures(none) %h) memory(argmem: read) nounwind {
  %x = load i64, ptr %h
  ret i64 %x
}
define double @peek_double(ptr captures(none) %h) memory(argmem: read) nounwind {
  %x = load double, ptr %h
  ret double %x
}
; struct { long a, b; } returned in registers.
define { i64, i64 } @peek_pair(ptr captures(none) %h) memory(argmem: read) nounwind {
  %a = load i64, ptr %h
  %f1 = getelementptr inbounds i8, ptr %h, i64 8
  %b = load i64, ptr %f1
  %r0 = insertvalue { i64, i64 } poison, i64 %a, 0
  %r1 = insertvalue { i64, i64 } %r0, i64 %b, 1
  ret { i64, i64 } %r1
}
; One bit of the address, as a bool.
define zeroext i1 @peek_bit(ptr captures(none) %h, i64 %k) memory(argmem: read) nounwind {
  %x = load i64, ptr %h
  %s = lshr i64 %x, %k
  %b = trunc i64 %s to i1
  ret i1 %b
}
; The low half of the address.
define i32 @peek_lo(ptr captures(none) %h) memory(argmem: read) nounwind {
  %x = load i32, ptr %h
  ret i32 %x
}
; Passed on to another reader.
define i64 @peek_outer(ptr captures(none) %h) memory(argmem: read) nounwind {
  %x = call i64 @peek(ptr %h)
  %y = add i64 %x, 1
  ret i64 %y
}
; The address plus a length.
define i64 @end_addr(ptr captures(none) %v) memory(argmem: read) nounwind {
  %b = load ptr, ptr %v
  %bi = ptrtoint ptr %b to i64
  %e = add i64 %bi, 64
  ret i64 %e
}
; p == nullptr: a comparison moves no byte.
define zeroext i1 @is_null(ptr captures(none) %h) memory(argmem: read) nounwind {
  %p = load ptr, ptr %h
  %c = icmp eq ptr %p, null
  ret i1 %c
}
; size(): (end - begin) / 4, an offset.
define i64 @len(ptr captures(none) %v) memory(argmem: read) nounwind {
  %ep = getelementptr inbounds i8, ptr %v, i64 8
  %e = load ptr, ptr %ep
  %b = load ptr, ptr %v
  %ei = ptrtoint ptr %e to i64
  %bi = ptrtoint ptr %b to i64
  %d = sub i64 %ei, %bi
  %n = ashr exact i64 %d, 2
  ret i64 %n
}
define i64 @len_outer(ptr captures(none) %v) memory(argmem: read) nounwind {
  %n = call i64 @len(ptr %v)
  %m = mul i64 %n, 3
  ret i64 %m
}
; The first element: the object's contents, read through the pointer.
define i32 @front(ptr captures(none) %v) memory(argmem: read) nounwind {
  %b = load ptr, ptr %v
  %x = load i32, ptr %b
  ret i32 %x
}
; The second field, which holds no address.
define i64 @second(ptr captures(none) %v) memory(argmem: read) nounwind {
  %f = getelementptr inbounds i8, ptr %v, i64 8
  %x = load i64, ptr %f
  ret i64 %x
}

; --- Refused: the result may carry the address -----------------------------

; The reproduction of issue 13: peek's long is the address.
; CHECK-LABEL: define i64 @via_long(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @via_long() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call i64 @peek(ptr %h)
  store i64 %x, ptr @g
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %x
}

; CHECK-LABEL: define double @via_double(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek_double', which may return bytes of the stored pointer in its result (of type 'double')
define double @via_double() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call double @peek_double(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret double %x
}

; CHECK-LABEL: define { i64, i64 } @via_struct(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek_pair', which may return bytes of the stored pointer in its result (of type '{ i64, i64 }')
define { i64, i64 } @via_struct() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  store i64 7, ptr %f1
  store ptr %p, ptr %v
  %x = call { i64, i64 } @peek_pair(ptr %v)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret { i64, i64 } %x
}

; CHECK-LABEL: define i1 @via_bit(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek_bit', which may return bytes of the stored pointer in its result (of type 'i1')
define i1 @via_bit(i64 %k) {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call i1 @peek_bit(ptr %h, i64 %k)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i1 %x
}

; CHECK-LABEL: define i32 @via_half(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek_lo', which may return bytes of the stored pointer in its result (of type 'i32')
define i32 @via_half() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call i32 @peek_lo(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i32 %x
}

; CHECK-LABEL: define i64 @via_nested(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'peek_outer', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @via_nested() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call i64 @peek_outer(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %x
}

; CHECK-LABEL: define i64 @via_end_addr(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: stored to a local variable passed to 'end_addr', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @via_end_addr() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 64) #0
  store ptr %p, ptr %v
  %x = call i64 @end_addr(ptr %v)
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %x
}

; end - begin is an offset only when both are this object: here begin may be
; another object (a select), whose address the program knows.
; CHECK-LABEL: define i64 @len_of_merged(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: stored to a local variable passed to 'len', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @len_of_merged(i1 %c) {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 64) #0
  %b = select i1 %c, ptr %p, ptr @other
  store ptr %b, ptr %v
  %end = getelementptr inbounds i8, ptr %p, i64 64
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  store ptr %end, ptr %f1
  %n = call i64 @len(ptr %v)
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %n
}

; Two arguments pointing into the variable: refused without looking.
; CHECK-LABEL: define i64 @two_args(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'two', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @two(ptr captures(none) %a, ptr captures(none) %b) memory(argmem: read) nounwind {
  %x = load i64, ptr %b
  ret i64 %x
}
define i64 @two_args() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  %x = call i64 @two(ptr %f1, ptr %v)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %x
}

; --- Refused: the caller reads the bytes itself ---------------------------

; An i32 load overlapping the upper half of the stored pointer.
; CHECK-LABEL: define i32 @overlap_other_type(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable it is loaded back from
define i32 @overlap_other_type() {
  %h = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %hi = getelementptr inbounds i8, ptr %h, i64 4
  %x = load i32, ptr %hi
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i32 %x
}

; A vector load covering the pointer.
; CHECK-LABEL: define <2 x i64> @vector_load(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable it is loaded back from
define <2 x i64> @vector_load() {
  %h = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = load <2 x i64>, ptr %h
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret <2 x i64> %x
}

; memcpy from the variable into another one, then loaded as an integer.
; CHECK-LABEL: define i64 @memcpy_out(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'llvm.memcpy.p0.p0.i64', which may copy it out
define i64 @memcpy_out() {
  %h = alloca ptr, align 8
  %t = alloca i64, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  call void @llvm.memcpy.p0.p0.i64(ptr %t, ptr %h, i64 8, i1 false)
  %x = load i64, ptr %t
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %x
}

; CHECK-LABEL: define i64 @memmove_out(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'llvm.memmove.p0.p0.i64', which may copy it out
define i64 @memmove_out() {
  %h = alloca ptr, align 8
  %t = alloca i64, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  call void @llvm.memmove.p0.p0.i64(ptr %t, ptr %h, i64 8, i1 false)
  %x = load i64, ptr %t
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %x
}

; The pointer itself converted to an integer (not through a variable).
; CHECK-LABEL: define i64 @derived_ptrtoint(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: converted to an integer
define i64 @derived_ptrtoint() {
  %p = call ptr @_Znwm(i64 16) #0
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %i = ptrtoint ptr %q to i64
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %i
}

; Also ptrtoaddr, and ptrtoint of a vector of pointers.
; CHECK-LABEL: define i64 @derived_ptrtoaddr(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: captured by 'ptrtoaddr'
define i64 @derived_ptrtoaddr() {
  %p = call ptr @_Znwm(i64 16) #0
  %i = ptrtoaddr ptr %p to i64
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %i
}
; CHECK-LABEL: define <2 x i64> @vector_ptrtoint(
; CHECK:         call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: put into an aggregate value (returned or passed by value)
define <2 x i64> @vector_ptrtoint() {
  %p = call ptr @_Znwm(i64 16) #0
  %v = insertelement <2 x ptr> poison, ptr %p, i32 0
  %i = ptrtoint <2 x ptr> %v to <2 x i64>
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret <2 x i64> %i
}

; --- Converted twins: no byte of the address comes out ---------------------

; CHECK-LABEL: define i1 @twin_is_null(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i1
define i1 @twin_is_null() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  %x = call i1 @is_null(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i1 %x
}

; The std::vector pattern: size() from end - begin, also one call deeper.
; CHECK-LABEL: define i64 @twin_len(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
define i64 @twin_len() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 64) #0
  store ptr %p, ptr %v
  %end = getelementptr inbounds i8, ptr %p, i64 64
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  store ptr %end, ptr %f1
  %f2 = getelementptr inbounds i8, ptr %v, i64 16
  store ptr %end, ptr %f2
  %n = call i64 @len(ptr %v)
  %m = call i64 @len_outer(ptr %v)
  %s = add i64 %n, %m
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i64 %s
}

; CHECK-LABEL: define i32 @twin_front(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i32
define i32 @twin_front() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store i32 5, ptr %p
  store ptr %p, ptr %h
  %x = call i32 @front(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i32 %x
}

; A field that holds no address, read by a callee and by the caller (as an
; i32 and as a vector).
; CHECK-LABEL: define i64 @twin_other_field(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
define i64 @twin_other_field() {
  %v = alloca %vec, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  %f1 = getelementptr inbounds i8, ptr %v, i64 8
  store i64 42, ptr %f1
  %x = call i64 @second(ptr %v)
  %y = load i32, ptr %f1
  %yw = zext i32 %y to i64
  %f2 = getelementptr inbounds i8, ptr %v, i64 16
  %z = load <2 x i32>, ptr %f1
  %z0 = extractelement <2 x i32> %z, i32 0
  %zw = zext i32 %z0 to i64
  %s = add i64 %x, %yw
  %t = add i64 %s, %zw
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i64 %t
}

; A void read-only callee: nothing comes back.
; CHECK-LABEL: define void @twin_void(
; CHECK-NOT:     @_Znwm
; CHECK:         ret void
define void @twin_void() {
  %h = alloca ptr, align 8
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %h
  call void @reads(ptr %h)
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret void
}

; The address compared, not converted.
; CHECK-LABEL: define i1 @twin_compare(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i1
define i1 @twin_compare() {
  %p = call ptr @_Znwm(i64 16) #0
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %c = icmp eq ptr %q, @other
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret i1 %c
}

attributes #0 = { builtin }
