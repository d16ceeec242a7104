//===- PassInterface.h - Front end to pass seam -----------------*- C++ -*-===//
//
// ClangEscape.so (the pass, plugin/llvm) loads ClangEscapeFrontend.so (the
// Clang plugin, plugin/clang) into clang; the two are separate shared objects
// that find each other at run time. The pass exports one symbol,
// clang_escape_pass_interface(), which hands the front end a table of
// functions; the front end looks the symbol up with dlsym, asks for the
// version it was built with and refuses (with a diagnostic, not a crash) a
// table of another version: a ClangEscape.so and a ClangEscapeFrontend.so
// from different builds.
//
// Every process-wide state the pass keeps for a translation unit (the
// limits the front end configured, the front end's verdicts, the pass
// builders the pass is registered with) is reset by one call,
// beginTranslationUnit(), at the start of each translation unit: a clang
// driver compiling several files runs them one after the other in one
// process.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_PASSINTERFACE_H
#define CLANG_ESCAPE_LLVM_PASSINTERFACE_H

#include "llvm/HeapToStack.h"

#include <cstdint>

namespace escape {

/// The version of ClangEscapePassInterface this source tree defines. Change
/// it with any change to the table or to what it points to (including
/// HeapToStackOptions).
constexpr unsigned PassInterfaceVersion = 12;

/// The name of the one symbol ClangEscape.so exports for the front end.
constexpr const char *PassInterfaceSymbol = "clang_escape_pass_interface";

} // namespace escape

/// One argument of an optimization-record remark (Records.h): Key: Value,
/// at File:Line:Col when File is not null.
struct ClangEscapeRecordArg {
  const char *Key;
  const char *Value;
  const char *File;
  unsigned Line, Col;
};

/// A remark of the analysis for the optimization record (Records.h): pass
/// "escape", type Analysis, remark name Name, in Function (its IR name),
/// at File:Line:Col as the front end printed it.
struct ClangEscapeRecord {
  const char *Name;
  const char *Function;
  const char *File;
  unsigned Line, Col;
  const ClangEscapeRecordArg *Args;
  unsigned NumArgs;
};

/// What ClangEscape.so offers the front end, in the order of a compile.
struct ClangEscapePassInterface {
  /// escape::PassInterfaceVersion of the ClangEscape.so that made the table.
  unsigned Version;
  /// Starts a translation unit: forgets everything of the previous one, then
  /// keeps Opts (the pass's limits; null: the defaults and -mllvm options)
  /// and the name of the main source file, which the facts below describe
  /// (the module whose source file name it is).
  void (*BeginTranslationUnit)(const escape::HeapToStackOptions *Opts,
                               const char *SourceFile);
  /// Registers the pass (and the facts pass) with PB, once per pass builder
  /// of the translation unit, with the limits of BeginTranslationUnit.
  void (*RegisterOnce)(llvm::PassBuilder *PB);
  /// Symbol (IR name) has NumArgs fixed IR arguments, the Clang parameters
  /// one to one (`this` first); bit I of NoCapture: argument I is a pointer
  /// the callee does not capture; bit I of NoFree (a subset): nor free
  /// (`nofree`, from the summaries' "may free" level); bit I of NoContent
  /// (a subset of NoCapture): nor capture or free anything it loads from
  /// argument I's pointee (escape::ContentFactAttr); bit I of
  /// ContentReturned (a subset of NoCapture): the same, except that such a
  /// value may be returned (escape::ContentReturnedAttr); bit I of
  /// NoReachable (a subset of NoContent): nor anything reachable from
  /// argument I at any level (escape::ReachableFactAttr); bit I of
  /// NoFreeExceptThis (a subset of NoCapture, disjoint from NoFree): nothing
  /// is freed through argument I, but `this` may free what it owns, into
  /// which argument I may point (escape::NoFreeExceptThisAttr).
  /// FrontendFacts.h.
  void (*AddFact)(const char *Symbol, unsigned NumArgs, bool VarArg,
                  uint64_t NoCapture, uint64_t NoFree, uint64_t NoContent,
                  uint64_t ContentReturned, uint64_t NoReachable,
                  uint64_t NoFreeExceptThis);
  /// -m: an allocation site the front end reported as not escaping, at
  /// File:Line:Col as its remark printed them (SiteReport.h). Sites are
  /// numbered from 0 in the order of the calls.
  void (*AddSite)(const char *File, unsigned Line, unsigned Col);
  /// Who prints, at the end of the middle end, that a site added above
  /// stays on the heap, with the pass's reason (once per site).
  void (*SetSiteReporter)(void (*Report)(void *Ctx, unsigned Site,
                                         const char *Reason),
                          void *Ctx);
  /// The front end turned on debug location tracking only so that the
  /// sites above can be found in the IR (-m without -g, -Rpass or an
  /// optimization record): the pass drops the locations once they are no
  /// longer needed, so that the rest of the compile does not pay for them.
  void (*DropLocationsAfterReport)();
  /// -fsave-optimization-record: a remark of the analysis, written to the
  /// record at the start of the pipeline (Records.h). The pass copies it.
  void (*AddRecord)(const ClangEscapeRecord *Record);
  /// Schedules the pass that writes them (and nothing else) with PB, once
  /// per pass builder of the translation unit.
  void (*RegisterRecords)(llvm::PassBuilder *PB);
  /// The same for a fact the front end proved with another translation
  /// unit's summary and does not hand over (no xtu-ir-facts): the pass's
  /// remarks say so where that callee keeps an allocation on the heap.
  void (*AddWithheldFact)(const char *Symbol, unsigned NumArgs, bool VarArg,
                          uint64_t NoCapture, uint64_t NoFree,
                          uint64_t NoContent, uint64_t ContentReturned,
                          uint64_t NoReachable, uint64_t NoFreeExceptThis);
  /// Symbol (IR name) is a member of std::basic_string whose body only the
  /// plugin puts in the module (not \p Inline: StringBodies.h). The pass
  /// keeps the plain build's call to libstdc++.so's copy where no argument
  /// points into a local variable of the caller (FrontendFacts.h,
  /// addStringBody). With \p Inline, an inline member that a profiled
  /// build keeps linkonce_odr and the plain build has available_externally.
  void (*AddStringBody)(const char *Symbol, bool Inline);
};

/// The table for \p Version, or null if this ClangEscape.so does not provide
/// that version.
extern "C" const ClangEscapePassInterface *
clang_escape_pass_interface(unsigned Version);

#endif // CLANG_ESCAPE_LLVM_PASSINTERFACE_H
