# -*- Python -*- lit configuration for clang-escape.
#
# Substitutions:
#   %clangxx / %clang  clang++-22 / clang-22
#   %opt               opt-22
#   %plugin            build/lib/ClangEscape.so
#   %frontend          build/lib/ClangEscapeFrontend.so (loaded by %plugin)
#   %escape            -fplugin=%plugin (analysis + transformation)
#   %m1 / %m2          -fplugin=%plugin with -m / -m=2 remarks
#   %profile-rt        build/lib/libclang_escape_profile.a (the escape
#                      profiler's runtime)
#   %verify            -fsyntax-only -Xclang -verify (every remark expected,
#                      a missing one and an unexpected one both fail)
#   %opt-viewer        LLVM's opt-viewer.py (REQUIRES: opt-viewer: it and
#                      PyYAML and Pygments are installed)
import os
import lit.formats
import lit.llvm

lit.llvm.initialize(lit_config, config)
from lit.llvm import llvm_config

config.name = "clang-escape"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".cpp", ".c", ".ll", ".m", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py.in", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

tools = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join(
    [tools, config.environment.get("PATH", "")])
plugin = config.escape_plugin
config.substitutions.append(("%clangxx", os.path.join(tools, "clang++")))
config.substitutions.append(("%clang", os.path.join(tools, "clang")))
config.substitutions.append(("%opt", os.path.join(tools, "opt")))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(
    ("%frontend", os.path.join(os.path.dirname(plugin), "ClangEscapeFrontend.so")))
config.substitutions.append(("%tidyplugin", config.escape_tidy_plugin))
config.substitutions.append(("%escape-tool", config.escape_tool))
config.substitutions.append(("%profile-rt", config.escape_profile_rt))
config.substitutions.append(("%srcroot", config.escape_src_root))
config.substitutions.append(("%m1", f"-fplugin={plugin} -fplugin-arg-escape-m"))
config.substitutions.append(("%m2", f"-fplugin={plugin} -fplugin-arg-escape-m=2"))
config.substitutions.append(("%escape", f"-fplugin={plugin}"))
config.substitutions.append(("%verify", "-fsyntax-only -Xclang -verify"))
llvm_config.use_default_substitutions()  # FileCheck, not, count

# LLVM's opt-viewer, with PyYAML and Pygments for this Python (before %opt,
# which is a prefix of its name).
opt_viewer = os.path.join(tools, os.pardir, "share", "opt-viewer", "opt-viewer.py")
try:
    import pygments  # noqa: F401
    import yaml  # noqa: F401
    if os.path.exists(opt_viewer):
        config.available_features.add("opt-viewer")
        config.substitutions.insert(0, ("%opt-viewer", os.path.normpath(opt_viewer)))
except ImportError:
    pass

if os.path.exists(config.escape_tidy_plugin):
    config.available_features.add("tidy")
if os.path.exists(config.escape_tool):
    config.available_features.add("tool")
# GoogleMock's headers and Debian's prebuilt static libraries (libgmock-dev,
# which scripts/setup.sh installs with libgtest-dev).
if os.path.exists("/usr/include/gmock/gmock.h") and os.path.exists(
        "/usr/lib/x86_64-linux-gnu/libgmock.a"):
    config.available_features.add("gmock")
