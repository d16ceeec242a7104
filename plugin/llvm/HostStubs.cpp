//===- HostStubs.cpp - Let opt and ld.lld load ClangEscape.so -------------===//
//
// ClangEscape.so is both the Clang plugin (-fplugin=) and the pass plugin
// (-fpass-plugin=, opt -load-pass-plugin=, ld.lld --load-pass-plugin=). It
// resolves LLVM and Clang symbols from the host process, but opt and ld.lld
// have no Clang: the Clang plugin's vtables and registry would leave data
// relocations unresolved and dlopen() would fail. (Linking libclang-cpp does
// not work either: it re-registers cl::opts that opt also defines.)
//
// These weak definitions satisfy those relocations in hosts without Clang.
// Inside clang they are never used: symbol lookup starts in the global scope
// (clang and libclang-cpp.so), which has the real, strong definitions. They
// are never called in opt/lld either (no frontend action runs there).
//
// Keep the list in sync with `nm -D --undefined-only ClangEscape.so | grep
// clang`; lit/ir/load-in-opt.ll fails when a symbol is missing.
//
//===----------------------------------------------------------------------===//
#include <cstdlib>

#define ESCAPE_WEAK_STUB_FN(Id, Mangled)                                       \
  extern "C" __attribute__((weak, used)) void Id() asm(Mangled);               \
  extern "C" void Id() { abort(); }
#define ESCAPE_WEAK_STUB_DATA(Id, Mangled, Words)                              \
  extern "C" __attribute__((weak)) void *Id[Words] asm(Mangled);               \
  __attribute__((used)) void *Id[Words] = {};

// llvm::Registry<clang::PluginASTAction>::Head / ::Tail.
ESCAPE_WEAK_STUB_DATA(escapeStubRegHead,
                      "_ZN4llvm8RegistryIN5clang15PluginASTActionEE4HeadE", 1)
ESCAPE_WEAK_STUB_DATA(escapeStubRegTail,
                      "_ZN4llvm8RegistryIN5clang15PluginASTActionEE4TailE", 1)
// vtable for clang::ASTConsumer (large enough for any slot an address
// computation could name; never read).
ESCAPE_WEAK_STUB_DATA(escapeStubASTConsumerVT, "_ZTVN5clang11ASTConsumerE", 64)
ESCAPE_WEAK_STUB_FN(escapeStubEndSourceFile,
                    "_ZN5clang14FrontendAction13EndSourceFileEv")
ESCAPE_WEAK_STUB_FN(escapeStubShouldErase,
                    "_ZN5clang14FrontendAction22shouldEraseOutputFilesEv")
ESCAPE_WEAK_STUB_FN(escapeStubFACtor, "_ZN5clang14FrontendActionC2Ev")
ESCAPE_WEAK_STUB_FN(escapeStubFADtor, "_ZN5clang14FrontendActionD2Ev")
ESCAPE_WEAK_STUB_FN(escapeStubAnchor, "_ZN5clang15PluginASTAction6anchorEv")
ESCAPE_WEAK_STUB_FN(escapeStubExecuteAction,
                    "_ZN5clang17ASTFrontendAction13ExecuteActionEv")
