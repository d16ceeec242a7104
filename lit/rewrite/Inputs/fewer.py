"""fewer.py PLAIN.count REWRITTEN.count MIN_SAVED: the alloc_count.so line
`allocs=N bytes=M` of the rewritten program must show at least MIN_SAVED
fewer allocations than the plain one. Prints both counts."""
import re
import sys


def allocs(path):
    m = re.search(r"allocs=(\d+)", open(path).read())
    if not m:
        sys.exit("fewer.py: no allocs= line in " + path)
    return int(m.group(1))


plain, rewritten, saved = allocs(sys.argv[1]), allocs(sys.argv[2]), int(sys.argv[3])
print("plain=%d rewritten=%d" % (plain, rewritten))
if plain - rewritten < saved:
    sys.exit("fewer.py: %d allocations saved, expected at least %d" %
             (plain - rewritten, saved))
