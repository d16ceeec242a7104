//===- StringBodies.h - std::string's members in the translation unit ----===//
//
// Under C++17 and earlier, libstdc++ declares `extern template class
// basic_string<char>` (and `<wchar_t>`): the members that allocate
// (_M_create, _M_construct, _M_mutate, reserve...) are then never
// instantiated in the translation unit, and every call goes to the copies
// compiled into libstdc++.so. The heap-to-stack pass never sees those
// allocations, so no `std::string` longer than its small buffer can move.
//
// libstdc++ has a documented switch for exactly this: when the macro
// _GLIBCXX_EXTERN_TEMPLATE is -1 (c++config.h: "disallows extern templates
// only in basic_string"), the two declarations are left out and the members
// are instantiated where they are used. That is libstdc++'s own
// configuration for C++20 (where it always leaves them out) and for
// _GLIBCXX_ASSERTIONS; nothing else reads the value -1 (every other test of
// the macro is `#if _GLIBCXX_EXTERN_TEMPLATE`, true for 1 and -1).
//
// StringBodies::inUnit() watches the preprocessor: when c++config.h defines
// the macro as `1`, it redefines it as `-1` at the same place. Anything
// else (another value, a user definition, a precompiled header or module
// that defines it without going through the preprocessor) is left alone,
// and the build is then the same as without the plugin.
//
// Left at that, the members would be implicit instantiations, compiled
// (`linkonce_odr`) into every object that uses them. Instead, once Sema is
// done, keepMembersExternal() gives the members the two declarations would
// have covered the template specialization kind the declarations would have
// given them, "explicit instantiation declaration". CodeGen then treats
// them as it treats the inline members of any `extern template`: at -O1
// and above it emits each used one `available_externally` (a body to
// inline, no comdat) and the optimizer drops the bodies before code
// generation (EliminateAvailableExternallyPass), so a call that was not
// inlined goes to libstdc++.so's copy, exactly as without the plugin; at
// -O0 it emits none of them. The pass sees the allocations of the inlined
// members, and the object holds no copy of the members: the compile does
// not code-generate them. What the members still cost is their code inlined
// into the unit's functions, optimised and code-generated there (97 % of it
// on libjsoncpp's json_reader.cpp); leaving some members to libstdc++.so
// would lose moves (lit/e2e/string-members.cpp; docs/benchmarks.md "Where
// std::string's members cost"). So keepMembersExternal() also names the
// members that are not inline (whose bodies only the plugin provides) to
// the pass, which keeps the plain build's calls of them where no argument
// points into a local variable of the caller (llvm/FrontendFacts.h,
// addStringBody; lit/e2e/string-calls.cpp).
//
// Only the members those declarations name change: the non-template member
// functions (constructors, destructors and operators included) of
// std::basic_string<char> and std::basic_string<wchar_t> (with
// std::char_traits and std::allocator, in the ABI namespace in use) and of
// their member classes, as [temp.explicit] and Clang's
// Sema::InstantiateClassMembers define them. libstdc++.so exports every one
// (its src/c++11 and src/c++17 string-inst.cc instantiate the classes
// explicitly) but the always_inline ones (_M_use_local_data), which GCC
// never emits out of line and Clang, with or without the plugin, inlines
// wherever they are called (bench/string-linkage.py checks this on any
// unit). Member template specializations (`_M_construct<const char*>`,
// the iterator-range constructors), explicit specializations, static data
// members and free functions are left alone: without the plugin they are
// implicit instantiations in the unit too (the free operator>>, operator<<
// and getline keep their own extern declarations, which the value -1 does
// not remove). Nothing changes for C++20, where libstdc++ leaves the
// declarations out itself (and libstdc++.so lacks C++20 members such as
// starts_with), nor when the macro was not redefined, nor when something
// redefined it again before basic_string.tcc was read
// (_GLIBCXX_ASSERTIONS: the declarations would be left out anyway).
//
// The plugin does all this only when the heap-to-stack pass runs on the
// code (-fplugin-arg-escape-extern-strings turns it off); analysis-only runs
// (-fsyntax-only, the tool, clang-tidy) see the headers unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_STRING_BODIES_H
#define CLANG_ESCAPE_STRING_BODIES_H

#include <memory>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class Preprocessor;
} // namespace clang

namespace escape {

/// What the preprocessor callback of one translation unit saw (see the file
/// comment). Written only while the unit is preprocessed.
class StringBodies {
public:
  /// Makes libstdc++'s std::string members part of the translation unit
  /// that PP preprocesses; the result says, once the unit is parsed, what
  /// that left out.
  static std::shared_ptr<const StringBodies> inUnit(clang::Preprocessor &PP);

  /// True when basic_string.tcc was read with the plugin's definition of
  /// _GLIBCXX_EXTERN_TEMPLATE (`-1` in place of c++config.h's `1`) in
  /// effect, in a unit compiled as C++17 or earlier: its `extern template
  /// class basic_string<char>` was left out because of the plugin alone.
  bool declarationsLeftOut() const { return LeftOut; }
  /// True when, besides, `extern template class basic_string<wchar_t>` was
  /// left out (libstdc++ has wchar_t); implies declarationsLeftOut().
  bool declaresWide() const { return Wide; }

private:
  friend class StringMembersInUnit;
  bool LeftOut = false;
  bool Wide = false;
};

/// After Sema, before CodeGen's HandleTranslationUnit: gives every member
/// the left-out declarations would have covered (see the file comment) the
/// kind TSK_ExplicitInstantiationDeclaration, which it has without the
/// plugin. Returns the number of member functions changed; nothing when
/// \p SB says no declaration was left out. \p OnlyHere, when given,
/// receives the changed members that are not inline: the ones whose bodies
/// the module holds only because of the plugin (without it, every call to
/// them goes to libstdc++.so; the inline members are in the module either
/// way). With \p Declare false (a profiled build, which keeps the members
/// in the object so that the profiler counts their allocations) no kind
/// changes, the same members are named, and the inline ones go to
/// \p Inline: CodeGen emits them linkonce_odr where the plain build has
/// them available_externally, and the pass treats them as such
/// (FrontendFacts.h), so that the profiled build inlines what the plain one
/// does.
unsigned keepMembersExternal(
    const StringBodies &SB, clang::ASTContext &Ctx,
    std::vector<const clang::FunctionDecl *> *OnlyHere = nullptr,
    bool Declare = true,
    std::vector<const clang::FunctionDecl *> *Inline = nullptr);

} // namespace escape

#endif // CLANG_ESCAPE_STRING_BODIES_H
