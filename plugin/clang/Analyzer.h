//===- Analyzer.h - Escape analysis over a Clang AST ------------*- C++ -*-===//
//
// The Clang-facing half of clang-escape: builds the location graph of a
// function from its AST (GraphBuilder.cpp), models library functions
// (Models.cpp) and computes parameter summaries bottom-up over the call graph
// (Summaries.cpp). The solver itself lives in analysis/ and knows no Clang.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_ANALYZER_H
#define CLANG_ESCAPE_CLANG_ANALYZER_H

#include "Options.h"
#include "analysis/Escape.h"
#include "analysis/Report.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace escape {

class SummaryStore;

struct AnalysisOptions {
  uint64_t MaxObjectBytes = defaults::MaxObjectBytes;
  /// Deepest chain of callees analysed for summaries before a callee is
  /// treated as unknown (bounds stack use).
  unsigned MaxCallDepth = 64;
  /// Iterations of a recursive group of functions before giving up on it.
  unsigned MaxSccIterations = 8;
  /// Analyse bodies of functions defined in system headers (slower, more
  /// precise); otherwise they are modelled or unknown.
  bool SystemBodies = false;
  /// System-header functions up to this many AST nodes are analysed anyway.
  unsigned SmallFunctionNodes = 32;
  /// Print every summary computed (for debugging the analysis).
  bool DebugSummaries = false;
  /// Summaries of functions defined in other translation units
  /// (SummaryStore.h); null: such functions are unknown.
  const SummaryStore *Store = nullptr;
  Graph::Limits Limits;
};

/// Encodes a Clang SourceLocation for the solver and back.
inline Pos toPos(clang::SourceLocation L) {
  return static_cast<Pos>(L.getRawEncoding());
}
inline clang::SourceLocation fromPos(Pos P) {
  return clang::SourceLocation::getFromRawEncoding(
      static_cast<clang::SourceLocation::UIntTy>(P));
}

/// The analysis of one function: its solved graph, what the report needs,
/// and the origin tables that tie the graph back to the AST. Consumers find
/// the location of an allocation or a variable through the tables, never by
/// matching source positions or printed names (a macro expands to many
/// expressions at one position; names repeat).
struct FunctionResult {
  Graph G;
  Summary S;
  std::vector<std::string> ParamNames; ///< "" for parameters not reported
  std::vector<Pos> ParamPositions;
  /// Allocation expression (new-expression, make_unique/make_shared call,
  /// modelled allocation call) -> its Alloc locations (more than one when
  /// the expression is built more than once, e.g. a default argument).
  llvm::DenseMap<const clang::Expr *, llvm::SmallVector<int, 1>> AllocsOf;
  /// Variable, parameter or global -> its location (as declared).
  llvm::DenseMap<const clang::ValueDecl *, int> VarOf;
  /// Location -> the variable it stands for: the declared location and
  /// every version of a flow-sensitive variable (GraphBuilder.cpp).
  llvm::DenseMap<int, const clang::ValueDecl *> DeclOf;

  /// The Alloc locations of E (none if E allocates nothing tracked).
  llvm::ArrayRef<int> allocsOf(const clang::Expr *E) const {
    auto It = AllocsOf.find(E);
    return It == AllocsOf.end() ? llvm::ArrayRef<int>() : It->second;
  }
  /// The location of VD, or -1.
  int varOf(const clang::ValueDecl *VD) const {
    auto It = VarOf.find(VD);
    return It == VarOf.end() ? -1 : It->second;
  }
  /// The variable a location stands for (a part of a split variable stands
  /// for the variable), or null for temporaries, allocations and the like.
  const clang::ValueDecl *declOf(int Loc) const;
};

class Analyzer {
public:
  Analyzer(clang::ASTContext &Ctx, AnalysisOptions Opts)
      : Ctx(Ctx), Opts(Opts) {}

  /// The solved analysis of FD (which must have a body), built once: the
  /// graph solved for FD's summary is kept and handed out again (see
  /// Session.h for when it cannot be and is built afresh).
  const FunctionResult &result(const clang::FunctionDecl *FD);

