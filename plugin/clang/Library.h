//===- Library.h - The one model of the C++ standard library ----*- C++ -*-===//
//
// What the analysis knows about standard classes and functions without
// reading their bodies, in one place. Three consumers read it:
//
//  * graph building (Models.cpp) turns a call into edges. It must never
//    miss a flow, so it uses the *may* side of every effect: a container's
//    member may keep any argument it is given, a smart pointer's reset may
//    free what it owns.
//  * dangling warnings (Dangling.cpp) must never warn about a flow that
//    does not happen, so they read the *must* side: only the members that
//    certainly keep an argument (push_back, insert...) make a warning, and
//    any member that may remove what the object holds (clear, erase,
//    reset...) ends the object's hold on it.
//  * rewrites (Rewrite.cpp) ask which calls allocate (make_unique,
//    make_shared) and which free (free, realloc, delete).
//
// Identity is by name in namespace std (the implementation's own
// iterator classes in __gnu_cxx): the library's bodies are not read. A
// class or function that is not in these tables is not modelled; its body
// (or its absence) decides.
//
//===----------------------------------------------------------------------===//

#ifndef CLANG_ESCAPE_CLANG_LIBRARY_H
#define CLANG_ESCAPE_CLANG_LIBRARY_H

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace escape::library {

/// How sure a model is that an effect happens.
enum class Certainty : unsigned char { No, May, Must };

/// Families of standard classes.
enum class ClassKind : unsigned char {
  None,
  /// vector, deque, list, forward_list, the (unordered) (multi)maps and
  /// sets: one object with its buffers; members run no user code beyond
  /// the elements' own members.
  Container,
  /// basic_string: a container of characters, copied in and out.
  String,
  /// basic_string_view: keeps the pointer it is given.
  StringView,
  /// optional, variant, any: one element, inline.
  Holder,
  /// The containers' iterators (and reverse_iterator): point into their
  /// container.
  Iterator,
  /// array, pair: analysed from their bodies.
  Aggregate,
  /// allocator, initializer_list, monostate: hold no user pointers.
  Support,
  /// char_traits, less, greater, less_equal, greater_equal, equal_to,
  /// hash: call the element type's operators.
  Operator,
  /// unique_ptr, shared_ptr, weak_ptr and their libstdc++ bases.
  SmartPointer,
  /// std::function.
  Function,
  /// thread, jthread: what they are given outlives the frame.
  Thread,
};

/// The family of a class of the standard library (None for other classes).
ClassKind classKind(const clang::CXXRecordDecl *RD);

/// Iterator classes, and any other library class named like one
/// (istream_iterator, vector<bool>'s _Bit_iterator...): their results point
/// into what they iterate.
bool isIteratorLike(const clang::CXXRecordDecl *RD);

/// Container, String, StringView or Holder: the classes the container model
/// covers (with their iterators).
bool isContainerLike(ClassKind K);

/// Classes whose members never store the object's own address, nor an
/// address inside it, anywhere: their elements (if any) live out of line, so
/// no element constructor runs on the object's storage. basic_string (small
/// buffer), node-based containers (sentinel nodes), function, optional,
/// pair and any (inline storage) are not among them.
bool keepsNoSelfAddress(const clang::CXXRecordDecl *RD);

/// What a smart pointer's member does.
enum class SmartPointerOp : unsigned char {
  None,      ///< not modelled: its body decides
  Construct, ///< takes ownership of its arguments
  Destroy,   ///< frees what it owns
  Get,       ///< ->, *, get, release, lock: returns what it owns
  Reset,     ///< =, reset: frees what it owned, takes its argument
  Swap,      ///< swap(other)
  Subscript, ///< [i]: points into what it owns
  Observe,   ///< bool, use_count, unique, expired, owner_*: reads only
};
SmartPointerOp smartPointerOp(const clang::CXXMethodDecl *MD);

/// What a member function of a standard class does to the object it is
/// called on and to its arguments, both sides of each effect. Const
/// members do neither.
struct MemberEffect {
  /// Keeps (a copy of) an element argument: Must for the members that
  /// insert or assign (push_back, insert, operator=...), May for any other
  /// non-const member of a container, No for const members.
  Certainty KeepsArgument = Certainty::No;
  /// May remove or free what the object holds (clear, erase, reset,
  /// release, swap, operator=...).
  Certainty Removes = Certainty::No;
};
MemberEffect memberEffect(const clang::CXXMethodDecl *MD);

/// A container's lookup by key (find, count, contains, lower_bound,
/// upper_bound, equal_range), const or not: it compares and hashes the key,
/// keeps nothing, removes nothing, and returns an iterator into the
/// container, a count or a bool, never a pointer into the key.
bool isLookup(const clang::CXXMethodDecl *MD);

/// Is P a parameter through which a member of a standard class (a
/// constructor, push_back, insert, assignment...) receives an element it
/// keeps: the class's value_type, an initializer_list, another object of the
/// class, or a string_view's pointer? Sizes, iterators, allocators and
/// character pointers (copied into a string) are not kept. With
/// memberEffect's Must, this is the certain side of "keeps its argument".
bool isElementParameter(const clang::ParmVarDecl *P);

/// Allocation functions of the library whose result owns a new object.
enum class Allocation : unsigned char {
  None,
  MakeUnique,             ///< make_unique
  MakeUniqueForOverwrite, ///< make_unique_for_overwrite
  MakeShared,             ///< make_shared
  MakeSharedForOverwrite, ///< make_shared_for_overwrite
  AllocateShared,         ///< allocate_shared(_for_overwrite): an allocator
  Malloc,                 ///< malloc, calloc, aligned_alloc (no body)
};
Allocation allocation(const clang::FunctionDecl *F);
inline bool isMakeUniqueLike(Allocation A) {
  return A == Allocation::MakeUnique || A == Allocation::MakeUniqueForOverwrite;
}
inline bool isMakeSharedLike(Allocation A) {
  return A == Allocation::MakeShared ||
         A == Allocation::MakeSharedForOverwrite ||
         A == Allocation::AllocateShared;
}

/// The name of a C library function (or builtin, without `__builtin_`)
/// declared without a body, with C linkage, at file scope or in std; ""
/// for anything else. Allocation and deallocation functions, memcpy and the
/// string and stdio functions the models know are looked up by it.
llvm::StringRef cLibraryName(const clang::FunctionDecl *F);

/// std::async and the constructors of thread and jthread: what they are
/// given is used by another thread and outlives the frame.
bool startsThread(const clang::FunctionDecl *F);

/// Deallocation functions: what they free is their first argument.
enum class Deallocation : unsigned char {
  None,
  Free,    ///< free, the replaceable operator delete (no body)
  Realloc, ///< realloc: frees and may allocate anew
};
Deallocation deallocation(const clang::FunctionDecl *F);

/// How a whitelisted string operator (stringReader) treats one parameter.
enum class ReadParam : unsigned char {
  /// Not a pointer (a character by value): nothing to say.
  Value,
  /// `const basic_string&`: neither the object's address nor its buffer
  /// pointer (nor anything else loaded from the object) is kept, returned
  /// or freed; only characters are read from the buffer.
  String,
  /// `const CharT*`: the pointer is neither kept, returned nor freed; the
  /// characters it points to are copied (into a result string), so what is
  /// loaded from it is *not* promised to stay uncaptured.
  Chars,
};

/// A cheap test on the name only, for walks that must not descend into
/// every declaration of the library: could D be one of stringReader's
/// functions (an operator +, ==, !=, <, >, <=, >= or <=>)?
bool mayBeStringReader(const clang::NamedDecl *D);

/// The whitelist of standard functions whose `const basic_string&`
/// parameters are only read: the non-member operator+ overloads whose
/// string parameters are all `const basic_string&` (string + string,
/// string + const CharT*, const CharT* + string, string + CharT,
/// CharT + string) and the comparisons ==, !=, <, >, <=, >= (and <=>) of
/// two such strings or of a string and a `const CharT*`; always
/// libstdc++'s small-buffer basic_string<CharT, char_traits<CharT>,
/// allocator<CharT>> (std::__cxx11) of a character type, so no user code
/// (traits, allocator, element type) runs in them and a copy owns its
/// buffer (not the copy-on-write string of _GLIBCXX_USE_CXX11_ABI=0, whose
/// copies share it).
/// Returns false for any other function; otherwise Params gets one entry
/// per parameter.
///
/// Why these only read, by the standard and not by their bodies:
/// [res.on.data.races] p2 forbids a library function to modify an object
/// reached through a const argument (the strings' pointers, sizes and
/// buffers stay as they were, so nothing is freed or reallocated); the
/// result is a new basic_string by value (its own buffer, its characters
/// copied from the operands) or a bool (or an ordering), so no pointer into
/// an operand, nor the operand's address, is returned or stored anywhere
/// that outlives the call; characters are copied, never pointers.
///
/// It is a whitelist, not "every std function taking a const string&":
/// regex_match and regex_search fill a match_results with iterators into
/// the string they are given, a basic_string_view or span built from one
/// points into its buffer, a stream may keep a pointer, and the rvalue
/// overloads of operator+ (basic_string&&) take the operand's buffer into
/// their result. None of those is here.
bool stringReader(const clang::FunctionDecl *F,
                  llvm::SmallVectorImpl<ReadParam> &Params);

} // namespace escape::library

#endif
