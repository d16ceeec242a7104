//===- Baseline.cpp - clang-escape --baseline: only new heap escapes ------===//
#include "Baseline.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <set>
#include <tuple>

using namespace escape::tool;
namespace json = llvm::json;

static llvm::Error malformed(llvm::StringRef File, const llvm::Twine &Why) {
  return llvm::createStringError(
      "--baseline '" + File +
      "': not a report of clang-escape --format=json or --format=sarif (" +
      Why + ")");
}

// SARIF (one log): results of rule `escape` whose placement is heap.
static llvm::Expected<std::vector<BaselineSite>>
readSarif(llvm::StringRef File, const json::Object &Log) {
  std::vector<BaselineSite> Sites;
  const json::Array *Runs = Log.getArray("runs");
  if (!Runs)
    return malformed(File, "no runs");
  for (const json::Value &RunV : *Runs) {
    const json::Object *Run = RunV.getAsObject();
    const json::Array *Results = Run ? Run->getArray("results") : nullptr;
    if (!Results)
      continue;
    for (const json::Value &ResV : *Results) {
      const json::Object *Res = ResV.getAsObject();
      if (!Res || Res->getString("ruleId") != "escape")
        continue;
      const json::Object *Props = Res->getObject("properties");
      if (!Props || Props->getString("placement") != "heap")
        continue;
      const json::Array *Locs = Res->getArray("locations");
      const json::Object *Loc =
          Locs && !Locs->empty() ? (*Locs)[0].getAsObject() : nullptr;
      const json::Object *Phys =
          Loc ? Loc->getObject("physicalLocation") : nullptr;
      const json::Object *Art =
          Phys ? Phys->getObject("artifactLocation") : nullptr;
      const json::Object *Msg = Res->getObject("message");
      std::optional<llvm::StringRef> Uri =
          Art ? Art->getString("uri") : std::nullopt;
      std::optional<llvm::StringRef> Text =
          Msg ? Msg->getString("text") : std::nullopt;
      if (!Uri || !Text)
        return malformed(File, "a result without a location or a message");
      BaselineSite S;
      if (Art->getString("uriBaseId"))
        S.Path = percentDecode(*Uri);
      else if (Uri->consume_front("file://"))
        S.Path = percentDecode(*Uri);
      else
        return malformed(File, "uri '" + *Uri + "'");
      if (const json::Object *Reg = Phys->getObject("region"))
        S.Line = Reg->getInteger("startLine").value_or(0);
      S.Message = Text->str();
      Sites.push_back(std::move(S));
    }
  }
  return Sites;
}

// JSON lines: a header per file, then its LSP diagnostics.
static llvm::Expected<std::vector<BaselineSite>>
readJsonLines(llvm::StringRef File, llvm::StringRef Text) {
  std::vector<BaselineSite> Sites;
  std::string Path;
  unsigned LineNo = 0;
  for (llvm::StringRef Rest = Text; !Rest.empty();) {
    llvm::StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    ++LineNo;
    if (Line.trim().empty())
      continue;
    llvm::Expected<json::Value> V = json::parse(Line);
    if (!V) {
      std::string Why = llvm::toString(V.takeError());
      return malformed(File, "line " + llvm::Twine(LineNo) + ": " + Why);
    }
    const json::Object *O = V->getAsObject();
    if (!O)
      return malformed(File,
                       "line " + llvm::Twine(LineNo) + " is not an object");
    if (O->get("version")) { // a header
      std::optional<llvm::StringRef> P = O->getString("path");
      if (!P)
        P = O->getString("file");
      if (!P)
        return malformed(File, "line " + llvm::Twine(LineNo) +
                                   ": a header without a file");
      Path = P->str();
      continue;
    }
    if (O->getString("code") != "escape")
      continue;
    const json::Object *Data = O->getObject("data");
    if (!Data || Data->getString("placement") != "heap")
      continue;
    std::optional<llvm::StringRef> Msg = O->getString("message");
    const json::Object *Range = O->getObject("range");
    const json::Object *Start = Range ? Range->getObject("start") : nullptr;
    if (!Msg || !Start || Path.empty())
      return malformed(File, "line " + llvm::Twine(LineNo) +
                                 ": a diagnostic without a file, a range or "
                                 "a message");
    Sites.push_back(
        {Path, static_cast<unsigned>(Start->getInteger("line").value_or(0) + 1),
         Msg->str()});
  }
  return Sites;
}

llvm::Expected<std::vector<BaselineSite>>
escape::tool::readBaseline(llvm::StringRef File) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError("--baseline '" + File +
                                   "': " + Buf.getError().message());
  llvm::StringRef Text = (*Buf)->getBuffer();
  // A SARIF log is one (pretty-printed) object; JSON lines are one per line.
  if (llvm::Expected<json::Value> Whole = json::parse(Text)) {
    if (const json::Object *O = Whole->getAsObject(); O && O->get("runs"))
      return readSarif(File, *O);
  } else {
    llvm::consumeError(Whole.takeError());
  }
  return readJsonLines(File, Text);
}

BaselineOutcome
escape::tool::applyBaseline(Result &R, const std::vector<BaselineSite> &Old) {
  // Paths of both reports relative to this run's root where possible.
  auto Key = [&](llvm::StringRef Path) {
    std::string Rel = relativeTo(Path, R.SourceRoot);
    return Rel.empty() ? Path.str() : Rel;
  };
  using Exact = std::tuple<std::string, unsigned, std::string>;
  using Loose = std::pair<std::string, std::string>;
  std::map<Exact, unsigned> ByLine;
  for (const BaselineSite &S : Old)
    ++ByLine[{Key(S.Path), S.Line, S.Message}];

  // Pass 1: same path, line and message. Pass 2: same path and message.
  std::vector<RemarkRecord *> Heap;
  for (RemarkRecord &Rec : R.Remarks)
    if (!Rec.Param && Rec.Placement == "heap")
      Heap.push_back(&Rec);
  std::set<const RemarkRecord *> Known;
  for (RemarkRecord *Rec : Heap) {
    auto It = ByLine.find({Key(Rec->At.File), Rec->At.Line, Rec->Message});
    if (It != ByLine.end() && It->second) {
      --It->second;
      Known.insert(Rec);
    }
  }
  std::map<Loose, unsigned> Left;
  for (const auto &[K, N] : ByLine)
    if (N)
      Left[{std::get<0>(K), std::get<2>(K)}] += N;
  for (RemarkRecord *Rec : Heap) {
    if (Known.count(Rec))
      continue;
    auto It = Left.find({Key(Rec->At.File), Rec->Message});
    if (It != Left.end() && It->second) {
      --It->second;
      Known.insert(Rec);
    }
  }

  BaselineOutcome Out;
  Out.Known = Known.size();
  Out.New = Heap.size() - Known.size();
  // Fixed: baseline sites in files this run analysed that it no longer
  // reports (files it did not look at say nothing).
  std::set<std::string> Looked;
  for (const std::string &F : R.Files)
    Looked.insert(Key(F));
  for (const auto &[K, N] : Left)
    if (Looked.count(K.first))
      Out.Gone += N;

  std::vector<RemarkRecord> Kept;
  for (RemarkRecord &Rec : R.Remarks)
    if (!Rec.Param && Rec.Placement == "heap" && !Known.count(&Rec))
      Kept.push_back(std::move(Rec));
  R.Remarks = std::move(Kept);
  return Out;
}
