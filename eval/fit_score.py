#!/usr/bin/env python3
"""fit_score.py - fits the risk score's coefficients on the labels.

    eval/fit_score.py [LEXFRAG [CORPUS]]

A law's score for a category (tagging/taxonomy.h, schemas/README.md) is

    1 / (1 + exp(-(bias + strength*max + breadth*ln n + subject*[subject])))

where max is the strength of its strongest evidence, n the number of
provisions of evidence and subject 1 when the law's title names the category
or a provision's heading states it.  This script runs `lexfrag tag -f jsonl
--all` on the corpus (default ../shared/corpus/laws), takes every (labelled
law, category) pair with some evidence, labelled positive (eval/labels/
laws.tsv, either grade) or not, and fits the four coefficients by logistic
regression (Newton's method, a small ridge), so that a score reads as the
share of careful readers who would agree with the tag.  It prints the
coefficients as the taxonomy's <score> element, and the calibration by score
band out of sample (5-fold cross-validation by law: each law scored by
coefficients fitted without it), so the table is not flattered by the fit.

Python 3, standard library only.
"""
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXFRAG = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "build", "lexfrag")
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "shared", "corpus", "laws")
RIDGE = 0.1


def labels():
    gold = {}
    with open(os.path.join(HERE, "labels", "laws.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 2:
                continue
            cats = set()
            for c in p[1].split(","):
                c = c.strip()
                if c and c != "-":
                    cats.add(c.split(":")[0])
            gold[p[0]] = cats
    return gold


def pairs(gold):
    corpus = os.path.abspath(CORPUS)
    out = subprocess.run([LEXFRAG, "tag", "-f", "jsonl", "--all", corpus], capture_output=True,
                         text=True, check=False).stdout
    rows = []
    for line in out.splitlines():
        d = json.loads(line)
        path = os.path.relpath(d["path"], corpus)
        if path not in gold:
            continue
        for cat, b in d.get("risk_basis", {}).items():
            x = [1.0, b["strongest"], math.log(max(b["provisions"], 1)), 1.0 if b["subject"] else 0.0]
            rows.append((path, cat, x, 1.0 if cat in gold[path] else 0.0))
    return rows


def solve(a, b):
    """Gaussian elimination with partial pivoting (4 x 4)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c]:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


def fit_free(rows, free):
    """Logistic regression over the features in free (the others stay 0)."""
    w = [0.0] * 4
    for _ in range(50):
        g = [RIDGE * w[j] if j else 0.0 for j in range(4)]
        h = [[(RIDGE if i == j and i else 0.0) for j in range(4)] for i in range(4)]
        for _, _, x, y in rows:
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i in range(4):
                g[i] += (p - y) * x[i]
                for j in range(4):
                    h[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(4):
            if i not in free:  # a fixed coefficient: no step
                g[i] = 0.0
                h[i] = [1.0 if j == i else 0.0 for j in range(4)]
                for j in range(4):
                    if j != i:
                        h[j][i] = 0.0
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def fit(rows):
    """The fit, with the signs the model means: stronger evidence, more of it
    or a law about the measure never lowers a score.  A coefficient that
    comes out negative (noise: few negative pairs) is fixed at 0 and the
    others are fitted again."""
    free = {0, 1, 2, 3}
    while True:
        w = fit_free(rows, free)
        neg = [i for i in (1, 2, 3) if i in free and w[i] < 0]
        if not neg:
            return w
        free.discard(min(neg, key=lambda i: w[i]))


def score(w, x):
    z = sum(wi * xi for wi, xi in zip(w, x))
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def main():
    gold = labels()
    rows = pairs(gold)
    if not rows:
        sys.exit("fit_score: no labelled law with evidence (is %s built?)" % LEXFRAG)
    w = fit(rows)
    print("pairs: %d (positive %d)" % (len(rows), sum(r[3] for r in rows)))
    print('<score bias="%.2f" strength="%.2f" breadth="%.2f" subject="%.2f"/>' % tuple(w))
    # out of sample: 5 folds by law
    laws = sorted({r[0] for r in rows})
    fold = {p: i % 5 for i, p in enumerate(laws)}
    cv = []
    for k in range(5):
        wk = fit([r for r in rows if fold[r[0]] != k])
        cv += [(score(wk, r[2]), r[3]) for r in rows if fold[r[0]] == k]
    bands = [(0, 0.2), (0.2, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
    print("calibration out of sample (5-fold by law): score band, pairs, share labelled positive")
    for lo, hi in bands:
        inb = [y for s, y in cv if lo <= s < hi]
        if inb:
            print("  %.1f-%.1f  %4d  %.2f" % (lo, min(hi, 1.0), len(inb), sum(inb) / len(inb)))
    tp = sum(1 for s, y in cv if s >= 0.5 and y)
    fp = sum(1 for s, y in cv if s >= 0.5 and not y)
    fn = sum(1 for s, y in cv if s < 0.5 and y)
    print("at 0.5, out of sample: precision %.3f recall %.3f (over pairs with evidence)" %
          (tp / max(tp + fp, 1), tp / max(tp + fn, 1)))


if __name__ == "__main__":
    main()
