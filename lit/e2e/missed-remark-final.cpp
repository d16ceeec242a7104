// A "stays on the heap" remark says what the build did. The CGSCC pipeline
// runs the pass on a function more than once: here the first run refuses
// both make_shared control blocks (their releases' virtual calls are not
// resolved yet) and a later one moves them. The refusal is recorded on the
// call and said at the end of the pipeline only if the call is still there
// (MissedRemarksPass), so the moved sites get no missed remark, and a site
// that stays (an owner kept in a global) gets exactly one, also in the
// optimization record. (Remarks for library functions that were inlined
// everywhere and deleted are not said either: nothing of them is left.)
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++17 -O2 -c %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t/a.o -fsave-optimization-record -foptimization-record-file=%t/a.yaml 2> %t/rem
// RUN: FileCheck %s < %t/rem
// RUN: FileCheck %s --check-prefix=YAML < %t/a.yaml
// RUN: grep -c "stays on the heap" %t/rem | FileCheck %s --check-prefix=COUNT
// COUNT: {{^}}1{{$}}
#include <memory>

struct Vec3 {
  double x, y, z;
};
namespace {
struct Density {
  virtual double at(const Vec3 &) const = 0;
  virtual ~Density() = default;
};
struct Toward final : Density {
  Vec3 p;
  explicit Toward(Vec3 q) : p(q) {}
  double at(const Vec3 &d) const override { return d.x * p.x + d.y * p.y; }
};
struct Const final : Density {
  double v;
  explicit Const(double x) : v(x) {}
  double at(const Vec3 &) const override { return v; }
};
} // namespace

double trace(const Vec3 &hit, double c, const Vec3 &dir) {
  auto toward = std::make_shared<Toward>(hit); // CHECK-DAG: missed-remark-final.cpp:[[@LINE]]:17: remark: 'new' (in 'allocate' at new_allocator.h:{{[0-9]+}}) of 48 bytes moved to the stack
  auto flat = std::make_shared<Const>(c);      // CHECK-DAG: missed-remark-final.cpp:[[@LINE]]:15: remark: 'new' (in 'allocate' at new_allocator.h:{{[0-9]+}}) of 32 bytes moved to the stack
  return toward->at(dir) + flat->at(dir);
}

std::shared_ptr<Density> Kept;
double keep(double c, const Vec3 &dir) {
  auto flat = std::make_shared<Const>(c); // CHECK-DAG: missed-remark-final.cpp:[[@LINE]]:15: remark: 'new' (in 'allocate' at new_allocator.h:{{[0-9]+}}) of 32 bytes stays on the heap: {{.+}}
  Kept = flat;
  return flat->at(dir);
}

// No other remark on the user's lines: no "stays on the heap" for the moved
// sites, and one remark for the kept one.
// CHECK-NOT: remark:

// One missed record, for keep()'s site.
// YAML:      Name: HeapToStackMissed
// YAML-NEXT: DebugLoc: { File: '{{.*}}missed-remark-final.cpp', Line: {{[0-9]+}}, Column: 15 }
// YAML-NEXT: Function: _Z4keepdRK4Vec3
// YAML:        - Reason: '{{.+}}'
// YAML-NOT:  HeapToStackMissed
