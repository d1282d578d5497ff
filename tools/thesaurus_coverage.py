#!/usr/bin/env python3
"""thesaurus_coverage.py - how many labels of the thesaurus the laws use.

Reads schemas/thesaurus.xml (or --thesaurus FILE) and a corpus directory with
its MANIFEST.tsv (path, jurisdiction, language, ...), extracts the text of
every law (gzip, XML and HTML tags stripped, entities decoded), folds it as
lexfrag does (NFKC, case folded) and looks each label up in the laws of its
own language: its words in order, whole words, with anything that is not a
letter or digit between them (so "right of way" matches "right-of-way");
Chinese and Japanese labels as substrings with spaces removed.

Prints, per language, the number of labels found in at least one law and
the total, then (with --missing, the default) the labels never found.
Exit status 0 (a report, not a test).

    tools/thesaurus_coverage.py [--corpus DIR] [--thesaurus FILE] [--quiet] [--lang xx]
"""
import argparse
import gzip
import html
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

NS = "{urn:lexfrag:thesaurus:1}"
UNSPACED = ("zh", "ja")
HERE = os.path.dirname(os.path.abspath(__file__))


def fold(s):
    return unicodedata.normalize("NFKC", s).casefold()


def law_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError:
        s = raw.decode("cp1252", errors="replace")
    if re.search(r"\.(xml|html?)(\.gz)?$", path):
        s = re.sub(r"<(script|style)\b.*?</\1>", " ", s, flags=re.S | re.I)
        s = re.sub(r"<[^>]*>", " ", s)
        s = html.unescape(s)
    return fold(s)


def corpus_texts(corpus):
    """language -> list of (path, folded text)"""
    out = {}
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        ip, il = head.index("path"), head.index("language")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) <= max(ip, il):
                continue
            p = os.path.join(corpus, cols[ip])
            if os.path.exists(p):
                out.setdefault(cols[il], []).append((cols[ip], law_text(p)))
    return out


def words_of(s):
    """s as its words, each between single spaces: ' a b c '"""
    return " " + " ".join(re.findall(r"\w+", s)) + " "


def needle(lang, label):
    """What to look for in a law's text (as joined by haystack) for label."""
    label = fold(label)
    if lang in UNSPACED:
        return re.sub(r"\s+", "", label)
    w = words_of(label)
    return w if w.strip() else None


def haystack(lang, texts):
    """The laws of a language as one string, laws apart (NUL between)."""
    if lang in UNSPACED:
        return "\0".join(re.sub(r"\s+", "", t) for _, t in texts)
    return "\0".join(words_of(t) for _, t in texts)


def labels(path):
    root = ET.parse(path).getroot()
    for c in root.iter(NS + "concept"):
        for l in c.iter(NS + "label"):
            yield c.get("id"), l.get("lang"), " ".join((l.text or "").split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpus", "laws"))
    ap.add_argument("--thesaurus", default=os.path.join(HERE, "..", "schemas", "thesaurus.xml"))
    ap.add_argument("--quiet", action="store_true", help="the figures only, not the missing labels")
    ap.add_argument("--lang", help="only this language")
    a = ap.parse_args()

    texts = corpus_texts(a.corpus)
    hay = {lang: haystack(lang, v) for lang, v in texts.items()}
    found, total, missing = {}, {}, {}
    concepts, concepts_found = {}, {}
    for cid, lang, label in labels(a.thesaurus):
        if a.lang and lang != a.lang:
            continue
        total[lang] = total.get(lang, 0) + 1
        concepts.setdefault(lang, set()).add(cid)
        n = needle(lang, label)
        if n and n in hay.get(lang, ""):
            found[lang] = found.get(lang, 0) + 1
            concepts_found.setdefault(lang, set()).add(cid)
        else:
            missing.setdefault(lang, []).append((cid, label))

    print("lang\tlaws\tlabels\tin corpus\tshare\tconcepts\twith a label in corpus")
    for lang in sorted(total, key=lambda l: -total[l]):
        n, k = total[lang], found.get(lang, 0)
        nc, kc = len(concepts[lang]), len(concepts_found.get(lang, ()))
        print("%s\t%d\t%d\t%d\t%.0f%%\t%d\t%d (%.0f%%)" % (lang, len(texts.get(lang, [])), n, k,
                                                         100.0 * k / n, nc, kc, 100.0 * kc / nc))
    n, k = sum(total.values()), sum(found.values())
    if n:
        print("all\t%d\t%d\t%d\t%.0f%%" % (sum(len(v) for v in texts.values()), n, k, 100.0 * k / n))
    if not a.quiet:
        for lang in sorted(missing):
            print("\nnever in the %s laws (%d):" % (lang, len(missing[lang])))
            for cid, label in missing[lang]:
                print("  %s\t%s" % (cid, label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
