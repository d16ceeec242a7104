; Callees whose body here may be replaced at link time (linkonce_odr inline
; functions and templates, weak_odr explicit instantiations,
; available_externally): the linker may keep another translation unit's copy,
; optimized differently (a different refinement of the source), so facts read
; off this copy's body do not hold for the code that runs. LLVM's
; FunctionAttrs infers nothing for them for the same reason. Only attributes
; the front end derived from the source (the same in every copy) count:
; captures(none) from [[clang::noescape]], nofree, memory(read) from pure.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; -escape-trust-noescape: captures(none) also means "does not free" (the
; user's promise, for declarations and replaceable bodies alike).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -escape-trust-noescape -S %s \
; RUN:   | FileCheck --check-prefix=TRUST %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @may_throw(i64)

; Reads its argument only, in this copy.
define linkonce_odr i64 @odr_reader(ptr %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
define available_externally i64 @ae_reader(ptr %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
define weak i64 @weak_reader(ptr captures(none) %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
; The same body, defined exactly (internal): the body counts.
define internal i64 @exact_reader(ptr captures(none) %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
; [[clang::noescape]] on an inline function's parameter: captures(none) from
; the source, but nothing says it does not delete the object.
define linkonce_odr i64 @odr_noescape(ptr captures(none) %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
; Source-level facts: nofree and captures(none) on the parameter; noescape
; and pure (memory(read): cannot free).
define linkonce_odr i64 @odr_attrs(ptr captures(none) nofree %p) {
  %v = load i64, ptr %p
  call void @may_throw(i64 %v)
  ret i64 %v
}
define linkonce_odr i64 @odr_pure(ptr captures(none) %p) memory(read) {
  %v = load i64, ptr %p
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_odr(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'odr_reader', which may keep it: mark the parameter {{\[\[clang::noescape\]\]}}; its body here proves nothing: an inline function or template (linkonce_odr) may be replaced at link time by another translation unit's, differently optimized copy
; TRUST-LABEL: define i64 @to_odr(
; TRUST: call ptr @_Znwm
define i64 @to_odr() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @odr_reader(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_ae(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'ae_reader', which may keep it: mark the parameter {{\[\[clang::noescape\]\]}}; its body here proves nothing: an inline function or template (available_externally) may be replaced
define i64 @to_ae() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @ae_reader(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_weak(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'weak_reader', which may free it (not known 'nofree'; its body here proves nothing: a weak definition may be replaced at link time by another one)
define i64 @to_weak() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @weak_reader(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_exact(
; CHECK: alloca [16 x i8]
; CHECK-NOT: @_Znwm
define i64 @to_exact() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @exact_reader(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_noescape(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'odr_noescape', which may free it (not known 'nofree'; its body here proves nothing: an inline function or template (linkonce_odr)
; TRUST-LABEL: define i64 @to_noescape(
; TRUST: alloca [16 x i8]
; TRUST-NOT: @_Znwm
define i64 @to_noescape() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @odr_noescape(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_attrs(
; CHECK: alloca [16 x i8]
; CHECK-NOT: @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i64 @to_attrs() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @odr_attrs(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

; CHECK-LABEL: define i64 @to_pure(
; CHECK: alloca [16 x i8]
; CHECK-NOT: @_Znwm
define i64 @to_pure() {
  %p = call ptr @_Znwm(i64 16) #0
  store i64 1, ptr %p
  %v = call i64 @odr_pure(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i64 %v
}

attributes #0 = { builtin }
