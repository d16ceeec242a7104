//===- Report.cpp - Remarks from a solved graph ---------------------------===//
#include "analysis/Report.h"

#include <fmt/format.h>

using namespace escape;

Placement escape::placementOf(const Location &L, const ReportOptions &Opts,
                              std::string *Why) {
  if (L.Escapes)
    return Placement::Heap;
  auto Set = [&](std::string S) {
    if (Why)
      *Why = std::move(S);
  };
  if (!L.Alloc.ConstantSize) {
    Set("non-constant size");
    return Placement::Arena;
  }
  if (L.Alloc.Bytes > Opts.MaxObjectBytes) {
    Set(fmt::format("too large for stack: {} bytes > {}", L.Alloc.Bytes,
                    Opts.MaxObjectBytes));
    return Placement::Arena;
  }
  if (L.LoopCarried) {
    Set("live across loop iterations");
    return Placement::Arena;
  }
  return Placement::Stack;
}

// The reason of the outermost note on the path: what finally made it escape.
static const Note *finalNote(const Graph &G,
                             const std::vector<Graph::Step> &Path) {
  for (auto It = Path.rbegin(); It != Path.rend(); ++It) {
    const Edge &E = G.Locs[It->Dst].In[It->EdgeIndex];
    std::vector<const Note *> Ns = G.notes(E);
    if (!Ns.empty())
      return Ns.back();
  }
  return nullptr;
}

// What finally made location LI escape: the reason of the outermost note on
// its path, or the cause its root (or itself) was marked with.
static Reason escapeReason(const Graph &G, int LI) {
  std::vector<Graph::Step> Path = G.explain(LI);
  if (const Note *N = finalNote(G, Path))
    return N->Why;
  return Path.empty() ? G.Locs[LI].Cause : G.Locs[Path.back().Dst].Cause;
}

static std::string hintFor(Reason R, const NoteText *What = nullptr) {
  // The receiver (`this`) of a call: no attribute can be written on it, so
  // the hint names what can be done.
  bool Receiver = What && What->Form == NoteArg && What->Index < 0;
  if (Receiver && R == Reason::UnknownCall)
    return "hint: the method (or constructor) is defined in another file, so "
           "its receiver is assumed kept; define it in the header, or let "
           "the analysis read its summary (-fplugin-arg-escape-summaries=DIR, "
           "docs/cross-tu.md)";
  if (Receiver && R == Reason::VirtualCall)
    return "hint: an override may keep the object; mark the class or the "
           "method final";
  switch (R) {
  case Reason::UnknownCall:
    return "hint: if the callee does not keep the pointer, mark its parameter "
           "[[clang::noescape]] or make its body visible";
  case Reason::VirtualCall:
    return "hint: an override may keep the pointer; mark the class or the "
           "method final, or the parameter [[clang::noescape]]";
  case Reason::IndirectCall:
    return "hint: the callee is not known; call a known function, or mark "
           "the parameter [[clang::noescape]] in the function type";
  case Reason::StoredGlobal:
    return "hint: a global keeps the pointer after the function returns";
  case Reason::Return:
    return "hint: returning the pointer hands the object to the caller";
  case Reason::IntCast:
    return "hint: an integer holding the address cannot be tracked";
  case Reason::TooComplex:
    return "hint: split the function; it exceeds the analysis budget";
  default:
    return "";
  }
}

static std::string render(const NoteText &T, const ReportOptions &Opts) {
  if (T.Form != 0 && Opts.Render)
    return Opts.Render(T);
  return T.What;
}

void escape::explainInto(const Graph &G, int LI, Remark &R,
                         const ReportOptions &Opts) {
  std::vector<Graph::Step> Path = G.explain(LI);
  const Location &L = G.Locs[LI];
  if (Path.empty()) {
    R.Notes.push_back({L.Position, fmt::format("{}", reasonText(L.Cause))});
    std::string H = hintFor(L.Cause);
    if (!H.empty())
      R.Notes.push_back({L.Position, H});
    return;
  }
  explainPath(G, Path, L.Position, R.Notes, Opts);
  const Location &Root = G.Locs[Path.back().Dst];
  if (const Note *N = finalNote(G, Path)) {
    std::string H = hintFor(N->Why, &N->What);
    if (!H.empty())
      R.Notes.push_back({N->Where, H});
  } else if (Root.Kind == LocKind::Heap) {
    std::string H = hintFor(Root.Cause);
    if (!H.empty())
      R.Notes.push_back({L.Position, H});
  }
}

