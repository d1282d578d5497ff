#!/usr/bin/env python3
"""tag_eval.py - measures the risk tagger against the hand-made labels.

    eval/tag_eval.py [--json] [-v] [--labels DIR] [LEXFRAG [CORPUS [TAXONOMY]]]
    eval/tag_eval.sh [--json] [-v] [--labels DIR] [LEXFRAG [CORPUS [TAXONOMY]]]

LEXFRAG defaults to build/lexfrag, CORPUS to ../shared/corpus/laws (the files
eval/labels/laws.tsv was made from), TAXONOMY to the built-in one.  Runs
'LEXFRAG tag -f tsv [--taxonomy TAXONOMY] CORPUS' (with and without
--provisions) and compares it with eval/labels/ (laws.tsv, provisions.tsv,
evidence.tsv; evidence.tsv may be missing or partial).  Prints:

 1. law level, per category: tp fp fn P R F1, the macro average over the
    categories with at least one labelled law, and the distractors tagged
    (laws labelled '-' and not topical in the corpus MANIFEST.tsv);
 2. key provisions (provisions.tsv) found among the evidence for their
    category, anywhere in the list;
 3. provision level: the provisions cited first (the first five distinct
    provision labels, in the order printed, of each (law, category) pair
    that is tagged or labelled positive) and the verdicts evidence.tsv gives
    them: core / imposes / not / unjudged; evidence precision = (core +
    imposes) / judged; core coverage = of the tagged true-positive pairs for
    which evidence.tsv labels at least one core provision, the share where
    one of the first five is a core one;
 4. calibration: every (labelled law, category) pair with a score, by score
    band, and the share of each band that is labelled positive;
 5. risk ranking: nDCG@10 per category, the labelled laws ranked by the
    category's score (laws with no score for it are left out; ties by path),
    gain = the label's grade (2 plain, 1 for 'cat:1', 0 not labelled), the
    ideal ranking from the labels; the mean over the categories with at
    least one labelled law.

LANGS="de fr" limits every figure to laws in those languages (by the
tagger's language field).  VERBOSE=1 (or -v) also lists the false positive
and negative files, the missed key provisions, the cited provisions nobody
judged yet (what to judge next) and the cited provisions judged 'not'.
--json prints one JSON object with every figure instead.  --labels DIR reads
laws.tsv, provisions.tsv and evidence.tsv from DIR (default eval/labels).

Exit status: 0, or 2 when lexfrag fails or an argument is wrong.

Python rather than awk: the figures join four inputs (scores, evidence,
three label files) and need per-pair lists, sorting (nDCG) and JSON output,
which awk makes long and hard to check; eval/search_eval.py is Python too.
Standard library only.
"""
import argparse, json, math, os, subprocess, sys

CATS = ["data-localization", "transfer-restriction", "shutdown", "content-blocking",
        "encryption-control", "surveillance", "sovereign-routing", "local-presence",
        "digital-protectionism"]
VERDICTS = ("core", "imposes", "not")
FIRST = 5          # provisions cited first per (law, category)
NDCG_K = 10
BANDS = [("<0.5", 0.0, 0.5), ("0.5-0.6", 0.5, 0.6), ("0.6-0.7", 0.6, 0.7),
         ("0.7-0.8", 0.7, 0.8), ("0.8-0.9", 0.8, 0.9), ("0.9-1.0", 0.9, 1.01)]

here = os.path.dirname(os.path.abspath(__file__))


def warn(msg):
    print("tag_eval: " + msg, file=sys.stderr)


def norm_label(s):
    """Provision labels compared with spaces collapsed (NBSP too)."""
    return " ".join(s.replace("\u00a0", " ").split())


