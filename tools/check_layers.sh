#!/usr/bin/env bash
# check_layers.sh - the folder layering of the tree, from its #include
# lines, and the size of its files.
#
# usage: tools/check_layers.sh [SOURCE_DIR]   (default: the tree this script is in)
#
# The layers, bottom to top (README, "Map of the tree"):
#
#   include/ <- core/ <- core/text/, core/store/ <- tagging/ <- indexer/readers/
#     <- indexer/ <- query/ <- precedent/ <- app/ <- web/ <- cli/
#
# A file may include (#include "...") from its own folder, from folders below
# its own and from include/; never from a folder above it or beside it
# (core/text/ and core/store/ are beside each other).  A folder not in the
# table belongs to its nearest ancestor that is (query/x/ to query/).  cli/
# is the top: its command 'serve' starts the server of web/, and web/ knows
# nothing of cli/.  tests/, fuzz/, bench/, eval/ and tools/ may include
# anything; nothing may include from them.  An include is resolved as the
# compiler does: next to the including file, then from the top of the tree,
# then from include/; one that resolves to no file of the tree (a generated
# file) is not checked.
#
# A folder's private header, named *_int.h (tagging/tx_int.h), may be
# included only from its own folder (and from tests/, fuzz/ ...).
#
# Reported, each on one line, and the exit status is then 1:
#   FILE:LINE: FOLDER/ includes "X" (FOLDER2/), which is not below it
#   FILE:LINE: FOLDER/ includes "X", private to FOLDER2/
#   cycle: FOLDER/ -> FOLDER2/ -> ... -> FOLDER/  (with an include for each step)
#   FILE: N lines (at most 1000)
#   FILE: not listed in CMakeLists.txt
# Sources (.c .h .cc), scripts (.sh .py .js) and build files (CMakeLists.txt,
# .cmake) count for the size; test data and corpora do not.
set -euo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
max_lines=1000

