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

#include <optional>

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

/// A parameter of a libstdc++ std::string member (plainStringChar's string)
/// through which the member only reads characters: `const CharT* __s` of
///  * _M_append(s, n), _M_mutate(pos, len1, s, len2) and _M_replace(pos,
///    len1, s, len2), the non-inline members that append, assign, insert
///    and replace (and operator+) reach, which copy the characters into
///    the string (Mutates);
///  * the const members find, rfind, find_first_of, find_last_of,
///    find_first_not_of, find_last_not_of (s, pos, n) and compare(s),
///    compare(pos, n1, s) and compare(pos, n1, s, n2), which compare them
///    with the string's.
/// By their bodies in libstdc++ (basic_string.tcc, which libstdc++.so
/// compiles; the members run no user code): the characters are read
/// (copied, searched, compared), the pointer is at most compared with the
/// string's own buffer (whether the ranges overlap: an address comparison)
/// or with null (char_traits::find's result), and neither it nor a pointer
/// derived from it is stored, returned or freed. A mutating member may free
/// the string's old buffer (a reallocation), into which the pointer may
/// point (`s.append(s)`): that free is through the string (`this`), not
/// through the parameter; a const member frees nothing ([res.on.data.races]
/// and its body). None for any other function.
struct StringChars {
  unsigned Param; ///< the `const CharT*` parameter's index
  bool Mutates;   ///< the member may reallocate the string's buffer
};
std::optional<StringChars> stringCharsParam(const clang::FunctionDecl *F);
/// A cheap test on the name only: the basic_string class template (or a
/// specialization), or a member stringCharsParam may describe.
bool mayBeStringChars(const clang::NamedDecl *D);

/// The constructors of libstdc++'s string streams from a string:
/// basic_stringbuf, basic_istringstream, basic_ostringstream and
/// basic_stringstream (const basic_string& str, ios_base::openmode mode),
/// of plainStringChar's string (the small-buffer std::string, std::allocator).
/// By their bodies in <sstream> (libstdc++.so compiles the char and
/// wchar_t classes): basic_stringbuf's constructor copies the characters
/// into its own string (`_M_string(str.data(), str.size(),
/// str.get_allocator())`), and the streams' constructors hand `str` to that
/// member's constructor and set up the stream (basic_ios::init, the
/// locale's facets), which never sees it. Neither the argument, nor its
/// buffer pointer, nor anything else loaded from it is kept, returned or
/// freed. Not the C++20 overloads: the rvalue one (basic_string&&) takes
/// the argument's buffer, and those with another allocator are templates.
bool stringStreamFromString(const clang::FunctionDecl *F);
/// A cheap test on the name only: one of those class templates (or a
/// specialization), or a constructor of one.
bool mayBeStringStream(const clang::NamedDecl *D);

/// libstdc++'s small-buffer basic_string of a character type with
/// char_traits and std::allocator (plainStringChar in Library.cpp): its
/// members copy characters from their arguments and keep nothing they load
/// from them (not the copy-on-write string, whose copies share a buffer).
bool copiesCharacters(const clang::CXXRecordDecl *RD);

/// A constructor of a specialization of std::pair (a member template's
/// specialization too: `pair<int, Meta>::pair<int&, Meta&>`). Its body
/// only constructs the two members from the arguments (std::forward, the
/// members' own constructors), so it is analysed like user code
/// (Analyzer::definitionOf: a small library function) and the pass's facts
/// for its calls come from that summary (calleeFacts), as for the user's
/// inline functions: what proves them is the body and the constructors it
/// calls (a member's copy constructor that keeps the argument makes the
/// argument escape), not a model. libstdc++ does not compile std::pair, so
/// every copy of it in a program has this source.
bool pairConstructor(const clang::FunctionDecl *F);
/// A cheap test for walks that must not descend into every declaration of
/// the library: std::pair (the class template or a specialization), or a
/// constructor (or constructor template) of one.
bool mayBePairConstructor(const clang::NamedDecl *D);

/// The libstdc++ class templates behind the associative containers:
/// std::_Hashtable (unordered_{set,map,multiset,multimap}) and std::_Rb_tree
/// ({set,map,multiset,multimap}).
enum class KeyTable : unsigned char { None, Hashtable, RbTree };

/// A cheap test on the name only, for walks that must not descend into
/// every declaration of the library: is D the class template std::_Hashtable
/// or std::_Rb_tree, or a specialization of one (None otherwise)?
KeyTable keyTable(const clang::NamedDecl *D);

/// A key lookup of a KeyTable specialization (keyLookup): the container's
/// key type and the functors the member calls on the key.
struct KeyLookup {
  clang::QualType Key;
  /// _Hashtable: its Hash and Equal; _Rb_tree: its Compare.
  llvm::SmallVector<clang::QualType, 2> Functors;
};

