"""Builds examples/cmake-project through distcc with a local distccd and
compares it with a local build (issue 17 item 10). Installs the build with
`cmake --install` into a fresh prefix (the .deb's layout under another
prefix), starts distccd on a free localhost port, configures the example
twice against the prefix and prints for FileCheck:
    REFUSED <why>              distccd refuses the default -fplugin= spelling
    LOCAL <file:line:col: message>     remarks of the local build
    DISTCC <file:line:col: message>    remarks of the build through distcc
    SERVER <n> compiles        compiles distccd ran (its log)
    REMARKS same|differ        the two lists of remarks
    OBJECT same|differ         shapes.cpp.o of the two builds, byte for byte
    RUN <line>                 the program built through distcc
Usage: distcc_example.py <srcroot> <build dir> <work dir> <clang++ name>"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

src, obj, work, clangxx = sys.argv[1:5]
# distccd started by root drops its privileges (to user distccd or nobody):
# its log, its temporary files and the installed plugin it loads must be
# reachable by that user, and lit's work directory may sit below a
# directory only root can enter (a mktemp -d checkout). They go into a
# directory of their own under /tmp (not $TMPDIR: lit points it into the
# work directory).
shared = tempfile.mkdtemp(prefix="escape-distcc-",
                          dir="/tmp" if os.path.isdir("/tmp") else None)
os.chmod(shared, 0o755)
prefix = os.path.join(shared, "prefix")
example = os.path.join(src, "examples", "cmake-project")


def run(cmd, ok=True, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, timeout=300)
    out = p.stdout.decode("utf-8", "replace")
    if ok and p.returncode != 0:
        sys.exit("distcc_example: %s failed (%d):\n%s" % (
            " ".join(cmd), p.returncode, out))
    return p.returncode, out


def remarks(out):
    return [re.sub(r"^.*/", "", l).replace(" remark:", "")
            for l in out.splitlines() if ": remark: " in l]


def build(name, *args, env=None, ok=True):
    b = os.path.join(work, name)
    run(["cmake", "-S", example, "-B", b, "-G", "Ninja",
         "-DCMAKE_CXX_COMPILER=" + clangxx, "-DCMAKE_PREFIX_PATH=" + prefix]
        + list(args), env=env)
    rc, out = run(["cmake", "--build", b], env=env, ok=ok)
    return b, rc, out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
run(["cmake", "--install", obj, "--prefix", prefix])

logs = os.path.join(shared, "logs")
os.makedirs(logs)
os.chmod(logs, 0o1777)
log = os.path.join(logs, "distccd.log")
port = free_port()
daemon_env = dict(os.environ, TMPDIR=logs)
daemon = subprocess.Popen(
    ["distccd", "--no-detach", "--daemon", "--allow", "127.0.0.1",
     "--listen", "127.0.0.1", "--port", str(port), "--jobs", "2",
     "--log-file", log],
    env=daemon_env, start_new_session=True)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        sys.exit("distcc_example: distccd did not listen on port %d" % port)

    def distcc_env(name):
        env = dict(os.environ)
        env.update({"DISTCC_HOSTS": "127.0.0.1:%d/2" % port,
                    "DISTCC_DIR": os.path.join(work, name + "-state"),
                    # Fail instead of compiling locally.
                    "DISTCC_FALLBACK": "0", "DISTCC_SKIP_LOCAL_RETRY": "1"})
        os.makedirs(env["DISTCC_DIR"])
        return env

    launcher = "-DCMAKE_CXX_COMPILER_LAUNCHER=distcc"
    # The default spelling: distccd refuses any -fplugin=.
    _, rc, out = build("refused", launcher, env=distcc_env("refused"),
                       ok=False)
    with open(log) as f:
        said = "-fplugin= and/or -specs= passed" in f.read()
    print("REFUSED " + ("build failed, distccd: -fplugin= is not supported"
                        if rc != 0 and said else
                        "no (exit %d):\n%s" % (rc, out)))

    local, _, out = build("local")
    local_remarks = remarks(out)
    for r in local_remarks:
        print("LOCAL " + r)
    with open(log) as f:
        before = f.read().count("COMPILE_OK")
    dist, _, out = build("distcc", launcher, "-DCLANG_ESCAPE_FOR_DISTCC=ON",
                         env=distcc_env("distcc"))
    dist_remarks = remarks(out)
    for r in dist_remarks:
        print("DISTCC " + r)
    with open(log) as f:
        text = f.read()
    print("SERVER %d compiles" % (text.count("COMPILE_OK") - before))
    print("REMARKS " + ("same" if local_remarks == dist_remarks else "differ"))
    rel = os.path.join("CMakeFiles", "shapes.dir", "shapes.cpp.o")
    with open(os.path.join(local, rel), "rb") as a, \
            open(os.path.join(dist, rel), "rb") as b:
        print("OBJECT " + ("same" if a.read() == b.read() else "differ"))
    _, out = run([os.path.join(dist, "shapes")])
    print("RUN " + out.strip())
finally:
    os.killpg(daemon.pid, signal.SIGTERM)
    daemon.wait(timeout=30)
    shutil.rmtree(shared, ignore_errors=True)
