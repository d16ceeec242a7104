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
// are instantiated where they are used, as linkonce_odr functions. That is
// libstdc++'s own configuration for C++20 (where it always leaves them out)
// and for _GLIBCXX_ASSERTIONS; nothing else reads the value -1 (every other
// test of the macro is `#if _GLIBCXX_EXTERN_TEMPLATE`, true for 1 and -1).
// The program means the same: the members come from the same template
// source as libstdc++.so's, and the one-definition rule makes the copies
// interchangeable, as they already are between C++17 and C++20 objects
// linked together.
//
// stringMembersInUnit() watches the preprocessor: when c++config.h defines
// the macro as `1`, it redefines it as `-1` at the same place. Anything
// else (another value, a user definition, a precompiled header or module
// that defines it without going through the preprocessor) is left alone,
// and the build is then the same as without the plugin.
//
// The plugin does this only when the heap-to-stack pass runs on the code
// (-fplugin-arg-escape-extern-strings turns it off); analysis-only runs
// (-fsyntax-only, the tool, clang-tidy) see the headers unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_STRING_BODIES_H
#define CLANG_ESCAPE_STRING_BODIES_H

namespace clang {
class Preprocessor;
} // namespace clang

namespace escape {

/// Makes libstdc++'s std::string members part of the translation unit that
/// PP preprocesses (see the file comment).
void stringMembersInUnit(clang::Preprocessor &PP);

} // namespace escape

#endif // CLANG_ESCAPE_STRING_BODIES_H
