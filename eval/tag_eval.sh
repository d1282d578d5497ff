#!/bin/sh
# tag_eval.sh - measures the risk tagger against the hand-made labels.
#
#   eval/tag_eval.sh [LEXFRAG [CORPUS [TAXONOMY]]]
#
# LEXFRAG defaults to build/lexfrag, CORPUS to ../shared/corpus/laws (the
# files eval/labels/laws.tsv was made from), TAXONOMY to the built-in one.
# Prints precision, recall and F1 per category and macro-averaged (over the
# categories with at least one labelled law), the tags found on distractor
# laws (labelled "-" and not topical in the corpus MANIFEST), and how often
# a labelled key provision is among the tagger's evidence for its category.
# LANGS="en fr" limits the measure to laws in those languages.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/lexfrag}
corpus=${2:-$here/../../shared/corpus/laws}
tax=${3:-}
corpus=$(cd "$corpus" && pwd)
tmp=${TMPDIR:-/tmp}/lexfrag-eval.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

set -- tag -f tsv
[ -n "$tax" ] && set -- "$@" --taxonomy "$tax"
"$bin" "$@" "$corpus" > "$tmp/laws.out"
"$bin" "$@" --provisions "$corpus" > "$tmp/provs.out"

awk -F'\t' -v root="$corpus/" -v manifest="$corpus/MANIFEST.tsv" \
    -v provlabels="$here/labels/provisions.tsv" -v provout="$tmp/provs.out" '
function strip(p) { if (index(p, root) == 1) return substr(p, length(root) + 1); return p }
BEGIN {
	ncat = split("data-localization transfer-restriction shutdown content-blocking encryption-control surveillance sovereign-routing local-presence digital-protectionism", cats, " ")
	while ((getline line < manifest) > 0) {
		split(line, f, "\t")
		if (f[1] != "path") topical[f[1]] = f[11]
	}
}
FNR == 1 && NR == 1 { next }   # header of laws.tsv
NR == FNR {
	gold[$1] = $2; nlab++
	next
}
{
	p = strip($1)
	if (ENVIRON["LANGS"] != "" && index(" " ENVIRON["LANGS"] " ", " " $3 " ") == 0) { skip[p] = 1; next }
	got[p] = $4; seen[p] = 1
}
END {
	for (p in gold) {
		if (p in skip) continue
		if (!(p in seen)) { printf "not tagged (file missing or failed): %s\n", p; continue }
		for (c = 1; c <= ncat; c++) {
			k = cats[c]
			g = ("," gold[p] ",") ~ ("," k ",")
			t = ("," got[p] ",") ~ ("," k ",")
			if (g && t) tp[k]++
			else if (t) { fp[k]++; fps[k] = fps[k] " " p }
			else if (g) { fn[k]++; fns[k] = fns[k] " " p }
		}
		if (gold[p] == "-" && topical[p] == "no" && got[p] != "-") {
			ndis++; dis = dis "\n  " p " " got[p]
		}
		if (gold[p] == "-" && topical[p] == "no") ndistr++
	}
	printf "%-22s %5s %5s %5s %6s %6s %6s\n", "category", "tp", "fp", "fn", "P", "R", "F1"
	for (c = 1; c <= ncat; c++) {
		k = cats[c]
		P = tp[k] + fp[k] ? tp[k] / (tp[k] + fp[k]) : (tp[k] + fn[k] ? 0 : 1)
		R = tp[k] + fn[k] ? tp[k] / (tp[k] + fn[k]) : 1
		F = P + R ? 2 * P * R / (P + R) : 0
		printf "%-22s %5d %5d %5d %6.3f %6.3f %6.3f\n", k, tp[k], fp[k], fn[k], P, R, F
		if (tp[k] + fn[k]) { sP += P; sR += R; sF += F; n++ }
	}
	if (n) printf "%-22s %5s %5s %5s %6.3f %6.3f %6.3f\n", "macro (" n " categories)", "", "", "", sP / n, sR / n, sF / n
	else printf "macro: n/a (no labelled category among these laws)\n"
	printf "distractors tagged: %d of %d%s\n", ndis, ndistr, dis
	# provision level: is the labelled provision among the evidence?
	while ((getline line < provout) > 0) {
		split(line, f, "\t")
		ev[strip(f[1]) "\t" f[3] "\t" f[4]] = 1
	}
	while ((getline line < provlabels) > 0) {
		split(line, f, "\t")
		if (f[1] == "path" || (f[1] in skip)) continue
		np++
		if ((f[1] "\t" f[3] "\t" f[2]) in ev) hit++
		else miss = miss "\n  " f[1] " " f[2] " " f[3]
	}
	printf "key provisions found as evidence: %d of %d (%.1f%%)\n", hit, np, np ? 100 * hit / np : 0
	if (ENVIRON["VERBOSE"] != "") {
		for (c = 1; c <= ncat; c++) {
			k = cats[c]
			if (fps[k] != "") printf "FP %s:%s\n", k, fps[k]
			if (fns[k] != "") printf "FN %s:%s\n", k, fns[k]
		}
		printf "missed provisions:%s\n", miss
	}
}' "$here/labels/laws.tsv" "$tmp/laws.out"
