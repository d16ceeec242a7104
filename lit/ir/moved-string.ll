; A std::string temporary moved into another string (operator+ on an rvalue,
; `std::string r = std::move(t)`): the result takes the temporary's buffer
; or, when the temporary used its small buffer, points at its own. Its data
; pointer is then a phi of the loaded buffer and its own small buffer, and
; that phi is compared (bcmp) and freed (`if (p != local_buf) delete p`).
; Neither use reads the bytes of the result that hold the buffer's address:
;  * a pointer loaded from another variable (the temporary) is never the
;    result's address, so the phi points into the result at offset 16 only,
;    past the held bytes, and bcmp reads forward from there;
;  * a deallocation function never runs with the address of a local
;    variable (freeing one is undefined).
; The twins stay on the heap: the phi handed to a function that may keep it,
; bcmp over the held bytes, and a phi with a pointer loaded through a
; parameter (which may point anywhere into the result).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare i32 @bcmp(ptr captures(none), ptr captures(none), i64) nounwind memory(argmem: read)
declare void @use(ptr captures(none) nofree) nounwind

; (To the frame arena: the free tests its pointer at run time.)
; CHECK-LABEL: define i32 @moved_compared_freed(
; CHECK:         %buf.arena = alloca [32 x i8]
; CHECK:         call i32 @bcmp(ptr %other, ptr %d, i64 %n)
; CHECK:         icmp eq ptr %d, %buf.arena
; CHECK:         ret i32
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the frame arena
define i32 @moved_compared_freed(ptr %other, i64 %n, i1 %small) {
  %tmp = alloca [32 x i8], align 8
  %res = alloca [32 x i8], align 8
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %tmp
  %reslocal = getelementptr inbounds i8, ptr %res, i64 16
  %p = load ptr, ptr %tmp
  br i1 %small, label %copy, label %steal
copy:
  store ptr %reslocal, ptr %res
  br label %join
steal:
  store ptr %p, ptr %res
  br label %join
join:
  %d = phi ptr [ %reslocal, %copy ], [ %p, %steal ]
  %c = call i32 @bcmp(ptr %other, ptr %d, i64 %n)
  %isres = icmp eq ptr %d, %reslocal
  br i1 %isres, label %done, label %free
free:
  call void @_ZdlPvm(ptr %d, i64 32) builtin
  br label %done
done:
  ret i32 %c
}

; The phi handed to a function that neither captures nor frees it, but may
; write through it and read the result's held bytes (it may be the result's
; own address): only a deallocation function is known never to receive it.
; CHECK-LABEL: define i32 @moved_kept(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'use', which may copy it out or free it
define i32 @moved_kept(ptr %other, i64 %n, i1 %small) {
  %tmp = alloca [32 x i8], align 8
  %res = alloca [32 x i8], align 8
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %tmp
  %reslocal = getelementptr inbounds i8, ptr %res, i64 16
  %p = load ptr, ptr %tmp
  br i1 %small, label %copy, label %steal
copy:
  store ptr %reslocal, ptr %res
  br label %join
steal:
  store ptr %p, ptr %res
  br label %join
join:
  %d = phi ptr [ %reslocal, %copy ], [ %p, %steal ]
  call void @use(ptr %d)
  %isres = icmp eq ptr %d, %reslocal
  br i1 %isres, label %done, label %free
free:
  call void @_ZdlPvm(ptr %d, i64 32) builtin
  br label %done
done:
  ret i32 0
}

; bcmp over the bytes that hold the buffer's address: its result carries
; them.
; CHECK-LABEL: define i32 @compared_held(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'bcmp', which may return bytes of the stored pointer in its result
define i32 @compared_held(ptr %other) {
  %res = alloca [32 x i8], align 8
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %res
  %c = call i32 @bcmp(ptr %other, ptr %res, i64 8)
  %q = load ptr, ptr %res
  call void @_ZdlPvm(ptr %q, i64 32) builtin
  ret i32 %c
}

; A pointer loaded through a parameter may point anywhere into the result
; (at its held bytes): the phi's offset is not known.
; CHECK-LABEL: define i32 @merged_unknown(
; CHECK:         call ptr @_Znwm
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to a local variable passed to 'bcmp', which may return bytes of the stored pointer in its result
define i32 @merged_unknown(ptr %other, ptr %pp, i64 %n, i1 %small) {
  %res = alloca [32 x i8], align 8
  %buf = call ptr @_Znwm(i64 32) builtin
  store ptr %buf, ptr %res
  %reslocal = getelementptr inbounds i8, ptr %res, i64 16
  %x = load ptr, ptr %pp
  %d = select i1 %small, ptr %reslocal, ptr %x
  %c = call i32 @bcmp(ptr %other, ptr %d, i64 %n)
  %q = load ptr, ptr %res
  call void @_ZdlPvm(ptr %q, i64 32) builtin
  ret i32 %c
}
