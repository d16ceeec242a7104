//===- Graph.cpp - Building the location graph ----------------------------===//
//
// Locations, holes and edges: the vocabulary the front ends (Clang AST, unit
// tests) use to describe a function to the solver.
//
//===----------------------------------------------------------------------===//
#include "analysis/Escape.h"

using namespace escape;

const char *escape::reasonText(Reason R) {
  switch (R) {
  case Reason::Assign:
    return "assign";
  case Reason::AddressOf:
    return "address-of";
  case Reason::Dereference:
    return "indirection";
  case Reason::Init:
    return "initialization";
  case Reason::Return:
    return "return";
  case Reason::CallParam:
    return "call parameter";
  case Reason::CallResult:
    return "call result";
  case Reason::LifetimeBound:
    return "lifetimebound: the result refers to it";
  case Reason::Receiver:
    return "receiver";
  case Reason::UnknownCall:
    return "passed to a function without a visible body";
  case Reason::IndirectCall:
    return "passed to an indirect call";
  case Reason::VirtualCall:
    return "passed to a virtual call";
  case Reason::Captured:
    return "captured by a lambda";
  case Reason::StoredGlobal:
    return "stored to global";
  case Reason::StoredIndirect:
    return "stored through pointer";
  case Reason::StoredUnknown:
    return "stored through pointer of unknown origin";
  case Reason::Thrown:
    return "thrown";
  case Reason::IntCast:
    return "converted to integer";
  case Reason::Memcpy:
    return "copied by memcpy";
  case Reason::Thread:
    return "passed to a new thread";
  case Reason::Coroutine:
    return "lives in a coroutine frame";
  case Reason::Unhandled:
    return "construct not modelled";
  case Reason::AllocInit:
    return "constructor argument";
  case Reason::SmartPtr:
    return "smart pointer";
  case Reason::Copy:
    return "copy";
  case Reason::Element:
    return "element";
  case Reason::Conversion:
    return "conversion";
  case Reason::TooComplex:
    return "function too complex to analyse";
  case Reason::ParamObject:
    return "stored in a by-value parameter, which the caller destroys after "
           "the call";
  case Reason::Bits:
    return "its bytes read as a non-pointer (integer, bytes, text or a file), "
           "from which the address can be rebuilt";
  }
  return "unknown";
}

int Graph::freed() {
  if (FreedLoc < 0)
    FreedLoc = newLocation(LocKind::Freed, "{freed}", 0);
  return FreedLoc;
}

int Graph::captured() {
  if (CapturedLoc < 0)
    CapturedLoc = newLocation(LocKind::Captured, "{captured}", 0);
  return CapturedLoc;
}

Graph::Graph() {
  HeapLoc = newLocation(LocKind::Heap, "{heap}", 0);
  Locs[HeapLoc].Escapes = true;
  ResultLoc = newLocation(LocKind::Result, "result", 0);
  BlankLoc = newLocation(LocKind::Blank, "_", 0);
}

int Graph::newLocation(LocKind K, std::string Name, Pos P, int LoopDepth) {
  Location L;
  L.Kind = K;
  L.Name = std::move(Name);
  L.Position = P;
  L.LoopDepth = LoopDepth;
  if (K == LocKind::Param) {
    L.LeaksIndex = static_cast<int>(ParamLeaksOf.size());
    ParamLeaksOf.emplace_back();
  }
  Locs.push_back(std::move(L));
  return static_cast<int>(Locs.size() - 1);
}

int Graph::newParam(std::string Name, Pos P, int Index) {
  int L = newLocation(LocKind::Param, std::move(Name), P, 0);
  Locs[L].ParamIndex = Index;
  return L;
}

int Graph::newAlloc(std::string Name, Pos P, int LoopDepth, AllocInfo Info) {
  int L = newLocation(LocKind::Alloc, std::move(Name), P, LoopDepth);
  Locs[L].Alloc = Info;
  return L;
}

