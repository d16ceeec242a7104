//===- Summary.h - Parameter summaries --------------------------*- C++ -*-===//
//
// A function's summary says, for each parameter, where its value may go:
// to the heap, to the result, or into what another parameter points to, each
// with the least number of dereferences on the way (Go's "leaks"). Call sites
// use the summary instead of the body.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_ANALYSIS_SUMMARY_H
#define CLANG_ESCAPE_ANALYSIS_SUMMARY_H

#include <string>
#include <vector>

namespace escape {

/// Where one parameter leaks. -1 means "does not leak there"; otherwise the
/// least dereference count (0: the pointer itself, 1: what it points to...).
struct ParamLeaks {
  int Heap = -1;
  int Result = -1;
  /// Content[J]: leaks into what parameter J points to.
  std::vector<int> Content;
  /// What this parameter points to may receive pointers the function does
  /// not know (from the heap, globals, unknown calls). Callers must treat
  /// the pointee's content as unknown afterwards. Not a leak of the
  /// parameter itself, so empty() ignores it.
  bool ContentOpaque = false;
  /// The function may free (delete, free, a smart pointer or container
  /// owning it, an unknown callee) what this parameter reaches after this
  /// many dereferences, and everything reachable from there: -1 never, 0
  /// the pointer itself. Also at most Heap and every Content (what the
  /// function stores may be freed by code it calls). Not a leak, so
  /// empty() ignores it. The IR pass needs Free != 0 (`nofree`).
  int Free = -1;
  /// The function may *capture*, in LLVM's sense (LangRef "Pointer
  /// Capture"), what this parameter reaches after this many dereferences:
  /// -1 never, 0 the pointer itself. Capturing is more than escaping: a
  /// copy of the pointer or of an interior pointer stored anywhere that
  /// outlives the call — including into the parameter's own pointee (a
  /// std::string's small buffer, an intrusive list head) —, or handed to
  /// code whose behaviour is not proven (a library model, an unknown
  /// callee). Comparisons are not counted: they capture only the address,
  /// which captures(address) allows. Also at most Heap, Result and every
  /// Content. Not a leak, so empty() ignores it. The IR facts need
  /// Capture != 0 (`captures(address)`).
  int Capture = -1;
  /// Capture without the result: the least level the function may capture
  /// other than by returning it (-1 never). At most Heap, every Content and
  /// what is handed to unproven code; Capture is the lesser of it and
  /// Result. A summary that does not record it (an older summary file) has
  /// it equal to Capture, which is never less precise than the truth.
  int CaptureBesidesResult = -1;

  bool empty() const;
  /// Is the pointer itself (level 0) kept: on the heap, in the result or in
  /// what a parameter (this one included) points to?
  bool keptItself() const;
  /// Does the function neither keep (level 0) nor free this pointer?
  bool notKeptNorFreed() const;
  /// Is no copy of the pointer itself (level 0) captured in LLVM's sense:
  /// not kept (heap, result, any parameter's pointee, its own included),
  /// not given to unproven code? (Its address may be compared: that
  /// captures only the address, which captures(address) allows.)
  bool notCaptured() const;
  /// Is nothing the function loads from what this pointer points to (level
  /// 1), nor anything reachable from there, captured in LLVM's sense or
  /// freed? True when no destination, Capture nor Free is at level 0 or 1.
  /// (Capture is at most every destination, so its level alone would do for
  /// a summary the solver computed; a stored one is checked in full.) The
  /// level is the analysis's: a standard container's buffers are part of
  /// the object (level 0), and a member that may release or reallocate them
  /// captures the object (GraphBuilder::modelContainer), so the pointer to
  /// a buffer loaded from the object is covered too. The IR's content fact
  /// (`escape-content-nocapture-nofree`, llvm/FrontendFacts.h).
  bool contentNotCapturedNorFreed() const;
  /// The same, except that what the function loads from the pointee may be
  /// returned (Result at level 1), and leave the call that way and no
  /// other: neither freed nor captured besides the result, nor kept
  /// (CaptureBesidesResult, Free, Heap and every Content deeper than 1).
  /// The IR's content-returned fact (`escape-content-returned`,
  /// llvm/FrontendFacts.h): the pass follows the call's result in the
  /// caller like the pointer it may be.
  bool contentOnlyReturned() const;
  /// Is nothing reachable from this pointer, at any level, kept, captured
  /// in LLVM's sense or freed: the pointer itself, what it points to, what
  /// that points to, and so on? True when no destination, Capture nor Free
  /// is recorded at any level (the walks count every dereference, without a
  /// cap). The IR's reachable fact (`escape-reachable-nocapture-nofree`,
  /// llvm/FrontendFacts.h): a local variable holding the address of another
  /// that holds an allocation may be passed to such a callee.
  bool nothingReachableCapturedNorFreed() const;
  /// Keeps the smaller dereference count of each destination.
  void add(const ParamLeaks &O);
  static void addTo(int &Slot, int Derefs);
  int content(unsigned J) const { return J < Content.size() ? Content[J] : -1; }
  void setContent(unsigned J, int Derefs);
  bool operator==(const ParamLeaks &O) const;
  bool operator!=(const ParamLeaks &O) const { return !(*this == O); }
};

struct Summary {
  std::vector<ParamLeaks> Params;
  /// The result may point to memory not reachable from the parameters (a
  /// global, an allocation, anything from an unknown call).
  bool ResultOpaque = false;
  /// The object returned by value had its address taken and escaping in
  /// the callee: the caller's object (the same one, after copy elision)
  /// escapes.
  bool ResultIdentityEscapes = false;
  /// Every parameter leaks to the heap (unknown callee, analysis gave up).
  static Summary leakAll(unsigned NumParams);
  bool operator==(const Summary &O) const {
    return Params == O.Params && ResultOpaque == O.ResultOpaque &&
           ResultIdentityEscapes == O.ResultIdentityEscapes;
  }
  bool operator!=(const Summary &O) const { return !(*this == O); }
  /// A stable one-line encoding, e.g. `!h0 r1 c2:0 f0;-;h1` (`!`: the
  /// result is opaque, `&`: the returned object's address escapes; then
  /// per parameter, `;`-separated; `fN`: may free at level N; `kN`: may
  /// capture, in LLVM's sense, at level N; `qN` (`q-`: never): may capture
  /// other than by returning at level N, only where that differs from kN).
  std::string encode() const;
  static bool decode(const std::string &Text, Summary &Out);
};

/// Go-style remark lines for one parameter: `p does not escape`,
/// `leaking param: p`, `leaking param content: p`,
/// `leaking param: p to result level=N`, `leaking param: p to *q level=N`.
std::vector<std::string>
paramRemarks(const std::string &Name, const ParamLeaks &L,
             const std::vector<std::string> &ParamNames);
/// Where the parameter's name starts in a line of paramRemarks: 0, or after
/// the `leaking param: ` / `leaking param content: ` prefix.
size_t paramRemarkNameAt(const std::string &Line);

} // namespace escape

#endif // CLANG_ESCAPE_ANALYSIS_SUMMARY_H
