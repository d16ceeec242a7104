; The bookkeeping of remarks (!escape.missed: a site already reported in this
; function) is written only when the pass's remarks are enabled; without
; them the IR carries no trace of the refusals. (!escape.h2s and
; !escape.arena.heap are not about remarks: the frame budget and the heap
; fallback of an arena need them.)
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   | FileCheck --check-prefix=OFF %s
; Other passes' remarks do not count.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks-missed=inline | FileCheck --check-prefix=OFF %s
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks-missed=escape 2>%t.rem | FileCheck --check-prefix=ON %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; A remarks file enables them too.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks-output=%t.yaml | FileCheck --check-prefix=ON %s
; RUN: FileCheck --check-prefix=YAML %s < %t.yaml
; OFF-NOT: escape.missed
; ON: %p = call ptr @_Znwm(i64 16) {{.*}}!escape.missed
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: returned
; YAML: Name: HeapToStackMissed

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)

define ptr @returned() {
  %p = call ptr @_Znwm(i64 16) #0
  ret ptr %p
}

attributes #0 = { builtin }