/// A cheap test on the name only (UsedFunctions): could MD be one of
/// keyLookup's members (find, count, lower_bound, upper_bound of a KeyTable
/// specialization)?
bool mayBeKeyLookup(const clang::CXXMethodDecl *MD);

/// The members of a KeyTable specialization that only read their key, given
/// functors that only read it: find and count (_Hashtable, _Rb_tree),
/// lower_bound and upper_bound (_Rb_tree), const or not, whose one parameter
/// is `const key_type&`; never a member template (the heterogeneous
/// _M_find_tr, _M_count_tr... of transparent functors) nor equal_range.
/// The table's key extractor must be libstdc++'s own (std::__detail::
/// _Identity or _Select1st for _Hashtable, with its __detail range hashing
/// and rehash policy; std::_Identity or std::_Select1st for _Rb_tree).
/// Returns false for anything else; otherwise Out names the key type and
/// the functors, which the caller must prove readers of the key
/// (keyFunctor).
///
/// What was checked, in libstdc++ 12's hashtable.h, hashtable_policy.h and
/// stl_tree.h: these members take the key by `const key_type&` and hand it,
/// by that reference, only to the functors: _Hashtable's find calls
/// _M_key_equals (Equal on the key and a stored key, through
/// _ExtractKey{}), or _M_hash_code (Hash on the key) and _M_find_node /
/// _M_find_before_node / _M_equals (the cached code, then Equal); count
/// calls find, then Equal on stored keys only (_M_node_equals); _Rb_tree's
/// find, lower_bound and upper_bound walk the tree with _M_lower_bound /
/// _M_upper_bound (Compare on a stored key and the key) and find compares
/// once more; count is equal_range (the same walks) and std::distance. None
/// copies the key, stores a pointer to it, allocates, frees or calls the
/// allocator; the results are an iterator to a node or a count. So the key
/// is captured or freed, or anything loaded from it is, only if a functor
/// does it.
bool keyLookup(const clang::CXXMethodDecl *MD, KeyLookup &Out);

/// What a container functor called on keys of type Key is.
enum class KeyFunctor : unsigned char {
  /// Neither of the others: nothing is known of it.
  None,
  /// The library's own reader: std::hash, equal_to, less, greater,
  /// less_equal or greater_equal of Key itself, instantiated from the
  /// library's templates (or the library's explicit specializations), not a
  /// user's specialization, where Key is
  ///  * an arithmetic or pointer type (the built-in operators, a cast to
  ///    size_t: a pointer key is never dereferenced);
  ///  * an enumeration, for std::hash only (a cast to the underlying type;
  ///    the comparisons would call a user's operator< or == of the enum);
  ///  * libstdc++'s small-buffer std::basic_string of a character type (as
  ///    stringReader: its comparisons only read it, its hash reads the
  ///    characters; ADL finds no user operator for it).
  /// Not std::less<void> and the other transparent functors, nor any other
  /// type (std::less<UserClass> calls the user's operator<).
  Reader,
  /// A class declared outside the system headers: its operator() overloads
  /// are user code, for the caller to prove (IRFacts.cpp).
  User,
};
KeyFunctor keyFunctor(clang::QualType Functor, clang::QualType Key);

/// A specialization of a function template of namespace std that is not a
/// member, or a static member function of a specialization of a class
/// template of std, whose every template argument (of the function, of the
/// class) is a scalar (arithmetic or enumeration), a pointer to one
/// (cv-qualified or not), an integer, an iterator category tag, or one of
/// libstdc++'s wrappers of the built-in `<` and `==`
/// (__gnu_cxx::__ops::_Iter_less_iter, _Iter_less_val, _Val_less_iter,
/// _Iter_equal_to_iter, _Iter_equal_to_val): the algorithms on arrays of
/// scalars and their helpers (std::sort's __introsort_loop and
/// __final_insertion_sort on `int*`, std::__copy_move_a...), in which no
/// user code can run. Their bodies are analysed like user code
/// (Analyzer::definitionOf), and the pass's facts for their calls come from
/// those summaries (calleeFacts): what proves them is the body, not a
/// model, and a linkonce_odr copy elsewhere has the same source.
bool scalarAlgorithm(const clang::FunctionDecl *FD);
/// A cheap test for walks that must not descend into every declaration of
/// the library: could D (a function template of std, a class template of
/// std, a specialization of either, or a static member function of one) be
/// or contain scalarAlgorithm functions?
bool mayBeScalarAlgorithm(const clang::Decl *D);

} // namespace escape::library

#endif
