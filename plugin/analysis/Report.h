//===- Report.h - Remarks from a solved graph -------------------*- C++ -*-===//
//
// Turns the solver's verdicts into Go-style remark records. The front end
// maps their positions back to source and prints them (Clang diagnostics,
// JSON, SARIF...).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_ANALYSIS_REPORT_H
#define CLANG_ESCAPE_ANALYSIS_REPORT_H

#include "analysis/Escape.h"

#include <functional>
#include <string>
#include <vector>

namespace escape {

/// Where an allocation ends up.
enum class Placement : uint8_t {
  Heap,  ///< escapes: stays on the heap
  Stack, ///< dies in its frame and its loop iteration, constant small size
  Arena, ///< dies in its frame, but too large, variable-size or loop-carried
};

struct RemarkNote {
  Pos Where = 0;
  std::string Message;
};

struct Remark {
  enum Kind : uint8_t { Alloc, Param };
  Kind K = Alloc;
  Pos Where = 0;
  std::string Message;
  /// What Message is about, and where in it: the allocation as written
  /// (`new T(...)`, at 0: `X escapes to heap`) or the parameter's name (at 0
  /// in `p does not escape`, after the prefix in `leaking param: p ...`).
  std::string Subject;
  size_t SubjectAt = 0;
  Placement Place = Placement::Heap; ///< Alloc only
  bool Escapes = false;              ///< Alloc: escapes; Param: leaks
  /// When Escapes: the reason of the last step of the flow, what finally
  /// made it escape (for statistics; the -m=2 notes give the whole flow).
  Reason Why = Reason::Assign;
  std::vector<RemarkNote> Notes; ///< -m=2 flow, then a hint
};

struct ReportOptions {
  unsigned Level = 1;             ///< 1: -m, 2: -m=2 (flows)
  uint64_t MaxObjectBytes = 1024; ///< larger objects go to the frame arena
  /// Renders notes whose text is deferred (NoteText::Form != 0).
  std::function<std::string(const NoteText &)> Render;
};

/// The verdict for one allocation location of a solved graph.
Placement placementOf(const Location &L, const ReportOptions &Opts,
                      std::string *Why = nullptr);

/// Appends to R.Notes the -m=2 flow that made location LI escape, and a hint.
void explainInto(const Graph &G, int LI, Remark &R, const ReportOptions &Opts);

/// Remarks for every allocation site of a solved graph, and for the
/// parameters named in ParamNames (index = summary index; empty names and
/// parameters that carry no pointers are skipped by passing "").
std::vector<Remark> report(const Graph &G, const ReportOptions &Opts,
                           const std::vector<std::string> &ParamNames,
                           const std::vector<Pos> &ParamPositions);

/// Go's `flow: dst = &src:` / `from x (reason)` notes for a path of the
/// solved graph (Graph::explain, or a path of the dangling search);
/// temporaries and store slots are folded into the flow they carry. Default
/// is the position of a flow line whose edges carry no notes.
void explainPath(const Graph &G, const std::vector<Graph::Step> &Path,
                 Pos Default, std::vector<RemarkNote> &Out,
                 const ReportOptions &Opts);

} // namespace escape

#endif // CLANG_ESCAPE_ANALYSIS_REPORT_H
