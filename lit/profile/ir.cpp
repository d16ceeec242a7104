// The instrumentation's shape: an entry hook given the frame's
// return-address slot, a hook after each remaining allocation, an exit hook
// before each return and in a cleanup landing pad for calls that may throw,
// a site table registered by a constructor. Without the argument: none of
// it, and no profile metadata on the pass's refusals or counters.
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -O2 -g %escape -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLAIN
//
// With -flto the pre-link compile never reaches the instrumentation's
// pipeline point: a warning, and no profiling at all.
// RUN: %clangxx -O2 -g -flto=thin %escape -fplugin-arg-escape-profile -S -emit-llvm %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=LTO
// RUN: FileCheck %s --check-prefix=PLAIN < %t.ll
// LTO: warning: clang-escape: -fplugin-arg-escape-profile is ignored with -flto: build the profiled program without LTO
void sink(int *);

int *keep(int I) {
  int *P = new int(I);
  sink(P);
  return P;
}

// CHECK: @llvm.global_ctors = {{.*}}@escape.prof.register
// CHECK-LABEL: define {{.*}} @_Z4keepi(
// CHECK:       %[[SLOT:.*]] = {{.*}}call ptr @llvm.addressofreturnaddress.p0()
// CHECK-NEXT:  %[[FRAME:.*]] = {{.*}}call i64 @__escape_prof_enter(ptr %[[SLOT]])
// CHECK:       %[[P:.*]] = {{.*}}invoke {{.*}} ptr @_Znwm(i64 {{.*}}4)
// CHECK:       call void @__escape_prof_alloc(ptr {{.*}}@__escape_prof_site, ptr {{.*}}%[[P]], i64 4, i64 %[[FRAME]])
// CHECK:       invoke void @_Z4sinkPi(
// CHECK:       call void @__escape_prof_exit(i64 %[[FRAME]])
// CHECK-NEXT:  ret ptr
// CHECK:       landingpad { ptr, i32 }
// CHECK-NEXT:  cleanup
// CHECK-NEXT:  call void @__escape_prof_exit(i64 %[[FRAME]])
// CHECK-NEXT:  resume
// CHECK: define internal void @escape.prof.register()
// CHECK-NEXT: call void @__escape_prof_register_v2(ptr {{.*}}@__escape_prof_sites, i64 1)

// PLAIN-NOT: __escape_prof
// PLAIN-NOT: escape.profile
