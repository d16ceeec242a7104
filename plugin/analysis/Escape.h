//===- Escape.h - Go-style escape analysis: the location graph --*- C++ -*-===//
//
// clang-escape answers one question for every object a function allocates:
// does it outlive the function (its frame)? The algorithm is the one of Go's
// cmd/compile/internal/escape, extended for C++.
//
// 1. Locations. Every variable, parameter, allocation site, temporary and
//    pseudo place (the heap, the result, "what parameter p points to") of a
//    function is a Location.
//
// 2. Edges. Every assignment becomes an edge dst <- src weighted by
//    dereferences: `p = &q` is -1, `p = q` is 0, `p = *q` is +1. An edge
//    carries the reason and the source position of each step that produced
//    it, so a flow can be explained later (-m=2).
//
// 3. Stores through pointers. Go sends every `*p = v` to the heap. We record
//    the store instead: a slot S receives v, and S flows into every location p
//    may point to. Those targets are found by walking the graph from p (for
//    all stores at once); new edges can reveal new targets, so this is
//    iterated to a fixed point. A
//    pointer that may come from a parameter stores into "what the parameter
//    points to" (a pseudo location that outlives the frame and becomes part of
//    the parameter summary); any other unknown pointer stores into the heap.
//
// 4. Solve. From the roots, walk the edges backwards, keeping the least
//    dereference count at which each location reaches a root. A location
//    whose *address* reaches (count < 0) a root that outlives it is marked:
//    it escapes if the root is the heap, a result, a parameter's pointee or
//    something that escapes; it is loop-carried if the root merely lives in
//    an outer loop. An escaping location becomes a root in turn. Roots of
//    the same kind are walked together (one walk from many sources), so
//    solving is near-linear in locations and edges, and the flow that
//    decided each mark is kept as one step per location (Graph::Links).
//
// 5. Summaries. When a parameter's value reaches the heap, the result or the
//    pointee of another parameter, the least dereference count is recorded:
//    that is the function's summary, used at every call site in place of the
//    body (computed bottom-up over the call graph, strongly connected
//    components iterated to a fixed point). Unknown callees leak every
//    pointer they are given.
//
// The solver knows nothing of Clang or LLVM: positions are opaque 64-bit
// values that the front end encodes and decodes.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_ANALYSIS_ESCAPE_H
#define CLANG_ESCAPE_ANALYSIS_ESCAPE_H

#include "analysis/Summary.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace escape {

/// An opaque source position (for Clang: a raw SourceLocation). 0 = unknown.
using Pos = uint64_t;

/// Why a value flows along an edge. Each reason has a fixed spelling used in
/// remarks (see reasonText) and documented in docs/remarks.md.
enum class Reason : uint8_t {
  Assign,         ///< `dst = src`
  AddressOf,      ///< `&x`, binding a reference, `this`
  Dereference,    ///< `*p`, `p->f`, `p[i]`
  Init,           ///< variable or member initialisation
  Return,         ///< `return x`
  CallParam,      ///< argument passed to a parameter
  CallResult,     ///< value of a call
  LifetimeBound,  ///< [[clang::lifetimebound]]: the result refers to it
  Receiver,       ///< object a member function is called on
  UnknownCall,    ///< callee without a body or summary
  IndirectCall,   ///< call through a function pointer or functor
  VirtualCall,    ///< call that may dispatch to an unknown override
  Captured,       ///< lambda capture
  StoredGlobal,   ///< stored to a global or static variable
  StoredIndirect, ///< stored through a pointer
  StoredUnknown,  ///< stored through a pointer of unknown origin
  Thrown,         ///< `throw x`
  IntCast,        ///< pointer converted to an integer
  Memcpy,         ///< copied by memcpy/memmove
  Thread,         ///< passed to a new thread
  Coroutine,      ///< lives in a coroutine frame
  Unhandled,      ///< a construct the analysis does not model
  AllocInit,      ///< constructor arguments of an allocation
  SmartPtr,       ///< smart pointer operation
  Copy,           ///< copy or move of an object
  Element,        ///< element of an aggregate or array
  Conversion,     ///< cast or conversion
  TooComplex,     ///< analysis budget exceeded
  ParamObject,    ///< stored in a by-value parameter the caller destroys
  Bits,           ///< a pointer's bytes read as a non-pointer (integer,
                  ///< floating point, bytes, text, a file)
};

const char *reasonText(Reason R);

