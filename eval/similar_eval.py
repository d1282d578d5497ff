#!/usr/bin/env python3
"""similar_eval.py - measures 'lexfrag similar' on the drafts of eval/drafts/.

    eval/similar_eval.py [--lexfrag BIN] [--db DB] [--corpus DIR] [-v]

Indexes the corpus (../shared/corpus/laws) into a scratch database unless
--db names one, runs 'lexfrag similar --file DRAFT --format jsonl' on every
draft, and compares with eval/drafts/expected.tsv:

- source laws in the top 3: for each draft that copies, how many of its
  source laws are among its first three results (near-duplicates of a
  source, the same law in another file, count as that source);
- provisions named: for each copied provision, whether the source law's
  passages align the draft's provision with the expected provision label;
- no-copy drafts: how many laws each gets in its top 3 (ideally none);
- translated: a draft whose source law is in another language (its
  expected edits say "translated from ...") must name the provision with a
  passage marked "translated": true, and a draft in its sources' own
  language must have no passage so marked in its top 3.

Prints one line per draft and the totals; exit status 0 (a measurement).
Standard library only.
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--lexfrag", default=os.path.join(here, "..", "build", "lexfrag"))
ap.add_argument("--db")
ap.add_argument("--corpus", default=os.path.join(here, "..", "..", "shared", "corpus", "laws"))
ap.add_argument("-v", "--verbose", action="store_true")
a = ap.parse_args()

db = a.db
tmp = None
if not db:
    tmp = tempfile.mkdtemp(prefix="lexfrag-sim-eval-")
    db = os.path.join(tmp, "db")
    # exit 1 with every file indexed is a warning (the LGPD page declares no
    # charset: "read as WINDOWS-1252 (detected)"); a failed file is not
    r = subprocess.run([a.lexfrag, "index", "--db", db, a.corpus], capture_output=True, text=True)
    if r.returncode not in (0, 1) or " 0 failed" not in r.stderr:
        sys.exit("index failed (%d): %s" % (r.returncode, r.stderr))

expected = {}
for line in open(os.path.join(here, "drafts", "expected.tsv"), encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if f[0] == "draft_file" or len(f) < 5:
        continue
    expected.setdefault(f[0], []).append({"law": f[2], "label": f[3], "draft": f[4],
                                          "translated": len(f) > 5 and f[5].startswith("translated from")})

def base(i):
    return i.split("~")[0]

def draft_number(label):
    """'Section 2.' -> '2', '第六条' -> '第六条', '(3)' -> '3'."""
    m = re.search(r"\d+[a-zA-Z]?", label or "")
    return m.group(0) if m else (label or "").strip(" .")

tot_src = found_src = tot_prov = found_prov = nocopy = nocopy_hits = 0
xl_drafts = xl_ok = false_translated = 0
times = []
for draft in sorted(expected):
    path = os.path.join(here, "drafts", draft)
    t0 = time.perf_counter()
    p = subprocess.run([a.lexfrag, "similar", "--db", db, "-f", "jsonl", "-n", "10", "--file", path],
                       capture_output=True, text=True)
    times.append(time.perf_counter() - t0)
    if p.returncode != 0:
        print(f"{draft}: lexfrag failed: {p.stderr.strip()}")
        continue
    lines = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    hits = [l for l in lines if "id" in l]
    top3 = hits[:3]
    exp = expected[draft]
    xl = any(e["translated"] for e in exp)
    if not xl:
        # same-language sources: nothing of the top 3 aligned on translations
        false_translated += sum(1 for h in top3 for ps in h["passages"] if ps.get("translated"))
    if exp[0]["law"] == "-":
        nocopy += 1
        nocopy_hits += len(top3)
        print(f"{draft}: copies nothing; top 3: {[h['id'] for h in top3] or 'none'}")
        continue
    laws = sorted({e["law"] for e in exp})
    ok_laws = [l for l in laws if any(base(h["id"]) == base(l) for h in top3)]
    tot_src += len(laws)
    found_src += len(ok_laws)
    named = 0
    for e in exp:
        hit = next((h for h in hits if h["id"] == e["law"]), None) or \
              next((h for h in hits if base(h["id"]) == base(e["law"])), None)
        ok = bool(hit) and any(ps["label"] == e["label"] and draft_number(ps["draft_label"]) == draft_number(e["draft"])
                               and bool(ps.get("translated")) == e["translated"]
                               for ps in hit["passages"])
        named += ok
        if a.verbose and not ok:
            got = [(ps["draft_label"], ps["label"]) for ps in hit["passages"]] if hit else "law not found"
            print(f"   missed: draft {e['draft']} <- {e['law']} {e['label']}; got {got}")
    tot_prov += len(exp)
    found_prov += named
    if xl:
        xl_drafts += 1
        xl_ok += len(ok_laws) == len(laws) and named == len(exp)
    print(f"{draft}: sources in top 3 {len(ok_laws)}/{len(laws)}, provisions named {named}/{len(exp)}; "
          f"top 3: {[h['id'] for h in top3]}")

print()
print(f"source laws in the top 3: {found_src}/{tot_src} ({100 * found_src / max(tot_src, 1):.1f}%)")
print(f"copied provisions named:  {found_prov}/{tot_prov} ({100 * found_prov / max(tot_prov, 1):.1f}%)")
print(f"no-copy drafts: {nocopy}, laws in their top 3: {nocopy_hits}")
print(f"cross-lingual drafts with every source in the top 3 and every provision named (translated): "
      f"{xl_ok}/{xl_drafts}")
print(f"passages marked translated in the top 3 of same-language drafts: {false_translated}")
times.sort()
print(f"similar wall time per draft (process start included): median {1000 * times[len(times) // 2]:.0f} ms, "
      f"max {1000 * times[-1]:.0f} ms")
if tmp:
    subprocess.run(["rm", "-rf", tmp])
