//===- ProfileReport.cpp - clang-escape profile FILE... -------------------===//
//
// Reads escape profiles (runtime/Profile.cpp, docs/profile.md), merges them
// (sites keyed by file:line:column:function) and ranks the missed
// opportunities: heap sites whose objects mostly died in their frame, by
// frame-local allocations.
//
//   file:line:col: N allocations, P% frame-local, stays on the heap: <reason>
//   ...
//   total: ...
//
// With -p BUILD, each site is joined with the static analysis' verdict and
// its -m=2 reason and flow: the remark of the allocation at the site's
// file:line(:column) in the translation unit whose main file is the site's
// file (ClangEscapeTool.cpp runs the analysis). --format html writes one
// page, --format sarif one result per missed opportunity.
//
// A file that is not a profile of a version this reads (1 and 2; corrupt,
// truncated, another format) is an error naming the file and what is wrong;
// exit status 1.
//
//===----------------------------------------------------------------------===//
#include "ProfileReport.h"

#include "analysis/StableSort.h"

#include <fmt/format.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace json = llvm::json;
using namespace escape::tool;

namespace {

struct Site {
  std::string File, Function;
  int64_t Line = 0, Column = 0;
  uint64_t Allocations = 0, FrameLocal = 0, FreedLater = 0, OtherThread = 0,
           NeverFreed = 0, Bytes = 0, Converted = 0;
  /// Heap allocations of a frame-arena site's fallback (already counted in
  /// Converted).
  uint64_t Fallback = 0;
  std::string Moved, Reason;
  /// Version 2: the most objects live at once (the maximum over the
  /// merged processes) and the lifetime histogram (summed); HasLifetime
  /// when some merged profile recorded them.
  uint64_t MaxLive = 0;
  std::vector<uint64_t> Lifetime;
  bool HasLifetime = false;
  /// With -p: the static analysis' remark of the allocation, or why there
  /// is none.
  const RemarkRecord *Static = nullptr;
  std::string NoStatic;
};

/// Buckets of the lifetime histogram (runtime/Profile.cpp).
constexpr size_t LifetimeBuckets = 32;

using Key = std::tuple<std::string, int64_t, int64_t, std::string>;

constexpr const char *Usage =
    "usage: clang-escape profile FILE... [-p BUILD] "
    "[--format text|json|html|sarif]\n"
    "\n"
    "Merges escape profiles (written by programs built with\n"
    "-fplugin-arg-escape-profile, see docs/profile.md) and ranks the heap\n"
    "allocation sites whose objects mostly die in their frame.\n"
    "\n"
    "  -p BUILD    a directory with compile_commands.json: join each site\n"
    "              with the static analysis' verdict and -m=2 reason and\n"
    "              flow (the translation unit whose main file is the\n"
    "              site's file)\n"
    "  --format F  text (default), json, html (one page on standard output)\n"
    "              or sarif (SARIF 2.1.0: one result per missed\n"
    "              opportunity)\n";

int error(const std::string &Msg) {
  llvm::errs() << fmt::format("clang-escape profile: error: {}\n", Msg);
  return 1;
}

/// Reads one profile into \p Sites; returns an error message or "".
std::string readProfile(const std::string &Path, std::map<Key, Site> &Sites,
                        uint64_t &Untracked) {
  auto Buf = llvm::MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/true);
  if (!Buf)
    return fmt::format("{}: cannot read: {}", Path, Buf.getError().message());
  llvm::Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  if (!Doc)
    return fmt::format("{}: not a profile (invalid or truncated JSON: {})",
                       Path, llvm::toString(Doc.takeError()));
  const json::Object *Top = Doc->getAsObject();
  if (!Top)
    return fmt::format("{}: not a profile (the top level is not an object)",
                       Path);
  std::optional<llvm::StringRef> Format = Top->getString("format");
  if (!Format || *Format != "clang-escape-profile")
    return fmt::format("{}: not an escape profile (no \"format\": "
                       "\"clang-escape-profile\")",
                       Path);
  std::optional<int64_t> Version = Top->getInteger("version");
  if (!Version)
    return fmt::format("{}: the profile has no \"version\"", Path);
  if (*Version != 1 && *Version != 2)
    return fmt::format("{}: profile version {} is not supported (this "
                       "clang-escape reads versions 1 and 2; rebuild the "
                       "program with this clang-escape's plugin and runtime)",
                       Path, *Version);
  if (const json::Value *U = Top->get("untracked_frees")) {
    std::optional<int64_t> N = U->getAsInteger();
    if (!N || *N < 0)
      return fmt::format("{}: \"untracked_frees\" is not a non-negative "
                         "integer",
                         Path);
    Untracked += static_cast<uint64_t>(*N);
  }
  const json::Array *List = Top->getArray("sites");
  if (!List)
    return fmt::format("{}: the profile has no \"sites\" array", Path);
  size_t Index = 0;
  for (const json::Value &V : *List) {
    auto Bad = [&](llvm::StringRef What) {
      return fmt::format("{}: site {}: {}", Path, Index, What.str());
    };
    const json::Object *O = V.getAsObject();
    if (!O)
      return Bad("not an object");
    Site S;
    std::optional<llvm::StringRef> File = O->getString("file"),
                                   Function = O->getString("function");
    std::optional<int64_t> Line = O->getInteger("line"),
                           Column = O->getInteger("column");
    if (!File || !Function || !Line || !Column || *Line < 0 || *Column < 0)
      return Bad("needs \"file\", \"function\" (strings), \"line\" and "
                 "\"column\" (non-negative integers)");
    S.File = File->str();
    S.Function = Function->str();
    S.Line = *Line;
    S.Column = *Column;
    for (auto [Name, Field] : {std::pair{"allocations", &S.Allocations},
                               {"frame_local", &S.FrameLocal},
                               {"freed_later", &S.FreedLater},
                               {"other_thread", &S.OtherThread},
                               {"never_freed", &S.NeverFreed},
                               {"bytes", &S.Bytes},
                               {"converted", &S.Converted}}) {
      std::optional<int64_t> N = O->getInteger(Name);
      if (!N || *N < 0)
        return Bad(fmt::format("\"{}\" is missing or not a non-negative "
                               "integer",
                               Name));
      *Field = static_cast<uint64_t>(*N);
    }
    if (S.FrameLocal + S.FreedLater + S.OtherThread + S.NeverFreed !=
        S.Allocations)
      return Bad("frame_local + freed_later + other_thread + never_freed is "
                 "not allocations (the profile is corrupt)");
    if (std::optional<llvm::StringRef> M = O->getString("moved"))
      S.Moved = M->str();
    if (std::optional<llvm::StringRef> R = O->getString("reason"))
      S.Reason = R->str();
    if (S.Moved == "arena-heap")
      S.Fallback = S.Allocations;
    if (*Version >= 2) {
      // Every object its thread freed has its lifetime counted once; the
      // others were freed by another thread or never. At most all of them
      // were live at once.
      std::optional<int64_t> Max = O->getInteger("max_live");
      const json::Array *Hist = O->getArray("lifetime_histogram");
      if (!Max || *Max < 0 || !Hist)
        return Bad("needs \"max_live\" (a non-negative integer) and "
                   "\"lifetime_histogram\" (an array) in a version 2 "
                   "profile");
      S.MaxLive = static_cast<uint64_t>(*Max);
      if (S.MaxLive > S.Allocations || (S.Allocations && !S.MaxLive))
        return Bad("\"max_live\" is not between 1 and allocations (the "
                   "profile is corrupt)");
      if (Hist->size() > LifetimeBuckets)
        return Bad(fmt::format("\"lifetime_histogram\" has more than {} "
                               "buckets",
                               LifetimeBuckets));
      uint64_t Freed = 0;
      for (const json::Value &B : *Hist) {
        std::optional<int64_t> N = B.getAsInteger();
        if (!N || *N < 0)
          return Bad("\"lifetime_histogram\" has an entry that is not a "
                     "non-negative integer");
        S.Lifetime.push_back(static_cast<uint64_t>(*N));
        Freed += S.Lifetime.back();
      }
      if (Freed != S.FrameLocal + S.FreedLater)
        return Bad("the \"lifetime_histogram\" does not count every object "
                   "freed by its thread once (the profile is corrupt)");
      S.HasLifetime = true;
    }

    Site &Into = Sites[Key{S.File, S.Line, S.Column, S.Function}];
    if (Into.File.empty()) {
      Into.File = S.File;
      Into.Function = S.Function;
      Into.Line = S.Line;
      Into.Column = S.Column;
    }
    Into.Allocations += S.Allocations;
    Into.FrameLocal += S.FrameLocal;
    Into.FreedLater += S.FreedLater;
    Into.OtherThread += S.OtherThread;
    Into.NeverFreed += S.NeverFreed;
    Into.Bytes += S.Bytes;
    Into.Converted += S.Converted;
    Into.Fallback += S.Fallback;
    if (S.HasLifetime) {
      Into.HasLifetime = true;
      Into.MaxLive = std::max(Into.MaxLive, S.MaxLive);
      if (Into.Lifetime.size() < S.Lifetime.size())
        Into.Lifetime.resize(S.Lifetime.size());
      for (size_t B = 0; B < S.Lifetime.size(); ++B)
        Into.Lifetime[B] += S.Lifetime[B];
    }
    if (Into.Moved.empty() || Into.Moved == "arena-heap")
      Into.Moved = S.Moved.empty() ? Into.Moved : S.Moved;
    if (Into.Reason.empty())
      Into.Reason = S.Reason;
    ++Index;
  }
  return "";
}