/// What kind of place a location is.
enum class LocKind : uint8_t {
  Variable,     ///< a local variable (or temporary object)
  Param,        ///< a parameter (including `this`)
  Alloc,        ///< an allocation site: the allocated object
  Temp,         ///< an intermediate value; never outlives by loop depth
  Slot,         ///< the value stored by a `*p = v` (transparent)
  Heap,         ///< the heap: outlives everything
  Global,       ///< a global or static variable: outlives everything
  Result,       ///< the function result: outlives everything
  ParamContent, ///< what parameter N points to (caller memory)
  Blank,        ///< discarded values
  Freed,        ///< what may be deallocated (not a root of escape)
  Captured,     ///< what may be captured in LLVM's sense (not a root)
};

/// Deferred note forms (NoteText::Form), rendered by the front end
/// (renderNote() in GraphBuilder.h); 0 is plain text. The analysis reads
/// only the form and the index (a receiver's hint differs from an
/// argument's), never the references.
enum NoteForm : uint8_t {
  NoteExpr = 1,   ///< the text of expression Ref
  NoteReturn = 2, ///< `return <Ref>`
  NoteInit = 3,   ///< `<Ref2 variable> = <Ref>`
  NoteArg = 4,    ///< argument Index (or receiver) to callee Ref2
  NoteVar = 5,    ///< the name of variable Ref
};

/// A string of one pointer: empty (no allocation) or a string of its own.
/// A large function has a note per few statements and nearly all of them
/// are deferred forms with no text, so a note's text costs 8 bytes rather
/// than a std::string's 32.
class NoteString {
public:
  NoteString() = default;
  explicit NoteString(std::string S)
      : P(S.empty() ? nullptr : new std::string(std::move(S))) {}
  NoteString(const NoteString &O) : NoteString(O.str()) {}
  NoteString(NoteString &&O) noexcept : P(O.P) { O.P = nullptr; }
  NoteString &operator=(NoteString O) noexcept {
    std::swap(P, O.P);
    return *this;
  }
  ~NoteString() { delete P; }
  const std::string &str() const { return P ? *P : empty(); }
  operator const std::string &() const { return str(); }

private:
  static const std::string &empty() {
    static const std::string E;
    return E;
  }
  std::string *P = nullptr;
};

/// What a note says about its expression. Rendering is deferred to the
/// report (only -m=2 prints notes), so building the graph stays cheap:
/// Form 0 is the literal What; other forms are rendered by the front end
/// from the opaque references.
struct NoteText {
  NoteString What;
  const void *Ref = nullptr;  ///< front-end object (e.g. an expression)
  const void *Ref2 = nullptr; ///< second object (e.g. a callee)
  int Index = -1;             ///< argument index, -1 for a receiver
  uint8_t Form = 0;
  NoteText() = default;
  NoteText(std::string W) : What(std::move(W)) {}
  NoteText(const char *W) : What(std::string(W)) {}
  NoteText(uint8_t Form, const void *Ref, const void *Ref2 = nullptr,
           int Index = -1)
      : Ref(Ref), Ref2(Ref2), Index(Index), Form(Form) {}
};

/// One step of an explanation: `from <What> (<Why>) at <Where>`.
struct Note {
  Pos Where = 0;
  NoteText What;
  int Next = -1; ///< index of the next (outer) note, -1 at the end
  Reason Why = Reason::Assign;
};

/// `Dst <- Src` with Derefs dereferences; Notes is a chain in Graph::Notes.
struct Edge {
  int Src = -1;
  int Derefs = 0;
  int Notes = -1;
};

/// How an allocation site came about and how big it is.
struct AllocInfo {
  enum Kind : uint8_t { New, NewArray, MakeUnique, MakeShared, Malloc };
  Kind K = New;
  bool ConstantSize = true;
  uint64_t Bytes = 0;
};

/// A place of the function. A large function has one per few statements
/// (issue 18), so it is kept small: what only some kinds need beyond a few
/// bytes lives in side tables of the Graph (a parameter's leaks).
struct Location {
  LocKind Kind = LocKind::Variable;
  // Solver results (with Why below).
  bool Escapes = false;          ///< outlives the frame
  bool LoopCarried = false;      ///< outlives its loop iteration
  Reason Cause = Reason::Assign; ///< set for pre-marked locations
  int LoopDepth = 0;
  Pos Position = 0;
  std::string Name;     ///< as printed: `x`, `new Big{}`, `this`
  std::vector<Edge> In; ///< values that flow into this location
  AllocInfo Alloc;      ///< Alloc only
  int ParamIndex = -1;  ///< Param and ParamContent: summary index
  /// Param only: its leaks, Graph::leaks() (an index into Graph's table).
  int LeaksIndex = -1;
  /// The flow that decided it: the first step of its path in
  /// Graph::Links, -1 if none (marked directly, or nothing to explain).
  int Why = -1;

  // Field sensitivity (see Graph::field).
  int Parent = -1;  ///< a field part or the whole-writes part of this object
  int WriteTo = -1; ///< split object: values written into it go there
};