def read_tsv(path, header=True):
    """Rows of a TSV file (lists of fields), the header line skipped."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n").rstrip("\r")
            if (i == 0 and header) or not line.strip() or line.startswith("#"):
                continue
            rows.append((i + 1, line.split("\t")))
    return rows


def run(bin_, args):
    try:
        p = subprocess.run([bin_] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        warn("cannot run %s: %s" % (bin_, e))
        sys.exit(2)
    # exit 1 = some file failed: the law shows as "not tagged" below
    if p.returncode not in (0, 1):
        sys.stderr.write(p.stderr.decode("utf-8", "replace"))
        warn("%s %s failed (exit %d)" % (bin_, " ".join(args), p.returncode))
        sys.exit(2)
    sys.stderr.write(p.stderr.decode("utf-8", "replace"))
    return p.stdout.decode("utf-8", "replace").splitlines()


def prf(tp, fp, fn):
    P = tp / (tp + fp) if tp + fp else (0.0 if tp + fn else 1.0)
    R = tp / (tp + fn) if tp + fn else 1.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F


def ndcg(ranked_gains, all_gains, k=NDCG_K):
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(ranked_gains[:k]))
    ideal = sorted(all_gains, reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else None


def main():
    ap = argparse.ArgumentParser(description="measure lexfrag's risk tagger against eval/labels/")
    ap.add_argument("lexfrag", nargs="?", default=os.path.join(here, "..", "build", "lexfrag"))
    ap.add_argument("corpus", nargs="?", default=os.path.join(here, "..", "..", "shared", "corpus", "laws"))
    ap.add_argument("taxonomy", nargs="?", default="")
    ap.add_argument("--json", action="store_true", help="print every figure as one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="as VERBOSE=1")
    ap.add_argument("--labels", default=os.path.join(here, "labels"), help="directory of the label files")
    a = ap.parse_args()
    verbose = a.verbose or os.environ.get("VERBOSE", "") != ""
    langs = os.environ.get("LANGS", "").split()
    if not os.path.isdir(a.corpus):
        warn("no corpus directory %s" % a.corpus)
        sys.exit(2)
    corpus = os.path.realpath(a.corpus)
    root = corpus + "/"

    def strip(p):
        if p.startswith(root):
            return p[len(root):]
        rp = os.path.realpath(p)
        return rp[len(root):] if rp.startswith(root) else p

    # --- the tagger's output
    base = ["tag", "-f", "tsv"] + (["--taxonomy", a.taxonomy] if a.taxonomy else [])
    tagged, scores, lang, skip = {}, {}, {}, set()
    for line in run(a.lexfrag, base + [corpus]):
        f = line.split("\t")
        if len(f) < 5:
            continue
        p = strip(f[0])
        if langs and f[2] not in langs:
            skip.add(p)
            continue
        lang[p] = f[2]
        tagged[p] = set() if f[3] == "-" else set(f[3].split(","))
        sc = {}
        if f[4] != "-":
            for kv in f[4].split(","):
                k, _, v = kv.partition("=")
                sc[k] = float(v)
        scores[p] = sc
    evidence = {}      # (path, cat) -> distinct labels in printed order
    evset = set()      # (path, cat, label): anywhere among the evidence
    for line in run(a.lexfrag, base + ["--provisions", corpus]):
        f = line.split("\t")
        if len(f) < 6:
            continue
        p = strip(f[0])
        if p in skip:
            continue
        lab = norm_label(f[3])
        evset.add((p, f[2], lab))
        lst = evidence.setdefault((p, f[2]), [])
        if lab not in lst:
            lst.append(lab)

    # --- the labels
    manifest = {}
    mpath = os.path.join(corpus, "MANIFEST.tsv")
    if os.path.exists(mpath):
        for _, f in read_tsv(mpath):
            if len(f) > 10:
                manifest[f[0]] = f[10]
    gold = {}          # path -> {cat: grade}
    for ln, f in read_tsv(os.path.join(a.labels, "laws.tsv")):
        g = {}
        if len(f) > 1 and f[1].strip() not in ("-", ""):
            for c in f[1].split(","):
                c, _, grade = c.strip().partition(":")
                if c not in CATS:
                    warn("laws.tsv:%d: unknown category %r" % (ln, c))
                if grade not in ("", "1", "2"):
                    warn("laws.tsv:%d: grade %r of %s is not 1 or 2" % (ln, grade, c))
                g[c] = int(grade) if grade in ("1", "2") else 2
        gold[f[0]] = g
    verdict = {}       # (path, label, cat) -> core|imposes|not
    epath = os.path.join(a.labels, "evidence.tsv")
    nverdicts = 0
    if os.path.exists(epath):
        for ln, f in read_tsv(epath):
            if len(f) < 4:
                warn("evidence.tsv:%d: fewer than 4 fields" % ln)
                continue
            p, lab, c, v = f[0], norm_label(f[1]), f[2].strip(), f[3].strip()
            if v not in VERDICTS:
                warn("evidence.tsv:%d: verdict %r is not core, imposes or not" % (ln, v))
                continue
            if c not in CATS:
                warn("evidence.tsv:%d: unknown category %r" % (ln, c))
            if p not in gold:
                warn("evidence.tsv:%d: %s is not in laws.tsv" % (ln, p))
            k = (p, lab, c)
            if k in verdict and verdict[k] != v:
                warn("evidence.tsv:%d: %s %s %s judged %s before, now %s: the first is kept"
                     % (ln, p, lab, c, verdict[k], v))
                continue
            verdict[k] = v
            nverdicts += 1

    laws = sorted(p for p in gold if p not in skip)
    missing = [p for p in laws if p not in tagged]
    laws = [p for p in laws if p in tagged]
    out = {"langs": langs, "laws": len(laws), "not_tagged": missing}

    # --- 1. law level
    rows, fps, fns = [], {}, {}
    for c in CATS:
        tp = fp = fn = 0
        for p in laws:
            g, t = c in gold[p], c in tagged[p]
            if g and t:
                tp += 1
            elif t:
                fp += 1
                fps.setdefault(c, []).append(p)
            elif g:
                fn += 1
                fns.setdefault(c, []).append(p)
        P, R, F = prf(tp, fp, fn)
        rows.append({"category": c, "tp": tp, "fp": fp, "fn": fn, "P": P, "R": R, "F1": F})
    lab_rows = [r for r in rows if r["tp"] + r["fn"]]
    macro = None
    if lab_rows:
        n = len(lab_rows)
        macro = {"n": n, "P": sum(r["P"] for r in lab_rows) / n,
                 "R": sum(r["R"] for r in lab_rows) / n, "F1": sum(r["F1"] for r in lab_rows) / n}
    distr = [p for p in laws if not gold[p] and manifest.get(p) == "no"]
    dis_tagged = [(p, sorted(tagged[p])) for p in distr if tagged[p]]
    out["law_level"] = {"categories": rows, "macro": macro,
                        "distractors": len(distr), "distractors_tagged": len(dis_tagged)}

    # --- 2. key provisions anywhere among the evidence
    nkey, hits, missed = 0, 0, []
    for _, f in read_tsv(os.path.join(a.labels, "provisions.tsv")):
        if f[0] in skip or f[0] in missing:
            continue
        nkey += 1
        if (f[0], f[2], norm_label(f[1])) in evset:
            hits += 1
        else:
            missed.append("%s %s %s" % (f[0], f[1], f[2]))
    out["key_provisions"] = {"found": hits, "of": nkey}

    # --- 3. provisions cited first
    zero = lambda: {"core": 0, "imposes": 0, "not": 0, "unjudged": 0}
    cited = {c: zero() for c in CATS}
    unjudged, judged_not = [], []
    cov = {c: [0, 0] for c in CATS}          # [covered, pairs]
    core_labelled = {(p, c) for (p, lab, c), v in verdict.items() if v == "core"}
    for p in laws:
        for c in CATS:
            if c not in tagged[p] and c not in gold[p]:
                continue
            first = evidence.get((p, c), [])[:FIRST]
            for lab in first:
                v = verdict.get((p, lab, c), "unjudged")
                cited[c][v] += 1
                if v == "unjudged":
                    unjudged.append("%s\t%s\t%s" % (p, lab, c))
                elif v == "not":
                    judged_not.append("%s\t%s\t%s" % (p, lab, c))
            if c in tagged[p] and c in gold[p] and (p, c) in core_labelled:
                cov[c][1] += 1
                if any(verdict.get((p, lab, c)) == "core" for lab in first):
                    cov[c][0] += 1
    tot = zero()
    for c in CATS:
        for k in tot:
            tot[k] += cited[c][k]
    covtot = [sum(cov[c][0] for c in CATS), sum(cov[c][1] for c in CATS)]

    def prov_row(d, cv):
        judged = d["core"] + d["imposes"] + d["not"]
        return dict(d, cited=judged + d["unjudged"], judged=judged,
                    precision=(d["core"] + d["imposes"]) / judged if judged else None,
                    core_covered=cv[0], core_pairs=cv[1],
                    core_coverage=cv[0] / cv[1] if cv[1] else None)
    out["provision_level"] = {"verdicts_read": nverdicts,
                              "categories": [dict(prov_row(cited[c], cov[c]), category=c) for c in CATS],
                              "all": prov_row(tot, covtot)}

    # --- 4. calibration
    cal = []
    for name, lo, hi in BANDS:
        n = pos = 0
        for p in laws:
            for c, s in scores[p].items():
                if lo <= s < hi:
                    n += 1
                    pos += c in gold[p]
        cal.append({"band": name, "pairs": n, "positive": pos, "share": pos / n if n else None})
    out["calibration"] = cal

    # --- 5. risk ranking nDCG@10
    rk = []
    for c in CATS:
        allg = [gold[p].get(c, 0) for p in laws]
        ranked = sorted((p for p in laws if c in scores[p]), key=lambda p: (-scores[p][c], p))
        v = ndcg([gold[p].get(c, 0) for p in ranked], allg)
        rk.append({"category": c, "ranked": len(ranked), "positives": sum(1 for g in allg if g),
                   "ndcg10": v})
    vals = [r["ndcg10"] for r in rk if r["ndcg10"] is not None]
    out["ranking"] = {"categories": rk, "mean": sum(vals) / len(vals) if vals else None, "n": len(vals)}

    if a.json:
        json.dump(out, sys.stdout, indent=1)
        print()
        return

    # --- the report
    for p in missing:
        print("not tagged (file missing or failed): %s" % p)
    print("laws measured: %d%s" % (len(laws), " (LANGS=%s)" % " ".join(langs) if langs else ""))
    print("\n== law level")
    print("%-22s %5s %5s %5s %6s %6s %6s" % ("category", "tp", "fp", "fn", "P", "R", "F1"))
    for r in rows:
        print("%-22s %5d %5d %5d %6.3f %6.3f %6.3f" % (r["category"], r["tp"], r["fp"], r["fn"], r["P"], r["R"], r["F1"]))
    if macro:
        print("%-22s %5s %5s %5s %6.3f %6.3f %6.3f" % ("macro (%d categories)" % macro["n"], "", "", "",
                                                      macro["P"], macro["R"], macro["F1"]))
    else:
        print("macro: n/a (no labelled category among these laws)")
    print("distractors tagged: %d of %d%s" % (len(dis_tagged), len(distr),
          "".join("\n  %s %s" % (p, ",".join(t)) for p, t in dis_tagged)))
    print("key provisions found as evidence: %d of %d (%.1f%%)" % (hits, nkey, 100.0 * hits / nkey if nkey else 0))

    print("\n== provisions cited first (first %d per tagged or labelled-positive (law, category); %d verdicts read)"
          % (FIRST, nverdicts))
    print("%-22s %5s %5s %7s %5s %8s %9s %12s" % ("category", "cited", "core", "imposes", "not", "unjudged",
                                                  "precision", "core cov."))
    for r in out["provision_level"]["categories"] + [dict(out["provision_level"]["all"], category="all")]:
        prec = "n/a" if r["precision"] is None else "%.3f" % r["precision"]
        cv = "%d/%d" % (r["core_covered"], r["core_pairs"])
        if r["core_pairs"]:
            cv += " %.3f" % r["core_coverage"]
        print("%-22s %5d %5d %7d %5d %8d %9s %12s" % (r["category"], r["cited"], r["core"], r["imposes"],
                                                     r["not"], r["unjudged"], prec, cv))
    print("precision = (core + imposes) / judged; core cov. = tagged true-positive pairs with a core\n"
          "provision among the first %d / such pairs with a core provision in evidence.tsv" % FIRST)

    print("\n== calibration (every labelled law's score per category)")
    print("%-8s %6s %9s %6s" % ("band", "pairs", "positive", "share"))
    for r in cal:
        print("%-8s %6d %9d %6s" % (r["band"], r["pairs"], r["positive"],
                                    "n/a" if r["share"] is None else "%.3f" % r["share"]))

    print("\n== risk ranking (labelled laws by score, gain = grade)")
    print("%-22s %6s %9s %7s" % ("category", "ranked", "positive", "nDCG@10"))
    for r in rk:
        print("%-22s %6d %9d %7s" % (r["category"], r["ranked"], r["positives"],
                                     "n/a" if r["ndcg10"] is None else "%.3f" % r["ndcg10"]))
    m = out["ranking"]["mean"]
    print("%-22s %6s %9s %7s" % ("mean (%d categories)" % out["ranking"]["n"], "", "",
                                 "n/a" if m is None else "%.3f" % m))

    if verbose:
        print()
        for c in CATS:
            if c in fps:
                print("FP %s: %s" % (c, " ".join(fps[c])))
            if c in fns:
                print("FN %s: %s" % (c, " ".join(fns[c])))
        print("missed provisions:" + "".join("\n  " + m for m in missed))
        print("cited provisions not judged yet (path, label, category):" + "".join("\n  " + u for u in unjudged))
        print("cited provisions judged 'not':" + "".join("\n  " + u for u in judged_not))


if __name__ == "__main__":
    main()