struct Totals {
  uint64_t Heap = 0, FrameLocal = 0, Converted = 0;
  uint64_t all() const { return Heap + Converted; }
};

double share(uint64_t Part, uint64_t Whole) {
  return Whole ? 100.0 * static_cast<double>(Part) / Whole : 0.0;
}

/// Mostly frame-local: more than half of the site's objects died in their
/// frame.
bool missed(const Site &S) { return S.FrameLocal * 2 > S.Allocations; }

std::string where(const Site &S) {
  return fmt::format("{}:{}:{}", S.File, S.Line, S.Column);
}

/// Why the heap-to-stack pass left the site on the heap.
std::string passReason(const Site &S) {
  return S.Reason.empty()
             ? "no reason recorded (the pass did not examine this call)"
             : S.Reason;
}

/// `N allocations, P% frame-local, stays on the heap: <reason>`.
std::string heapText(const Site &S) {
  return fmt::format("{} allocations, {:.0f}% frame-local, stays on the "
                     "heap: {}",
                     S.Allocations, share(S.FrameLocal, S.Allocations),
                     passReason(S));
}

std::string heapLine(const Site &S) {
  return fmt::format("{}: {} [in {}]", where(S), heapText(S), S.Function);
}

/// The static analysis' verdict on the site's allocation.
std::string staticVerdict(const Site &S) {
  if (!S.Static)
    return "none";
  return S.Static->Escapes ? "escapes to heap" : "does not escape";
}

