#!/usr/bin/env python3
"""excerpt.py - the dictd excerpts of this folder, cut from the installed
dictionaries (SOURCES.md).

usage: python3 excerpt.py /usr/share/dictd CEDICT.u8.gz   (run in this folder)

Each BASE.index/BASE.dict pair here holds only the entries listed below, as
they are in the package (the text of each entry unchanged), with offsets
recomputed; the .dict is left uncompressed (zlib reads both).
"""
import gzip
import sys

B = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
WANT = {
    "german-english": ["übermittlung", "personenbezogene daten", "daten", "verschlüsselung"],
    "english-german": ["personal data", "encryption", "data"],
    "freedict-eng-fra": ["data", "personal", "character"],
    "freedict-fra-eng": ["personnel", "caractère"],
    "freedict-eng-srp": ["letter", "library"],
    "freedict-srp-eng": ["писмо", "село"],
    "freedict-eng-ind": ["complete", "algorithm", "information"],
}
CEDICT = ["數據", "加密", "個人", "資料", "張", "个", "電子郵件"]


def dec(s):
    v = 0
    for c in s:
        v = v * 64 + B.index(c)
    return v


def enc(v):
    s = ""
    while True:
        s = B[v % 64] + s
        v //= 64
        if not v:
            return s


def main():
    src = sys.argv[1]
    for base, words in WANT.items():
        data = gzip.open("%s/%s.dict.dz" % (src, base)).read()
        out, idx = b"", []
        for line in open("%s/%s.index" % (src, base), encoding="utf-8"):
            w, o, n = line.rstrip("\n").split("\t")[:3]
            if w in words:
                e = data[dec(o):dec(o) + dec(n)]
                idx.append("%s\t%s\t%s\n" % (w, enc(len(out)), enc(len(e))))
                out += e
        open(base + ".dict", "wb").write(out)
        open(base + ".index", "w", encoding="utf-8").write("".join(idx))
    lines = [l for l in gzip.open(sys.argv[2], "rt", encoding="utf-8")
             if l.startswith("#") or l.split(" ")[0] in CEDICT]
    open("cedict.u8", "w", encoding="utf-8").write("".join(lines))


if __name__ == "__main__":
    main()
