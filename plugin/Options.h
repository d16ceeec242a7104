//===- Options.h - Every option of clang-escape, and its default -*- C++
//-*-===//
//
// The one definition of each user-visible option and default. The plugin
// parses its arguments (-fplugin-arg-escape-<arg>) from PluginArgs and prints
// its help from it; the pass's -mllvm options, bin/clang-escape, the
// clang-tidy checks and the option structs (AnalysisOptions, RewriteOptions)
// take their defaults from `defaults`. README.md's argument table is checked
// against this one (lit/ast/plugin-args-doc.test).
//
// No Clang or LLVM here: the pass plugin, the front end and the tools include
// it alike.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_OPTIONS_H
#define CLANG_ESCAPE_OPTIONS_H

#include <cstdint>

namespace escape {

namespace defaults {
/// Largest object (bytes) given a stack slot, by the analysis and the pass.
inline constexpr uint64_t MaxObjectBytes = 1024;
/// Stack bytes the pass may add to one function.
inline constexpr uint64_t MaxFrameBytes = 8192;
/// Stack bytes the pass may add to a function that may recurse.
inline constexpr uint64_t MaxFrameRecursiveBytes = 64;
/// The pass's frame-arena buffer per site (0: no arena).
inline constexpr uint64_t ArenaBytes = 256;
/// Stack buffer of the escape::FrameArena a source rewrite declares.
inline constexpr uint64_t RewriteArenaBytes = 1024;
} // namespace defaults

/// The plugin's arguments.
enum class PluginArgID {
  Remarks,
  RemarksOnly,
  RemarksFunction,
  RemarksPath,
  MaxObject,
  MaxFrame,
  Arena,
  Headers,
  SystemBodies,
  NoTransform,
  ExternStrings,
  Rewrite,
  RewriteArena,
  Summaries,
  NoIRFacts,
  XtuIRFacts,
  Dangling,
  NoDangling,
  Annotations,
  NoAnnotations,
  Profile,
  DebugSummaries,
  Help,
};

enum class ArgValue {
  None,  ///< a flag: `name`
  Level, ///< `name`, `name=1`, `name=2`
  Bytes, ///< `name=N`
  Path,  ///< `name=DIR`
  Text,  ///< `name=TEXT` (Meta names it in help)
};

struct PluginArgInfo {
  PluginArgID ID;
  const char *Name; ///< before any '='
  ArgValue Value;
  /// The default of a Bytes argument (printed by help); 0 otherwise.
  uint64_t Default;
  const char *Help;
  /// Not listed in help or errors (debugging aids).
  bool Hidden = false;
  /// How help shows a Text value (`sites|heap`, `regex`).
  const char *Meta = nullptr;
};

inline constexpr PluginArgInfo PluginArgs[] = {
    {PluginArgID::Remarks, "m", ArgValue::Level, 0,
     "remarks: m (or m=1) one per allocation site and parameter; m=2 also "
     "the flow that decided each escape, and a hint"},
    {PluginArgID::RemarksOnly, "m-only", ArgValue::Text, 0,
     "only these remarks: sites (allocation sites, no parameters), heap "
     "(what escapes), or sites,heap",
     false, "sites|heap"},
    {PluginArgID::RemarksFunction, "m-function", ArgValue::Text, 0,
     "only remarks of functions whose qualified name matches the regex", false,
     "regex"},
    {PluginArgID::RemarksPath, "m-path", ArgValue::Text, 0,
     "only remarks in files whose name matches the regex", false, "regex"},
    {PluginArgID::MaxObject, "max-object", ArgValue::Bytes,
     defaults::MaxObjectBytes,
     "largest object (bytes) for a stack slot; larger ones go to the frame "
     "arena"},
    {PluginArgID::MaxFrame, "max-frame", ArgValue::Bytes,
     defaults::MaxFrameBytes, "stack bytes the pass may add per function"},
    {PluginArgID::Arena, "arena", ArgValue::Bytes, defaults::ArenaBytes,
     "bytes of the frame-arena buffer per site (0 turns the arena off)"},
    {PluginArgID::Headers, "headers", ArgValue::None, 0,
     "also report functions defined in non-system headers (default: the "
     "main file only)"},
    {PluginArgID::SystemBodies, "system-bodies", ArgValue::None, 0,
     "analyse the bodies of all library functions (slower, more precise)"},
    {PluginArgID::NoTransform, "no-transform", ArgValue::None, 0,
     "analysis and remarks only, no heap-to-stack pass"},
    {PluginArgID::ExternStrings, "extern-strings", ArgValue::None, 0,
     "leave std::string's members in libstdc++.so (C++17 and earlier) "
     "instead of instantiating them in the unit, where the pass can move "
     "their allocations"},
    {PluginArgID::Rewrite, "rewrite", ArgValue::None, 0,
     "compile the source rewrites of frame-local allocations (stack "
     "objects, frame arenas) from memory"},
    {PluginArgID::RewriteArena, "rewrite-arena", ArgValue::Bytes,
     defaults::RewriteArenaBytes,
     "stack buffer of the escape::FrameArena that rewrite declares"},
    {PluginArgID::Summaries, "summaries", ArgValue::Path, 0,
     "write and read cross-translation-unit summaries in this directory"},
    {PluginArgID::NoIRFacts, "no-ir-facts", ArgValue::None, 0,
     "do not hand the analysis' verdicts to the pass"},
    {PluginArgID::XtuIRFacts, "xtu-ir-facts", ArgValue::None, 0,
     "also hand the pass the verdicts from cross-TU summaries"},
    {PluginArgID::Dangling, "Wdangling", ArgValue::None, 0,
     "warn about addresses of locals that outlive their frame"},
    {PluginArgID::NoDangling, "Wno-dangling", ArgValue::None, 0,
     "turn Wdangling off (the last one wins)"},
    {PluginArgID::Annotations, "Wannotations", ArgValue::None, 0,
     "warn about broken noescape and lifetimebound contracts"},
    {PluginArgID::NoAnnotations, "Wno-annotations", ArgValue::None, 0,
     "turn Wannotations off (the last one wins)"},
    {PluginArgID::Profile, "profile", ArgValue::None, 0,
     "instrument the remaining heap allocations for the escape profiler "
     "(link build/lib/libclang_escape_profile.a; docs/profile.md)"},
    {PluginArgID::DebugSummaries, "debug-summaries", ArgValue::None, 0,
     "print every summary computed", /*Hidden=*/true},
    {PluginArgID::Help, "help", ArgValue::None, 0,
     "list the arguments with their meaning"},
};

/// The entry of ID in PluginArgs.
constexpr const PluginArgInfo &pluginArg(PluginArgID ID) {
  for (const PluginArgInfo &A : PluginArgs)
    if (A.ID == ID)
      return A;
  return PluginArgs[0];
}

} // namespace escape

#endif // CLANG_ESCAPE_OPTIONS_H