/// Its reason: what made it escape, where it was placed, or why there is
/// no verdict.
std::string staticReason(const Site &S) {
  if (!S.Static)
    return S.NoStatic;
  if (S.Static->Escapes)
    return S.Static->Reason;
  return S.Static->Placement == "arena" ? "frame arena" : "stack slot";
}

/// The -m=2 flow, one `file:line:col: note` a step (indented as -m=2).
std::vector<std::string> staticFlow(const Site &S) {
  std::vector<std::string> Flow;
  if (S.Static)
    for (const NoteRecord &N : S.Static->Notes)
      Flow.push_back(fmt::format("{}:{}:{}: {}{}", N.At.File, N.At.Line,
                                 N.At.Col, noteIndent(N).str(), N.Message));
  return Flow;
}

/// `0`, `1`, `2-3`, `4-7`, ..., the last bucket open: the lifetimes (in
/// allocations) of histogram bucket \p B.
std::string bucketLabel(size_t B) {
  if (B == 0)
    return "0";
  uint64_t Lo = uint64_t(1) << (B - 1), Hi = (uint64_t(1) << B) - 1;
  if (B + 1 == LifetimeBuckets)
    return fmt::format(">={}", Lo);
  return Lo == Hi ? fmt::format("{}", Lo) : fmt::format("{}-{}", Lo, Hi);
}