void escape::explainPath(const Graph &G, const std::vector<Graph::Step> &Path,
                         Pos Default, std::vector<RemarkNote> &Out,
                         const ReportOptions &Opts) {
  // Temporaries and store slots are folded into the flow they carry, so
  // each `flow:` line goes from one named place to the next.
  int Src = -1, Derefs = 0;
  std::vector<const Note *> Pending;
  for (const Graph::Step &S : Path) {
    const Edge &E = G.Locs[S.Dst].In[S.EdgeIndex];
    if (Src < 0) {
      Src = E.Src;
      Derefs = 0;
    }
    Derefs += E.Derefs;
    for (const Note *N : G.notes(E))
      Pending.push_back(N);
    LocKind DK = G.Locs[S.Dst].Kind;
    if ((DK == LocKind::Temp || DK == LocKind::Slot) && &S != &Path.back())
      continue;
    Pos FlowPos = Pending.empty() ? Default : Pending.front()->Where;
    Out.push_back({FlowPos, G.flowText(S.Dst, Src, Derefs) + ":"});
    for (const Note *N : Pending) {
      std::string What = render(N->What, Opts);
      Out.push_back(
          {N->Where, What.empty() ? fmt::format("from ({})", reasonText(N->Why))
                                  : fmt::format("from {} ({})", What,
                                                reasonText(N->Why))});
    }
    Pending.clear();
    Src = -1;
  }
}

std::vector<Remark> escape::report(const Graph &G, const ReportOptions &Opts,
                                   const std::vector<std::string> &ParamNames,
                                   const std::vector<Pos> &ParamPositions) {
  std::vector<Remark> Out;
  for (unsigned I = 0; I < G.Locs.size(); ++I) {
    const Location &L = G.Locs[I];
    if (L.Kind == LocKind::Alloc) {
      Remark R;
      R.K = Remark::Alloc;
      R.Where = L.Position;
      R.Subject = L.Name;
      std::string Why;
      R.Place = placementOf(L, Opts, &Why);
      R.Escapes = R.Place == Placement::Heap;
      if (R.Escapes)
        R.Why = escapeReason(G, static_cast<int>(I));
      if (R.Escapes)
        R.Message = fmt::format("{} escapes to heap", L.Name);
      else if (R.Place == Placement::Arena)
        R.Message =
            fmt::format("{} does not escape ({}: frame arena)", L.Name, Why);
      else
        R.Message = fmt::format("{} does not escape", L.Name);
      if (Opts.Level >= 2 && (R.Escapes || L.LoopCarried))
        explainInto(G, static_cast<int>(I), R, Opts);
      Out.push_back(std::move(R));
    } else if (L.Kind == LocKind::Param && L.ParamIndex >= 0 &&
               static_cast<unsigned>(L.ParamIndex) < ParamNames.size() &&
               !ParamNames[L.ParamIndex].empty()) {
      ParamLeaks Leaks = G.gaveUp() ? Summary::leakAll(1).Params[0]
                                    : G.leaks(static_cast<int>(I));
      Pos P = static_cast<unsigned>(L.ParamIndex) < ParamPositions.size()
                  ? ParamPositions[L.ParamIndex]
                  : L.Position;
      Reason Why =
          Leaks.empty() ? Reason::Assign : escapeReason(G, static_cast<int>(I));
      bool First = true;
      for (std::string &Msg :
           paramRemarks(ParamNames[L.ParamIndex], Leaks, ParamNames)) {
        Remark R;
        R.K = Remark::Param;
        R.Where = P;
        R.Subject = ParamNames[L.ParamIndex];
        R.SubjectAt = paramRemarkNameAt(Msg);
        R.Message = std::move(Msg);
        R.Escapes = !Leaks.empty();
        R.Why = Why;
        if (Opts.Level >= 2 && R.Escapes && First)
          explainInto(G, static_cast<int>(I), R, Opts);
        First = false;
        Out.push_back(std::move(R));
      }
    }
  }
  return Out;
}
