"""Installs the build with `cmake --install` into a fresh prefix, then
configures and builds examples/cmake-project against it with
find_package(ClangEscape) and clang_escape_enable(), and prints for
FileCheck:
    FILE <path under the prefix>          every installed file
    REMARK <file:line:col>: <message>     remarks printed by the build
    RUN <line>                            the example's output
    DB <flag>                             plugin flags in compile_commands.json
    TIDY consistent                       tidy module installed iff built
    TOOL <line>                           installed clang-escape -p <build>
    GXX <warning text>                    configured with g++ instead
    REWRITE <outcome>                     REWRITE against what the plugin says
    CCACHE <...>                          a rebuild served by ccache
    SUMMARIES <...>                       cross-TU summaries (the default):
                                          the remark in a caller follows its
                                          callee's file, and the dependency
                                          file rebuilds the caller
Usage: install_example.py <srcroot> <build dir> <work dir> <clang++>"""
import os
import re
import shutil
import subprocess
import sys

src, obj, work, clangxx = sys.argv[1:5]
prefix = os.path.join(work, "prefix")
example = os.path.join(src, "examples", "cmake-project")


def run(cmd, ok=True, env=None, cwd=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, cwd=cwd)
    out = p.stdout.decode("utf-8", "replace")
    if ok and p.returncode != 0:
        sys.exit("install_example: %s failed (%d):\n%s" % (
            " ".join(cmd), p.returncode, out))
    return p.returncode, out


def configure(build, compiler, *args, ok=True, env=None):
    shutil.rmtree(build, ignore_errors=True)
    return run(["cmake", "-S", example, "-B", build, "-G", "Ninja",
                "-DCMAKE_CXX_COMPILER=" + compiler,
                "-DCMAKE_PREFIX_PATH=" + prefix] + list(args), ok=ok, env=env)


def remarks(out):
    return [re.sub(r"^.*/", "", l).replace(" remark:", "")
            for l in out.splitlines() if ": remark: " in l]


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
run(["cmake", "--install", obj, "--prefix", prefix])
installed = sorted(os.path.relpath(os.path.join(root, f), prefix)
                   for root, _, files in os.walk(prefix) for f in files)
for f in installed:
    print("FILE " + f)
# The clang-tidy module is installed when it is built.
tidy_built = os.path.exists(os.path.join(obj, "lib", "ClangEscapeTidy.so"))
tidy_installed = "lib/clang-escape/ClangEscapeTidy.so" in installed
print("TIDY " + ("consistent" if tidy_built == tidy_installed else
                 "built=%s installed=%s" % (tidy_built, tidy_installed)))

build = os.path.join(work, "build")
configure(build, clangxx)
_, out = run(["cmake", "--build", build])
for r in remarks(out):
    print("REMARK " + r)
_, out = run([os.path.join(build, "shapes")])
print("RUN " + out.strip())

with open(os.path.join(build, "compile_commands.json")) as f:
    db = f.read()
for flag in re.findall(r"-fplugin[^ \"]*", db):
    print("DB " + flag.replace(prefix, "<prefix>"))
_, out = run([os.path.join(prefix, "bin", "clang-escape"), "-p", build,
              "--summary=false"])
for line in out.splitlines():
    print("TOOL " + re.sub(r"^.*/", "", line))

# Another compiler: a clear warning, a build without the plugin.
if shutil.which("g++"):
    _, out = configure(os.path.join(work, "gxx"), "g++")
    m = re.search(r"(clang_escape_enable\(shapes\):.*?to use it\.)", out,
                  re.S)
    print("GXX " + " ".join(m.group(1).split()) if m else "GXX no warning")

# REWRITE: the flag when the plugin accepts it, a clear error when not.
probe = subprocess.run(
    [clangxx, "-fsyntax-only", "-x", "c++", os.devnull,
     "-fplugin=" + os.path.join(prefix, "lib", "clang-escape",
                                "ClangEscape.so"),
     "-fplugin-arg-escape-rewrite"], stderr=subprocess.DEVNULL).returncode
rc, out = configure(os.path.join(work, "rewrite"), clangxx,
                    "-DEXAMPLE_REWRITE=ON", ok=False)
if probe == 0:
    flag = "-fplugin-arg-escape-rewrite" in open(os.path.join(
        work, "rewrite", "compile_commands.json")).read()
    print("REWRITE consistent" if rc == 0 and flag else
          "REWRITE supported by the plugin, but configure: %d\n%s" % (rc, out))
else:
    ok = rc != 0 and "does not support -fplugin-arg-escape-rewrite" in \
        " ".join(out.split())
    print("REWRITE consistent" if ok else
          "REWRITE unsupported by the plugin, but configure: %d\n%s" % (
              rc, out))