/// Joins every site with the static analysis' remarks at its file and line:
/// the allocation remark at its column, else the only allocation remark on
/// the line.
void joinStatic(std::map<Key, Site> &Sites, const std::vector<std::string> &Tus,
                const Result &R) {
  std::set<std::string> Analysed(Tus.begin(), Tus.end());
  std::set<std::string> Failed;
  for (const FileOutcome &F : R.Failures)
    Failed.insert(F.File);
  for (auto &[K, S] : Sites) {
    std::string File = S.File;
    if (!Analysed.count(File)) {
      S.NoStatic = "no static verdict (the compilation database has no "
                   "translation unit whose main file is this file)";
      continue;
    }
    if (Failed.count(File)) {
      S.NoStatic = "no static verdict (the translation unit failed to "
                   "compile)";
      continue;
    }
    std::vector<const RemarkRecord *> OnLine;
    for (const RemarkRecord &Rec : R.Remarks)
      if (!Rec.Param && Rec.At.File == File &&
          Rec.At.Line == static_cast<unsigned>(S.Line))
        OnLine.push_back(&Rec);
    for (const RemarkRecord *Rec : OnLine)
      if (Rec->At.Col == static_cast<unsigned>(S.Column))
        S.Static = Rec;
    if (!S.Static && OnLine.size() == 1)
      S.Static = OnLine.front();
    if (!S.Static)
      S.NoStatic =
          OnLine.empty()
              ? "no static verdict (the analysis has no allocation site on "
                "this line)"
              : fmt::format("no static verdict ({} allocation sites on this "
                            "line, none at column {})",
                            OnLine.size(), S.Column);
  }
}

/// What the report prints, computed once for all formats.
struct Report {
  std::map<Key, Site> Merged;
  std::vector<const Site *> Missed, Other, Moved;
  uint64_t Untracked = 0;
  Totals T;
  uint64_t Converted = 0, All = 0;
  bool Joined = false; ///< -p: sites have their static verdicts
};

json::Object totalsJson(const Report &Rp) {
  return json::Object{
      {"allocations", static_cast<int64_t>(Rp.All)},
      {"heap", static_cast<int64_t>(Rp.T.Heap)},
      {"converted", static_cast<int64_t>(Rp.Converted)},
      {"frame_local", static_cast<int64_t>(Rp.T.FrameLocal + Rp.Converted)},
      {"frame_local_share", share(Rp.T.FrameLocal + Rp.Converted, Rp.All)},
      {"converted_share", share(Rp.Converted, Rp.All)},
      {"could_still_move_share", share(Rp.T.FrameLocal, Rp.All)},
      {"untracked_frees", static_cast<int64_t>(Rp.Untracked)}};
}

json::Object siteJson(const Site &S, bool Joined) {
  json::Object O{{"file", S.File},
                 {"line", S.Line},
                 {"column", S.Column},
                 {"function", S.Function},
                 {"allocations", static_cast<int64_t>(S.Allocations)},
                 {"frame_local", static_cast<int64_t>(S.FrameLocal)},
                 {"freed_later", static_cast<int64_t>(S.FreedLater)},
                 {"other_thread", static_cast<int64_t>(S.OtherThread)},
                 {"never_freed", static_cast<int64_t>(S.NeverFreed)},
                 {"bytes", static_cast<int64_t>(S.Bytes)},
                 {"converted", static_cast<int64_t>(S.Converted)},
                 {"moved", S.Moved},
                 {"reason", S.Reason}};
  if (S.HasLifetime) {
    O["max_live"] = static_cast<int64_t>(S.MaxLive);
    json::Array Hist;
    for (uint64_t N : S.Lifetime)
      Hist.push_back(static_cast<int64_t>(N));
    O["lifetime_histogram"] = std::move(Hist);
  }
  if (Joined) {
    O["static_verdict"] = staticVerdict(S);
    O["static_reason"] = staticReason(S);
    json::Array Flow;
    for (std::string &F : staticFlow(S))
      Flow.push_back(std::move(F));
    O["static_flow"] = std::move(Flow);
  }
  return O;
}

