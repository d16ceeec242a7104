; Memory freed in this function whose allocation the pass cannot see (it
; happened inside a call with no body here, e.g. std::string's _M_construct
; in libstdc++.so, or one that was not inlined): the missed remark names that
; call and says why.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -disable-output %s \
; RUN:   -pass-remarks-missed=escape 2>&1 | FileCheck %s
; No remarks asked for: nothing (and no work).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -disable-output %s 2>&1 | count 0

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%string = type { ptr, i64, [16 x i8] }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
; std::string::_M_construct(size_t, char): declared only (extern template).
declare void @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE12_M_constructEmc(ptr, i64, i8)
declare i64 @hash(ptr) memory(read)
define ptr @factory() noinline {
  %p = call ptr @_Znwm(i64 16) #0
  ret ptr %p
}

; CHECK-DAG: remark: <unknown>:0:0: memory allocated inside 'std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>::_M_construct' stays on the heap: its body is not visible to the pass (compiled elsewhere, e.g. into a library such as libstdc++.so, or in another translation unit without LTO), so the allocation cannot be moved to the stack (the memory is freed in this function)
define i64 @string_temp() {
  %s = alloca %string
  call void @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE12_M_constructEmc(ptr %s, i64 40, i8 97)
  %h = call i64 @hash(ptr %s)
  %buf = load ptr, ptr %s
  %local = getelementptr inbounds i8, ptr %s, i64 16
  %sso = icmp eq ptr %buf, %local
  br i1 %sso, label %done, label %free
free:
  call void @_ZdlPvm(ptr %buf, i64 41) #0
  br label %done
done:
  ret i64 %h
}

; CHECK-DAG: remark: <unknown>:0:0: memory allocated inside 'factory' stays on the heap: it was not inlined here, so the allocation cannot be moved to the stack (the memory is freed in this function)
define void @from_factory() {
  %p = call ptr @factory()
  call void @_ZdlPvm(ptr %p, i64 16) #0
  ret void
}

; The allocation is visible (stored into the local variable): its own remark
; explains it; no remark about hidden allocations.
; CHECK-NOT: memory allocated inside
; CHECK-DAG: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'fill', which may copy it out or free it
declare void @fill(ptr)
define void @visible() {
  %v = alloca ptr
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr %v
  call void @fill(ptr %v)
  %q = load ptr, ptr %v
  call void @_ZdlPvm(ptr %q, i64 16) #0
  ret void
}

attributes #0 = { builtin }
