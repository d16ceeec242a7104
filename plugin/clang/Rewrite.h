//===- Rewrite.h - Source rewrites for frame-local allocations --*- C++ -*-===//
//
// Turns the analysis' verdicts into source rewrites (fix-its). For every
// allocation site of the main file that the analysis proves frame-local, the
// planner decides whether one of three rewrites can express every use of the
// allocation, and if so produces the edits:
//
//  * `auto p = std::make_unique<T>(args);`, p only used as `p->m`, `*p` and
//    `p.get()`: `T p(args);` with the uses rewritten (`p.m`, `p`, `&p`);
//  * `std::make_shared<T>(args)`: `std::allocate_shared<T>(
//    escape::ArenaAllocator<T>(escape_arena), args)` over an
//    `escape::FrameArena<N> escape_arena;` declared first in the function,
//    so every copy and weak reference dies before the arena;
//  * `T *p = new T(args); ... delete p;`: `T p_obj(args); T *p = &p_obj;`
//    and the delete removed, when the destructor still runs at the same
//    point (the delete ends p's scope, or T is trivially destructible);
//    otherwise, and for objects too large for the stack, the arena form
//    `new (escape::ArenaNew(escape_arena)) T(args)` with every `delete p`
//    turned into `escape_arena.destroy(p)` (arrays: `newArray<T>(n)` and
//    `destroyArray`), which keeps the destructor where the delete was.
//
// Sites in templates of the main file are planned per instantiation and
// rewritten when all instantiations agree; with Headers, inline functions
// of headers are planned too.
//
// Each refusal carries the reason. Shared by the clang-tidy module
// (ClangEscapeTidy.so) and the plugin's -fplugin-arg-escape-rewrite.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_REWRITE_H
#define CLANG_ESCAPE_CLANG_REWRITE_H

#include "clang/Session.h"

#include "clang/Basic/Diagnostic.h"

#include <string>
#include <vector>

namespace escape {

struct RewriteOptions {
  bool MakeUnique = true; ///< offer make_unique -> stack object
  bool MakeShared = true; ///< offer make_shared -> allocate_shared + arena
  bool NewDelete = true;  ///< offer new/delete -> stack object
  /// Offer the arena form of new/delete (`new (escape::ArenaNew(arena))
  /// T(...)` / `arena.newArray<T>(n)`, the deletes turned into
  /// `arena.destroy(p)`) for arrays, objects too large for the stack, and
  /// objects whose destructor timing a stack object cannot keep.
  bool NewDeleteArena = true;
  /// Rewrite new/delete of a type with a non-trivial destructor even when
  /// code between the new and the delete may throw. The original program
  /// then leaks the object (its destructor never runs); the rewritten one
  /// destroys it during unwinding.
  bool NewDeleteIgnoreExceptions = false;
  /// Stack buffer of the frame arena declared for make_shared rewrites.
  uint64_t ArenaBytes = defaults::RewriteArenaBytes;
  /// How the arena header is included (`<escape/FrameArena.h>`).
  std::string ArenaInclude = "<escape/FrameArena.h>";
  /// Not empty when ArenaInclude cannot be found with the translation
  /// unit's flags: the arena rewrites are refused with this reason (a fix
  /// that does not build is worse than none).
  std::string ArenaUnavailable;
  /// Also plan functions of non-system headers (the clang-tidy check, whose
  /// HeaderFilterRegex then decides which headers get diagnostics and
  /// fixes). Inline functions only: ODR makes their body the same in every
  /// translation unit; functions with internal linkage and templates
  /// defined in headers are refused.
  bool Headers = false;
  /// Follow the inserted #include with `#line 1` so that line numbers of
  /// the rewritten buffer match the file on disk (compiling in memory).
  bool KeepLineNumbers = false;
};

struct RewriteSite {
  enum Kind : uint8_t { MakeUnique, MakeShared, NewDelete };
  Kind K = MakeUnique;
  clang::SourceLocation Loc; ///< the allocation expression
  std::string What;          ///< as in remarks: `std::make_unique<T>()`
  Placement Place = Placement::Stack;
  bool Rewritable = false;
  std::string Action; ///< what the rewrite does (when Rewritable)
  std::string WhyNot; ///< why there is no rewrite (when !Rewritable)
  std::vector<clang::FixItHint> Fixes;
  /// Edits this site's fixes rely on that another site carries (the frame
  /// arena's declaration, made by the first arena site of the function, and
  /// the #include, made by the first of the file): added when this site is
  /// applied alone, as an editor's code action is. Applying all sites
  /// together (clang-tidy --fix, applyRewrites) uses Fixes only.
  std::vector<clang::FixItHint> Standalone;
  bool UsesArena = false; ///< the fixes declare or use the frame arena
};

/// Every frame-local make_unique / make_shared / new site of the main file
/// (and of headers, with Options.Headers), in source order, with its rewrite
/// or the reason there is none. Sites the options disable are left out. A
/// site in a template is planned in each of its instantiations; it is
/// reported when frame-local in all of them and rewritten when every
/// instantiation accepts the same edits (templates of the main file only:
/// a header's template is instantiated by other translation units too).
std::vector<RewriteSite> planRewrites(EscapeSession &Session,
                                      const RewriteOptions &Opts);

/// Applies the fixes of the rewritable sites to the main file's text.
/// Returns false (and leaves Out alone) if edits overlap.
bool applyRewrites(clang::ASTContext &Ctx,
                   const std::vector<RewriteSite> &Sites, std::string &Out);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_REWRITE_H
