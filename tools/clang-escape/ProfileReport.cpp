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
// A file that is not a profile of this version (corrupt, truncated, another
// format) is an error naming the file and what is wrong; exit status 1.
//
//===----------------------------------------------------------------------===//
#include "ProfileReport.h"

#include "analysis/StableSort.h"

#include <fmt/format.h>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace json = llvm::json;

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
};

using Key = std::tuple<std::string, int64_t, int64_t, std::string>;

constexpr const char *Usage =
    "usage: clang-escape profile FILE... [--format text|json]\n"
    "\n"
    "Merges escape profiles (written by programs built with\n"
    "-fplugin-arg-escape-profile, see docs/profile.md) and ranks the heap\n"
    "allocation sites whose objects mostly die in their frame.\n";

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
  if (*Version != 1)
    return fmt::format("{}: profile version {} is not supported (this "
                       "clang-escape reads version 1; rebuild the program "
                       "with this clang-escape's plugin and runtime)",
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

std::string heapLine(const Site &S) {
  std::string Out = fmt::format(
      "{}: {} allocations, {:.0f}% frame-local, stays on the heap: {}",
      where(S), S.Allocations, share(S.FrameLocal, S.Allocations),
      S.Reason.empty() ? "no reason recorded (the pass did not examine "
                         "this call)"
                       : S.Reason);
  return Out + fmt::format(" [in {}]", S.Function);
}

} // namespace

int escape::tool::runProfileCommand(int Argc, const char **Argv) {
  std::vector<std::string> Files;
  std::string Format = "text";
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "-h" || A == "--help" || A == "-help") {
      llvm::outs() << Usage;
      return 0;
    }
    if (A == "--format" || A == "-format") {
      if (I + 1 == Argc)
        return error("--format needs a value: text or json");
      Format = Argv[++I];
    } else if (A.consume_front("--format=") || A.consume_front("-format=")) {
      Format = A.str();
    } else if (A.starts_with("-") && A != "-") {
      return error(fmt::format("unknown option '{}'\n{}", A.str(), Usage));
    } else {
      Files.push_back(A.str());
    }
  }
  if (Format != "text" && Format != "json")
    return error(
        fmt::format("--format={}: the formats are text and json", Format));
  if (Files.empty())
    return error(fmt::format("no profile named\n{}", Usage));

  std::map<Key, Site> Merged;
  uint64_t Untracked = 0;
  for (const std::string &F : Files)
    if (std::string E = readProfile(F, Merged, Untracked); !E.empty())
      return error(E);

  std::vector<const Site *> Missed, Other, Moved;
  Totals T;
  for (auto &[K, S] : Merged) {
    T.Heap += S.Allocations;
    T.FrameLocal += S.FrameLocal;
    T.Converted += S.Converted;
    if (S.Converted)
      Moved.push_back(&S);
    if (S.Allocations && missed(S) && S.Moved.empty())
      Missed.push_back(&S);
    else if (S.Allocations)
      Other.push_back(&S);
  }
  // Executions of an arena site that fell back to the heap are heap
  // allocations, not conversions.
  uint64_t Fallback = 0;
  for (auto &[K, S] : Merged)
    Fallback += S.Fallback;
  uint64_t Converted = T.Converted - std::min(T.Converted, Fallback);
  uint64_t All = T.Heap + Converted;
  auto ByFrameLocal = [](const Site *A, const Site *B) {
    return std::tie(B->FrameLocal, B->Allocations, A->File, A->Line) <
           std::tie(A->FrameLocal, A->Allocations, B->File, B->Line);
  };
  escape::stableSort(Missed, ByFrameLocal);
  escape::stableSort(Other, ByFrameLocal);
  escape::stableSort(Moved, [](const Site *A, const Site *B) {
    return A->Converted > B->Converted;
  });

  if (Format == "json") {
    auto SiteJson = [](const Site &S) {
      return json::Object{{"file", S.File},
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
    };
    json::Array MissedJ, SitesJ;
    for (const Site *S : Missed)
      MissedJ.push_back(SiteJson(*S));
    for (auto &[K, S] : Merged)
      SitesJ.push_back(SiteJson(S));
    json::Object Out{
        {"format", "clang-escape-profile-report"},
        {"version", 1},
        {"totals",
         json::Object{
             {"allocations", static_cast<int64_t>(All)},
             {"heap", static_cast<int64_t>(T.Heap)},
             {"converted", static_cast<int64_t>(Converted)},
             {"frame_local", static_cast<int64_t>(T.FrameLocal + Converted)},
             {"frame_local_share", share(T.FrameLocal + Converted, All)},
             {"converted_share", share(Converted, All)},
             {"could_still_move_share", share(T.FrameLocal, All)},
             {"untracked_frees", static_cast<int64_t>(Untracked)}}},
        {"missed", std::move(MissedJ)},
        {"sites", std::move(SitesJ)}};
    llvm::outs() << llvm::formatv("{0:2}", json::Value(std::move(Out))) << "\n";
    return 0;
  }

  llvm::raw_ostream &OS = llvm::outs();
  if (!Missed.empty()) {
    OS << "missed opportunities (mostly frame-local, still on the heap), by "
          "frame-local allocations:\n";
    for (const Site *S : Missed)
      OS << heapLine(*S) << "\n";
  }
  if (!Other.empty()) {
    OS << "other heap sites:\n";
    for (const Site *S : Other)
      OS << heapLine(*S) << "\n";
  }
  if (!Moved.empty()) {
    OS << "moved by the heap-to-stack pass:\n";
    for (const Site *S : Moved)
      OS << fmt::format(
          "{}: {} converted ({}) [in {}]\n", where(*S), S->Converted,
          S->Moved == "stack" ? "stack slot" : "frame arena", S->Function);
  }
  OS << fmt::format("total: {} allocations ({} heap, {} moved by the pass); "
                    "{:.1f}% frame-local (the limit), {:.1f}% converted, "
                    "{:.1f}% could still move\n",
                    All, T.Heap, Converted,
                    share(T.FrameLocal + Converted, All), share(Converted, All),
                    share(T.FrameLocal, All));
  if (Untracked)
    OS << fmt::format("{} frees of blocks allocated outside the instrumented "
                      "code (libraries such as libstdc++.so, translation "
                      "units built without -fplugin-arg-escape-profile): not "
                      "counted\n",
                      Untracked);
  return 0;
}
