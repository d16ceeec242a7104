// bench-flags: -std=c++17
// The renderer pattern of issue 16 item 6: per call, two std::make_shared
// densities of final classes in an anonymous namespace (a closed hierarchy),
// combined by a Blend that holds them in std::shared_ptr<Density> members
// and calls them virtually; every owner dies in trace().
#include <cstdio>
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

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noipa))
#endif

NOINLINE double trace(const Vec3 &hit, double c, const Vec3 &dir) {
  auto toward = std::make_shared<Toward>(hit);
  Blend mix(toward, std::make_shared<Const>(c));
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