void writeJsonReport(llvm::raw_ostream &OS, const Report &Rp) {
  json::Array MissedJ, SitesJ;
  for (const Site *S : Rp.Missed)
    MissedJ.push_back(siteJson(*S, Rp.Joined));
  for (auto &[K, S] : Rp.Merged)
    SitesJ.push_back(siteJson(S, Rp.Joined));
  json::Object Out{{"format", "clang-escape-profile-report"},
                   {"version", 1},
                   {"totals", totalsJson(Rp)},
                   {"missed", std::move(MissedJ)},
                   {"sites", std::move(SitesJ)}};
  OS << llvm::formatv("{0:2}", json::Value(std::move(Out))) << "\n";
}

std::string totalsLine(const Report &Rp) {
  return fmt::format("total: {} allocations ({} heap, {} moved by the pass); "
                     "{:.1f}% frame-local (the limit), {:.1f}% converted, "
                     "{:.1f}% could still move",
                     Rp.All, Rp.T.Heap, Rp.Converted,
                     share(Rp.T.FrameLocal + Rp.Converted, Rp.All),
                     share(Rp.Converted, Rp.All),
                     share(Rp.T.FrameLocal, Rp.All));
}

std::string untrackedLine(const Report &Rp) {
  return fmt::format("{} frees of blocks allocated outside the instrumented "
                     "code (libraries such as libstdc++.so, translation "
                     "units built without -fplugin-arg-escape-profile): not "
                     "counted",
                     Rp.Untracked);
}

std::string movedText(const Site &S) {
  return fmt::format("{} converted ({})", S.Converted,
                     S.Moved == "stack" ? "stack slot" : "frame arena");
}

void writeStaticText(llvm::raw_ostream &OS, const Site &S, bool Joined) {
  if (!Joined)
    return;
  if (!S.Static) {
    OS << fmt::format("  static analysis: {}\n", S.NoStatic);
    return;
  }
  OS << fmt::format("  static analysis: {}: {}\n", staticVerdict(S),
                    staticReason(S));
  for (const std::string &F : staticFlow(S))
    OS << "    " << F << "\n";
}

void writeTextReport(llvm::raw_ostream &OS, const Report &Rp) {
  if (!Rp.Missed.empty()) {
    OS << "missed opportunities (mostly frame-local, still on the heap), by "
          "frame-local allocations:\n";
    for (const Site *S : Rp.Missed) {
      OS << heapLine(*S) << "\n";
      writeStaticText(OS, *S, Rp.Joined);
    }
  }
  if (!Rp.Other.empty()) {
    OS << "other heap sites:\n";
    for (const Site *S : Rp.Other) {
      OS << heapLine(*S) << "\n";
      writeStaticText(OS, *S, Rp.Joined);
    }
  }
  if (!Rp.Moved.empty()) {
    OS << "moved by the heap-to-stack pass:\n";
    for (const Site *S : Rp.Moved) {
      OS << fmt::format("{}: {} [in {}]\n", where(*S), movedText(*S),
                        S->Function);
      writeStaticText(OS, *S, Rp.Joined);
    }
  }
  OS << totalsLine(Rp) << "\n";
  if (Rp.Untracked)
    OS << untrackedLine(Rp) << "\n";
}

/// The message of a missed opportunity's SARIF result: the text line's,
/// and the static verdict.
std::string sarifMessage(const Site &S, bool Joined) {
  std::string M = heapText(S);
  if (Joined)
    M += S.Static ? fmt::format("; static analysis: {}: {}", staticVerdict(S),
                                staticReason(S))
                  : fmt::format("; static analysis: {}", S.NoStatic);
  return M;
}

void writeSarifReport(llvm::raw_ostream &OS, const Report &Rp) {
  json::Array Results;
  for (const Site *S : Rp.Missed) {
    Point P;
    P.File = S->File;
    P.Line = static_cast<unsigned>(S->Line);
    P.Col = static_cast<unsigned>(S->Column);
    P.Char = P.EndChar = P.Col ? P.Col - 1 : 0;
    json::Object Props = siteJson(*S, Rp.Joined);
    for (const char *Where : {"file", "line", "column"})
      Props.erase(Where);
    Results.push_back(json::Object{
        {"ruleId", "escape-profile-missed"},
        {"ruleIndex", 0},
        {"level", "note"},
        {"message", json::Object{{"text", sarifMessage(*S, Rp.Joined)}}},
        {"locations",
         json::Array{json::Object{{"physicalLocation", sarifLocation(P, "")}}}},
        {"properties", std::move(Props)}});
  }
  writeSarifLog(OS,
                json::Array{sarifRule(
                    "escape-profile-missed", "MissedFrameLocalAllocation",
                    "A heap allocation site whose objects mostly died in the "
                    "frame that made them (measured by the escape profiler)")},
                std::move(Results), json::Object{{"totals", totalsJson(Rp)}}, 0,
                json::Array{}, "");
}

