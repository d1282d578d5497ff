#!/usr/bin/env python3
"""search_eval.py - relevance of 'lexfrag search' on judged queries (nDCG@10).

    eval/search_eval.py [--lexfrag BIN] [--db DB | --corpus DIR] [--queries TSV]
                        [--qrels TSV] [--manifest TSV] [--baseline omindex]
                        [--json] [--floor TSV] [-q]

Runs 'lexfrag search --db DB -n 30 --format jsonl QUERY' for every query of
queries.tsv (qid, lang, kind, query, description) and scores it as
eval/search/README.md says: nDCG@10, gain 2^grade - 1, the ideal ranking taken
from the judgments (qrels.tsv: qid, path, grade, note), one entry per law,
the first 30 results; for 'mono' queries, results whose law is in another
language than the query's (by the corpus MANIFEST.tsv, else the hit's own
language) are dropped before cutting at 10.  Prints nDCG@10 per query and the
means for mono and cross; --json prints {"mono": .., "cross": .., "n_mono":
.., "n_cross": ..} instead.

--db searches a database; --corpus DIR indexes DIR into a scratch database
first (when neither is given: ../shared/corpus/laws, else the judged corpus
kept in eval/search/laws.tar.xz, unpacked into a scratch directory).  --baseline omindex indexes the same files with
Xapian's omindex (English stemmer, .xml read as HTML, .gz files decompressed
first: omindex reads neither) and scores quest's results the same way; it
needs omindex and quest on PATH (Debian: xapian-omega, xapian-tools).

--floor TSV (kind, minimum) makes the exit status 1 when a mean is below its
floor: the CI test test_relevance.  Otherwise the exit status is 0 unless the
search or the indexing fails (2).  Standard library only.
"""
import argparse, collections, gzip, json, math, os, re, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser(description="nDCG@10 of lexfrag search (or omindex+quest) on judged queries")
ap.add_argument("--lexfrag", default=os.path.join(here, "..", "build", "lexfrag"))
ap.add_argument("--db", help="database to search (else --corpus is indexed)")
ap.add_argument("--corpus", help="corpus directory to index into a scratch database")
ap.add_argument("--queries", default=os.path.join(here, "search", "queries.tsv"))
ap.add_argument("--qrels", default=os.path.join(here, "search", "qrels.tsv"))
ap.add_argument("--manifest", help="MANIFEST.tsv giving each law's language (default: the corpus's)")
ap.add_argument("--baseline", choices=["omindex"], help="score Xapian omindex + quest instead")
ap.add_argument("--json", action="store_true", help="print the means as one JSON object")
ap.add_argument("--floor", help="TSV of kind<TAB>minimum mean: exit 1 below it")
ap.add_argument("-n", type=int, default=30, help="results read per query (default 30)")
ap.add_argument("-q", "--quiet", action="store_true", help="no per-query lines")
a = ap.parse_args()


def die(msg):
    sys.stderr.write("search_eval: %s\n" % msg)
    sys.exit(2)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]


queries = [r for r in read_tsv(a.queries) if len(r) >= 4 and r[0] != "qid"]
rel = collections.defaultdict(dict)
for r in read_tsv(a.qrels):
    if len(r) >= 3 and r[0] != "qid":
        rel[r[0]][r[1]] = int(r[2])
if not queries:
    die("no queries in %s" % a.queries)

tmp = tempfile.mkdtemp(prefix="lexfrag-search-eval-")
corpus = a.corpus
if not a.db and not corpus:
    c = os.path.join(here, "..", "..", "shared", "corpus", "laws")
    if os.path.isdir(c):
        corpus = c
    else:
        # the judged corpus kept in the repository
        import tarfile
        with tarfile.open(os.path.join(here, "search", "laws.tar.xz")) as t:
            for m in t.getmembers():
                if not (m.name == "laws" or m.name.startswith("laws/")) or ".." in m.name.split("/") \
                        or not (m.isfile() or m.isdir()):
                    die("unexpected member %r in eval/search/laws.tar.xz" % m.name)
            t.extractall(tmp)
        corpus = os.path.join(tmp, "laws")

# each law's language, by its path relative to the corpus root
lang_of = {}
manifest = a.manifest or (os.path.join(corpus, "MANIFEST.tsv") if corpus else
                          os.path.join(here, "search", "MANIFEST.tsv"))
if manifest and os.path.exists(manifest):
    rows = read_tsv(manifest)
    if rows:
        head = rows[0]
        ip, il = head.index("path"), head.index("language")
        for r in rows[1:]:
            if len(r) > max(ip, il):
                lang_of[r[ip]] = r[il]


def rel_path(p):
    """A result's path as the judgments write it: <jurisdiction>/<file>,
    whatever directory the corpus was indexed from."""
    p = p.replace("\\", "/")
    parts = [x for x in p.split("/") if x]
    return "/".join(parts[-2:])


