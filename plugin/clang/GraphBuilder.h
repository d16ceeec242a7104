//===- GraphBuilder.h - Location graph from a Clang AST ---------*- C++ -*-===//
#ifndef CLANG_ESCAPE_CLANG_GRAPHBUILDER_H
#define CLANG_ESCAPE_CLANG_GRAPHBUILDER_H

#include "clang/Analyzer.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

namespace escape {

inline NoteText exprNote(const clang::Expr *E) { return NoteText(NoteExpr, E); }

/// Renders a deferred note.
std::string renderNote(const NoteText &T, const clang::ASTContext &Ctx);
/// Short source text of an expression, whitespace folded, at most Max chars.
std::string exprText(const clang::Expr *E, const clang::ASTContext &Ctx,
                     unsigned Max = 40);

/// Builds the location graph of one function body (Go's escape/expr.go,
/// stmt.go, assign.go and call.go in one class). Every construct it does not
/// model makes the values involved escape, with Reason::Unhandled.
class GraphBuilder {
public:
  GraphBuilder(Analyzer &A, const clang::FunctionDecl *FD, FunctionResult &R);
  void build();
  /// Fills the origin table of variables (FunctionResult::VarOf).
  void recordVariables();

  // Used by the library models (Models.cpp).
  Graph &G;
  Analyzer &A;
  clang::ASTContext &Ctx;

  /// Flows the value of E into K.
  void value(Hole K, const clang::Expr *E);
  void castValue(Hole K, const clang::CastExpr *CE);
  void binaryValue(Hole K, const clang::BinaryOperator *BO);
  /// Flows the address of the object the glvalue E designates into K.
  void addrOf(Hole K, const clang::Expr *E);
  /// Evaluates E for its effects only (an operand of a modelled call is
  /// captured, see isModelledOperand).
  void discard(const clang::Expr *E) {
    value(isModelledOperand(E) ? G.capturedHole() : G.discardHole(), E);
  }
  /// The hole for assigning to the glvalue E.
  Hole assignHole(const clang::Expr *E);
  /// `Lhs = Rhs` (E): evaluates Rhs into Lhs.
  void assign(const clang::Expr *Lhs, const clang::Expr *Rhs,
              const clang::Expr *E);
  /// A temporary holding the value (or, for reference parameters, the
  /// address) of an argument.
  int argTemp(const clang::Expr *Arg, bool ByReference);
  /// A fresh temporary location.
  int temp(const std::string &Name, const clang::Expr *E);
  /// Is K the destination object of a prvalue (no dereference, a place
  /// that is an object)?
  bool isObjectHole(Hole K) const;
  /// Sends into K the address of a temporary holding Prvalue's value.
  void materialize(Hole K, const clang::Expr *Prvalue, const clang::Expr *At);
  /// A temporary holding the address of location Loc.
  int addressOf(int Loc, const clang::Expr *E);
  /// Leaks the value of a temporary to the heap.
  void leak(int Loc, Reason Why, const clang::Expr *At, NoteText What);
  /// Allocation site for E; its address flows into K.
  int allocSite(Hole K, const clang::Expr *E, AllocInfo Info);

  std::string text(const clang::Expr *E, unsigned Max = 40) const;
  Pos pos(const clang::Expr *E) const { return toPos(E->getExprLoc()); }
  bool mayHoldPointer(clang::QualType T);
  /// Do a pointer's bytes become a non-pointer when a value of type From is
  /// reinterpreted as type To (bit_cast, a union member, an lvalue cast)?
  /// True when From may hold a pointer and To is not the same
  /// representation of it.
  bool bitsLeave(clang::QualType From, clang::QualType To);
  /// The hole of Reason::Bits: a pointer's representation leaves as a
  /// non-pointer (integer, bytes, text, a file); what reaches it escapes.
  Hole bitsHole(const clang::Expr *At);
  /// Inside a library model: is E the receiver or an argument of the call
  /// the model handles? Its value is then captured in LLVM's sense (the
  /// model is no proof of what the library does with the address).
  bool isModelledOperand(const clang::Expr *E) const;
  /// Records that the value of temporary T, an operand of a modelled call,
  /// may be captured in LLVM's sense.
  void captureOperand(int T, const clang::Expr *E);
  /// Do the special members of RD keep nothing outside the object?
  /// (Models.cpp: containers of user classes.)
  bool selfContained(const clang::CXXRecordDecl *RD);
  bool hasOpaqueElements(const clang::CXXRecordDecl *RD, unsigned Depth);
  int loopDepth() const { return LoopDepth; }

private:
  struct CallArgs {
    const clang::Expr *Call = nullptr;
    const clang::FunctionDecl *Callee = nullptr;
    const clang::Expr *Object = nullptr; ///< implicit object (this) argument
    bool ObjectIsPointer = false;
    int ObjectLoc = -1; ///< precomputed `this` value
    std::vector<const clang::Expr *> Args;
    std::vector<int> ArgLocs; ///< precomputed argument values (instead of Args)
    Reason Unknown = Reason::UnknownCall;
    /// Set by a model whose library code keeps no copy of its operands in
    /// LLVM's sense either (the <algorithm> calls: iterators are compared
    /// and dereferenced, and what the callable does with element addresses
    /// is its own summary's): they are not captured (isModelledOperand).
    bool KeepsNoOperand = false;
  };
  void leakEverything(Reason Why, const clang::Expr *At);
  /// The location of the implicit object argument's address (or pointer
  /// value), evaluated once and kept in C.ObjectLoc; -1 without one.
  int objectLoc(CallArgs &C, const char *Name);
  /// The overrides a virtual call on an object of static class RD may run,
  /// when they are all known; false otherwise.
  bool virtualTargets(const clang::CXXMethodDecl *MD,
                      const clang::CXXRecordDecl *RD,
                      llvm::SmallVectorImpl<const clang::FunctionDecl *> &Out);
  /// Applies a virtual call as the union of its possible targets.
  void applyTargets(Hole K, CallArgs &C,
                    llvm::ArrayRef<const clang::FunctionDecl *> Targets);

