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