  /// The summary of a callee; nullptr when it has no analysable body.
  const Summary *summaryOf(const clang::FunctionDecl *FD);
  /// Whether FD's summary rests on a summary read from the store (another
  /// translation unit's file), directly or through its callees: such a
  /// summary is only as current as the directory (docs/cross-tu.md), so it
  /// must not reach the code unless the user vouches for the directory.
  bool usesStored(const clang::FunctionDecl *FD);

  /// Does the user class RD, a container's hash, equality or comparison
  /// object (library::KeyFunctor::User), only read the keys of type Key it
  /// is called on? Its operator() overloads must be plain member functions
  /// whose summaries (resting on another unit's only with AllowStored)
  /// neither capture nor free their pointer and reference parameters nor
  /// anything loaded from them, each taking the key without user code;
  /// Reachable tells whether nothing reachable from them, at any level, is
  /// captured or freed either. The front end's lookup facts (IRFacts.cpp)
  /// and the container model's lookups (Models.cpp) both ask.
  bool provenKeyReader(const clang::CXXRecordDecl *RD, clang::QualType Key,
                       bool AllowStored, bool &Reachable);

  /// Number of summary slots of FD: `this` (for instance methods) first,
  /// then the declared parameters.
  static unsigned numParams(const clang::FunctionDecl *FD);
  static bool hasThis(const clang::FunctionDecl *FD);

  clang::ASTContext &Ctx;
  AnalysisOptions Opts;

  /// Every polymorphic class defined in the TU (collected on first use;
  /// GraphBuilder.cpp: closed hierarchies for virtual calls).
  const std::vector<const clang::CXXRecordDecl *> &dynamicClasses();

private:
  std::vector<const clang::CXXRecordDecl *> DynamicClasses;
  bool DynamicClassesDone = false;
  const clang::FunctionDecl *definitionOf(const clang::FunctionDecl *FD) const;
  bool isSmall(const clang::FunctionDecl *Def) const;
  mutable std::unordered_map<const clang::FunctionDecl *, bool> SmallCache;
  struct SummaryState {
    Summary S;
    /// The graph of its latest build, while it may still become its
    /// result; null if that build met the depth limit (Opts.MaxCallDepth).
    std::unique_ptr<FunctionResult> Last;
    bool Done = false;
    int Depth = -1;             ///< stack depth while in progress
    int TentativeLow = -1;      ///< depth of its component's root
    uint64_t TentativeIter = 0; ///< that root's iteration it was built in
    /// Some build of it consulted a stored summary, or the summary of a
    /// function that did (usesStored); joined over a component.
    bool UsesStored = false;
  };
  std::unique_ptr<FunctionResult> build(const clang::FunctionDecl *FD);
  /// The summary another translation unit wrote for FD (declared, not
  /// defined here), if the store has a usable one.
  const Summary *storedSummary(const clang::FunctionDecl *FD) const;
  /// Returns the summary and the lowest in-progress depth it depended on.
  const Summary *summaryImpl(const clang::FunctionDecl *FD, int &Low);

  std::unordered_map<const clang::FunctionDecl *, SummaryState> States;
  /// Solved results by definition (result()).
  std::unordered_map<const clang::FunctionDecl *,
                     std::unique_ptr<FunctionResult>>
      Results;
  /// Calls refused a summary because of Opts.MaxCallDepth so far.
  unsigned DepthCuts = 0;
  /// Keeps St.Last of Def as its result, if it has one.
  void keepResult(const clang::FunctionDecl *Def, SummaryState &St);
  std::vector<const clang::FunctionDecl *> Stack;
  std::vector<const clang::FunctionDecl *> Tentative;
  bool SccChanged = false;
  std::vector<uint64_t> IterIds; ///< current iteration id by stack depth
  uint64_t IterCounter = 0;
  int LowSeen = 0; ///< lowest in-progress depth consulted by current build
  /// The current build consulted a stored summary (or one resting on it).
  bool StoredSeen = false;
};

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_ANALYZER_H
