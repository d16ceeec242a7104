// examples/cmake-project: built with clang_escape_enable(shapes REMARKS).
// The build prints one remark per allocation site; the program prints the
// same numbers with and without the plugin.
#include "escape/FrameArena.h"

#include <cstdio>
#include <memory>

struct Shape {
  double W, H;
  double area() const { return W * H; }
};

Shape *registry[4];

// Stored in a global: it escapes to the heap.
void remember(int I, double W) { registry[I] = new Shape{W, 2}; }

// Created, used and dropped: frame-local, the plugin puts it on the stack.
double localArea(double W) {
  auto S = std::make_unique<Shape>(Shape{W, 3});
  return S->area();
}

// Written for the frame arena runtime directly.
double arenaArea(double W) {
  escape::FrameArena<256> Arena;
  Shape *S = Arena.make<Shape>(Shape{W, 4});
  return S->area();
}

int main() {
  double Sum = 0;
  for (int I = 0; I < 4; ++I) {
    remember(I, I);
    Sum += localArea(I) + arenaArea(I) + registry[I]->area();
  }
  std::printf("sum of areas: %g\n", Sum);
  for (Shape *S : registry)
    delete S;
  return 0;
}
