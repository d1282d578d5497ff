#!/usr/bin/env python3
"""make_draft.py DB LAW_ID N OUT - a benchmark draft: N provisions of a law
in the index, edited as drafters edit (names substituted, numbers changed,
every fourth sentence dropped), written as a plain-text bill.  Prints the
labels of the provisions used.  Standard library only."""
import json, re, subprocess, sys

lexfrag = sys.argv[5] if len(sys.argv) > 5 else "lexfrag"
db, law, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
v = json.loads(subprocess.run([lexfrag, "show", "--db", db, "-f", "json", law],
                              capture_output=True, text=True, check=True).stdout)
subs = [("Canada", "Kenya"), ("Canadian", "Kenyan"), ("Her Majesty", "the Republic"),
        ("Governor in Council", "Cabinet Secretary"), ("Minister", "Cabinet Secretary"),
        ("Commissioner", "Data Commissioner"), ("province", "county")]
provs = [p for p in v["provisions"] if len(p["text"].split()) >= 40]
step = max(1, len(provs) // n)
chosen = provs[::step][:n]
with open(out, "w", encoding="utf-8") as f:
    f.write("THE KENYA BENCHMARK BILL\n\n")
    for i, p in enumerate(chosen, 1):
        text = p["text"].replace("\n", " ")
        for a, b in subs:
            text = text.replace(a, b)
        text = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), text)
        sents = re.split(r"(?<=[.;])\s+", text)
        text = " ".join(s for k, s in enumerate(sents) if k % 4 != 3)
        f.write(f"{i}. {text}\n\n")
print(" ".join(p["label"] or p["id"] for p in chosen))