int Graph::global(const std::string &Name, Pos P) {
  auto It = GlobalsByName.find(Name);
  if (It != GlobalsByName.end())
    return It->second;
  int L = newLocation(LocKind::Global, Name, P, 0);
  Locs[L].Escapes = true;
  Locs[L].Cause = Reason::StoredGlobal;
  GlobalsByName[Name] = L;
  return L;
}

int Graph::global(const void *Key, const std::string &Name, Pos P) {
  auto It = GlobalsByKey.find(Key);
  if (It != GlobalsByKey.end())
    return It->second;
  int L = global(Name, P);
  GlobalsByKey[Key] = L;
  return L;
}

int Graph::paramContent(int Index) {
  if (Index < 0)
    return HeapLoc;
  if (ParamContents.size() <= static_cast<unsigned>(Index))
    ParamContents.resize(Index + 1, -1);
  if (ParamContents[Index] >= 0)
    return ParamContents[Index];
  std::string Name = "*param";
  for (const Location &L : Locs)
    if (L.Kind == LocKind::Param && L.ParamIndex == Index)
      Name = "*" + L.Name;
  int L = newLocation(LocKind::ParamContent, Name, 0, 0);
  Locs[L].ParamIndex = Index;
  ParamContents[Index] = L;
  return L;
}

Hole Graph::note(Hole K, Reason Why, Pos Where, NoteText What) {
  if (K.Dst == BlankLoc)
    return K;
  Note N;
  N.Where = Where;
  N.Why = Why;
  N.What = std::move(What);
  N.Next = K.Notes;
  Notes.push_back(std::move(N));
  K.Notes = static_cast<int>(Notes.size() - 1);
  return K;
}

Hole Graph::heapHole(Reason Why, Pos Where, NoteText What) {
  return note(hole(HeapLoc), Why, Where, std::move(What));
}

void Graph::flow(Hole K, int Src) {
  if (K.Dst < 0 || Src < 0 || K.Dst == BlankLoc || Src == BlankLoc)
    return;
  if (Locs[K.Dst].WriteTo >= 0)
    K.Dst = Locs[K.Dst].WriteTo; // a split object: a write to the whole
  // `x = x` says nothing; `x = *x` does (x may point to itself's target).
  if (K.Dst == Src && K.Derefs == 0)
    return;
  Edge E;
  E.Src = Src;
  E.Derefs = K.Derefs;
  E.Notes = K.Notes;
  Locs[K.Dst].In.push_back(E);
}

int Graph::field(int Obj, std::string Name) {
  if (Locs[Obj].WriteTo < 0) {
    int W = newLocation(Locs[Obj].Kind, Locs[Obj].Name, Locs[Obj].Position,
                        Locs[Obj].LoopDepth);
    Locs[W].Parent = Obj;
    // What was written so far was written to the whole object.
    Locs[W].In = std::move(Locs[Obj].In);
    Locs[Obj].In.clear();
    Locs[Obj].In.push_back(Edge{W, 0, -1});
    Locs[Obj].WriteTo = W;
  }
  int F = newLocation(Locs[Obj].Kind, std::move(Name), Locs[Obj].Position,
                      Locs[Obj].LoopDepth);
  Locs[F].Parent = Obj;
  Locs[F].In.push_back(Edge{Locs[Obj].WriteTo, 0, -1});
  Locs[Obj].In.push_back(Edge{F, 0, -1});
  return F;
}

Hole Graph::store(int Ptr, Pos Where, NoteText What) {
  int Slot = newLocation(LocKind::Slot, "*ptr", Where, 0);
  Stores.push_back({Ptr, Slot, {}});
  return note(hole(Slot), Reason::StoredIndirect, Where, std::move(What));
}

void Graph::markEscapes(int Loc, Reason Why) {
  if (Loc < 0)
    return;
  Locs[Loc].Escapes = true;
  Locs[Loc].Cause = Why;
}

void Graph::giveUp(Reason Why) {
  GaveUp = true;
  Locs[HeapLoc].Cause = Why;
}