files=$(find . \( -name .git -o -name 'build*' -o -path ./corpus -o -path ./tests/data \
	-o -path ./fuzz/corpus -o -path ./fuzz/regressions -o -path ./eval/drafts -o -path ./bench/results \) -prune \
	-o -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.sh' -o -name '*.py' -o -name '*.js' \
	-o -name '*.cmake' -o -name CMakeLists.txt \) -print | sed 's|^\./||' | LC_ALL=C sort)

status=0
# --- sizes
while IFS= read -r f; do
	[ -n "$f" ] || continue
	n=$(wc -l <"$f")
	if [ "$n" -gt "$max_lines" ]; then
		echo "$f: $n lines (at most $max_lines)"
		status=1
	fi
done <<<"$files"

# --- every .c and .cc of the library, the front ends and the tests is
# listed in a CMakeLists.txt or a .cmake file (sources are listed, never
# globbed: a stray file is not built, a forgotten one is said here);
# fuzz/ builds its targets by name and tools/ holds no C
if [ -f CMakeLists.txt ]; then
	listed=$( (cat CMakeLists.txt; find . -name '*.cmake' -path './cmake/*' -exec cat {} +) |
		sed 's/#.*//; s|\${CMAKE_SOURCE_DIR}/||g' | tr -s ' \t()"' '\n\n\n\n\n' | LC_ALL=C sort -u)
	for f in $(grep -E '\.(c|cc)$' <<<"$files" | grep -vE '^(fuzz|bench|eval|tools)/' || true); do
		want=$f
		case $f in tests/*) want=${f#tests/} want=${want%.c} ;; esac
		if ! grep -qxF -- "$want" <<<"$listed"; then
			echo "$f: not listed in CMakeLists.txt (sources are listed one by one)"
			status=1
		fi
	done
fi

# --- includes
sources=$(grep -E '\.(c|h|cc)$' <<<"$files" || true)
[ -n "$sources" ] || { echo "check_layers: no source file under $top" >&2; exit 2; }
# "FILE<TAB>LINE<TAB>INCLUDED" for every #include "..." line
includes=$(xargs awk '
	match($0, /^[ \t]*#[ \t]*include[ \t]*"[^"]+"/) {
		s = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
		print FILENAME "\t" FNR "\t" s
	}' <<<"$sources")

awk -F'\t' -v files="$files" '
function norm(p,   n, a, i, out, k, o) {
	n = split(p, a, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (a[i] == "." || a[i] == "") continue
		if (a[i] == "..") { if (k > 0) k--; else return "" ; continue }
		o[++k] = a[i]
	}
	out = ""
	for (i = 1; i <= k; i++) out = out (i > 1 ? "/" : "") o[i]
	return out
}
function dir(p) { return p ~ /\// ? substr(p, 1, match(p, /\/[^\/]*$/) - 1) : "." }
# the folder of the layer table a directory belongs to: itself or its
# nearest ancestor in the table ("" if none)
function layer(d) {
	while (d != "" && d != ".") {
		if (d in rank) return d
		d = dir(d)
	}
	return ""
}
BEGIN {
	n = split(files, fl, "\n")
	for (i = 1; i <= n; i++) exists[fl[i]] = 1
	split("include core core/text core/store tagging indexer/readers indexer query precedent app web cli", order, " ")
	r["include"] = 0; r["core"] = 1; r["core/text"] = 2; r["core/store"] = 2; r["tagging"] = 3
	r["indexer/readers"] = 4; r["indexer"] = 5; r["query"] = 6; r["precedent"] = 7; r["app"] = 8
	r["web"] = 9; r["cli"] = 10
	for (k in r) rank[k] = r[k]
	split("tests fuzz bench eval tools", fr, " ")
	for (i in fr) { free[fr[i]] = 1; rank[fr[i]] = -1 }
	bad = 0; nedges = 0
}
{
	file = $1; line = $2; inc = $3
	target = ""
	c = norm(dir(file) "/" inc); if (c != "" && (c in exists)) target = c
	if (target == "") { c = norm(inc); if (c != "" && (c in exists)) target = c }
	if (target == "") { c = norm("include/" inc); if (c != "" && (c in exists)) target = c }
	if (target == "") next
	from = layer(dir(file)); to = layer(dir(target))
	if (from == "") { print file ":" line ": " dir(file) "/ is in no layer (tools/check_layers.sh)"; bad = 1; next }
	if (from in free) next
	if (to == "") { print file ":" line ": includes \"" inc "\" from " dir(target) "/, which is in no layer"; bad = 1; next }
	if (from == to) next
	if (target ~ /_int\.h$/) {
		print file ":" line ": " from "/ includes \"" inc "\", private to " dir(target) "/"
		bad = 1
	}
	if ((to in free) || rank[to] >= rank[from]) {
		print file ":" line ": " from "/ includes \"" inc "\" (" to "/), which is not below it"
		bad = 1
	}
	if (!(to in free)) {
		if (!((from, to) in edge)) { edge[from, to] = file ":" line; nedges++ }
	}
}
END {
	# cycles between folders: reachability (Floyd-Warshall on a dozen folders)
	nf = 0
	for (i = 1; i in order; i++) node[++nf] = order[i]
	for (i = 1; i <= nf; i++) for (j = 1; j <= nf; j++)
		if ((node[i], node[j]) in edge) { reach[i, j] = 1; nxt[i, j] = j }
	for (k = 1; k <= nf; k++) for (i = 1; i <= nf; i++) for (j = 1; j <= nf; j++)
		if (((i, k) in reach) && ((k, j) in reach) && !((i, j) in reach)) {
			reach[i, j] = 1; nxt[i, j] = nxt[i, k]
		}
	# one line per strongly connected group of folders, from its first member
	for (i = 1; i <= nf; i++) {
		if (!((i, i) in reach) || (i in done)) continue
		for (j = 1; j <= nf; j++) if (((i, j) in reach) && ((j, i) in reach)) done[j] = 1
		path = node[i] "/"; via = ""; u = i
		do {
			v = nxt[u, i]
			path = path " -> " node[v] "/"
			via = via (via == "" ? "" : ", ") edge[node[u], node[v]]
			u = v
		} while (u != i)
		print "cycle: " path " (" via ")"
		bad = 1
	}
	exit bad
}' <<<"$includes" || status=1

exit $status