try:
    def lexfrag_run(text):
        r = subprocess.run([a.lexfrag, "search", "--db", db, "-n", str(a.n), "--format", "jsonl", "--", text],
                           capture_output=True, text=True)
        if r.returncode != 0:
            die("lexfrag search %r failed (%d): %s" % (text, r.returncode, r.stderr.strip()))
        out = []
        for line in r.stdout.splitlines():
            h = json.loads(line)
            out.append((rel_path(h.get("path", "")), h.get("language", "")))
        return out

    def quest_run(text):
        r = subprocess.run(["quest", "-d", db, "-s", "english", "-m", str(a.n), text],
                           capture_output=True, text=True)
        if r.returncode != 0:
            die("quest %r failed (%d): %s" % (text, r.returncode, r.stderr.strip()))
        out = []
        for m in re.finditer(r"^url=(.*)$", r.stdout, re.M):
            out.append((rel_path(m.group(1)), ""))
        return out

    if a.baseline == "omindex":
        if not (shutil.which("omindex") and shutil.which("quest")):
            die("--baseline omindex needs omindex and quest on PATH (Debian: xapian-omega, xapian-tools)")
        if not corpus:
            die("--baseline omindex needs --corpus (the files to index)")
        # omindex reads no .gz: a copy of the tree, decompressed, whose name
        # keeps the .gz as .__gz__ so that results map back to the judged path
        src = os.path.join(tmp, "files")
        for root, dirs, files in os.walk(corpus):
            for f in files:
                if f.startswith(".") or f.startswith("README") or f == "MANIFEST.tsv":
                    continue
                d = os.path.join(src, os.path.relpath(root, corpus))
                os.makedirs(d, exist_ok=True)
                if f.endswith(".gz"):
                    base = f[:-3]
                    ext = os.path.splitext(base)[1]
                    with gzip.open(os.path.join(root, f)) as i, open(os.path.join(d, f + ".__gz__" + ext), "wb") as o:
                        shutil.copyfileobj(i, o)
                else:
                    shutil.copy(os.path.join(root, f), os.path.join(d, f))
        db = os.path.join(tmp, "omindex.db")
        r = subprocess.run(["omindex", "--overwrite", "--db", db, "--stemmer=english", "-Mxml:text/html",
                            "-Mmd:text/plain", "--url", "/", src], capture_output=True, text=True)
        if r.returncode != 0:
            die("omindex failed (%d): %s" % (r.returncode, r.stderr.strip()[-2000:]))
        run = quest_run
    else:
        db = a.db
        if not db:
            db = os.path.join(tmp, "db")
            # exit 1 with every file indexed is a warning (the LGPD page
            # declares no charset); a failed file is not
            r = subprocess.run([a.lexfrag, "index", "--db", db, corpus], capture_output=True, text=True)
            if r.returncode not in (0, 1) or " 0 failed" not in r.stderr:
                die("index failed (%d): %s" % (r.returncode, r.stderr.strip()[-2000:]))
        run = lexfrag_run

    def dcg(gains):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    scores = collections.defaultdict(list)
    for row in queries:
        qid, lang, kind, text = row[:4]
        ranked, seen = [], set()
        for p, hlang in run(text):
            # quest's paths carry the decompressed name
            p = re.sub(r"\.gz\.__gz__\.[a-z]+$", ".gz", p)
            if p in seen:
                continue
            seen.add(p)
            if kind == "mono" and lang_of.get(p, hlang) not in ("", lang):
                continue
            ranked.append(p)
        ideal = dcg(sorted(rel[qid].values(), reverse=True)[:10])
        s = dcg([rel[qid].get(p, 0) for p in ranked[:10]]) / ideal if ideal else 0.0
        scores[kind].append(s)
        if not a.quiet and not a.json:
            print("%s\t%s\t%s\t%.3f\t%s" % (qid, kind, lang, s, text))
finally:
    shutil.rmtree(tmp, ignore_errors=True)

means = {k: sum(v) / len(v) for k, v in scores.items() if v}
if a.json:
    out = {k: round(means[k], 4) for k in sorted(means)}
    out.update({"n_" + k: len(scores[k]) for k in sorted(scores)})
    print(json.dumps(out, sort_keys=True))
else:
    for k in sorted(means):
        print("mean %s (%d queries): %.3f" % (k, len(scores[k]), means[k]))

status = 0
if a.floor:
    for r in read_tsv(a.floor):
        if len(r) < 2 or r[0] == "kind":
            continue
        k, lo = r[0], float(r[1])
        if k not in means:
            sys.stderr.write("search_eval: no %s queries to hold to the floor %.3f\n" % (k, lo))
            status = 1
        elif means[k] < lo:
            sys.stderr.write("search_eval: %s nDCG@10 %.3f is below the floor %.3f (%s)\n" % (k, means[k], lo, a.floor))
            status = 1
        else:
            sys.stderr.write("search_eval: %s nDCG@10 %.3f, floor %.3f: ok\n" % (k, means[k], lo))
sys.exit(status)
