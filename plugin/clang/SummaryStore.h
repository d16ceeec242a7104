//===- SummaryStore.h - Summaries across translation units ----*- C++ -*-===//
//
// Go keeps the escape summaries of a package's functions in its export data;
// C++ has nothing of the kind, so clang-escape keeps them in a directory
// (`-fplugin-arg-escape-summaries=DIR`, `clang-escape --summaries DIR`).
// Each translation unit writes the summary of every function it defines with
// a strong external definition, and reads the summaries of the functions it
// only declares. See docs/cross-tu.md for the build this implies.
//
// One file per function, named after a hash of its USR:
//
//   clang-escape-summary 1
//   usr c:@N@lib@F@fill#*I#I#
//   sig 3f2c9a0b17d4e5c6
//   sum -;h0
//
// `sig` is a hash of everything a caller relies on when it applies the
// summary (see signatureOf); a declaration whose hash differs reads the file
// as stale. A missing, stale or malformed file means "no summary": the callee
// is unknown and every pointer it is given leaks.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_SUMMARYSTORE_H
#define CLANG_ESCAPE_CLANG_SUMMARYSTORE_H

#include "analysis/Summary.h"

#include "clang/AST/Decl.h"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace escape {

struct AnalysisOptions;

class SummaryStore {
public:
  /// Why a summary could not be used (for -m=2 notes and tests).
  enum class Status { Found, Missing, Stale, Malformed, NotEligible };

  explicit SummaryStore(std::string Dir) : Dir(std::move(Dir)) {}
  const std::string &dir() const { return Dir; }

  /// Where problems go (malformed files, unwritable directory): one message
  /// per file. Unset: ignored.
  std::function<void(const std::string &)> Warn;
  /// Print each lookup and its outcome on stderr (debug-summaries).
  bool Debug = false;
  /// Called with the path of every summary file this unit opens (whether or
  /// not its summary is usable), once per file: the plugin lists them in the
  /// compiler's dependency file (-MD), so that a build system rebuilds this
  /// unit when a summary it read changes. Unset: ignored.
  std::function<void(const std::string &)> Read;

  /// The stored summary of FD, a function declared but not defined in this
  /// translation unit; nullptr when there is none usable (Why says why).
  /// Results are cached: the same FD reads its file once. A store belongs
  /// to one translation unit (the cache is keyed by declaration).
  const Summary *lookup(const clang::FunctionDecl *FD,
                        Status *Why = nullptr) const;

  /// Writes S as the summary of Def (atomically: a unique temporary file
  /// renamed over the destination; an identical file is left untouched).
  enum class WriteResult { Failed, Unchanged, Written };
  /// Failed comes after a warning.
  WriteResult write(const clang::FunctionDecl *Def, const Summary &S) const;

  /// Functions whose summary this TU writes: a definition with external
  /// linkage that is not inline, not a template instantiation and not weak,
  /// i.e. defined in exactly one translation unit of a correct program.
  static bool exported(const clang::FunctionDecl *Def);
  /// Functions whose summary may be read: declared here, defined elsewhere.
  static bool importable(const clang::FunctionDecl *FD);

  /// The USR of FD ("" if it has none).
  static std::string usrOf(const clang::FunctionDecl *FD);
  /// The text that is hashed into `sig`: the canonical type (return and
  /// parameter types with qualifiers, variadic, noexcept, calling
  /// convention, method qualifiers), whether there is a `this`, and the
  /// noescape/lifetimebound attributes of the parameters.
  static std::string signatureOf(const clang::FunctionDecl *FD);
  /// The file holding USR's summary.
  std::string pathFor(const std::string &USR) const;

  /// File format: text (for diffing and debugging), versioned.
  static std::string render(const std::string &USR, const std::string &Sig,
                            const Summary &S);
  /// Parses a file; on failure returns false and sets Error.
  static bool parse(const std::string &Text, std::string &USR,
                    std::string &SigHash, Summary &S, std::string &Error);
  static std::string hashText(const std::string &S);
  static const char *statusName(Status S);

private:
  std::string Dir;
  struct Entry {
    Status Why = Status::Missing;
    Summary S;
  };
  mutable std::map<const clang::FunctionDecl *, Entry> Cache;
};

struct ExportStats {
  unsigned Written = 0;   ///< new or changed files
  unsigned Unchanged = 0; ///< files that already held the same summary
  unsigned Failed = 0;
};

class EscapeSession;

/// Computes and writes the summary of every function this TU exports, into
/// the session's store (which it must have).
ExportStats exportSummaries(EscapeSession &Session);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_SUMMARYSTORE_H
