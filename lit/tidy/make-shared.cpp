// RUN: %check-tidy %s escape-frame-local-allocation %t -- -std=c++17
// make_shared whose copies and weak references die in the frame is
// allocated in a frame arena declared first in the function:
// use_count, weak_ptr expiry and shared_from_this stay exact.
#include <cstdio>
#include <memory>
#include <vector>
// CHECK-FIXES: #include <vector>
// CHECK-FIXES-NEXT: #include <escape/FrameArena.h>

struct Node : std::enable_shared_from_this<Node> {
  int V;
  explicit Node(int V) : V(V) {}
  ~Node() { std::printf("~Node(%d)\n", V); }
};

__attribute__((noinline)) long score(const Node &N) { return N.V * 3; }

long copies(int N) {
  // CHECK-FIXES: {{^}}  escape::FrameArena<1024> escape_arena;{{$}}
  auto P = std::make_shared<Node>(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_shared<Node>(...) does not escape: allocate it in the frame arena 'escape_arena' [escape-frame-local-allocation]
  // CHECK-FIXES: auto P = std::allocate_shared<Node>(escape::ArenaAllocator<Node>(escape_arena), N);
  std::shared_ptr<Node> Q = P;
  std::weak_ptr<Node> W = P;
  std::printf("use_count %ld expired %d\n", P.use_count(), (int)W.expired());
  std::shared_ptr<Node> Self = Q->shared_from_this();
  std::printf("use_count %ld\n", Self.use_count());
  long R = score(*Q);
  P.reset();
  Q.reset();
  Self.reset();
  std::printf("expired %d\n", (int)W.expired());
  return R;
}

long twoSites(int N) {
  // CHECK-FIXES: {{^}}  escape::FrameArena<1024> escape_arena;{{$}}
  auto A = std::make_shared<Node>(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_shared<Node>(...) does not escape: allocate it in the frame arena
  auto B = std::make_shared<int>();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_shared<int>() does not escape: allocate it in the frame arena
  // CHECK-FIXES: auto B = std::allocate_shared<int>(escape::ArenaAllocator<int>(escape_arena));
  return A->V + *B;
}

long loopCarried() {
  // Copies outlive an iteration: still in the frame, the arena is there.
  std::shared_ptr<Node> Last;
  long S = 0;
  for (int I = 0; I < 4; ++I) {
    auto P = std::make_shared<Node>(I);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: std::make_shared<Node>(...) does not escape: allocate it in the frame arena
    if (Last)
      S += Last->V;
    Last = P;
  }
  return S;
}

// A by-value parameter is destroyed by the caller, after the frame: the
// arena would be gone. The analysis says the object escapes ("stored in a
// by-value parameter, which the caller destroys after the call"), so there
// is no warning and no rewrite (--implicit-check-not=warning: checks it).
void intoParam(std::shared_ptr<Node> Out) {
  auto P = std::make_shared<Node>(9);
  Out = P;
}

std::vector<std::shared_ptr<Node>> Global;
long escapes(int N) {
  auto P = std::make_shared<Node>(N);
  Global.push_back(P);
  return P->V;
}

std::shared_ptr<Node> returned(int N) { return std::make_shared<Node>(N); }

int main() {
  long R = copies(1) + twoSites(2) + loopCarried() + escapes(3);
  intoParam(nullptr);
  R += returned(4)->V;
  Global.clear();
  std::printf("total %ld\n", R);
  return 0;
}