# PROFILE: the flag and the installed runtime; the program writes a profile
# that the installed clang-escape reads.
prof = os.path.join(work, "profile")
configure(prof, clangxx, "-DEXAMPLE_PROFILE=ON")
run(["cmake", "--build", prof])
profile_json = os.path.join(work, "profile.json")
_, out = run([os.path.join(prof, "shapes")],
             env=dict(os.environ, CLANG_ESCAPE_PROFILE=profile_json))
_, report = run([os.path.join(prefix, "bin", "clang-escape"), "profile",
                 profile_json])
total = [l for l in report.splitlines() if l.startswith("total: ")]
print("PROFILE RUN " + out.strip())
print("PROFILE " + (total[0] if total else "no totals:\n" + report))

# ccache: the plugin is a plain flag; a rebuild from the cache replays the
# remarks (ccache keeps the compiler's stderr).
if shutil.which("ccache"):
    env = dict(os.environ, CCACHE_DIR=os.path.join(work, "ccache-dir"))
    cc = os.path.join(work, "ccache")
    configure(cc, clangxx, "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", env=env)
    _, first = run(["cmake", "--build", cc], env=env)
    run(["cmake", "--build", cc, "--target", "clean"], env=env)
    _, second = run(["cmake", "--build", cc], env=env)
    _, stats = run(["ccache", "--print-stats"], env=env)
    hits = sum(int(v) for k, v in re.findall(
        r"^(direct_cache_hit|preprocessed_cache_hit)\t(\d+)", stats, re.M))
    print("CCACHE hits=%d remarks first=%d second=%d same=%s" % (
        hits, len(remarks(first)), len(remarks(second)),
        remarks(first) == remarks(second)))

# Cross-TU summaries, on by default: a caller in app.cpp, its callee in
# lib.cpp. The summary files a unit read are in its dependency file, so a
# change of the callee rebuilds the caller (one build later: ninja decides
# what is out of date before it compiles lib.cpp).
proj = os.path.join(work, "xtu")
os.makedirs(proj)
def write(name, text):
    with open(os.path.join(proj, name), "w") as f:
        f.write(text)
write("CMakeLists.txt", """cmake_minimum_required(VERSION 3.20)
project(Xtu LANGUAGES CXX)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
find_package(ClangEscape REQUIRED)
option(XTU_OFF "NO_SUMMARIES" OFF)
add_executable(app app.cpp lib.cpp)
if(XTU_OFF)
  clang_escape_enable(app REMARKS NO_SUMMARIES)
else()
  clang_escape_enable(app REMARKS)
endif()
""")
write("app.cpp", "void fill(int *p);\n"
      "int main() { int *p = new int; fill(p); int r = *p; delete p;"
      " return r == 7 ? 0 : 1; }\n")
write("lib.cpp", "void fill(int *p) { *p = 7; }\n")
xb = os.path.join(work, "xtu-build")
run(["cmake", "-S", proj, "-B", xb, "-G", "Ninja",
     "-DCMAKE_CXX_COMPILER=" + clangxx, "-DCMAKE_PREFIX_PATH=" + prefix])
def app_remark(out):
    found = [r for r in remarks(out) if r.startswith("app.cpp:2:23: new int")]
    return found[0] if found else "(app.cpp not rebuilt)"
run(["cmake", "--build", xb])
run(["touch", os.path.join(proj, "app.cpp")])
_, out = run(["cmake", "--build", xb])
print("SUMMARIES read: " + app_remark(out))
_, deps = run(["ninja", "-C", xb, "-t", "deps"])
print("SUMMARIES depfile lists it: %s" % bool(
    re.search(r"escape-summaries/.*\.esum", deps)))
write("lib.cpp", "int *kept;\nvoid fill(int *p) { *p = 7; kept = p; }\n")
_, out = run(["cmake", "--build", xb])
print("SUMMARIES callee changed, same build: " + app_remark(out))
_, out = run(["cmake", "--build", xb])
print("SUMMARIES next build: " + app_remark(out))
_, out = run(["cmake", "--build", xb])
print("SUMMARIES then: " + ("no work to do" if "no work to do" in out
                             else "rebuilt again:\n" + out))
rc, _ = run([os.path.join(xb, "app")], ok=False)
print("SUMMARIES RUN exit %d" % rc)
run(["cmake", "-S", proj, "-B", xb, "-DXTU_OFF=ON"])
with open(os.path.join(xb, "compile_commands.json")) as f:
    print("SUMMARIES NO_SUMMARIES: flag %s" % (
        "present" if "escape-summaries" in f.read() else "absent"))
