//===- PassPlugin.cpp - Pass plugin entry point ---------------------------===//
//
// Placeholder until the heap-to-stack pass lands: registers nothing.
//
//===----------------------------------------------------------------------===//
#include "llvm/HeapToStack.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

void escape::registerHeapToStackCallbacks(llvm::PassBuilder &,
                                          const HeapToStackOptions &) {}

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "ClangEscape", "0.1",
          [](llvm::PassBuilder &PB) {
            escape::registerHeapToStackCallbacks(PB, {});
          }};
}
