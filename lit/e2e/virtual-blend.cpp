// Issue 16 item 6, the renderer pattern: two std::make_shared densities
// combined by a Blend that holds them in shared_ptr<Density> members and
// calls them virtually; every owner dies in trace(). The pass follows the
// control blocks through the shared_ptr objects of the frame, resolves the
// virtual at(), _M_dispose and _M_destroy calls from the vtables the
// constructors stored (inlining libstdc++'s out-of-line
// _M_release_last_use_cold to see the last two), and moves both blocks.
// (An open hierarchy -- external linkage, not final -- is no obstacle: the
// dynamic type comes from the constructor run here; virtual-held.cpp.) Twins that stay on
// the heap: an override that keeps `this` in a global (escapes once its
// call is direct), and a density copied into a global (an owner outlives
// the frame). (Blend's constructor is called from trace() alone and is
// inlined there; a holder passed to a call that may write it is not
// followed, so a Blend constructed out of line keeps the densities on the
// heap.) Every program prints the same with and without the plugin, and
// under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
#include <cstdio>
#include <memory>

#define NOINLINE __attribute__((noinline))

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
const Density *Seen;
struct Keeps final : Density {
  double at(const Vec3 &) const override {
    Seen = this;
    return 1;
  }
};
struct Blend final : Density {
  std::shared_ptr<Density> part[2];
  Blend(std::shared_ptr<Density> a, std::shared_ptr<Density> b) {
    part[0] = a;
    part[1] = b;
  }
  double at(const Vec3 &d) const override {
    return 0.5 * part[0]->at(d) + 0.5 * part[1]->at(d);
  }
};
} // namespace

NOINLINE double trace(const Vec3 &hit, double c, const Vec3 &dir) {
  auto toward = std::make_shared<Toward>(hit); // REMARK-DAG: virtual-blend.cpp:[[@LINE]]:17: remark: 'new' (in 'allocate' at new_allocator.h:137) of 48 bytes moved to the stack
  Blend mix(toward, std::make_shared<Const>(c)); // REMARK-DAG: virtual-blend.cpp:[[@LINE]]:21: remark: 'new' (in 'allocate' at new_allocator.h:137) of 32 bytes moved to the stack
  return mix.at(dir);
}

NOINLINE double keeps(const Vec3 &dir) {
  auto k = std::make_shared<Keeps>(); // HEAP-NOT: virtual-blend.cpp:[[@LINE]]:{{.*}}moved
  std::shared_ptr<Density> d = k;
  return d->at(dir);
}

std::shared_ptr<Density> Global;
NOINLINE double kept(const Vec3 &hit, const Vec3 &dir) {
  auto toward = std::make_shared<Toward>(hit); // HEAP-NOT: virtual-blend.cpp:[[@LINE]]:{{.*}}moved
  Global = toward;
  return toward->at(dir);
}

int main(int argc, char **) {
  double S = 0;
  for (int I = 0; I < 1000; ++I) {
    Vec3 Hit{I * 0.5, 1.0 - I * 0.25, 2.0 * argc};
    Vec3 Dir{0.25, (I & 7) * 0.125, 1.0};
    S += trace(Hit, (I & 15) * 0.0625, Dir) + keeps(Dir) +
         kept(Hit, Dir);
  }
  std::printf("sum=%.6e seen=%d global=%d\n", S, Seen != nullptr,
              (int)Global.use_count());
  return 0;
}
// OUT: sum={{.*}} seen=1 global=1
