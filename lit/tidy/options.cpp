// RUN: %check-tidy %s escape-frame-local-allocation %t -config="{CheckOptions: {escape-frame-local-allocation.RewriteMakeShared: false, escape-frame-local-allocation.WarnWithoutFix: false, escape-frame-local-allocation.MaxObjectBytes: 64}}" -- -std=c++17
// Options from .clang-tidy: rewrites that are switched off are not offered
// (nor reported), WarnWithoutFix: false drops the sites without a rewrite,
// MaxObjectBytes moves bigger objects out of reach of a stack rewrite.
#include <cstdio>
#include <memory>

struct Small {
  int V;
};
struct Large {
  int V[32];
};

int main() {
  auto S = std::make_unique<Small>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<Small>() does not escape: use a stack object
  // CHECK-FIXES: Small S{};
  auto L = std::make_unique<Large>();
  // CHECK-FIXES: auto L = std::make_unique<Large>();
  auto P = std::make_shared<Small>();
  // CHECK-FIXES: auto P = std::make_shared<Small>();
  std::printf("%d %d %d\n", S->V, L->V[3], P->V);
  return 0;
}
