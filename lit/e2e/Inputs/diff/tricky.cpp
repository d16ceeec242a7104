// Ways for an object to outlive its frame (or to be freed elsewhere) that
// the pass must see; each result depends on the object staying valid.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

struct Obj {
  long V[8];
  explicit Obj(long X) {
    for (int I = 0; I < 8; ++I)
      V[I] = X + I;
  }
  virtual ~Obj() = default;
  virtual long get() const { return V[3]; }
};
struct Derived : Obj {
  using Obj::Obj;
  long get() const override { return V[5] * 2; }
};

static std::function<long()> Callback;
static std::vector<std::unique_ptr<Obj>> Pool;
static thread_local Obj *TlsObj;
static uintptr_t Hidden;
struct Holder {
  Obj *P;
  long Tag;
};

__attribute__((noinline)) Holder makeHolder(long X) { // pointer in sret
  Holder H{new Obj(X), X};
  return H;
}
__attribute__((noinline)) std::pair<long, Obj *> makePair(long X) {
  return {X, new Obj(X)}; // pointer returned in registers
}
__attribute__((noinline)) void lambdaCapture(long X) {
  auto P = std::make_shared<Obj>(X);
  Callback = [P] { return P->get(); };
}
__attribute__((noinline)) void intoPool(long X) {
  auto P = std::make_unique<Derived>(X);
  Pool.push_back(std::move(P));
}
__attribute__((noinline)) void intoTls(long X) {
  delete TlsObj;
  TlsObj = new Obj(X);
}
__attribute__((noinline)) void hideAsInteger(long X) {
  Obj *P = new Obj(X);
  Hidden = reinterpret_cast<uintptr_t>(P);
}
__attribute__((noinline)) void punned(long X, Obj **Out) {
  Obj *P = new Obj(X);
  char Bytes[sizeof P];
  std::memcpy(Bytes, &P, sizeof P); // the pointer's bytes, copied out
  std::memcpy(Out, Bytes, sizeof P);
}
__attribute__((noinline)) long throwPointer(long X) {
  try {
    Obj *P = new Obj(X);
    if (X % 2)
      throw P;
    long R = P->get();
    delete P;
    return R;
  } catch (Obj *Q) {
    long R = Q->get();
    delete Q;
    return R;
  }
}
__attribute__((noinline)) long keptAcrossIterations(int N) {
  std::optional<std::unique_ptr<Obj>> Prev;
  long T = 0;
  for (int I = 0; I < N; ++I) {
    auto Cur = std::make_unique<Obj>(I);
    if (Prev)
      T += (*Prev)->get();
    Prev = std::move(Cur);
  }
  return T;
}
__attribute__((noinline)) long virtualCall(long X) {
  std::unique_ptr<Obj> P = X % 3 ? std::make_unique<Obj>(X)
                                 : std::make_unique<Derived>(X);
  return P->get();
}
__attribute__((noinline)) long viaReference(long X) {
  Obj &R = *new Obj(X);
  long V = R.get();
  delete &R;
  return V;
}
__attribute__((noinline)) long swapInLoop(int N) {
  Obj *A = new Obj(1), *B = new Obj(2);
  long T = 0;
  for (int I = 0; I < N; ++I) {
    std::swap(A, B);
    T += A->get() - B->get();
  }
  delete A;
  delete B;
  return T;
}

int main() {
  long T = 0;
  for (long I = 0; I < 50; ++I) {
    Holder H = makeHolder(I);
    T += H.P->get() + H.Tag;
    delete H.P;
    auto Pr = makePair(I);
    T += Pr.second->get();
    delete Pr.second;
    lambdaCapture(I);
    intoPool(I);
    intoTls(I);
    hideAsInteger(I);
    T += reinterpret_cast<Obj *>(Hidden)->get();
    delete reinterpret_cast<Obj *>(Hidden);
    Obj *Out;
    punned(I, &Out);
    T += Out->get();
    delete Out;
    T += throwPointer(I) + virtualCall(I) + viaReference(I);
  }
  T += Callback() + TlsObj->get() + keptAcrossIterations(100) + swapInLoop(7);
  for (auto &P : Pool)
    T += P->get();
  delete TlsObj;
  std::printf("%ld\n", T);
}