/// A hole is where a value goes: a location and a dereference shift, plus
/// the explanation accumulated so far (Go's `hole`).
struct Hole {
  int Dst = -1;
  int Derefs = 0;
  int Notes = -1;
  Hole shift(int D) const { return {Dst, Derefs + D, Notes}; }
  Hole addr() const { return shift(-1); }
  Hole deref() const { return shift(1); }
};

/// The location graph of one function (Go's `batch` for one function).
class Graph {
public:
  Graph();

  /// Limits that bound analysis time on pathological input. The solver
  /// is near-linear in locations and edges (about 1.4 locations per
  /// pointer statement), so these allow functions of about 175,000
  /// statements; a walk step costs a few nanoseconds.
  struct Limits {
    unsigned MaxLocations = 250000;
    unsigned MaxStoreRounds = 16;
    uint64_t MaxWalkSteps = 200000000;
  };

  int newLocation(LocKind K, std::string Name, Pos P, int LoopDepth = 0);
  int newParam(std::string Name, Pos P, int Index);
  int newAlloc(std::string Name, Pos P, int LoopDepth, AllocInfo Info);
  /// A global variable (outlives everything), one per name.
  int global(const std::string &Name, Pos P);
  /// A global keyed by a front-end object (cheaper than by name).
  int global(const void *Key, const std::string &Name, Pos P);

  int heap() const { return HeapLoc; }
  int result() const { return ResultLoc; }
  int blank() const { return BlankLoc; }
  /// The pseudo location "may be deallocated": what flows into it, and
  /// everything reachable from that, may be freed by this function (delete,
  /// free, a smart pointer or an unknown callee). It is no escape: the
  /// summary records, per parameter, the least dereference count at which
  /// it reaches it (ParamLeaks::Free). Created on first use.
  int freed();
  Hole freedHole() { return hole(freed()); }
  /// The pseudo location "may be captured", in LLVM's sense: what flows
  /// into it, at dereference level 0, may have its address compared or be
  /// handed to code that may keep a copy anywhere (a library model, whose
  /// body is not analysed). It is no escape: the summary records, per
  /// parameter, the least dereference count at which it reaches it
  /// (ParamLeaks::Capture), which decides the IR facts. Created on first use.
  int captured();
  Hole capturedHole() { return hole(captured()); }
  /// The pseudo location "what parameter Index points to".
  int paramContent(int Index);

  Hole hole(int Loc) const { return {Loc, 0, -1}; }
  Hole heapHole(Reason Why, Pos Where, NoteText What = {});
  Hole discardHole() const { return {BlankLoc, 0, -1}; }
  /// Adds an explanation step to a hole.
  Hole note(Hole K, Reason Why, Pos Where, NoteText What);

  /// Records that Src's value flows into K (the edge K.Dst <- Src with
  /// K.Derefs dereferences).
  void flow(Hole K, int Src);

  /// Records `*Ptr = <value of Slot>` and returns the slot's hole. The slot
  /// flows into everything Ptr may point to once the graph is solved.
  Hole store(int Ptr, Pos Where, NoteText What);

  /// The part of object Obj that holds what is stored in one of its fields
  /// (Go is field-insensitive; this is not). The first call splits Obj:
  /// values written into Obj as a whole (initialisation, assignment, stores
  /// through pointers, callees given its address) go to a "whole writes"
  /// part W instead; every field part receives W; Obj receives W and every
  /// field part. So reading Obj (through a pointer, by copy) sees all of
  /// it, reading field f sees only what was written to f directly or to
  /// the whole object, and a field part is unknown memory once Obj escapes.
  /// The address of a field is the address of Obj. Returns the new part.
  int field(int Obj, std::string Name);
  /// Is L, or the object L is a part of, escaping?
  bool escapesOrParent(int L) const {
    return Locs[L].Escapes ||
           (Locs[L].Parent >= 0 && Locs[Locs[L].Parent].Escapes);
  }

  /// The leaks of parameter location Param (of kind Param) found by solve():
  /// the least dereference count at which it reaches each root.
  ParamLeaks &leaks(int Param) { return ParamLeaksOf[Locs[Param].LeaksIndex]; }
  const ParamLeaks &leaks(int Param) const {
    return ParamLeaksOf[Locs[Param].LeaksIndex];
  }

  /// Marks a location as escaping before solving (e.g. a coroutine local).
  void markEscapes(int Loc, Reason Why);

  /// Gives up on precision: every location escapes, every parameter leaks.
  void giveUp(Reason Why);
  bool gaveUp() const { return GaveUp; }
  uint64_t steps() const { return Steps; }
  bool overBudget() const { return Locs.size() > Lim.MaxLocations; }

  /// Solves the graph: resolves stores, then walks from every root.
  void solve();