std::string histogramText(const Site &S) {
  std::string Out;
  for (size_t B = 0; B < S.Lifetime.size(); ++B)
    if (S.Lifetime[B])
      Out += fmt::format("{}{}: {}", Out.empty() ? "" : ", ", bucketLabel(B),
                         S.Lifetime[B]);
  return Out;
}

void writeHtmlReport(llvm::raw_ostream &OS, const Report &Rp) {
  htmlHead(OS, "clang-escape profile", /*Script=*/false);
  OS << "<header><h1>Escape profile</h1>" << htmlEscape(totalsLine(Rp));
  if (Rp.Untracked)
    OS << "<br>" << htmlEscape(untrackedLine(Rp));
  OS << "</header>\n<table class=\"files\">\n<tr><th>site</th><th>function"
        "</th><th>allocations</th><th>frame-local</th><th>outlived</th>"
        "<th>max live</th><th>lifetimes (allocations between alloc and "
        "free: objects)</th><th>kind</th><th>why on the heap, or moved</th>";
  if (Rp.Joined)
    OS << "<th>static analysis</th>";
  OS << "</tr>\n";
  auto Row = [&](const Site &S, llvm::StringRef Kind) {
    bool IsMoved = Kind == "moved";
    std::string Why = IsMoved ? movedText(S) : passReason(S);
    OS << "<tr><td>" << htmlEscape(where(S)) << "</td><td>"
       << htmlEscape(S.Function) << "</td><td>"
       << (IsMoved ? S.Converted : S.Allocations) << "</td>";
    if (IsMoved)
      OS << "<td class=\"n-stack\">-</td><td>-</td>";
    else
      OS << fmt::format("<td class=\"{}\">{} ({:.0f}%)</td><td>{}</td>",
                        Kind == "missed" ? "n-heap" : "", S.FrameLocal,
                        share(S.FrameLocal, S.Allocations),
                        S.FreedLater + S.OtherThread + S.NeverFreed);
    OS << "<td>" << (S.HasLifetime ? std::to_string(S.MaxLive) : "-")
       << "</td><td>" << htmlEscape(histogramText(S)) << "</td><td>" << Kind
       << "</td><td>" << htmlEscape(Why) << "</td>";
    if (Rp.Joined) {
      OS << "<td>"
         << htmlEscape(S.Static ? staticVerdict(S) + ": " + staticReason(S)
                                : S.NoStatic);
      for (const std::string &F : staticFlow(S))
        OS << "<br>" << htmlEscape(F);
      OS << "</td>";
    }
    OS << "</tr>\n";
  };
  for (const Site *S : Rp.Missed)
    Row(*S, "missed");
  for (const Site *S : Rp.Other)
    Row(*S, "heap");
  for (const Site *S : Rp.Moved)
    Row(*S, "moved");
  OS << "</table>\n</body></html>\n";
}

/// The absolute path of a site's file with `.` and `..` removed, as the
/// analysis names files.
std::string normalPath(llvm::StringRef File) {
  llvm::SmallString<256> P(File);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return P.str().str();
}

} // namespace

std::string escape::tool::readProfileLines(
    const std::vector<std::string> &Files,
    std::map<std::pair<std::string, unsigned>, std::string> &Lines) {
  std::map<Key, Site> Merged;
  uint64_t Untracked = 0;
  for (const std::string &F : Files)
    if (std::string E = readProfile(F, Merged, Untracked); !E.empty())
      return E;
  for (auto &[K, S] : Merged) {
    std::string &Text =
        Lines[{normalPath(S.File), static_cast<unsigned>(S.Line)}];
    Text += Text.empty() ? "profile: " : "; ";
    if (S.Converted)
      Text += fmt::format("{}:{}: {}", S.Line, S.Column, movedText(S));
    if (S.Converted && S.Allocations)
      Text += ", ";
    if (S.Allocations && !S.Converted)
      Text += fmt::format("{}:{}: ", S.Line, S.Column);
    if (S.Allocations)
      Text += heapText(S);
    if (S.Allocations && S.HasLifetime)
      Text += fmt::format("; max {} live", S.MaxLive);
  }
  return "";
}

