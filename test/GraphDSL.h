//===- GraphDSL.h - Terse location graphs for the solver tests --*- C++ -*-===//
//
// A thin layer over escape::Graph that spells the C++ statements the front
// end lowers (plugin/clang/GraphBuilder.cpp) as one call each:
//
//   G.addr(p, x)       p = &x        hole(p).addr()  <- x
//   G.assign(q, p)     q = p         hole(q)         <- p
//   G.load(q, p)       q = *p        hole(q).deref() <- p
//   G.storeAddr(p, x)  *p = &x       store(p).addr() <- x
//   G.storeVal(p, v)   *p = v        store(p)        <- v
//   G.ret(p) / retAddr(x) / retLoad(p)    return p / &x / *p
//   G.setGlobal("g", p) / setGlobalAddr / setGlobalLoad   g = p / &x / *p
//
// Positions are small integers chosen by the tests, so notes can be checked.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TEST_GRAPHDSL_H
#define CLANG_ESCAPE_TEST_GRAPHDSL_H

#include "analysis/Escape.h"

#include <string>

namespace escape {
namespace test {

struct TestGraph : Graph {
  int var(const std::string &Name, int Depth = 0, Pos P = 0) {
    return newLocation(LocKind::Variable, Name, P, Depth);
  }
  int temp(const std::string &Name, int Depth = 0, Pos P = 0) {
    return newLocation(LocKind::Temp, Name, P, Depth);
  }
  int param(const std::string &Name, int Index, Pos P = 0) {
    return newParam(Name, P, Index);
  }
  int alloc(const std::string &Name, int Depth = 0, Pos P = 0,
            uint64_t Bytes = 8, bool ConstantSize = true) {
    AllocInfo Info;
    Info.Bytes = Bytes;
    Info.ConstantSize = ConstantSize;
    return newAlloc(Name, P, Depth, Info);
  }
  int glob(const std::string &Name) { return global(Name, 0); }

  void assign(int Dst, int Src) { flow(hole(Dst), Src); }
  void addr(int Dst, int Src) { flow(hole(Dst).addr(), Src); }
  void load(int Dst, int Src) { flow(hole(Dst).deref(), Src); }
  void storeAddr(int Ptr, int Src) { flow(store(Ptr, 0, "").addr(), Src); }
  void storeVal(int Ptr, int Src) { flow(store(Ptr, 0, ""), Src); }
  void ret(int Src) { flow(hole(result()), Src); }
  void retAddr(int Src) { flow(hole(result()).addr(), Src); }
  void retLoad(int Src) { flow(hole(result()).deref(), Src); }
  void setGlobal(const std::string &G, int Src) { flow(hole(glob(G)), Src); }
  void setGlobalAddr(const std::string &G, int Src) {
    flow(hole(glob(G)).addr(), Src);
  }
  void setGlobalLoad(const std::string &G, int Src) {
    flow(hole(glob(G)).deref(), Src);
  }

  bool escapes(int L) const { return Locs[L].Escapes; }
  bool loopCarried(int L) const { return Locs[L].LoopCarried; }
};

} // namespace test
} // namespace escape

#endif // CLANG_ESCAPE_TEST_GRAPHDSL_H
