; The front end's fact for the characters std::string's _M_append, _M_mutate
; and _M_replace copy (escape-nofree-except-this, with captures(address)):
; nothing is freed through that argument, but the string (`this`) may free
; its own buffer, into which the argument may point. A temporary's buffer
; appended to another string moves when that string is not a local variable
; holding the buffer. The twins stay on the heap: the string appended to is
; the temporary itself (directly, through a select, or through the buffer's
; own address), and the same call without the fact.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
; _M_mutate(this, pos, len1, s, len2), no body here.
declare void @mutate(ptr, i64, i64, ptr, i64)

; Appended to a string the frame does not own (a member, through a
; parameter).
; CHECK-LABEL: define void @append_to_member(
; CHECK-NOT:     call ptr @_Znwm
; CHECK:         ret void
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
define void @append_to_member(ptr %member) {
  %tmp = alloca ptr
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %tmp
  %p = load ptr, ptr %tmp
  call void @mutate(ptr %member, i64 0, i64 0, ptr captures(address) "escape-nofree-except-this" %p, i64 32)
  call void @_ZdlPvm(ptr %buf, i64 32) builtin
  ret void
}

; Appended to itself: the string holding the buffer may free it (the
; variable's own use refuses it first).
; CHECK-LABEL: define void @append_to_itself(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'mutate', which may copy it out or free it
define void @append_to_itself() {
  %tmp = alloca ptr
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %tmp
  %p = load ptr, ptr %tmp
  call void @mutate(ptr %tmp, i64 0, i64 0, ptr captures(address) "escape-nofree-except-this" %p, i64 32)
  %q = load ptr, ptr %tmp
  call void @_ZdlPvm(ptr %q, i64 32) builtin
  ret void
}

; The same through a select of the temporary and another string.
; CHECK-LABEL: define void @append_to_either(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'mutate', which may copy it out or free it
define void @append_to_either(ptr %member, i1 %c) {
  %tmp = alloca ptr
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %tmp
  %p = load ptr, ptr %tmp
  %this = select i1 %c, ptr %member, ptr %tmp
  call void @mutate(ptr %this, i64 0, i64 0, ptr captures(address) "escape-nofree-except-this" %p, i64 32)
  %q = load ptr, ptr %tmp
  call void @_ZdlPvm(ptr %q, i64 32) builtin
  ret void
}

; `this` inside the allocation itself (the check of the fact's exception;
; `this` itself neither captured nor freed, so that only the exception is
; judged).
; CHECK-LABEL: define void @append_into_buffer(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: passed to 'mutate', which may free it: it copies the characters into a string that holds it
define void @append_into_buffer() {
  %buf = call ptr @_Znwm(i64 32) builtin
  %in = getelementptr inbounds i8, ptr %buf, i64 8
  call void @mutate(ptr captures(none) nofree %in, i64 0, i64 0, ptr captures(address) "escape-nofree-except-this" %buf, i64 8)
  call void @_ZdlPvm(ptr %buf, i64 32) builtin
  ret void
}

; Without the fact: the callee may free it.
; CHECK-LABEL: define void @no_fact(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: passed to 'mutate', which may free it
define void @no_fact(ptr %member) {
  %buf = call ptr @_Znwm(i64 32) builtin
  call void @mutate(ptr %member, i64 0, i64 0, ptr captures(address) %buf, i64 32)
  call void @_ZdlPvm(ptr %buf, i64 32) builtin
  ret void
}