  /// Path explanation: the chain of (destination, edge) steps from Loc to
  /// the root that decided its fate. Empty if it was marked directly.
  struct Step {
    int Dst;
    int EdgeIndex;
  };
  std::vector<Step> explain(int Loc) const;

  /// Notes of an edge, innermost first.
  std::vector<const Note *> notes(const Edge &E) const;

  /// Renders Go's flow line: `flow: dst = **src` / `flow: dst = &src`.
  std::string flowText(int Dst, int Src, int Derefs) const;

  /// The summary of the function after solve().
  Summary summary(unsigned NumParams) const;

  /// After solve(): what the pointer of the store owning Slot may point to
  /// (the locations the slot flows into); empty for any other location.
  /// Defined in Solve.cpp.
  std::vector<int> storeTargets(int Slot) const;

  std::vector<Location> Locs;
  std::vector<Note> Notes;
  Limits Lim;

  /// One step of a recorded path (Location::Why): the edge In[Edge] of Dst,
  /// then the rest of the path from Next (-1: Dst is where it ends). Paths
  /// share their suffixes, so recording one costs at most one link per
  /// location a walk reached.
  struct Link {
    int Dst;
    int Edge;
    int Next;
  };
  std::vector<Link> Links;

private:
  struct Walk;
  struct StoreRec {
    int Ptr;
    int Slot;
    std::vector<int> Targets; ///< locations already connected, sorted
    int Hub = -1;             ///< or the hub slot it flows into, if any
    const std::vector<int> *HubTargets = nullptr; ///< the hub's targets
  };
  bool resolveStores();
  /// Copies the edges into Buf (First, Arcs), by destination.
  void buildArcs();
  int representative(int Ptr) const;
  /// The set of targets of every store's pointer (SetOf: by store, an index
  /// into Sets; sorted, before mapping split objects to their whole part).
  void pointsTo(std::vector<int> &SetOf, std::vector<std::vector<int>> &Sets);
  void walkAll();
  void runWalk(Walk &W);
  void addSource(Walk &W, int Loc);
  void recordPaths(Walk &W);
  void leakTo(int Param, int Root, int Derefs);
  void markContentOpaque(int Index);
  void markOpaque(const Location &Root);
  void findResultIdentity();
  void findFrees();
  void findCaptures();
  /// Walks back from the pseudo location Root (Freed, Captured) with the
  /// counting of the escape walk (an address is the object's value,
  /// clamped to 0) and keeps, in Slot of each parameter's leaks, the least
  /// count at which it reaches Root; then bounds Slot by Heap and every
  /// Content. Reads the edges from Buf (buildArcs, called by solve() once
  /// the edges are final).
  void findReach(int Root, int ParamLeaks::*Slot);

  int HeapLoc, ResultLoc, BlankLoc, FreedLoc = -1, CapturedLoc = -1;
  std::vector<int> ParamContents; ///< by param index
  /// By Location::LeaksIndex: one per location of kind Param.
  std::vector<ParamLeaks> ParamLeaksOf;
  std::unordered_map<std::string, int> GlobalsByName;
  std::unordered_map<const void *, int> GlobalsByKey;
  std::vector<bool> ContentOpaque; ///< by param index
  bool ResultOpaque = false;
  bool ResultIdentityEscapes = false;
  std::vector<StoreRec> Stores;
  /// pointsTo's (and findReach's) working arrays, kept from one call to the
  /// next within a solve() (given back to the system and touched afresh every
  /// round, a large graph's arrays cost more in page faults than in the walk),
  /// and released at its end.
  struct Arc {
    int Src, Derefs;
  };
  /// A state of pointsTo's search (Tarjan): its visit number and low link
  /// (-1: not visited yet), and its component: the index of its set of
  /// targets once its component is closed, Open before. A visited state
  /// is on Tarjan's stack exactly while its component is open.
  struct StateRec {
    enum : int { Open = -1, Closing = -2 };
    int Index = -1, Low = -1, Comp = Open;
    bool onStack() const { return Index >= 0 && Comp == Open; }
  };
  struct PointsToBuffers {
    std::vector<unsigned> First;
    std::vector<Arc> Arcs;
    /// pointsTo: by location, its block of states (-1: not met); by block,
    /// its location; by state (Block * Levels + D + 1), the state.
    std::vector<int> Block, BlockLoc;
    std::vector<StateRec> States;
  };
  PointsToBuffers Buf;
  /// Hub slots by their set of targets (resolveStores).
  std::map<std::vector<int>, int> HubBySet;
  uint64_t Steps = 0;
  bool GaveUp = false;
};

} // namespace escape

#endif // CLANG_ESCAPE_ANALYSIS_ESCAPE_H
