"""Checks a clang-escape --format=html report in headless Chromium: loads
index.html, checks that no page needs the network, follows the index's link
to one file, reads that page as the browser built it (--dump-dom) and takes
a screenshot of it, in which the heap and stack line colours must show.
Prints for FileCheck:
    INDEX <file> sites=.. stack=.. arena=.. heap=.. params=.. leaking=..
    OFFLINE <pages checked>
    PAGE <title>
    LINE <n> <class> | <summaries of its remarks>
    NOTE <link text> <href>: <step>
    SCREENSHOT <w>x<h> heap=<yes|no> stack=<yes|no>
Usage: check_html.py <chromium> <report dir> <work dir> <file to follow>"""
import html.parser
import os
import struct
import subprocess
import sys
import urllib.parse
import zlib

chromium, report, work, follow = sys.argv[1:5]
W, H = 1000, 800
HEAP, STACK = (0xfd, 0xe2, 0xe1), (0xdd, 0xf4, 0xe1)  # Html.cpp's colours


def fail(msg):
    sys.exit("check_html: " + msg)


def browser(url, *args):
    """Runs headless Chromium on url; returns its stdout."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
           "--no-first-run", "--hide-scrollbars",
           "--user-data-dir=" + os.path.join(work, "profile"),
           "--window-size=%d,%d" % (W, H)] + list(args) + [url]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    except subprocess.TimeoutExpired:
        fail("chromium timed out on " + url)
    if p.returncode != 0:
        fail("chromium failed (%d) on %s:\n%s" % (
            p.returncode, url, p.stderr.decode(errors="replace")))
    return p.stdout.decode("utf-8")


class Dom(html.parser.HTMLParser):
    """The parts of a page the checks need."""

    def __init__(self):
        super().__init__()
        self.refs = []      # every href/src
        self.rows = []      # [attrs, [cells text], [hrefs]]
        self.lines = {}     # source line -> [class, [summaries], [notes]]
        self.title = ""
        self.stack = []
        self.cell = None
        self.summary = None
        self.line = None
        self.note = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("href", "src"):
            if k in a:
                self.refs.append((tag, a[k]))
        if tag == "link" or (tag == "script" and "src" in a):
            self.refs.append((tag, "EXTERNAL " + str(a)))
        self.stack.append(tag)
        if tag == "tr":
            if a.get("id", "").startswith("L"):
                self.line = int(a["id"][1:])
                self.lines[self.line] = [a.get("class", ""), [], []]
            else:
                self.rows.append([a, [], []])
        elif tag == "td" and self.rows and self.line is None:
            self.cell = ""
        elif tag == "a" and self.cell is not None:
            self.rows[-1][2].append(a["href"])
        elif tag == "summary":
            self.summary = ""
        elif tag == "li" and self.line is not None:
            self.note = ["", ""]
        elif tag == "a" and self.note is not None:
            self.note[1] = a.get("href", "")

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "td" and self.cell is not None:
            self.rows[-1][1].append(self.cell.strip())
            self.cell = None
        elif tag == "summary" and self.line is not None:
            self.lines[self.line][1].append(self.summary)
            self.summary = None
        elif tag == "li" and self.note is not None:
            self.lines[self.line][2].append(self.note)
            self.note = None
        elif tag == "tr":
            self.line = None

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if self.cell is not None:
            self.cell += data
        if self.summary is not None:
            self.summary += data
        if self.note is not None:
            self.note[0] += data


def parse(url):
    d = Dom()
    d.feed(browser(url, "--dump-dom"))
    return d


def offline(d, where):
    for tag, ref in d.refs:
        scheme = urllib.parse.urlparse(ref).scheme
        if ref.startswith("EXTERNAL") or scheme or ref.startswith("//"):
            fail("%s needs a resource: <%s %s>" % (where, tag, ref))


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG: " + path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6):
        fail("unexpected PNG format depth=%d type=%d" % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, rows = zlib.decompress(idat), w * bpp, None, []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        prev = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pr) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


def has_colour(rows, rgb, min_pixels=500):
    n = 0
    for row in rows:
        for px in row:
            if all(abs(px[k] - rgb[k]) <= 2 for k in range(3)):
                n += 1
    return n >= min_pixels


index_url = "file://" + urllib.parse.quote(
    os.path.abspath(os.path.join(report, "index.html")))
index = parse(index_url)
offline(index, "index.html")
target = None
for attrs, cells, hrefs in index.rows:
    if len(cells) != 7:
        continue
    print("INDEX %s sites=%s stack=%s arena=%s heap=%s params=%s leaking=%s"
          % tuple(cells))
    if cells[0] == follow:
        target = hrefs[0]
if target is None:
    fail("no link to %s in the index" % follow)

# Every page of the report is offline too.
pages = sorted(f for f in os.listdir(report) if f.endswith(".html"))
for f in pages:
    text = open(os.path.join(report, f), encoding="utf-8").read()
    if "http://" in text or "https://" in text:
        fail(f + " mentions a URL")
print("OFFLINE %d" % len(pages))

# Follow the link as the browser resolves it.
page_url = urllib.parse.urljoin(index_url, target)
page = parse(page_url)
offline(page, target)
print("PAGE " + page.title)
if ("a", "index.html") not in page.refs:
    fail("no link back to the index")
for n in sorted(page.lines):
    cls, summaries, notes = page.lines[n]
    if cls:
        print("LINE %d %s | %s" % (n, cls, " | ".join(summaries)))
    for text, href in notes:
        print("NOTE %s %s" % (text.strip(), href))

shot = os.path.join(work, "page.png")
browser(page_url, "--screenshot=" + shot)
w, h, rows = png_pixels(shot)
print("SCREENSHOT %dx%d heap=%s stack=%s" % (
    w, h, "yes" if has_colour(rows, HEAP) else "no",
    "yes" if has_colour(rows, STACK) else "no"))
