//===- Records.cpp - The analysis' remarks in optimization records -------===//
//
// See Records.h.
//
//===----------------------------------------------------------------------===//
#include "llvm/Records.h"
#include "llvm/PassInterface.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Remarks/Remark.h"
#include "llvm/Remarks/RemarkSerializer.h"
#include "llvm/Remarks/RemarkStreamer.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace llvm;

namespace {

struct Arg {
  std::string Key, Value, File;
  unsigned Line = 0, Col = 0;
};

struct Record {
  std::string Name, Function, File;
  unsigned Line = 0, Col = 0;
  std::vector<Arg> Args;
};

struct RecordState {
  std::mutex M;
  std::string SourceFile;
  std::vector<Record> Records;
};

RecordState &state() {
  static RecordState S;
  return S;
}

std::string str(const char *S) { return S ? S : ""; }

std::optional<remarks::RemarkLocation> location(const std::string &File,
                                                unsigned Line, unsigned Col) {
  if (File.empty() || !Line)
    return std::nullopt;
  return remarks::RemarkLocation{File, Line, Col};
}

} // namespace

void escape::resetRecords(StringRef SourceFile) {
  RecordState &S = state();
  std::lock_guard<std::mutex> Lock(S.M);
  S.SourceFile = SourceFile.str();
  S.Records.clear();
}

void escape::addRecord(const ClangEscapeRecord &R) {
  Record Copy;
  Copy.Name = str(R.Name);
  Copy.Function = str(R.Function);
  Copy.File = str(R.File);
  Copy.Line = R.Line;
  Copy.Col = R.Col;
  for (unsigned I = 0; R.Args && I < R.NumArgs; ++I) {
    const ClangEscapeRecordArg &A = R.Args[I];
    Copy.Args.push_back({str(A.Key), str(A.Value), str(A.File), A.Line, A.Col});
  }
  RecordState &S = state();
  std::lock_guard<std::mutex> Lock(S.M);
  S.Records.push_back(std::move(Copy));
}

bool escape::recordsPending() {
  RecordState &S = state();
  std::lock_guard<std::mutex> Lock(S.M);
  return !S.Records.empty();
}

PreservedAnalyses escape::RecordsPass::run(Module &M, ModuleAnalysisManager &) {
  RecordState &S = state();
  std::lock_guard<std::mutex> Lock(S.M);
  // The records describe the module of one translation unit, as CodeGen
  // emitted it (as FrontendFactsPass); written once.
  if (S.Records.empty() || M.getSourceFileName() != S.SourceFile)
    return PreservedAnalyses::all();
  std::vector<Record> Records = std::move(S.Records);
  S.Records.clear();
  remarks::RemarkStreamer *RS = M.getContext().getMainRemarkStreamer();
  if (!RS || !RS->matchesFilter("escape"))
    return PreservedAnalyses::all();
  for (const Record &R : Records) {
    remarks::Remark Out;
    Out.RemarkType = remarks::Type::Analysis;
    Out.PassName = "escape";
    Out.RemarkName = R.Name;
    Out.FunctionName = R.Function;
    Out.Loc = location(R.File, R.Line, R.Col);
    for (const Arg &A : R.Args) {
      remarks::Argument &To = Out.Args.emplace_back(A.Key, A.Value);
      To.Loc = location(A.File, A.Line, A.Col);
    }
    RS->getSerializer().emit(Out);
  }
  return PreservedAnalyses::all();
}
