#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/TARGET/) from the sample report and a handful of
writer mistakes. Run from the repository root: python3 fuzz/seeds/seed.py

libFuzzer adds what it finds to the same folders; they are kept small by
`cargo fuzz cmin`. Standard library only."""

import hashlib
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


sections = []
for folder, _, files in os.walk(os.path.join(ROOT, "content")):
    for name in sorted(files):
        if name.endswith(".md") and name != "SUMMARY.md":
            sections.append(os.path.relpath(os.path.join(folder, name), ROOT))
sections.sort()

# front_matter: the front matter of every sample section (bodies cut short), plus mistakes.
for path in sections:
    text = read(path)
    head = text.split(b"\n---\n", 1)[0] + b"\n---\n" + b"# Body\n"
    put("front_matter", head)
FRONT_MATTER_MISTAKES = [
    "---\ntitle: A\n\thkex: [A1]\n---\n",
    "---\ntitle: A\nhkex: [A1\n",
    "+++\ntitle = \"A\"\n+++\n",
    "---\ntitle: A\nomit:\n  hkex:\n    A2.5: \"\"\n  gri:\n    \"304\":\n      reason: nope\n---\n",
    "---\ntitle: A\ntitle: B\n---\n",
    "---\r\ntitle: A\r\nhkex: [A1.1.]\r\n---\r\nbody\r\n",
    "\ufeff---\ntitle: A\n---\n",
    "---\nhkex: A1\ngri: 305\ncolour: red\n---\n",
    "---\n- a\n- b\n---\n",
    "---\ntitle: &a [*a]\n---\n",
    "---\n...\n",
    "---\ntitle: \"\\u00e9\"\nhkex: [\"KPI A1.1\", 'B1', 1.5, -3, ~]\n---\n",
]
for text in FRONT_MATTER_MISTAKES:
    put("front_matter", text)

# summary: the sample SUMMARY.md and mistakes.
put("summary", read("content/SUMMARY.md"))
SUMMARY_MISTAKES = [
    "# Summary\n\n- [A](a.md)\n- [A again](a.md)\n  - [Child](my%20file.md)\n- just text\n[Suffix](s.md)\n- [Late](l.md)\n",
    "- [A](<with space.md>)\n\t- [B](b.md#part)\n- [C](../c.md)\n- [D](/etc/passwd.md)\n- [E](e.html)\n- [F]()\n",
    "```\n- [A](a.md)\n```\n---\n# Part\n1. [A](a.md)\n* [B \\[x\\]](./b.md)\n+ [C](c.MD)\n",
]
for text in SUMMARY_MISTAKES:
    put("summary", text)

# config: the sample book.toml and mistakes.
put("config", read("book.toml"))
CONFIG_MISTAKES = [
    "[book]\ntitle = \"x\n",
    "[esg]\nhkex = \"hkex-esg-2030\"\ngri-clam = \"in-accordance\"\nissuer = 3\nperiod-start = 2025-02-30\n",
    "[esg]\nperiod-start = 2025-01-01T10:00:00\nperiod-end = 2024-01-01\nmaterial-topics = [\"305\", 403, 1.5]\n",
    "book = 1\nbuild = []\nesg = \"x\"\n",
    "[book]\nsrc = \"src\"\n[build]\nbuild-dir = \"content\"\n[output.html]\nfoo = 1\n",
]
for text in CONFIG_MISTAKES:
    put("config", text)


def tree(files, links=()):
    out = files.get("book.toml", b"")
    if out and not out.endswith(b"\n"):
        out += b"\n"
    for path in sorted(files):
        if path == "book.toml":
            continue
        data = files[path]
        out += b"@@@ " + path.encode() + b"\n" + data
        if data and not data.endswith(b"\n"):
            out += b"\n"
    for path, target in links:
        out += ("@@> %s -> %s\n" % (path, target)).encode()
    return out


def cut(data):
    """Front matter plus the first lines of the body: the corpus stays small."""
    lines = data.split(b"\n")
    return b"\n".join(lines[:14]) + b"\n"


# pipeline: the sample report (bodies cut short), one chapter at a time, and broken trees.
book = read("book.toml")
summary = read("content/SUMMARY.md")
full = {"book.toml": book, "content/SUMMARY.md": summary}
for path in sections:
    full[path] = cut(read(path))
put("pipeline", tree(full))
for chapter in sorted({p.split("/")[1] for p in sections if p.count("/") == 2}):
    files = {"book.toml": book}
    listed = [p for p in sections if p.split("/")[1] == chapter]
    files["content/SUMMARY.md"] = ("# Summary\n\n# %s\n\n" % chapter + "".join(
        "- [%s](%s)\n" % (os.path.basename(p), p[len("content/"):]) for p in listed)).encode()
    for p in listed:
        files[p] = cut(read(p))
    put("pipeline", tree(files))
GRI = b"[book]\ntitle = \"T\"\n[esg]\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\n"
HKEX20 = b"[book]\ntitle = \"T\"\n[esg]\nhkex = \"hkex-esg-2020\"\n"
put("pipeline", tree({
    "book.toml": GRI,
    "content/SUMMARY.md": b"- [A](a.md)\n- [B](b%20c.md)\n- [A](a.md)\n",
    "content/a.md": b"---\ngri: [\"2-1\", 305, \"305-1\"]\nomit:\n  gri:\n    \"305-2\":\n      reason: not-applicable\n      explanation: x\n---\n# A\n",
    "content/b c.md": b"---\ngri: [2-7]\nomit:\n  gri:\n    \"2-1\": x\n---\n",
}, [("content/loop", ".")]))
put("pipeline", tree({
    "book.toml": HKEX20,
    "content/SUMMARY.md": b"- [A](a.md)\n  - [Missing](m.md)\n  - [Draft]()\n",
    "content/a.md": b"---\nhkex: [A1, A1.1., A9]\nomit:\n  hkex:\n    A1.2: \"\"\n---\n",
    "content/stray.md": b"# not listed\n",
}))
put("pipeline", tree({
    "book.toml": b"[book]\nsrc = \"src\"\n[build]\nbuild-dir = \"src\"\n[esg]\nhkex = \"hkex-esg-2025\"\nissuer = \"largecap\"\nperiod-start = 2026-01-01\n",
    "src/SUMMARY.md": b"\xef\xbb\xbf- [A](a.md)\r\n",
    "src/a.md": b"\xff\xfe-\x00-\x00-\x00",
}))
