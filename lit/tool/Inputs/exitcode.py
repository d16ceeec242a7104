"""Runs a command and prints `exit: N` (its status) on stdout, so tests can
check exact exit codes with any lit shell: exitcode.py cmd args..."""
import subprocess
import sys

print("exit: %d" % subprocess.call(sys.argv[1:]), flush=True)