  /// Counts the recursion depth of the walk over statements and
  /// expressions; ok() is false (and the function gives up, soundly) over
  /// the recursion or graph-size budget.
  struct DepthGuard {
    GraphBuilder &B;
    explicit DepthGuard(GraphBuilder &B) : B(B) { ++B.Recursion; }
    ~DepthGuard() { --B.Recursion; }
    bool ok() const;
  };

  void stmt(const clang::Stmt *S);
  void varDecl(const clang::VarDecl *VD);
  void condition(const clang::VarDecl *CondVar, const clang::Stmt *Cond);
  void initInto(int Loc, const clang::Expr *Init, const clang::VarDecl *VD);
  void call(Hole K, const clang::Expr *E);
  void applyCall(Hole K, CallArgs &C);
  void construct(int ObjAddr, const clang::CXXConstructExpr *CE, Hole Copy);
  void destroy(int ObjAddr, clang::QualType T, const clang::Expr *At);
  void newExpr(Hole K, const clang::CXXNewExpr *NE);
  void lambda(Hole K, const clang::LambdaExpr *LE);
  void unhandled(Hole K, const clang::Stmt *S);
  bool model(Hole K, CallArgs &C);
  bool modelSmartPointer(Hole K, CallArgs &C, const clang::CXXMethodDecl *MD);
  bool modelFunction(Hole K, CallArgs &C, const clang::CXXMethodDecl *MD);
  bool modelAlgorithm(Hole K, CallArgs &C);
  void applyCallable(Hole K, int Callable, const clang::CXXMethodDecl *Call,
                     llvm::ArrayRef<int> Values, llvm::ArrayRef<int> Addresses,
                     const clang::Expr *At);
  bool storeCallable(int Self, const clang::Expr *Arg, const clang::Expr *At);
  bool modelContainer(Hole K, CallArgs &C, const clang::CXXMethodDecl *MD);
  /// Values inserted into a stream (Args from First): printed addresses
  /// escape.
  void insertedValues(llvm::ArrayRef<const clang::Expr *> Args, unsigned First,
                      const clang::Expr *At);
  int varLoc(const clang::ValueDecl *VD);
  // Flow sensitivity for local pointers whose address is never taken.
  void findVersioned(const clang::Stmt *Body);
  bool isVersioned(const clang::Expr *E) const;
  int newVersion(const clang::VarDecl *VD);
  void enterRegion(bool Loop);
  void restoreRegion();
  void leaveRegion();
  /// A control-flow region (branches, loop, try): the versions on entry,
  /// the versions made inside, and for loops the head versions.
  struct Region {
    llvm::DenseMap<const clang::VarDecl *, int> Pre, Heads;
    llvm::DenseMap<const clang::VarDecl *, llvm::SmallVector<int, 2>> Made;
  };
  llvm::DenseSet<const clang::VarDecl *> Versioned;
  llvm::DenseMap<const clang::VarDecl *, int> Cur; ///< current version
  std::vector<Region> Regions;
  int fieldPart(const clang::Expr *E);
  int fieldPart(const clang::VarDecl *VD, const clang::FieldDecl *F);
  bool initFields(const clang::VarDecl *VD, const clang::InitListExpr *ILE);
  void declRefAddr(Hole K, const clang::DeclRefExpr *DRE);
  bool isLocalStorage(const clang::VarDecl *VD) const;
  Hole withNote(Hole K, Reason Why, const clang::Expr *E);

  const clang::FunctionDecl *FD;
  FunctionResult &R;
  const clang::SourceManager &SM;
  llvm::DenseMap<const clang::ValueDecl *, int> Vars;
  /// Field parts of local objects, by (variable, field).
  llvm::DenseMap<std::pair<const clang::ValueDecl *, const clang::FieldDecl *>,
                 int>
      FieldParts;
  llvm::DenseMap<const clang::Type *, bool> PointerTypes;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> SelfContained;
  llvm::DenseSet<const clang::CXXRecordDecl *> OpaqueClasses;
  llvm::DenseMap<const clang::ValueDecl *, clang::FieldDecl *> CaptureFields;
  /// The call a library model is handling (see isModelledOperand).
  const CallArgs *Modelled = nullptr;
  int ThisLoc = -1;
  clang::FieldDecl *ThisCapture = nullptr; ///< lambda: the captured `this`
  int LoopDepth = 0;
  /// Statements and expressions in the body (findVersioned).
  size_t BodyNodes = 0;
  unsigned Recursion = 0;
  bool IsLambdaBody = false;
};

/// Is argument ArgIdx (-1: the implicit object) of Callee annotated
/// [[clang::lifetimebound]] (the result may refer to it)?
bool isLifetimeBound(const clang::FunctionDecl *Callee, int ArgIdx,
                     unsigned NumFixed);

/// True for std::unique_ptr / shared_ptr / weak_ptr (and libstdc++'s
/// __shared_ptr / __weak_ptr bases) with the default deleter.
bool isModelledSmartPointer(const clang::CXXRecordDecl *RD);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_GRAPHBUILDER_H
