"""Prints 'name size mtime_ns' for every file of a directory (sorted), and
fails if a temporary file was left behind."""
import os
import sys

d = sys.argv[1]
for name in sorted(os.listdir(d)):
    assert ".tmp-" not in name, "temporary file left behind: " + name
    st = os.stat(os.path.join(d, name))
    print(name, st.st_size, st.st_mtime_ns)
