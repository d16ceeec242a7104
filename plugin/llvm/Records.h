//===- Records.h - The analysis' remarks in optimization records -*- C++
//-*-===//
//
// `-fsave-optimization-record` (and -foptimization-record-file=,
// -fsave-optimization-record=yaml|bitstream) writes the remarks of LLVM's
// passes to a file for opt-viewer and other tools. The remarks of the
// escape analysis (what -m and -m=2 print as Clang diagnostics) are made by
// the front end, before LLVM's remark file is open; the front end hands
// them to the pass (PassInterface.h, AddRecord) and RecordsPass, the first
// pass of the pipeline (PipelineStart, at every optimisation level), writes
// them to the record, with pass name "escape" and type Analysis:
//
//   --- !Analysis
//   Pass:     escape
//   Name:     Escape            (DoesNotEscape, LeakingParam,
//                                ParamDoesNotEscape)
//   DebugLoc: { File: f.cpp, Line: 7, Column: 12 }
//   Function: _Z1fv
//   Args:
//     - Site: 'new int(3)'
//     - String: ' escapes to heap'
//     - String: '; '
//     - Note: 'flow: {heap} = q:'
//       DebugLoc: { File: f.cpp, Line: 9, Column: 3 }
//
// They go to the record's serializer directly, not through
// LLVMContext::diagnose: the diagnostic handler would print them a second
// time on stderr under -Rpass-analysis=escape. The record's pass filter
// (-foptimization-record-passes=) applies. The IR is not read or changed.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_RECORDS_H
#define CLANG_ESCAPE_LLVM_RECORDS_H

#include "llvm/IR/PassManager.h"

struct ClangEscapeRecord;

namespace escape {

/// Forgets the records of the previous translation unit; the next ones
/// describe the module whose source file name is \p SourceFile.
void resetRecords(llvm::StringRef SourceFile);
/// Keeps a copy of \p R for RecordsPass.
void addRecord(const ClangEscapeRecord &R);
/// True when records are waiting for RecordsPass.
bool recordsPending();

/// Writes the records to the module's optimization record, once.
class RecordsPass : public llvm::PassInfoMixin<RecordsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_RECORDS_H