int escape::tool::runProfileCommand(int Argc, const char **Argv,
                                    const StaticAnalysis &Analyse) {
  std::vector<std::string> Files;
  std::string Format = "text", BuildDir;
  bool HaveBuild = false;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "-h" || A == "--help" || A == "-help") {
      llvm::outs() << Usage;
      return 0;
    }
    if (A == "--format" || A == "-format" || A == "-p") {
      if (I + 1 == Argc)
        return error(A == "-p" ? "-p needs a build directory"
                               : "--format needs a value: text, json, html "
                                 "or sarif");
      (A == "-p" ? BuildDir : Format) = Argv[++I];
      HaveBuild |= A == "-p";
    } else if (A.consume_front("--format=") || A.consume_front("-format=")) {
      Format = A.str();
    } else if (A.consume_front("-p=")) {
      BuildDir = A.str();
      HaveBuild = true;
    } else if (A.starts_with("-") && A != "-") {
      return error(fmt::format("unknown option '{}'\n{}", A.str(), Usage));
    } else {
      Files.push_back(A.str());
    }
  }
  if (Format != "text" && Format != "json" && Format != "html" &&
      Format != "sarif")
    return error(fmt::format(
        "--format={}: the formats are text, json, html and sarif", Format));
  if (Files.empty())
    return error(fmt::format("no profile named\n{}", Usage));

  Report Rp;
  for (const std::string &F : Files)
    if (std::string E = readProfile(F, Rp.Merged, Rp.Untracked); !E.empty())
      return error(E);

  // The static analysis of the sites' files (once each).
  Result Static;
  std::vector<std::string> Tus;
  if (HaveBuild) {
    std::set<std::string> SiteFiles;
    for (auto &[K, S] : Rp.Merged) {
      S.File = normalPath(S.File);
      if (llvm::sys::path::is_absolute(S.File))
        SiteFiles.insert(S.File);
    }
    Tus.assign(SiteFiles.begin(), SiteFiles.end());
    if (std::string E = Analyse(BuildDir, Tus, Static); !E.empty())
      return error(E);
    joinStatic(Rp.Merged, Tus, Static);
    Rp.Joined = true;
  }

  Totals &T = Rp.T;
  for (auto &[K, S] : Rp.Merged) {
    T.Heap += S.Allocations;
    T.FrameLocal += S.FrameLocal;
    T.Converted += S.Converted;
    if (S.Converted)
      Rp.Moved.push_back(&S);
    if (S.Allocations && missed(S) && S.Moved.empty())
      Rp.Missed.push_back(&S);
    else if (S.Allocations)
      Rp.Other.push_back(&S);
  }
  // Executions of an arena site that fell back to the heap are heap
  // allocations, not conversions.
  uint64_t Fallback = 0;
  for (auto &[K, S] : Rp.Merged)
    Fallback += S.Fallback;
  Rp.Converted = T.Converted - std::min(T.Converted, Fallback);
  Rp.All = T.Heap + Rp.Converted;
  auto ByFrameLocal = [](const Site *A, const Site *B) {
    return std::tie(B->FrameLocal, B->Allocations, A->File, A->Line) <
           std::tie(A->FrameLocal, A->Allocations, B->File, B->Line);
  };
  escape::stableSort(Rp.Missed, ByFrameLocal);
  escape::stableSort(Rp.Other, ByFrameLocal);
  escape::stableSort(Rp.Moved, [](const Site *A, const Site *B) {
    return A->Converted > B->Converted;
  });

  llvm::raw_ostream &OS = llvm::outs();
  if (Format == "json")
    writeJsonReport(OS, Rp);
  else if (Format == "sarif")
    writeSarifReport(OS, Rp);
  else if (Format == "html")
    writeHtmlReport(OS, Rp);
  else
    writeTextReport(OS, Rp);
  return 0;
}
