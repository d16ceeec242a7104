// bench-flags: -std=c++17
// virtual_blend.cpp written by hand with stack objects: the two densities
// are locals of trace(), and Blend holds plain pointers to them; the same
// virtual calls.
#include <cstdio>

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
struct Blend final : Density {
  const Density *part[2];
  Blend(const Density *a, const Density *b) {
    part[0] = a;
    part[1] = b;
  }
  double at(const Vec3 &d) const override {
    return 0.5 * part[0]->at(d) + 0.5 * part[1]->at(d);
  }
};
} // namespace

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noipa))
#endif

NOINLINE double trace(const Vec3 &hit, double c, const Vec3 &dir) {
  Toward toward(hit);
  Const constant(c);
  Blend mix(&toward, &constant);
  return mix.at(dir);
}

int main() {
  double Sum = 0;
  for (int I = 0; I < 20000000; ++I) {
    Vec3 Hit{I * 0.5, 1.0 - I * 0.25, 2.0};
    Vec3 Dir{0.25, (I & 7) * 0.125, 1.0};
    Sum += trace(Hit, (I & 15) * 0.0625, Dir);
  }
  std::printf("sum=%.6e\n", Sum);
  return 0;
}
