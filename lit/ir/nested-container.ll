; A local variable holding the allocation whose address is stored into
; another local variable that only reaches calls capturing and freeing
; nothing reachable from it, at any level (the front end's reachable fact,
; here written by hand): a lookup key, `S s{p, n}; set.find(&s)`, where find
; takes `const key_type&`, the address of a temporary holding &s. The
; escaping twins stay on the heap, and so does the allocation when the call
; has only the content fact, which covers one load from the temporary (&s),
; not two (the allocation): lit/e2e/key-of-key.cpp.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%key = type { ptr, i64 }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare ptr @find(ptr, ptr)
declare void @unknown(ptr)
@g = global ptr null

; CHECK-LABEL: define ptr @lookup(
; CHECK-NOT:     @_Znwm
; CHECK:         call ptr @find(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define ptr @lookup(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store i64 7, ptr %o
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr captures(address) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %t)
  call void @llvm.lifetime.end.p0(ptr %t)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; Without a fact: the callee may keep what it loads.
; CHECK-LABEL: define ptr @no_fact(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define ptr @no_fact(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr captures(address) %t)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; With the content fact only: the callee may keep what it loads from what
; it loads (the allocation).
; CHECK-LABEL: define ptr @content_only(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define ptr @content_only(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr captures(address) "escape-content-nocapture-nofree" %t)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; The frame loads the key's address back and hands it to unknown code.
; CHECK-LABEL: define ptr @loaded_back(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define ptr @loaded_back(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr captures(address) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %t)
  %k = load ptr, ptr %t
  call void @unknown(ptr %k)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; The call captures the temporary itself.
; CHECK-LABEL: define ptr @captured_temp(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define ptr @captured_temp(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %t)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; The key's address also goes to a global.
; CHECK-LABEL: define ptr @key_kept(
; CHECK:         call ptr @_Znwm(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define ptr @key_kept(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  store ptr %s, ptr @g
  %r = call ptr @find(ptr %set, ptr captures(address) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %t)
  call void @_ZdlPv(ptr %o) #0
  ret ptr %r
}

; What the frame loads back from the key after the call may be another
; pointer (the call may write it): its free tests it at run time (frame
; arena), and it still moves.
; CHECK-LABEL: define ptr @reload_after(
; CHECK:         %o.arena = alloca [16 x i8]
; CHECK:         call ptr @find(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define ptr @reload_after(ptr %set) {
  %s = alloca %key
  %t = alloca ptr
  %o = call ptr @_Znwm(i64 16) #1
  store ptr %o, ptr %s
  store ptr %s, ptr %t
  %r = call ptr @find(ptr %set, ptr captures(address) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %t)
  %p = load ptr, ptr %s
  call void @_ZdlPv(ptr %p) #0
  ret ptr %r
}

attributes #0 = { builtin nounwind }
attributes #1 = { builtin }
